"""``dismark load`` and ``dismark ledger``: case files into the graph, and what is in it."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli import base
from cli.base import main, store_option
from graph.errors import DismarkError
from graph.model.ontology import load_ontology

if TYPE_CHECKING:
    from loaders.load import FileReport, LoadReport

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the files; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@store_option
def load(paths: tuple[Path, ...], dry_run: bool, as_json: bool, store_url: str | None) -> None:
    """Load case files (dossiers, CSV bundles, folders of them) into the graph.

    Every file is checked first; a file with any problem writes nothing and the others still
    load. Loading the same files again changes nothing. Exits 2 if any file failed.
    """
    from loaders.load import load_paths
    from loaders.progress import terminal_progress

    ontology = load_ontology()
    if not dry_run:  # a dry run reads only the files, never the graph
        base.allow("load")
        base.log("load", {"paths": [str(p) for p in paths]})
    store = None if dry_run else base.connect(store_url)
    document = _JsonLoadReport() if as_json else None
    try:
        with terminal_progress(enabled=not as_json) as progress:
            report = load_paths(store, paths, ontology, dry_run=dry_run, progress=progress,
                                on_file=document.file if document else _echo_file,
                                keep_files=False)
    except DismarkError as exc:
        if document:  # what was already printed must still parse (exit 1, message on stderr)
            document.abort(exc)
        raise
    finally:
        if store is not None:
            store.close()
    if document:
        document.end(report)
    else:
        click.echo(", ".join(f"{n} {s}" for s, n in report.summary.items() if n) +
                   f"; {report.rows_written} rows written in {report.seconds:.2f} s"
                   f" ({report.rows_per_second:,.0f} rows/s)")
        _echo_contradictions(report)
    sys.exit(report.exit_code)


def _echo_contradictions(report: LoadReport) -> None:
    """The facts this load left disputed, with what each case file says."""
    from graph.store.facts import describe

    if not report.contradiction_count:
        return
    click.echo(f"{report.contradiction_count} fact(s) began to disagree across case files "
               "(the graph shows the best-graded claim, then the latest; `dismark facts` "
               "lists every disputed fact):")
    for item in report.contradictions:
        for line in describe(item):
            click.echo(f"  {line}")
    if report.contradiction_count > len(report.contradictions):
        click.echo(f"  … and {report.contradiction_count - len(report.contradictions)} more")


def _echo_file(f: FileReport) -> None:
    """A file's line as soon as it is final (its problems on stderr)."""
    base.say(f"{f.status:<9} {f.path}  ({len(f.cases)} case(s), {f.rows} rows)")
    for problem in f.problems:
        base.say(f"  {problem}", err=True)


class _JsonLoadReport:
    """``LoadReport.as_dict()`` as ``json.dumps(indent=2)`` writes it, written a file at a
    time as each is final: a load of many files prints as it goes and keeps no list of them."""

    def __init__(self) -> None:
        self.files = 0

    def file(self, f: FileReport) -> None:
        item = json.dumps(asdict(f), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        base.say(('{\n  "files": [\n' if not self.files else ",\n") + "    " + item, nl=False)
        self.files += 1

    def end(self, report: LoadReport) -> None:
        """The rest of the document: the keys after ``files``, as ``as_dict`` orders them."""
        rest = {k: v for k, v in report.as_dict().items() if k != "files"}
        base.say(self._head() + json.dumps(rest, indent=2, ensure_ascii=False)[1:])

    def abort(self, exc: Exception) -> None:
        """The store failed half-way: the files already final (written, unchanged or failed)
        and the error, as a document that parses, without ``summary``: the load did not end."""
        base.say(self._head() + json.dumps({"error": str(exc)}, indent=2,
                                           ensure_ascii=False)[1:])

    def _head(self) -> str:
        return "\n  ]," if self.files else '{\n  "files": [],'


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True,
              help="Tell which of PATHS (dossiers, bundles, folders) are already in the graph, "
                   "by the SHA-256 of their bytes.")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger (or the check) as JSON.")
@store_option
def ledger(paths: tuple[Path, ...], check: bool, as_json: bool, store_url: str | None) -> None:
    """The load ledger: every case file in the graph, the SHA-256 of the file it came from
    and when it was loaded. With --check PATH…, which files are already in the graph."""
    from loaders.ledger import check_files
    from loaders.ledger import ledger as ledger_entries

    if check != bool(paths):
        raise click.UsageError("give PATH… with --check, and only with --check")
    base.allow("ledger.view")
    store = base.connect(store_url, read_only=True)
    try:
        found = (check_files(store, paths, load_ontology()) if check
                 else ledger_entries(store, load_ontology()))
    finally:
        store.close()
    base.log("ledger.view", {"check": [str(p) for p in paths]} if check else None)
    if as_json:
        base.say(json.dumps([{**asdict(f), **({"in_graph": f.in_graph} if check else {})}
                             for f in found], indent=2, ensure_ascii=False))
        return
    for f in found:
        if check:
            base.say(f"{'loaded' if f.in_graph else 'new':<7} {f.sha256}  {f.path}"
                     + (f"  ({', '.join(f.cases)})" if f.cases else ""))
        else:
            click.echo(f"{f.case_id:<40} {f.file_sha256 or '-':<64} {f.loaded_at or '-'}")
