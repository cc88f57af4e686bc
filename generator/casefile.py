"""One synthetic case file being assembled: entities and links in the loader's own format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CaseFile:
    """A case file as the dossier format has it; ``entities`` keyed by id (declared once)."""

    id: str
    country: str
    kind: str
    opened_on: str
    agency: str
    grading: str
    title: str = ""
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: by link id (the loader's default ``source>TYPE>target`` unless given): the first
    #: statement of a fact wins, as a case file would state it once
    links: dict[str, dict[str, Any]] = field(default_factory=dict)

    def entity(self, type_: str, id_: str, **properties: Any) -> str:
        """Declare an entity (None values dropped); returns its id for linking."""
        if id_ not in self.entities:
            props = {k: v for k, v in properties.items() if v is not None}
            self.entities[id_] = {"type": type_, "id": id_, "properties": props}
        return id_

    def reference(self, type_: str, id_: str) -> str:
        """Name an entity declared in another case file (a case file, usually)."""
        if id_ not in self.entities:
            self.entities[id_] = {"type": type_, "id": id_, "reference": True}
        return id_

    def link(self, type_: str, source: str, target: str, *, date: str | None = None,
             grading: str | None = None, id_: str | None = None, **properties: Any) -> None:
        key = id_ or f"{source}>{type_}>{target}"
        if key in self.links or source == target:
            return
        link: dict[str, Any] = {"type": type_, "source": source, "target": target}
        if id_:
            link["id"] = id_
        props = {k: v for k, v in properties.items() if v is not None}
        if props:
            link["properties"] = props
        if date:
            link["date"] = date
        if grading:
            link["grading"] = grading
        self.links[key] = link

    def dossier(self) -> dict[str, Any]:
        header = {"id": self.id, "country": self.country, "kind": self.kind,
                  "opened_on": self.opened_on, "agency": self.agency, "grading": self.grading}
        if self.title:
            header["title"] = self.title
        return {"case": header, "entities": list(self.entities.values()),
                "links": list(self.links.values())}
