"""Query parameters in FalkorDB's ``CYPHER name=value …`` header, written twice as fast as
the client library writes them.

FalkorDB takes parameters as Cypher literals in front of the query text, not as a separate
binary payload, so a load's parameters (every property of thousands of rows) become tens of
megabytes of text built in Python. The library's recursive ``stringify_param_value`` was 10 %
of a large load (profile in docs/scaling.md); this writes the same literals into one list
with a dispatch on the exact type. Strings are quoted as the library quotes them (backslash
and double quote escaped), so what reaches the server is unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def header(params: Mapping[str, Any] | None) -> str:
    """``CYPHER a=1 b="x" `` for ``{"a": 1, "b": "x"}``; empty without parameters."""
    if not params:
        return ""
    return "CYPHER " + "".join(f"{_key(name)}={_text(value)} "
                               for name, value in params.items())


def _text(value: Any) -> str:
    """One literal. A list is written item by item, each joined at once: the pieces of a
    load batch's rows (a few hundred thousand small strings, five times the size of the
    text they make) are then never all alive together."""
    if type(value) is list or type(value) is tuple:
        return "[" + ",".join(map(_text, value)) + "]"
    out: list[str] = []
    _literal(value, out)
    return "".join(out)


def _key(name: Any) -> str:
    name = str(name)
    if not name or "`" in name:
        raise ValueError(f"a parameter or map key must be non-empty, without backticks: "
                         f"{name!r}")
    return name


def _literal(value: Any, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    elif value is None:
        out.append("null")
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is int or kind is float:
        out.append(repr(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(f"{',' if i else ''}`{_key(key)}`:")
            _literal(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _literal(item, out)
        out.append("]")
    elif isinstance(value, str):  # a str subclass
        _literal(str(value), out)
    elif isinstance(value, (int, float)):  # an int or float subclass (not bool)
        out.append(repr(value.real))
    else:
        raise TypeError(f"cannot send a {type(value).__name__} as a query parameter")
