"""Check raw case-file records against the ontology, collecting every problem at once.

The format readers (dossier, CSV bundle) turn their input into plain records and a way to
locate a field (file, line, field name); this module owns what is valid. Nothing is written
to the graph from a file that has any problem.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, Problem
from graph.model.case import Case, Entity, Link
from graph.model.grading import GRADING
from graph.model.identifiers import NORMAL_SUFFIX, normal_form
from graph.model.ontology import NodeType, Ontology, Property
from graph.model.values import IDENTIFIER_TYPES, UNSTORABLE

#: Europol 4x4: source reliability A/B/C/X, information reliability 1-4.
HEADER_FIELDS = ("id", "country", "kind", "opened_on", "agency", "title", "summary", "grading")
ENTITY_FIELDS = ("type", "id", "properties", "reference")
LINK_FIELDS = ("type", "source", "target", "id", "properties", "date", "grading", "period",
               "reported_in")
MAX_ID_LENGTH = 200

#: Turns a path inside the input (keys and indexes) into (line, field name as the user reads it).
Locator = Callable[[tuple], tuple[int | None, str]]


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file reached without a symbolic link.

    A link in a load folder could make the loader read any file its account can (and quote
    its lines in error messages); a FIFO or device would hang or stream forever. Opened with
    ``O_NOFOLLOW`` and checked on the open descriptor, so nothing is swapped in between."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise InvalidInput([Problem(str(path), None, "", f"cannot be read "
                                        f"({exc.strerror})")]) from None
        raise not_a_regular_file(path, "is a symbolic link") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_a_regular_file(path, "is not a regular file")
        return handle.read()


def not_a_regular_file(path: Path, what: str) -> InvalidInput:
    """The refusal of an input that is a link or a special file; nothing of it was read."""
    return InvalidInput([Problem(str(path), None, "", f"{what}; dismark loads only regular "
                                 "files, so a link cannot bring in a file from elsewhere",
                                 "copy the case file itself into the folder")])


def read_utf8(path: Path) -> str:
    """The file's text (a UTF-8 byte-order mark dropped); a file in another encoding, such as
    Latin-1 from an older export, is refused with the line of its first foreign byte."""
    data = read_regular_file(path)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(str(path), line, "", f"not UTF-8 text ({exc.reason} at "
                                                         f"byte {exc.start})",
                                    "save the file as UTF-8")]) from None


def _first(values: Any, limit: int = 8) -> str:
    values = sorted(values)
    more = f" … ({len(values) - limit} more)" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


class CaseChecker:
    """Validates one case's header, entities and links; ``problems`` holds the complaints."""

    def __init__(self, ontology: Ontology, source: str, locate: Locator, *, from_text: bool):
        self.ontology, self.source, self.locate, self.from_text = \
            ontology, source, locate, from_text
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str, fix: str = "") -> None:
        line, field = self.locate(path)
        self.problems.append(Problem(self.source, line, field, message, fix))

    # -- pieces ------------------------------------------------------------------------------
    def identifier(self, raw: Any, path: tuple) -> str | None:
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str) or not raw.strip():
            self.problem(path, f"expected a non-empty id, got {raw!r}")
            return None
        if UNSTORABLE.search(raw) or len(raw) > MAX_ID_LENGTH:
            self.problem(path, f"ids are at most {MAX_ID_LENGTH} characters, without NUL "
                               "bytes or lone surrogates")
            return None
        return raw.strip()

    def grading(self, raw: Any, path: tuple) -> str | None:
        if isinstance(raw, str) and GRADING.match(raw.strip()):
            return raw.strip()
        self.problem(path, f"expected a Europol 4x4 grading such as B2, got {raw!r}",
                     "source reliability A, B, C or X followed by information reliability 1-4")
        return None

    def properties(self, raw: Any, declared: Mapping[str, Property], owner: str,
                   path: tuple, *, check_required: bool,
                   country_property: str | None = None, region: str | None = None
                   ) -> dict[str, Any]:
        """The coerced properties, each identifier's normal form beside it, read in the
        owner's own country (``country_property``), else in ``region`` (the case file's)."""
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping):
            self.problem(path, f"expected a mapping of properties, got {type(raw).__name__}")
            return {}
        out = {}
        for name, value in raw.items():
            where = (*path, name)
            if name not in declared:
                self.problem(where, f"{owner} has no property {name!r}",
                             f"declared properties: {_first(declared) or 'none'}")
                continue
            if value is None or (self.from_text and value == ""):
                continue
            try:
                out[name] = declared[name].coerce(value, from_text=self.from_text)
            except ValueError as exc:
                self.problem(where, str(exc))
        self.normalise(out, declared, path, out.get(country_property or "") or region)
        if check_required:
            for name in declared:
                if declared[name].required and name not in out and name not in raw:
                    self.problem(path, f"{owner} requires property {name!r}",
                                 f"add {name}: <{declared[name].type}>")
        return out

    def normalise(self, props: dict[str, Any], declared: Mapping[str, Property], path: tuple,
                  country: str | None) -> None:
        """Add the normal form of every identifier in ``props`` beside it (``number_normal``
        beside ``number``), read in ``country``; a wrong registration number is a problem."""
        for name in [n for n in props if declared[n].type in IDENTIFIER_TYPES]:
            try:
                normal = normal_form(declared[name].type, props[name], country)
            except ValueError as exc:
                self.problem((*path, name), str(exc))
                continue
            if normal:
                props[name + NORMAL_SUFFIX] = normal

    def unknown_fields(self, record: Mapping[str, Any], allowed: tuple[str, ...],
                       path: tuple) -> None:
        for name in record:
            if name not in allowed:
                self.problem((*path, name), f"unknown field {name!r}",
                             f"allowed fields: {', '.join(allowed)}")

    # -- records -----------------------------------------------------------------------------
    def header(self, raw: Any, path: tuple) -> Case | None:
        """The case, or None if there is no header at all (placeholders if it has problems)."""
        if not isinstance(raw, Mapping):
            self.problem(path, "expected the case header (id, country, kind, opened_on, "
                               "agency, grading)")
            return None
        self.unknown_fields(raw, HEADER_FIELDS, path)
        case_id = self.identifier(raw.get("id"), (*path, "id"))
        case_type = self.ontology.node("CaseFile")
        props = {k: v for k, v in raw.items() if k in HEADER_FIELDS and k not in ("id", "grading")}
        header = self.properties(props, case_type.properties, "CaseFile", path,
                                 check_required=True)
        grading = self.grading(raw.get("grading"), (*path, "grading"))
        # A bad header has been reported; go on with placeholders so the user also hears
        # about the entities and links (the file writes nothing either way).
        header.setdefault("opened_on", "")
        header["grading"] = grading or "X4"
        return Case(case_id or "?", self.source, header)

    def entity(self, raw: Any, path: tuple, region: str | None = None) -> Entity | None:
        """An entity of the case file; ``region`` is the case file's country, where a phone
        number written without a calling code is read."""
        if not isinstance(raw, Mapping):
            self.problem(path, "expected an entity with type, id and properties")
            return None
        self.unknown_fields(raw, ENTITY_FIELDS, path)
        node_type = self._node_type(raw.get("type"), (*path, "type"))
        entity_id = self.identifier(raw.get("id"), (*path, "id"))
        reference = raw.get("reference", False)
        if self.from_text and isinstance(reference, str):
            reference = reference.strip().lower() in ("true", "yes", "1")
        if not isinstance(reference, bool):
            self.problem((*path, "reference"), f"expected true or false, got {reference!r}")
            reference = False
        if node_type is None or entity_id is None:
            return None
        props = self.properties(raw.get("properties"), node_type.properties, node_type.label,
                                (*path, "properties"), check_required=not reference,
                                country_property=node_type.country_property, region=region)
        if reference and props:
            self.problem((*path, "properties"), "a reference carries no properties",
                         "drop reference: true, or move the properties to the file that "
                         "declares the entity")
        return Entity(node_type.label, entity_id, props, reference, self.locate(path)[0])

    def link(self, raw: Any, path: tuple, case: Case, resolve: Callable[[str], Entity | None]
             ) -> Link | None:
        if not isinstance(raw, Mapping):
            self.problem(path, "expected a link with type, source and target")
            return None
        self.unknown_fields(raw, LINK_FIELDS, path)
        rel = None
        name = raw.get("type")
        if isinstance(name, str) and name in self.ontology.relationships:
            rel = self.ontology.relationships[name]
            if rel.derived:
                self.problem((*path, "type"), f"{name} is written by dismark, not by case files",
                             "leave it out: dismark resolve proposes it and analysts decide it")
                rel = None
        else:
            self.problem((*path, "type"), f"unknown relationship type {name!r}",
                         f"use one of {_first(self.ontology.relationships, 30)}")
        ends = {}
        for end in ("source", "target"):
            end_id = self.identifier(raw.get(end), (*path, end))
            if end_id is None:
                continue
            entity = resolve(end_id)
            if entity is None:
                self.problem((*path, end), f"unknown entity {end_id!r}",
                             f"declare it under entities; declared: {_first(case.entities)}")
                continue
            ends[end] = entity
        grading = case.header["grading"]
        if raw.get("grading") not in (None, ""):
            grading = self.grading(raw.get("grading"), (*path, "grading"))
        date = None
        if raw.get("date") not in (None, ""):
            date = self._date(raw.get("date"), (*path, "date"))
        period = self._period(raw.get("period"), (*path, "period"))
        reported_in = None
        if raw.get("reported_in") not in (None, ""):
            reported_in = self.identifier(raw.get("reported_in"), (*path, "reported_in"))
            if reported_in == case.id:
                self.problem((*path, "reported_in"), "a case file cannot repeat itself",
                             "name the case file whose observation this link repeats, or "
                             "leave reported_in out")
        if rel is None or len(ends) < 2 or grading is None:
            return None
        source, target = ends["source"], ends["target"]
        if not rel.allows(source.label, target.label):
            self.problem(path, f"{rel.name} cannot go from {source.label} to {target.label}",
                         f"{rel.name} goes from {'|'.join(rel.sources)} to "
                         f"{'|'.join(rel.targets)}")
            return None
        props = self.properties(raw.get("properties"), rel.properties, rel.name,
                                (*path, "properties"), check_required=True)
        link_id = raw.get("id")
        if link_id in (None, ""):
            link_id = f"{source.id}>{rel.name}>{target.id}"
        else:
            link_id = self.identifier(link_id, (*path, "id"))
        return Link(rel.name, source.label, source.id, target.label, target.id, link_id, props,
                    date, grading, self.locate(path)[0], period, reported_in)

    def add_entity(self, case: Case, entity: Entity, path: tuple) -> None:
        """Add to the case; the same id twice must agree (a reference agrees with anything)."""
        known = case.entities.get(entity.id)
        if known is None:
            case.entities[entity.id] = entity
            return
        if known.label != entity.label:
            self.problem((*path, "type"), f"{entity.id!r} is declared as {known.label} on line "
                                          f"{known.line} and as {entity.label} here")
        elif entity.reference:
            return
        elif known.reference:
            case.entities[entity.id] = entity
        elif known.properties != entity.properties:
            differing = sorted(k for k in known.properties.keys() | entity.properties.keys()
                               if known.properties.get(k) != entity.properties.get(k))
            self.problem((*path, "properties"),
                         f"{entity.id!r} is declared twice with different values of "
                         f"{', '.join(differing)} (first on line {known.line})",
                         "keep one declaration")

    def add_link(self, case: Case, link: Link, path: tuple) -> None:
        """Add to the case; a second link with the same id must say the same thing.

        Two links of one type between the same entities get the same default id, so two
        different facts (say, two deliveries) need ids of their own or one would be lost.
        """
        known = case.links.get(link.id)
        if known is None:
            case.links[link.id] = link
        elif replace(known, line=None) != replace(link, line=None):
            self.problem(path, f"a second {link.type} link with id {link.id!r} (first on line "
                               f"{known.line}) says something else",
                         "give each link its own id, or merge them")

    def _node_type(self, name: Any, path: tuple) -> NodeType | None:
        if isinstance(name, str) and name in self.ontology.nodes:
            return self.ontology.nodes[name]
        self.problem(path, f"unknown entity type {name!r}",
                     f"use one of {_first(self.ontology.nodes, 30)}")
        return None

    def _period(self, raw: Any, path: tuple) -> tuple[str, str] | None:
        """``YYYY-MM-DD/YYYY-MM-DD`` (ISO 8601 interval), the first day not after the last."""
        if raw in (None, ""):
            return None
        parts = raw.split("/") if isinstance(raw, str) else []
        if len(parts) != 2:
            self.problem(path, f"expected a period such as 2019-01-01/2019-03-31, got {raw!r}")
            return None
        first, last = (self._date(part.strip(), path) for part in parts)
        if first is None or last is None:
            return None
        if first > last:
            self.problem(path, f"the period ends ({last}) before it begins ({first})")
            return None
        return first, last

    def _date(self, raw: Any, path: tuple) -> str | None:
        try:
            return Property("date", "date").coerce(raw, from_text=self.from_text)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None
