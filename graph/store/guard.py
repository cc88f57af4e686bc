"""Refuse analyst Cypher that could write, before it reaches an engine.

The engines' read-only modes are the second line: Neo4j's READ access mode is not a
security boundary (procedures can write through it) and FalkorDB's GRAPH.RO_QUERY knows
only its own clauses. So every analyst query (saved or typed) is first scanned here, with
comments, string literals and backtick-quoted names blanked out, for a clause that writes or
reaches outside the graph, and refused with the clause named.
"""

from __future__ import annotations

import re

from graph.errors import RefusedQuery

#: Procedures an analyst query may call: read-only look-ups on both engines.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes",
    "db.idx.fulltext.querynodes", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships",
})
_WRITING = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "ALTER",
            "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "FINISH", "INSERT")
#: one part of a name: a bare word or a backtick-quoted name (``` `` ``` is a backtick in it)
_PART = r"(?:[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)*`)"
_TOKEN = re.compile(rf"{_PART}(?:\s*\.\s*{_PART})*|[;{{}}:.]")
_BLANKED = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`(?:[^`]|``)*`",
                      re.DOTALL)


def _blank(match: re.Match) -> str:
    """Comments vanish; a literal or quoted name becomes a neutral token (its text is data)."""
    text = match.group(0)
    return " " if text.startswith(("//", "/*")) else " 0 "


def _blank_keeping_names(match: re.Match) -> str:
    """As ``_blank``, but a backtick-quoted name stays: the engine resolves
    ``CALL `db.labels`()`` like ``CALL db.labels()``, so the scan must read it too."""
    text = match.group(0)
    return text if text.startswith("`") else _blank(match)


def procedure_name(token: str) -> str:
    """The name a ``CALL`` reaches, as the allow-list spells it: quoted parts unquoted
    (``` `` ``` read as one backtick), dotted parts joined, lower case."""
    parts = re.findall(_PART, token)
    return ".".join(p[1:-1].replace("``", "`") if p.startswith("`") else p
                    for p in parts).lower()


def blank_literals(cypher: str) -> str:
    """``cypher`` with comments removed and string literals and quoted names made neutral,
    so a scan for clauses, ``$parameters`` or labels sees only the query's own words."""
    return _BLANKED.sub(_blank, cypher)


def check_read_only(cypher: str) -> None:
    """Raise ``RefusedQuery`` naming the first clause that makes ``cypher`` unsafe to run."""
    text = _BLANKED.sub(_blank_keeping_names, cypher)
    if re.search(r"/\*|'|\"|`", _BLANKED.sub(_blank, text)):
        raise RefusedQuery("an unterminated comment, string or quoted name",
                           "makes the query impossible to check")
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    for i, (token, start) in enumerate(tokens):
        word = token.upper()
        before = text[:start].rstrip()[-1:]
        after = text[start + len(token):].lstrip()[:1]
        if before in (".", ":", "$") or (after == ":" and before in ("{", ",")):
            continue  # a property, label, parameter or map key, not a clause
        if before in ("(", "[") and after in (":", ")", "]", "{", "*"):
            continue  # a node or relationship variable, e.g. [call:VIA]
        if word == ";":
            if any(t not in (";",) for t, _ in tokens[i + 1:]):
                raise RefusedQuery("';'", "separates several statements")
            continue
        if word in _WRITING:
            raise RefusedQuery(word, "writes to the graph or its schema")
        if word == "LOAD":
            raise RefusedQuery("LOAD CSV", "reads files from outside the graph")
        if word == "USE":
            raise RefusedQuery("USE", "switches to another database")
        if word == "IN" and i + 1 < len(tokens) and tokens[i + 1][0].upper() == "TRANSACTIONS":
            raise RefusedQuery("IN TRANSACTIONS", "runs batched writes")
        if word == "CALL" and i + 1 < len(tokens) and tokens[i + 1][0] not in ("{", "("):
            procedure = procedure_name(tokens[i + 1][0])
            if procedure not in ALLOWED_PROCEDURES:
                raise RefusedQuery(f"CALL {procedure}", "is not an allowed read-only procedure")
