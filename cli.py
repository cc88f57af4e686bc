"""The ``dismark`` command: one verb per command, each a few lines over the library.

Errors from ``graph.errors`` are turned into messages and exit codes here, in one place:
exit 2 for bad input, 1 for a store failure, 3 for a query refused as not read-only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.config import redacted
from graph.errors import DismarkError, InvalidInput, Problem, ReadOnlyViolation
from graph.ontology import load_ontology
from graph.roles import PermissionDenied

if TYPE_CHECKING:
    from loaders.load import FileReport, LoadReport

EXIT_BAD_INPUT, EXIT_STORE, EXIT_REFUSED = 2, 1, 3
store_option = click.option(
    "--store", "store_url", envvar="DISMARK_STORE", default=None, metavar="URL",
    help="falkordb-lite:PATH (default data/dismark.db), falkordb://HOST:PORT, "
         "bolt://… or neo4j://… (env DISMARK_STORE).")

format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                             default="table", show_default=True)
max_rows_option = click.option("--max-rows", type=click.IntRange(min=1), default=None,
                               help="Rows to return at most (default DISMARK_MAX_ROWS).")


class _Cli(click.Group):
    """Turns dismark's errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InvalidInput as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (ReadOnlyViolation, PermissionDenied) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_REFUSED)
        except DismarkError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_STORE)


def _open(url: str | None, *, read_only: bool = False):
    """The store at ``url``; ``read_only`` opens it as a reader, so the server itself refuses
    a write that got past the query guard (docs/security.md)."""
    from dataclasses import replace

    from graph.config import from_environment
    from graph.store import open_store

    settings = from_environment()
    return open_store(url, replace(settings, read_only=settings.read_only or read_only))


@click.group(cls=_Cli)
@click.version_option(package_name="dismark")
@click.option("--user", envvar="DISMARK_USER", default=None,
              help="Who is working (env DISMARK_USER; default: the login name). Logged.")
@click.option("--role", envvar="DISMARK_ROLE", default=None,
              help="viewer, analyst, loader or admin (env DISMARK_ROLE).")
@click.option("--purpose", envvar="DISMARK_PURPOSE", default=None,
              help="Why: the investigation or question (env DISMARK_PURPOSE). Logged.")
@click.option("--case-ref", envvar="DISMARK_CASE_REF", default="",
              help="The case reference the work is for (env DISMARK_CASE_REF). Logged.")
@click.pass_context
def main(ctx: click.Context, user: str | None, role: str | None, purpose: str | None,
         case_ref: str) -> None:
    """dismark: a knowledge graph of Belgian–Dutch criminal-network links.

    Commands that read or change the graph check the role and write the audit log
    (DISMARK_AUDIT_LOG) first: set --user/--role/--purpose or their DISMARK_ variables.
    """
    import getpass

    from graph.audit import Actor

    ctx.obj = Actor(user or getpass.getuser(), role or "", purpose or "", case_ref or "")


def _allow(action: str) -> None:
    """Refuse early (before the store is opened) when the role may not do ``action``."""
    from graph.roles import authorize

    authorize(click.get_current_context().find_root().obj, action)


def _audit(action: str, details: dict | None = None, subject: object = None) -> None:
    """Write the audit entry for ``action``: call it before the result is printed (or, for
    a write, before it runs). The persons in ``subject`` are listed as touched."""
    from graph.audit import AuditLog, persons_in
    from graph.config import from_environment
    from graph.roles import audited

    actor = click.get_current_context().find_root().obj
    audited(AuditLog(from_environment().audit_log), actor, action, details=details,
            persons=persons_in(subject) if subject is not None else ())


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
        _allow("load")
        _audit("load", {"paths": [str(p) for p in paths]})
    store = None if dry_run else _open(store_url)
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
    sys.exit(report.exit_code)


def _echo_file(f: FileReport) -> None:
    """A file's line as soon as it is final (its problems on stderr)."""
    click.echo(f"{f.status:<9} {f.path}  ({len(f.cases)} case(s), {f.rows} rows)")
    for problem in f.problems:
        click.echo(f"  {problem}", err=True)


