"""Files dismark keeps at rest are readable by their owner alone: 0600 files in 0700 folders.

The audit log names every person an analyst looked at; a world-readable log (0644, the
umask's default) would disclose what it exists to account for. Every file dismark creates
under its data folder goes through ``private_dir`` and ``private_opener``/``private_file``.
"""

from __future__ import annotations

import os
import stat
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
