"""``dismark metrics``: key players, brokers, communities and disruption."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from cli import base
from cli.base import listed, main, store_option
from graph.model.ontology import load_ontology


@main.command()
@click.option("--measure", "measures", default="degree,betweenness,pagerank",
              show_default=True, callback=listed,
              help="Comma-separated: degree, strength, betweenness, closeness, eigenvector, "
                   "pagerank, core, communities, brokerage, disruption.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Rows per measure.")
@click.option("--types", callback=listed, default=None,
              help="Node types to export, isolated ones included (default: the endpoints "
                   "of the selected links).")
@click.option("--links", callback=listed, default=None,
              help="Relationship types (default: ties between actors; see docs/metrics.md).")
@click.option("--since", default=None, help="Links seen on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Links seen on or before this date.")
@click.option("--country", callback=listed, default=None,
              help="Keep entities of these countries (and of unknown country), e.g. BE,NL.")
@click.option("--market", callback=listed, default=None,
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
@click.option("--raw", is_flag=True, help="Entities confirmed to be one stay apart, as the "
              "case files name them (default: one node each; docs/resolution.md).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_option
def metrics(measures, top, types, links, since, until, country, market, cases, min_grading,
            weight, weighted, directed, sample, seed, method, strategy, steps, no_recompute,
            co_mentioned, write, raw, as_json, store_url) -> None:
    """Network metrics: key players, cross-border brokers, communities, disruption.

    Exports the selected part of the graph to networkx (one query per type), computes the
    measures and prints the top actors of each. Semantics (direction, parallel links,
    weights, distances): docs/metrics.md.
    """
    from graph.analysis.analytics import MetricsRequest, run_metrics
    from graph.analysis.scores import SCORES, write_scores
    from graph.analysis.to_networkx import DEFAULT_RELATIONSHIPS, Selection, export_network

    ontology = load_ontology()
    request = MetricsRequest(measures or ("degree", "betweenness", "pagerank"), top,
                             directed, weighted, sample, seed, method, strategy=strategy,
                             steps=steps, recompute=not no_recompute,
                             co_mentioned=co_mentioned)
    request.check()
    if co_mentioned:
        types, links = (*types, "CaseFile") if types else (), ("MENTIONED_IN",)
    selection = Selection(types, links or DEFAULT_RELATIONSHIPS, since, until, country, market,
                          tuple(cases), min_grading, weight, resolved=not raw)
    selection.check(ontology)
    base.allow("metrics.run")
    if write:
        base.allow("scores.write")
    store = base.connect(store_url, read_only=not write)
    try:
        multigraph = export_network(store, ontology, selection)
        report = run_metrics(multigraph, request)
        base.log("metrics.run", {"request": asdict(request), "selection": asdict(selection)},
               report.tables)
        kept = {name: values for name, values in report.scores.items()
                if write and name in SCORES}
        if kept:
            base.log("scores.write", {"scores": sorted(kept)})
        written = {name: write_scores(store, ontology, multigraph, name, values)
                   for name, values in kept.items()}
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"nodes": report.nodes, "edges": report.edges,
                               "summaries": report.summaries, "tables": report.tables,
                               "written": written}, indent=2, ensure_ascii=False))
        return
    from graph.store.tables import rows_table

    click.echo(f"{report.nodes:,} nodes, {report.edges:,} ties")
    for measure, rows in report.tables.items():
        summary = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in report.summaries.get(measure, {}).items())
        click.echo(f"\n{measure}" + (f" ({summary})" if summary else ""))
        click.echo(rows_table(rows), nl=False)
    for name, count in written.items():
        click.echo(f"wrote score_{name} on {count:,} nodes")
