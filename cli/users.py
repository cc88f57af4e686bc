"""``dismark users``: the explorer's password file for a small office (DISMARK_PASSWORDS_FILE).

Whoever may write that file decides who gets in, so it is written 0600 for the account that
runs the explorer, and every change is an admin's, logged (``users.write``). Passwords are
read from the terminal without echo, never from an option (it would stay in the shell's
history and in the process list).
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.base import allow, log, main
from graph.access.roles import ROLES

file_option = click.option(
    "--file", "path", envvar="DISMARK_PASSWORDS_FILE", required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The passwords file (env DISMARK_PASSWORDS_FILE).")


@main.group()
def users() -> None:
    """Who may sign in to the explorer with a password, and with which role."""


@users.command("set")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@file_option
def users_set(name: str, role: str, path: Path) -> None:
    """Add NAME with ROLE, or reset their role and password (asked twice, not echoed)."""
    from graph.access.passwords import PasswordFile

    allow("users.write")
    password = click.prompt(f"Password for {name}", hide_input=True,
                            confirmation_prompt=True)
    log("users.write", {"change": "set", "name": name, "role": role, "file": str(path)})
    PasswordFile(path).set(name, role, password)
    click.echo(f"{path}: {name} may sign in as {role}")


@users.command("remove")
@click.argument("name")
@file_option
def users_remove(name: str, path: Path) -> None:
    """Take NAME out of the file: they can no longer sign in (open sessions stay open until
    the browser reloads)."""
    from graph.access.passwords import PasswordFile

    allow("users.write")
    log("users.write", {"change": "remove", "name": name, "file": str(path)})
    if not PasswordFile(path).remove(name):
        raise click.ClickException(f"{path} does not list {name}")
    click.echo(f"{path}: {name} removed")


@users.command("list")
@file_option
def users_list(path: Path) -> None:
    """Every user and their role (never the hashes)."""
    from graph.access.passwords import PasswordFile

    for name, account in sorted(PasswordFile(path).accounts().items()):
        click.echo(f"{name}\t{account.role}")
