"""``dismark audit``: check and search the audit log."""

from __future__ import annotations

import json
import os
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
@click.option("--expect-head", default=None, metavar="HASH",
              help="A head hash noted elsewhere (syslog, WORM storage): the log must hold "
                   "that entry.")
@click.option("--head-copy", type=click.Path(path_type=Path), default=None,
              help="The copy of the head kept elsewhere (default DISMARK_AUDIT_HEAD_COPY).")
def audit_verify(log_path: Path | None, expect_head: str | None,
                 head_copy: Path | None) -> None:
    """Check the hash chain: an edited, deleted, reordered or cut-off entry fails (exit 2),
    and so does a log that lacks the head kept elsewhere. Repairs are listed."""
    from graph.access.audit import HEAD_COPY_VARIABLE, printable, verify

    path = _audit_path(log_path)
    head_copy = head_copy or os.environ.get(HEAD_COPY_VARIABLE) or None
    result = verify(path, head_copy=head_copy, expect_head=expect_head)
    for problem in result.problems:
        click.echo(f"error: {printable(problem)}", err=True)
    for note in result.notes:
        click.echo(f"note: {printable(note)}", err=True)
    if not head_copy and not expect_head:
        click.echo(f"note: no copy of the head kept elsewhere ({HEAD_COPY_VARIABLE} or "
                   f"--expect-head): a log deleted with its head file cannot be told from "
                   f"an empty one", err=True)
    if not result.intact:
        sys.exit(EXIT_BAD_INPUT)
    click.echo(printable(f"{path}: {result.entries} entries, chain intact"))
    for repair in result.repairs:
        click.echo(f"repaired: {printable(repair)}")


@audit.command("search")
@log_option
@click.option("--user", default=None)
@click.option("--person", default=None, help="Entries that touched this person's id.")
@click.option("--operation", default=None, help="consultation, disclosure, collection, "
                                                "alteration, combination, erasure, "
                                                "authentication (explorer sign-ins) or "
                                                "repair (the log's own).")
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
        click.echo(json.dumps(asdict(entry), ensure_ascii=True) if as_json else described(entry))


def described(entry) -> str:
    """One line per entry, every field escaped (a newline in a user name cannot forge a
    second entry); an attempt or an outcome says so."""
    from graph.access.audit import printable

    details = entry.details
    stage = {"attempt": " attempt",
             "outcome": f" outcome={details.get('outcome')}"
                        + (f" rows={details['rows']}" if "rows" in details else "")
                        + f" of #{details.get('attempt')}"}.get(details.get("stage"), "")
    persons = f" persons={','.join(entry.persons)}" if entry.persons else ""
    return printable(f"{entry.seq:>6} {entry.at} {entry.user} ({entry.role}) "
                     f"{entry.operation} {entry.action}{stage} purpose='{entry.purpose}' "
                     f"case={entry.case_ref or '-'}{persons}")
