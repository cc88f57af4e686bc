"""Hand-written hostile and broken inputs (issue 8.5): bombs, huge values, wrong encodings,
CSV quoting, and names in Dutch and French that must come back from the graph exactly."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
import time

import pytest
import yaml
from dossiers import plantation_case, write

from graph.errors import InvalidInput
from loaders.load import load_paths
from loaders.registry import read_input


def problems_of(path, ontology) -> list:
    with pytest.raises(InvalidInput) as caught:
        read_input(path, ontology)
    return caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


HEADER = ("case: {id: be-2018-hostile, country: BE, kind: prosecutor_file, "
          "opened_on: 2018-03-01, agency: Parket Antwerpen, grading: B2}\n")


# -- bombs: nothing may expand, recurse or crash ---------------------------------------------
READ = ("import sys; from pathlib import Path; from graph.errors import InvalidInput; "
        "from graph.model.ontology import load_ontology; from loaders.registry import read_input\n"
        "try:\n    read_input(Path(sys.argv[1]), load_ontology())\n"
        "except InvalidInput as exc:\n    print(exc)")


def read_in_child(path) -> str:
    """What reading ``path`` prints, in a child process with 2 GB and 60 s: a bomb that
    crashes the process or eats the machine's memory fails the test, not the whole run."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    child = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True,
                           text=True, timeout=60, preexec_fn=limit)
    assert child.returncode == 0, child.stderr[-2000:]
    return child.stdout


