"""``dismark displacement``, ``dutch-link`` and ``report``: the study's questions."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli import base
from cli.base import main, store_option
from graph.errors import InvalidInput, Problem
from graph.model.ontology import load_ontology


@main.command()
@click.option("--market", type=click.Choice(["cannabis", "synthetic", "cocaine"]), default=None,
              help="Only this market's rows of the study's Table 1.")
@click.option("--ignore-effort", is_flag=True, help="Leave out the enforcement-effort figures "
              "the case files state (used as the counts' exposure otherwise; see "
              "docs/displacement.md).")
@click.option("--paths/--no-paths", default=True, show_default=True,
              help="Also list organisations whose operations moved (across the border, "
                   "between ports, from extraction to import): findings, then leads.")
@click.option("--json", "as_json", is_flag=True, help="Print verdicts, series and paths as JSON.")
@store_option
def displacement(market: str | None, ignore_effort: bool, paths: bool, as_json: bool,
                 store_url: str | None) -> None:
    """Shift or expansion per market and echelon, from the Belgian perspective.

    For each row of the study's Table 1: the verdict, its confidence, the reason (each side's
    counts and change, the row's test), why it may be a detection effect, the effort figures
    used and the series it rests on; then the displacement paths of single organisations,
    with dates and case files: the findings, then the leads (thin or mixed support, or seen
    only through members) with why each is not a finding.
    """
    from graph.store.saved_queries import load_library
    from graph.study.displacement import verdicts
    from graph.study.displacement_paths import find_moves, organisation_operations

    base.allow("displacement.view")
    store = base.connect(store_url, read_only=True)
    try:
        found = verdicts(store, market=market, use_effort=not ignore_effort)
        moves = find_moves(organisation_operations(store, load_library(load_ontology()))) \
            if paths else []
    finally:
        store.close()
    base.log("displacement.view", {"market": market, "ignore_effort": ignore_effort,
                                   "paths": paths})
    findings = [m for m in moves if m.is_finding]
    leads = [m for m in moves if not m.is_finding]
    if as_json:
        click.echo(json.dumps({"verdicts": [v.as_dict() for v in found],
                               "paths": [m.as_dict() for m in findings],
                               "leads": [m.as_dict() for m in leads]},
                              indent=2, ensure_ascii=False, default=str))
        return
    from explorer.viewmodels.markets import verdict_rows
    from graph.store.tables import rows_table
    from graph.study.displacement_paths import path_rows

    rows = verdict_rows(found)
    click.echo(rows_table([{k: row[k] for k in SUMMARY_COLUMNS} for row in rows]), nl=False)
    for row in rows:
        base.say(f"\n{row['market']} {row['echelon']}: {row['verdict']} "
                   f"({row['confidence']}), pivot {row['pivot']} from {row['pivot from']}")
        for label, key in DETAIL_LINES:
            if row[key]:
                base.say(f"  {label}: {row[key]}")
    for title, shown in (("displacement paths (findings)", findings),
                         ("leads: worth checking, not findings", leads)):
        if shown:
            click.echo(f"\n{title}")
            click.echo(rows_table(path_rows(shown)), nl=False)


#: the text table's columns (the rest, long, is printed under it row by row)
SUMMARY_COLUMNS = ("market", "echelon", "verdict", "confidence", "leaning", "study's verdict",
                   "pivot", "test")
DETAIL_LINES = (("reason", "reason"), ("may be detection", "may be detection"),
                ("effort", "effort used"))


@main.command("dutch-link")
@click.option("--id", "subject", default=None, help="Only this Belgian case file, site or "
              "organisation.")
@click.option("--explain", is_flag=True, help="Show each score's evidence paths and feature "
              "contributions.")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV entity_id,dutch_link of cases whose link is known; "
              "with both classes a calibrated probability, without it an evidence score.")
@click.option("--hops", type=click.IntRange(1, 4), default=3, show_default=True,
              help="Longest evidence path.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Subjects to list (highest first).")
@click.option("--write", is_flag=True, help="Write score_dutch_link_evidence (and, with a "
              "fitted model, score_dutch_link: the probability) onto the subjects.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores and how many "
              "subjects there were as JSON.")
@store_option
def dutch_link(subject: str | None, explain: bool, labels: Path | None, hops: int, top: int,
               write: bool, as_json: bool, store_url: str | None) -> None:
    """Rank Belgian case files, sites and organisations by their Dutch link.

    Without labels the score is an evidence score (a rule over the paths, not a
    probability); with analysts' labels of both classes, a calibrated probability. Every
    score comes with its reasons: the paths to Dutch persons, groups, grow shops, outlets and
    places, and (with labels) the model's feature contributions. See docs/dutch-link.md.
    """
    from graph.analysis.scores import write_scores
    from graph.study.dutch_link import dutch_link_network, dutch_link_scores, load_labels

    ontology = load_ontology()
    marks = load_labels(labels) if labels else None
    base.allow("dutch_link.view")
    if write:
        base.allow("scores.write")
    store = base.connect(store_url, read_only=not write)
    try:
        graph = dutch_link_network(store, ontology)
        ranking = dutch_link_scores(graph, marks, hops=hops)
        shown = [s for s in ranking.scores if s.subject == subject] if subject \
            else ranking.scores[:top]
        base.log("dutch_link.view", {"id": subject, "hops": hops, "top": top,
                                   "labels": str(labels) if labels else None},
               [[graph.nodes[n] | {"id": n} for p in s.paths for n in p.nodes()
                 if n in graph.nodes] for s in shown])
        if write:
            base.log("scores.write", {"scores": ["dutch_link_evidence", "dutch_link"]})
            written = {"dutch_link_evidence": write_scores(
                store, ontology, graph, "dutch_link_evidence",
                {s.subject: s.evidence for s in ranking.scores})}
            if ranking.fitted:
                written["dutch_link"] = write_scores(
                    store, ontology, graph, "dutch_link",
                    {s.subject: s.probability for s in ranking.scores})
    finally:
        store.close()
    if subject is not None and not shown:
        raise InvalidInput([Problem("dutch-link", None, "--id", f"{subject!r} is not a "
                                    "Belgian case file, site or organisation in the graph")])
    if as_json:
        click.echo(json.dumps(ranking.as_dict(shown, max_paths=None if explain else 3),
                              indent=2, ensure_ascii=False))
    else:
        _print_dutch_link(ranking, shown, explain)
    for name, count in (written.items() if write else ()):
        click.echo(f"wrote score_{name} on {count:,} nodes", err=True)


def _print_dutch_link(ranking, shown, explain: bool) -> None:
    from graph.store.tables import rows_table

    click.echo(f"{ranking.measure} ({ranking.method}: {ranking.note})")
    click.echo(ranking.census.text())
    click.echo(rows_table([{"name": s.name, "type": s.type, "place": s.place or "",
                            "year": s.year or "", "plants": s.plants or "",
                            ranking.measure: round(s.score, 3),
                            **({"evidence score": round(s.evidence, 3)}
                               if s.probability is not None else {}),
                            "paths": len(s.paths), "subject": s.subject}
                           for s in shown]), nl=False)
    for s in shown if explain else []:
        detail = s.as_dict(max_paths=5)
        base.say(f"\n{s.subject}: {s.measure} {detail['score']}")
        kinds = detail["evidence_by_kind"]
        if kinds:
            click.echo("  evidence by kind (strongest path each; score = 1 − Π(1 − each)): "
                       + ", ".join(f"{kind} {value:.3f}" for kind, value in kinds.items()))
        for path in detail["paths"]:
            cases = sorted({c for link in path["links"] for c in link["case_files"]})
            hubs = f" via hub {', '.join(path['hubs'])}" if path["hubs"] else ""
            base.say(f"  {path['weight']:.3f}  {path['path']}  ({', '.join(cases)}){hubs}")
        for feature, value in list(detail["contributions"].items())[:8]:
            click.echo(f"  {value:+.3f}  {feature}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write index.html and its charts into.")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV entity_id,dutch_link of known Dutch links (for the "
              "model behind the Dutch-link section).")
@click.option("--ignore-effort", is_flag=True, help="Verdicts without the enforcement-effort "
              "figures the case files state.")
@store_option
def report(out: Path, labels: Path | None, ignore_effort: bool, store_url: str | None) -> None:
    """Write the joint Belgian-Dutch crime picture as a static HTML report.

    Verdict per market and echelon with its series and interventions, the cross-border
    brokers, the Belgian cases most likely to have a Dutch link with their reasons, and the
    displacement paths. No JavaScript and no network: it opens offline.
    """
    from graph.study.dutch_link import load_labels
    from graph.study.report import write_report

    marks = load_labels(labels) if labels else None
    base.allow("report.write")
    base.log("report.write", {"out": str(out), "labels": str(labels) if labels else None,
                              "ignore_effort": ignore_effort})
    store = base.connect(store_url, read_only=True)
    try:
        index = write_report(store, load_ontology(), out, labels=marks,
                             use_effort=not ignore_effort)
    finally:
        store.close()
    click.echo(f"wrote {index}")
