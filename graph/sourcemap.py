"""Read YAML (and JSON, a subset of it) keeping the line of every value.

Errors in case files and in the ontology must name a line, so we compose the YAML node tree
ourselves instead of calling ``yaml.safe_load``. Booleans follow YAML 1.2 (only true/false):
YAML 1.1 would silently turn ``on:`` (an Intervention's date field) or the country code
``NO`` into booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from graph.errors import InvalidInput, Problem

Path = tuple[str | int, ...]


# libyaml's parser is ~8x faster than the pure-Python one (a 100k-row dossier: ~5 s vs ~40 s).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
