"""Read YAML (and JSON, a subset of it) keeping the line of every value.

Errors in case files and in the ontology must name a line, so we compose the YAML node tree
ourselves instead of calling ``yaml.safe_load``. YAML that would crash or exhaust the
composer (bombs, deep nesting, explicit tags) is refused first, with its line. Booleans
follow YAML 1.2 (only true/false): YAML 1.1 would silently turn ``on:`` (an Intervention's
date field) or the country code ``NO`` into booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from graph.errors import InvalidInput, Problem

Path = tuple[str | int, ...]


# libyaml's parser is ~8x faster than the pure-Python one (a 100k-row dossier: ~5 s vs ~40 s).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: A case file nests five levels deep (the file, entities, an entity, its properties, a list
#: value), the ontology six; deeper is no dismark document. Far under the depth that crashes
#: libyaml's composer (~100,000) or exhausts Python's recursion (~1,000).
MAX_DEPTH = 32
#: Nodes that aliases may add beyond those written in the file.
MAX_ALIAS_NODES = 100_000
#: The only explicit tag a document may use: ``!!str 0470123456`` keeps a number as text.
ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                "tag:yaml.org,2002:seq")


class _Yaml12Loader(_BaseLoader):
    """SafeLoader with YAML 1.2 booleans."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Integers without YAML 1.1's octal, binary, sexagesimal and underscore forms: a phone number
# such as 0470123456 stays text instead of turning into the octal number 81831726.
_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in _Yaml12Loader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


class LineMap(dict[Path, int]):
    """Path in the document (keys and list indexes) → 1-based line number."""

    def line(self, path: Path) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one."""
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), None)


def load_with_lines(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse one YAML/JSON document; return its value and the line of every path in it."""
    _check_shape(text, source)
    loader = _Yaml12Loader(text)
    lines = LineMap()
    try:
        root = loader.get_single_node()
        if root is None:
            return None, lines
        return _construct(loader, root, (), lines, source), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InvalidInput([Problem(source, line, "", f"not valid YAML/JSON: {exc.problem}",
                                    "check indentation, quotes and brackets")]) from exc
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(source, None, "", f"not valid YAML/JSON: {exc}")]) from exc
    finally:
        loader.dispose()


class _Open:
    """A collection being scanned: where its expanded values start and how deep they reach."""

    __slots__ = ("anchor", "deepest", "key_next", "mapping", "start")

    def __init__(self, anchor: str | None, mapping: bool, start: int, level: int):
        self.anchor, self.mapping, self.key_next = anchor, mapping, mapping
        self.start, self.deepest = start, level


def _check_shape(text: str, source: str) -> None:
    """Refuse YAML the reader cannot build safely (see the module docstring); say where.

    One pass over libyaml's parse events, before anything is composed: nesting deeper than
    any dismark document (libyaml's composer recurses in C, so ~100,000 brackets kill the
    process), aliases that expand into millions of values ("billion laughs") or into
    themselves, keys that are lists or mappings, and explicit tags (PyYAML's constructors
    raise KeyError or IndexError on ``!!bool maybe`` or ``!!int ''``).
    """
    def refuse(event: yaml.Event, message: str, fix: str) -> None:
        raise InvalidInput([Problem(source, event.start_mark.line + 1, "", message, fix)])

    stack: list[_Open] = []
    anchored: dict[str, tuple[int, int]] = {}  # anchor -> (values, levels) of its node
    written = expanded = 0  # values in the file; values once aliases are expanded
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
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
                              "is not used in dismark's files",
                       "remove the tag; quote a value to keep it as text")
            written += 1
            expanded += 1
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    refuse(event, f"nested more than {MAX_DEPTH} levels deep",
                           "dismark's files nest a few levels only")
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


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: Path, lines: LineMap,
               source: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise InvalidInput([Problem(source, key_node.start_mark.line + 1, str(key),
                                            "key appears twice in the same mapping",
                                            "keep one of them")])
            out[key] = _construct(loader, value_node, (*path, key), lines, source)
            lines[(*path, key)] = key_node.start_mark.line + 1  # users look for the key
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*path, i), lines, source)
                for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        return node.value  # e.g. 2017-13-45 looks like a date but is none: let checks say so


def dotted(path: Path) -> str:
    """Render a path the way users read it: ``links[4].target``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
