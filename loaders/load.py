"""Load case files into a store: each file read and checked whole, then written atomically.

A file with any problem writes nothing; the other files still load and the report says
which did what. Re-running is safe: a case whose content digest is already in the graph is
skipped, and every write is a MERGE on stable keys. A run cut off half-way (loader or
database killed) is repaired by running the same command again.

Files stream through: cases are grouped into batches as they are read, and one writer thread
sends a batch to the store while the next is read, checked and built (the database works in
its own process, so the two overlap on two cores). At most two batches wait, so the loader's
memory stays flat however many files a load has.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph import cypher
from graph.case import Case
from graph.errors import InvalidInput, Problem, StoreError
from graph.ontology import Ontology
from graph.store import GraphStore
from loaders.ledger import input_sha256
from loaders.registry import discover, read_input

#: (files done, files in all, name of the case just written or found unchanged)
Progress = Callable[[int, int, str], None]


STATUSES = ("valid", "loaded", "updated", "unchanged", "failed")


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
    #: where the time went: reading and checking the files (the main thread), and the
    #: writer thread's statements (building them, the database's work); they overlap
    read_seconds: float = 0.0
    write_seconds: float = 0.0

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
        counts = {s: sum(f.status == s for f in self.files)
                  for s in STATUSES}
        return {"files": [asdict(f) for f in self.files], "summary": counts,
                "rows_written": self.rows_written, "seconds": round(self.seconds, 3),
                "rows_per_second": round(self.rows_per_second, 1), "dry_run": self.dry_run,
                "read_seconds": round(self.read_seconds, 3),
                "write_seconds": round(self.write_seconds, 3)}


def _fail(file_report: FileReport, case: Case, exc: Exception) -> None:
    file_report.status = "failed"
    file_report.problems.append(f"{case.source}: case {case.id!r} was not written: {exc}")


def read_each(paths: Iterable[Path], ontology: Ontology
              ) -> Iterator[tuple[FileReport, list[Case]]]:
    """Read and check each input in turn; a case id claimed by two files fails the second."""
    owner: dict[str, str] = {}
    for path in discover(paths):
        report = FileReport(str(path), "valid")
        try:
            found = read_input(path, ontology)
            clashes = [Problem(c.source, None, "case.id", f"case {c.id!r} is also in {owner[c.id]}",
                               "give each case file its own id") for c in found if c.id in owner]
            if clashes:
                raise InvalidInput(clashes)
        except InvalidInput as exc:
            report.status, report.problems = "failed", [str(p) for p in exc.problems]
            report.issues = list(exc.problems)
            yield report, []
            continue
        for case in found:
            owner[case.id] = str(path)
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


#: Small cases share one write (one round trip) up to these sizes; a large case goes alone.
BATCH_ROWS, BATCH_CASES = 20_000, 500
#: Batches sent to the writer and not yet written: one being written, one ready behind it.
IN_FLIGHT = 2


def write_cases(store: GraphStore, ontology: Ontology, cases: list[Case], *,
                replace: bool = False, files: Mapping[str, str] | None = None,
                loaded_at: str | None = None) -> None:
    """Write whole cases in one statement (see ``cypher.cases_statement`` for why), with
    the ledger: the hash of each case's input file (``files``, by case id) and the time."""
    store.write(*cypher.cases_statement(ontology, cases, replace=replace, files=files,
                                        loaded_at=loaded_at))


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
    #: how many files were read when the batch was sent, and its last case, for progress
    files_read: int = 0
    last_case: str = ""
    seconds: float = 0.0


