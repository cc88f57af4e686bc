"""The one exception hierarchy of dismark.

Every error a user can cause names the place (file, line, field), what was expected and,
where there is one, the fix. The CLI and the explorer each turn these into messages in one
place; nothing else catches them to reword them.
"""

from __future__ import annotations

from dataclasses import dataclass


class DismarkError(Exception):
    """Base class: a problem the user can act on."""


@dataclass(frozen=True)
class Problem:
    """One precise complaint about an input: where, which field, what was expected."""

    source: str
    line: int | None
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        text = f"{where}: {self.field}: {self.message}" if self.field else \
            f"{where}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class InvalidInput(DismarkError):
    """An input (case file, ontology, parameter) has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OntologyError(InvalidInput):
    """graph/model/ontology.yaml is inconsistent."""


class UnknownLabel(DismarkError):
    """A label or relationship type outside the ontology's allow-list reached the Cypher builder."""


class StoreError(DismarkError):
    """The graph store failed or could not be reached."""


class StoreUrlError(StoreError):
    """A store URL dismark does not understand."""


class QueryTimeout(StoreError):
    """A query ran longer than its time limit and was stopped."""


class QueryAborted(StoreError):
    """An analyst query took its (sandbox) server down; it is never sent again."""


class Refused(DismarkError):
    """The request was refused on purpose, before or instead of running: nothing was done."""


class ReadOnlyViolation(Refused):
    """A query sent through the read-only path tried to write."""


class RefusedQuery(ReadOnlyViolation):
    """An analyst query that would write, load files or call an unlisted procedure."""

    def __init__(self, clause: str, why: str):
        self.clause = clause
        super().__init__(f"refused before it ran: {clause} {why}; analyst queries are "
                         "read-only")


class PermissionDenied(Refused):
    """The user's role does not allow the action; nothing was done."""


class AuditUnavailable(DismarkError):
    """The audit log cannot be written, so the operation it would record is refused."""
