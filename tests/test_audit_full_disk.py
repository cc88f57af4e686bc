"""A full disk never leaves a torn line in the audit log nor locks everyone out.

On a real, small file system (a tmpfs mounted for the test, or a loop-mounted image where
tmpfs is refused) filled to the last page: an append that does not fit fails with a clear
error and leaves the log byte for byte as it was; an entry that fit while its head file did
not is kept and noted; once space is freed the next command works and ``verify`` passes.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.access.audit import Actor, AuditLog, verify
from graph.errors import AuditUnavailable

PAGE = 4096
ANALYST = Actor("a.janssens", "analyst", "cocaine import picture 2026", "PV-ANT-2026-0142")


def _mount(point: Path, image: Path) -> bool:
    """Mount a 64 KiB tmpfs at ``point``, else a loop-mounted 1 MiB ext2 image."""
    tmpfs = ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(point)]
    if subprocess.run(tmpfs, capture_output=True).returncode == 0:
        return True
    if shutil.which("mkfs.ext2") is None:
        return False
    with open(image, "wb") as out:
        out.truncate(1 << 20)
    made = subprocess.run(["mkfs.ext2", "-q", "-F", "-m", "0", str(image)], capture_output=True)
    return made.returncode == 0 and subprocess.run(
        ["mount", "-o", "loop", str(image), str(point)], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small file system of the test's own, unmounted afterwards."""
    point = tmp_path / "small-disk"
    point.mkdir()
    if os.geteuid() != 0 or not _mount(point, tmp_path / "disk.img"):
        pytest.skip("needs root to mount a small file system (tmpfs or a loop image)")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to its last free block."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (PAGE * 16, PAGE, 1):
            while True:
                try:
                    if out.write(b"\0" * size) < size:
                        break
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    return filler


def record_with(log: AuditLog, padding: int):
    return log.record(ANALYST, "consultation", "query.run", details={"note": "x" * padding})


def test_a_full_disk_leaves_whole_lines_and_the_next_command_works(
        small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = AuditLog(small_disk / "audit" / "audit.jsonl")
    first = record_with(log, 0)
    # the log's last block holds little, so the next entry fits in it and the one after not
    record_with(log, PAGE - log.path.stat().st_size % PAGE + 100)
    filler = fill(small_disk)

    with pytest.raises(AuditUnavailable, match=r"cannot be written.*operation was refused"):
        record_with(log, 1000)  # the line fits in the log's last block; its head file not
    kept = list(log.entries())[-1]
    assert kept.seq == 3 and log.path.read_bytes().endswith(b"\n")
    lagging = verify(log.path)
    assert lagging.intact, lagging.problems
    assert "records entry 2, the log ends at 3" in lagging.notes[0]
    assert not list(log.path.parent.glob("*.tmp"))

    before = log.path.read_bytes()
    with pytest.raises(AuditUnavailable, match="cannot be written") as refused:
        record_with(log, 3 * PAGE)  # needs a block the disk no longer has
    assert "disk full" in str(refused.value) or "No space left" in str(refused.value)
    assert log.path.read_bytes() == before  # no torn line, nothing half written

    filler.unlink()
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(log.path))
    runner = CliRunner()
    searched = runner.invoke(main, ["--role", "admin", "--purpose", "monthly review",
                                    "audit", "search", "--user", "a.janssens"])
    assert searched.exit_code == 0, searched.output
    assert searched.output.count("query.run") == 3
    checked = runner.invoke(main, ["audit", "verify"])
    assert checked.exit_code == 0, checked.output
    assert "4 entries, chain intact" in checked.output and "note: " + str(log.path) not in \
        checked.output
    assert next(iter(log.entries())) == first
