"""The one path analyst Cypher takes: checked, read-only, time-limited, row-capped, isolated.

The CLI's ``dismark cypher`` and ``dismark query run``, and saved queries in the explorer and
the study, call ``run_read_only``; nothing an analyst types reaches ``GraphStore.write``, and
on FalkorDB none of it runs on the server that loads and serves the explorer: it runs on the
analyst sandbox (``GraphStore.analyst_read``, docs/security.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from graph.errors import InvalidInput, Problem
from graph.store import GraphStore, QueryResult
from graph.store.guard import check_read_only


def run_read_only(store: GraphStore, cypher: str, params: Mapping[str, Any] | None = None, *,
                  timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Refuse anything that could write (``RefusedQuery``), then read on the engine's
    read-only path for analysts with the time limit and row cap."""
    check_read_only(cypher)
    return store.analyst_read(cypher, params, timeout=timeout, max_rows=max_rows)


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``key=value`` pairs from the command line, values as typed (text)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip().isidentifier():
            raise InvalidInput([Problem("command line", None, "-p", f"expected key=value, got "
                                        f"{pair!r}", "e.g. -p name=Vos -p hops=2")])
        params[key.strip()] = raw
    return params


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``key=value`` pairs for ad-hoc Cypher, which declares no types: a value that reads as
    JSON (a number, true/false/null, a list) is taken as such, anything else as text.

    A whole number outside the engines' 64-bit range is refused: FalkorDB would silently
    turn ``99999999999999999999999`` into 2^63-1 and answer a different question."""
    from graph.model.values import INT64_MAX, INT64_MIN

    params: dict[str, Any] = {}
    problems = []
    for key, raw in parse_pairs(pairs).items():
        try:
            value = json.loads(raw)
            if isinstance(value, dict):
                value = raw
        except ValueError:
            value = raw
        if any(not INT64_MIN <= n <= INT64_MAX for n in _whole_numbers(value)):
            problems.append(Problem("command line", None, f"-p {key}",
                                    f"{raw!r} is outside the 64-bit range the engines store "
                                    f"({INT64_MIN} to {INT64_MAX})",
                                    'give a smaller number, or pass text as -p key=\'"…"\''))
        params[key] = value
    if problems:
        raise InvalidInput(problems)
    return params


def _whole_numbers(value: Any) -> list[int]:
    """The whole numbers in ``value`` (a JSON scalar or list, nested lists too)."""
    if isinstance(value, list):
        return [n for item in value for n in _whole_numbers(item)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []
