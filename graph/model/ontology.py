"""The ontology as frozen data, loaded from ``graph/model/ontology.yaml`` in two checked passes.

Pass one reads every node and relationship type and checks its own fields; pass two checks
the references between them (relationship endpoints, caption and country properties). Every
complaint names the YAML path and line. Everything else that needs to know the types
(Cypher builder, loader validation, explorer legend, docs) asks an ``Ontology`` object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from graph.errors import OntologyError, Problem, UnknownLabel
from graph.model.identifiers import NORMAL_SUFFIX
from graph.model.sourcemap import LineMap, dotted, load_with_lines
from graph.model.sourcemap import Path as YamlPath
from graph.model.values import PROPERTY_TYPES, coerce

DEFAULT_PATH = Path(__file__).with_name("ontology.yaml")
_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PROPERTY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The glyphs a node type may be drawn with, named as vis-network names its shapes (the
#: explorer draws the same outlines on its maps, charts and legends): with the colour they
#: tell the 19 types apart, also to a reader who confuses colours (docs/explorer.md).
GLYPHS = ("dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon")
#: Properties the loader adds to every node and relationship; the ontology may not redeclare them.
PROVENANCE = ("sources", "first_seen", "last_seen", "variants", "disputed", "unsettled")
#: Of those, what the loader keeps for settling facts (``graph.store.facts``), not for
#: reading: views leave them out.
BOOKKEEPING = ("variants", "claims", "unsettled")
#: ``claims``: what each case file states of a link (``graph.model.claims``)
RELATIONSHIP_PROVENANCE = (*PROVENANCE, "grading", "gradings", "claims")
#: What a case file's link says of its observation (``docs/case-files.md``): link fields,
#: so not property names.
LINK_OBSERVATION = ("period", "reported_in")


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] = ()
    description: str = ""
    #: summed over the case files that observe it, not chosen (``graph.model.claims``)
    adds_up: bool = False

    def coerce(self, raw: Any, *, from_text: bool = False) -> Any:
        """The stored value of ``raw``; ``ValueError`` saying what was expected otherwise."""
        return coerce(self.type, self.values, raw, from_text=from_text)


@dataclass(frozen=True)
class NodeType:
    label: str
    description: str
    colour: str
    properties: Mapping[str, Property]
    key: str = "id"
    #: the properties that name an entity on screen, the first one with a value wins
    #: (``caption: [address]``: a premises by its address), then its key
    caption: tuple[str, ...] = ("id",)
    country_property: str | None = None
    #: False for context (places, case files, interventions): not an actor of the network
    actor: bool = True
    #: the market an entity of this type serves by what it is (a plantation: cannabis)
    market: str | None = None
    #: the outline it is drawn with, one of ``GLYPHS``, paired with ``colour``
    glyph: str = "dot"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties.values() if p.required)

    def caption_of(self, properties: Mapping[str, Any]) -> str | None:
        """What an entity is shown by: its first caption property with a value, else its
        key; None when it has neither."""
        for name in (*self.caption, self.key):
            value = properties.get(name)
            if value not in (None, "", [], ()):
                return str(value)
        return None


@dataclass(frozen=True)
class RelationshipType:
    name: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: Mapping[str, Property] = field(default_factory=dict)
    #: a tie between actors, followed by default by network views, paths and metrics
    operational: bool = False
    #: written by dismark itself (SAME_AS), never stated by a case file
    derived: bool = False

    def allows(self, source_label: str, target_label: str) -> bool:
        return source_label in self.sources and target_label in self.targets

    @property
    def adds_up(self) -> tuple[str, ...]:
        """The properties summed over observations (a contact's ``count``)."""
        return tuple(p.name for p in self.properties.values() if p.adds_up)


@dataclass(frozen=True)
class Ontology:
    nodes: Mapping[str, NodeType]
    relationships: Mapping[str, RelationshipType]
    #: the study's drug markets and the ``drug`` values that belong to each
    markets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def operational_relationships(self) -> tuple[str, ...]:
        """Ties between actors, in the order the ontology declares them."""
        return tuple(r.name for r in self.relationships.values() if r.operational)

    @property
    def non_actors(self) -> tuple[str, ...]:
        """Node types that are context, not actors (places, case files, interventions)."""
        return tuple(n.label for n in self.nodes.values() if not n.actor)

    def markets_of(self, label: str, properties: Mapping[str, Any]) -> set[str]:
        """The markets an entity serves: its type's market, else its ``markets`` and the
        market of its ``drug``."""
        node = self.nodes.get(label)
        if node is not None and node.market:
            return {node.market}
        found = set(properties.get("markets") or ())
        drug = properties.get("drug")
        found |= {market for market, drugs in self.markets.items() if drug in drugs}
        return found

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise UnknownLabel(f"unknown node label {label!r}; the ontology declares "
                               f"{', '.join(self.nodes)}") from None

    def relationship(self, name: str) -> RelationshipType:
        try:
            return self.relationships[name]
        except KeyError:
            raise UnknownLabel(f"unknown relationship type {name!r}; the ontology declares "
                               f"{', '.join(self.relationships)}") from None

    def country_of(self, label: str, properties: Mapping[str, Any]) -> str | None:
        """The country an entity belongs to, by its type's country property."""
        prop = self.nodes[label].country_property if label in self.nodes else None
        return properties.get(prop) if prop else None


class _Reader:
    """Collects problems while reading the YAML so the user sees all of them at once."""

    def __init__(self, source: str, lines: LineMap):
        self.source, self.lines, self.problems = source, lines, []

    def problem(self, path: YamlPath, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.source, self.lines.line(path), dotted(path), message,
                                     fix))

    def mapping(self, value: Any, path: YamlPath) -> dict:
        if isinstance(value, dict):
            return value
        self.problem(path, f"expected a mapping, got {type(value).__name__}")
        return {}

    def names(self, value: Any, path: YamlPath) -> tuple[str, ...]:
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem(path, "expected a non-empty list of node labels")
        return ()

    def caption(self, value: Any, path: YamlPath) -> tuple[str, ...]:
        """``caption: name`` or ``caption: [address, kind]``: property names."""
        names = value if isinstance(value, list) else [value]
        if names and all(isinstance(v, str) and v for v in names):
            return tuple(names)
        self.problem((*path, "caption"), "expected a property name or a list of them")
        return ()

    def flag(self, spec: Mapping, name: str, path: YamlPath, *, default: bool) -> bool:
        value = spec.get(name, default)
        if not isinstance(value, bool):
            self.problem((*path, name), f"expected true or false, got {value!r}")
            return default
        return value

    def markets(self, raw: Any) -> dict[str, tuple[str, ...]]:
        """The ``markets`` section: market → the ``drug`` values that belong to it."""
        out: dict[str, tuple[str, ...]] = {}
        for market, spec in self.mapping(raw, ("markets",)).items():
            drugs = self.mapping(spec, ("markets", market)).get("drugs")
            if not isinstance(drugs, list) or not all(isinstance(d, str) for d in drugs):
                self.problem(("markets", market, "drugs"), "expected a list of drug names")
                continue
            out[str(market)] = tuple(drugs)
        return out

    def properties(self, raw: Any, path: YamlPath, reserved: tuple[str, ...], *,
                   link: bool = False) -> dict[str, Property]:
        out = {}
        for name, spec in self.mapping(raw or {}, path).items():
            where = (*path, name)
            if not isinstance(name, str) or not _PROPERTY.match(name):
                self.problem(where, "property names are lower_snake_case")
                continue
            if name in reserved or (name.endswith(NORMAL_SUFFIX) and name.removesuffix(
                    NORMAL_SUFFIX) in (raw or {})):
                self.problem(where, f"{name!r} is added by the loader and cannot be declared")
                continue
            spec = self.mapping(spec, where)
            type_name = spec.get("type")
            if type_name not in PROPERTY_TYPES:
                self.problem((*where, "type"), f"unknown property type {type_name!r}",
                             f"use one of {', '.join(PROPERTY_TYPES)}")
                continue
            values = tuple(spec.get("values") or ())
            if type_name.endswith("enum") and not values:
                self.problem(where, "an enum needs a non-empty 'values' list")
            unknown = set(spec) - {"type", "required", "values", "description", "adds_up"}
            if unknown:
                self.problem(where, f"unknown keys {sorted(unknown)}",
                             "allowed: type, required, values, description, adds_up")
            adds_up = self.flag(spec, "adds_up", where, default=False)
            if adds_up and not link:
                self.problem((*where, "adds_up"), "only a link's property can add up",
                             "an entity's value is chosen from its case files, not summed")
            elif adds_up and type_name not in ("integer", "float"):
                self.problem((*where, "adds_up"), "only a number can add up",
                             "declare it integer or float, or drop adds_up")
            out[name] = Property(name, type_name, bool(spec.get("required", False)),
                                 tuple(str(v) for v in values), str(spec.get("description", "")),
                                 adds_up)
        return out


