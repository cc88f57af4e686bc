"""Roles: one table decides, for the CLI and the explorer alike; refusals log nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access.audit import Actor, AuditLog
from graph.access.roles import ACTIONS, ROLES, allowed, audited, authorize
from graph.errors import InvalidInput, PermissionDenied


def actor(role: str) -> Actor:
    return Actor("m.peeters", role, "dossier PV-ANT-2026-0142")


@pytest.mark.parametrize(("role", "may", "may_not"), [
    ("viewer", ["network.view", "search", "paths.view"], ["query.run", "export.csv", "load"]),
    ("analyst", ["query.run", "cypher.run", "metrics.run", "export.csv", "network.view"],
     ["load", "wipe", "audit.search"]),
    ("loader", ["load", "network.view"], ["query.run", "wipe"]),
    ("admin", list(ACTIONS), []),
])
def test_each_role_may_do_what_its_job_needs(role: str, may: list[str],
                                             may_not: list[str]) -> None:
    assert all(allowed(role, a) for a in may)
    assert not any(allowed(role, a) for a in may_not)


def test_a_refusal_names_user_action_and_needed_role(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    with pytest.raises(PermissionDenied,
                       match=r"m.peeters \(viewer\) may not export.csv: it needs the analyst "
                             r"or admin role"):
        audited(log, actor("viewer"), "export.csv")
    assert list(log.entries()) == []  # nothing done, nothing logged


def test_an_allowed_action_is_logged_with_its_operation(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    entry = audited(log, actor("loader"), "load", details={"files": ["a.yaml"]})
    assert (entry.operation, entry.action, entry.role) == ("collection", "load", "loader")
    assert [e.seq for e in log.entries()] == [1]


def test_who_and_why_are_required() -> None:
    with pytest.raises(InvalidInput) as caught:
        authorize(Actor(" ", "chief", ""), "search")
    fields = [p.field for p in caught.value.problems]
    assert fields == ["user", "role", "purpose"]
    assert "expected one of viewer, analyst, loader, admin, got 'chief'" in str(caught.value)


def test_every_action_names_a_logged_operation_and_known_roles() -> None:
    from graph.access.audit import OPERATIONS

    for name, action in ACTIONS.items():
        assert action.operation in OPERATIONS, name
        assert action.roles <= set(ROLES) and "admin" in action.roles, name