def billion_laughs(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return HEADER + "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_once(ontology, tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs(9), encoding="utf-8")  # 10^9 values once expanded
    started = time.perf_counter()
    out = read_in_child(path)
    assert time.perf_counter() - started < 30
    assert out.startswith(f"{path}:6: aliases expand into more than"), out  # a4 is too many


def test_an_alias_inside_itself_is_refused(ontology, tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(HEADER + "entities: &e [{type: Person, id: p-1, properties: *e}]\n",
                    encoding="utf-8")
    [problem] = problems_of(path, ontology)
    assert problem.line == 2 and "refers to a node that contains it" in problem.message


def test_aliases_of_plain_values_still_load(ontology, tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text(textwrap.dedent("""\
        case: {id: be-2018-alias, country: &be BE, kind: prosecutor_file,
               opened_on: 2018-03-01, agency: Parket Antwerpen, grading: &g B2}
        entities:
          - {type: Person, id: p-1, properties: {name: Noor Claes, nationality: *be}}
        links:
          - {type: CONTACT, source: p-1, target: p-1, grading: *g}
        """), encoding="utf-8")
    [case] = read_input(path, ontology)
    assert case.entities["p-1"].properties["nationality"] == "BE"


DEEP = 100_000


@pytest.mark.parametrize("name, text", [
    ("flow.yaml", HEADER + "entities: " + "[" * DEEP + "]" * DEEP + "\n"),
    ("block.yaml", HEADER + "entities:\n" + "".join(" " * i + "- \n" for i in range(10_000))),
    ("deep.json", '{"entities": ' + "[" * DEEP + "]" * DEEP + "}"),
    ("mapping.yaml", HEADER + "entities: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n"),
])
def test_deep_nesting_is_refused_without_crashing_the_process(ontology, tmp_path, name, text):
    """libyaml's composer recursed in C on such input and killed the process (SIGSEGV)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert "nested more than 32 levels deep" in read_in_child(path)


@pytest.mark.parametrize("value, line_text", [
    ("!!bool maybe", "YAML tag !!bool"), ("!!int ''", "YAML tag !!int"),
    ("!!float ''", "YAML tag !!float"), ("!!timestamp 2023-02-30", "YAML tag !!timestamp"),
    ("!!binary aGVsbG8=", "YAML tag !!binary"),
    ("!!python/object/apply:os.system [echo]", "YAML tag !!python/object/apply:os.system"),
])
def test_explicit_tags_are_refused_with_their_line(ontology, tmp_path, value, line_text):
    path = tmp_path / "tags.yaml"
    path.write_text(HEADER + f"entities:\n  - {{type: Person, id: p-1, properties: "
                             f"{{name: {value}}}}}\n", encoding="utf-8")
    [problem] = problems_of(path, ontology)
    assert problem.line == 3 and line_text in problem.message


def test_str_tag_keeps_a_number_as_text(ontology, tmp_path):
    path = tmp_path / "phone.yaml"
    path.write_text(HEADER + "entities:\n  - {type: Phone, id: ph-1, properties: "
                             "{number: !!str 0470123456}}\n", encoding="utf-8")
    [case] = read_input(path, ontology)
    assert case.entities["ph-1"].properties["number"] == "0470123456"


@pytest.mark.parametrize("entities, field", [
    ("[{type: Person, id: p-1, properties: {? [name] : x}}]", ""),
    ("[{type: [Person], id: p-1}]", "entities[0].type"),
    ("[{type: {Person: 1}, id: p-1}]", "entities[0].type"),
])
def test_lists_and_mappings_where_a_name_belongs_are_reported(ontology, tmp_path, entities,
                                                               field):
    path = tmp_path / "keys.yaml"
    path.write_text(HEADER + f"entities: {entities}\n", encoding="utf-8")
    problems = problems_of(path, ontology)
    assert [p.field for p in problems] == [field] and problems[0].line == 2


def test_a_link_type_that_is_a_mapping_is_reported(ontology, tmp_path):
    doc = plantation_case()
    doc["links"][0]["type"] = {"OPERATES": True}
    problems = problems_of(write(tmp_path, "case.yaml", doc), ontology)
    assert [p.field for p in problems] == ["links[0].type"]


# -- values no store can hold -----------------------------------------------------------------
def test_integers_beyond_64_bits_are_refused_not_clamped(falkor_store, ontology, tmp_path):
    """FalkorDB stores 2**63 as 9223372036854775807 without a word; the loader refuses it."""
    big = plantation_case()
    big["entities"][1]["properties"]["plant_count"] = 2**63
    path = write(tmp_path, "big.yaml", big)
    report = load_paths(falkor_store, [path], ontology)
    line = line_of(path.read_text(), "plant_count")
    assert report.files[0].problems == [
        f"{path}:{line}: entities[1].properties.plant_count: expected a whole number between"
        f" -9223372036854775808 and 9223372036854775807, got {2**63}"]
    largest = plantation_case()
    largest["entities"][1]["properties"]["plant_count"] = 2**63 - 1
    assert load_paths(falkor_store, [write(tmp_path, "ok.yaml", largest)], ontology).exit_code == 0
    assert falkor_store.read("MATCH (p:Plantation) RETURN p.plant_count").scalar() == 2**63 - 1


def test_a_lone_surrogate_is_refused_with_its_field(falkor_store, ontology, tmp_path):
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no store can encode: the load
    crashed with UnicodeEncodeError. YAML cannot read the escape again for lines, so the
    JSON reader's problems stand, without a line."""
    doc = plantation_case()
    doc["entities"][0]["properties"]["name"] = "Jeroen \ud800"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc), encoding="ascii")
    report = load_paths(falkor_store, [path], ontology)
    assert [(p.line, p.field) for p in report.files[0].issues] == [
        (None, "entities[0].properties.name")]
    doc["entities"][2]["id"] = "gs-\udfff"
    path.write_text(json.dumps(doc), encoding="ascii")
    report = load_paths(falkor_store, [path], ontology)
    assert [p.field for p in report.files[0].issues] == [
        "entities[0].properties.name", "entities[2].id", "links[1].target"]
    assert falkor_store.read("MATCH (n) RETURN count(n)").scalar() == 0


# -- huge values --------------------------------------------------------------------------------
MEASURE = """
import resource, sys, time
from pathlib import Path
from graph.model.ontology import load_ontology
from loaders.registry import read_input
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
[case] = read_input(Path(sys.argv[1]), load_ontology())
print(len(case.entities["p-vos"].properties["name"]), time.perf_counter() - started,
      (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.slow
def test_a_50_mb_field_in_a_dossier_loads_with_memory_in_proportion(ontology, tmp_path):
    """No size limit on dossier values: a 50 MB name is read whole; the reader's peak memory
    grows by a few times the file, not more (measured in a child process)."""
    doc = plantation_case()
    doc["entities"][0]["properties"]["name"] = "HUGE"
    path = write(tmp_path, "huge.yaml", doc)  # PyYAML's emitter takes ~30 s on 50 MB: splice
    path.write_text(path.read_text().replace("HUGE", "Ë" * 25_000_000))  # 50 MB of UTF-8
    child = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    length, seconds, grown_mb = child.stdout.split()
    print(f"50 MB field: read in {float(seconds):.1f} s, peak memory +{grown_mb} MB")
    assert int(length) == 25_000_000
    assert int(grown_mb) < 8 * 50


def test_a_huge_csv_field_is_refused_with_its_line(ontology, tmp_path):
    folder = bundle(tmp_path, entities=ENTITIES + 'nl-2019-lim-01,Person,p-big,"'
                    + "x" * 50_000_000 + '"\n')
    [problem] = problems_of(folder, ontology)
    assert (problem.source, problem.line) == (str(folder / "entities.csv"), 6)
    assert "field larger than field limit" in problem.message


def test_a_dossier_on_one_very_long_line_loads(ontology, tmp_path):
    doc = plantation_case()
    doc["entities"] += [{"type": "Person", "id": f"p-{i}", "properties": {"name": f"Jan {i}"}}
                        for i in range(20_000)]
    path = tmp_path / "one-line.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert path.read_text().count("\n") == 0 and path.stat().st_size > 1_000_000
    [case] = read_input(path, ontology)
    assert len(case.entities) == 20_003


# -- encodings ----------------------------------------------------------------------------------
def test_a_latin_1_dossier_is_refused_at_its_first_foreign_byte(ontology, tmp_path):
    doc = plantation_case()
    doc["entities"][0]["properties"]["name"] = "Zoë Vermeulen"
    path = tmp_path / "latin1.yaml"
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    path.write_bytes(text.encode("latin-1"))
    [problem] = problems_of(path, ontology)
    assert problem.line == line_of(text, "Zoë") and "not UTF-8 text" in problem.message
    assert problem.fix == "save the file as UTF-8"


def test_a_latin_1_csv_is_refused_with_file_and_line(ontology, tmp_path):
    folder = bundle(tmp_path)
    (folder / "entities.csv").write_bytes(ENTITIES.replace("Ruud", "Zoë").encode("latin-1"))
    [problem] = problems_of(folder, ontology)
    assert (problem.source, problem.line) == (str(folder / "entities.csv"), 2)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_dossier_with_a_byte_order_mark_reads_as_without(ontology, tmp_path, suffix):
    doc = plantation_case()
    text = json.dumps(doc) if suffix == "json" else yaml.safe_dump(doc, allow_unicode=True)
    plain, marked = tmp_path / f"plain.{suffix}", tmp_path / f"bom.{suffix}"
    plain.write_text(text, encoding="utf-8")
    marked.write_text(text, encoding="utf-8-sig")
    assert marked.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_input(marked, ontology)[0].digest == read_input(plain, ontology)[0].digest


def test_a_bundle_with_byte_order_marks_reads_as_without(ontology, tmp_path):
    plain = read_input(bundle(tmp_path / "plain"), ontology)
    marked = bundle(tmp_path / "bom")
    for name in ("cases.csv", "entities.csv", "links.csv"):
        data = (marked / name).read_bytes()
        (marked / name).write_bytes(b"\xef\xbb\xbf" + data)
    assert [c.digest for c in read_input(marked, ontology)] == [c.digest for c in plain]


# -- CSV quoting ----------------------------------------------------------------------------------
CASES = ("id,country,kind,opened_on,agency,grading\n"
         "nl-2019-lim-01,NL,police_report,2019-05-02,Politie Limburg,B2\n")
ENTITIES = ("case_id,type,id,name,nationality\n"
            "nl-2019-lim-01,Person,p-maas,Ruud Maas,NL\n"
            'nl-2019-lim-01,Person,p-smid,"Jan ""de Smid""\nPeeters, jr.",BE\n'
            "nl-2019-lim-01,Person,p-claes,Noor Claes,BE\n")
LINKS = "case_id,type,source,target\nnl-2019-lim-01,CONTACT,p-maas,p-smid\n"


def bundle(folder, *, cases=CASES, entities=ENTITIES, links=LINKS):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("cases.csv", cases), ("entities.csv", entities), ("links.csv", links)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_quotes_and_line_breaks_inside_csv_cells_read_exactly(ontology, tmp_path):
    [case] = read_input(bundle(tmp_path), ontology)
    assert case.entities["p-smid"].properties["name"] == 'Jan "de Smid"\nPeeters, jr.'
    assert case.entities["p-smid"].line == 3 and case.entities["p-claes"].line == 5


def test_csv_errors_after_a_multi_line_cell_name_the_real_line(ontology, tmp_path):
    entities = ENTITIES + ('nl-2019-lim-01,Person,p-vos,"Eva\n""Vos""",Nederland\n'
                           "nl-2019-lim-01,Person,p-roos,Roos Wouters,Belgie\n")
    links = LINKS + 'nl-2019-lim-01,CONTACT,p-maas,"p-\nnowhere"\n'
    folder = bundle(tmp_path, entities=entities, links=links)
    problems = problems_of(folder, ontology)
    assert [(p.source.rsplit("/", 1)[1], p.line, p.field) for p in problems] == [
        ("entities.csv", 6, "nationality"), ("entities.csv", 8, "nationality"),
        ("links.csv", 3, "target")]
    lines = (folder / "entities.csv").read_text().splitlines()
    assert lines[5].startswith("nl-2019-lim-01,Person,p-vos") and "Belgie" in lines[7]


