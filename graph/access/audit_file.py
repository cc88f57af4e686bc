"""The audit log's bytes on disk: whole lines or nothing, a torn tail set aside, heads copied.

A full disk or a crash can cut a line short. An append therefore writes its line in one
``write`` on an ``O_APPEND`` file, checks the count, fsyncs, and on any failure cuts the file
back to where it was. A tail that still ends without a newline (a crash mid-write, or a log
torn before this code) is moved to a quarantine side file by the next append, which the log
then records as a repair entry: nobody edits the log by hand, and the chain goes on.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.access.private_files import fsync_folder, private_dir, private_opener

_CHUNK = 8192


@dataclass(frozen=True)
class Tail:
    """The end of the log: its last complete line, and the bytes after it (a torn line)."""

    last_line: bytes | None
    torn_at: int
    torn: bytes


def open_log(path: Path) -> int:
    """The log opened for appending (0600, in a 0700 folder), created if missing."""
    private_dir(path.parent)
    created = not path.exists()
    fd = private_opener(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    if created:
        fsync_folder(path.parent)
    return fd


def append_whole(fd: int, data: bytes) -> None:
    """Append ``data`` in one write and fsync it, or leave the file as it was and raise
    ``OSError``: a short write (a full disk) is cut back, never left as a torn line."""
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(errno.ENOSPC, f"only {written} of {len(data)} bytes could be written "
                                        f"(is the disk full?); the partial line was removed")
        os.fsync(fd)
    except OSError:
        _cut_back(fd, start)
        raise


def read_tail(fd: int) -> Tail:
    """The last complete line and any torn bytes after it, read from the end (logs grow
    large)."""
    buffer, position = b"", os.lseek(fd, 0, os.SEEK_END)
    while position > 0:
        step = min(_CHUNK, position)
        position -= step
        buffer = os.pread(fd, step, position) + buffer
        last = buffer.rfind(b"\n")
        if last >= 0 and buffer.rfind(b"\n", 0, last) >= 0:
            break
    last = buffer.rfind(b"\n")
    if last < 0:
        return Tail(None, 0, buffer)
    return Tail(buffer[buffer.rfind(b"\n", 0, last) + 1:last], position + last + 1,
                buffer[last + 1:])


def quarantine(log_fd: int, tail: Tail, side_file: Path) -> dict[str, Any]:
    """Move the torn bytes of ``tail`` to ``side_file`` (fsynced first, so nothing is lost),
    then cut them off the log. What was moved, for the repair entry."""
    piece = {"at": datetime.now(UTC).isoformat(timespec="microseconds"),
             "offset": tail.torn_at, "bytes": len(tail.torn),
             "sha256": hashlib.sha256(tail.torn).hexdigest()}
    record = {**piece, "data": base64.b64encode(tail.torn).decode("ascii")}
    fd = private_opener(side_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        append_whole(fd, (json.dumps(record, sort_keys=True) + "\n").encode("ascii"))
    finally:
        os.close(fd)
    os.ftruncate(log_fd, tail.torn_at)
    os.fsync(log_fd)
    return {**piece, "file": side_file.name}


def quarantined(side_file: Path) -> list[dict[str, Any]]:
    """The pieces moved to ``side_file`` so far (none when it is missing)."""
    if not side_file.exists():
        return []
    pieces = []
    for line in side_file.read_text(encoding="ascii", errors="replace").splitlines():
        try:
            pieces.append(json.loads(line))
        except ValueError:
            continue
    return pieces


def _cut_back(fd: int, size: int) -> None:
    """Best effort: if this fails too, the next append finds and quarantines the torn tail."""
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        pass
