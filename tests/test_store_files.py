"""The embedded store at rest: its files readable by the owner alone, and writes only for
the account that holds the store's writer key, whatever role is claimed (issue 21,
findings 6 and 7)."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from accounts import run_as
from dossiers import plantation_case, write

from graph.store import open_store
from graph.store.config import Settings
from loaders.load import load_paths

NOBODY = pwd.getpwnam("nobody")


def _modes(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` (itself included) → its permission bits."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _loaded_store(folder: Path, ontology) -> Path:
    """A store with one case file in ``folder``, made and closed by this (root) account."""
    db = folder / "graph.db"
    store = open_store(f"falkordb-lite:{db}", Settings())
    try:
        load_paths(store, [write(folder.parent / "in", "a.yaml", plantation_case())], ontology)
    finally:
        store.close()
    return db


def test_store_files_are_private_while_open_and_after(tmp_path, ontology):
    """With the usual umask (0022) every file the store and its server write is 0600 in a
    0700 data folder; a store written before (0644 in 0755) is narrowed on its next open."""
    data = tmp_path / "data"
    previous = os.umask(0o022)
    try:
        store = open_store(f"falkordb-lite:{data / 'graph.db'}", Settings())
        try:
            load_paths(store, [write(tmp_path / "in", "a.yaml", plantation_case())], ontology)
            store.write("RETURN 1")
            while_open = _modes(data)
        finally:
            store.close()
        after = _modes(data)
        for name in ("graph.db.aof.d", "graph.db.lock", "graph.db.reader-password",
                     "graph.db.writer-key"):
            assert name in after, sorted(after)
        for modes in (while_open, after):
            wrong = {n: oct(m) for n, m in modes.items()
                     if m != (0o700 if (data / n).is_dir() else 0o600)}
            assert not wrong, wrong
        for path in [data, *data.rglob("*")]:  # as an older dismark left it
            path.chmod(0o755 if path.is_dir() else 0o644)
        open_store(f"falkordb-lite:{data / 'graph.db'}", Settings(read_only=True)).close()
        wrong = {n: oct(m) for n, m in _modes(data).items()
                 if m != (0o700 if (data / n).is_dir() else 0o600)}
        assert not wrong, wrong
    finally:
        os.umask(previous)


@pytest.fixture
def shared_folder():
    """A folder another account can walk into (pytest's own tmp folders are root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="dismark-shared-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_claimed_admin_role_does_not_let_another_account_wipe(shared_folder, ontology):
    """``dismark --role admin wipe --yes`` by a real second account (nobody), on a store it
    can even read (opened up to 0644/0755 as an old store was), is refused: it cannot read
    the writer key. The graph is intact afterwards."""
    db = _loaded_store(shared_folder / "data", ontology)
    for path in [db.parent, *db.parent.rglob("*")]:
        if path.name != "graph.db.writer-key":
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert stat.S_IMODE((db.parent / "graph.db.writer-key").stat().st_mode) == 0o600
    home = shared_folder / "nobody-home"
    home.mkdir()
    os.chown(home, NOBODY.pw_uid, NOBODY.pw_gid)
    env = {"HOME": str(home), "DISMARK_STORE": f"falkordb-lite:{db}",
           "DISMARK_USER": "intruder", "DISMARK_ROLE": "admin", "DISMARK_PURPOSE": "test",
           "DISMARK_AUDIT_LOG": str(home / "audit.jsonl")}

    wiped = run_as(NOBODY.pw_uid, NOBODY.pw_gid, "cli", ["wipe", "--yes"], env)

    assert wiped.returncode == 3, (wiped.stdout, wiped.stderr)
    assert "refused for the account nobody" in wiped.stderr
    assert "graph.db.writer-key" in wiped.stderr and "--role does not grant" in wiped.stderr
    store = open_store(f"falkordb-lite:{db}", Settings(read_only=True))
    try:
        assert store.read("MATCH (p:Person) RETURN p.id").rows == [("p-vos",)]
    finally:
        store.close()
    assert all(p.lstat().st_uid == 0 for p in db.parent.rglob("*"))  # nobody wrote nothing


def test_the_owner_account_writes_with_its_key_and_others_are_told_why(tmp_path):
    from graph.errors import PermissionDenied
    from graph.store.backends.falkordb_files import writer_key

    db = tmp_path / "graph.db"
    key = writer_key(db)
    assert writer_key(db) == key and len(key) >= 40
    assert stat.S_IMODE((tmp_path / "graph.db.writer-key").stat().st_mode) == 0o600
    with pytest.raises(PermissionDenied, match="is the store of the account"):
        (tmp_path / "graph.db.writer-key").unlink()
        db.write_text("")
        os.chown(db, NOBODY.pw_uid, NOBODY.pw_gid)
        writer_key(db)
