"""The explorer asks who is working and why before it shows anything, lists only the pages
the role allows, and logs each view (with the persons in it) before showing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, signed_in
from streamlit.testing.v1 import AppTest

from graph.access.audit import AuditLog, verify


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditLog:
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(path))
    return AuditLog(path)


@pytest.fixture
def fresh_app(demo_store, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    monkeypatch.setenv("DISMARK_STORE", demo_store.url)
    yield AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    st.cache_data.clear()
    st.cache_resource.clear()


def test_nothing_shows_until_the_user_says_who_and_why(fresh_app: AppTest, log) -> None:
    fresh_app.query_params["entity"] = "person-jeroen-vos"
    fresh_app.run()
    assert [t.value for t in fresh_app.title] == ["DISMARK explorer"]
    assert not fresh_app.dataframe and not fresh_app.get("iframe")
    fresh_app.text_input[0].input("l.wouters")
    fresh_app.button[0].click().run()  # no purpose yet
    assert "purpose" in fresh_app.error[0].value
    assert "dismark-actor" not in fresh_app.session_state
    _, purpose, case_ref = fresh_app.text_input  # the widgets of the latest run
    purpose.input("check a lead on the Kempen-crew")
    case_ref.input("PV-LIM-2026-0311")
    fresh_app.button[0].click().run()
    assert not fresh_app.exception
    assert [t.value for t in fresh_app.title] == ["Network"]  # the deep link goes on
    (entry,) = log.entries()
    assert (entry.user, entry.role, entry.purpose, entry.case_ref, entry.action) == (
        "l.wouters", "admin", "check a lead on the Kempen-crew", "PV-LIM-2026-0311",
        "network.view")
    assert "person-jeroen-vos" in entry.persons and "person-koen-claeys" in entry.persons


def test_a_viewer_sees_only_the_pages_of_a_viewer(fresh_app: AppTest, log) -> None:
    signed_in(fresh_app, role="viewer").run()
    fresh_app.switch_page("explorer/pages/network.py").run()
    assert [t.value for t in fresh_app.title] == ["Network"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        fresh_app.switch_page("explorer/pages/saved_queries.py")


def test_each_view_is_logged_once_per_session(fresh_app: AppTest, log) -> None:
    signed_in(fresh_app)
    fresh_app.query_params["q"] = "J. Vos"
    fresh_app.run()
    fresh_app.switch_page("explorer/pages/search.py").run()
    fresh_app.run()  # a rerun shows the same answer: no second entry
    overview, entry = log.entries()  # the first run opened the overview
    assert overview.action == "stats.view"
    assert entry.action == "search" and entry.details == {"q": "J. Vos", "types": []}
    assert "person-jeroen-vos" in entry.persons
    assert verify(log.path).intact


def test_an_unwritable_log_shows_nothing(fresh_app: AppTest, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(blocker / "audit.jsonl"))
    signed_in(fresh_app)
    fresh_app.query_params["entity"] = "person-jeroen-vos"
    fresh_app.run()
    assert "operation was refused" in fresh_app.error[0].value
    assert not fresh_app.get("iframe")


def test_exports_are_logged_as_disclosures_before_the_files_exist(fresh_app: AppTest,
                                                                   log) -> None:
    signed_in(fresh_app)
    fresh_app.query_params["query"] = "shared-phones-vehicles-addresses"
    fresh_app.run()
    fresh_app.button[0].click().run()  # Run
    assert not fresh_app.exception and not fresh_app.get("download_button")
    export = next(b for b in fresh_app.button if b.label.startswith("Export"))
    export.click().run()
    assert fresh_app.get("download_button")
    actions = [(e.operation, e.action) for e in log.entries()]
    assert actions == [("consultation", "query.run"), ("consultation", "query.run"),
                       ("disclosure", "export.csv")]  # the query's attempt, its outcome
