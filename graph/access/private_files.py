"""Files dismark keeps at rest are readable by their owner alone: 0600 files in 0700 folders.

The store and the audit log hold every name in the case files; a world-readable file (0644,
the usual umask's default) would disclose them to every account on the machine. Everything
dismark creates under its data folder goes through ``private_dir`` and
``private_opener``/``private_file``; a server process dismark starts (the embedded FalkorDB)
is started under ``private_umask`` so the files it writes later are private too.

This module sits on the lowest floor of docs/architecture.md (it uses nothing of dismark),
so the store, the audit log and the loaders can all use it.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE, DIR_MODE = 0o600, 0o700


def private_dir(path: Path | str) -> Path:
    """``path`` as a folder only its owner may enter: created 0700 (with missing parents),
    an existing one of ours narrowed to 0700. A shared folder (sticky, like /tmp) or one
    owned by another account is left as it is."""
    folder = Path(path)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX \
            and stat.S_IMODE(info.st_mode) != DIR_MODE:
        folder.chmod(DIR_MODE)
    return folder


def private_opener(path: str | os.PathLike, flags: int) -> int:
    """An ``open(..., opener=private_opener)`` that creates the file 0600 and narrows an
    existing one to 0600."""
    fd = os.open(path, flags, FILE_MODE)
    if stat.S_IMODE(os.fstat(fd).st_mode) != FILE_MODE:
        os.fchmod(fd, FILE_MODE)
    return fd


def private_file(path: Path | str) -> Path:
    """``path`` as a file only its owner may read, created empty if missing."""
    os.close(private_opener(path, os.O_WRONLY | os.O_CREAT))
    return Path(path)


def narrow(path: Path | str) -> None:
    """An existing file or folder (a folder with everything in it) of ours narrowed to 0600
    / 0700: a store or log written before files were kept private. Links are not followed;
    what belongs to another account is left as it is."""
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if info.st_uid != os.getuid() or stat.S_ISLNK(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        for child in path.iterdir():
            narrow(child)
        want = DIR_MODE
    else:
        want = FILE_MODE
    if stat.S_IMODE(info.st_mode) & ~want:
        path.chmod(stat.S_IMODE(info.st_mode) & want)


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside (by this process or a server it starts, which
    inherits the mask for its whole life) get no rights for group or others."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def replace_private(path: Path | str, text: str) -> None:
    """Write ``path`` whole or not at all: a 0600 temporary file beside it, fsynced and renamed
    over it (the folder fsynced too). On failure the old file stays and the temporary one is
    removed; two writers never share a temporary file."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", opener=private_opener) as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path | str) -> None:
    """Make a rename or a new file in ``folder`` survive a crash."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_secret(path: Path | str) -> str:
    """A random secret kept in ``path`` (0600), made on first use. It is written whole before
    it appears (a private temporary file linked into place), so a process reading it while
    another makes it never gets half a secret, and two makers end up with the same one."""
    path = Path(path)
    try:
        narrow(path)
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(32)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "x", encoding="ascii", opener=private_opener) as out:
            out.write(value + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)
    except FileExistsError:  # another process made it first: theirs is the secret
        return path.read_text(encoding="ascii").strip()
    finally:
        temporary.unlink(missing_ok=True)
    return value
