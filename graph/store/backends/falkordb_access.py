"""Safety settings of FalkorDB stores: the read-only ACL user and the durability check.

A read-only store sends every command as ``dismark-reader``, an ACL user that may only read,
so the server itself refuses writes even if dismark's own guard were bypassed. A store that
may lose a load it reported done (no append-only file synced on every write) is refused
unless declared a throw-away. docs/security.md explains both to administrators.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.access.private_files import private_secret
from graph.errors import StoreError
from graph.store.config import Settings

#: the ACL user a read-only store connects as
READER = "dismark-reader"
#: what a reader may run: read queries and their plans, the list of graphs, PING, and what
#: redis-py and falkordb-py send while connecting (AUTH/HELLO, CLIENT SETNAME/SETINFO, and
#: INFO, by which falkordb-py tells a cluster or sentinel), BGSAVE (the analyst sandbox
#: starts from a snapshot of the store; it writes only the store's own snapshot file) and
#: GRAPH.CONFIG GET (a reader reads the server's limits to report a cut answer as cut).
#: Nothing that writes the graph or configures.
READER_COMMANDS = ("graph.ro_query", "graph.explain", "graph.list", "ping", "info", "hello",
                   "auth", "client|setname", "client|setinfo", "bgsave", "graph.config|get")
#: harmless if they ran (they fail on bad input after the ACL check), refused for a reader:
#: opening a read-only store proves the server refuses the writer's commands
WRITE_PROBES = (("GRAPH.QUERY", "{graph}", "dismark read-only probe: not Cypher"),
                 ("GRAPH.DELETE", "dismark-probe-no-such-graph"),
                 ("CONFIG", "SET", "dismark-probe-no-such-option", "0"),
                 ("GRAPH.CONFIG", "SET", "dismark-probe-no-such-option", "0"))
DURABLE = {"appendonly": "yes", "appendfsync": "always"}


def reader_acl(password: str) -> list[str]:
    """The ``ACL SETUSER`` arguments that make ``dismark-reader`` a reader: all keys (the
    graph's, read through the allowed commands only), no channels, only ``READER_COMMANDS``.
    ``reset`` first, so running it again leaves exactly these rights."""
    return [READER, "reset", "on", f">{password}", "~*", "resetchannels", "-@all",
            *(f"+{command}" for command in READER_COMMANDS)]


def reader_password(path: Path) -> str:
    """The store's reader password, made on first use; only the owner may read the file."""
    return private_secret(path.with_name(path.name + ".reader-password"))


def check_durable(connection: Any, where: str, settings: Settings) -> None:
    """Refuse a server that may lose a load it reported done, unless it is a throw-away."""
    from redis.exceptions import RedisError

    if settings.throwaway:
        return
    try:
        config = connection.config_get("append*")
    except RedisError as exc:
        raise StoreError(
            f"cannot check that FalkorDB at {where} keeps what it is sent ({exc}): let "
            "dismark's user run CONFIG GET, or set DISMARK_THROWAWAY=1 if this store is a "
            "throw-away") from exc
    wrong = [f"{name} is {config.get(name, 'unset')!r}, not {want!r}"
             for name, want in DURABLE.items() if config.get(name) != want]
    if wrong:
        raise StoreError(
            f"FalkorDB at {where} may lose loaded case files in a crash: {'; '.join(wrong)}. "
            "Fix: put 'appendonly yes' and 'appendfsync always' in its redis.conf (or run "
            "CONFIG SET appendonly yes, CONFIG SET appendfsync always, CONFIG REWRITE), or "
            "set DISMARK_THROWAWAY=1 if this store is a throw-away")


def check_refuses_writes(connection: Any, graph: str, where: str) -> None:
    """Refuse a read-only store whose user the server lets run one of ``WRITE_PROBES``."""
    from redis.exceptions import NoPermissionError, RedisError

    for probe in WRITE_PROBES:
        command = [part.format(graph=graph) for part in probe]
        try:
            connection.execute_command(*command)
        except NoPermissionError:
            continue
        except RedisError:
            pass
        raise StoreError(
            f"a read-only store was asked, but FalkorDB at {where} lets this user run "
            f"{command[0]} {command[1]}: connect as a user that may only read "
            f"(ACL SETUSER {' '.join(reader_acl('<password>'))}, docs/security.md)")
