"""The explorer's password mode: salted scrypt hashes in a 0600 file kept by ``dismark users``;
the password is read without echo, and a wrong one, or an unknown name, lets nobody in."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.access.audit import AuditLog
from graph.access.passwords import PasswordFile, hash_password, password_matches
from graph.errors import InvalidInput

PASSWORD = "correct horse battery"


def test_hashes_are_salted_and_checked() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and PASSWORD not in first
    assert first.startswith("scrypt$")
    assert password_matches(PASSWORD, first) and password_matches(PASSWORD, second)
    assert not password_matches("correct horse batterz", first)
    assert not password_matches(PASSWORD, "not a hash")


def test_the_file_gives_roles_only_for_the_right_password(tmp_path: Path) -> None:
    file = PasswordFile(tmp_path / "private" / "passwords.json")
    file.set("l.wouters", "analyst", PASSWORD)
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    assert file.role_for("l.wouters", PASSWORD) == "analyst"
    assert file.role_for("l.wouters", "wrong horse battery") is None
    assert file.role_for("nobody", PASSWORD) is None
    file.set("l.wouters", "viewer", "a brand new passphrase")  # a reset
    assert file.role_for("l.wouters", PASSWORD) is None
    assert file.role_for("l.wouters", "a brand new passphrase") == "viewer"
    with pytest.raises(InvalidInput, match="at least 12 characters"):
        file.set("k.peeters", "viewer", "short")
    with pytest.raises(InvalidInput, match="expected one of"):
        file.set("k.peeters", "superuser", PASSWORD)


def test_dismark_users_reads_the_password_without_echo(tmp_path: Path) -> None:
    path = tmp_path / "passwords.json"
    audit_log = tmp_path / "audit.jsonl"
    runner = CliRunner(env={"DISMARK_USER": "a.admin", "DISMARK_ROLE": "admin",
                            "DISMARK_PURPOSE": "explorer accounts of the Kempen team",
                            "DISMARK_AUDIT_LOG": str(audit_log)})
    refused = runner.invoke(main, ["--role", "analyst", "users", "set", "l.wouters", "admin",
                                   "--file", str(path)], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert refused.exit_code == 3 and not path.exists()
    given = runner.invoke(main, ["users", "set", "l.wouters", "analyst", "--file", str(path)],
                          input=f"{PASSWORD}\n{PASSWORD}\n")
    assert given.exit_code == 0, given.output
    assert PASSWORD not in given.output  # asked twice, never shown
    assert "l.wouters may sign in as analyst" in given.output
    assert PasswordFile(path).role_for("l.wouters", PASSWORD) == "analyst"
    listed = runner.invoke(main, ["users", "list"], env={"DISMARK_PASSWORDS_FILE": str(path)})
    assert listed.output == "l.wouters\tanalyst\n"
    removed = runner.invoke(main, ["users", "remove", "l.wouters", "--file", str(path)])
    assert removed.exit_code == 0 and PasswordFile(path).accounts() == {}
    again = runner.invoke(main, ["users", "remove", "l.wouters", "--file", str(path)])
    assert again.exit_code == 1 and "does not list l.wouters" in again.output
    changes = [(e.role, e.action, e.details["change"], e.details["name"])
               for e in AuditLog(audit_log).entries()]
    assert changes == [("admin", "users.write", "set", "l.wouters"),
                       ("admin", "users.write", "remove", "l.wouters"),
                       ("admin", "users.write", "remove", "l.wouters")]
