"""Who may do what, in one table used by the CLI and the explorer alike.

Four roles, each including the one before it where that makes sense: a **viewer** browses
entities, networks, paths and timelines; an **analyst** also runs saved and ad-hoc read-only
queries, metrics and reports and takes exports away; a **loader** brings case files in; an
**admin** may do everything, erase the graph and read the audit log. Every action also names
the Article 25 operation it is logged as (``graph.access.audit.OPERATIONS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.access.audit import Actor, AuditEntry, AuditLog, printable
from graph.errors import InvalidInput, PermissionDenied, Problem

ROLES = ("viewer", "analyst", "loader", "admin")
_VIEW = frozenset(ROLES)
_ANALYSE = frozenset({"analyst", "admin"})
_LOAD = frozenset({"loader", "admin"})
_ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class Action:
    """Something a user does: the operation it is logged as and the roles allowed to."""

    operation: str
    roles: frozenset[str]


ACTIONS: Mapping[str, Action] = {
    "search": Action("consultation", _VIEW),
    "entity.view": Action("consultation", _VIEW),
    "network.view": Action("consultation", _VIEW),
    "paths.view": Action("consultation", _VIEW),
    "timeline.view": Action("consultation", _VIEW),
    "stats.view": Action("consultation", _VIEW),
    "ledger.view": Action("consultation", _VIEW),
    "facts.view": Action("consultation", _VIEW),
    "markets.view": Action("combination", _VIEW),
    "query.run": Action("consultation", _ANALYSE),
    "cypher.run": Action("consultation", _ANALYSE),
    "metrics.run": Action("combination", _ANALYSE),
    "metrics.write": Action("alteration", _ANALYSE),
    "dutch_link.view": Action("combination", _ANALYSE),
    "displacement.view": Action("combination", _ANALYSE),
    "report.write": Action("disclosure", _ANALYSE),
    "export.csv": Action("disclosure", _ANALYSE),
    "export.graphml": Action("disclosure", _ANALYSE),
    "export.picture": Action("disclosure", _ANALYSE),
    "load": Action("collection", _LOAD),
    "wipe": Action("erasure", _ADMIN),
    "audit.search": Action("consultation", _ADMIN),
    "schema": Action("alteration", _LOAD),
    "facts.settle": Action("alteration", _LOAD),
    "resolve.view": Action("consultation", _VIEW),
    "resolve.run": Action("alteration", _ANALYSE),
    "resolve.decide": Action("alteration", _ANALYSE),
    "scores.write": Action("alteration", _ANALYSE),
    "store.settings": Action("alteration", _ADMIN),
    "users.write": Action("alteration", _ADMIN),
}


def check_actor(actor: Actor) -> Actor:
    """``actor`` if it says who and why, else ``InvalidInput`` naming what is missing."""
    problems = []
    if not actor.user.strip():
        problems.append(Problem("user", None, "user", "who is working? a user name is needed",
                                "--user or DISMARK_USER"))
    if actor.role not in ROLES:
        problems.append(Problem("user", None, "role",
                                f"expected one of {', '.join(ROLES)}, got {actor.role!r}",
                                "--role or DISMARK_ROLE"))
    if not actor.purpose.strip():
        problems.append(Problem("user", None, "purpose",
                                "why? the purpose of the work is logged with every action",
                                "--purpose or DISMARK_PURPOSE"))
    if problems:
        raise InvalidInput(problems)
    return actor


def allowed(role: str, action: str) -> bool:
    return role in ACTIONS[action].roles


def authorize(actor: Actor, action: str) -> Action:
    """The action's entry if ``actor`` may do it, else ``PermissionDenied``."""
    check_actor(actor)
    entry = ACTIONS[action]
    if actor.role not in entry.roles:
        needed = " or ".join(r for r in ROLES if r in entry.roles)
        raise PermissionDenied(f"{printable(actor.user)} ({actor.role}) may not {action}: "
                               f"it needs the {needed} role")
    return entry


def audited(log: AuditLog, actor: Actor, action: str, *,
            details: Mapping | None = None, persons: Iterable[str] = ()) -> AuditEntry:
    """Check the role, then write the audit entry: call it *before* showing the result.
    Refused actions raise before anything is logged or done."""
    entry = authorize(actor, action)
    return log.record(actor, entry.operation, action, details=details, persons=persons)
