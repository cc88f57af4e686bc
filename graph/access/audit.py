"""The audit log: who consulted, disclosed, collected, altered or erased what, when and why.

The EU Law Enforcement Directive (2016/680, Article 25) requires logs of these operations
with their justification, date and time and the identity of the person. Each entry is one
JSON line in a file kept outside the graph store, written and fsynced *before* the
operation's result is shown: when the line cannot be written, ``record`` raises
``AuditUnavailable`` and the caller refuses the operation. A line is written whole or not
at all; a line torn by a crash is quarantined by the next append (``audit_file``).

Entries are hash-chained: each holds the SHA-256 of the previous entry, and its own hash
covers its content and that link, so ``verify`` finds an edited, deleted or reordered entry
by line number. A sidecar ``<log>.head`` holds the last sequence number and hash, so cutting
entries off the end shows too. Someone who can rewrite both files can forge a consistent
chain or delete both: ``DISMARK_AUDIT_HEAD_COPY`` keeps a copy of the head elsewhere on every
append, and ``verify`` checks the log against it (docs/audit.md: syslog, WORM storage).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.access import audit_file
from graph.access.persons import persons_in  # noqa: F401  (callers import it from here)
from graph.access.private_files import replace_private
from graph.errors import AuditUnavailable

#: The operations Article 25 names, and the explorer's sign-ins (``authentication``, let in
#: or not); every entry is one of them, but for ``REPAIR``.
OPERATIONS = ("consultation", "disclosure", "collection", "alteration", "combination",
              "erasure", "authentication")
#: The log's own entry saying a torn line was moved to the quarantine file.
REPAIR = "repair"
GENESIS = "0" * 64
HEAD_COPY_VARIABLE = "DISMARK_AUDIT_HEAD_COPY"


@dataclass(frozen=True)
class Actor:
    """Who does something and why: asked of every user before anything is shown."""

    user: str
    role: str
    purpose: str
    case_ref: str = ""


@dataclass(frozen=True)
class AuditEntry:
    """One line of the log. ``persons`` are the ids of the persons the operation touched."""

    seq: int
    at: str
    user: str
    role: str
    purpose: str
    case_ref: str
    operation: str
    action: str
    details: Mapping[str, Any] = field(default_factory=dict)
    persons: tuple[str, ...] = ()
    prev: str = GENESIS
    hash: str = ""

    def expected_hash(self) -> str:
        """SHA-256 of the entry's canonical JSON without its own hash (its ``prev`` included)."""
        content = {k: v for k, v in _as_json(self).items() if k != "hash"}
        return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: how many entries it read, every break in the chain, the repairs
    the log records and notes that are no break (a head file one append behind)."""

    entries: int
    problems: tuple[str, ...]
    repairs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Head:
    """A checkpoint of the chain: an entry's number and hash (the head file, its copy)."""

    seq: int
    hash: str
    source: str


