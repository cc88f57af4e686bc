"""Loading case files: validation with precise errors, provenance, idempotence, atomicity."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from dossiers import BROKEN, plantation_case, write
from graphdump import dump

from graph.errors import StoreError
from graph.store.stats import graph_stats
from loaders.load import load_paths


def test_a_file_with_errors_writes_nothing_and_names_each_problem(store, ontology, tmp_path):
    bad = tmp_path / "cases" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text(BROKEN, encoding="utf-8")
    good = write(tmp_path / "cases", "good.yaml", plantation_case())
    report = load_paths(store, [tmp_path / "cases"], ontology)
    assert report.exit_code == 2
    by_path = {f.path: f for f in report.files}
    assert by_path[str(good)].status == "loaded"
    failed = by_path[str(bad)]
    assert failed.status == "failed"
    assert len(failed.problems) == 3
    assert store.read("MATCH (n {id: 'p-1'}) RETURN count(n)").scalar() == 0
    assert store.read("MATCH (c:CaseFile {id: 'be-2017-ant-001'}) RETURN count(c)").scalar() == 0


def test_the_three_errors_are_precise(ontology, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    report = load_paths(None, [bad], ontology, dry_run=True)
    problems = report.files[0].problems
    assert len(problems) == 3
    assert problems[0] == (f"{bad}:5: case.opened_on: expected a date as YYYY-MM-DD, "
                           "got str '2017-13-45'")
    assert problems[1].startswith(f"{bad}:12: entities[1].type: unknown entity type 'Submarine'")
    assert problems[2] == (f"{bad}:17: links[0].target: unknown entity 'p-404' "
                           "(declare it under entities; declared: p-1)")


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["entities"][0]["properties"].update(nationality="Netherlands"),
     "entities[0].properties.nationality: expected a two-letter ISO country code"),
    (lambda d: d["entities"][1]["properties"].update(plant_count="many"),
     "entities[1].properties.plant_count: expected a whole number, got str 'many'"),
    (lambda d: d["entities"][1]["properties"].pop("plant_count"),
     "entities[1].properties: Plantation requires property 'plant_count'"),
    (lambda d: d["entities"][0]["properties"].update(shoe_size=44),
     "entities[0].properties.shoe_size: Person has no property 'shoe_size'"),
    (lambda d: d["links"][0].update(grading="E9"),
     "links[0].grading: expected a Europol 4x4 grading such as B2, got 'E9'"),
    (lambda d: d["links"].append({"type": "MEMBER_OF", "source": "pl-lommel",
                                  "target": "p-vos"}),
     "links[2]: MEMBER_OF cannot go from Plantation to Person"),
    (lambda d: d["entities"].append({"type": "Person", "id": "p-vos",
                                     "properties": {"name": "J. Vos"}}),
     "entities[3].properties: 'p-vos' is declared twice with different values of name, "
     "nationality, roles"),
    (lambda d: d["entities"][0]["properties"].update(name="Jeroen\x00Vos"),
     "entities[0].properties.name: text contains a NUL byte"),
    (lambda d: d["case"].pop("agency"), "case: CaseFile requires property 'agency'"),
    (lambda d: d["links"].append({**d["links"][1], "date": "2016-02-09"}),
     "links[2]: a second BOUGHT_EQUIPMENT_AT link with id "
     "'pl-lommel>BOUGHT_EQUIPMENT_AT>gs-eindhoven' (first on line"),
    (lambda d: d["links"][0].update(period="2016-03-01/2016-01-31"),
     "links[0].period: the period ends (2016-01-31) before it begins (2016-03-01)"),
    (lambda d: d["links"][0].update(period="2016-03"),
     "links[0].period: expected a period such as 2019-01-01/2019-03-31, got '2016-03'"),
    (lambda d: d["links"][0].update(period="2016-02-30/2016-03-31"),
     "links[0].period: "),
    (lambda d: d["links"][0].update(reported_in="be-2016-lim-007"),
     "links[0].reported_in: a case file cannot repeat itself"),
])
def test_each_kind_of_bad_value_is_reported(ontology, tmp_path, change, expected):
    dossier = plantation_case()
    change(dossier)
    path = write(tmp_path, "case.yaml", dossier)
    report = load_paths(None, [path], ontology, dry_run=True)
    assert report.exit_code == 2
    assert any(expected in p for p in report.files[0].problems), report.files[0].problems


YAML_12 = """case: {id: nl-2012-int, country: NL, kind: police_report, opened_on: 2012-05-01,
       agency: Politie Zuid, grading: A1}
