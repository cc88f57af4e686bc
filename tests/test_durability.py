"""Crash safety of the embedded store and the loader, with real processes and kill -9.

* A load cut off by killing the loader, or by killing the database process, is repaired by
  running the same command again: the result equals an uninterrupted load.
* No case file is ever half in the graph.
* A load reported done survives kill -9 of the database process (append-only file, fsync
  always), and the database killed while a case file is being written comes back without
  any part of it.
* A write running longer than redis-py's old 5 s default socket timeout runs exactly once.
* A FalkorDB server that could lose acknowledged writes is refused, unless declared a
  throw-away.

Every kill -9 goes through the ``faults`` fixture, which records ``faults_injected`` as a
test property: a passing test survived all of its faults. Count them with
``pytest tests/test_durability.py -o junit_family=xunit1 --junitxml=durability.xml``.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, embedded_url
from falkor_server import falkordb_server
from graphdump import dump

from bench.casegen import write_bulk
from graph.errors import InvalidInput, ReadOnlyViolation, StoreError
from graph.store import open_store
from graph.store.config import Settings, from_environment
from loaders.load import load_paths

pytestmark = pytest.mark.slow
FILES, PERSONS = 10, 2500


class Faults:
    """kill -9, counted: the test's ``faults_injected`` property."""

    def __init__(self) -> None:
        self.injected = 0

    def kill(self, pid: int, timeout: float = 60) -> None:
        """kill -9 ``pid`` and return once it has exited, its sockets closed: a command sent
        after this cannot reach it. It need not be our child (the embedded server runs as a
        daemon), so this waits on a pidfd, opened before the kill so that the id cannot
        name another process by then."""
        process = os.pidfd_open(pid)
        try:
            signal.pidfd_send_signal(process, signal.SIGKILL)
            self.injected += 1
            exited, _, _ = select.select([process], [], [], timeout)
        finally:
            os.close(process)
        assert exited, f"process {pid} still runs {timeout} s after kill -9"

    def stop(self, proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGKILL)
        self.injected += 1


@pytest.fixture
def faults(record_property):
    counter = Faults()
    yield counter
    record_property("faults_injected", counter.injected)


