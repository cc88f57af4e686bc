"""The CLI checks the role, then logs who did what and why before it shows or writes
anything; without a log it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, embedded_url

from cli import main
from graph.access.audit import AuditLog, verify
from graph.store import open_store
from graph.store.config import Settings


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditLog:
    path = tmp_path / "audit" / "audit.jsonl"
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(path))
    return AuditLog(path)


def run(*args: str, role: str = "analyst", purpose: str = "operation Kempen 2026",
        **env: str):
    environment = {"DISMARK_USER": "e.maes", "DISMARK_ROLE": role, "DISMARK_PURPOSE": purpose,
                   "DISMARK_CASE_REF": "PV-LIM-2026-0311", **env}
    return CliRunner().invoke(main, list(args), env=environment)


def test_a_saved_query_is_logged_with_who_why_params_and_persons(demo_store, log) -> None:
    result = run("query", "run", "network-around", "-p", "id=person-koen-claeys", "-p",
                 "hops=1", "--format", "json", "--store", demo_store.url)
    assert result.exit_code == 0, result.output
    attempt, entry = log.entries()  # the attempt before it ran, the outcome after
    for logged in (attempt, entry):
        assert (logged.user, logged.role, logged.purpose, logged.case_ref) == (
            "e.maes", "analyst", "operation Kempen 2026", "PV-LIM-2026-0311")
        assert (logged.operation, logged.action) == ("consultation", "query.run")
    assert attempt.details["stage"] == "attempt" and attempt.persons == ()
    assert attempt.details["query"] == "network-around"
    assert attempt.details["params"] | {"id": "person-koen-claeys", "hops": 1} == \
        attempt.details["params"]  # the values the query ran with, defaults included
    rows = json.loads(result.output)
    assert entry.details == {"stage": "outcome", "attempt": 1, "attempt_hash": attempt.hash,
                             "outcome": "ok", "rows": len(rows), "truncated": False}
    shown = {row["node"]["properties"]["id"] for row in rows
             if "Person" in row["node"]["labels"]}
    assert "person-jeroen-vos" in shown  # his crew's leader, 1 hop in the demo
    assert set(entry.persons) == shown | {"person-koen-claeys"}
    assert verify(log.path).intact


def test_a_role_that_may_not_is_refused_before_anything_runs(demo_store, log) -> None:
    result = run("query", "run", "network-around", "-p", "id=person-koen-claeys",
                 "--store", demo_store.url, role="viewer")
    assert result.exit_code == 3
    assert "e.maes (viewer) may not query.run: it needs the analyst or admin role" in \
        result.output
    assert list(log.entries()) == []


def test_who_and_why_are_required(demo_store, log) -> None:
    result = run("stats", "--store", demo_store.url, purpose="")
    assert result.exit_code == 2 and "purpose" in result.output
    assert list(log.entries()) == []


def test_without_a_writable_log_nothing_is_shown(demo_store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(blocker / "audit.jsonl"))
    result = run("cypher", "MATCH (p:Person) RETURN p.name", "--store", demo_store.url)
    assert result.exit_code == 1
    assert "operation was refused" in result.output
    assert "Jeroen Vos" not in result.output


def test_a_load_is_logged_before_it_writes_and_needs_the_loader_role(tmp_path: Path,
                                                                     log) -> None:
    url = embedded_url(tmp_path)
    case = str(REPO / "data" / "demo" / "be-2014-lim-plantation-lommel.yaml")
    refused = run("load", case, "--store", url, role="analyst")
    assert refused.exit_code == 3 and list(log.entries()) == []
    loaded = run("load", case, "--store", url, role="loader")
    assert loaded.exit_code == 0, loaded.output
    (entry,) = log.entries()
    assert (entry.operation, entry.action, entry.details) == (
        "collection", "load", {"paths": [case]})
    store = open_store(url, Settings())
    try:
        assert store.read("MATCH (c:CaseFile) RETURN count(c)").scalar() == 1
    finally:
        store.close()


def test_erasure_is_for_admins_and_logged(tmp_path: Path, log) -> None:
    url = embedded_url(tmp_path)
    assert run("wipe", "--yes", "--store", url, role="loader").exit_code == 3
    assert run("wipe", "--yes", "--store", url, role="admin").exit_code == 0
    assert [(e.operation, e.action, e.details["stage"], e.details.get("outcome"))
            for e in log.entries()] == [("erasure", "wipe", "attempt", None),
                                        ("erasure", "wipe", "outcome", "ok")]


def test_metrics_log_the_persons_they_rank(demo_store, log) -> None:
    result = run("metrics", "--measure", "degree", "--top", "3", "--json", "--store",
                 demo_store.url)
    assert result.exit_code == 0, result.output
    ranked = {row["id"] for row in json.loads(result.output)["tables"]["degree"]
              if row["type"] == "Person"}
    (entry,) = log.entries()
    assert entry.operation == "combination" and ranked <= set(entry.persons)
