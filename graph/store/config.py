"""Configuration from the environment, in one place, with a zero-setup default.

Without any variable set, dismark uses the embedded FalkorDB Lite store under ``data/``.
Secrets (Neo4j credentials) come only from the environment; see ``.env.example``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from graph.errors import InvalidInput, Problem

DEFAULT_STORE = "falkordb-lite:data/dismark.db"
#: kept outside the graph store, so wiping or replacing the graph leaves the log
DEFAULT_AUDIT_LOG = "data/audit/dismark-audit.jsonl"


def _number(name: str, default: float, *, zero: bool = False) -> float:
    """A positive number (or zero, if ``zero``) from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (value == 0 and not zero) or value != value or value == float("inf"):
        kind = "a number, 0 or more" if zero else "a positive number"
        raise InvalidInput([Problem("environment", None, name,
                                    f"expected {kind}, got {raw!r}")])
    return value


def _flag(name: str) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off (unset is no)."""
    raw = (os.environ.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise InvalidInput([Problem("environment", None, name, f"expected 1 or 0, got {raw!r}",
                                "use 1 (yes) or 0 (no)")])


@dataclass(frozen=True)
class Settings:
    store_url: str = DEFAULT_STORE
    graph_name: str = "dismark"
    #: seconds a read query may run before the engine stops it
    read_timeout: float = 30.0
    #: seconds a write (one case file) may run before the engine stops and rolls it back
    write_timeout: float = 600.0
    #: rows a read returns unless the caller asks for fewer or more (up to ``row_ceiling``)
    max_rows: int = 10_000
    #: hard ceiling on rows any query returns; the embedded engine enforces it server-side
    row_ceiling: int = 1_000_000
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    audit_log: str = DEFAULT_AUDIT_LOG
    #: open the store as a reader: on FalkorDB every command goes through an ACL user that
    #: may only read (the server refuses writes); on Neo4j writes are refused before they run
    #: and the user's privileges are checked at connect time (docs/security.md)
    read_only: bool = False
    #: a throw-away store (tests, demos): a FalkorDB server that may lose acknowledged writes
    #: (no append-only file, or no fsync on every write) is opened instead of refused
    throwaway: bool = False
    #: address space of the analyst sandbox process in MiB: a query that needs more kills
    #: only the sandbox (graph/store/backends/falkordb_sandbox.py)
    sandbox_memory_mb: int = 2048
    #: seconds the sandbox's copy of the graph may lag behind other processes' writes
    sandbox_max_age: float = 10.0

    def with_store(self, url: str | None) -> Settings:
        return replace(self, store_url=url) if url else self


def redacted(url: str) -> str:
    """``url`` fit to print or log: a password in it (``falkordb://user:secret@host``)
    becomes ``***``."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def from_environment() -> Settings:
    """Settings from ``DISMARK_*`` and ``NEO4J_*`` variables."""
    return Settings(
        store_url=os.environ.get("DISMARK_STORE") or DEFAULT_STORE,
        graph_name=os.environ.get("DISMARK_GRAPH") or "dismark",
        read_timeout=_number("DISMARK_QUERY_TIMEOUT", 30.0),
        write_timeout=_number("DISMARK_WRITE_TIMEOUT", 600.0),
        max_rows=int(_number("DISMARK_MAX_ROWS", 10_000)),
        row_ceiling=int(_number("DISMARK_ROW_CEILING", 1_000_000)),
        neo4j_user=os.environ.get("NEO4J_USER"),
        neo4j_password=os.environ.get("NEO4J_PASSWORD"),
        neo4j_database=os.environ.get("NEO4J_DATABASE") or None,
        audit_log=os.environ.get("DISMARK_AUDIT_LOG") or DEFAULT_AUDIT_LOG,
        read_only=_flag("DISMARK_READ_ONLY"),
        throwaway=_flag("DISMARK_THROWAWAY"),
        sandbox_memory_mb=int(_number("DISMARK_SANDBOX_MEMORY_MB", 2048)),
        sandbox_max_age=_number("DISMARK_SANDBOX_MAX_AGE", 10.0, zero=True),
    )
