"""Property-based fuzzing of every reader (issue 8.5): hostile input gives clean errors only.

Every input format of ``loaders.registry`` (YAML and JSON dossiers, CSV bundles) is fed
random bytes, random text, and case files generated from the ontology and then broken on
purpose. The reader must accept the input or raise ``InvalidInput`` whose problems name the
file, a line inside it and a field that exists there; any other exception is a crash. Loaded
into a real store, a broken file must leave nothing of itself and the good files must enter
whole. Runs are derandomized, so CI sees the same examples every time; ``pytest
--hypothesis-show-statistics`` counts them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphdump import dump
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidInput, Problem
from graph.model.ontology import load_ontology
from graph.model.sourcemap import dotted
from graph.model.values import INT64_MAX, INT64_MIN, LIST_SEPARATOR
from loaders.csvbundle import CASES, ENTITIES, LINKS
from loaders.load import load_paths
from loaders.registry import read_input

ONTOLOGY = load_ontology()


def fuzz(examples: int) -> settings:
    """Reproducible settings: same examples on every run, no deadline (CI machines vary)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# -- valid case files, generated from the ontology ------------------------------------------
ENTITY_LABELS = sorted(label for label in ONTOLOGY.nodes if label != "CaseFile")
_IDS = st.from_regex(r"[a-zëéïçœ][a-z0-9ëéïçœ-]{0,8}", fullmatch=True)
#: Text as people type it, Dutch and French included, plus a character outside the BMP.
_WORDS = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(
    "ëéïçœŒĲĳ€𝔘😀 ,'\"#:-"), min_size=1, max_size=12).filter(lambda s: s == s.strip())
_COUNTRIES = st.sampled_from(["BE", "NL", "FR", "DE", "LU", "MA", "CO"])
_DATES = st.dates(min_value=dt.date(1950, 1, 1)).map(dt.date.isoformat)
_GRADINGS = st.from_regex(r"[ABCX][1-4]", fullmatch=True)


#: phone numbers as people write them (any text is a valid phone: one libphonenumber cannot
#: read is kept as written, without a normal form)
_PHONES = st.from_regex(r"(\+|00)?[0-9][0-9 ./-]{5,16}", fullmatch=True) | _WORDS
#: KBO/BCE numbers whose last two digits check the first eight (mod 97)
_KBO = st.integers(1_000_000, 19_999_999).map(lambda n: f"{n:08d}{97 - n % 97:02d}")
_KVK = st.from_regex(r"[0-9]{8}", fullmatch=True)


def registration_in(country: str | None) -> st.SearchStrategy:
    """A valid company registration number of ``country``."""
    if country == "BE":
        return _KBO
    if country == "NL":
        return _KVK
    return st.from_regex(r"[A-Z0-9][A-Z0-9 .-]{2,12}", fullmatch=True)


def value_of(prop) -> st.SearchStrategy:
    """A valid raw value for a declared property (a registration number: ``registration_in``,
    which depends on the entity's country)."""
    if prop.type in ("string", "text", "plate"):
        return _WORDS
    if prop.type == "phone":
        return _PHONES
    if prop.type == "integer":
        return st.integers(INT64_MIN, INT64_MAX)
    if prop.type == "float":
        return st.floats(allow_nan=False, allow_infinity=False)
    if prop.type == "boolean":
        return st.booleans()
    if prop.type == "date":
        return _DATES
    if prop.type == "country":
        return _COUNTRIES
    if prop.type == "enum":
        return st.sampled_from(prop.values)
    # list[enum]; an empty list is "not given" in a CSV cell, so it has at least one value
    return st.lists(st.sampled_from(prop.values), min_size=1, max_size=3)


@st.composite
def properties_of(draw, declared) -> dict[str, Any]:
    props = {}
    for name, prop in declared.items():
        if prop.type != "registration" and (prop.required or draw(st.booleans())):
            props[name] = draw(value_of(prop))
    for name, prop in declared.items():  # once the country is known
        if prop.type == "registration" and (prop.required or draw(st.booleans())):
            props[name] = draw(registration_in(props.get("country")))
    return props


