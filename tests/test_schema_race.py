"""Two loaders starting together on a fresh or just-wiped store both succeed: the key
indexes are made once, and the one that finds an index made a moment ago by the other goes
on (issue 21, finding 7: "Attribute 'id' is already indexed", 3 of 3 tries)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, embedded_url
from dossiers import plantation_case, write

from graph.store import open_store
from graph.store.config import Settings


def _load_together(url: str, folders: list) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "DISMARK_STORE": url}
    started = [subprocess.Popen([sys.executable, "-m", "cli", "load", str(folder)], cwd=REPO,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for folder in folders]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate())
            for p in started]


def test_two_loaders_on_a_fresh_and_a_just_wiped_store_both_succeed(tmp_path):
    url = embedded_url(tmp_path)
    folders = [tmp_path / "a", tmp_path / "b"]
    write(folders[0], "a.yaml", plantation_case("be-2016-lim-007"))
    write(folders[1], "b.yaml", plantation_case("be-2016-lim-008"))
    for attempt in ("fresh", "just wiped"):
        if attempt == "just wiped":
            store = open_store(url, Settings())
            store.wipe()  # the indexes go with the graph
            store.close()
        for done in _load_together(url, folders):
            assert done.returncode == 0, (attempt, done.stderr)
