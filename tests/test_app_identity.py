"""The explorer asks who is working and why before it shows anything, lists only the pages
the role allows, and logs each view (with the persons in it) before showing it. Nobody gets in
by default: the local form is not pre-filled and grants analyst, not admin; served beyond
loopback the explorer needs a sign-in (here the password mode), and shows nothing without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, signed_in
from streamlit import config
from streamlit.testing.v1 import AppTest

from explorer import throttle
from explorer.local_token import write_token
from graph.access.audit import AuditLog, verify
from graph.access.passwords import PasswordFile

GOOD_PASSWORD = "correct horse battery"


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
    assert not fresh_app.dataframe and not fresh_app.get("bidi_component")
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
    sign_in, entry = log.entries()
    assert (sign_in.operation, sign_in.action, sign_in.details) == (
        "authentication", "sign-in", {"mode": "local", "outcome": "success"})
    assert (entry.user, entry.role, entry.purpose, entry.case_ref, entry.action) == (
        "l.wouters", "analyst", "check a lead on the Kempen-crew", "PV-LIM-2026-0311",
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
    assert not fresh_app.get("bidi_component")


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


def test_the_local_form_names_nobody_and_grants_no_admin(fresh_app: AppTest, log,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's account is no identity: the name is typed, never pre-filled."""
    monkeypatch.setenv("DISMARK_USER", "root")
    fresh_app.run()
    assert fresh_app.text_input[0].value == ""
    assert fresh_app.caption[0].value == "Role: analyst"


@pytest.fixture
def beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The explorer served on every interface, as in the container; the throttle fresh."""
    monkeypatch.setattr(throttle, "SIGN_INS", throttle.Throttle())
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_beyond_loopback_without_sign_in_nothing_shows(fresh_app: AppTest, log,
                                                        beyond_loopback) -> None:
    fresh_app.query_params["entity"] = "person-jeroen-vos"
    fresh_app.run()
    assert not fresh_app.exception
    (error,) = fresh_app.error
    assert "0\\.0\\.0\\.0" in error.value and "DISMARK_PASSWORDS_FILE" in error.value
    assert not fresh_app.text_input and not fresh_app.button and not fresh_app.dataframe
    assert not fresh_app.get("bidi_component") and list(log.entries()) == []


@pytest.fixture
def passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PasswordFile:
    file = PasswordFile(tmp_path / "passwords.json")
    file.set("l.wouters", "viewer", GOOD_PASSWORD)
    monkeypatch.setenv("DISMARK_PASSWORDS_FILE", str(file.path))
    return file


def sign_in(app: AppTest, user: str, password: str) -> AppTest:
    name, secret, purpose, _ = app.text_input
    name.input(user)
    secret.input(password)
    purpose.input("check a lead on the Kempen-crew")
    return app.button[0].click().run()


def test_password_mode_lets_in_with_the_files_role(fresh_app: AppTest, log, beyond_loopback,
                                                   passwords: PasswordFile) -> None:
    fresh_app.query_params["entity"] = "person-jeroen-vos"
    fresh_app.run()
    assert [t.label for t in fresh_app.text_input][:2] == ["User name", "Password"]
    assert fresh_app.text_input[1].proto.type == fresh_app.text_input[1].proto.PASSWORD
    sign_in(fresh_app, "l.wouters", "wrong horse battery")
    assert fresh_app.error[0].value == "Unknown user name or wrong password."
    assert "dismark-actor" not in fresh_app.session_state
    sign_in(fresh_app, "nobody", GOOD_PASSWORD)
    assert fresh_app.error[0].value == "Unknown user name or wrong password."
    sign_in(fresh_app, "l.wouters", GOOD_PASSWORD)
    assert not fresh_app.exception and not fresh_app.error
    assert [t.value for t in fresh_app.title] == ["Network"]
    assert fresh_app.session_state["dismark-actor"].role == "viewer"  # from the file
    entries = list(log.entries())
    assert [(e.user, e.role, e.action, e.details.get("outcome")) for e in entries] == [
        ("l.wouters", "none", "sign-in", "failure"), ("nobody", "none", "sign-in", "failure"),
        ("l.wouters", "viewer", "sign-in", "success"),
        ("l.wouters", "viewer", "network.view", None)]
    assert verify(log.path).intact


def test_repeated_failures_are_throttled_even_with_the_right_password(
        fresh_app: AppTest, log, beyond_loopback, passwords: PasswordFile) -> None:
    fresh_app.run()
    for _ in range(throttle.FREE_TRIES):
        sign_in(fresh_app, "l.wouters", "guess guess guess")
    sign_in(fresh_app, "l.wouters", GOOD_PASSWORD)  # checked no more until the wait is over
    assert "Too many failed sign-ins" in fresh_app.error[0].value
    assert "dismark-actor" not in fresh_app.session_state
    outcomes = [e.details["outcome"] for e in log.entries()]
    assert outcomes == ["failure"] * throttle.FREE_TRIES + ["throttled"]


def test_local_mode_started_by_make_run_asks_its_one_time_token(
        fresh_app: AppTest, log, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another account of the machine reaches 127.0.0.1 too, but cannot read the token."""
    monkeypatch.setattr(throttle, "SIGN_INS", throttle.Throttle())
    token_file = tmp_path / "explorer.token"
    token = write_token(token_file)
    monkeypatch.setenv("DISMARK_LOCAL_TOKEN_FILE", str(token_file))
    fresh_app.query_params["entity"] = "person-jeroen-vos"
    fresh_app.run()
    name, given, purpose, _ = fresh_app.text_input
    assert given.value == ""
    name.input("l.wouters")
    given.input("a guess")
    purpose.input("check a lead on the Kempen-crew")
    fresh_app.button[0].click().run()
    assert "Wrong or missing token" in fresh_app.error[0].value
    assert "dismark-actor" not in fresh_app.session_state

    fresh_app.query_params["token"] = token  # the address make run printed
    fresh_app.run()
    name, given, purpose, _ = fresh_app.text_input
    assert given.value == token
    name.input("l.wouters")
    purpose.input("check a lead on the Kempen-crew")
    fresh_app.button[0].click().run()
    assert not fresh_app.exception and not fresh_app.error
    assert [t.value for t in fresh_app.title] == ["Network"]
    assert "token" not in fresh_app.query_params
    fresh_app.sidebar.button[0].click().run()  # Change purpose: the token is not asked again
    assert [t.label for t in fresh_app.text_input] == [
        "Your name or user id", "Purpose", "Case reference (optional)"]
    assert [(e.action, e.details.get("outcome")) for e in log.entries()] == [
        ("sign-in", "failure"), ("sign-in", "success"), ("network.view", None)]


@pytest.mark.parametrize(("headers", "direct"), [
    ({"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}, True),
    ({"Host": "localhost:8501", "Origin": "http://localhost:8501"}, True),
    ({"Host": "[::1]:8501"}, True),
    ({}, True),
    ({"Host": "127.0.0.1:8501", "Origin": "https://dismark.politie.example"}, False),
    ({"Host": "dismark.politie.example"}, False),
    ({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.7"}, False),
    ({"Host": "127.0.0.1:8501", "Forwarded": "for=203.0.113.7"}, False),
])
def test_a_proxy_in_front_of_loopback_is_not_this_machine(headers: dict, direct: bool) -> None:
    """Local mode is for this machine: a reverse proxy passes the public origin on, or says
    whom it forwards for; either way the explorer asks for a real sign-in."""
    from explorer.identity import from_this_machine

    assert from_this_machine(headers) is direct
