"""Who is working in the explorer and why, asked before any page shows data.

Three ways in, chosen by the configuration, never by the user:

- **OIDC** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section: the
  identity provider says who the user is; their role comes from the roles file
  (``DISMARK_ROLES_FILE``, YAML ``{role: [user, …]}``); a user it does not list sees nothing.
- **Password** for a small office, when ``DISMARK_PASSWORDS_FILE`` names a file written by
  ``dismark users set``: a name and a password checked against its salted scrypt hash, with
  repeated failures slowed down (``explorer.throttle``).
- **Local**, only when the explorer listens on a loopback address (127.0.0.1, the default):
  the form asks for a name, which is a claim, not a proof; the role is the install's
  (``DISMARK_LOCAL_ROLE``, default analyst: reads, queries and logged exports, no loads).
  Started by ``make run``, it also asks the one-time token in the address ``make run`` printed
  (``explorer.local_token``), so other accounts of the machine cannot walk in.
  Bound to any other address without OIDC or passwords, the explorer shows nothing but how
  to configure sign-in.

Every way asks the purpose and the case reference, which go into every audit entry of the
session; every sign-in, failed or not, is logged. The answer lasts for the browser session:
a reload or a new tab resumes it from a signed ticket (``explorer.session_ticket``) while
the way in still lets that user in with that role.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
import yaml

from explorer import session_ticket, throttle
from explorer.local_token import expected_token, token_matches
from explorer.text import plain
from graph.access.audit import Actor, AuditLog
from graph.access.passwords import PasswordFile
from graph.access.roles import ROLES, check_actor
from graph.errors import InvalidInput, Problem
from graph.store.config import from_environment

ACTOR = "dismark-actor"
#: what a reverse proxy adds to a request: one that carries any came from elsewhere
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-Ip")
#: the audit log's action for every sign-in; details say how and with what outcome
SIGN_IN = "sign-in"
NO_ROLE_LOGGED = "dismark-no-role-logged"
#: the session showed the local one-time token ("Change purpose" does not ask it again)
TOKEN_ACCEPTED = "dismark-token-accepted"
#: the throttle's key for local mode's one-time token (not a user name: names are free text)
LOCAL_TOKEN = " local token"
#: a cookie the page is to set or clear on the next run (``keep_ticket``)
PENDING_COOKIE = "dismark-pending-cookie"
#: the user asked for a new purpose: the ticket this session came with no longer counts
NO_RESUME = "dismark-no-resume"
#: sets ``document.cookie`` (Streamlit cannot set a cookie itself); Secure over https
_COOKIE_JS = """export default function ({ data }) {
  document.cookie = data.cookie + (location.protocol === "https:" ? "; Secure" : "");
}"""
HOW_TO_SIGN_IN = (
    "This explorer can be reached from beyond this machine (it listens on {address}) and no "
    "sign-in is configured, so it shows nothing. Either serve it on 127.0.0.1 only, with no "
    "proxy in front (the default: remove `server.address` or set it to 127.0.0.1), or "
    "configure a sign-in: OIDC with an `[auth]` section in `.streamlit/secrets.toml` and "
    "`DISMARK_ROLES_FILE`, or a password file for a small office (`dismark users set NAME "
    "ROLE`, then `DISMARK_PASSWORDS_FILE`). See docs/security.md, \"Who can reach the "
    "explorer\".")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def passwords_file() -> PasswordFile | None:
    path = os.environ.get("DISMARK_PASSWORDS_FILE")
    return PasswordFile(path) if path else None


def loopback_only(address: str | None) -> bool:
    """Whether Streamlit's ``server.address`` keeps the explorer on this machine; no address
    means every interface."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def from_this_machine(headers: Mapping[str, str]) -> bool:
    """Whether the browser's request reached the explorer directly on this machine, not
    through a reverse proxy in front of a loopback-bound explorer: no forwarding header, and
    the page's origin and host are loopback names (a proxy passes the public origin on)."""
    if any(name in headers for name in PROXY_HEADERS):
        return False
    return all(loopback_only(_host_of(headers[name]))
               for name in ("Origin", "Host") if name in headers)


def _host_of(value: str) -> str | None:
    """The host name in an Origin (``http://host:port``) or Host (``host:port``) header."""
    return urlsplit(value if "://" in value else f"//{value}").hostname


