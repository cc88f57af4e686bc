"""The persons an answer shows are logged whatever column they come in: nodes, ids in plain
columns, ids in lists; ``audit search --person`` then finds every query that showed them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.access.audit import AuditLog
from graph.access.persons import persons_found, persons_in
from graph.store import GraphNode, QueryResult


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditLog:
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(path))
    return AuditLog(path)


def run(*args: str, role: str = "analyst"):
    return CliRunner().invoke(main, ["--role", role, "--purpose", "review", *args])


@pytest.mark.parametrize(("query", "columns"), [
    ("vulnerable-persons", ("person",)),
    ("shared-phones-vehicles-addresses", ("person_a", "person_b")),
])
def test_persons_in_plain_columns_are_logged_and_found(demo_store, log, query: str,
                                                       columns: tuple[str, ...]) -> None:
    result = run("query", "run", query, "--format", "json", "--store", demo_store.url)
    assert result.exit_code == 0, result.output
    shown = {row[column] for row in json.loads(result.output) for column in columns}
    assert len(shown) >= 2
    outcome = list(log.entries())[-1]
    assert outcome.details["outcome"] == "ok" and set(outcome.persons) == shown
    someone = sorted(shown)[0]
    found = run("audit", "search", "--person", someone, "--json", role="admin")
    assert found.exit_code == 0, found.output
    assert [json.loads(line)["details"].get("stage") for line in found.output.splitlines()
            ] == ["outcome"]


def test_ids_of_other_things_and_names_are_not_persons(demo_store, ontology) -> None:
    answer = QueryResult(["a", "b", "c"], [
        ("person-jeroen-vos", ["org-van-oorschot-group", "person-lotte-verschuren"],
         {"nested": "phone-nl-0600007713", "name": "Jeroen Vos"}),
        ("Jeroen Vos", [], None),
    ])
    assert persons_found(demo_store, ontology, answer) == {"person-jeroen-vos",
                                                          "person-lotte-verschuren"}


def test_persons_known_by_shape_need_no_store() -> None:
    node = GraphNode("1", ("Person",), {"id": "person-a", "name": "A"})
    thing = GraphNode("2", ("Phone",), {"id": "phone-b"})
    assert persons_in([node, thing, {"type": "Person", "id": "person-c"}]) == {"person-a",
                                                                             "person-c"}
