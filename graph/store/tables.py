"""Query results as text: an aligned table, JSON or CSV (graph values as plain data)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, is_dataclass
from typing import Any

from graph.store import GraphNode, GraphPath, GraphRelationship, QueryResult

#: Characters that act instead of showing: C0 and C1 controls and DEL (a terminal clears
#: the screen or sets its title on ``ESC ]``), the bidirectional overrides that reorder what
#: is shown, line separators, and what XML 1.0 forbids (U+FFFE, U+FFFF, lone surrogates).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                       "\ud800-\udfff\ufffe\uffff]")


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` fit for a terminal, a log line or an XML file: every control character
    except those in ``keep`` (e.g. ``"\\n"``) written as its ``\\uXXXX`` escape, visible and
    still valid inside a JSON string. Case-file text is data and must never act."""
    return _CONTROLS.sub(lambda m: m.group(0) if m.group(0) in keep
                         else f"\\u{ord(m.group(0)):04x}", text)


def plain(value: Any) -> Any:
    """A value ready for JSON: nodes, relationships and paths become dicts."""
    if is_dataclass(value):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def brief(value: Any) -> Any:
    """Graph values named the way analysts read them in a table cell: a node as
    ``Label:id``, a relationship by its id (``a>TYPE>b``), a path as ``a -TYPE- b``."""
    if isinstance(value, GraphNode):
        return f"{value.labels[0] if value.labels else ''}:{value.properties.get('id', '')}"
    if isinstance(value, GraphRelationship):
        return str(value.properties.get("id") or value.type)
    if isinstance(value, GraphPath):
        ids = [str(n.properties.get("id", "")) for n in value.nodes]
        steps = [f" -{r.type}- {ids[i + 1]}" for i, r in enumerate(value.relationships)]
        return ids[0] + "".join(steps) if ids else ""
    if isinstance(value, (list, tuple)):
        return [brief(v) for v in value]
    return value


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a leading apostrophe when a spreadsheet would run it as a formula:
    case-file text such as ``=HYPERLINK(...)`` must reach the analyst as text."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


#: ``keep`` for text left as it is (escaped later, or not at all)
_ALL = "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x7f, 0xa0)))


def _cell(value: Any, keep: str = "") -> str:
    """A table or CSV cell: text as is, nothing for null, other values as JSON; control
    characters but those in ``keep`` escaped."""
    value = plain(brief(value))
    if value is None:
        return ""
    return escape_controls(value if isinstance(value, str) else
                           json.dumps(value, ensure_ascii=False), keep)


def _csv_cell(value: Any) -> str:
    """A CSV cell: text neutralised against formula injection; numbers left as numbers.
    Tabs and line breaks stay (CSV quotes them); other control characters are escaped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _cell(value)
    return escape_controls(spreadsheet_safe(_cell(value, keep=_ALL)), keep="\t\n")


def render(result: QueryResult, fmt: str) -> str:
    """``result`` as ``json``, ``csv`` or an aligned ``table``, with no control character
    left that a terminal would act on (``escape_controls``)."""
    if fmt == "json":  # json escapes C0 itself; DEL, C1 and the bidi marks it leaves raw
        return escape_controls(json.dumps([{k: plain(v) for k, v in r.items()}
                                           for r in result.records()],
                                          ensure_ascii=False, indent=2), keep="\n") + "\n"
    columns = [escape_controls(c) for c in result.columns]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines) + f"\n({len(result.rows)} rows)\n"


def rows_table(rows: list[dict[str, Any]]) -> str:
    """Rows of dicts (all with the same keys) as an aligned table."""
    columns = list(rows[0]) if rows else []
    rows_out = [tuple(row.get(c) for c in columns) for row in rows]
    return render(QueryResult(columns, rows_out), "table")