class AuditLog:
    """An append-only, hash-chained JSON-lines file shared by every process that writes it
    (explorer sessions, CLI runs): appends are serialised by an exclusive file lock. With
    ``head_copy`` (a file, or a folder to put ``<log>.head`` in), every append also copies
    the head there."""

    def __init__(self, path: Path | str, *, head_copy: Path | str | None = None):
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self.quarantine_path = self.path.with_name(self.path.name + ".quarantine")
        self.head_copy = _copy_path(head_copy, self.head_path.name)

    @classmethod
    def from_environment(cls) -> AuditLog:
        """The log ``DISMARK_AUDIT_LOG`` names, copying its head to
        ``DISMARK_AUDIT_HEAD_COPY`` when that is set."""
        from graph.store.config import from_environment

        return cls(from_environment().audit_log,
                   head_copy=os.environ.get(HEAD_COPY_VARIABLE) or None)

    def record(self, actor: Actor, operation: str, action: str, *,
               details: Mapping[str, Any] | None = None,
               persons: Iterable[str] = ()) -> AuditEntry:
        """Append one entry and fsync it; raise ``AuditUnavailable`` if that is impossible."""
        if operation not in OPERATIONS:
            raise ValueError(f"operation must be one of {', '.join(OPERATIONS)}, "
                             f"got {operation!r}")
        try:
            with self._locked() as fd:
                last = self._repaired_end(fd, actor)
                entry = self._append(fd, last, actor, operation, action, details, persons)
        except OSError as exc:
            raise AuditUnavailable(
                f"{self.path}: the audit log cannot be written ({exc.strerror or exc}); "
                f"the operation was refused. Free space or fix the log's folder "
                f"(DISMARK_AUDIT_LOG)."
            ) from exc
        return entry

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry in file order (use ``verify`` to know they are genuine); none before
        the first is recorded."""
        if not self.path.exists():
            return
        for _, entry in _read(self.path):
            if isinstance(entry, AuditEntry):
                yield entry

    def _repaired_end(self, fd: int, actor: Actor) -> AuditEntry | None:
        """The last entry; a torn line after it is first quarantined and the repair logged."""
        tail = audit_file.read_tail(fd)
        last = None
        if tail.last_line is not None:
            last = _parse(tail.last_line.decode("utf-8", errors="replace"))
            if not isinstance(last, AuditEntry):
                raise OSError(f"the last line of the audit log is damaged ({last}); "
                              f"run `dismark audit verify`")
        if not tail.torn:
            return last
        moved = audit_file.quarantine(fd, tail, self.quarantine_path)
        return self._append(fd, last, actor, REPAIR, "audit.repair",
                            {"quarantined": moved}, ())

    def _append(self, fd: int, last: AuditEntry | None, actor: Actor, operation: str,
                action: str, details: Mapping[str, Any] | None,
                persons: Iterable[str]) -> AuditEntry:
        entry = AuditEntry(
            seq=last.seq + 1 if last else 1,
            at=datetime.now(UTC).isoformat(timespec="microseconds"),
            user=actor.user, role=actor.role, purpose=actor.purpose,
            case_ref=actor.case_ref, operation=operation, action=action,
            details=dict(details or {}), persons=tuple(sorted(set(persons))),
            prev=last.hash if last else GENESIS)
        entry = AuditEntry(**{**asdict(entry), "hash": entry.expected_hash()})
        audit_file.append_whole(fd, _line(entry))
        head = _canonical({"seq": entry.seq, "hash": entry.hash}) + "\n"
        replace_private(self.head_path, head)
        if self.head_copy is not None:
            if not self.head_copy.parent.exists():
                self.head_copy.parent.mkdir(mode=0o700, parents=True)
            replace_private(self.head_copy, head)
        return entry

    @contextmanager
    def _locked(self) -> Iterator[int]:
        fd = audit_file.open_log(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock


def verify(path: Path | str, *, head_copy: Path | str | None = None,
           expect_head: str | None = None) -> Verification:
    """Check the chain of the log at ``path``: every entry's hash, its link to the one
    before, consecutive numbers, the head file's record of the last entry, and, when given,
    a copy of the head kept elsewhere (``head_copy``) or a head hash noted elsewhere
    (``expect_head``), which the log must hold."""
    log = AuditLog(path, head_copy=head_copy)
    problems: list[str] = []
    chain: list[AuditEntry] = []
    if log.path.exists():
        problems.extend(_chain_problems(log.path, chain))
    heads = [_head(log.head_path), _head(log.head_copy)]
    problems.extend(head for head in heads if isinstance(head, str))
    checkpoints = [head for head in heads if isinstance(head, Head)]
    if not log.path.exists() and not checkpoints and not expect_head:
        return Verification(0, tuple(problems))
    if not log.path.exists():
        problems.append(f"{log.path}: missing" + (", but " + " and ".join(
            Path(head.source).name for head in checkpoints) + " record entries"
            if checkpoints else ""))
    elif chain and not log.head_path.exists():
        problems.append(f"{log.head_path}: missing: the end of the log cannot be checked")
    if log.head_copy is not None and chain and not log.head_copy.exists():
        problems.append(f"{log.head_copy}: the copy of the head kept elsewhere is missing "
                        f"(deleted, or not written since it was set up: the next entry "
                        f"writes it)")
    notes = []
    for head in checkpoints:
        problem, note = _checkpoint(log, chain, head)
        problems.extend([problem] if problem else [])
        notes.extend([note] if note else [])
    if expect_head and expect_head not in {entry.hash for entry in chain}:
        problems.append(f"{log.path}: holds no entry with the expected head hash "
                        f"{expect_head}: the log was cut, replaced or deleted")
    repairs, unrecorded = _repairs(log, chain)
    return Verification(len(chain), tuple(problems), repairs, (*notes, *unrecorded))


def search(path: Path | str, *, user: str | None = None, person: str | None = None,
           operation: str | None = None, action: str | None = None,
           case_ref: str | None = None, since: str | None = None,
           until: str | None = None) -> list[AuditEntry]:
    """Entries matching every given filter (``since``/``until`` compare ISO timestamps, so
    a date like ``2026-11-01`` works), for a supervisor's review."""
    def keep(e: AuditEntry) -> bool:
        return ((user is None or e.user == user) and (person is None or person in e.persons)
                and (operation is None or e.operation == operation)
                and (action is None or e.action == action)
                and (case_ref is None or e.case_ref == case_ref)
                and (since is None or e.at >= since)
                and (until is None or e.at[:len(until)] <= until))
    return [e for e in AuditLog(path).entries() if keep(e)]


def printable(value: Any) -> str:
    """``value`` as text safe to print on one line: control and other invisible characters
    (newline, escape, bidi overrides, line separators) and the backslash are written as
    escapes, so a field can neither forge a line nor steer the terminal."""
    return "".join(ch if ch.isprintable() and ch != "\\" else
                    ("\\\\" if ch == "\\" else ascii(ch)[1:-1]) for ch in str(value))


