"""The audit log: who consulted, disclosed, collected, altered or erased what, when and why.

The EU Law Enforcement Directive (2016/680, Article 25) requires logs of these operations
with their justification, date and time and the identity of the person. Each entry is one
JSON line in a file kept outside the graph store, written and fsynced *before* the
operation's result is shown: when the line cannot be written, ``record`` raises
``AuditUnavailable`` and the caller refuses the operation.

Entries are hash-chained: each holds the SHA-256 of the previous entry, and its own hash
covers its content and that link, so ``verify`` finds an edited, deleted or reordered entry
by line number. A sidecar ``<log>.head`` holds the last sequence number and hash, so cutting
entries off the end shows too. Someone who can rewrite both files can forge a consistent
chain; deployments that need more ship the head hash to a separate system (syslog, WORM
storage) — see docs/audit.md.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import AuditUnavailable
from graph.store import GraphNode

#: The operations Article 25 names, and the explorer's sign-ins (``authentication``, let in
#: or not); every entry is one of them.
OPERATIONS = ("consultation", "disclosure", "collection", "alteration", "combination",
              "erasure", "authentication")
GENESIS = "0" * 64
#: The label whose ids the log lists as persons touched.
PERSON = "Person"
_TAIL_CHUNK = 8192


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
    """What ``verify`` found: how many entries it read and every break in the chain."""

    entries: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


class AuditLog:
    """An append-only, hash-chained JSON-lines file shared by every process that writes it
    (explorer sessions, CLI runs): appends are serialised by an exclusive file lock."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")

    def record(self, actor: Actor, operation: str, action: str, *,
               details: Mapping[str, Any] | None = None,
               persons: Iterable[str] = ()) -> AuditEntry:
        """Append one entry and fsync it; raise ``AuditUnavailable`` if that is impossible."""
        if operation not in OPERATIONS:
            raise ValueError(f"operation must be one of {', '.join(OPERATIONS)}, "
                             f"got {operation!r}")
        try:
            with self._locked() as fd:
                last = _last_entry(fd)
                entry = AuditEntry(
                    seq=last.seq + 1 if last else 1,
                    at=datetime.now(UTC).isoformat(timespec="microseconds"),
                    user=actor.user, role=actor.role, purpose=actor.purpose,
                    case_ref=actor.case_ref, operation=operation, action=action,
                    details=dict(details or {}), persons=tuple(sorted(set(persons))),
                    prev=last.hash if last else GENESIS)
                entry = AuditEntry(**{**asdict(entry), "hash": entry.expected_hash()})
                os.write(fd, (_canonical(_as_json(entry)) + "\n").encode("utf-8"))
                os.fsync(fd)
                self._write_head(entry)
        except OSError as exc:
            raise AuditUnavailable(
                f"{self.path}: the audit log cannot be written ({exc.strerror or exc}); "
                f"the operation was refused. Fix the log's folder or DISMARK_AUDIT_LOG."
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

    @contextmanager
    def _locked(self) -> Iterator[int]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if created:
                _fsync_folder(self.path.parent)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock

    def _write_head(self, entry: AuditEntry) -> None:
        """Replace ``<log>.head`` atomically: the last entry's number and hash."""
        temporary = self.head_path.with_name(self.head_path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(_canonical({"seq": entry.seq, "hash": entry.hash}) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.head_path)
        _fsync_folder(self.head_path.parent)


def persons_in(value: Any) -> set[str]:
    """The ids of every person in ``value``: nodes, paths, query results, networks, reports
    (dicts or dataclasses whose ``type`` or ``label`` is Person), however nested. What the
    log lists as the persons an operation touched."""
    found: set[str] = set()
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes, int, float, bool)) or item is None:
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, GraphNode):
            if PERSON in item.labels and item.properties.get("id") is not None:
                found.add(str(item.properties["id"]))
        elif isinstance(item, Mapping):
            if PERSON in (item.get("type"), item.get("label")) and item.get("id") is not None:
                found.add(str(item["id"]))
            stack.extend(item.values())
        elif is_dataclass(item):
            if PERSON in (getattr(item, "type", None), getattr(item, "label", None)) and \
                    getattr(item, "id", None) is not None:
                found.add(str(item.id))
            stack.extend(getattr(item, f.name) for f in fields(item))
        elif isinstance(item, Iterable):
            stack.extend(item)
    return found


def verify(path: Path | str) -> Verification:
    """Check the chain of the log at ``path``: every entry's hash, its link to the one
    before, consecutive numbers, and the head file's record of the last entry."""
    log = AuditLog(path)
    problems: list[str] = []
    previous: AuditEntry | None = None
    count = 0
    if not log.path.exists():
        if log.head_path.exists():
            problems.append(f"{log.path}: missing, but {log.head_path.name} records entries")
        return Verification(0, tuple(problems))
    for line_no, entry in _read(log.path):
        where = f"{log.path}:{line_no}"
        if not isinstance(entry, AuditEntry):
            problems.append(f"{where}: not an audit entry ({entry})")
            continue
        count += 1
        if entry.hash != entry.expected_hash():
            problems.append(f"{where}: entry {entry.seq} was altered (its hash does not match "
                            f"its content)")
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            problems.append(f"{where}: entry {entry.seq} follows entry "
                            f"{previous.seq if previous else 'nothing'}: entries were deleted "
                            f"or reordered")
        elif entry.prev != (previous.hash if previous else GENESIS):
            problems.append(f"{where}: entry {entry.seq} does not link to the entry before "
                            f"it: an entry was replaced")
        previous = entry
    problems.extend(_head_problems(log, previous))
    return Verification(count, tuple(problems))


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


def _head_problems(log: AuditLog, last: AuditEntry | None) -> list[str]:
    if not log.head_path.exists():
        return [f"{log.head_path}: missing: the end of the log cannot be checked"] if last else []
    try:
        head = json.loads(log.head_path.read_text(encoding="utf-8"))
        seq, digest = int(head["seq"]), str(head["hash"])
    except (ValueError, KeyError, TypeError):
        return [f"{log.head_path}: unreadable"]
    if last is None or last.seq != seq or last.hash != digest:
        return [f"{log.path}: the last entry is {last.seq if last else 'none'} but "
                f"{log.head_path.name} records entry {seq}: entries were cut off the end"]
    return []


def _read(path: Path) -> Iterator[tuple[int, AuditEntry | str]]:
    """(line number, entry) per line; a line that is no entry gives a reason instead."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line_no, line in enumerate(lines, start=1):
            yield line_no, _parse(line)


def _parse(line: str) -> AuditEntry | str:
    try:
        raw = json.loads(line)
        raw["persons"] = tuple(raw.get("persons") or ())
        return AuditEntry(**raw)
    except (ValueError, TypeError, AttributeError) as exc:
        return f"unreadable line: {exc}"


def _last_entry(fd: int) -> AuditEntry | None:
    """The last complete entry of the open log, read from its end (logs grow large)."""
    end = os.lseek(fd, 0, os.SEEK_END)
    tail, position = b"", end
    while position > 0:
        step = min(_TAIL_CHUNK, position)
        position -= step
        tail = os.pread(fd, step, position) + tail
        lines = tail.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or position == 0:
            entry = _parse(lines[-1].decode("utf-8", errors="replace"))
            if isinstance(entry, AuditEntry):
                return entry
            raise OSError(f"the last line of the audit log is damaged ({entry}); "
                          f"run `dismark audit verify`")
    return None


def _as_json(entry: AuditEntry) -> dict[str, Any]:
    out = asdict(entry)
    out["persons"] = list(entry.persons)
    out["details"] = dict(entry.details)
    return out


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
