"""The filters every view of the graph shares, checked in one place: node types, markets,
countries, a time window and a minimum 4x4 grading. The CLI's metrics selection and the
explorer's network view refuse the same values in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.errors import InvalidInput, Problem
from graph.model.grading import GRADING
from graph.model.ontology import Ontology, load_ontology

#: the study's drug markets, as the ontology declares them
MARKETS = tuple(load_ontology().markets)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FilterCheck:
    """Collects every problem of a set of filters, then raises them together (``done``)."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, None, field, message))

    def node_types(self, field: str, names: Iterable[str], ontology: Ontology) -> None:
        for name in names:
            if name not in ontology.nodes:
                self.bad(field, f"unknown node type {name!r}")

    def choices(self, field: str, values: Iterable[str], allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for value in values:
            if value not in allowed:
                self.bad(field, f"expected one of {', '.join(allowed)}, got {value!r}")

    def markets(self, field: str, values: Iterable[str]) -> None:
        self.choices(field, values, MARKETS)

    def window(self, since: str | None, until: str | None) -> None:
        """Both ISO dates when given, and the window not ending before it starts."""
        for name, value in (("since", since), ("until", until)):
            if value is not None and not ISO_DATE.match(str(value)):
                self.bad(name, f"expected a date as YYYY-MM-DD, got {value!r}")
        if since and until and ISO_DATE.match(str(since)) and ISO_DATE.match(str(until)) \
                and since > until:
            self.bad("until", f"the window ends ({until}) before it starts ({since})")

    def grading(self, field: str, value: str | None) -> None:
        if value is not None and not GRADING.match(str(value)):
            self.bad(field, f"expected a 4x4 grading such as B2, got {value!r}")

    def done(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)