def role_of(user: str) -> str | None:
    """The user's role in the roles file, or None when the file does not list them."""
    path = os.environ.get("DISMARK_ROLES_FILE")
    if not path:
        raise InvalidInput([Problem("environment", None, "DISMARK_ROLES_FILE",
                                    "sign-in is configured but no roles file is named",
                                    "point DISMARK_ROLES_FILE at a YAML {role: [users]}")])
    listed = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for role in reversed(ROLES):  # the highest role wins when a user is listed twice
        if user in (listed.get(role) or ()):
            return role
    return None


def local_role() -> str:
    role = os.environ.get("DISMARK_LOCAL_ROLE") or "analyst"
    if role not in ROLES:
        raise InvalidInput([Problem("environment", None, "DISMARK_LOCAL_ROLE",
                                    f"expected one of {', '.join(ROLES)}, got {role!r}")])
    return role


def session_actor() -> Actor | None:
    """Who this browser session works as, once they have said so (or a ticket of an
    earlier session of this browser says so: ``resume``)."""
    return st.session_state.get(ACTOR) or resume()


def way_in() -> str | None:
    """The way in configured now: oidc, password, local, or None (nobody gets in)."""
    if oidc_configured():
        return "oidc"
    if passwords_file() is not None:
        return "password"
    if loopback_only(st.get_option("server.address")) and from_this_machine(st.context.headers):
        return "local"
    return None


def resume() -> Actor | None:
    """The actor of this browser's ticket, if it is intact and unexpired and the way in
    configured now still lets that user in with that role; logged as a sign-in."""
    if st.session_state.get(NO_RESUME):
        return None
    found = session_ticket.read(st.context.cookies.get(session_ticket.COOKIE))
    if found is None:
        return None
    actor, mode = found
    if mode != way_in() or _current_role(actor.user, mode) != actor.role:
        return None
    _log_sign_in(actor, mode, "resumed")
    st.session_state[ACTOR] = actor
    st.session_state[TOKEN_ACCEPTED] = mode == "local"  # the ticket came from a token sign-in
    return actor


def _current_role(user: str, mode: str) -> str | None:
    if mode == "oidc":
        signed_in = st.user.is_logged_in and str(st.user.get("email") or st.user.get("sub")
                                                 or "") == user
        return role_of(user) if signed_in else None
    if mode == "password":
        account = passwords_file().accounts().get(user)
        return account.role if account else None
    return local_role()


def keep_ticket() -> None:
    """Set (after a sign-in) or clear (after "Change purpose") the ticket's cookie."""
    pending = st.session_state.pop(PENDING_COOKIE, None)
    if pending:
        _cookie_setter()(data={"cookie": pending}, key="dismark-session-cookie")


@st.cache_resource(show_spinner=False)
def _cookie_setter():
    return st.components.v2.component("dismark_session_cookie", js=_COOKIE_JS)


def _let_in(actor: Actor, mode: str) -> None:
    """A sign-in that succeeded: logged, the session's actor, a ticket for the browser."""
    _log_sign_in(actor, mode, "success")
    st.session_state[ACTOR] = actor
    st.session_state[PENDING_COOKIE] = session_ticket.cookie(session_ticket.issue(actor, mode))
    st.session_state.pop(NO_RESUME, None)


def ask_who_and_why() -> None:
    """The sign-in form of the configured way in; stops the script run."""
    if oidc_configured():
        user, role = _signed_in_user()
        _ask_purpose("oidc", user, role)
    elif (passwords := passwords_file()) is not None:
        _ask_password(passwords)
    elif (loopback_only(st.get_option("server.address"))
          and from_this_machine(st.context.headers)):
        token = None if st.session_state.get(TOKEN_ACCEPTED) else expected_token()
        _ask_purpose("local", None, local_role(), token=token)
    else:
        address = st.get_option("server.address")
        where = (f"{address} behind a proxy" if loopback_only(address)
                 else address or "every network interface")
        st.title("DISMARK explorer")
        st.error(HOW_TO_SIGN_IN.format(address=plain(where)))
    st.stop()


def sidebar(actor: Actor) -> None:
    """Who is working, and a way to change the purpose (a new audit context)."""
    with st.sidebar:
        st.caption(f"Working as **{plain(actor.user)}** ({actor.role})  \n"
                   f"Purpose: {plain(actor.purpose)}"
                   + (f"  \nCase: {plain(actor.case_ref)}" if actor.case_ref else ""))
        if st.button("Change purpose", key="change-purpose"):
            del st.session_state[ACTOR]
            st.session_state[NO_RESUME] = True
            st.session_state[PENDING_COOKIE] = session_ticket.cookie(None)
            st.rerun()


