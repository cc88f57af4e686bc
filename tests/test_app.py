"""Smoke tests of the explorer's pages with Streamlit's AppTest on the fixture graph.

The network page has its own file, ``test_app_network.py``.

The app runs in this process against a real embedded store (``DISMARK_STORE``); its cached
store shares the fixture's FalkorDB server and is released after the module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from conftest import signed_in
from streamlit.testing.v1 import AppTest
from test_explore import NODE_COUNT, load_fixture

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture graph, loaded once: the app only reads (closing a store takes ~2 s)."""
    store = load_fixture(tmp_path_factory.mktemp("app"))
    yield store.url
    st.cache_data.clear()
    st.cache_resource.clear()  # closes the app's store (on_release)
    store.close()


@pytest.fixture
def app(store_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DISMARK_STORE", store_url)
    return signed_in(AppTest.from_file(str(APP), default_timeout=60))


def plain(markdown: str) -> str:
    """Text as shown: the app backslash-escapes markdown in names and ids."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_overview_shows_counts(app: AppTest) -> None:
    app.run()
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Overview"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Nodes": str(NODE_COUNT), "Relationships": "13"}
    nodes = dict(app.dataframe[0].value.itertuples(index=False))
    assert (nodes["Person"], nodes["CaseFile"], nodes["Lab"]) == (3, 3, 0)
    relationships = dict(app.dataframe[1].value.itertuples(index=False))
    assert (relationships["MEMBER_OF"], relationships["MENTIONED_IN"]) == (2, 8)


def open_query(app: AppTest, name: str) -> AppTest:
    app.query_params["query"] = name
    return app.run()


def test_saved_query_form_runs_the_query(app: AppTest) -> None:
    open_query(app, "network-around")
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Saved queries"]
    assert app.selectbox[0].value == "network-around"
    form = {w.label.split(" (")[0]: w for w in [*app.text_input, *app.number_input,
                                                *app.multiselect]}
    assert set(form) == {"Search by name or id", "hops", "types", "min_grading", "limit"}
    assert form["hops"].value == 2 and form["min_grading"].value == "X4"
    # the entity is found by name and picked, not typed as an id
    form["Search by name or id"].input("anna peeters").run()
    picker = next(w for w in app.selectbox if w.label == "id")
    assert [o.partition(" — ")[0] for o in picker.options][:1] == ["Anna Peeters"], picker.options
    picker.select_index(0).run()
    assert app.query_params["id"] == "person-a"
    form = {w.label.split(" (")[0]: w for w in [*app.number_input]}
    form["hops"].set_value(1)
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert app.get("bidi_component")
    # person-a -MEMBER_OF-> org-x (case A); case files are not followed
    assert sorted(app.dataframe[0].value["node"]) == ["Organisation:org-x", "Person:person-a"]


def test_saved_query_with_a_bad_parameter_says_which(app: AppTest) -> None:
    open_query(app, "network-around")
    app.button[0].click().run()  # no id given
    assert not app.exception
    assert "network-around: id: is required" in plain(app.error[0].value)


def test_every_page_has_an_apptest_file() -> None:
    """Each page script under explorer/pages has tests/test_app_<page>.py (overview and saved
    queries are tested here)."""
    from app import PAGE_LIST

    here = Path(__file__).resolve().parent
    tested_here = {"overview.py", "saved_queries.py"}
    missing = [script for script, *_ in PAGE_LIST if script not in tested_here
               and not (here / f"test_app_{script}").exists()]
    assert missing == []


def test_a_bug_shows_a_reference_not_a_traceback(app: AppTest, monkeypatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Internals (paths, queries, values) stay in the server's log; the page names a
    reference to find them by."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail /srv/dismark/internal")

    monkeypatch.setattr("graph.store.stats.graph_stats", broken)
    st.cache_data.clear()  # the counts of an earlier test would hide the bug
    with caplog.at_level("ERROR", logger="dismark.explorer"):
        app.run()
    assert not app.exception
    message = app.error[0].value
    reference = re.search(r"reference ([0-9a-f]{8})", message).group(1)
    assert "secret detail" not in message
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)
