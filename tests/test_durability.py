"""Crash safety of the embedded store and the loader, with real processes and kill -9.

* A load cut off by killing the loader, or by killing the database process, is repaired by
  running the same command again: the result equals an uninterrupted load.
* No case file is ever half in the graph.
* A load reported done survives kill -9 of the database process (append-only file, fsync
  always).
* A write running longer than redis-py's old 5 s default socket timeout runs exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, embedded_url
from graphdump import dump

from benchmarks.casegen import write_bulk
from graph.config import Settings
from graph.errors import StoreError
from graph.store import open_store
from loaders.load import load_paths

pytestmark = pytest.mark.slow
FILES, PERSONS = 10, 2500


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


def _wait_for_cases(store, proc: subprocess.Popen, at_least: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"loader ended before it could be interrupted: {proc.stderr.read()}")
        if _loaded_cases(store) >= at_least:
            return
        time.sleep(0.05)
    pytest.fail("loader made no progress")


def _assert_no_case_is_partial(store) -> None:
    """Every loaded case has all its persons; no person belongs to an unloaded case."""
    rows = store.read("MATCH (p:Person) UNWIND p.sources AS case_id "
                      "RETURN case_id, count(p) AS persons", max_rows=1000).rows
    loaded = {r[0] for r in store.read("MATCH (c:CaseFile) WHERE c.digest IS NOT NULL "
                                       "RETURN c.id", max_rows=1000).rows}
    assert {case_id for case_id, _ in rows} == loaded
    assert all(persons == PERSONS for _, persons in rows), rows


def test_killing_the_loader_midway_then_rerunning_gives_the_same_graph(bulk, reference,
                                                                        tmp_path):
    url = embedded_url(tmp_path)
    watcher = open_store(url, Settings())
    try:
        proc = _loader(url, bulk)
        _wait_for_cases(watcher, proc, at_least=3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 3 <= _loaded_cases(watcher) < FILES
        _assert_no_case_is_partial(watcher)
        rerun = _loader(url, bulk)
        assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
        assert dump(watcher) == reference
    finally:
        watcher.close()


def test_killing_the_database_midway_then_rerunning_gives_the_same_graph(bulk, reference,
                                                                          tmp_path):
    url = embedded_url(tmp_path)
    watcher = open_store(url, Settings())
    proc = _loader(url, bulk)
    _wait_for_cases(watcher, proc, at_least=3)
    done_before_kill = _loaded_cases(watcher)
    os.kill(watcher.server_pid(), signal.SIGKILL)
    assert proc.wait(timeout=120) != 0
    watcher.close()
    rerun = _loader(url, bulk)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    store = open_store(url, Settings())
    try:
        assert dump(store) == reference
        _assert_no_case_is_partial(store)
    finally:
        store.close()
    assert done_before_kill >= 3


def test_a_finished_load_survives_kill_9_of_the_database(bulk, reference, tmp_path):
    url = embedded_url(tmp_path)
    holder = open_store(url, Settings())  # keeps the server alive after the loader exits
    loader = _loader(url, bulk)
    assert loader.wait(timeout=300) == 0, loader.stderr.read()
    os.kill(holder.server_pid(), signal.SIGKILL)
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


def test_a_reader_outlives_a_killed_embedded_server(falkor_store):
    """The explorer keeps its store for hours; a dead server is started again for reads."""
    falkor_store.write("CREATE (:Probe {id: 'kept'})")
    os.kill(falkor_store.server_pid(), signal.SIGKILL)
    time.sleep(0.2)
    assert falkor_store.read("MATCH (n:Probe) RETURN n.id").rows == [("kept",)]
    with pytest.raises(StoreError):
        os.kill(falkor_store.server_pid(), signal.SIGKILL)
        time.sleep(0.2)
        falkor_store.write("CREATE (:Probe {id: 'lost'})")
