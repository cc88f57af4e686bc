"""The audit log: entries chained and fsynced, tampering found by line, writers serialised."""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing
from pathlib import Path

import pytest

from graph.access.audit import GENESIS, Actor, AuditLog, search, verify
from graph.errors import AuditUnavailable

ANALYST = Actor("a.janssens", "analyst", "cocaine import picture 2026", "PV-ANT-2026-0142")
VIEWER = Actor("k.claes", "viewer", "check a phone number", "PV-LIM-2026-0007")


def filled(path: Path) -> AuditLog:
    log = AuditLog(path)
    log.record(ANALYST, "consultation", "query.run",
               details={"query": "network-around", "params": {"id": "person-noel-de-vries"}},
               persons=["person-noel-de-vries", "person-anna-peeters"])
    log.record(VIEWER, "consultation", "entity.view", persons=["person-jeroen-vos"])
    log.record(ANALYST, "disclosure", "export.csv", details={"query": "shared-phones"})
    return log


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_entries_are_numbered_chained_and_complete(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    first, second, third = log.entries()
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert first.prev == GENESIS and second.prev == first.hash and third.prev == second.hash
    assert first.persons == ("person-anna-peeters", "person-noel-de-vries")  # sorted, unique
    assert (first.user, first.role, first.purpose, first.case_ref) == (
        "a.janssens", "analyst", "cocaine import picture 2026", "PV-ANT-2026-0142")
    assert first.details["params"] == {"id": "person-noel-de-vries"}
    assert first.at.endswith("+00:00")  # UTC
    assert verify(log.path).intact and verify(log.path).entries == 3


def test_an_edited_entry_is_found_by_line(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    text = lines(log.path)
    entry = json.loads(text[1])
    entry["user"] = "someone.else"
    text[1] = json.dumps(entry) + "\n"
    log.path.write_text("".join(text), encoding="utf-8")
    result = verify(log.path)
    assert not result.intact
    assert result.problems == (f"{log.path}:2: entry 2 was altered (its hash does not match "
                               f"its content)",)


def test_a_deleted_entry_is_found(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    text = lines(log.path)
    log.path.write_text(text[0] + text[2], encoding="utf-8")
    problems = verify(log.path).problems
    assert problems == (f"{log.path}:2: entry 3 follows entry 1: entries were deleted or "
                        f"reordered",)


def test_reordered_entries_are_found(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    text = lines(log.path)
    log.path.write_text(text[1] + text[0] + text[2], encoding="utf-8")
    problems = verify(log.path).problems
    assert f"{log.path}:1: entry 2 follows entry nothing" in problems[0]
    assert len(problems) == 3  # 2 after nothing, 1 after 2, 3 after 1 (links also broken)


def test_entries_cut_off_the_end_are_found(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    log.path.write_text("".join(lines(log.path)[:2]), encoding="utf-8")
    assert verify(log.path).problems == (
        f"{log.path}: the last entry is 2 but audit.jsonl.head records entry 3: entries "
        f"were cut off the end",)
    log.path.unlink()
    assert "missing" in verify(log.path).problems[0]


def test_a_replaced_entry_with_a_recomputed_hash_breaks_the_link(tmp_path: Path) -> None:
    """Rewriting an entry and its own hash is not enough: the next entry links the old one."""
    log = filled(tmp_path / "audit.jsonl")
    forged_log = AuditLog(tmp_path / "forged.jsonl")
    forged = forged_log.record(Actor("a.janssens", "analyst", "other purpose"),
                               "consultation", "query.run")
    text = lines(log.path)
    text[0] = forged_log.path.read_text(encoding="utf-8")
    log.path.write_text("".join(text), encoding="utf-8")
    assert forged.seq == 1
    assert verify(log.path).problems == (
        f"{log.path}:2: entry 2 does not link to the entry before it: an entry was replaced",)


def test_an_unwritable_log_refuses_the_operation(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log's folder should be")
    log = AuditLog(blocker / "audit.jsonl")
    with pytest.raises(AuditUnavailable, match=r"cannot be written.*operation was refused"):
        log.record(ANALYST, "consultation", "entity.view")


def test_a_torn_last_line_is_quarantined_and_the_chain_goes_on(tmp_path: Path) -> None:
    """A line cut by a crash (or by the old code on a full disk) used to refuse every later
    entry until someone edited the log by hand; now the next append moves it aside and says
    so in a repair entry, and the log verifies."""
    log = filled(tmp_path / "audit.jsonl")
    torn = b'{"seq": 4, "us'
    with open(log.path, "ab") as out:
        out.write(torn)
    entry = log.record(VIEWER, "consultation", "entity.view")
    repair, after = list(log.entries())[3:]
    assert (repair.seq, repair.operation, repair.action) == (4, "repair", "audit.repair")
    assert repair.details["quarantined"] | {"bytes": len(torn),
                                            "sha256": hashlib.sha256(torn).hexdigest(),
                                            "file": "audit.jsonl.quarantine"} == \
        repair.details["quarantined"]
    assert (after.seq, after.prev) == (5, repair.hash) and after == entry
    (kept,) = [json.loads(line) for line in log.quarantine_path.read_text().splitlines()]
    assert base64.b64decode(kept["data"]) == torn
    result = verify(log.path)
    assert result.intact, result.problems
    assert result.entries == 5 and "a torn line of 14 bytes" in result.repairs[0]
    log.quarantine_path.unlink()
    assert "does not hold them" in verify(log.path).repairs[0]


def test_a_damaged_complete_line_still_refuses_further_entries(tmp_path: Path) -> None:
    """A whole line that is no entry was not torn by a write: it was put there, and the log
    refuses to chain onto it."""
    log = filled(tmp_path / "audit.jsonl")
    with open(log.path, "a", encoding="utf-8") as out:
        out.write('{"seq": 4, "us\n')
    with pytest.raises(AuditUnavailable, match="last line of the audit log is damaged"):
        log.record(VIEWER, "consultation", "entity.view")
    assert "not an audit entry" in verify(log.path).problems[0]


def test_unknown_operation_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="operation must be one of"):
        AuditLog(tmp_path / "audit.jsonl").record(VIEWER, "peek", "entity.view")


def _write_many(path: str, user: str, count: int) -> None:
    log = AuditLog(path)
    for i in range(count):
        log.record(Actor(user, "analyst", "load test"), "consultation", "query.run",
                   details={"i": i})


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    path = str(tmp_path / "audit.jsonl")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(path, f"user{w}", 40))
               for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    result = verify(path)
    assert result.intact, result.problems
    assert result.entries == 160
    assert sorted(e.details["i"] for e in search(path, user="user2")) == list(range(40))


def test_search_filters_for_a_supervisor(tmp_path: Path) -> None:
    log = filled(tmp_path / "audit.jsonl")
    assert [e.seq for e in search(log.path, user="a.janssens")] == [1, 3]
    assert [e.seq for e in search(log.path, person="person-jeroen-vos")] == [2]
    assert [e.seq for e in search(log.path, operation="disclosure")] == [3]
    assert [e.seq for e in search(log.path, case_ref="PV-LIM-2026-0007")] == [2]
    today = next(log.entries()).at[:10]
    assert len(search(log.path, since=today, until=today)) == 3
    assert search(log.path, until="2000-01-01") == []


def test_cli_verify_and_search(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    log = filled(tmp_path / "audit.jsonl")
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify", "--log", str(log.path)])
    assert ok.exit_code == 0 and ok.output.strip().endswith("3 entries, chain intact")
    found = runner.invoke(main, ["audit", "search", "--log", str(log.path), "--person",
                                 "person-jeroen-vos", "--json"])
    assert found.exit_code == 0
    assert [json.loads(line)["user"] for line in found.output.splitlines()] == ["k.claes"]
    text = lines(log.path)
    log.path.write_text(text[0] + text[2], encoding="utf-8")
    broken = runner.invoke(main, ["audit", "verify", "--log", str(log.path)])
    assert broken.exit_code == 2 and "entries were deleted or reordered" in broken.output


def test_a_quarantined_line_without_its_repair_entry_is_noted(tmp_path: Path) -> None:
    """Moving the torn line worked, the repair entry after it did not (the disk filled up
    in between): the bytes are kept and verify says so."""
    log = filled(tmp_path / "audit.jsonl")
    with open(log.path, "ab") as out:
        out.write(b'{"seq": 4, "us')
    log.record(VIEWER, "consultation", "entity.view")
    text = lines(log.path)
    log.path.write_text("".join(text[:3]), encoding="utf-8")  # as if the repair never came
    log.head_path.write_text(json.dumps({"seq": 3, "hash": json.loads(text[2])["hash"]}))
    result = verify(log.path)
    assert result.intact and result.repairs == ()
    assert "that no repair entry records" in result.notes[0]
