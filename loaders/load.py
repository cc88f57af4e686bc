"""Load case files into a store: validate everything first, then one atomic write per case.

A file with any problem writes nothing; the other files still load and the report says
which did what. Re-running is safe: a case whose content digest is already in the graph is
skipped, and every write is a MERGE on stable keys. A run cut off half-way (loader or
database killed) is repaired by running the same command again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
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

#: (cases done, cases in all, name of the case just written)
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
                "rows_per_second": round(self.rows_per_second, 1), "dry_run": self.dry_run}


def _one_by_one(store: GraphStore, ontology: Ontology, batch: list[Case],
                by_file: dict[str, FileReport], stamp: Mapping[str, object]) -> int:
    """Write a refused batch case by case, to tell which file the store refuses."""
    written = 0
    for case in batch:
        try:
            write_cases(store, ontology, [case], **stamp)
            written += case.rows
        except StoreError as exc:
            _fail(by_file[case.id], case, exc)
    return written


def _fail(file_report: FileReport, case: Case, exc: Exception) -> None:
    file_report.status = "failed"
    file_report.problems.append(f"{case.source}: case {case.id!r} was not written: {exc}")


def read_all(paths: Iterable[Path], ontology: Ontology) -> tuple[list[FileReport], list[Case]]:
    """Read and check every input; a case id claimed by two files fails the second file."""
    reports: list[FileReport] = []
    cases: list[Case] = []
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
            reports.append(report)
            continue
        for case in found:
            owner[case.id] = str(path)
        report.cases = [c.id for c in found]
        report.rows = sum(c.rows for c in found)
        report.sha256 = input_sha256(path)
        reports.append(report)
        cases.extend(found)
    return reports, cases


#: Small cases share one write (one round trip) up to these sizes; a large case goes alone.
BATCH_ROWS, BATCH_CASES = 20_000, 500


def write_cases(store: GraphStore, ontology: Ontology, cases: list[Case], *,
                replace: bool = False, files: Mapping[str, str] | None = None,
                loaded_at: str | None = None) -> None:
    """Write whole cases in one statement (see ``cypher.cases_statement`` for why), with
    the ledger: the hash of each case's input file (``files``, by case id) and the time."""
    store.write(*cypher.cases_statement(ontology, cases, replace=replace, files=files,
                                        loaded_at=loaded_at))


def _record_files(store: GraphStore, ontology: Ontology, cases: list[Case],
                  loaded: Mapping[str, dict], files: Mapping[str, str]) -> None:
    """Unchanged cases read from other bytes (reformatted, re-exported): the ledger learns
    the new file's hash, in one write; their content and ``loaded_at`` stay."""
    rows = [{"id": c.id, "digest": c.digest, "file_sha256": files[c.id]} for c in cases
            if loaded.get(c.id, {}).get("digest") == c.digest
            and loaded[c.id].get("file_sha256") != files[c.id]]
    if rows:
        store.write(cypher.file_hash_statement(ontology), {"rows": rows})


def batches(cases: list[Case], replaced: set[str]) -> Iterator[tuple[list[Case], bool]]:
    """Consecutive new cases grouped up to the batch limits; a replaced case on its own."""
    batch: list[Case] = []
    rows = 0
    for case in cases:
        if case.id in replaced or (batch and (rows + case.rows > BATCH_ROWS
                                              or len(batch) == BATCH_CASES)):
            if batch:
                yield batch, False
            batch, rows = [], 0
        if case.id in replaced:
            yield [case], True
            continue
        batch.append(case)
        rows += case.rows
    if batch:
        yield batch, False


def load_paths(store: GraphStore | None, paths: Iterable[Path], ontology: Ontology, *,
               dry_run: bool = False, progress: Progress | None = None) -> LoadReport:
    """Validate all inputs, then write every case not already in the graph as it is now.

    A case loaded before with other content replaces its earlier version: what only the
    old version asserted is taken back, in the same atomic write.
    """
    started = time.perf_counter()
    reports, cases = read_all(paths, ontology)
    report = LoadReport(reports, dry_run=dry_run)
    if dry_run or store is None or not cases:
        report.seconds = time.perf_counter() - started
        return report
    store.ensure_schema(ontology)
    loaded = {row["id"]: row for row in store.read(
        cypher.ledger_query(ontology), {"ids": [c.id for c in cases]},
        max_rows=len(cases) + 1).records()}
    fresh = {c.id for c in cases if loaded.get(c.id, {}).get("digest") != c.digest}
    # A case file node without a digest is only a reference from another case: nothing to undo.
    replaced = {case_id for case_id in fresh if loaded.get(case_id, {}).get("digest")}
    by_file = {case_id: r for r in reports for case_id in r.cases}
    stamp = {"files": {case_id: r.sha256 for case_id, r in by_file.items()},
             "loaded_at": datetime.now(UTC).isoformat(timespec="seconds")}
    _record_files(store, ontology, cases, loaded, stamp["files"])
    done = 0
    for batch, replace in batches([c for c in cases if c.id in fresh], replaced):
        try:
            write_cases(store, ontology, batch, replace=replace, **stamp)
            report.rows_written += sum(c.rows for c in batch)
        except StoreError as exc:
            if len(batch) == 1:
                _fail(by_file[batch[0].id], batch[0], exc)
            else:
                report.rows_written += _one_by_one(store, ontology, batch, by_file, stamp)
        done += len(batch)
        if progress:
            progress(done, len(fresh), batch[-1].id)
    for file_report in reports:
        if file_report.status == "valid":
            cases_of = set(file_report.cases)
            file_report.status = ("updated" if cases_of & replaced else
                                  "loaded" if cases_of & fresh else "unchanged")
    report.seconds = time.perf_counter() - started
    return report
