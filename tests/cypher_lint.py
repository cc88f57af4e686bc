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
import os
import shutil
import subprocess
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
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
    """Lint every statement; return name -> list of diagnostics. The analyser is slow (two
    minutes for what dismark ships), so the statements are shared out between one node
    process per CPU, run side by side."""
    node = shutil.which("node")
    if node is None:
        raise CypherLintUnavailable(f"node is not on PATH; install Node.js, then {INSTALL_HINT}")
    if not PACKAGE_DIR.is_dir():
        raise CypherLintUnavailable(f"{PACKAGE_DIR} is missing; {INSTALL_HINT}")
    items = [{"name": name, "cypher": cypher} for name, cypher in statements.items()]
    shares = [items[i::max(os.cpu_count() or 1, 1)] for i in range(os.cpu_count() or 1)]
    with ThreadPoolExecutor(len(shares)) as pool:
        answers = list(pool.map(lambda share: _lint_share(node, share, timeout),
                                [share for share in shares if share]))
    return {item["name"]: item["diagnostics"] for answer in answers for item in answer}


def _lint_share(node: str, items: list[dict[str, str]], timeout: float) -> list[dict]:
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise CypherLintError(f"{LINT_SCRIPT} exited with {proc.returncode}:\n{proc.stderr}")
    return json.loads(proc.stdout)