# -- Dutch and French names round-trip exactly ------------------------------------------------
NAMES = {
    "p-1": "Zoë Vermeulen-Maës",          # trema
    "p-2": "Hélène Lefèvre",               # acute and grave accents
    "p-3": "Loïc Verbiest",                # i trema
    "p-4": "François Boulanger",           # cedilla
    "p-5": "IJsbrand van IJzendoorn",      # IJ as two letters
    "p-6": "Ĳsbrand van Ĳzendoorn",        # IJ as one ligature character
    "p-7": "Cœur-Œuvre Desmet",            # oe ligature
    "p-8": "Hélène Lefèvre (NFD)".replace("é", "e\u0301"),  # decomposed: kept, not normalised
    "p-9": "𝔘𝔫𝔦 Delvaux 😀",               # outside the Basic Multilingual Plane
}


def names_case(case_id: str) -> dict:
    doc = plantation_case(case_id)
    doc["entities"] = [{"type": "Person", "id": pid, "properties": {"name": name}}
                       for pid, name in NAMES.items()]
    doc["links"] = []
    return doc


def test_diacritics_and_non_bmp_names_round_trip_through_every_format(falkor_store, ontology,
                                                                     tmp_path):
    yaml_file = write(tmp_path, "names.yaml", names_case("be-2018-names-yaml"))
    json_file = tmp_path / "names.json"
    json_file.write_text(json.dumps(names_case("be-2018-names-json")), encoding="utf-8")
    rows = "".join(f'be-2018-names-csv,Person,{pid}-csv,"{name}"\n' for pid, name in NAMES.items())
    csv_folder = bundle(tmp_path / "bundle",
                        cases=CASES.replace("nl-2019-lim-01", "be-2018-names-csv"),
                        entities="case_id,type,id,name\n" + rows, links="case_id,type,source,"
                        "target\n")
    report = load_paths(falkor_store, [yaml_file, json_file, csv_folder], ontology)
    assert report.exit_code == 0, report.as_dict()
    stored = dict(falkor_store.read("MATCH (p:Person) RETURN p.id, p.name").rows)
    for pid, name in NAMES.items():
        assert stored[pid] == name and stored[f"{pid}-csv"] == name, pid
    assert stored["p-2"] != stored["p-8"]  # no Unicode normalisation behind the user's back
    found = falkor_store.read("MATCH (p:Person {name: $name}) RETURN p.id",
                              {"name": NAMES["p-9"]}).rows
    assert sorted(found) == [("p-9",), ("p-9-csv",)]


