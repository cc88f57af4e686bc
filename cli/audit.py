"""``dismark audit``: check and search the audit log."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from cli import base
from cli.base import EXIT_BAD_INPUT, main


@main.group()
def audit() -> None:
    """Check and search the audit log (DISMARK_AUDIT_LOG) of who did what, when and why."""


def _audit_path(path: Path | None) -> Path:
    from graph.store.config import from_environment

    return path or Path(from_environment().audit_log)


log_option = click.option("--log", "log_path", type=click.Path(path_type=Path), default=None,
                          help="The audit log (default DISMARK_AUDIT_LOG).")


@audit.command("verify")
@log_option
def audit_verify(log_path: Path | None) -> None:
    """Check the hash chain: an edited, deleted, reordered or cut-off entry fails (exit 2)."""
    from graph.access.audit import verify

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
    from graph.access.audit import search

    base.allow("audit.search")
    found = search(_audit_path(log_path), **filters)
    base.log("audit.search", {k: v for k, v in filters.items() if v is not None})
    for entry in found:
        if as_json:
            click.echo(json.dumps(asdict(entry), ensure_ascii=False))
        else:
            persons = f" persons={','.join(entry.persons)}" if entry.persons else ""
            click.echo(f"{entry.seq:>6} {entry.at} {entry.user} ({entry.role}) "
                       f"{entry.operation} {entry.action} purpose={entry.purpose!r} "
                       f"case={entry.case_ref or '-'}{persons}")