@pytest.fixture(scope="module")
def bulk(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bulk")
    write_bulk(folder, FILES, PERSONS)
    return folder


@pytest.fixture(scope="module")
def reference(bulk, tmp_path_factory, ontology):
    """The graph an uninterrupted load gives."""
    store = open_store(embedded_url(tmp_path_factory.mktemp("ref")), Settings())
    try:
        assert load_paths(store, [bulk], ontology).exit_code == 0
        return dump(store)
    finally:
        store.close()


def _loader(url: str, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "load", str(folder), "--json",
                             "--store", url], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _loaded_cases(store) -> int:
    return store.read("MATCH (c:CaseFile) WHERE c.digest IS NOT NULL RETURN count(c)").scalar()


def _writing(store) -> bool:
    """A case-file write is running on the server (its client blocked in GRAPH.QUERY)."""
    return any(c.get("cmd", "").lower() == "graph.query" and "b" in c.get("flags", "")
               for c in store.connection().client_list())


def _wait_for_cases(store, proc: subprocess.Popen, at_least: int, timeout: float = 120, *,
                    mid_write: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"loader ended before it could be interrupted: {proc.stderr.read()}")
        if _loaded_cases(store) >= at_least and (not mid_write or _writing(store)):
            return
        time.sleep(0.01)
    pytest.fail("loader made no progress")


def _assert_no_case_is_partial(store) -> None:
    """Every loaded case has all its persons; no person belongs to an unloaded case."""
    rows = store.read("MATCH (p:Person)-[:MENTIONED_IN]->(c:CaseFile) "
                      "RETURN c.id AS case_id, count(p) AS persons", max_rows=1000).rows
    loaded = {r[0] for r in store.read("MATCH (c:CaseFile) WHERE c.digest IS NOT NULL "
                                       "RETURN c.id", max_rows=1000).rows}
    assert {case_id for case_id, _ in rows} == loaded
    assert all(persons == PERSONS for _, persons in rows), rows


def test_killing_the_loader_midway_then_rerunning_gives_the_same_graph(bulk, reference,
                                                                        tmp_path, faults):
    url = embedded_url(tmp_path)
    watcher = open_store(url, Settings())
    try:
        proc = _loader(url, bulk)
        _wait_for_cases(watcher, proc, at_least=3)
        faults.stop(proc)
        proc.wait()
        assert 3 <= _loaded_cases(watcher) < FILES
        _assert_no_case_is_partial(watcher)
        rerun = _loader(url, bulk)
        assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
        assert dump(watcher) == reference
    finally:
        watcher.close()


def test_the_database_killed_mid_file_keeps_none_of_it_and_a_rerun_completes(
        bulk, reference, tmp_path, faults):
    url = embedded_url(tmp_path)
    watcher = open_store(url, Settings())
    proc = _loader(url, bulk)
    _wait_for_cases(watcher, proc, at_least=3, mid_write=True)
    done_before_kill = _loaded_cases(watcher)
    faults.kill(watcher.server_pid())
    assert proc.wait(timeout=120) != 0
    watcher.close()
    restarted = open_store(url, Settings())  # from the append-only file alone
    try:
        assert done_before_kill <= _loaded_cases(restarted) < FILES
        _assert_no_case_is_partial(restarted)
    finally:
        restarted.close()
    rerun = _loader(url, bulk)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    store = open_store(url, Settings())
    try:
        assert dump(store) == reference
        _assert_no_case_is_partial(store)
    finally:
        store.close()
    assert done_before_kill >= 3


def test_a_finished_load_survives_kill_9_of_the_database(bulk, reference, tmp_path, faults):
    url = embedded_url(tmp_path)
    holder = open_store(url, Settings())  # keeps the server alive after the loader exits
    loader = _loader(url, bulk)
    assert loader.wait(timeout=300) == 0, loader.stderr.read()
    faults.kill(holder.server_pid())
    holder.close()
    store = open_store(url, Settings())
    try:
        assert dump(store) == reference
    finally:
        store.close()


def test_a_write_longer_than_ten_seconds_runs_exactly_once(falkor_store):
    # A busy loop of k million rows; nested UNWINDs keep FalkorDB from allocating one huge
    # list, and summing keeps it from skipping the loop. Sized on this machine to run well
    # past ten seconds (the machine is noisy).
    busy = ("UNWIND range(1, $k) AS a UNWIND range(1, 1000000) AS b "
            "WITH a + b AS s WHERE s < 0 RETURN count(s)")
    started = time.perf_counter()
    falkor_store.read(busy, {"k": 2})
    per_million = max((time.perf_counter() - started) / 2, 1e-3)
    k = min(int(20 / per_million) + 1, 2000)
    started = time.perf_counter()
    falkor_store.write("CREATE (:Probe {id: 'once'}) WITH 1 AS one " + busy, {"k": k})
    elapsed = time.perf_counter() - started
    assert elapsed > 10, f"the write took only {elapsed:.1f} s; the test proves nothing"
    assert falkor_store.read("MATCH (n:Probe) RETURN count(n)").scalar() == 1


def test_a_reader_outlives_a_killed_embedded_server(falkor_store, faults):
    """The explorer keeps its store for hours; a dead server is started again for reads."""
    falkor_store.write("CREATE (:Probe {id: 'kept'})")
    killed = falkor_store.server_pid()
    faults.kill(killed)  # returns once the server is gone
    assert falkor_store.read("MATCH (n:Probe) RETURN n.id").rows == [("kept",)]
    restarted = falkor_store.server_pid()
    assert restarted not in (None, killed)  # the read was answered by a new server
    faults.kill(restarted)
    with pytest.raises(StoreError):  # a write is never sent twice, so never restarted
        falkor_store.write("CREATE (:Probe {id: 'lost'})")


def test_a_read_only_store_outlives_a_killed_embedded_server(falkor_store, faults):
    falkor_store.write("CREATE (:Probe {id: 'kept'})")
    reader = open_store(falkor_store.url, Settings(read_only=True))
    try:
        killed = reader.server_pid()
        faults.kill(killed)  # returns once the server is gone
        assert reader.read("MATCH (n:Probe) RETURN n.id").rows == [("kept",)]
        assert reader.server_pid() not in (None, killed)  # answered by a new server
        with pytest.raises(ReadOnlyViolation):
            reader.write("CREATE (:Probe {id: 'still refused'})")
    finally:
        reader.close()


# -- refusing a store that could lose a load it reported done -------------------------------

def test_the_embedded_store_is_made_durable_again_on_every_open(falkor_store):
    falkor_store.connection().config_set("appendfsync", "everysec")
    falkor_store.connection().config_set("appendonly", "no")
    open_store(falkor_store.url, Settings()).close()
    config = falkor_store.connection().config_get("append*")
    assert (config["appendonly"], config["appendfsync"]) == ("yes", "always")


@pytest.mark.parametrize("config, wrong", [
    ({"appendonly": "no", "appendfsync": "always"}, "appendonly is 'no'"),
    ({"appendonly": "yes", "appendfsync": "everysec"}, "appendfsync is 'everysec'"),
])
def test_a_server_that_may_lose_writes_is_refused_unless_a_throwaway(tmp_path, config, wrong):
    with falkordb_server(tmp_path, **config) as port:
        url = f"falkordb://127.0.0.1:{port}"
        with pytest.raises(StoreError, match=f"{wrong}.*appendfsync always.*DISMARK_THROWAWAY"):
            open_store(url, Settings())
        store = open_store(url, Settings(throwaway=True))
        try:
            store.write("CREATE (:Probe {id: 'scratch'})")
            assert store.read("MATCH (n:Probe) RETURN count(n)").scalar() == 1
        finally:
            store.close()


def test_a_durable_server_opens_and_a_server_hiding_its_config_is_refused(tmp_path):
    with falkordb_server(tmp_path, appendonly="yes", appendfsync="always") as port:
        store = open_store(f"falkordb://127.0.0.1:{port}", Settings())
        try:
            store.connection().execute_command(
                "ACL", "SETUSER", "loader", "on", ">loader-pw", "~*", "+@all", "-config")
        finally:
            store.close()
        with pytest.raises(StoreError, match=r"cannot check.*CONFIG GET.*DISMARK_THROWAWAY"):
            open_store(f"falkordb://loader:loader-pw@127.0.0.1:{port}", Settings())


def test_throwaway_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DISMARK_THROWAWAY", "1")
    assert from_environment().throwaway
    monkeypatch.setenv("DISMARK_THROWAWAY", "sometimes")
    with pytest.raises(InvalidInput, match="DISMARK_THROWAWAY"):
        from_environment()
