"""``dismark stats``, ``schema``, ``wipe`` and ``cypher``: the store itself."""

from __future__ import annotations

import json

import click

from cli import base
from cli.base import format_option, main, max_rows_option, store_option
from graph.model.ontology import load_ontology
from graph.store.config import redacted


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_option
def stats(as_json: bool, store_url: str | None) -> None:
    """Count nodes per label and relationships per type (every ontology type, zeros too)."""
    from graph.store.stats import graph_stats

    base.allow("stats.view")
    store = base.connect(store_url, read_only=True)
    try:
        counts = graph_stats(store, load_ontology())
    finally:
        store.close()
    base.log("stats.view")
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    for section, values in counts.items():
        click.echo(f"{section}:")
        for name, count in values.items():
            click.echo(f"  {name:<22} {count:>8}")


@main.command()
@store_option
def schema(store_url: str | None) -> None:
    """Create the key constraints and indexes the ontology implies (safe to repeat)."""
    base.allow("schema")
    base.log("schema")
    store = base.connect(store_url)
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
    # logged as an attempted erasure first: a refusal (DISMARK_READ_ONLY) is its outcome
    with base.attempt("wipe", {"store": redacted(store_url) if store_url else "default"}):
        store = base.connect(store_url)
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
    from graph.access.persons import persons_found
    from graph.store.runner import parse_params, run_read_only

    values = parse_params(params)
    with base.attempt("cypher.run", {"statement": statement, "params": values}) as outcome:
        store = base.connect(store_url, read_only=True)
        try:
            result = run_read_only(store, statement, values, max_rows=max_rows)
            outcome.returned(result, persons_found(store, load_ontology(), result))
        finally:
            store.close()
    base.print_result(result, fmt)


_SECONDS = click.FloatRange(min=0, min_open=True)


@main.group("store")
def store_group() -> None:
    """The store itself: its settings."""


@store_group.command("settings")
@click.option("--query-timeout", type=_SECONDS, default=None, metavar="SECONDS",
              help="Seconds a read may run unless it asks for less.")
@click.option("--write-timeout", type=_SECONDS, default=None, metavar="SECONDS",
              help="Seconds any query may run, writes included (a write is rolled back).")
@click.option("--row-ceiling", type=click.IntRange(min=1), default=None, metavar="ROWS",
              help="Rows any answer holds at most.")
@store_option
def store_settings(query_timeout: float | None, write_timeout: float | None,
                   row_ceiling: int | None, store_url: str | None) -> None:
    """Show the limits the store's server enforces for every client, or change them (admin).

    They belong to the store: a client's DISMARK_QUERY_TIMEOUT, DISMARK_WRITE_TIMEOUT and
    DISMARK_ROW_CEILING apply only when it creates the store. A change is logged, applies
    at once and is kept for the server's next start.
    """
    from dataclasses import replace

    from graph.store.backends.falkordb_limits import StoreLimits

    changes = {name: value for name, value in (("query_timeout", query_timeout),
                                               ("write_timeout", write_timeout),
                                               ("row_ceiling", row_ceiling))
               if value is not None}
    base.allow("store.settings")
    store = base.connect(store_url)
    try:
        now = store.limits()
        if changes:
            limits = replace(StoreLimits(**now), **changes).checked()
            base.log("store.settings", {"before": now, "after": changes})
            store.set_limits(limits)
            now = store.limits()
    finally:
        store.close()
    for name, value in now.items():
        click.echo(f"{name:<14} {int(value) if float(value).is_integer() else value}")