def parse_ontology(text: str, source: str = "ontology.yaml") -> Ontology:
    """Build and check an ``Ontology`` from YAML text; ``OntologyError`` lists every problem."""
    data, lines = load_with_lines(text, source)
    r = _Reader(source, lines)
    data = r.mapping(data, ())
    markets = r.markets(data.get("markets"))
    # Pass one: each type on its own.
    nodes: dict[str, NodeType] = {}
    for label, spec in r.mapping(data.get("nodes"), ("nodes",)).items():
        path = ("nodes", label)
        if not _LABEL.match(str(label)):
            r.problem(path, "node labels are singular CamelCase, e.g. Person")
            continue
        spec = r.mapping(spec, path)
        colour = str(spec.get("colour", ""))
        if not _COLOUR.match(colour):
            r.problem((*path, "colour"), f"expected a colour like #4e79a7, got {colour!r}")
        glyph = spec.get("glyph")
        if glyph not in GLYPHS:
            r.problem((*path, "glyph"), "expected a glyph, got none" if glyph is None
                      else f"expected a glyph, got {glyph!r}", f"use one of {', '.join(GLYPHS)}")
        key = str(spec.get("key", "id"))
        props = r.properties(spec.get("properties"), (*path, "properties"), (*PROVENANCE, key))
        market = spec.get("market")
        if market is not None and market not in markets:
            r.problem((*path, "market"), f"unknown market {market!r}",
                      f"use one of {', '.join(markets)}")
        caption = r.caption(spec.get("caption", key), path)
        nodes[label] = NodeType(label, str(spec.get("description", "")), colour,
                                MappingProxyType(props), key, caption,
                                spec.get("country_property"),
                                r.flag(spec, "actor", path, default=True), market,
                                glyph if glyph in GLYPHS else "dot")
    relationships: dict[str, RelationshipType] = {}
    for name, spec in r.mapping(data.get("relationships"), ("relationships",)).items():
        path = ("relationships", name)
        if not _REL_TYPE.match(str(name)):
            r.problem(path, "relationship types are UPPER_SNAKE_CASE, e.g. MEMBER_OF")
            continue
        spec = r.mapping(spec, path)
        props = r.properties(spec.get("properties"), (*path, "properties"),
                             ("id", *RELATIONSHIP_PROVENANCE, *LINK_OBSERVATION), link=True)
        relationships[name] = RelationshipType(
            name, str(spec.get("description", "")), r.names(spec.get("from"), (*path, "from")),
            r.names(spec.get("to"), (*path, "to")), MappingProxyType(props),
            r.flag(spec, "operational", path, default=False),
            r.flag(spec, "derived", path, default=False))
    # Pass two: references between types.
    for node in nodes.values():
        path = ("nodes", node.label)
        named = [("caption", name) for name in node.caption]
        for attr, name in [*named, ("country_property", node.country_property)]:
            if name is not None and name != node.key and name not in node.properties:
                r.problem((*path, attr), f"{name!r} is not a property of {node.label}")
        if node.country_property and node.country_property in node.properties and \
                node.properties[node.country_property].type != "country":
            r.problem((*path, "country_property"), "must name a property of type country")
    for rel in relationships.values():
        for end in ("from", "to"):
            for i, label in enumerate(rel.sources if end == "from" else rel.targets):
                if label not in nodes:
                    r.problem(("relationships", rel.name, end, i), f"unknown node label {label!r}",
                              f"declare it under nodes or use one of {', '.join(nodes)}")
        actor = [label for label in nodes if nodes[label].actor]
        if rel.operational and not (set(rel.sources) & set(actor)
                                    and set(rel.targets) & set(actor)):
            # paths and views would otherwise pass through a town or a dossier
            r.problem(("relationships", rel.name, "operational"),
                      "a tie must be able to join two actors (node types without actor: false)",
                      "set operational: false, or add an actor type to from and to")
    if r.problems:
        raise OntologyError(r.problems)
    return Ontology(MappingProxyType(nodes), MappingProxyType(relationships),
                    MappingProxyType(markets))


@cache
def load_ontology(path: Path = DEFAULT_PATH) -> Ontology:
    """The project's ontology (cached: it is read once per process)."""
    return parse_ontology(path.read_text(encoding="utf-8"), str(path))
