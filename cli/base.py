"""The ``dismark`` command's group and what its commands share: options, the store, roles, audit.

Errors from ``graph.errors`` are turned into messages and exit codes here, in one place:
exit 2 for bad input, 1 for a store failure, 3 for a query refused as not read-only.
"""

from __future__ import annotations

import sys

import click

from graph.errors import DismarkError, InvalidInput, Refused

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
            say(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Refused as exc:
            say(f"error: {exc}", err=True)
            sys.exit(EXIT_REFUSED)
        except DismarkError as exc:
            say(f"error: {exc}", err=True)
            sys.exit(EXIT_STORE)


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that may hold case-file text (names, paths, messages quoting a file, JSON
    made with ``ensure_ascii=False``): control characters are shown escaped (as ``\\uXXXX``,
    valid in JSON strings too), never sent to the terminal to act on."""
    from graph.store.tables import escape_controls

    click.echo(escape_controls(text, keep="\n"), err=err, nl=nl)


def connect(url: str | None, *, read_only: bool = False):
    """The store at ``url``; ``read_only`` opens it as a reader, so the server itself refuses
    a write that got past the query guard (docs/security.md)."""
    from dataclasses import replace

    from graph.store import open_store
    from graph.store.config import from_environment

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

    from graph.access.audit import Actor

    ctx.obj = Actor(user or getpass.getuser(), role or "", purpose or "", case_ref or "")


def allow(action: str) -> None:
    """Refuse early (before the store is opened) when the role may not do ``action``."""
    from graph.access.roles import authorize

    authorize(actor(), action)


def log(action: str, details: dict | None = None, subject: object = None) -> None:
    """Write the audit entry for ``action``: call it before the result is printed (or, for
    a write, before it runs). The persons in ``subject`` are listed as touched."""
    from graph.access.audit import AuditLog, persons_in
    from graph.access.roles import audited

    audited(AuditLog.from_environment(), actor(), action, details=details,
            persons=persons_in(subject) if subject is not None else ())


def attempt(action: str, details: dict | None = None):
    """``with attempt(action, details) as outcome:`` logs the attempt before the body runs
    and its outcome (``outcome.returned(result, persons)``, or the error) after; print the
    result only after the block (``graph.access.attempts``)."""
    from graph.access.attempts import attempted
    from graph.access.audit import AuditLog

    return attempted(AuditLog.from_environment(), actor(), action, details)


def actor():
    """Who is working and why, from the group's options."""
    return click.get_current_context().find_root().obj


def print_result(result, fmt: str) -> None:
    """A query's rows on stdout; a cut at the row cap said on stderr."""
    from graph.store.tables import render

    click.echo(render(result, fmt), nl=False)
    if result.truncated:
        click.echo(f"(cut at {len(result.rows)} rows; use --max-rows for more)", err=True)


def listed(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """A comma-separated option as a tuple (empty when not given)."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())



def saved_library(ontology):
    """The saved query library; refused files are reported on stderr, the rest stay usable."""
    from graph.store.saved_queries import load_library

    library = load_library(ontology)
    for problem in library.problems:
        click.echo(f"refused: {problem}", err=True)
    return library
