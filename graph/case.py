"""A case file after validation: the unit the loader writes, in engine-neutral form."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
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

    @property
    def digest(self) -> str:
        """A hash of the content (not the formatting): equal digests mean nothing to load."""
        content = {
            "id": self.id,
            "header": self.header,
            "entities": [_strip_line(asdict(e)) for _, e in sorted(self.entities.items())],
            "links": [_strip_line(asdict(link)) for _, link in sorted(self.links.items())],
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def rows(self) -> int:
        return len(self.entities) + len(self.links) + 1


def _strip_line(record: dict[str, Any]) -> dict[str, Any]:
    record.pop("line", None)
    return record
