"""Neo4j 5 through the official ``neo4j`` driver (routing-aware: a cluster or Aura works).

Credentials come only from ``NEO4J_USER`` / ``NEO4J_PASSWORD``. Writes run in one managed
transaction each (the driver retries transient failures; our statements are idempotent).
Reads are refused before they run unless EXPLAIN classifies them as read-only ("r"), and
then run in a READ-mode transaction with a timeout; READ mode alone is not enough, since
procedures can write through it.

A store opened read-only (``Settings.read_only``) also refuses writes before they reach the
server and, on Enterprise Edition, checks at connect time that the user holds no privilege
beyond reading (``SHOW USER PRIVILEGES``). Community Edition has no roles: there the
EXPLAIN test and READ-mode sessions are the protection (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.errors import QueryTimeout, ReadOnlyViolation, StoreError
from graph.model.ontology import Ontology
from graph.store import COUNTERS, GraphNode, GraphPath, GraphRelationship, QueryResult, cypher
from graph.store.config import Settings

WIPE_STATEMENT = ("MATCH (n) CALL (n) { DETACH DELETE n } "
                  "IN TRANSACTIONS OF 10000 ROWS")


#: who is connected and with which roles; administration commands run on ``system``
CURRENT_USER = "SHOW CURRENT USER YIELD user, roles RETURN user, roles"
#: the connected user's own privileges (Enterprise Edition; Community has no roles)
USER_PRIVILEGES = ("SHOW USER PRIVILEGES YIELD access, action, graph, role "
                   "RETURN access, action, graph, role")
#: privilege actions (``SHOW PRIVILEGES``' ``action`` column) that only read; ``show_*``
#: (indexes, constraints, transactions, settings) read too. Any other granted action may
#: change the graph, the schema or the server.
READ_ACTIONS = frozenset({"access", "traverse", "read", "match", "execute",
                          "execute_function", "load"})


def beyond_reading(privileges: Iterable[Mapping[str, Any]], database: str | None) -> list[str]:
    """The granted privileges, from ``USER_PRIVILEGES`` rows, that go beyond reading the
    graph ``database`` (any graph when None), worded for an error message."""
    return sorted({f"{p['action']} on {p['graph']} (role {p['role']})" for p in privileges
                   if p["access"] == "GRANTED" and p["action"] not in READ_ACTIONS
                   and not p["action"].startswith("show_")
                   and (database is None or p["graph"] in ("*", database))})


def schema_statements(ontology: Ontology) -> list[str]:
    """Key constraints for every label and id indexes for every relationship type."""
    statements = []
    for node in ontology.nodes.values():
        statements.append(
            f"CREATE CONSTRAINT dismark_{node.label.lower()}_{node.key} IF NOT EXISTS "
            f"FOR (n:{cypher.label(ontology, node.label)}) REQUIRE n.{node.key} IS UNIQUE")
    for rel in ontology.relationships.values():
        statements.append(
            f"CREATE INDEX dismark_{rel.name.lower()}_id IF NOT EXISTS "
            f"FOR ()-[r:{cypher.rel_type(ontology, rel.name)}]-() ON (r.id)")
    return statements


def open_neo4j(settings: Settings) -> Neo4jStore:
    import neo4j

    if not settings.neo4j_user or not settings.neo4j_password:
        raise StoreError("set NEO4J_USER and NEO4J_PASSWORD in the environment to use "
                         f"{settings.store_url} (credentials are never read from the URL)")
    driver = neo4j.GraphDatabase.driver(settings.store_url,
                                        auth=(settings.neo4j_user, settings.neo4j_password))
    try:
        driver.verify_connectivity()
    except Exception as exc:
        driver.close()
        raise StoreError(f"cannot reach Neo4j at {settings.store_url}: {exc}") from exc
    store = Neo4jStore(settings, driver)
    if settings.read_only:
        try:
            store.check_reader()
        except (StoreError, ReadOnlyViolation):
            driver.close()
            raise
    return store


class Neo4jStore:
    def __init__(self, settings: Settings, driver: Any):
        import neo4j

        self.settings, self.url, self._driver = settings, settings.store_url, driver
        #: Every session of this store shares one bookmark manager, so on a cluster or Aura
        #: (``neo4j://``, ``neo4j+s://``: reads routed to followers) a read sees every write
        #: this store made before it (causal consistency), e.g. a load's ledger check.
        self.bookmarks = neo4j.GraphDatabase.bookmark_manager()
        #: True once the server listed the user's privileges and they only read; False on
        #: Community Edition, which has no roles to check
        self.privileges_checked = False

    def check_reader(self) -> None:
        """Refuse to open read-only as a user who may write (Enterprise Edition).

        Community Edition answers "Unsupported administration command": it has no roles,
        so the check is skipped and ``privileges_checked`` stays False.
        """
        from neo4j.exceptions import Neo4jError

        try:
            user = self._driver.execute_query(CURRENT_USER, database_="system").records
            rows = self._driver.execute_query(USER_PRIVILEGES, database_="system").records
        except Neo4jError as exc:
            if "unsupported" in f"{exc.code} {exc.message}".lower():
                return
            raise StoreError(f"cannot list the privileges of the Neo4j user at {self.url}: "
                             f"{exc.message}") from exc
        extra = beyond_reading([r.data() for r in rows], self.settings.neo4j_database)
        if extra:
            name = user[0]["user"] if user else self.settings.neo4j_user
            raise StoreError(f"a read-only store was asked, but the Neo4j user {name!r} may "
                             f"also: {'; '.join(extra)}. Connect as a user with only the "
                             "reader role (docs/security.md)")
        self.privileges_checked = True

    def _writable(self) -> None:
        if self.settings.read_only:
            raise ReadOnlyViolation("this store was opened read-only (DISMARK_READ_ONLY): "
                                    "nothing was sent to Neo4j")

    def write(self, cypher_text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        import neo4j

        self._writable()

        # In a managed transaction the timeout belongs to the unit of work, not the Query.
        @neo4j.unit_of_work(timeout=self.settings.write_timeout)
        def work(tx: Any) -> QueryResult:
            return _collect(tx.run(cypher_text, dict(params or {})), self.settings.row_ceiling)

        with self._session(neo4j.WRITE_ACCESS) as session:
            return self._guard(lambda: session.execute_write(work))

    def prepare(self, cypher_text: str, params: Mapping[str, Any] | None = None
                ) -> tuple[str, Mapping[str, Any] | None]:
        """Unchanged: the driver sends the parameters apart, as binary values."""
        return cypher_text, params

    def read(self, cypher_text: str, params: Mapping[str, Any] | None = None, *,
             timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        import neo4j

        cap = min(max_rows or self.settings.max_rows, self.settings.row_ceiling)

        @neo4j.unit_of_work(timeout=timeout or self.settings.read_timeout)
        def work(tx: Any) -> QueryResult:
            return _collect(tx.run(cypher_text, dict(params or {})), cap)

        with self._session(neo4j.READ_ACCESS) as session:
            kind = self._guard(lambda: session.run(
                "EXPLAIN " + cypher_text, dict(params or {})).consume().query_type)
            if kind != "r":
                raise ReadOnlyViolation("this query writes to the graph or changes the schema; "
                                        "analyst queries are read-only")
            return self._guard(lambda: session.execute_read(work))

    def analyst_read(self, cypher_text: str, params: Mapping[str, Any] | None = None, *,
                     timeout: float | None = None, max_rows: int | None = None
                     ) -> QueryResult:
        """``read``: Neo4j itself stops a transaction at its time limit
        (``db.transaction.timeout``, and the driver's per-query timeout) and memory limits
        (``db.memory.transaction.max``), so no sandbox is needed (docs/neo4j.md)."""
        return self.read(cypher_text, params, timeout=timeout, max_rows=max_rows)

    def limits(self) -> dict[str, Any]:
        """The driver's own time limits; the server's are in neo4j.conf (docs/neo4j.md)."""
        return {"query_timeout": self.settings.read_timeout,
                "write_timeout": self.settings.write_timeout,
                "row_ceiling": self.settings.row_ceiling}

    def set_limits(self, limits: Any) -> None:
        raise StoreError("Neo4j's limits are the server's: set db.transaction.timeout and "
                         "db.memory.transaction.max in neo4j.conf (docs/neo4j.md)")

    def ensure_schema(self, ontology: Ontology) -> list[str]:
        self._writable()
        statements = schema_statements(ontology)
        for statement in statements:
            self.write(statement)
        return statements

    def wipe(self) -> None:
        import neo4j

        self._writable()
        # Batched deletes must run outside a managed transaction (auto-commit).
        with self._session(neo4j.WRITE_ACCESS) as session:
            self._guard(lambda: session.run(WIPE_STATEMENT).consume())

    def close(self) -> None:
        self._driver.close()

    def _session(self, mode: str) -> Any:
        return self._driver.session(database=self.settings.neo4j_database,
                                    default_access_mode=mode,
                                    bookmark_manager=self.bookmarks)

    def _guard(self, call: Any) -> Any:
        from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

        try:
            return call()
        except ClientError as exc:
            code = exc.code or ""
            if "TransactionTimedOut" in code or "Timeout" in code:
                raise QueryTimeout(f"the query ran past its time limit: {exc.message}") from exc
            if "ForbiddenDueToTransactionType" in code or "WriteOnReadOnly" in code \
                    or "AccessMode" in code:
                raise ReadOnlyViolation(f"refused as a write: {exc.message}") from exc
            raise StoreError(f"Neo4j refused the query: {exc.message}") from exc
        except ServiceUnavailable as exc:
            raise StoreError(f"Neo4j at {self.url} is unavailable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j failed: {exc}") from exc


def _collect(result: Any, cap: int) -> QueryResult:
    columns = list(result.keys())
    rows: list[tuple[Any, ...]] = []
    truncated = False
    for record in result:
        if len(rows) == cap:
            truncated = True
            break
        rows.append(tuple(_value(v) for v in record.values()))
    counters = result.consume().counters
    return QueryResult(columns, rows, truncated,
                       {name: int(getattr(counters, name, 0)) for name in COUNTERS})


def _value(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return GraphPath(tuple(_node(n) for n in value.nodes),
                         tuple(_relationship(r) for r in value.relationships))
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _node(node: Any) -> GraphNode:
    return GraphNode(node.element_id, tuple(sorted(node.labels)), dict(node))


def _relationship(rel: Any) -> GraphRelationship:
    return GraphRelationship(rel.element_id, rel.type, rel.start_node.element_id,
                             rel.end_node.element_id, dict(rel))
