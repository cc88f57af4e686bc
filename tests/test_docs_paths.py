"""The docs name only paths that exist in the repository: a move that leaves a page pointing
at an old path, or a page pointing outside the repository, fails here."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

PAGES = [REPO / "README.md", REPO / "queries" / "README.md", *sorted((REPO / "docs").glob("*.md"))]
#: a backticked repository path: a file with a known ending, or a path under a top folder
_PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]*\.(?:py|md|yaml|yml|cypher|csv|toml|lock|html|mjs"
                   r"|json)|(?:graph|loaders|generator|evaluation|explorer|cli|bench|queries"
                   r"|tests|tools|docs|scripts)/[\w/.-]*)`")
#: files the docs name that a run or a deployment makes, never the repository
MADE_ELSEWHERE = {"bench/results.json", ".streamlit/secrets.toml", "bundle/cases.csv"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_path_a_page_names_exists(page):
    text = page.read_text(encoding="utf-8")
    named = {m.group(1) for m in _PATH.finditer(text)} - MADE_ELSEWHERE
    missing = sorted(p for p in named if not (REPO / p).exists())
    assert not missing, f"{page.name} names paths the repository does not have: {missing}"
    assert "../" not in "".join(named), f"{page.name} points outside the repository"


def test_the_check_sees_a_path_that_is_gone():
    assert _PATH.search("see `graph/ontology.yaml`").group(1) == "graph/ontology.yaml"
    assert not (REPO / "graph" / "ontology.yaml").exists()
