"""Tabular bundle reader: a folder with cases.csv, entities.csv and links.csv.

A police export or a research edge list loads without code: one row per case, entity or
link, a ``case_id`` column tying entities and links to their case, one column per property
(an empty cell means "not given"), list values separated by ``;``. A link may name an
entity declared under another case of the same bundle; it then enters that case as a
reference. Each case is still written on its own, whole or not at all.
"""

from __future__ import annotations

import csv
import io
from itertools import zip_longest
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, Problem
from graph.model.case import Case, Entity
from graph.model.ontology import Ontology
from loaders.validate import ENTITY_FIELDS, HEADER_FIELDS, LINK_FIELDS, CaseChecker, read_utf8

CASES, ENTITIES, LINKS = "cases.csv", "entities.csv", "links.csv"
REQUIRED_COLUMNS = {CASES: ("id", "country", "kind", "opened_on", "agency", "grading"),
                    ENTITIES: ("case_id", "type", "id"),
                    LINKS: ("case_id", "type", "source", "target")}


def is_bundle(path: Path) -> bool:
    return path.is_dir() and (path / ENTITIES).is_file()


def _rows(path: Path, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs, the line being where the row starts in the file (a quoted cell may
    span lines); missing required columns are reported, not guessed."""
    if not path.is_file():
        problems.append(Problem(str(path), None, "", "file is missing",
                                f"a bundle needs {CASES}, {ENTITIES} and {LINKS}"))
        return []
    try:
        reader = csv.reader(io.StringIO(read_utf8(path), newline=""))
        header = next(reader, [])
        missing = [c for c in REQUIRED_COLUMNS[path.name] if c not in header]
        if missing:
            needed = ", ".join(REQUIRED_COLUMNS[path.name])
            problems.append(Problem(str(path), 1, "", f"missing columns {', '.join(missing)}",
                                    f"the header row needs {needed}"))
            return []
        rows, end = [], reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if cells:
                cells = zip_longest(header, cells, fillvalue="")
                rows.append((start, {k: v.strip() for k, v in cells if k}))
        return rows
    except InvalidInput as exc:
        problems.extend(exc.problems)
    except csv.Error as exc:
        problems.append(Problem(str(path), reader.line_num, "", f"not valid CSV: {exc}"))
    return []


def _split(row: dict[str, str], fixed: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, str]]:
    """Fixed columns and property columns (non-empty cells only)."""
    record = {k: v for k, v in row.items() if k in fixed and v != ""}
    props = {k: v for k, v in row.items() if k not in fixed and k != "case_id" and v != ""}
    return record, props


def read_bundle(folder: Path, ontology: Ontology) -> list[Case]:
    """Read and check a bundle; ``InvalidInput`` lists every problem in any of its files."""
    problems: list[Problem] = []
    case_rows = _rows(folder / CASES, problems)
    entity_rows = _rows(folder / ENTITIES, problems)
    link_rows = _rows(folder / LINKS, problems)
    if problems:
        raise InvalidInput(problems)

    def checker(name: str) -> CaseChecker:
        c = CaseChecker(ontology, str(folder / name), lambda p: (p[0], str(p[-1])
                                                                  if len(p) > 1 else ""),
                        from_text=True)
        c.problems = problems
        return c

    cases: dict[str, Case] = {}
    check = checker(CASES)
    for line, row in case_rows:
        record = {k: v for k, v in row.items() if v != ""}
        check.unknown_fields(record, HEADER_FIELDS, (line,))
        case = check.header(record, (line,))
        if case is None:
            continue
        if case.id in cases:
            check.problem((line, "id"), f"case {case.id!r} has two rows")
            continue
        cases[case.id] = case

    check = checker(ENTITIES)
    home: dict[str, Entity] = {}
    for line, row in entity_rows:
        record, props = _split(row, ENTITY_FIELDS)
        case = _case_of(check, cases, row, line)
        entity = check.entity({**record, "properties": props}, (line,),
                              case.header.get("country") if case else None)
        if case is None or entity is None:
            continue
        check.add_entity(case, entity, (line,))
        home.setdefault(entity.id, entity)

    check = checker(LINKS)
    for line, row in link_rows:
        record, props = _split(row, LINK_FIELDS)
        case = _case_of(check, cases, row, line)
        if case is None:
            continue

        def resolve(entity_id: str, case: Case = case) -> Entity | None:
            if entity_id in case.entities:
                return case.entities[entity_id]
            if entity_id == case.id:
                return Entity("CaseFile", case.id, {}, reference=True)
            if entity_id in home:
                known = home[entity_id]
                case.entities[entity_id] = Entity(known.label, known.id, {}, reference=True)
                return case.entities[entity_id]
            return None

        link = check.link({**record, "properties": props}, (line,), case, resolve)
        if link is not None:
            check.add_link(case, link, (line,))
    if problems:
        raise InvalidInput(problems)
    return list(cases.values())


def _case_of(check: CaseChecker, cases: dict[str, Case], row: dict[str, str],
             line: int) -> Case | None:
    case = cases.get(row.get("case_id", ""))
    if case is None:
        check.problem((line, "case_id"), f"unknown case {row.get('case_id')!r}",
                      f"add a row for it to {CASES}")
    return case