def _chain_problems(path: Path, chain: list[AuditEntry]) -> Iterator[str]:
    """Every break of the chain in the file at ``path``; its entries are added to ``chain``."""
    previous: AuditEntry | None = None
    for line_no, entry in _read(path):
        where = f"{path}:{line_no}"
        if not isinstance(entry, AuditEntry):
            yield f"{where}: not an audit entry ({entry})"
            continue
        chain.append(entry)
        if entry.hash != entry.expected_hash():
            yield f"{where}: entry {entry.seq} was altered (its hash does not match its content)"
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            yield (f"{where}: entry {entry.seq} follows entry "
                   f"{previous.seq if previous else 'nothing'}: entries were deleted or "
                   f"reordered")
        elif entry.prev != (previous.hash if previous else GENESIS):
            yield (f"{where}: entry {entry.seq} does not link to the entry before it: an "
                   f"entry was replaced")
        previous = entry


def _head(path: Path | None) -> Head | str | None:
    """The checkpoint in a head file; a reason when it is unreadable, None when absent."""
    if path is None or not path.exists():
        return None
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
        return Head(int(head["seq"]), str(head["hash"]), str(path))
    except (ValueError, KeyError, TypeError):
        return f"{path}: unreadable"


def _checkpoint(log: AuditLog, chain: list[AuditEntry], head: Head
                ) -> tuple[str | None, str | None]:
    """(problem, note) for one checkpoint: the log must hold the entry it names; it may have
    grown past it only when writing the checkpoint failed (a full disk), which is a note."""
    last = chain[-1] if chain else None
    name = Path(head.source).name
    held = next((e for e in chain if e.seq == head.seq), None)
    if held is None or held.hash != head.hash:
        if last is None or last.seq < head.seq:
            return (f"{log.path}: the last entry is {last.seq if last else 'none'} but "
                    f"{name} records entry {head.seq}: entries were cut off the end"), None
        return (f"{log.path}: entry {head.seq} is not the one {name} records: the log "
                f"was replaced"), None
    if last is not None and last.seq > head.seq:
        return None, (f"{head.source} records entry {head.seq}, the log ends at {last.seq}: "
                      f"writing it failed after the entry was written (a full disk?); "
                      f"the next entry brings it up to date")
    return None, None


def _repairs(log: AuditLog, chain: list[AuditEntry]) -> tuple[tuple[str, ...], list[str]]:
    """What each repair entry says it quarantined (and whether the quarantine file holds
    it), and the pieces the quarantine file holds that no repair entry records (the append
    after moving them failed: the bytes are kept, the log says nothing of them)."""
    pieces = audit_file.quarantined(log.quarantine_path)
    kept = {piece.get("sha256") for piece in pieces}
    said, recorded = [], set()
    for entry in chain:
        if entry.operation != REPAIR:
            continue
        moved = entry.details.get("quarantined", {})
        recorded.add(moved.get("sha256"))
        held = "" if moved.get("sha256") in kept else f", but {log.quarantine_path.name} " \
                                                      f"does not hold them"
        said.append(f"entry {entry.seq} ({entry.at}): a torn line of {moved.get('bytes')} "
                    f"bytes (sha256 {moved.get('sha256')}) moved to "
                    f"{moved.get('file')}{held}")
    unrecorded = [f"{log.quarantine_path.name} holds a torn line of {piece.get('bytes')} "
                  f"bytes (sha256 {piece.get('sha256')}, moved {piece.get('at')}) that no "
                  f"repair entry records: the append after moving it failed"
                  for piece in pieces if piece.get("sha256") not in recorded]
    return tuple(said), unrecorded


def _copy_path(head_copy: Path | str | None, head_name: str) -> Path | None:
    if head_copy is None:
        return None
    path = Path(head_copy)
    return path / head_name if path.is_dir() else path


def _read(path: Path) -> Iterator[tuple[int, AuditEntry | str]]:
    """(line number, entry) per line; a line that is no entry gives a reason instead."""
    with open(path, encoding="utf-8", errors="replace", newline="\n") as lines:
        for line_no, line in enumerate(lines, start=1):
            yield line_no, _parse(line)


def _parse(line: str) -> AuditEntry | str:
    try:
        raw = json.loads(line)
        raw["persons"] = tuple(raw.get("persons") or ())
        return AuditEntry(**raw)
    except (ValueError, TypeError, AttributeError) as exc:
        return f"unreadable line: {exc}"


def _as_json(entry: AuditEntry) -> dict[str, Any]:
    out = asdict(entry)
    out["persons"] = list(entry.persons)
    out["details"] = dict(entry.details)
    return out


def _canonical(value: Any) -> str:
    """The form an entry's hash covers (unchanged since the first log was written)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def _line(entry: AuditEntry) -> bytes:
    """The entry as written: the canonical JSON in ASCII, every control or invisible
    character escaped, so the file holds one entry per line whatever the fields say."""
    return (json.dumps(_as_json(entry), sort_keys=True, separators=(",", ":"),
                       ensure_ascii=True, default=str) + "\n").encode("ascii")
