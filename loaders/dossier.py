"""Dossier reader: one case file as YAML or JSON (header, entities, links).

See docs/case-files.md for the format. Lines come from the YAML node tree, so every problem
names the line of the offending field. JSON takes a fast path: it is parsed with ``json``
(40x quicker than composing a YAML tree) and only parsed again for lines when it has
problems to report.

Before YAML is built into values, one pass over libyaml's parse events refuses what would
crash or exhaust the reader instead of being reported: nesting deeper than a case file
needs (libyaml's composer recurses in C, so ~100,000 brackets kill the process), aliases
that expand into millions of nodes ("billion laughs") or into themselves, keys that are
lists or mappings, and explicit tags (PyYAML's constructors raise KeyError or IndexError on
``!!bool maybe`` or ``!!int ''``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from graph.case import Case
from graph.errors import InvalidInput, Problem
from graph.ontology import Ontology
from graph.sourcemap import dotted, load_with_lines
from loaders.validate import CaseChecker, read_utf8

SUFFIXES = (".yaml", ".yml", ".json")
TOP_LEVEL = ("case", "entities", "links")
#: A case file nests five levels deep (the file, entities, an entity, its properties, a list
#: value); deeper is not a case file. Far under the depth that crashes libyaml's composer
#: (~100,000) or exhausts Python's recursion (~1,000).
MAX_DEPTH = 32
#: Nodes that aliases may add beyond those written in the file.
MAX_ALIAS_NODES = 100_000
#: The only explicit tag a case file may use: ``!!str 0470123456`` keeps a number as text.
ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                "tag:yaml.org,2002:seq")
_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_dossier(path: Path, ontology: Ontology) -> list[Case]:
    """Read and check one dossier; ``InvalidInput`` lists every problem in it."""
    source = str(path)
    text = read_utf8(path)
    found: InvalidInput | None = None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
            return _build(data, CaseChecker(ontology, source, lambda p: (None, dotted(p)),
                                            from_text=False))
        except InvalidInput as exc:
            found = exc  # parse again below, keeping lines, to say where the problems are
        except (ValueError, RecursionError):
            pass
    try:
        _check_shape(text, source)
        data, lines = load_with_lines(text, source)
    except InvalidInput:
        if found:  # JSON that YAML cannot read ("\/", "\ud800"): its problems, without lines
            raise found from None
        raise
    return _build(data, CaseChecker(ontology, source, lambda p: (lines.line(p), dotted(p)),
                                    from_text=False))


class _Open:
    """A collection being scanned: where its expanded values start and how deep they reach."""

    __slots__ = ("anchor", "deepest", "key_next", "mapping", "start")

    def __init__(self, anchor: str | None, mapping: bool, start: int, level: int):
        self.anchor, self.mapping, self.key_next = anchor, mapping, mapping
        self.start, self.deepest = start, level


def _check_shape(text: str, source: str) -> None:
    """Refuse YAML the reader cannot build safely (see the module docstring); say where."""
    def refuse(event: yaml.Event, message: str, fix: str) -> None:
        raise InvalidInput([Problem(source, event.start_mark.line + 1, "", message, fix)])

    stack: list[_Open] = []
    anchored: dict[str, tuple[int, int]] = {}  # anchor -> (values, levels) of its node
    written = expanded = 0  # values in the file; values once aliases are expanded
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                if stack:
                    stack[-1].deepest = max(stack[-1].deepest, node.deepest)
                if node.anchor:
                    anchored[node.anchor] = (expanded - node.start, node.deepest - len(stack))
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if stack and stack[-1].mapping:
                if stack[-1].key_next and not isinstance(event, yaml.ScalarEvent):
                    refuse(event, "a key must be plain text, not a list, mapping or alias",
                           "write the key as text")
                stack[-1].key_next = not stack[-1].key_next
            if getattr(event, "tag", None) not in ALLOWED_TAGS:
                refuse(event, f"YAML tag {event.tag.replace('tag:yaml.org,2002:', '!!')} "
                              "is not used in case files",
                       "remove the tag; quote a value to keep it as text")
            written += 1
            expanded += 1
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    refuse(event, f"nested more than {MAX_DEPTH} levels deep",
                           "case files need entities, links and properties only")
                stack.append(_Open(event.anchor, isinstance(event, yaml.MappingStartEvent),
                                   expanded - 1, len(stack) + 1))
            elif isinstance(event, yaml.AliasEvent):
                if any(node.anchor == event.anchor for node in stack):
                    refuse(event, f"alias *{event.anchor} refers to a node that contains it",
                           "remove the alias")
                values, levels = anchored.get(event.anchor, (1, 0))
                expanded += values - 1
                if stack:
                    stack[-1].deepest = max(stack[-1].deepest, len(stack) + levels)
                if expanded - written > MAX_ALIAS_NODES or len(stack) + levels > MAX_DEPTH:
                    refuse(event, f"aliases expand into more than {MAX_ALIAS_NODES} extra "
                                  f"values or {MAX_DEPTH} levels",
                           "write the values out instead of aliasing them")
            elif event.anchor:
                anchored[event.anchor] = (1, 0)
    except yaml.YAMLError:
        return  # not YAML at all: composing it says so, with the line


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _build(data: Any, checker: CaseChecker) -> list[Case]:
    source = checker.source
    if not isinstance(data, dict):
        raise InvalidInput([Problem(source, 1, "", "expected a mapping with case, entities "
                                                   "and links")])
    checker.unknown_fields(data, TOP_LEVEL, ())
    case = checker.header(data.get("case"), ("case",))
    entities = _list(checker, data.get("entities"), ("entities",))
    links = _list(checker, data.get("links"), ("links",))
    if case is None:
        raise InvalidInput(checker.problems)
    for i, raw in enumerate(entities):
        entity = checker.entity(raw, ("entities", i))
        if entity is not None:
            checker.add_entity(case, entity, ("entities", i))
    resolve = _resolver(case)
    for i, raw in enumerate(links):
        link = checker.link(raw, ("links", i), case, resolve)
        if link is not None:
            checker.add_link(case, link, ("links", i))
    if checker.problems:
        raise InvalidInput(checker.problems)
    return [case]


def _list(checker: CaseChecker, raw: Any, path: tuple) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        checker.problem(path, f"expected a list, got {type(raw).__name__}")
        return []
    return raw


def _resolver(case: Case):
    """Link endpoints: the file's own entities, or the case file itself."""
    from graph.case import Entity

    own = Entity("CaseFile", case.id, {}, reference=True)
    return lambda entity_id: case.entities.get(entity_id) or (own if entity_id == case.id
                                                              else None)
