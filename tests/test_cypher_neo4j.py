"""Neo4j's own analyser finds no error in any Cypher statement dismark ships.

Skips only when Node.js or the npm package is missing and ``CI`` is not set; in CI a
missing analyser fails the run instead of hiding the check.
"""

from __future__ import annotations

import os

import pytest
from cypher_lint import lint_statements, node_available
from shipped import shipped_statements

from graph.store.saved_queries import QUERIES_DIR


@pytest.fixture(scope="module")
def diagnostics(ontology):
    if not node_available():
        if os.environ.get("CI"):
            pytest.fail("CI must lint Cypher with Neo4j's analyser: install Node.js and run "
                        "`npm ci --prefix tools/cypher-lint`")
        pytest.skip("Node.js or tools/cypher-lint/node_modules missing")
    return lint_statements(shipped_statements(ontology))


def test_every_shipped_statement_is_valid_neo4j_cypher(diagnostics):
    errors = {name: [d for d in found if d["severity"] == "error"]
              for name, found in diagnostics.items()}
    errors = {name: found for name, found in errors.items() if found}
    assert not errors, "\n".join(f"{name}: {d['line']}:{d['column']} {d['message']}"
                                 for name, found in errors.items() for d in found)


def test_the_lint_covers_every_type(diagnostics, ontology):
    names = set(diagnostics)
    assert {f"load {rel.name}" for rel in ontology.relationships.values()
            if not rel.derived} <= names
    assert "load nodes of every label" in names
    assert any(name.startswith("neo4j schema") for name in names)
    saved = {f"queries/{path.name}" for path in QUERIES_DIR.glob("*.cypher")}
    assert saved and saved <= names, f"saved queries not linted: {sorted(saved - names)}"
