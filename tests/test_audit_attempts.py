"""A query or a wipe is logged before it runs and its outcome after, linked to the attempt:
one that is refused, times out or fails leaves a trace of who sent it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import embedded_url

from cli import main
from graph import errors
from graph.access.attempts import attempted, outcome_of
from graph.access.audit import Actor, AuditEntry, AuditLog, verify
from graph.errors import QueryTimeout, RefusedQuery
from graph.store import open_store
from graph.store.config import Settings

ANALYST = Actor("e.maes", "analyst", "operation Kempen 2026", "PV-LIM-2026-0311")


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditLog:
    path = tmp_path / "audit" / "audit.jsonl"
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(path))
    return AuditLog(path)


def run(*args: str, role: str = "analyst", **env: str):
    environment = {"DISMARK_USER": "e.maes", "DISMARK_ROLE": role,
                   "DISMARK_PURPOSE": "operation Kempen 2026", **env}
    return CliRunner().invoke(main, list(args), env=environment)


def attempt_and_outcome(log: AuditLog) -> tuple[AuditEntry, AuditEntry]:
    attempt, outcome = log.entries()
    assert attempt.details["stage"] == "attempt"
    assert outcome.details | {"stage": "outcome", "attempt": attempt.seq,
                              "attempt_hash": attempt.hash} == outcome.details
    assert verify(log.path).intact
    return attempt, outcome


def test_a_query_the_guard_refuses_is_logged_as_refused(demo_store, log) -> None:
    statement = "MATCH (p:Person) DETACH DELETE p"
    result = run("cypher", statement, "--store", demo_store.url)
    assert result.exit_code == 3, result.output
    attempt, outcome = attempt_and_outcome(log)
    assert (attempt.action, attempt.details["statement"]) == ("cypher.run", statement)
    assert outcome.details["outcome"] == "refused"
    assert "refused before it ran: DETACH" in outcome.details["error"]
    assert outcome.persons == ()


def test_a_query_that_runs_out_of_time_is_logged_as_timed_out(tmp_path: Path, log) -> None:
    url = embedded_url(tmp_path)
    open_store(url, Settings()).close()  # the store exists, as a loader would leave it
    result = run("cypher", "UNWIND range(1, 2000000) AS x WITH x WHERE x % 3 = 0 "
                 "RETURN count(x)", "--store", url, DISMARK_QUERY_TIMEOUT="0.05")
    assert result.exit_code == 1 and "stopped" in result.output
    _, outcome = attempt_and_outcome(log)
    assert outcome.details["outcome"] == "timed out"
    assert outcome.details["error"].startswith("QueryTimeout: ")


def test_a_query_that_answers_is_logged_with_its_row_count(demo_store, log) -> None:
    result = run("cypher", "MATCH (p:Person) WHERE p.id STARTS WITH 'person-jeroen' "
                 "RETURN p.id, p.name", "--format", "json", "--store", demo_store.url)
    assert result.exit_code == 0, result.output
    _, outcome = attempt_and_outcome(log)
    assert (outcome.details["outcome"], outcome.details["rows"]) == ("ok", 1)
    assert outcome.persons == ("person-jeroen-vos",)  # an id in a plain column


def test_a_wipe_refused_as_read_only_is_an_attempted_erasure(tmp_path: Path, log) -> None:
    url = embedded_url(tmp_path)
    store = open_store(url, Settings())
    try:
        store.write("CREATE (:Person {id: 'person-test-one'})")
    finally:
        store.close()
    result = run("wipe", "--yes", "--store", url, role="admin", DISMARK_READ_ONLY="1")
    assert result.exit_code == 3, result.output
    attempt, outcome = attempt_and_outcome(log)
    assert (attempt.operation, attempt.action) == ("erasure", "wipe")
    assert outcome.details["outcome"] == "refused"  # not an erasure done
    store = open_store(url, Settings())
    try:
        assert store.read("MATCH (n) RETURN count(n)").scalar() == 1
    finally:
        store.close()


def test_a_role_refusal_runs_and_logs_nothing(demo_store, log) -> None:
    result = run("cypher", "RETURN 1", "--store", demo_store.url, role="viewer")
    assert result.exit_code == 3 and list(log.entries()) == []


@pytest.mark.parametrize(("error", "said"), [
    (RefusedQuery("CALL", "is not allowed"), "refused"),
    (QueryTimeout("the query ran longer than 1 s"), "timed out"),
    (errors.StoreError("connection reset"), "failed"),
])
def test_each_way_an_operation_ends_is_logged(tmp_path: Path, error: Exception,
                                              said: str) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    with pytest.raises(type(error)), attempted(log, ANALYST, "query.run", {"query": "q"}):
        raise error
    _, outcome = attempt_and_outcome(log)
    assert outcome.details["outcome"] == said == outcome_of(error)


def test_a_query_that_took_its_server_down_is_logged_as_crashed(demo_store, log) -> None:
    # asks the engine for 32 GB: the analyst sandbox dies, the store does not
    result = run("cypher", "RETURN size(range(1, 2000000000))", "--store", demo_store.url)
    assert result.exit_code == 1 and "not run again" in result.output, result.output
    _, outcome = attempt_and_outcome(log)
    assert outcome.details["outcome"] == "crashed the server"
    assert outcome.details["error"].startswith("QueryAborted: ")


def test_the_explorer_logs_a_saved_query_before_and_after_it_runs(explorer_page,
                                                                  log) -> None:
    app = explorer_page("saved_queries.py", query="vulnerable-persons")
    next(b for b in app.button if b.label == "Run").click().run()
    assert not app.exception and app.dataframe
    shown = {row for row in app.dataframe[0].value["person"]}
    app.run()  # a rerun for an unrelated widget shows the same answer: logged once
    attempt, outcome = [e for e in log.entries() if e.action == "query.run"]
    assert (attempt.details["stage"], attempt.details["query"]) == (
        "attempt", "vulnerable-persons")
    assert (outcome.details["outcome"], outcome.details["attempt"]) == ("ok", attempt.seq)
    assert set(outcome.persons) == shown and shown
    next(b for b in app.button if b.label.startswith("Export")).click().run()
    (export,) = [e for e in log.entries() if e.action == "export.csv"]
    assert set(export.persons) == shown