@st.composite
def dossiers(draw, case_id: str | None = None) -> dict[str, Any]:
    """A valid dossier: a header, a few entities, links the ontology allows between them."""
    header_type = ONTOLOGY.nodes["CaseFile"]
    case_id = case_id or draw(_IDS.map(lambda s: f"case-{s}"))
    header = {"id": case_id, "country": draw(_COUNTRIES),
              "kind": draw(st.sampled_from(header_type.properties["kind"].values)),
              "opened_on": draw(_DATES), "agency": draw(_WORDS), "grading": draw(_GRADINGS)}
    if draw(st.booleans()):
        header["summary"] = draw(_WORDS)
    ids = draw(st.lists(_IDS, min_size=1, max_size=5, unique=True))
    entities = []
    for entity_id in ids:
        label = draw(st.sampled_from(ENTITY_LABELS))
        entities.append({"type": label, "id": f"{label[:2].lower()}-{entity_id}",
                         "properties": draw(properties_of(ONTOLOGY.nodes[label].properties))})
    allowed = [(rel.name, a["id"], b["id"]) for rel in ONTOLOGY.relationships.values()
               if not rel.derived
               for a in entities for b in entities if rel.allows(a["type"], b["type"])]
    links = []
    for name, source, target in draw(st.lists(st.sampled_from(allowed), max_size=5,
                                              unique=True)) if allowed else []:
        link = {"type": name, "source": source, "target": target}
        if draw(st.booleans()):
            link["date"] = draw(_DATES)
        if draw(st.booleans()):
            link["grading"] = draw(_GRADINGS)
        props = draw(properties_of(ONTOLOGY.relationships[name].properties))
        if props:
            link["properties"] = props
        links.append(link)
    return {"case": header, "entities": entities, "links": links}


# -- writing inputs -------------------------------------------------------------------------
def write_dossier(folder: Path, name: str, doc: Any, fmt: str, *, ascii: bool = False) -> Path:
    """The dossier as YAML or JSON; lone surrogates are written as they are (invalid UTF-8),
    or as JSON escapes with ``ascii``."""
    if fmt == "json":
        text = json.dumps(doc, ensure_ascii=ascii)
    else:
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    path = folder / f"{name}.{fmt}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return "" if value is None else str(value)


def bundle_tables(docs: list[dict]) -> dict[str, list[list[str]]]:
    """Valid dossiers as the three tables of a CSV bundle (header row first)."""
    def table(fixed: list[str], records: list[dict]) -> list[list[str]]:
        extra = sorted({k for r in records for k in r} - set(fixed))
        return [fixed + extra] + [[_cell(r.get(k)) for k in fixed + extra] for r in records]

    cases, entities, links = [], [], []
    for doc in docs:
        cases.append(doc["case"])
        case_id = doc["case"]["id"]
        entities += [{"case_id": case_id, "type": e["type"], "id": e["id"], **e["properties"]}
                     for e in doc["entities"]]
        links += [{"case_id": case_id, **{k: v for k, v in link.items() if k != "properties"},
                   **link.get("properties", {})} for link in doc["links"]]
    return {CASES: table(["id", "country", "kind", "opened_on", "agency", "grading"], cases),
            ENTITIES: table(["case_id", "type", "id"], entities),
            LINKS: table(["case_id", "type", "source", "target"], links)}


