"""Shortest chains between entities, read step by step: what the explorer's Paths page lists.

The chains come from the saved queries ``shortest-path`` and ``connecting-network`` (the CLI
runs the same files, so both give the same answer); this module only reads their rows. It turns
a path into steps ``A -TYPE-> B`` carrying each link's grading and case files, and applies the
page's two narrowing options to chains already found: at most N links, only some relationship
types. Narrowing never searches again, so it says so when it leaves nothing (a longer chain of
only the chosen types is not looked for).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from graph.errors import InvalidInput, Problem
from graph.store import GraphNode, GraphPath, GraphRelationship, QueryResult

#: The longest chain the saved path queries look for (their pattern's ``*..6``).
SEARCH_HOPS = 6
_PATTERN = re.compile(r"allShortestPaths\s*\(\s*\(\w*\)\s*-\s*\[\s*:\s*([A-Z_|:\s]+?)\s*\*"
                      r"\s*(?:1\s*)?\.\.\s*(\d+)\s*\]")


@dataclass(frozen=True)
class Step:
    """One link of a chain, in walking order: from ``source`` to ``target``.

    ``forward`` is False when the relationship points the other way (``A <-TYPE- B``).
    """

    source: GraphNode
    target: GraphNode
    relationship: GraphRelationship

    @property
    def forward(self) -> bool:
        return self.relationship.start == self.source.element_id

    @property
    def grading(self) -> str | None:
        return self.relationship.properties.get("grading")

    @property
    def case_files(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self.relationship.properties.get("sources") or ())

    @property
    def seen(self) -> str:
        """When the link was seen: ``2014-03-18 – 2017-05-22``, one date if both agree."""
        first, last = (self.relationship.properties.get(k) for k in ("first_seen", "last_seen"))
        return " – ".join(dict.fromkeys(str(d) for d in (first, last) if d))

    def arrow(self, name: Callable[[GraphNode], str]) -> str:
        """``Jeroen Vos -MEMBER_OF-> Kempen-crew`` (or ``<-TYPE-`` against the link)."""
        return arrow(name(self.source), self.relationship.type, name(self.target), self.forward)


def arrow(source: str, rel_type: str, target: str, forward: bool = True) -> str:
    """A link as text in walking order: ``A -TYPE-> B``, or ``A <-TYPE- B`` when it points back."""
    return f"{source} -{rel_type}-> {target}" if forward else f"{source} <-{rel_type}- {target}"


def steps_of(path: GraphPath) -> tuple[Step, ...]:
    """The path's links in walking order, each with the nodes on either side."""
    return tuple(Step(path.nodes[i], path.nodes[i + 1], rel)
                 for i, rel in enumerate(path.relationships))


def path_pattern(cypher: str) -> tuple[tuple[str, ...], int]:
    """The relationship types a saved path query follows and its longest chain, read from its
    pattern, so the page offers exactly those (``[:MEMBER_OF|CONTACT*..6]`` -> (MEMBER_OF,
    CONTACT), 6)."""
    match = _PATTERN.search(cypher)
    if not match:
        raise ValueError("no allShortestPaths((a)-[:T1|T2*..N]-(b)) pattern in the query")
    types = tuple(t.strip().lstrip(":").strip() for t in match.group(1).split("|"))
    return types, int(match.group(2))


def keeps(path: GraphPath, max_hops: int, types: Collection[str] | None) -> bool:
    """True when ``path`` has at most ``max_hops`` links, all of ``types`` (None: any)."""
    return len(path.relationships) <= max_hops and (
        types is None or all(r.type in types for r in path.relationships))


def narrowed(result: QueryResult, max_hops: int = SEARCH_HOPS,
             types: Collection[str] | None = None) -> QueryResult:
    """The ``shortest-path`` rows whose chain ``keeps`` (same columns, order kept)."""
    column = result.columns.index("path")
    rows = [row for row in result.rows if keeps(row[column], max_hops, types)]
    return QueryResult(list(result.columns), rows, result.truncated)


def why_none(result: QueryResult, max_hops: int = SEARCH_HOPS,
             types: Collection[str] | None = None) -> str:
    """Why no chain is left, in words: not connected, too long, or only through other types."""
    if not result.rows:
        return f"not connected by operational links within {SEARCH_HOPS} links"
    length = len(result.rows[0][result.columns.index("path")].relationships)
    if length > max_hops:
        return (f"the shortest chain has {length} links, more than the {max_hops} allowed")
    return (f"each of the {len(result.rows)} shortest chains ({length} links) uses another "
            "relationship type; longer chains of only the chosen types are not searched")


@dataclass(frozen=True)
class Pair:
    """Two of the entities to connect and the chains kept between them (none: not connected
    within the limits)."""

    source: GraphNode
    target: GraphNode
    paths: tuple[GraphPath, ...]
    #: chains the query found before narrowing
    found: int

    @property
    def length(self) -> int | None:
        return min((len(p.relationships) for p in self.paths), default=None)


def pairs_of(result: QueryResult, max_hops: int = SEARCH_HOPS,
             types: Collection[str] | None = None) -> list[Pair]:
    """The ``connecting-network`` rows as pairs, their chains narrowed as ``keeps`` says."""
    return [Pair(row["from_entity"], row["to_entity"],
                 tuple(p for p in row["paths"] if keeps(p, max_hops, types)), len(row["paths"]))
            for row in result.records()]


def pairs_result(pairs: Sequence[Pair]) -> QueryResult:
    """The pairs as one result (both ends and kept chains), for ``explore.subgraph_of``."""
    return QueryResult(["from_entity", "to_entity", "paths"],
                       [(p.source, p.target, list(p.paths)) for p in pairs])


def check_known(field: str, wanted: Sequence[str], known: Collection[str]) -> None:
    """``InvalidInput`` naming every id of ``wanted`` that no entity has."""
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise InvalidInput([Problem("explorer", None, field, f"no entity has id {i!r}",
                                    "search for it by name or id and pick one of the matches")
                            for i in unknown])
