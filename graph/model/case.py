"""A case file after validation: the unit the loader writes, in engine-neutral form."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Entity:
    label: str
    id: str
    properties: dict[str, Any]
    #: a reference names an entity declared elsewhere (another case file); it carries no
    #: properties of its own and is exempt from required fields
    reference: bool = False
    line: int | None = None


@dataclass(frozen=True)
class Link:
    type: str
    source_label: str
    source: str
    target_label: str
    target: str
    id: str
    properties: dict[str, Any]
    date: str | None
    grading: str
    line: int | None = None
    #: the first and last day a count covers (``graph.model.claims``)
    period: tuple[str, str] | None = None
    #: the case file whose observation this link repeats (an MLA request quoting a wiretap)
    reported_in: str | None = None

    @property
    def seen(self) -> tuple[str | None, str | None]:
        """First and last day the link was seen: its period, else its date (None: the case's)."""
        return self.period or (self.date, self.date)


@dataclass
class Case:
    """One case file: the unit that enters the graph whole or not at all."""

    id: str
    source: str
    header: dict[str, Any]
    entities: dict[str, Entity] = field(default_factory=dict)
    #: by link id: one fact per id
    links: dict[str, Link] = field(default_factory=dict)

    @property
    def opened_on(self) -> str:
        return self.header["opened_on"]

    @cached_property
    def digest(self) -> str:
        """A hash of the content (not the formatting): equal digests mean nothing to load.

        Computed once, when the loader first asks (the case is complete by then): it hashes
        every row, and the loader needs it for the ledger check and for the write. The text
        hashed is the same as that of ``dataclasses.asdict`` without ``line``, so digests in
        graphs loaded by earlier versions still match.
        """
        content = {
            "id": self.id,
            "header": self.header,
            "entities": [_entity_content(e) for _, e in sorted(self.entities.items())],
            "links": [_link_content(link) for _, link in sorted(self.links.items())],
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def rows(self) -> int:
        return len(self.entities) + len(self.links) + 1


def _entity_content(e: Entity) -> dict[str, Any]:
    return {"label": e.label, "id": e.id, "properties": e.properties, "reference": e.reference}


def _link_content(link: Link) -> dict[str, Any]:
    """What a link's digest covers; ``period`` and ``reported_in`` only when given, so
    cases without them keep the digests earlier versions stored."""
    content = {"type": link.type, "source_label": link.source_label, "source": link.source,
               "target_label": link.target_label, "target": link.target, "id": link.id,
               "properties": link.properties, "date": link.date, "grading": link.grading}
    if link.period:
        content["period"] = list(link.period)
    if link.reported_in:
        content["reported_in"] = link.reported_in
    return content
