"""Dossier reader: one case file as YAML or JSON (header, entities, links).

See docs/case-files.md for the format. Lines come from the YAML node tree, so every problem
names the line of the offending field. JSON takes a fast path: it is parsed with ``json``
(40x quicker than composing a YAML tree) and only parsed again for lines when it has
problems to report.
YAML that would crash or exhaust the reader (bombs, deep nesting, explicit tags) is refused
by ``graph.model.sourcemap`` before it is built, with its line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, Problem
from graph.model.case import Case
from graph.model.ontology import Ontology
from graph.model.sourcemap import dotted, load_with_lines
from loaders.validate import CaseChecker, read_utf8

SUFFIXES = (".yaml", ".yml", ".json")
TOP_LEVEL = ("case", "entities", "links")


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
        data, lines = load_with_lines(text, source)
    except InvalidInput:
        if found:  # JSON that YAML cannot read ("\/", "\ud800"): its problems, without lines
            raise found from None
        raise
    return _build(data, CaseChecker(ontology, source, lambda p: (lines.line(p), dotted(p)),
                                    from_text=False))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _build(data: Any, checker: CaseChecker) -> list[Case]:
    source = checker.source
    if not isinstance(data, dict) or "case" not in data:
        # not a case file at all (a stray file, or a link's target such as /etc/shadow):
        # its content is never quoted back
        raise InvalidInput([Problem(source, 1, "", "not a case file: expected a mapping with "
                                                   "case, entities and links")])
    checker.unknown_fields(data, TOP_LEVEL, ())
    case = checker.header(data.get("case"), ("case",))
    entities = _list(checker, data.get("entities"), ("entities",))
    links = _list(checker, data.get("links"), ("links",))
    if case is None:
        raise InvalidInput(checker.problems)
    for i, raw in enumerate(entities):
        entity = checker.entity(raw, ("entities", i), case.header.get("country"))
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
    from graph.model.case import Entity

    own = Entity("CaseFile", case.id, {}, reference=True)
    return lambda entity_id: case.entities.get(entity_id) or (own if entity_id == case.id
                                                              else None)