# -- impossible dates and numbers, in every format ----------------------------------------------
@pytest.mark.parametrize("found_on, litres, fmt", [
    ("2023-02-30", ".nan", "yaml"), ("'2023-02-30'", "-.inf", "yaml"),
    ('"2023-02-30"', "NaN", "json"), ('"2023-02-30"', "-Infinity", "json"),
    ("2023-02-30", "nan", "csv"), ("2023-02-30", "1e999", "csv"),
])
def test_impossible_dates_and_numbers_name_their_field(ontology, tmp_path, found_on, litres,
                                                       fmt):
    if fmt == "csv":
        path = bundle(tmp_path, entities="case_id,type,id,found_on,litres\n"
                                         f"nl-2019-lim-01,DumpSite,ds-1,{found_on},{litres}\n",
                      links="case_id,type,source,target\n")
        expected = [(2, "found_on"), (2, "litres")]
    else:
        path = tmp_path / f"dump.{fmt}"
        entity = (f'{{"type": "DumpSite", "id": "ds-1", "properties": '
                  f'{{"found_on": {found_on}, "litres": {litres}}}}}')
        path.write_text(HEADER + f"entities:\n  - {entity}\n" if fmt == "yaml" else
                        '{"case": {"id": "c", "country": "BE", "kind": "prosecutor_file", '
                        '"opened_on": "2018-03-01", "agency": "X", "grading": "B2"},\n'
                        f'"entities": [\n{entity}]}}', encoding="utf-8")
        expected = [(3, "entities[0].properties.found_on"),
                    (3, "entities[0].properties.litres")]
    problems = problems_of(path, ontology)
    assert [(p.line, p.field) for p in problems] == expected
    assert "expected a date as YYYY-MM-DD" in problems[0].message
    assert "number" in problems[1].message  # JSON: YAML reads NaN again as the text "NaN"


def test_the_other_yaml_readers_refuse_a_bomb_too(tmp_path, ontology) -> None:
    """The guard sits in the YAML reader every file passes (graph.model.sourcemap): a team's saved
    query whose header holds a crashing tag is refused with its line, not a KeyError."""
    from graph.store.saved_queries import load_library

    (tmp_path / "bad.cypher").write_text(
        "// title: Bad\n// group: investigation\n// description: !!bool maybe\n"
        "// returns: table\nMATCH (p:Person) RETURN p.name\n", encoding="utf-8")
    library = load_library(ontology, tmp_path)
    assert library.queries == {}
    (problem,) = library.problems
    assert "!!bool" in str(problem) and ":3" in str(problem)
