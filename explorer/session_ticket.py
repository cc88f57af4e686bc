"""Sign in once per browser session: a reload or a new tab keeps who and why.

Streamlit forgets everything on a reload (a new session), so without this the who-and-why
form came back on every reload and on every table link opened in a new tab. After a sign-in
the explorer hands the browser a *ticket* in a session cookie (gone when the browser
closes): user, role, purpose, case reference, the way in and an expiry, signed with HMAC-
SHA256 under a key only the explorer's account can read (``DISMARK_SESSION_KEY_FILE``, by
default ``explorer-session.key`` beside the audit log, 0600, made on first use).

A ticket proves only what the sign-in it came from proved, and only while that still holds:
it is taken when it is intact, unexpired (``LIFETIME_S``), of the way in configured now, and
its role is still the user's (the passwords or roles file, the local role). "Change purpose"
clears it. Resuming is logged as a sign-in. The cookie is set by the page's script (Streamlit
cannot set one), so it is not HttpOnly: a script injected into the page could read it, which
is why every case-file text is escaped (``tests/test_app_browser.py``) and a ticket expires.
Deleting the key file ends every ticket at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from pathlib import Path

from graph.access.audit import Actor
from graph.access.private_files import private_dir, private_secret
from graph.store.config import from_environment

COOKIE = "dismark_session"
ENVIRONMENT = "DISMARK_SESSION_KEY_FILE"
#: seconds a ticket is good for, whatever the browser does with its cookie
LIFETIME_S = 12 * 3600


def key_file() -> Path:
    configured = os.environ.get(ENVIRONMENT)
    return Path(configured) if configured else \
        Path(from_environment().audit_log).parent / "explorer-session.key"


def _key() -> bytes:
    path = key_file()
    private_dir(path.parent)
    return private_secret(path).encode("ascii")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(actor: Actor, mode: str, *, now: float | None = None) -> str:
    """A signed ticket for ``actor`` signed in by ``mode`` (oidc, password, local)."""
    payload = {"user": actor.user, "role": actor.role, "purpose": actor.purpose,
               "case_ref": actor.case_ref, "mode": mode,
               "expires": int((time.time() if now is None else now) + LIFETIME_S)}
    body = _b64(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    mac = hmac.new(_key(), body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def read(ticket: str | None, *, now: float | None = None) -> tuple[Actor, str] | None:
    """The actor and the way in of an intact, unexpired ticket; None for anything else."""
    if not isinstance(ticket, str) or "." not in ticket:
        return None  # no cookie (and nothing made on disk for it)
    body, _, mac = ticket.partition(".")
    try:
        expected = hmac.new(_key(), body.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(_unb64(mac), expected):
            return None
        payload = json.loads(_unb64(body))
        if payload["expires"] <= (time.time() if now is None else now):
            return None
        return (Actor(payload["user"], payload["role"], payload["purpose"],
                      payload["case_ref"]), payload["mode"])
    except (ValueError, KeyError, TypeError, UnicodeError):
        return None


def cookie(ticket: str | None) -> str:
    """The ``document.cookie`` assignment that keeps ``ticket`` for the browser session
    (no expiry: the browser drops it when it closes), or clears it (None)."""
    if ticket is None:
        return f"{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict"
    return f"{COOKIE}={ticket}; Path=/; SameSite=Strict"
