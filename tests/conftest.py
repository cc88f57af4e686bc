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

from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, open_store
from graph.store.config import Settings, from_environment

REPO = Path(__file__).resolve().parent.parent

#: The study's Table 1, the spec the analyses must reproduce on the demo (docs/study.md), in its
#: row order: (market, echelon) -> verdict.
TABLE_1 = {("cannabis", "production"): "expansion", ("cannabis", "retail"): "shift",
           ("synthetic", "production"): "expansion", ("synthetic", "retail"): "shift",
           ("cocaine", "middle_market"): "expansion", ("cocaine", "retail"): "shift"}

#: Who the test session works as: the CLI and the explorer refuse to run without a user, a
#: role and a purpose, and log every action to an audit log kept apart for the session.
TEST_ACTOR = {"DISMARK_USER": "pytest", "DISMARK_ROLE": "admin",
              "DISMARK_PURPOSE": "automated tests", "DISMARK_CASE_REF": "TEST-0001"}


def pytest_configure(config: pytest.Config) -> None:
    """Set the session's identity and audit log in the environment itself, so processes the
    tests start (the explorer, killed loaders) inherit them."""
    import tempfile

    os.environ.update(TEST_ACTOR)
    os.environ["DISMARK_AUDIT_LOG"] = str(
        Path(tempfile.mkdtemp(prefix="dismark-test-audit-")) / "audit.jsonl")


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


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory, ontology: Ontology
               ) -> Iterator[GraphStore]:
    """The demo case files (``data/demo``) loaded once into an embedded store, shared by the
    saved-query tests, which only read it."""
    from loaders.load import load_paths

    store = open_store(embedded_url(tmp_path_factory.mktemp("demo")), Settings())
    report = load_paths(store, [REPO / "data" / "demo"], ontology)
    assert report.exit_code == 0, report.as_dict()
    yield store
    store.close()


@pytest.fixture(scope="session")
def library(ontology: Ontology):
    """The repository's saved query library; every file in it must pass the registry."""
    from graph.store.saved_queries import QUERIES_DIR, load_library

    lib = load_library(ontology, QUERIES_DIR)
    assert not lib.problems, "\n".join(str(p) for p in lib.problems)
    return lib


@pytest.fixture(scope="session")
def run_query(demo_store: GraphStore, library):
    """``run_query(name, **params)`` runs a saved query on the demo graph, as the CLI and the
    explorer do, and returns its rows as dicts."""
    from graph.store.saved_queries import run_saved

    def run(name: str, **params):
        result = run_saved(demo_store, library.get(name), params)
        assert not result.truncated, f"{name} was cut at the row cap"
        return result.records()

    return run


@pytest.fixture
def run_on_dossiers(falkor_store: GraphStore, ontology: Ontology, library, tmp_path: Path):
    """``run_on_dossiers({"a.yaml": text, …})`` loads small dossiers written for one rule the
    demo cannot show into a fresh store and returns ``run(name, **params)`` over them."""
    from graph.store.saved_queries import run_saved
    from loaders.load import load_paths

    def load(dossiers: dict[str, str]):
        folder = tmp_path / "dossiers"
        folder.mkdir()
        for name, text in dossiers.items():
            (folder / name).write_text(text, encoding="utf-8")
        report = load_paths(falkor_store, [folder], ontology)
        assert report.exit_code == 0, report.as_dict()
        return lambda name, **params: run_saved(falkor_store, library.get(name),
                                                params).records()

    return load


@pytest.fixture
def explorer_on(monkeypatch: pytest.MonkeyPatch):
    """``explorer_on(store_url, "search.py", q="vos")``: the explorer's page run by
    Streamlit's AppTest on the store at ``store_url``, with the given URL query parameters;
    returns the AppTest.

    The app shares the store's FalkorDB server; its cached store is released after each test
    (``st.cache_resource.clear``), which leaves the server running.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def open_page(store_url: str, script: str, **query: str) -> AppTest:
        monkeypatch.setenv("DISMARK_STORE", store_url)
        app = signed_in(AppTest.from_file(str(REPO / "app.py"), default_timeout=120))
        app.run()
        app.switch_page(f"explorer/pages/{script}")
        for key, value in query.items():
            app.query_params[key] = value
        return app.run()

    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def explorer_page(demo_store: GraphStore, explorer_on):
    """``explorer_page("search.py", q="vos")``: ``explorer_on`` on the demo graph."""
    return lambda script, **query: explorer_on(demo_store.url, script, **query)


def signed_in(app, role: str = "admin"):
    """``app`` (an AppTest) with its session signed in as the test session's actor, as the
    sign-in form would leave it."""
    from explorer.identity import ACTOR
    from graph.access.audit import Actor

    app.session_state[ACTOR] = Actor(TEST_ACTOR["DISMARK_USER"], role,
                                     TEST_ACTOR["DISMARK_PURPOSE"],
                                     TEST_ACTOR["DISMARK_CASE_REF"])
    return app


def cli_json(*args: str) -> dict | list:
    """``dismark ARGS --json``'s output, parsed; the command must succeed."""
    import json

    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