def render_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_bundle(folder: Path, tables: dict[str, list[list[str]] | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        data = rows if isinstance(rows, bytes) else render_csv(rows).encode("utf-8",
                                                                            "surrogatepass")
        (folder / name).write_bytes(data)
    return folder


# -- what a clean answer is -----------------------------------------------------------------
def _lines(path: Path) -> int:
    """Lines as YAML and CSV count them (CR, LF, CRLF, NEL and the Unicode separators)."""
    text = path.read_bytes().decode("utf-8", "replace")
    return len(re.findall(r"\r\n|[\n\r\x85\u2028\u2029]", text)) + 1


def _paths(doc: Any, path: tuple = ()) -> set[str]:
    """Every place in a document as a problem names it (``links[4].target``)."""
    found = {dotted(path)}
    if isinstance(doc, dict):
        for key, value in doc.items():
            found |= _paths(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found |= _paths(value, (*path, i))
    return found


def _parent(field: str) -> str:
    return re.sub(r"(?:^|\.)[^.\[\]]*$|\[\d+\]$", "", field, count=1)


def read_cleanly(path: Path) -> list[Problem]:
    """Read one input: it loads, or it fails with problems inside its own files; no crash."""
    try:
        read_input(path, ONTOLOGY)
    except InvalidInput as exc:
        assert exc.problems, "InvalidInput without a problem"
        for problem in exc.problems:
            source = Path(problem.source)
            assert source == path or source.parent == path, problem
            # an error at the end of the file may name the line after the last one
            assert problem.line is None or 1 <= problem.line <= _lines(source) + 1, problem
            assert problem.message, problem
        return exc.problems
    return []


def assert_fields_exist(problems: list[Problem], doc: Any) -> None:
    """Each problem's field is a place in the document, or a key missing from one."""
    places = _paths(doc)
    for p in problems:
        assert p.field == "" or p.field in places or _parent(p.field) in places, (p, places)


# -- hostile values and mutations -----------------------------------------------------------
def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63),
    st.floats(), st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    st.text(max_size=30), st.sampled_from([
        "", " ", "\x00", "Jeroen\x00Vos", "\ud800", "2023-02-30", "2023-13-01", "0000-00-00",
        "16-04-2023", "2023-2-3", "Submarine", "person", "PERSON", "E9", "B 2", "nl", "NLD",
        "x" * 1_000_000, "é" * 201, "-", "~", "null", "yes", "on", "NO", "0x1F", "1e999",
        "!!python/object:os.system", "*alias", "&anchor", "{a: 1}", "[1, 2", "'"]),
    st.integers(0, 60).map(_nested),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.lists(st.integers() | st.text(max_size=3), max_size=3),
)


def _places(doc: Any, path: tuple = ()) -> list[tuple]:
    """Every key and list index below the root, to mutate one."""
    found = []
    children = doc.items() if isinstance(doc, dict) else enumerate(doc) \
        if isinstance(doc, list) else ()
    for key, value in children:
        found.append((*path, key))
        found += _places(value, (*path, key))
    return found


def _at(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


#: Written into the file as they are, in place of a value: YAML no serialiser would emit.
RAW_YAML = st.sampled_from([
    "[" * 40 + "]" * 40, "[" * 1500 + "]" * 1500, "[" * 100_000 + "]" * 100_000,
    "!!bool maybe", "!!int ''", "!!float ''", "!!timestamp 2023-02-30", "!!binary '%%'",
    "!!python/object/apply:os.system [ls]", "!!set {a}", "!!str 0470123456", "&a [*a]",
    "{? [a] : 1}", "{? {b: 1} : 1}", "{<<: 5}", "{<<: [1]}", "*nowhere", "&x name",
    '"\\ud800"', '"\\x00"', "2023-02-30", ".nan", "-.inf", "1e999", "0x1F", "0o17", "1_000",
    "99999999999999999999999", "~", "yes", "on", "NO", "@", "`", "%YAML 1.1", "---", "..."])
MARKER = "☃marker☃"


def splice(path: Path, raw: str) -> Path:
    """Put ``raw`` into the written file where the mutation left ``MARKER``."""
    text = path.read_bytes().decode("utf-8", "surrogatepass")
    for form in (json.dumps(MARKER), json.dumps(MARKER, ensure_ascii=False), MARKER):
        text = text.replace(form, raw)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


@st.composite
def mutated(draw, doc: dict) -> dict:
    """The dossier broken in one of the ways people and tools break case files."""
    doc = json.loads(json.dumps(doc))
    place = draw(st.sampled_from(_places(doc)))
    parent, key = _at(doc, place[:-1]), place[-1]
    kind = draw(st.sampled_from(["drop", "replace", "replace", "add", "duplicate", "dangle"]))
    if kind == "drop":
        del parent[key]
    elif kind == "replace":
        parent[key] = draw(HOSTILE | st.just(MARKER))
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(HOSTILE)
    elif kind == "add":
        parent.append(draw(HOSTILE))
    elif kind == "duplicate" and doc["entities"]:
        twin = json.loads(json.dumps(draw(st.sampled_from(doc["entities"]))))
        twin[draw(st.sampled_from(["type", "properties"]))] = draw(HOSTILE | st.sampled_from(
            ENTITY_LABELS))
        doc["entities"].append(twin)
    elif doc["links"]:
        draw(st.sampled_from(doc["links"]))[draw(st.sampled_from(["source", "target"]))] = \
            draw(_IDS | st.just(doc["case"]["id"]))
    return doc


@st.composite
def mutated_tables(draw, tables: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """A bundle's tables with one cell, column or row broken, CSV quoting included."""
    tables = {name: [list(row) for row in rows] for name, rows in tables.items()}
    rows = tables[draw(st.sampled_from(sorted(tables)))]
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(rows[0]) - 1))
    cell = st.one_of(st.text(max_size=20), st.sampled_from([
        '"', '""', 'a "quoted" word', "two\nlines", "three\r\nlines\rhere", ",", ";", "a;b",
        "\x00", "2023-02-30", "Submarine", "X9", "é" * 201, "true", "NaN", "inf", "1e999",
        "99999999999999999999", " BE ", "\ufeff", "=cmd|' /C calc'!A0", "x" * 200_000]))
    kind = draw(st.sampled_from(["cell", "cell", "cell", "drop_column", "add_column",
                                 "short_row", "long_row", "duplicate_row"]))
    if kind == "cell" and c < len(rows[r]):
        rows[r][c] = draw(cell)
    elif kind == "drop_column":
        for row in rows:
            del row[c:c + 1]
    elif kind == "add_column":
        rows[0].append(draw(st.text(max_size=8)))
        for row in rows[1:]:
            row.append(draw(cell))
    elif kind == "short_row":
        del rows[r][c:]
    elif kind == "long_row":
        rows[r] += [draw(cell)] * draw(st.integers(1, 3))
    else:
        rows.insert(r, list(rows[r]))
    return tables


def record_starts(rows: list[list[str]]) -> set[int]:
    """The line each record starts on once written (a quoted cell may span lines)."""
    starts, line = set(), 1
    for row in rows:
        starts.add(line)
        line += len(io.StringIO(render_csv([row]), newline="").readlines())
    return starts


# -- the properties -------------------------------------------------------------------------
SUFFIXES = st.sampled_from(["yaml", "yml", "json"])


@fuzz(300)
@given(data=st.binary(max_size=400), fmt=SUFFIXES)
def test_random_bytes_as_a_dossier(data, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"case.{fmt}"
        path.write_bytes(data)
        read_cleanly(path)


#: Characters that steer a YAML parser into its corners: flow and block syntax, anchors,
#: aliases, tags, directives, quotes, escapes, comments, BOM, NEL and NUL.
_YAML_ALPHABET = st.sampled_from([*"[]{}:-,?&*!|>'\"#%@`\\ \t\n\r.~=<0123456789abexyz",
                                  "\ufeff", "\x85", "\u2028", "\x00", "é", "𝔘", "!!", "<<",
                                  "---", "...", "case", "entities", "links", "type", "id",
                                  "!!bool", "!!int", "!!float", "!!timestamp", "!!binary",
                                  "!!set", "&a", "*a", "? ", "maybe", "''"])


@fuzz(500)
@given(parts=st.lists(_YAML_ALPHABET, max_size=80), fmt=SUFFIXES)
def test_random_text_as_a_dossier(parts, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"case.{fmt}"
        path.write_text("".join(parts), encoding="utf-8")
        read_cleanly(path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["case", "entities", "links", "id", "type", "properties", "source",
                         "target", "name", "x"]) | st.text(max_size=4), inner, max_size=4),
    max_leaves=30)


@fuzz(200)
@given(doc=JSON_VALUES, fmt=SUFFIXES)
def test_random_documents_as_a_dossier(doc, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dossier(Path(tmp), "case", doc, fmt)
        assert_fields_exist(read_cleanly(path), doc)


@fuzz(100)
@given(doc=dossiers())
def test_a_valid_dossier_reads_the_same_as_yaml_json_and_csv(doc):
    """Generated from the ontology, every case file is accepted, in every format, as the same
    case: identical content digests, so every value (diacritics, non-BMP text, floats, dates)
    survives each reader exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = [write_dossier(folder, "case", doc, "yaml"),
                  write_dossier(folder, "case", doc, "json"),
                  write_bundle(folder / "bundle", bundle_tables([doc]))]
        cases = [read_input(path, ONTOLOGY) for path in inputs]
    assert [len(found) for found in cases] == [1, 1, 1]
    assert len({found[0].digest for found in cases}) == 1
    case = cases[0][0]
    assert {e.id: e.properties.get("name") for e in case.entities.values()} == {
        e["id"]: e["properties"].get("name") for e in doc["entities"]}
    assert len(case.links) == len(doc["links"])


@fuzz(600)
@given(data=st.data(), fmt=SUFFIXES, ascii=st.booleans())
def test_a_broken_dossier_gives_clean_errors_naming_file_line_and_field(data, fmt, ascii):
    doc = data.draw(mutated(data.draw(dossiers())))
    with tempfile.TemporaryDirectory() as tmp:
        path = splice(write_dossier(Path(tmp), "case", doc, fmt, ascii=ascii),
                      data.draw(RAW_YAML))
        problems = read_cleanly(path)
    event("refused" if problems else "accepted")
    if MARKER not in json.dumps(doc, ensure_ascii=False):
        assert_fields_exist(problems, doc)
    # JSON that YAML cannot read again for lines (a "\ud800\udc00" escape, nesting past
    # the limit) keeps the JSON reader's problems, none with a line
    without_lines = fmt == "json" and all(p.line is None for p in problems)
    for p in problems:
        assert p.line or p.message.startswith("not valid YAML/JSON") or without_lines, p


@fuzz(300)
@given(data=st.data(), name=st.sampled_from([CASES, ENTITIES, LINKS]),
       junk=st.binary(max_size=300) | st.lists(_YAML_ALPHABET, max_size=60).map(
           lambda parts: "".join(parts).encode("utf-8")))
def test_random_bytes_as_any_csv_of_a_bundle(data, name, junk):
    tables = bundle_tables([data.draw(dossiers())])
    with tempfile.TemporaryDirectory() as tmp:
        read_cleanly(write_bundle(Path(tmp) / "bundle", {**tables, name: junk}))


@fuzz(500)
@given(data=st.data())
def test_a_broken_bundle_gives_clean_errors_on_the_rows_real_lines(data):
    docs = [data.draw(dossiers(case_id=f"case-{i}")) for i in range(data.draw(st.integers(1, 2)))]
    tables = data.draw(mutated_tables(bundle_tables(docs)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bundle(Path(tmp) / "bundle", tables)
        problems = read_cleanly(folder)
    for p in problems:
        rows = tables[Path(p.source).name]
        if "not valid CSV" in p.message or p.line is None:
            continue
        assert p.line in record_starts(rows), (p, record_starts(rows))
        assert p.field in ("", "properties", *rows[0]), p


# -- into a real store: all or nothing per file ---------------------------------------------
@st.composite
def inputs(draw) -> list[tuple[str, Any]]:
    """Two or three case files (YAML, JSON, one-case bundles), some of them broken."""
    found = []
    for i in range(draw(st.integers(2, 3))):
        doc = draw(dossiers(case_id=f"case-{i}"))
        fmt = draw(st.sampled_from(["yaml", "json", "csv"]))
        broken = draw(st.booleans())
        if fmt == "csv":
            tables = bundle_tables([doc])
            found.append((fmt, draw(mutated_tables(tables)) if broken else tables))
        else:
            found.append((fmt, draw(mutated(doc)) if broken else doc, draw(st.booleans()),
                          draw(RAW_YAML)))
    return found


def _write(folder: Path, i: int, made: tuple) -> Path:
    if made[0] == "csv":
        return write_bundle(folder / f"f{i}", made[1])
    fmt, doc, ascii, raw = made
    return splice(write_dossier(folder, f"f{i}", doc, fmt, ascii=ascii), raw)


def _graph(store) -> tuple:
    """The whole graph, less the load time the ledger stamps on case files."""
    nodes, rels = dump(store)
    return [(labels, tuple(p for p in props if p[0] != "loaded_at")) for labels, props in
            nodes], rels


def assert_values_read_back(store, cases) -> None:
    """Each entity of one case only has exactly the values its file gave (diacritics,
    non-BMP text, 64-bit integers, dates, lists; floats to the 15 digits FalkorDB replies)."""
    seen: dict[str, int] = {}
    for case in cases:
        for entity_id in case.entities:
            seen[entity_id] = seen.get(entity_id, 0) + 1
    wanted = {e.id: e.properties for c in cases for e in c.entities.values()
              if seen[e.id] == 1 and not e.reference}
    rows = store.read("UNWIND $ids AS id MATCH (n {id: id}) RETURN n.id, properties(n)",
                      {"ids": sorted(wanted)}, max_rows=len(wanted) + 1).rows
    stored = dict(rows)
    for entity_id, props in wanted.items():
        for name, value in props.items():
            got = stored[entity_id].get(name)
            if isinstance(value, float):
                # FalkorDB keeps the double but replies with 15 significant digits, so the
                # largest doubles (1.79769313486232e+308 once rounded) come back as infinity
                assert math.isclose(got, value, rel_tol=1e-14, abs_tol=1e-300) or (
                    math.isinf(got) and abs(value) > 1.797693134862315e308), (name, got)
            else:
                assert got == value and type(got) is type(value), (entity_id, name, got)


@pytest.mark.slow
@fuzz(40)
@given(made=inputs())
def test_a_broken_file_writes_nothing_and_the_good_files_load_whole(falkor_store, made):
    with tempfile.TemporaryDirectory() as tmp:
        paths = [_write(Path(tmp), i, m) for i, m in enumerate(made)]
        falkor_store.wipe()
        report = load_paths(falkor_store, paths, ONTOLOGY)
        assert [f.path for f in report.files] == [str(p) for p in paths]
        event(f"{len(report.failed)} of {len(paths)} files failed")
        for f in report.files:
            assert (f.status, f.problems == []) in (("loaded", True), ("failed", False)), f
        mixed = _graph(falkor_store)
        # The good files alone must give the same graph: nothing of a failed file stayed.
        falkor_store.wipe()
        good = [p for p in paths if str(p) not in {f.path for f in report.failed}]
        alone = load_paths(falkor_store, good, ONTOLOGY)
        assert alone.exit_code == 0, alone.as_dict()
        assert _graph(falkor_store) == mixed
        # ... and each good file entered whole, every value as it was read.
        cases = [c for p in good for c in read_input(p, ONTOLOGY)]
        assert alone.rows_written == sum(c.rows for c in cases)
        assert_values_read_back(falkor_store, cases)
