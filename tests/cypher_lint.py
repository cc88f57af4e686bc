"""Lint Cypher statements with Neo4j's own parser and semantic analyser.

No Neo4j server can run on the build machines, so the Neo4j path is guarded by Neo4j's
official analyser (npm package @neo4j-cypher/language-support, pinned in
tools/cypher-lint/package.json) run by node through tools/cypher-lint/lint.mjs: one node
process per batch of statements. Install it with `npm ci --prefix tools/cypher-lint`.

Each diagnostic is a dict with "severity" ("error", "warning", ...), "message", and
1-based "line" and "column".
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = REPO_ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE_DIR = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
INSTALL_HINT = "run `npm ci --prefix tools/cypher-lint` from the repository root"


class CypherLintUnavailable(RuntimeError):
    """node or the Neo4j language-support package is not installed."""


class CypherLintError(RuntimeError):
    """The lint harness itself failed (not: the statements have diagnostics)."""


def node_available() -> bool:
    """True when node is on PATH and the pinned npm package is installed."""
    return shutil.which("node") is not None and PACKAGE_DIR.is_dir()


def lint_statements(
    statements: Mapping[str, str], timeout: float = 600.0
) -> dict[str, list[dict[str, Any]]]:
    """Lint every statement in one node process; return name -> list of diagnostics."""
    node = shutil.which("node")
    if node is None:
        raise CypherLintUnavailable(f"node is not on PATH; install Node.js, then {INSTALL_HINT}")
    if not PACKAGE_DIR.is_dir():
        raise CypherLintUnavailable(f"{PACKAGE_DIR} is missing; {INSTALL_HINT}")
    payload = json.dumps([{"name": name, "cypher": cypher} for name, cypher in statements.items()])
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise CypherLintError(f"{LINT_SCRIPT} exited with {proc.returncode}:\n{proc.stderr}")
    return {item["name"]: item["diagnostics"] for item in json.loads(proc.stdout)}
