"""``dismark query``: the saved query library."""

from __future__ import annotations

import json
import sys

import click

from cli import base
from cli.base import EXIT_BAD_INPUT, format_option, main, max_rows_option, store_option
from graph.model.ontology import load_ontology


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
    library = base.saved_library(load_ontology())
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
    q = base.saved_library(load_ontology()).get(name)
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
    from graph.access.persons import persons_found
    from graph.store.runner import parse_pairs
    from graph.store.saved_queries import run_saved

    saved = base.saved_library(load_ontology()).get(name)
    values = parse_pairs(params)
    bound = saved.bind(values, from_text=True)  # bad parameters fail before the store opens
    with base.attempt("query.run", {"query": name, "params": bound}) as outcome:
        store = base.connect(store_url, read_only=True)
        try:
            result = run_saved(store, saved, values, from_text=True, max_rows=max_rows)
            outcome.returned(result, persons_found(store, load_ontology(), result))
        finally:
            store.close()
    base.print_result(result, fmt)
