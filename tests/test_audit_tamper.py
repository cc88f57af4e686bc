"""What the head file alone cannot catch: a log deleted or cut together with its head file
(caught by a copy of the head kept elsewhere), fields that forge lines or steer the
terminal (escaped), and a log others can read (0600 in a 0700 folder)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.access.audit import Actor, AuditLog, printable, verify

ANALYST = Actor("a.janssens", "analyst", "cocaine import picture 2026", "PV-ANT-2026-0142")


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditLog:
    path = tmp_path / "data" / "audit" / "audit.jsonl"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("DISMARK_AUDIT_LOG", str(path))
    monkeypatch.setenv("DISMARK_AUDIT_HEAD_COPY", str(elsewhere))
    return AuditLog(path, head_copy=elsewhere)


def dismark(*args: str, user: str = "m.peeters", purpose: str = "monthly review") -> object:
    return CliRunner().invoke(main, ["--user", user, "--role", "admin", "--purpose", purpose,
                                     *args])


def test_a_log_deleted_with_its_head_fails_against_the_copy_kept_elsewhere(log) -> None:
    for _ in range(3):
        assert dismark("audit", "search").exit_code == 0  # each search is logged
    assert log.head_copy.read_text() == log.head_path.read_text()
    assert dismark("audit", "verify").exit_code == 0
    log.path.unlink()
    log.head_path.unlink()
    checked = dismark("audit", "verify")
    assert checked.exit_code == 2
    assert "audit.jsonl: missing, but audit.jsonl.head record entries" in checked.output
    assert "records entry 3: entries were cut off the end" in checked.output


def test_a_log_cut_with_a_rewritten_head_fails_against_a_noted_hash(log) -> None:
    entries = [log.record(ANALYST, "consultation", "query.run") for _ in range(3)]
    text = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join(text[:2]))  # an insider cuts the last entry
    log.head_path.write_text(json.dumps({"seq": 2, "hash": entries[1].hash}))  # and the head
    assert verify(log.path).intact  # the log and its head alone agree
    noted = dismark("audit", "verify", "--expect-head", entries[2].hash)
    assert noted.exit_code == 2 and "holds no entry with the expected head hash" in \
        noted.output
    copied = dismark("audit", "verify")  # DISMARK_AUDIT_HEAD_COPY
    assert copied.exit_code == 2 and "elsewhere" in str(log.head_copy)
    assert "the last entry is 2 but audit.jsonl.head records entry 3" in copied.output


def test_without_a_copy_verify_says_what_it_cannot_catch(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISMARK_AUDIT_HEAD_COPY", raising=False)
    checked = CliRunner().invoke(main, ["audit", "verify", "--log", str(tmp_path / "a.jsonl")])
    assert checked.exit_code == 0
    assert "a log deleted with its head file cannot be told from an empty one" in \
        checked.output


def test_a_user_name_cannot_forge_a_line_or_steer_the_terminal(log) -> None:
    forged = "e.maes\n    99 2026-01-01T00:00:00+00:00 m.peeters (admin) erasure wipe\x1b]0;x\x07"
    assert dismark("audit", "search", user=forged).exit_code == 0
    assert dismark("audit", "search", purpose="x\u2028y").exit_code == 0
    found = dismark("audit", "search")
    lines = found.output.splitlines()
    assert len(lines) == 2 and "\x1b" not in found.output and "\x07" not in found.output
    assert "e.maes\\n    99 2026-01-01" in lines[0] and "\\x1b]0;x\\x07" in lines[0]
    raw = log.path.read_bytes()
    assert raw.isascii() and raw.count(b"\n") == 3  # one line per entry, all escaped
    assert next(iter(log.entries())).user == forged  # the log keeps what was said, exactly
    as_json = dismark("audit", "search", "--json")
    assert as_json.output.isascii() and len(as_json.output.splitlines()) == 3


def test_printable_escapes_every_invisible_character() -> None:
    assert printable("Anaïs Dubois") == "Anaïs Dubois"
    assert printable("a\nb\r\tc\x1b[2J\u202ed\u2028e\\f") == \
        "a\\nb\\r\\tc\\x1b[2J\\u202ed\\u2028e\\\\f"


def test_the_log_and_its_side_files_are_private(log, tmp_path: Path) -> None:
    log.path.parent.mkdir(parents=True, mode=0o755)
    log.path.parent.chmod(0o755)  # a folder made earlier with the usual umask
    log.record(ANALYST, "consultation", "query.run")
    with open(log.path, "ab") as out:
        out.write(b'{"torn')
    log.record(ANALYST, "consultation", "query.run")  # quarantines the torn line
    for path in (log.path, log.head_path, log.quarantine_path, log.head_copy):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(log.path.parent.stat().st_mode) == 0o700


def test_a_refusal_prints_the_user_escaped(log) -> None:
    refused = CliRunner().invoke(main, ["--user", "x\x1b[2Jy", "--role", "viewer", "--purpose",
                                        "p", "audit", "search"])
    assert refused.exit_code == 3 and "x\\x1b[2Jy (viewer) may not audit.search" in \
        refused.output