class _JsonLoadReport:
    """``LoadReport.as_dict()`` as ``json.dumps(indent=2)`` writes it, written a file at a
    time as each is final: a load of many files prints as it goes and keeps no list of them."""

    def __init__(self) -> None:
        self.files = 0

    def file(self, f: FileReport) -> None:
        item = json.dumps(asdict(f), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        click.echo(('{\n  "files": [\n' if not self.files else ",\n") + "    " + item, nl=False)
        self.files += 1

    def end(self, report: LoadReport) -> None:
        """The rest of the document: the keys after ``files``, as ``as_dict`` orders them."""
        rest = {k: v for k, v in report.as_dict().items() if k != "files"}
        click.echo(self._head() + json.dumps(rest, indent=2, ensure_ascii=False)[1:])

    def abort(self, exc: Exception) -> None:
        """The store failed half-way: the files already final (written, unchanged or failed)
        and the error, as a document that parses, without ``summary``: the load did not end."""
        click.echo(self._head() + json.dumps({"error": str(exc)}, indent=2,
                                             ensure_ascii=False)[1:])

    def _head(self) -> str:
        return "\n  ]," if self.files else '{\n  "files": [],'


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_option
def stats(as_json: bool, store_url: str | None) -> None:
    """Count nodes per label and relationships per type (every ontology type, zeros too)."""
    from graph.stats import graph_stats

    _allow("stats.view")
    store = _open(store_url, read_only=True)
    try:
        counts = graph_stats(store, load_ontology())
    finally:
        store.close()
    _audit("stats.view")
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    for section, values in counts.items():
        click.echo(f"{section}:")
        for name, count in values.items():
            click.echo(f"  {name:<22} {count:>8}")


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
    _allow("ledger.view")
    store = _open(store_url, read_only=True)
    try:
        found = (check_files(store, paths, load_ontology()) if check
                 else ledger_entries(store, load_ontology()))
    finally:
        store.close()
    _audit("ledger.view", {"check": [str(p) for p in paths]} if check else None)
    if as_json:
        click.echo(json.dumps([{**asdict(f), **({"in_graph": f.in_graph} if check else {})}
                               for f in found], indent=2, ensure_ascii=False))
        return
    for f in found:
        if check:
            click.echo(f"{'loaded' if f.in_graph else 'new':<7} {f.sha256}  {f.path}"
                       + (f"  ({', '.join(f.cases)})" if f.cases else ""))
        else:
            click.echo(f"{f.case_id:<40} {f.file_sha256 or '-':<64} {f.loaded_at or '-'}")


@main.command()
@store_option
def schema(store_url: str | None) -> None:
    """Create the key constraints and indexes the ontology implies (safe to repeat)."""
    _allow("schema")
    _audit("schema")
    store = _open(store_url)
    try:
        ran = store.ensure_schema(load_ontology())
    finally:
        store.close()
    for statement in ran:
        click.echo(statement)
    click.echo(f"{len(ran)} schema statement(s) applied on {redacted(store.url)}")


@main.command()
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
@store_option
def wipe(yes: bool, store_url: str | None) -> None:
    """Delete the whole graph (asks for --yes)."""
    if not yes:
        raise click.UsageError("wipe deletes the whole graph; add --yes to confirm")
    _allow("wipe")
    _audit("wipe", {"store": redacted(store_url) if store_url else "default"})
    store = _open(store_url)
    try:
        store.wipe()
    finally:
        store.close()
    click.echo(f"wiped {redacted(store.url)}")


@main.command()
@click.argument("statement")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter ($KEY); numbers, true/false and lists are read as JSON.")
@format_option
@max_rows_option
@store_option
def cypher(statement: str, params: tuple[str, ...], fmt: str, max_rows: int | None,
           store_url: str | None) -> None:
    """Run a read-only Cypher query typed by an analyst.

    Anything that could write (CREATE, MERGE, SET, DELETE, REMOVE, LOAD CSV, procedures
    outside the allow-list, several statements) is refused before it runs: exit 3 and the
    refused clause named. Time limit and row cap apply.
    """
    from graph.runner import parse_params, run_read_only

    values = parse_params(params)
    _allow("cypher.run")
    store = _open(store_url, read_only=True)
    try:
        result = run_read_only(store, statement, values, max_rows=max_rows)
    finally:
        store.close()
    _audit("cypher.run", {"statement": statement, "params": values}, result)
    _print_result(result, fmt)


def _print_result(result, fmt: str) -> None:
    """A query's rows on stdout; a cut at the row cap said on stderr."""
    from graph.tables import render

    click.echo(render(result, fmt), nl=False)
    if result.truncated:
        click.echo(f"(cut at {len(result.rows)} rows; use --max-rows for more)", err=True)


def _listed(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """A comma-separated option as a tuple (empty when not given)."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@main.command()
@click.option("--measure", "measures", default="degree,betweenness,pagerank",
              show_default=True, callback=_listed,
              help="Comma-separated: degree, strength, betweenness, closeness, eigenvector, "
                   "pagerank, core, communities, brokerage, disruption.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Rows per measure.")
@click.option("--types", callback=_listed, default=None,
              help="Node types to export, isolated ones included (default: the endpoints "
                   "of the selected links).")
@click.option("--links", callback=_listed, default=None,
              help="Relationship types (default: ties between actors; see docs/metrics.md).")
@click.option("--since", default=None, help="Links seen on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Links seen on or before this date.")
@click.option("--country", callback=_listed, default=None,
              help="Keep entities of these countries (and of unknown country), e.g. BE,NL.")
@click.option("--market", callback=_listed, default=None,
              help="Keep entities of these markets (and those of none): cannabis, synthetic, "
                   "cocaine.")
@click.option("--case", "cases", multiple=True, help="Only links asserted by this case file "
              "(repeatable).")
@click.option("--min-grading", default=None, help="Only links graded at least this well "
              "(4x4, e.g. B2).")
@click.option("--weight", type=click.Choice(["links", "contacts", "graded"]), default="links",
              show_default=True, help="How a relationship weighs (see docs/metrics.md).")
@click.option("--weighted", is_flag=True, help="Let weights count: strength-like measures "
              "read weight, path measures distance = 1/weight.")
@click.option("--directed", is_flag=True, help="Follow link direction in the centralities "
              "(brokerage always does).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from this many pivots (large graphs).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Seed for sampling, communities and the random baseline.")
@click.option("--method", type=click.Choice(["louvain", "leiden"]), default="louvain",
              show_default=True, help="Community detection method.")
@click.option("--strategy", type=click.Choice(["degree", "betweenness", "brokerage", "random"]),
              default="degree", show_default=True, help="Disruption: who is removed first.")
@click.option("--steps", type=click.IntRange(min=0), default=10, show_default=True,
              help="Disruption: how many actors are removed.")
@click.option("--no-recompute", is_flag=True, help="Disruption: rank once, on the intact "
              "network.")
@click.option("--co-mentioned", is_flag=True, help="Tie two entities when one case file "
              "names both (two-mode data projected onto the entities; weight = case files "
              "shared) instead of following links.")
@click.option("--write", is_flag=True, help="Write the scores back onto the nodes "
              "(score_<measure>, score_<measure>_at).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_option
def metrics(measures, top, types, links, since, until, country, market, cases, min_grading,
            weight, weighted, directed, sample, seed, method, strategy, steps, no_recompute,
            co_mentioned, write, as_json, store_url) -> None:
    """Network metrics: key players, cross-border brokers, communities, disruption.

    Exports the selected part of the graph to networkx (one query per type), computes the
    measures and prints the top actors of each. Semantics (direction, parallel links,
    weights, distances): docs/metrics.md.
    """
    from graph.analytics import MetricsRequest, run_metrics
    from graph.export import DEFAULT_RELATIONSHIPS, Selection, export_network
    from graph.scores import SCORES, write_scores

    ontology = load_ontology()
    request = MetricsRequest(measures or ("degree", "betweenness", "pagerank"), top,
                             directed, weighted, sample, seed, method, strategy=strategy,
                             steps=steps, recompute=not no_recompute,
                             co_mentioned=co_mentioned)
    request.check()
    if co_mentioned:
        types, links = (*types, "CaseFile") if types else (), ("MENTIONED_IN",)
    selection = Selection(types, links or DEFAULT_RELATIONSHIPS, since, until, country, market,
                          tuple(cases), min_grading, weight)
    selection.check(ontology)
    _allow("metrics.run")
    if write:
        _allow("scores.write")
    store = _open(store_url, read_only=not write)
    try:
        multigraph = export_network(store, ontology, selection)
        report = run_metrics(multigraph, request)
        _audit("metrics.run", {"request": asdict(request), "selection": asdict(selection)},
               report.tables)
        kept = {name: values for name, values in report.scores.items()
                if write and name in SCORES}
        if kept:
            _audit("scores.write", {"scores": sorted(kept)})
        written = {name: write_scores(store, ontology, multigraph, name, values)
                   for name, values in kept.items()}
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"nodes": report.nodes, "edges": report.edges,
                               "summaries": report.summaries, "tables": report.tables,
                               "written": written}, indent=2, ensure_ascii=False))
        return
    from graph.tables import rows_table

    click.echo(f"{report.nodes:,} nodes, {report.edges:,} ties")
    for measure, rows in report.tables.items():
        summary = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in report.summaries.get(measure, {}).items())
        click.echo(f"\n{measure}" + (f" ({summary})" if summary else ""))
        click.echo(rows_table(rows), nl=False)
    for name, count in written.items():
        click.echo(f"wrote score_{name} on {count:,} nodes")


@main.command()
@click.option("--market", type=click.Choice(["cannabis", "synthetic", "cocaine"]), default=None,
              help="Only this market's rows of the study's Table 1.")
@click.option("--correct-effort", is_flag=True, help="Divide counts by enforcement effort "
              "(police reports per country and year; see docs/displacement.md).")
@click.option("--paths/--no-paths", default=True, show_default=True,
              help="Also list organisations whose operations moved (across the border, "
                   "between ports, from extraction to import).")
@click.option("--json", "as_json", is_flag=True, help="Print verdicts, series and paths as JSON.")
@store_option
def displacement(market: str | None, correct_effort: bool, paths: bool, as_json: bool,
                 store_url: str | None) -> None:
    """Shift or expansion per market and echelon, from the Belgian perspective.

    For each row of the study's Table 1: the verdict, its confidence, the rule's reason, the
    count regression's reading and the series it rests on; then the displacement paths of
    single organisations, with dates and case files.
    """
    from graph.displacement import verdicts
    from graph.displacement_paths import find_moves, organisation_operations
    from graph.saved_queries import load_library

    _allow("displacement.view")
    store = _open(store_url, read_only=True)
    try:
        found = verdicts(store, market=market, correct_effort=correct_effort)
        moves = find_moves(organisation_operations(store, load_library(load_ontology()))) \
            if paths else []
    finally:
        store.close()
    _audit("displacement.view", {"market": market, "correct_effort": correct_effort,
                                 "paths": paths})
    if as_json:
        click.echo(json.dumps({"verdicts": [v.as_dict() for v in found],
                               "paths": [asdict(m) for m in moves]},
                              indent=2, ensure_ascii=False, default=str))
        return
    from graph.market_view import verdict_rows
    from graph.tables import rows_table

    click.echo(rows_table(verdict_rows(found)), nl=False)
    if moves:
        click.echo("\ndisplacement paths")
        click.echo(rows_table([{"organisation": m.organisation, "kind": m.kind,
                                "from": m.before, "to": m.after, "switch": m.switch_date,
                                "support": f"{m.support_before}/{m.support_after}",
                                "operations": len(m.steps)} for m in moves]), nl=False)


@main.command("dutch-link")
@click.option("--id", "subject", default=None, help="Only this Belgian case file, site or "
              "organisation.")
@click.option("--explain", is_flag=True, help="Show each score's evidence paths and feature "
              "contributions.")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV entity_id,dutch_link of cases whose link is known; "
              "without it the score is the evidence alone.")
@click.option("--hops", type=click.IntRange(1, 4), default=3, show_default=True,
              help="Longest evidence path.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Subjects to list (highest first).")
@click.option("--write", is_flag=True, help="Write score_dutch_link onto the subjects.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@store_option
def dutch_link(subject: str | None, explain: bool, labels: Path | None, hops: int, top: int,
               write: bool, as_json: bool, store_url: str | None) -> None:
    """How likely each Belgian case file, site and organisation is to have a Dutch link.

    Every score comes with its reasons: the paths to Dutch persons, groups, grow shops,
    outlets and places, and (with analysts' labels) the model's feature contributions.
    See docs/dutch-link.md.
    """
    from graph.dutch_link import dutch_link_network, dutch_link_scores, load_labels
    from graph.scores import write_scores

    ontology = load_ontology()
    marks = load_labels(labels) if labels else None
    _allow("dutch_link.view")
    if write:
        _allow("scores.write")
    store = _open(store_url, read_only=not write)
    try:
        graph = dutch_link_network(store, ontology)
        scores = dutch_link_scores(graph, marks, hops=hops)
        shown = [s for s in scores if s.subject == subject] if subject else scores[:top]
        _audit("dutch_link.view", {"id": subject, "hops": hops, "top": top,
                                   "labels": str(labels) if labels else None},
               [[graph.nodes[n] | {"id": n} for p in s.paths for n in p.nodes()
                 if n in graph.nodes] for s in shown])
        if write:
            _audit("scores.write", {"scores": ["dutch_link"]})
            written = write_scores(store, ontology, graph, "dutch_link",
                                   {s.subject: s.probability for s in scores})
    finally:
        store.close()
    if subject is not None and not shown:
        raise InvalidInput([Problem("dutch-link", None, "--id", f"{subject!r} is not a "
                                    "Belgian case file, site or organisation in the graph")])
    if as_json:
        click.echo(json.dumps([s.as_dict(max_paths=None if explain else 3) for s in shown],
                              indent=2, ensure_ascii=False))
    else:
        _print_dutch_link(shown, explain)
    if write:
        click.echo(f"wrote score_dutch_link on {written:,} nodes", err=True)


def _print_dutch_link(scores, explain: bool) -> None:
    from graph.tables import rows_table

    if scores:
        click.echo(f"method: {scores[0].method}" + (f" ({scores[0].note})" if scores[0].note
                                                     else ""))
    click.echo(rows_table([{"subject": s.subject, "type": s.type, "name": s.name,
                            "probability": round(s.probability, 3),
                            "evidence": round(s.evidence, 3), "paths": len(s.paths)}
                           for s in scores]), nl=False)
    for s in scores if explain else []:
        detail = s.as_dict(max_paths=5)
        click.echo(f"\n{s.subject}: {detail['probability']}")
        for path in detail["paths"]:
            cases = sorted({c for link in path["links"] for c in link["case_files"]})
            click.echo(f"  {path['weight']:.3f}  {path['path']}  ({', '.join(cases)})")
        for feature, value in list(detail["contributions"].items())[:8]:
            click.echo(f"  {value:+.3f}  {feature}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write index.html and its charts into.")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV entity_id,dutch_link of known Dutch links (for the "
              "model behind the Dutch-link section).")
@click.option("--correct-effort", is_flag=True, help="Verdicts per unit of enforcement effort.")
@store_option
def report(out: Path, labels: Path | None, correct_effort: bool, store_url: str | None) -> None:
    """Write the joint Belgian-Dutch crime picture as a static HTML report.

    Verdict per market and echelon with its series and interventions, the cross-border
    brokers, the Belgian cases most likely to have a Dutch link with their reasons, and the
    displacement paths. No JavaScript and no network: it opens offline.
    """
    from graph.dutch_link import load_labels
    from graph.report import write_report

    marks = load_labels(labels) if labels else None
    _allow("report.write")
    _audit("report.write", {"out": str(out), "labels": str(labels) if labels else None,
                            "correct_effort": correct_effort})
    store = _open(store_url, read_only=True)
    try:
        index = write_report(store, load_ontology(), out, labels=marks,
                             correct_effort=correct_effort)
    finally:
        store.close()
    click.echo(f"wrote {index}")


@main.command("eval", context_settings={"ignore_unknown_options": True})
@click.argument("what", type=click.Choice(["dutch-link", "displacement"]))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def evaluate_command(what: str, args: tuple[str, ...]) -> None:
    """Measure the analyses against generated worlds with known answers (truth.json).

    `dismark eval dutch-link [--seeds 1,2,3] [--scale 1] [--json]`: cross-validated ROC AUC,
    Brier score and calibration of the Dutch-link likelihood. `dismark eval displacement
    [--seeds …] [--scale …] [--effects ROW=EFFECT …] [--json]`: shift/expansion verdict
    accuracy and displacement-path recall.
    """
    if what == "dutch-link":
        from graph.evaluate_dutch_link import main as evaluate
    else:
        from graph.evaluate_displacement import main as evaluate
    sys.exit(evaluate(list(args)))


def _effects(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    from loaders.synthetic import parse_effect

    try:
        return dict(parse_effect(value) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _years(ctx: click.Context, param: click.Parameter, value: str) -> range:
    try:
        first, last = (int(part) for part in value.split("-"))
    except ValueError:
        raise click.BadParameter(f"expected FIRST-LAST such as 2008-2022, got {value!r}") from None
    if not 1990 <= first <= last <= 2100:
        raise click.BadParameter(f"expected years from 1990 to 2100 in order, got {value!r}")
    return range(first, last + 1)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the case files and truth.json into.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option("--scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="1 gives the study's case material (59 BE and 63 NL prosecutor files, "
                   "92 MLA requests) plus police and seizure reports; N gives N times as much.")
@click.option("--format", "fmt", type=click.Choice(["dossier", "csv"]), default="dossier",
              show_default=True, help="One JSON dossier per case, or one CSV bundle.")
@click.option("--years", default="2008-2022", show_default=True, callback=_years,
              help="The period to simulate.")
@click.option("--effect", "effects", multiple=True, callback=_effects, metavar="ROW=EFFECT",
              help="Plant expansion, shift or none on a row instead of the study's verdict, "
                   "e.g. --effect cannabis/production=shift (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def synth(out: Path, seed: int, scale: float, fmt: str, years: range, effects: dict,
          as_json: bool) -> None:
    """Write synthetic case files with known answers (truth.json), calibrated on the study.

    Load them with `dismark load OUT`; truth.json says which Belgian cases have a Dutch link
    and by which paths, which shift or expansion was planted, and who is behind each name
    variant. See docs/synthetic-data.md.
    """
    from loaders.synthetic import generate

    summary = generate(out, seed=seed, scale=scale, years=years, fmt=fmt,
                       effects=effects or None)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    for kind, count in sorted(summary.case_files.items()):
        click.echo(f"  {kind:<26} {count:>8,}")
    click.echo(f"{sum(summary.case_files.values()):,} case files, {summary.entities:,} entities, "
               f"{summary.links:,} links in {summary.seconds:.1f} s -> {out}")


@main.command()
@click.option("--dir", "out_dir", type=click.Path(path_type=Path), default=Path("docs"),
              show_default=True, help="Folder to write ontology.md and queries.md into.")
@click.option("--check", is_flag=True, help="Exit 1 if a file is stale instead of writing.")
def docs(out_dir: Path, check: bool) -> None:
    """Generate docs/ontology.md (from graph/ontology.yaml) and docs/queries.md (from the
    saved queries' headers)."""
    from graph.docs import ontology_markdown, queries_markdown

    ontology = load_ontology()
    library = _library(ontology)
    pages = {"ontology.md": ontology_markdown(ontology), "queries.md": queries_markdown(library)}
    for name, text in pages.items():
        path = out_dir / name
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise click.ClickException(f"{path} is stale; run `dismark docs`")
            click.echo(f"{path} is up to date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {path}")


def _library(ontology):
    """The saved query library; refused files are reported on stderr, the rest stay usable."""
    from graph.saved_queries import load_library

    library = load_library(ontology)
    for problem in library.problems:
        click.echo(f"refused: {problem}", err=True)
    return library


@main.group()
def query() -> None:
    """Saved queries: list the library, show one, run one (read-only) with parameters."""


@query.command("list")
@click.option("--group", type=click.Choice(["indicator", "investigation", "cooperation"]),
              default=None, help="Only this group.")
@click.option("--market", type=click.Choice(["cannabis", "synthetic", "cocaine"]), default=None,
              help="Only queries for this market (and those for all markets).")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def query_list(group: str | None, market: str | None, as_json: bool) -> None:
    """List the saved queries; exits 2 if a query file was refused (the reasons on stderr)."""
    library = _library(load_ontology())
    chosen = [q for q in library.queries.values()
              if (group is None or q.group == group)
              and (market is None or {market, "all"} & set(q.tags["market"]))]
    if as_json:
        click.echo(json.dumps([{"name": q.name, "title": q.title, "group": q.group,
                                "returns": q.returns, "tags": q.tags,
                                "params": list(q.params)} for q in chosen], indent=2))
    else:
        width = max((len(q.name) for q in chosen), default=0)
        for q in chosen:
            click.echo(f"{q.name:<{width}}  {q.group:<13} {q.returns:<8}  {q.title}")
    if library.problems:
        sys.exit(EXIT_BAD_INPUT)


@query.command("show")
@click.argument("name")
def query_show(name: str) -> None:
    """Show a saved query: what it answers, its parameters and its Cypher."""
    q = _library(load_ontology()).get(name)
    click.echo(f"{q.name}: {q.title}\n{q.group}, returns a {q.returns}; "
               + "; ".join(f"{k}: {', '.join(v)}" for k, v in q.tags.items()))
    click.echo(f"\n{q.description}\n")
    for p in q.params.values():
        default = "required" if p.required else f"default {json.dumps(p.default)}"
        click.echo(f"  -p {p.name}=…  {p.describe_type()}, {default}: {p.description}")
    click.echo(f"\n{q.cypher}")


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter the query declares (`dismark query show NAME` lists them); "
                   "lists as a,b,c or a JSON list.")
@format_option
@max_rows_option
@store_option
def query_run(name: str, params: tuple[str, ...], fmt: str, max_rows: int | None,
              store_url: str | None) -> None:
    """Run a saved query read-only: parameters are type-checked against its header first."""
    from graph.runner import parse_pairs
    from graph.saved_queries import run_saved

    saved = _library(load_ontology()).get(name)
    values = parse_pairs(params)
    bound = saved.bind(values, from_text=True)  # bad parameters fail before the store opens
    _allow("query.run")
    store = _open(store_url, read_only=True)
    try:
        result = run_saved(store, saved, values, from_text=True, max_rows=max_rows)
    finally:
        store.close()
    _audit("query.run", {"query": name, "params": bound}, result)
    _print_result(result, fmt)


@main.group()
def audit() -> None:
    """Check and search the audit log (DISMARK_AUDIT_LOG) of who did what, when and why."""


def _audit_path(path: Path | None) -> Path:
    from graph.config import from_environment

    return path or Path(from_environment().audit_log)


log_option = click.option("--log", "log_path", type=click.Path(path_type=Path), default=None,
                          help="The audit log (default DISMARK_AUDIT_LOG).")


@audit.command("verify")
@log_option
def audit_verify(log_path: Path | None) -> None:
    """Check the hash chain: an edited, deleted, reordered or cut-off entry fails (exit 2)."""
    from graph.audit import verify

    path = _audit_path(log_path)
    result = verify(path)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    if not result.intact:
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{path}: {result.entries} entries, chain intact")


@audit.command("search")
@log_option
@click.option("--user", default=None)
@click.option("--person", default=None, help="Entries that touched this person's id.")
@click.option("--operation", default=None, help="consultation, disclosure, collection, "
                                                "alteration, combination or erasure.")
@click.option("--action", default=None, help="e.g. query.run, export.csv, load.")
@click.option("--case-ref", default=None)
@click.option("--since", default=None, help="From this UTC date or time (YYYY-MM-DD…).")
@click.option("--until", default=None, help="Up to this UTC date or time.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def audit_search(log_path: Path | None, as_json: bool, **filters: str | None) -> None:
    """Entries matching every filter, oldest first: for a supervisor's review."""
    from graph.audit import search

    _allow("audit.search")
    found = search(_audit_path(log_path), **filters)
    _audit("audit.search", {k: v for k, v in filters.items() if v is not None})
    for entry in found:
        if as_json:
            click.echo(json.dumps(asdict(entry), ensure_ascii=False))
        else:
            persons = f" persons={','.join(entry.persons)}" if entry.persons else ""
            click.echo(f"{entry.seq:>6} {entry.at} {entry.user} ({entry.role}) "
                       f"{entry.operation} {entry.action} purpose={entry.purpose!r} "
                       f"case={entry.case_ref or '-'}{persons}")


if __name__ == "__main__":
    main()
