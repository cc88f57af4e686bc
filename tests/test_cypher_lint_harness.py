"""Tests of the Neo4j Cypher lint harness (tools/cypher-lint) itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import cypher_lint
import pytest
from cypher_lint import CypherLintUnavailable, lint_statements

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

# Off CI a machine without node skips; on CI a missing node or package fails the tests.
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None and not IN_CI,
    reason="node is not on PATH (on CI this fails instead of skipping)",
)

STATEMENTS = {
    "typo": "MATCH (n) RETRUN n",
    "typo_line_3": "MATCH (n)\nWHERE n.id = $id\nRETRUN n",
    "undefined_variable": "MATCH (n) RETURN m",
    "falkordb_procedure": "CALL db.idx.fulltext.queryNodes('Person', $q) YIELD node RETURN node",
    "good": "MATCH (n:Person {id: $id}) RETURN n",
    "good_batch_merge": (
        "UNWIND $rows AS row MERGE (n:`Person` {id: row.id}) SET n += row.props "
        "WITH count(*) AS _ RETURN _"
    ),
    "good_constraint": (
        "CREATE CONSTRAINT dismark_person_id IF NOT EXISTS FOR (n:`Person`) REQUIRE n.id IS UNIQUE"
    ),
    "deprecated_only": "MATCH (n) RETURN id(n) AS i",
}


@pytest.fixture(scope="module")
def results() -> dict[str, list[dict[str, Any]]]:
    return lint_statements(STATEMENTS)


def errors(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in diagnostics if d["severity"] == "error"]


def test_every_statement_gets_a_result(results: dict[str, list[dict[str, Any]]]) -> None:
    assert set(results) == set(STATEMENTS)


def test_syntax_error_is_an_error_with_position(results: dict[str, list[dict[str, Any]]]) -> None:
    found = errors(results["typo"])
    assert found, results["typo"]
    assert found[0]["line"] == 1
    assert found[0]["column"] == 11  # 1-based column of RETRUN
    assert "RETRUN" in found[0]["message"]


def test_error_line_is_one_based(results: dict[str, list[dict[str, Any]]]) -> None:
    found = errors(results["typo_line_3"])
    assert found and found[0]["line"] == 3, results["typo_line_3"]


def test_semantic_error_is_reported(results: dict[str, list[dict[str, Any]]]) -> None:
    found = errors(results["undefined_variable"])
    assert any("`m` not defined" in d["message"] for d in found), results["undefined_variable"]


def test_falkordb_only_procedure_is_an_error(results: dict[str, list[dict[str, Any]]]) -> None:
    found = errors(results["falkordb_procedure"])
    assert any("db.idx.fulltext.queryNodes" in d["message"] for d in found), found


@pytest.mark.parametrize("name", ["good", "good_batch_merge", "good_constraint"])
def test_good_statement_has_no_diagnostics(
    results: dict[str, list[dict[str, Any]]], name: str
) -> None:
    assert results[name] == []


def test_warnings_are_not_errors(results: dict[str, list[dict[str, Any]]]) -> None:
    diagnostics = results["deprecated_only"]
    assert diagnostics and not errors(diagnostics)
    assert {d["severity"] for d in diagnostics} == {"warning"}


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH")
    monkeypatch.setattr(cypher_lint, "PACKAGE_DIR", Path("/nonexistent/language-support"))
    assert not cypher_lint.node_available()
    with pytest.raises(CypherLintUnavailable, match="npm ci --prefix tools/cypher-lint"):
        lint_statements({"x": "RETURN 1"})
