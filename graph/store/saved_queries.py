"""The saved query library: ``queries/<name>.cypher`` files with a YAML header.

A query file starts with a block of ``//`` comment lines holding YAML (title, description,
group, tags, returns, params), then the Cypher. The registry refuses a file whose header is
wrong, whose declared and used ``$parameters`` differ, whose labels or relationship types
are not in the ontology, or that could write; one refused file does not hide the others.
``run_saved`` checks and types the caller's parameters, then takes the same read-only path
as ad-hoc Cypher (``graph.store.runner``). See ``docs/queries.md`` (generated) for the library.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, Problem, RefusedQuery
from graph.model.ontology import Ontology
from graph.model.sourcemap import LineMap, load_with_lines
from graph.model.values import PROPERTY_TYPES, coerce
from graph.store import GraphStore, QueryResult
from graph.store.guard import blank_literals, check_read_only
from graph.store.runner import run_read_only

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
GROUPS = ("indicator", "investigation", "cooperation")
RETURNS = ("table", "subgraph")
TAGS = {
    "market": ("cannabis", "synthetic", "cocaine", "all"),
    "echelon": ("production", "middle_market", "retail", "all"),
    "audience": ("investigator", "analyst", "cooperation"),
}
#: Parameter types: the ontology's property types, plus ``id`` (an entity's id, which a
#: form can offer through the entity search) and lists of ids.
PARAM_TYPES = (*PROPERTY_TYPES, "id", "list[id]")
_HEADER_KEYS = {"title", "description", "group", "tags", "returns", "params"}
_PARAM_KEYS = {"type", "description", "default", "values", "min", "max", "label"}
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NODE_LABELS = re.compile(r"\(\s*[A-Za-z_0-9]*\s*((?::\s*[A-Za-z_][A-Za-z0-9_]*\s*)+)")
_REL_TYPES = re.compile(r"\[\s*[A-Za-z_0-9]*\s*:\s*([A-Za-z_][A-Za-z0-9_]*"
                        r"(?:\s*\|\s*:?\s*[A-Za-z_][A-Za-z0-9_]*)*)")
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: Any = _NO_DEFAULT
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    #: for ``id`` parameters: the node label a form should offer (documentation only)
    label: str | None = None

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT

    def value(self, raw: Any, *, from_text: bool = False) -> Any:
        """The typed value of ``raw``; ``ValueError`` saying what was expected otherwise."""
        if raw is None and not self.required and self.default is None:
            return None
        base = {"id": "string", "list[id]": "list[string]"}.get(self.type, self.type)
        if from_text and base.startswith("list[") and isinstance(raw, str):
            raw = _text_list(raw)
        value = coerce(base, self.values, raw, from_text=from_text)
        for item in value if isinstance(value, list) else [value]:
            if self.min is not None and item < self.min:
                raise ValueError(f"expected at least {self.min:g}, got {item!r}")
            if self.max is not None and item > self.max:
                raise ValueError(f"expected at most {self.max:g}, got {item!r}")
            if base in ("string", "list[string]") and not item.strip():
                raise ValueError("expected a non-empty text")
        return value

    def describe_type(self) -> str:
        """The type as a reader sees it: ``enum (cannabis|synthetic|cocaine)``, ``integer 1–3``."""
        text = self.type
        if self.values:
            text += f" ({'|'.join(self.values)})"
        if self.min is not None or self.max is not None:
            low = "" if self.min is None else f"{self.min:g}"
            high = "" if self.max is None else f"{self.max:g}"
            text += f" {low}–{high}"
        if self.label:
            text += f" of {'an' if self.label[0] in 'AEIOU' else 'a'} {self.label}"
        return text


def _text_list(raw: str) -> list[str]:
    """A list typed on the command line: a JSON list, or values separated by commas."""
    if raw.strip().startswith("["):
        try:
            value = json.loads(raw)
        except ValueError:
            raise ValueError(f"expected a JSON list or comma-separated values, got {raw!r}") \
                from None
        if isinstance(value, list):
            return value
    return [part.strip() for part in raw.split(",") if part.strip()]


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    title: str
    description: str
    group: str
    returns: str
    cypher: str
    params: Mapping[str, Param] = field(default_factory=dict)
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def bind(self, raw: Mapping[str, Any], *, from_text: bool = False) -> dict[str, Any]:
        """Every declared parameter with a typed value: the caller's, else the default.

        ``InvalidInput`` lists every unknown, missing or ill-typed parameter at once.
        """
        source = f"query {self.name}"
        problems = [Problem(source, None, name, "no such parameter",
                            f"this query takes {_names(self.params) or 'no parameters'}")
                    for name in raw if name not in self.params]
        bound: dict[str, Any] = {}
        for name, param in self.params.items():
            if name not in raw:
                if param.required:
                    problems.append(Problem(source, None, name, "is required",
                                            f"expected {param.describe_type()}: "
                                            f"{param.description}"))
                else:
                    bound[name] = param.default
                continue
            try:
                bound[name] = param.value(raw[name], from_text=from_text)
            except ValueError as exc:
                problems.append(Problem(source, None, name, str(exc)))
        if problems:
            raise InvalidInput(problems)
        return bound


def _names(params: Mapping[str, Any] | set[str]) -> str:
    return ", ".join(f"${name}" for name in sorted(params))


@dataclass
class Library:
    """The queries that passed every check, by name, and the problems of those that did not."""

    queries: dict[str, SavedQuery]
    problems: list[Problem]

    def get(self, name: str) -> SavedQuery:
        if name in self.queries:
            return self.queries[name]
        refused = [p for p in self.problems if Path(p.source).stem == name]
        if refused:
            raise InvalidInput(refused)
        raise InvalidInput([Problem("saved queries", None, name, "no saved query has this name",
                                    "`dismark query list` shows the library")])


def library_dir() -> Path:
    """``DISMARK_QUERIES`` if set (a team's own library), else the repository's ``queries/``."""
    return Path(os.environ.get("DISMARK_QUERIES") or QUERIES_DIR)


def load_library(ontology: Ontology, directory: Path | None = None) -> Library:
    """Parse and check every ``*.cypher`` file of ``directory``, sorted by name."""
    queries, problems = {}, []
    for path in sorted((directory or library_dir()).glob("*.cypher")):
        try:
            query = parse_query(path.read_text(encoding="utf-8"), path, ontology)
        except InvalidInput as exc:
            problems += exc.problems
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), None, "", f"not UTF-8 text: {exc.reason}"))
        else:
            queries[query.name] = query
    return Library(queries, problems)


def split_header(text: str) -> tuple[str, str, int]:
    """The header's YAML (``//`` prefixes removed, lines kept), the Cypher, and the line
    where the Cypher starts. The header is the first run of ``//`` lines; after a blank
    line, comments belong to the Cypher."""
    lines = text.splitlines()
    count = 0
    while count < len(lines) and lines[count].lstrip().startswith("//"):
        count += 1
    header = [re.sub(r"^\s*// ?", "", line) for line in lines[:count]]
    return "\n".join(header), "\n".join(lines[count:]).strip(), count + 1


def parse_query(text: str, path: Path, ontology: Ontology) -> SavedQuery:
    """One query file, checked; ``InvalidInput`` with file, line and field otherwise."""
    source = str(path)
    header_text, body, body_line = split_header(text)
    try:
        header, lines = load_with_lines(header_text, source) if header_text.strip() \
            else (None, {})
    except InvalidInput as exc:  # the parser may point past the header's last line
        raise InvalidInput([replace(p, line=min(p.line or 1, body_line - 1), fix=p.fix +
                                    "; a blank line separates the header from the Cypher")
                            for p in exc.problems]) from exc
    if not isinstance(header, dict):
        raise InvalidInput([Problem(source, 1, "", "expected a header of `//` comment lines "
                                    "holding YAML (title, description, group, tags, returns, "
                                    "params) before the Cypher")])
    check = _HeaderCheck(source, header, LineMap(lines))
    title = check.text("title")
    description = check.text("description")
    group = check.choice("group", GROUPS)
    returns = check.choice("returns", RETURNS)
    tags = check.tags()
    params = check.params(ontology)
    check.unknown_keys(header, _HEADER_KEYS, ())
    if not body:
        check.problem((), "no Cypher after the header")
    else:
        check.body(body, body_line, params, ontology)
    if check.problems:
        raise InvalidInput(check.problems)
    return SavedQuery(path.stem, path, title, description, group, returns, body, params, tags)


class _HeaderCheck:
    """Reads the header, collecting every problem with its line."""

    def __init__(self, source: str, header: dict, lines: LineMap):
        self.source, self.header, self.lines = source, header, lines
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str, fix: str = "", line: int | None = None):
        field_name = ".".join(str(p) for p in path)
        self.problems.append(Problem(self.source, line or self.lines.line(path), field_name,
                                     message, fix))

    def unknown_keys(self, mapping: dict, allowed: set[str], path: tuple) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem((*path, key), "unknown key", f"expected {', '.join(sorted(allowed))}")

    def text(self, key: str) -> str:
        value = self.header.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem((key,), "expected a non-empty text")
            return ""
        return " ".join(value.split())

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.header.get(key)
        if value not in allowed:
            self.problem((key,), f"expected one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    def tags(self) -> dict[str, tuple[str, ...]]:
        raw = self.header.get("tags")
        if not isinstance(raw, dict):
            self.problem(("tags",), f"expected a mapping with {', '.join(TAGS)}")
            return {}
        self.unknown_keys(raw, set(TAGS), ("tags",))
        out = {}
        for key, allowed in TAGS.items():
            values = raw.get(key)
            values = [values] if isinstance(values, str) else values
            if not isinstance(values, list) or not values or \
                    any(v not in allowed for v in values):
                self.problem(("tags", key), f"expected one or a list of {', '.join(allowed)}, "
                             f"got {raw.get(key)!r}")
                continue
            out[key] = tuple(values)
        return out

    def params(self, ontology: Ontology) -> dict[str, Param]:
        raw = self.header.get("params", {}) or {}
        if not isinstance(raw, dict):
            self.problem(("params",), "expected a mapping of parameter name to its declaration")
            return {}
        out = {}
        for name, spec in raw.items():
            path = ("params", name)
            if not isinstance(name, str) or not name.isidentifier():
                self.problem(path, "a parameter name must be a Cypher identifier")
                continue
            if not isinstance(spec, dict):
                self.problem(path, "expected a mapping with type and description")
                continue
            self.unknown_keys(spec, _PARAM_KEYS, path)
            param = self._param(name, spec, path, ontology)
            if param is not None:
                out[name] = param
        return out

    def _param(self, name: str, spec: dict, path: tuple, ontology: Ontology) -> Param | None:
        kind, values = spec.get("type"), spec.get("values", [])
        if kind not in PARAM_TYPES:
            self.problem((*path, "type"), f"expected one of {', '.join(PARAM_TYPES)}, "
                         f"got {kind!r}")
            return None
        if kind.endswith("enum]") or kind == "enum":
            if not isinstance(values, list) or not values or \
                    not all(isinstance(v, str) for v in values):
                self.problem((*path, "values"), "an enum parameter needs a list of values")
                return None
        elif "values" in spec:
            self.problem((*path, "values"), "only enum parameters take values")
        bounds = {}
        for key in ("min", "max"):
            if key in spec:
                if kind not in ("integer", "float") or isinstance(spec[key], bool) or \
                        not isinstance(spec[key], int | float):
                    self.problem((*path, key), "only integer and float parameters take a "
                                 "numeric min or max")
                else:
                    bounds[key] = spec[key]
        label = spec.get("label")
        if label is not None and (kind not in ("id", "list[id]") or label not in ontology.nodes):
            self.problem((*path, "label"), "only id parameters take a label, and it must be a "
                         f"node label of the ontology, got {label!r}")
            label = None
        description = spec.get("description")
        if not isinstance(description, str) or not description.strip():
            self.problem((*path, "description"), "expected a non-empty text (forms show it)")
            description = ""
        param = Param(name, kind, " ".join(description.split()), _NO_DEFAULT, tuple(values),
                      bounds.get("min"), bounds.get("max"), label)
        if "default" in spec:
            try:
                default = None if spec["default"] is None else param.value(spec["default"])
            except ValueError as exc:
                self.problem((*path, "default"), str(exc))
                return None
            param = replace(param, default=default)
        return param

    def body(self, body: str, body_line: int, params: dict[str, Param],
             ontology: Ontology) -> None:
        """Used parameters, labels and types against the declaration; read-only."""
        try:
            check_read_only(body)
        except RefusedQuery as exc:
            self.problem((), str(exc), line=body_line)
            return
        text = blank_literals(body)
        used = set(_PARAMETER.findall(text))
        declared = set(params) | {n for n in self.header.get("params", {}) or {}
                                  if isinstance(n, str)}
        if used != declared:
            parts = []
            if declared - used:
                parts.append(f"declared but not used: {_names(declared - used)}")
            if used - declared:
                parts.append(f"used but not declared: {_names(used - declared)}")
            self.problem(("params",), "declared and used parameters differ; " +
                         "; ".join(parts), "declare exactly the $parameters the Cypher uses")
        labels = {name.strip() for match in _NODE_LABELS.findall(text)
                  for name in match.split(":") if name.strip()}
        types = {name.strip().lstrip(":").strip() for match in _REL_TYPES.findall(text)
                 for name in match.split("|")}
        for label in sorted(labels - set(ontology.nodes)):
            self.problem((), f"node label {label!r} is not in the ontology", line=body_line)
        for rel in sorted(types - set(ontology.relationships)):
            self.problem((), f"relationship type {rel!r} is not in the ontology",
                         line=body_line)


def run_saved(store: GraphStore, query: SavedQuery, raw_params: Mapping[str, Any], *,
              from_text: bool = False, timeout: float | None = None,
              max_rows: int | None = None) -> QueryResult:
    """Type-check the parameters, then run the query read-only with time limit and row cap.

    The CLI passes the text it was given (``from_text``); the explorer passes typed values.
    """
    params = query.bind(raw_params, from_text=from_text)
    return run_read_only(store, query.cypher, params, timeout=timeout, max_rows=max_rows)
