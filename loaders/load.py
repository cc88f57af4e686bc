"""Load case files into a store: each file read and checked whole, then written atomically.

A file with any problem writes nothing; the other files still load and the report says
which did what. Re-running is safe: a case whose content digest is already in the graph is
skipped, and every write is a MERGE on stable keys. A run cut off half-way (loader or
database killed) is repaired by running the same command again.

Files stream through: cases are grouped into batches as they are read, and one writer thread
sends a batch to the store while the next is read, checked and built (the database works in
its own process, so the two overlap on two cores). Which of a batch's cases the graph already
has is asked in a ledger thread as soon as the batch is read, and answered before the writer's
next write (``_Turns``), so building a batch never waits for the database to finish a write.
At most two batches wait for the writer, and a file's report is final (and handed to
``on_file``) as soon as its cases are written or found unchanged: with ``keep_files=False``
only failed files stay in the report, so the loader's memory stays flat however many files a
load has.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, Problem, ReadOnlyViolation, StoreError
from graph.model.case import Case
from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher, facts
from loaders.heap import return_large_blocks
from loaders.ledger import input_sha256
from loaders.registry import each_input_name, read_input
from loaders.run_record import RunRecord

#: (files done, files in all, name of the case just written or found unchanged)
Progress = Callable[[int, int, str], None]


STATUSES = ("valid", "loaded", "updated", "unchanged", "failed")
#: Contradictions a load report lists in full (all are counted; ``dismark facts`` lists all).
KEPT_CONTRADICTIONS = 100


@dataclass
class FileReport:
    path: str
    #: valid (dry run), loaded, updated (replaced an earlier version), unchanged (already in
    #: the graph with this content) or failed
    status: str
    cases: list[str] = field(default_factory=list)
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    #: the same problems with file, line and field apart, for a table (the explorer's)
    issues: list[Problem] = field(default_factory=list, repr=False, compare=False)
    #: SHA-256 of the input (``loaders.ledger.input_sha256``), recorded in the graph's ledger
    sha256: str = ""


@dataclass
class LoadReport:
    files: list[FileReport]
    rows_written: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    #: where the time went: reading and checking the files (the main thread, which also
    #: builds the statements), and the writer thread's sending them and waiting for the
    #: database; they overlap
    read_seconds: float = 0.0
    write_seconds: float = 0.0
    #: files per status that are not in ``files`` (``keep_files=False`` keeps only failed ones)
    unkept: dict[str, int] = field(default_factory=dict)
    #: facts whose case files began to disagree in this load (``graph.store.facts``), the
    #: first ``KEPT_CONTRADICTIONS`` of them with their claims; ``contradiction_count`` all
    contradictions: list[dict] = field(default_factory=list)
    contradiction_count: int = 0

    def disagreeing(self, settled: Iterable[facts.Settled]) -> None:
        """Record the facts a write left disputed that were not before."""
        for done in settled:
            if done.newly_disputed:
                self.contradiction_count += 1
                if len(self.contradictions) < KEPT_CONTRADICTIONS:
                    self.contradictions.append(done.as_dict())

    def add(self, file_report: FileReport, keep: bool = True) -> None:
        """Record a final file: kept whole, or only counted (a failed file is always kept,
        for its problems and the exit code)."""
        if keep or file_report.status == "failed":
            self.files.append(file_report)
        else:
            self.unkept[file_report.status] = self.unkept.get(file_report.status, 0) + 1

    @property
    def summary(self) -> dict[str, int]:
        """Files per status, kept or not."""
        return {s: sum(f.status == s for f in self.files) + self.unkept.get(s, 0)
                for s in STATUSES}

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 2 if self.failed else 0

    @property
    def rows_per_second(self) -> float:
        return self.rows_written / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"files": [asdict(f) for f in self.files], "summary": self.summary,
                "rows_written": self.rows_written, "seconds": round(self.seconds, 3),
                "rows_per_second": round(self.rows_per_second, 1), "dry_run": self.dry_run,
                "read_seconds": round(self.read_seconds, 3),
                "write_seconds": round(self.write_seconds, 3),
                "contradiction_count": self.contradiction_count,
                "contradictions": self.contradictions}


def _fail(file_report: FileReport, case: Case, exc: Exception) -> None:
    file_report.status = "failed"
    file_report.problems.append(f"{case.source}: case {case.id!r} was not written: {exc}")


def read_each(paths: Iterable[Path], ontology: Ontology
              ) -> Iterator[tuple[FileReport, list[Case]]]:
    """Read and check each input in turn; a case id claimed by two files fails the second."""
    with RunRecord(each_input_name(paths)) as record:
        yield from _read_inputs(record, ontology)


def _read_inputs(record: RunRecord, ontology: Ontology
                 ) -> Iterator[tuple[FileReport, list[Case]]]:
    for number, name in record.inputs():
        path = Path(name)
        report = FileReport(name, "valid")
        try:
            found = read_input(path, ontology)
            taken = record.claim(number, (c.id for c in found))
            if taken:
                raise InvalidInput([Problem(c.source, None, "case.id",
                                            f"case {c.id!r} is also in {taken[c.id]}",
                                            "give each case file its own id")
                                    for c in found if c.id in taken])
        except InvalidInput as exc:
            report.status, report.problems = "failed", [str(p) for p in exc.problems]
            report.issues = list(exc.problems)
            yield report, []
            continue
        report.cases = [c.id for c in found]
        report.rows = sum(c.rows for c in found)
        report.sha256 = input_sha256(path)
        yield report, found


def read_all(paths: Iterable[Path], ontology: Ontology) -> tuple[list[FileReport], list[Case]]:
    """Every input read and checked (``read_each``), all kept in memory: for benchmarks and
    tests, not for loads."""
    reports: list[FileReport] = []
    cases: list[Case] = []
    for report, found in read_each(paths, ontology):
        reports.append(report)
        cases.extend(found)
    return reports, cases


#: A batch's ledger rows by case id, and the hash of each case's input file.
_Ledger = tuple[dict[str, dict], dict[str, str]]

#: Small cases share one write (one round trip) up to these sizes; a large case goes alone.
#: The loader's peak memory is about four batches (one being looked up, one building, two in
#: flight as the statement text the engine takes, ``GraphStore.prepare``), and a batch's
#: text is about 260 bytes a row. Smaller batches lower the peak but cost time as the graph
#: grows, since each batch rewrites the long case lists of the links many files assert:
#: at 14,000 rows a 1M load peaked at 114 MB instead of 134 MB but took 21 % longer, and at
#: 10,000 rows 15 % longer (docs/scaling.md, "Batch size").
BATCH_ROWS, BATCH_CASES = 20_000, 500
#: Batches sent to the writer and not yet written: one being written, one ready behind it.
IN_FLIGHT = 2


def write_cases(store: GraphStore, ontology: Ontology, cases: list[Case], *,
                replace: bool = False, files: Mapping[str, str] | None = None,
                loaded_at: str | None = None,
                statement: tuple[str, Any] | None = None) -> list[facts.Settled]:
    """Write whole cases in one statement (see ``cypher.cases_statement`` for why), with
    the ledger: the hash of each case's input file (``files``, by case id) and the time;
    then settle the facts they state (``graph.store.facts``), with, for a case replacing
    its earlier version, what that version asserted. ``statement``: the same, prepared."""
    before = facts.asserted_by(store, ontology, cases[0].id) if replace else []
    written = store.write(*(statement or cypher.cases_statement(
        ontology, cases, replace=replace, files=files, loaded_at=loaded_at)))
    try:
        return (facts.settle(store, ontology, before, everything=True)
                + facts.settle(store, ontology, facts.unsettled(written.scalar())))
    except StoreError as exc:
        # The cases are written; only what their facts show waits (module docstring).
        raise Unsettled(exc) from exc


class Unsettled(StoreError):
    """Cases were written but the facts they state could not be settled after them."""


def batches(cases: Iterable[Case]) -> Iterator[list[Case]]:
    """Consecutive cases grouped up to the batch limits, as they come."""
    batch: list[Case] = []
    rows = 0
    for case in cases:
        if batch and (rows + case.rows > BATCH_ROWS or len(batch) == BATCH_CASES):
            yield batch
            batch, rows = [], 0
        batch.append(case)
        rows += case.rows
    if batch:
        yield batch


def _in_order(fresh: list[Case], replaced: set[str]) -> Iterator[tuple[list[Case], bool]]:
    """Writes in input order (a later case's properties win): consecutive new cases
    together, a case replacing its earlier version on its own."""
    group: list[Case] = []
    for case in fresh:
        if case.id in replaced:
            if group:
                yield group, False
                group = []
            yield [case], True
        else:
            group.append(case)
    if group:
        yield group, False


@dataclass
class _Written:
    """What the writer thread did with one batch: rows in, and the cases the store refused."""

    rows: int = 0
    refused: list[tuple[Case, StoreError]] = field(default_factory=list)
    #: the ids of the batch's cases, and how many files were read when it was sent
    cases: list[str] = field(default_factory=list)
    files_read: int = 0
    seconds: float = 0.0
    settled: list[facts.Settled] = field(default_factory=list)
    #: the store went away after a write, before its facts were settled
    lost: Unsettled | None = None


class _Turns:
    """Ledger look-ups go before the writer's next write.

    The database runs a read that arrives during a write only after that write. A look-up
    queued behind the writes would hold the next batch back until the writer ran dry; so
    from the moment a look-up is asked for until it is answered, the writer sends nothing
    new (it loses a short read's time, not a batch's).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._lookups = 0

    def ask(self) -> None:
        with self._changed:
            self._lookups += 1

    def answered(self) -> None:
        with self._changed:
            self._lookups -= 1
            self._changed.notify_all()

    def write(self) -> None:
        """Wait, in the writer thread, until no look-up waits."""
        with self._changed:
            self._changed.wait_for(lambda: not self._lookups)


@dataclass
class _Open:
    """A file read and not yet final: how many of its cases still wait for the store, and
    whether one was new or replaced an earlier version (its status once none waits)."""

    report: FileReport
    waiting: int
    fresh: bool = False
    replaced: bool = False

    def status(self) -> str:
        return "updated" if self.replaced else "loaded" if self.fresh else "unchanged"


class _Loader:
    """One load run: reads stream in, writes go to one writer thread, each file's report goes
    to ``final`` once its cases are written or found unchanged, in input order."""

    def __init__(self, store: GraphStore, ontology: Ontology, report: LoadReport,
                 files_in_all: int, progress: Progress | None,
                 final: Callable[[FileReport], None]) -> None:
        self.store, self.ontology, self.report = store, ontology, report
        self.files_in_all, self.progress, self.final = files_in_all, progress, final
        self.loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.files_read = 0
        #: files read and not yet reported, in input order
        self.open: deque[_Open] = deque()
        #: case id -> its file, only while the case waits for the store
        self.file_of: dict[str, _Open] = {}
        self.pending: deque[Future[_Written]] = deque()
        self.turns = _Turns()
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dismark-writer")
        self.ledger = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dismark-ledger")

    def run(self, read: Iterator[tuple[FileReport, list[Case]]]) -> None:
        """Each batch's ledger look-up is asked for as soon as the batch is read, and
        answered while the next batch is read: the reading thread never waits for the
        database's current write (a batch asks only about its own cases, which no earlier
        batch of the run writes, since a case id claimed twice fails the second file)."""
        try:
            ahead: tuple[list[Case], Future[_Ledger], int] | None = None
            for batch in batches(self._cases(read)):
                asked = self._look_up(batch)
                if ahead:
                    self._send(*ahead)
                ahead = batch, asked, self.files_read
            if ahead:
                self._send(*ahead)
        finally:
            # Also when the store failed half-way: what was sent is written (or refused) and
            # reported before the error goes up, so no file is in the graph unreported.
            try:
                self.ledger.shutdown(wait=True)
                while self.pending:
                    self._collect()
            finally:
                self.writer.shutdown(wait=True)

    def _cases(self, read: Iterator[tuple[FileReport, list[Case]]]) -> Iterator[Case]:
        while True:
            started = time.perf_counter()
            file_report, found = next(read, (None, []))
            self.report.read_seconds += time.perf_counter() - started
            if file_report is None:
                return
            self.files_read += 1
            entry = _Open(file_report, len(found))
            self.open.append(entry)
            self._release()  # a failed file is final at once (if the files before it are)
            for case in found:
                self.file_of[case.id] = entry
                yield case

    def _look_up(self, batch: list[Case]) -> Future[_Ledger]:
        """What the graph has of the batch's cases, asked in the ledger thread; unchanged
        cases read from other bytes get their new file hash there too."""
        files = {c.id: self.file_of[c.id].report.sha256 for c in batch}
        ids = [c.id for c in batch]

        def look_up() -> _Ledger:
            try:
                loaded = {row["id"]: row for row in self.store.read(
                    cypher.ledger_query(self.ontology), {"ids": ids},
                    max_rows=len(ids) + 1).records()}
                _record_files(self.store, self.ontology, batch, loaded, files)
                return loaded, files
            finally:
                self.turns.answered()

        self.turns.ask()
        try:
            return self.ledger.submit(look_up)
        except BaseException:
            self.turns.answered()
            raise

    def _send(self, batch: list[Case], asked: Future[_Ledger], files_read: int) -> None:
        """Skip what the graph already has; queue the rest (a replaced case on its own).
        ``files_read``: how many files were read when the batch was, for the progress."""
        loaded, files = asked.result()
        known = {c.id: loaded.get(c.id, {}).get("digest") for c in batch}
        fresh = [c for c in batch if known[c.id] != c.digest]
        # A case file node without a digest is only a reference from another case: nothing
        # to undo.
        replaced = {c.id for c in fresh if known[c.id]}
        for case in fresh:
            entry = self.file_of[case.id]
            entry.fresh, entry.replaced = True, entry.replaced or case.id in replaced
        self._done(c.id for c in batch if known[c.id] == c.digest)
        for cases, replace in _in_order(fresh, replaced):
            # Built (and rendered as the engine takes it) here, before waiting for the
            # writer: the writer thread then only sends, and the database never waits for
            # Python to build its next statement.
            statement = self.store.prepare(*cypher.cases_statement(
                self.ontology, cases, replace=replace, files=files, loaded_at=self.loaded_at))
            while len(self.pending) >= IN_FLIGHT:
                self._collect()
            self.pending.append(self.writer.submit(
                self._write, cases, statement, replace, files, files_read))
        if not fresh and self.progress:
            self.progress(files_read, self.files_in_all, batch[-1].id)

    def _write(self, cases: list[Case], statement: tuple[str, dict[str, Any]], replace: bool,
               files: Mapping[str, str], files_read: int) -> _Written:
        """In the writer thread: the batch's statement, or case by case if refused (to tell
        which file the store refuses)."""
        started = time.perf_counter()
        done = _Written(cases=[c.id for c in cases], files_read=files_read)
        stamp = {"files": files, "loaded_at": self.loaded_at}
        try:
            self.turns.write()
            done.settled = write_cases(self.store, self.ontology, cases, replace=replace,
                                       statement=statement)
            done.rows = sum(c.rows for c in cases)
        except Unsettled as exc:
            done.rows, done.lost = sum(c.rows for c in cases), exc
        except (StoreError, ReadOnlyViolation) as exc:
            if len(cases) == 1:
                done.refused.append((cases[0], exc))
            else:
                self._one_by_one(cases, stamp, done)
        done.seconds = time.perf_counter() - started
        return done

    def _one_by_one(self, cases: list[Case], stamp: Mapping[str, object],
                    done: _Written) -> None:
        for case in cases:
            if done.lost:  # the store went away: the rest was not written
                done.refused.append((case, done.lost))
                continue
            try:
                self.turns.write()
                done.settled += write_cases(self.store, self.ontology, [case], **stamp)
                done.rows += case.rows
            except Unsettled as exc:
                done.rows, done.lost = done.rows + case.rows, exc
            except (StoreError, ReadOnlyViolation) as exc:
                done.refused.append((case, exc))

    def _collect(self) -> None:
        """Wait for the oldest batch sent; a store that went away stops the run (after
        the batch's files are reported: what was written is in the graph)."""
        done = self.pending.popleft().result()
        self.report.rows_written += done.rows
        self.report.write_seconds += done.seconds
        for case, exc in done.refused:
            _fail(self.file_of[case.id].report, case, exc)
        self.report.disagreeing(done.settled)
        self._done(done.cases)
        if self.progress:
            self.progress(done.files_read, self.files_in_all, done.cases[-1])
        if done.lost:
            raise done.lost

    def _done(self, case_ids: Iterable[str]) -> None:
        """These cases are written or found unchanged: forget them, report what is final."""
        for case_id in case_ids:
            self.file_of.pop(case_id).waiting -= 1
        self._release()

    def _release(self) -> None:
        """Report the files at the head of the queue that no case holds back any more
        (batches are written in input order, so files become final in that order too)."""
        while self.open and not self.open[0].waiting:
            entry = self.open.popleft()
            if entry.report.status == "valid":
                entry.report.status = entry.status()
            self.final(entry.report)


def _record_files(store: GraphStore, ontology: Ontology, cases: list[Case],
                  loaded: Mapping[str, dict], files: Mapping[str, str]) -> None:
    """Unchanged cases read from other bytes (reformatted, re-exported): the ledger learns
    the new file's hash, in one write; their content and ``loaded_at`` stay."""
    rows = [{"id": c.id, "digest": c.digest, "file_sha256": files[c.id]} for c in cases
            if loaded.get(c.id, {}).get("digest") == c.digest
            and loaded[c.id].get("file_sha256") != files[c.id]]
    if rows:
        store.write(cypher.file_hash_statement(ontology), {"rows": rows})


def load_paths(store: GraphStore | None, paths: Iterable[Path], ontology: Ontology, *,
               dry_run: bool = False, progress: Progress | None = None,
               on_file: Callable[[FileReport], None] | None = None,
               keep_files: bool = True) -> LoadReport:
    """Check every input and write every case not already in the graph as it is now.

    A case loaded before with other content replaces its earlier version: what only the
    old version asserted is taken back, in the same atomic write. Each file's report goes
    to ``on_file`` as soon as it is final, in input order; ``keep_files=False`` keeps only
    the failed files in the report (the others are counted), for loads of many files.
    The process gives large freed blocks back to the system from then on
    (``loaders.heap``), so the batches' texts do not pile up in its heap.
    """
    started = time.perf_counter()
    return_large_blocks()
    report = LoadReport([], dry_run=dry_run)

    def final(file_report: FileReport) -> None:
        report.add(file_report, keep=keep_files)
        if on_file:
            on_file(file_report)

    with RunRecord(each_input_name(paths)) as record:
        reads = _read_inputs(record, ontology)
        if dry_run or store is None:
            for file_report, _ in reads:
                final(file_report)
        else:
            store.ensure_schema(ontology)
            for statement in cypher.stale_entity_sources_statements(ontology):
                store.write(statement)
            _Loader(store, ontology, report, record.count, progress, final).run(reads)
    report.seconds = time.perf_counter() - started
    return report
