"""Shared fixtures: a fresh real store per test, parametrised over the backends we can reach.

The embedded FalkorDB Lite engine is always tested. Neo4j is tested too when
``DISMARK_TEST_NEO4J_URL`` names a server (credentials from NEO4J_USER / NEO4J_PASSWORD);
that database is wiped before and after each test, so point it at a scratch database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings, from_environment
from graph.ontology import Ontology, load_ontology
from graph.store import GraphStore, open_store

REPO = Path(__file__).resolve().parent.parent

BACKENDS = ["falkordb-lite"] + (["neo4j"] if os.environ.get("DISMARK_TEST_NEO4J_URL") else [])


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return load_ontology()


def embedded_url(tmp_path: Path) -> str:
    return f"falkordb-lite:{tmp_path / 'graph.db'}"


@pytest.fixture
def falkor_store(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh embedded store (a real FalkorDB process) in this test's own folder."""
    store = open_store(embedded_url(tmp_path), Settings())
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty store of every backend under test."""
    if request.param == "neo4j":
        settings = from_environment().with_store(os.environ["DISMARK_TEST_NEO4J_URL"])
        s = open_store(settings=settings)
        s.wipe()
    else:
        s = open_store(embedded_url(tmp_path), Settings())
    yield s
    if request.param == "neo4j":
        s.wipe()
    s.close()
