"""Log the attempt before an operation runs, and its outcome after, linked to the attempt.

An analyst query that crashes the server, runs out of time or is refused by the guard
leaves no result to log; logged only on success, it would leave no trace of who sent it.
``attempted`` writes the attempt first (after the role check), runs the body, and writes
the outcome (ok with the row count and the persons shown, refused, timed out, crashed the
server, failed) with the attempt's number and hash. The CLI and the explorer both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph.access.audit import Actor, AuditLog
from graph.access.roles import authorize
from graph.errors import AuditUnavailable, QueryAborted, QueryTimeout, Refused
from graph.store import QueryResult

_ERROR_CHARS = 500


@dataclass
class Outcome:
    """What the body tells the log about the operation it ran."""

    details: dict[str, Any] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)

    def returned(self, result: QueryResult, persons: Iterable[str] = ()) -> None:
        """The operation answered with ``result``, showing ``persons``."""
        self.details.update(rows=len(result.rows), truncated=result.truncated)
        self.persons.update(persons)


def outcome_of(error: BaseException) -> str:
    """How an operation that raised ``error`` ended, in the log's words."""
    if isinstance(error, QueryAborted):
        return "crashed the server"
    if isinstance(error, Refused):
        return "refused"
    if isinstance(error, QueryTimeout):
        return "timed out"
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return "failed"


@contextmanager
def attempted(log: AuditLog, actor: Actor, action: str,
              details: Mapping[str, Any] | None = None) -> Iterator[Outcome]:
    """Check the role (a refusal logs nothing), log the attempt, run the body, log its
    outcome. The result may be shown only after the ``with`` block: the outcome entry is
    written (or ``AuditUnavailable`` raised) when it ends."""
    rule = authorize(actor, action)
    attempt = log.record(actor, rule.operation, action,
                         details={**(details or {}), "stage": "attempt"})
    link = {"stage": "outcome", "attempt": attempt.seq, "attempt_hash": attempt.hash}
    outcome = Outcome()
    try:
        yield outcome
    except BaseException as error:
        try:
            log.record(actor, rule.operation, action, details={
                **link, "outcome": outcome_of(error),
                "error": f"{type(error).__name__}: {error}"[:_ERROR_CHARS]})
        except AuditUnavailable as unlogged:
            error.add_note(str(unlogged))
        raise
    log.record(actor, rule.operation, action, details={**link, "outcome": "ok",
                                                       **outcome.details},
               persons=outcome.persons)
