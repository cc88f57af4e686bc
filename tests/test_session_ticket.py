"""Sign in once per browser session: the ticket a reload or a new tab resumes from
(explorer.session_ticket). The browser test drives the cookie itself."""

from __future__ import annotations

import base64
import json
import stat

import pytest

from explorer import session_ticket
from graph.access.audit import Actor

ACTOR = Actor("a.peeters", "analyst", "Kempen-crew plantations", "PV-LIM-2026-0311")


@pytest.fixture(autouse=True)
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "explorer-session.key"
    monkeypatch.setenv(session_ticket.ENVIRONMENT, str(path))
    return path


def test_a_ticket_gives_back_who_why_and_the_way_in(key_file):
    ticket = session_ticket.issue(ACTOR, "local", now=1000)
    assert session_ticket.read(ticket, now=1001) == (ACTOR, "local")
    # the key is made on first use, readable by this account only, in a private folder
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_an_expired_ticket_is_refused():
    ticket = session_ticket.issue(ACTOR, "local", now=1000)
    assert session_ticket.read(ticket, now=1000 + session_ticket.LIFETIME_S) is None


def test_a_ticket_changed_by_hand_is_refused():
    body, _, mac = session_ticket.issue(ACTOR, "password", now=1000).partition(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["role"] = "admin"  # a claim of a role is not a credential
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    assert session_ticket.read(f"{forged}.{mac}", now=1001) is None


@pytest.mark.parametrize("junk", [None, "", "x", "a.b", "....", "é.é", "e30.AAAA"])
def test_junk_is_refused(junk):
    assert session_ticket.read(junk) is None


def test_a_new_key_ends_every_ticket(key_file):
    ticket = session_ticket.issue(ACTOR, "local", now=1000)
    key_file.unlink()
    assert session_ticket.read(ticket, now=1001) is None


def test_the_cookie_lasts_the_browser_session_and_is_cleared_by_name():
    ticket = session_ticket.issue(ACTOR, "local")
    kept = session_ticket.cookie(ticket)
    assert kept.startswith(f"{session_ticket.COOKIE}={ticket};") and "SameSite=Strict" in kept
    assert "Max-Age" not in kept and "Expires" not in kept  # gone when the browser closes
    assert "Max-Age=0" in session_ticket.cookie(None)
