"""Who is working in the explorer and why, asked before any page shows data.

Two modes:

- **OIDC** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section: the
  identity provider says who the user is; their role comes from the roles file
  (``DISMARK_ROLES_FILE``, YAML ``{role: [user, …]}``); a user it does not list sees nothing.
- **Local**, for a single-user install: the form asks for a name. The role is the
  install's (``DISMARK_LOCAL_ROLE``, default admin: the one user loads and reads).

Either way the form asks the purpose and the case reference, which go into every audit
entry of the session. The answer lasts for the browser session (a reload asks again).
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import streamlit as st
import yaml

from explorer.text import plain
from graph.access.audit import Actor
from graph.access.roles import ROLES, check_actor
from graph.errors import InvalidInput, Problem

ACTOR = "dismark-actor"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


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
    role = os.environ.get("DISMARK_LOCAL_ROLE") or "admin"
    if role not in ROLES:
        raise InvalidInput([Problem("environment", None, "DISMARK_LOCAL_ROLE",
                                    f"expected one of {', '.join(ROLES)}, got {role!r}")])
    return role


def session_actor() -> Actor | None:
    """Who this browser session works as, once they have said so."""
    return st.session_state.get(ACTOR)


def ask_who_and_why() -> None:
    """The sign-in form (after ``st.login`` when configured); stops the script run."""
    if oidc_configured():
        user, role = _signed_in_user()
    else:
        user, role = None, local_role()
    _ask(user, role)
    st.stop()


def sidebar(actor: Actor) -> None:
    """Who is working, and a way to change the purpose (a new audit context)."""
    with st.sidebar:
        st.caption(f"Working as **{plain(actor.user)}** ({actor.role})  \n"
                   f"Purpose: {plain(actor.purpose)}"
                   + (f"  \nCase: {plain(actor.case_ref)}" if actor.case_ref else ""))
        if st.button("Change purpose", key="change-purpose"):
            del st.session_state[ACTOR]
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
        st.error(plain(f"{user} has no role in this explorer; ask an administrator."))
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return user, role


def _ask(user: str | None, role: str) -> None:
    st.title("DISMARK explorer")
    st.markdown("Every view of this graph is logged with who looked and why (EU Directive "
                "2016/680, Article 25). Say who you are and what you are working on.")
    with st.form("who-and-why"):
        name = st.text_input("Your name or user id", value=user or _login_name(),
                             disabled=user is not None)
        purpose = st.text_input("Purpose", placeholder="e.g. investigation into the "
                                "Kempen-crew's plantations")
        case_ref = st.text_input("Case reference (optional)", placeholder="e.g. PV-LIM-2026-0311")
        st.caption(f"Role: {role}")
        if st.form_submit_button("Continue", type="primary"):
            actor = check_actor(Actor((user or name).strip(), role, purpose.strip(),
                                      case_ref.strip()))
            st.session_state[ACTOR] = actor
            st.rerun()


def _login_name() -> str:
    try:
        return os.environ.get("DISMARK_USER") or getpass.getuser()
    except OSError:
        return ""
