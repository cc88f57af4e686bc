"""Two loaders starting together on a fresh or just-wiped store both succeed: the key
indexes are made once, and the one that finds an index made a moment ago by the other goes
on (issue 21, finding 7: "Attribute 'id' is already indexed", 3 of 3 tries).

Two real processes open the store, wait at a starting line (a file), then both make the
schema as a load does first (``loaders.load.load_paths`` calls ``ensure_schema``)."""

from __future__ import annotations

import subprocess
import sys
import time

from conftest import REPO, embedded_url

from graph.store import open_store
from graph.store.config import Settings

LOADER_START = """
import sys, time
from pathlib import Path
from graph.model.ontology import load_ontology
from graph.store import open_store
from graph.store.config import Settings
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store = open_store(url, Settings())
ready.touch()
while not go.exists():
    time.sleep(0.005)
try:
    store.ensure_schema(load_ontology())
finally:
    store.close()
"""


def _together(url: str, folder) -> list[subprocess.CompletedProcess]:
    go = folder / "go"
    go.unlink(missing_ok=True)
    ready = [folder / f"ready-{n}" for n in range(2)]
    started = [subprocess.Popen([sys.executable, "-c", LOADER_START, url, str(r), str(go)],
                                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for r in ready]
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    done = [subprocess.CompletedProcess(p.args, p.wait(timeout=60), *p.communicate())
            for p in started]
    for r in ready:
        r.unlink(missing_ok=True)
    return done


def test_two_loaders_making_the_schema_on_a_fresh_and_a_just_wiped_store(tmp_path):
    url = embedded_url(tmp_path)
    for attempt in ("fresh", "just wiped"):
        if attempt != "fresh":
            store = open_store(url, Settings())
            store.wipe()  # the indexes go with the graph
            store.close()
        for done in _together(url, tmp_path):
            assert done.returncode == 0, (attempt, done.stderr[-2000:])
    store = open_store(url, Settings(read_only=True))
    try:
        indexed = store.read("CALL db.indexes() YIELD label RETURN count(label)").scalar()
    finally:
        store.close()
    assert indexed > 0