entities:
  - type: Phone
    id: ph-1
    properties: {number: 0470123456}
  - type: Intervention
    id: int-residence-criterion
    properties: {name: Residence criterion, on: 2012-05-01, country: NL, market: cannabis}
  - type: Person
    id: p-nor
    properties: {name: Ola Nordmann, nationality: NO}
"""


def test_yaml_reads_as_users_mean_it(store, ontology, tmp_path):
    """YAML 1.1 would read 0470123456 as octal, `on:` as true and NO as false."""
    path = tmp_path / "case.yaml"
    path.write_text(YAML_12, encoding="utf-8")
    assert load_paths(store, [path], ontology).exit_code == 0
    row = store.read("MATCH (ph:Phone), (i:Intervention), (p:Person) "
                     "RETURN ph.number, i.on, p.nationality").rows[0]
    assert row == ("0470123456", "2012-05-01", "NO")


def test_json_dossiers_report_lines_too(ontology, tmp_path):
    """JSON takes a fast path without lines; problems are located by a second parse."""
    dossier = plantation_case()
    dossier["links"][0]["target"] = "pl-nowhere"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(dossier, indent=2), encoding="utf-8")
    problems = load_paths(None, [path], ontology, dry_run=True).files[0].problems
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1)
                if "pl-nowhere" in text)
    assert problems == [f"{path}:{line}: links[0].target: unknown entity 'pl-nowhere' "
                        "(declare it under entities; declared: gs-eindhoven, p-vos, pl-lommel)"]


def test_reloading_changes_nothing(store, ontology, tmp_path):
    write(tmp_path / "cases", "a.yaml", plantation_case())
    first = load_paths(store, [tmp_path / "cases"], ontology)
    before = dump(store), graph_stats(store, ontology)
    second = load_paths(store, [tmp_path / "cases"], ontology)
    assert first.files[0].status == "loaded" and second.files[0].status == "unchanged"
    assert (dump(store), graph_stats(store, ontology)) == before


def test_provenance_accumulates_across_case_files(store, ontology, tmp_path):
    write(tmp_path / "cases", "a.yaml", plantation_case())
    later = plantation_case("nl-2018-obr-101", country="NL", opened_on="2018-02-01",
                            agency="OM Oost-Brabant", grading="A2")
    write(tmp_path / "cases", "b.yaml", later)
    load_paths(store, [tmp_path / "cases"], ontology)
    person = store.read("MATCH (p:Person {id: 'p-vos'}) "
                        "RETURN p.sources, p.first_seen, p.last_seen").rows[0]
    # an entity's case files are its MENTIONED_IN (below), not a list on the node
    assert person == (None, "2016-04-12", "2018-02-01")
    link = store.read("MATCH (:Plantation)-[r:BOUGHT_EQUIPMENT_AT]->(:Growshop) "
                      "RETURN r.sources, r.gradings, r.first_seen").rows[0]
    assert link == (["be-2016-lim-007", "nl-2018-obr-101"],
                    ["be-2016-lim-007=A1", "nl-2018-obr-101=A1"], "2016-01-03")
    mentions = store.read("MATCH (:Person {id: 'p-vos'})-[m:MENTIONED_IN]->(c:CaseFile) "
                          "RETURN c.id, m.grading, m.first_seen ORDER BY c.id").rows
    assert mentions == [("be-2016-lim-007", "B2", "2016-04-12"),
                        ("nl-2018-obr-101", "A2", "2018-02-01")]


def test_dry_run_writes_nothing(store, ontology, tmp_path):
    path = write(tmp_path, "a.yaml", plantation_case())
    report = load_paths(store, [path], ontology, dry_run=True)
    assert report.files[0].status == "valid"
    assert store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_a_case_id_in_two_files_fails_the_second(ontology, tmp_path):
    write(tmp_path, "a.yaml", plantation_case())
    write(tmp_path, "b.yaml", plantation_case())
    report = load_paths(None, [tmp_path], ontology, dry_run=True)
    assert [f.status for f in report.files] == ["valid", "failed"]
    assert "case 'be-2016-lim-007' is also in" in report.files[1].problems[0]


def test_a_failing_statement_leaves_nothing_behind(store):
    with pytest.raises(StoreError):
        store.write("UNWIND [1, 2, 0] AS x CREATE (:Probe {id: toString(x), v: 10 / x})")
    assert store.read("MATCH (n:Probe) RETURN count(n)").scalar() == 0


BUNDLE = {
    "cases.csv": "id,country,kind,opened_on,agency,grading\n"
                 "nl-2019-lim-01,NL,police_report,2019-05-02,Politie Limburg,B2\n"
                 "nl-2019-lim-02,NL,police_report,2019-06-11,Politie Limburg,C3\n",
    "entities.csv": "case_id,type,id,name,nationality,roles,base_country\n"
                    "nl-2019-lim-01,Person,p-maas,Ruud Maas,NL,courier;dealer,\n"
                    "nl-2019-lim-01,Organisation,org-venlo,Venlo-groep,,,NL\n"
                    "nl-2019-lim-02,Person,p-smet,Lien Smet,BE,courier,\n",
    "links.csv": "case_id,type,source,target,date,grading,role\n"
                 "nl-2019-lim-01,MEMBER_OF,p-maas,org-venlo,2019-04-01,,runner\n"
                 "nl-2019-lim-02,MEMBER_OF,p-smet,org-venlo,,A2,\n",
}


def _bundle(folder, **overrides):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**BUNDLE, **overrides}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_csv_bundle_loads_each_case(store, ontology, tmp_path):
    report = load_paths(store, [_bundle(tmp_path / "export")], ontology)
    assert report.exit_code == 0 and report.files[0].cases == ["nl-2019-lim-01", "nl-2019-lim-02"]
    roles = store.read("MATCH (p:Person {id: 'p-maas'}) RETURN p.roles").scalar()
    assert roles == ["courier", "dealer"]
    org = store.read("MATCH (:Organisation {id: 'org-venlo'})-[:MENTIONED_IN]->(c) "
                     "RETURN collect(c.id)").scalar()
    assert sorted(org) == ["nl-2019-lim-01", "nl-2019-lim-02"]
    grading = store.read("MATCH (:Person {id: 'p-smet'})-[r:MEMBER_OF]->() "
                         "RETURN r.grading").scalar()
    assert grading == "A2"


def test_csv_bundle_errors_name_file_line_and_column(ontology, tmp_path):
    folder = _bundle(tmp_path / "export", **{
        "links.csv": BUNDLE["links.csv"] + "nl-2019-lim-02,MEMBER_OF,p-smet,org-nowhere,,,\n"})
    report = load_paths(None, [folder], ontology, dry_run=True)
    assert report.files[0].problems == [
        f"{folder / 'links.csv'}:4: target: unknown entity 'org-nowhere' "
        "(declare it under entities; declared: org-venlo, p-smet)"]


def test_a_link_keeps_its_most_reliable_grading_whatever_the_load_order(store, ontology,
                                                                         tmp_path):
    first = plantation_case()
    first["links"][1]["grading"] = "B3"
    second = plantation_case("nl-2018-obr-101", country="NL", agency="OM Oost-Brabant")
    second["links"][1]["grading"] = "A2"
    paths = [write(tmp_path, "a.yaml", first), write(tmp_path, "b.yaml", second)]
    query = "MATCH ()-[r:BOUGHT_EQUIPMENT_AT]->() RETURN r.grading, size(r.gradings)"
    for order in (paths, paths[::-1]):
        store.wipe()
        load_paths(store, order, ontology)
        assert store.read(query).rows == [("A2", 2)]


def test_a_changed_case_file_replaces_its_earlier_version(store, ontology, tmp_path):
    other = plantation_case("nl-2018-obr-101", country="NL", agency="OM Oost-Brabant")
    other["links"][1]["grading"] = "C3"
    load_paths(store, [write(tmp_path / "b", "other.yaml", other)], ontology)
    first = plantation_case()
    first["entities"].append({"type": "Phone", "id": "ph-1",
                              "properties": {"number": "+32 470 00 00 01"}})
    first["links"].append({"type": "USES", "source": "p-vos", "target": "ph-1"})
    path = write(tmp_path / "a", "case.yaml", first)
    load_paths(store, [path], ontology)
    corrected = plantation_case()
    corrected["entities"][1]["properties"]["plant_count"] = 1350
    corrected["links"][1]["grading"] = "B3"  # was A1
    del corrected["links"][0]  # the OPERATES link was a mistake
    write(tmp_path / "a", "case.yaml", corrected)
    report = load_paths(store, [path], ontology)
    assert report.files[0].status == "updated", report.files[0].problems
    assert store.read("MATCH (n:Phone) RETURN count(n)").scalar() == 0
    assert store.read("MATCH (p:Plantation) RETURN p.plant_count").scalar() == 1350
    # OPERATES is also asserted by the other case: it stays, now from that case alone.
    assert store.read("MATCH ()-[r:OPERATES]->() RETURN r.sources, r.grading").rows == [
        (["nl-2018-obr-101"], "B2")]
    assert store.read("MATCH ()-[r:BOUGHT_EQUIPMENT_AT]->() RETURN r.grading, "
                      "r.gradings").rows == [("B3", ["nl-2018-obr-101=C3", "be-2016-lim-007=B3"])]
    stats = graph_stats(store, ontology)
    assert stats["relationships"]["USES"] == 0 and stats["nodes"]["Person"] == 1
    # the person both files name is still named by both, once each
    assert store.read("MATCH (:Person {id: 'p-vos'})-[:MENTIONED_IN]->(c) "
                      "RETURN c.id ORDER BY c.id").rows == [("be-2016-lim-007",),
                                                            ("nl-2018-obr-101",)]
    assert load_paths(store, [path], ontology).files[0].status == "unchanged"


def test_a_load_takes_stale_sources_lists_off_entities(store, ontology, tmp_path):
    """Graphs written before an entity's case files lived only in its MENTIONED_IN had a
    ``sources`` list on every entity; no longer kept up to date, it would mislead."""
    load_paths(store, [write(tmp_path / "a", "a.yaml", plantation_case())], ontology)
    store.write("MATCH (p:Person) SET p.sources = ['be-2016-lim-007']")
    later = plantation_case("nl-2018-obr-101", country="NL", agency="OM Oost-Brabant")
    load_paths(store, [write(tmp_path / "b", "b.yaml", later)], ontology)
    assert store.read("MATCH (p:Person) RETURN p.sources").scalar() is None
    assert store.read("MATCH (c:CaseFile {id: 'nl-2018-obr-101'}) "
                      "RETURN c.sources").scalar() == ["nl-2018-obr-101"]


def test_batched_writes_give_the_graph_of_case_by_case_writes(ontology, tmp_path,
                                                                monkeypatch):
    """Small cases share a statement; the graph must be what one write per case gives."""
    from generator import generate
    from graph.store import open_store
    from graph.store.config import Settings
    from loaders import load

    generate(tmp_path / "world", seed=4, scale=0.2)
    graphs = []
    for batch_cases in (load.BATCH_CASES, 1):
        monkeypatch.setattr(load, "BATCH_CASES", batch_cases)
        store = open_store(f"falkordb-lite:{tmp_path / f'db{batch_cases}' / 'g.db'}", Settings())
        try:
            assert load_paths(store, [tmp_path / "world"], ontology).exit_code == 0
            graphs.append(dump(store))
        finally:
            store.close()
    assert graphs[0] == graphs[1]
    assert len(graphs[0][0]) > 500


def test_the_embedded_server_stops_when_the_loader_closes_its_store(ontology, tmp_path,
                                                                   monkeypatch):
    """The writer thread's connection must not keep the server alive after the load (small
    batches, so the ledger reads run while a write is in flight, on a second connection)."""
    import os
    import time

    from graph.store import open_store
    from graph.store.config import Settings
    from loaders import load

    monkeypatch.setattr(load, "BATCH_CASES", 1)
    store = open_store(f"falkordb-lite:{tmp_path / 'g.db'}", Settings())
    pid = store.server_pid()
    assert load_paths(store, [REPO / "data" / "demo"], ontology).exit_code == 0
    store.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"the embedded server {pid} still runs after the store was closed")