class _Loader:
    """One load run: reads stream in, writes go to one writer thread, the report fills up."""

    def __init__(self, store: GraphStore, ontology: Ontology, report: LoadReport,
                 files_in_all: int, progress: Progress | None) -> None:
        self.store, self.ontology, self.report = store, ontology, report
        self.files_in_all, self.progress = files_in_all, progress
        self.loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        #: case id -> its file's report and input hash (ids only: memory stays small)
        self.file_of: dict[str, FileReport] = {}
        self.fresh: set[str] = set()
        self.replaced: set[str] = set()
        self.pending: deque[Future[_Written]] = deque()
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dismark-writer")

    def run(self, read: Iterator[tuple[FileReport, list[Case]]]) -> None:
        try:
            for batch in batches(self._cases(read)):
                self._send(batch)
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
            self.report.files.append(file_report)
            for case in found:
                self.file_of[case.id] = file_report
                yield case

    def _send(self, batch: list[Case]) -> None:
        """Skip what the graph already has; queue the rest (a replaced case on its own)."""
        loaded = {row["id"]: row for row in self.store.read(
            cypher.ledger_query(self.ontology), {"ids": [c.id for c in batch]},
            max_rows=len(batch) + 1).records()}
        files = {c.id: self.file_of[c.id].sha256 for c in batch}
        _record_files(self.store, self.ontology, batch, loaded, files)
        fresh = [c for c in batch if loaded.get(c.id, {}).get("digest") != c.digest]
        # A case file node without a digest is only a reference from another case: nothing
        # to undo.
        replaced = {c.id for c in fresh if loaded.get(c.id, {}).get("digest")}
        self.fresh.update(c.id for c in fresh)
        self.replaced.update(replaced)
        for cases, replace in _in_order(fresh, replaced):
            while len(self.pending) >= IN_FLIGHT:
                self._collect()
            self.pending.append(self.writer.submit(
                self._write, cases, replace, files, len(self.report.files)))
        if not fresh and self.progress:
            self.progress(len(self.report.files), self.files_in_all, batch[-1].id)

    def _write(self, cases: list[Case], replace: bool, files: Mapping[str, str],
               files_read: int) -> _Written:
        """In the writer thread: the batch in one statement, or case by case if refused (to
        tell which file the store refuses)."""
        started = time.perf_counter()
        done = _Written(files_read=files_read, last_case=cases[-1].id)
        stamp = {"files": files, "loaded_at": self.loaded_at}
        try:
            write_cases(self.store, self.ontology, cases, replace=replace, **stamp)
            done.rows = sum(c.rows for c in cases)
        except StoreError as exc:
            if len(cases) == 1:
                done.refused.append((cases[0], exc))
            else:
                self._one_by_one(cases, stamp, done)
        done.seconds = time.perf_counter() - started
        return done

    def _one_by_one(self, cases: list[Case], stamp: Mapping[str, object],
                    done: _Written) -> None:
        for case in cases:
            try:
                write_cases(self.store, self.ontology, [case], **stamp)
                done.rows += case.rows
            except StoreError as exc:
                done.refused.append((case, exc))

    def _collect(self) -> None:
        """Wait for the oldest batch sent; a store that went away stops the run."""
        done = self.pending.popleft().result()
        self.report.rows_written += done.rows
        self.report.write_seconds += done.seconds
        for case, exc in done.refused:
            _fail(self.file_of[case.id], case, exc)
        if self.progress:
            self.progress(done.files_read, self.files_in_all, done.last_case)


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
               dry_run: bool = False, progress: Progress | None = None) -> LoadReport:
    """Check every input and write every case not already in the graph as it is now.

    A case loaded before with other content replaces its earlier version: what only the
    old version asserted is taken back, in the same atomic write.
    """
    started = time.perf_counter()
    inputs = discover(paths)
    if dry_run or store is None:
        report = LoadReport([r for r, _ in read_each(inputs, ontology)], dry_run=dry_run)
        report.seconds = time.perf_counter() - started
        return report
    report = LoadReport([])
    store.ensure_schema(ontology)
    loader = _Loader(store, ontology, report, len(inputs), progress)
    loader.run(read_each(inputs, ontology))
    for file_report in report.files:
        if file_report.status == "valid":
            cases_of = set(file_report.cases)
            file_report.status = ("updated" if cases_of & loader.replaced else
                                  "loaded" if cases_of & loader.fresh else "unchanged")
    report.seconds = time.perf_counter() - started
    return report