def _signed_in_user() -> tuple[str, str]:
    if not st.user.is_logged_in:
        st.title("DISMARK explorer")
        st.info("Sign in with your organisation's account to continue.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    user = str(st.user.get("email") or st.user.get("sub") or "")
    role = role_of(user)
    if role is None:
        if not st.session_state.get(NO_ROLE_LOGGED):  # once, not on every rerun
            _log_sign_in(Actor(user, "none", "sign-in"), "oidc", "no role")
            st.session_state[NO_ROLE_LOGGED] = True
        st.error(plain(f"{user} has no role in this explorer; ask an administrator."))
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return user, role


def _intro() -> None:
    st.title("DISMARK explorer")
    st.markdown("Every view of this graph is logged with who looked and why (EU Directive "
                "2016/680, Article 25). Say who you are and what you are working on.")


def _purpose_fields() -> tuple[str, str]:
    purpose = st.text_input("Purpose", placeholder="e.g. investigation into the "
                            "Kempen-crew's plantations")
    case_ref = st.text_input("Case reference (optional)", placeholder="e.g. PV-LIM-2026-0311")
    return purpose.strip(), case_ref.strip()


def _ask_purpose(mode: str, user: str | None, role: str, token: str | None = None) -> None:
    """OIDC (name known) or local (name typed, never pre-filled; the one-time token when
    ``make run`` wrote one): the purpose, then in."""
    _intro()
    with st.form("who-and-why"):
        name = st.text_input("Your name or user id", value=user or "",
                             disabled=user is not None)
        given = st.text_input("Token (in the address `make run` printed)", type="password",
                              value=st.query_params.get("token", "")) if token else ""
        purpose, case_ref = _purpose_fields()
        st.caption(f"Role: {role}")
        if not st.form_submit_button("Continue", type="primary"):
            return
    actor = check_actor(Actor((user or name).strip(), role, purpose, case_ref))
    if token is not None and not _token_accepted(given, token, actor):
        return
    _let_in(actor, mode)
    st.query_params.pop("token", None)  # out of the address bar, history and bookmarks
    st.rerun()


def _token_accepted(given: str, token: str, actor: Actor) -> bool:
    """Whether the local one-time token is right; failures are logged and slowed down like
    wrong passwords (one count for the token, whatever name is typed)."""
    denied = Actor(actor.user, "none", actor.purpose, actor.case_ref)
    wait = throttle.SIGN_INS.wait_left(LOCAL_TOKEN)
    if wait > 0:
        _log_sign_in(denied, "local", "throttled")
        st.error(f"Too many wrong tokens: try again in {wait:.0f} s.")
        return False
    if not token_matches(given, token):
        throttle.SIGN_INS.failed(LOCAL_TOKEN)
        _log_sign_in(denied, "local", "failure")
        st.error("Wrong or missing token: open the address `make run` printed.")
        return False
    throttle.SIGN_INS.succeeded(LOCAL_TOKEN)
    st.session_state[TOKEN_ACCEPTED] = True
    return True


def _ask_password(passwords: PasswordFile) -> None:
    """Name, password and purpose; the role comes from the passwords file."""
    _intro()
    with st.form("who-and-why"):
        name = st.text_input("User name").strip()
        password = st.text_input("Password", type="password")
        purpose, case_ref = _purpose_fields()
        if not st.form_submit_button("Sign in", type="primary"):
            return
    check_actor(Actor(name, ROLES[0], purpose, case_ref))  # who and why, before any check
    wait = throttle.SIGN_INS.wait_left(name)
    if wait > 0:
        _log_sign_in(Actor(name, "none", purpose, case_ref), "password", "throttled")
        st.error(f"Too many failed sign-ins for this name: try again in {wait:.0f} s.")
        return
    role = passwords.role_for(name, password)
    if role is None:
        throttle.SIGN_INS.failed(name)
        _log_sign_in(Actor(name, "none", purpose, case_ref), "password", "failure")
        st.error("Unknown user name or wrong password.")
        return
    throttle.SIGN_INS.succeeded(name)
    _let_in(Actor(name, role, purpose, case_ref), "password")
    st.rerun()


def _log_sign_in(actor: Actor, mode: str, outcome: str) -> None:
    """Every sign-in, let in or not, in the audit log (a log that cannot be written refuses
    the sign-in: ``AuditUnavailable``, shown by app.py)."""
    AuditLog(from_environment().audit_log).record(
        actor, "authentication", SIGN_IN, details={"mode": mode, "outcome": outcome})
