"""Issue 21, finding 2: the store's limits belong to the store, not to the last client.

A client joining a running server never changes them; an answer the server cut is reported
as cut; bad values are a clear error, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.store import open_store
from graph.store.backends.falkordb_limits import StoreLimits
from graph.store.config import Settings, from_environment

REPO = Path(__file__).resolve().parent.parent
TEN_ROWS = "UNWIND range(1, 10) AS i RETURN i"


def _config(store, name: str) -> int:
    return int(store.connection().execute_command("GRAPH.CONFIG", "GET", name)[1])


def test_a_readers_environment_cannot_change_the_servers_limits(falkor_store, monkeypatch):
    monkeypatch.setenv("DISMARK_ROW_CEILING", "5")
    monkeypatch.setenv("DISMARK_WRITE_TIMEOUT", "31")
    monkeypatch.setenv("DISMARK_READ_ONLY", "1")
    falkor_store.write("CREATE (:Person {id: 'p'})")
    reader = open_store(falkor_store.url, from_environment())
    try:
        assert len(reader.read(TEN_ROWS).rows) == 5  # its own ceiling, for itself only
    finally:
        reader.close()
    assert _config(falkor_store, "RESULTSET_SIZE") == 1_000_001
    assert _config(falkor_store, "TIMEOUT_MAX") == 600_000
    answer = falkor_store.read(TEN_ROWS)
    assert len(answer.rows) == 10 and not answer.truncated
    falkor_store.write("CREATE (:Person {id: 'q'})")  # an open writer's writes still run


def test_an_answer_the_server_cut_is_reported_as_cut(falkor_store):
    other = open_store(falkor_store.url, Settings())  # opened before the change
    try:
        falkor_store.set_limits(StoreLimits(30, 600, 5))
        answer = other.read(TEN_ROWS)
        assert answer.rows == [(1,), (2,), (3,), (4,), (5,)] and answer.truncated
        exact = other.read("UNWIND range(1, 5) AS i RETURN i")
        assert len(exact.rows) == 5 and not exact.truncated
    finally:
        other.close()


def test_a_shorter_server_limit_never_fails_a_writers_writes(falkor_store):
    writer = open_store(falkor_store.url, Settings(write_timeout=600))
    try:
        falkor_store.set_limits(StoreLimits(20, 31, 1000))
        writer.write("CREATE (:Person {id: 'w'})")  # asks 600 s, fitted to the server's 31
        assert writer.read("MATCH (p:Person) RETURN count(p)").scalar() == 1
    finally:
        writer.close()


def test_the_store_keeps_its_limits_across_a_restart(tmp_path):
    url = f"falkordb-lite:{tmp_path / 'graph.db'}"
    store = open_store(url, Settings())
    store.set_limits(StoreLimits(10, 100, 50))
    store.close()
    again = open_store(url, Settings(row_ceiling=9, write_timeout=31))  # a new server
    try:
        assert again.limits() == {"query_timeout": 10, "write_timeout": 100, "row_ceiling": 50}
    finally:
        again.close()


def test_bad_limits_are_a_clear_error():
    with pytest.raises(InvalidInput, match="cannot exceed"):
        StoreLimits(30, 1, 100).checked()
    with pytest.raises(InvalidInput, match="positive"):
        StoreLimits(30, 600, 0).checked()


def _cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=REPO, capture_output=True, text=True,
        timeout=120, env={**os.environ, "DISMARK_STORE": f"falkordb-lite:{tmp_path / 'g.db'}",
                          "DISMARK_ROLE": "admin", **env})


def test_the_cli_says_what_is_wrong_with_a_timeout_and_never_prints_a_traceback(tmp_path):
    created = _cli(tmp_path, "schema", DISMARK_WRITE_TIMEOUT="1")
    assert created.returncode == 2, created.stderr
    assert "cannot exceed" in created.stderr and "Traceback" not in created.stderr
    assert _cli(tmp_path, "schema").returncode == 0
    refused = _cli(tmp_path, "store", "settings", "--write-timeout", "1")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    analyst = _cli(tmp_path, "--role", "analyst", "store", "settings", "--row-ceiling", "5")
    assert analyst.returncode == 3, analyst.stderr  # an admin's command
    changed = _cli(tmp_path, "store", "settings", "--row-ceiling", "5")
    assert changed.returncode == 0 and "row_ceiling    5" in changed.stdout
    cut = _cli(tmp_path, "cypher", TEN_ROWS, DISMARK_ROW_CEILING="100")
    assert cut.stdout.count("\n") < 10 and "cut at 5 rows" in cut.stderr
