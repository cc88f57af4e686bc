"""What one load run has seen, kept in a private temporary SQLite file, not in Python objects.

A load must read each input once (a folder and a file in it may both be named) and must fail
a file whose case id an earlier file of the run already claimed. Held as Python strings and
integers, that bookkeeping cost about 200 bytes a file, most of the loader's memory growth
at a million entities (275,000 files). Worse, small objects that outlive every batch pin
the allocator's memory arenas that the batches' short-lived objects used, so that an arena
is never given back (docs/scaling.md, "Loader memory"). In SQLite's own file, behind its page
cache of a few megabytes, the loader's memory no longer grows with the number of files.

SQLite's "private temporary on-disk database" (an empty file name) is deleted when the
connection closes; only the reading thread uses it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

#: names handed out per query while the inputs are walked
_CHUNK = 1_000


class RunRecord:
    """The run's inputs, each once in the order first given, and the case ids they claim."""

    def __init__(self, names: Iterable[str]) -> None:
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE inputs (number INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
            "CREATE TABLE cases (id TEXT PRIMARY KEY, input INTEGER NOT NULL) WITHOUT ROWID;"
            "BEGIN;")
        self._db.executemany("INSERT OR IGNORE INTO inputs (name) VALUES (?)",
                             ((name,) for name in names))
        #: how many distinct inputs the run has
        self.count: int = self._db.execute("SELECT count(*) FROM inputs").fetchone()[0]

    def inputs(self) -> Iterator[tuple[int, str]]:
        """(number, name) of each input, in order, a chunk at a time."""
        last = 0
        while chunk := self._db.execute(
                "SELECT number, name FROM inputs WHERE number > ? ORDER BY number LIMIT ?",
                (last, _CHUNK)).fetchall():
            yield from chunk
            last = chunk[-1][0]

    def claim(self, number: int, case_ids: Iterable[str]) -> dict[str, str]:
        """The case ids an earlier input claimed, with its name; if there are none, these
        ids are now input ``number``'s."""
        ids = list(case_ids)
        taken = {}
        for case_id in ids:
            row = self._db.execute(
                "SELECT inputs.name FROM cases JOIN inputs ON inputs.number = cases.input "
                "WHERE cases.id = ?", (case_id,)).fetchone()
            if row:
                taken[case_id] = row[0]
        if not taken:
            self._db.executemany("INSERT OR IGNORE INTO cases (id, input) VALUES (?, ?)",
                                 ((case_id, number) for case_id in ids))
        return taken

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunRecord:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
