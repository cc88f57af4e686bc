"""The embedded server's limits belong to the store, not to whoever opens it last.

They are kept next to the database file (``PATH.limits``, JSON, 0600): written by the writer
that creates the store (from its environment) or by ``dismark store settings`` (an admin),
and applied by whoever starts the server. A client that joins a running server never sets
them; it reads the effective values from the server before each query (``effective``), so
its time limits fit the server's and an answer the server cut is reported as cut.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.access.private_files import replace_private
from graph.errors import InvalidInput, Problem, StoreError
from graph.store.config import Settings

_SOURCE = "store settings"


@dataclass(frozen=True)
class StoreLimits:
    """What the server enforces for every client: time limits and the row ceiling."""

    #: seconds a read may run unless it asks for less (FalkorDB's TIMEOUT_DEFAULT)
    query_timeout: float
    #: seconds any query may run, writes included (TIMEOUT_MAX; a write is rolled back)
    write_timeout: float
    #: rows any answer holds at most (RESULTSET_SIZE is one more, to tell a cut answer)
    row_ceiling: int

    @classmethod
    def of(cls, settings: Settings) -> StoreLimits:
        return cls(settings.read_timeout, settings.write_timeout, settings.row_ceiling)

    def checked(self) -> StoreLimits:
        """These limits, or ``InvalidInput`` naming what is wrong (never a server error)."""
        problems = [Problem(_SOURCE, None, name, f"expected a positive number, got {value!r}")
                    for name, value in asdict(self).items()
                    if not isinstance(value, (int, float)) or value <= 0]
        if not problems and self.query_timeout > self.write_timeout:
            problems.append(Problem(
                _SOURCE, None, "query_timeout",
                f"a read's time limit ({self.query_timeout:g} s) cannot exceed the limit of "
                f"every query ({self.write_timeout:g} s, DISMARK_WRITE_TIMEOUT)",
                "lower DISMARK_QUERY_TIMEOUT or raise DISMARK_WRITE_TIMEOUT"))
        if not problems and self.write_timeout * 1000 >= 2**31:
            problems.append(Problem(_SOURCE, None, "write_timeout",
                                    f"{self.write_timeout:g} s is longer than FalkorDB allows"))
        if problems:
            raise InvalidInput(problems)
        return self

    def config(self) -> list[tuple[str, int]]:
        """The ``GRAPH.CONFIG SET`` pairs, in an order FalkorDB accepts from any start:
        the default may never exceed the maximum, so the maximum goes first only when
        it grows (``apply`` tries both)."""
        return [("TIMEOUT_MAX", round(self.write_timeout * 1000)),
                ("TIMEOUT_DEFAULT", round(self.query_timeout * 1000)),
                ("RESULTSET_SIZE", int(self.row_ceiling) + 1)]


def limits_file(path: Path) -> Path:
    return path.with_name(path.name + ".limits")


def load(path: Path) -> StoreLimits | None:
    """The store's limits, or None for a store that has none yet."""
    try:
        raw = json.loads(limits_file(path).read_text())
        return StoreLimits(float(raw["query_timeout"]), float(raw["write_timeout"]),
                           int(raw["row_ceiling"])).checked()
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, InvalidInput) as exc:
        raise StoreError(f"{limits_file(path)} is damaged ({exc}); set the limits again with "
                         "`dismark store settings`") from exc


def save(path: Path, limits: StoreLimits) -> None:
    """Write the store's limits (0600), replacing the file whole."""
    replace_private(limits_file(path), json.dumps(asdict(limits.checked())))


def apply(client: Any, limits: StoreLimits) -> None:
    """Set ``limits`` on the server (its owner only: at start or by an admin)."""
    from redis.exceptions import RedisError

    pairs = limits.checked().config()
    last: Exception | None = None
    for order in (pairs, [pairs[1], pairs[0], pairs[2]]):
        try:
            for name, value in order:
                client.execute_command("GRAPH.CONFIG", "SET", name, value)
            return
        except RedisError as exc:
            last = exc
    raise StoreError(f"FalkorDB refused the store's limits {asdict(limits)}: {last}")


def effective(client: Any) -> dict[str, int]:
    """The server's limits now: TIMEOUT_MAX and RESULTSET_SIZE (0 or -1: none), or {} when
    this client may not ask (a remote reader whose ACL lacks ``graph.config|get``)."""
    from redis.exceptions import RedisError

    found: dict[str, int] = {}
    for name in ("TIMEOUT_MAX", "RESULTSET_SIZE"):
        try:
            reply = client.execute_command("GRAPH.CONFIG", "GET", name)
        except RedisError:
            return {}
        found[name] = int(reply[1])
    return found
