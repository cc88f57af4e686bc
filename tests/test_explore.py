"""The explorer's queries (graph.explore) and picture (graph.view) on a small known graph.

The fixture is three case files whose shape is known (MENTIONED_IN links every entity to
the case files that name it):

    person-a -MEMBER_OF-> org-x <-MEMBER_OF- person-b -USES-> phone-1
    (case 1: person-a, org-x)   (case 2: org-x, person-b, phone-1)
    person-h -OPERATES-> plantation-1 -LOCATED_IN-> loc-lommel      (case 3)

person-h's name is hostile HTML; plantation-1 has no country of its own (its location is BE).
``load_fixture`` is shared with the app tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from graph.errors import InvalidInput
from graph.explore import Network, find_entity, network_around, search_entities, source_case_files
from graph.ontology import load_ontology
from graph.store import GraphStore, open_store
from graph.view import COUNTRY_STYLES, OTHER_COUNTRY, legend_html, network_html
from loaders.load import load_paths

HOSTILE = "<script>alert(1)</script>"
CASE_A, CASE_B, CASE_C = "be-2020-test-001", "nl-2020-test-002", "be-2020-test-003"
ORG_X = ("{type: Organisation, id: org-x, properties: {name: Crew X, base_country: NL, "
         "markets: [cannabis]}}")
DOSSIERS = {
    "case-a.yaml": f"""
case: {{id: {CASE_A}, country: BE, kind: prosecutor_file, opened_on: 2020-01-10,
        agency: Parket Limburg, title: Test case A, grading: B2}}
entities:
  - {{type: Person, id: person-a, properties: {{name: Anna Peeters, residence_country: BE}}}}
  - {ORG_X}
links:
  - {{type: MEMBER_OF, source: person-a, target: org-x, properties: {{role: courier}}}}
""",
    "case-b.yaml": f"""
case: {{id: {CASE_B}, country: NL, kind: police_report, opened_on: 2020-02-20,
        agency: Politie Limburg, grading: B2}}
entities:
  - {ORG_X}
  - {{type: Person, id: person-b, properties: {{name: Noël de Vries, residence_country: NL}}}}
  - {{type: Phone, id: phone-1, properties: {{number: "+31 6 0000 0001"}}}}
links:
  - {{type: MEMBER_OF, source: person-b, target: org-x, properties: {{role: leader}}}}
  - {{type: USES, source: person-b, target: phone-1}}
""",
    "case-c.yaml": f"""
case: {{id: {CASE_C}, country: BE, kind: seizure_report, opened_on: 2020-03-30,
        agency: Politie Lommel, grading: C3}}
entities:
  - {{type: Person, id: person-h, properties: {{name: "{HOSTILE}", residence_country: BE}}}}
  - {{type: Plantation, id: plantation-1, properties: {{plant_count: 600}}}}
  - {{type: Location, id: loc-lommel, properties: {{name: Lommel, level: municipality,
      country: BE}}}}
links:
  - {{type: OPERATES, source: person-h, target: plantation-1}}
  - {{type: LOCATED_IN, source: plantation-1, target: loc-lommel}}
""",
}
#: nodes of the fixture: 7 entities and 3 case files
NODE_COUNT = 10


def load_fixture(folder: Path) -> GraphStore:
    """Write the fixture dossiers under ``folder`` and load them into a fresh embedded store
    there; the caller closes the store (other clients, like the app, share its server)."""
    cases = folder / "cases"
    cases.mkdir(parents=True)
    for name, text in DOSSIERS.items():
        (cases / name).write_text(text, encoding="utf-8")
    store = open_store(f"falkordb-lite:{folder / 'graph.db'}")
    report = load_paths(store, [cases], load_ontology())
    assert not report.failed, report.as_dict()
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """One store for the module: every test here only reads (closing a store takes ~2 s)."""
    store = load_fixture(tmp_path_factory.mktemp("explore"))
    yield store
    store.close()


def ids(network: Network) -> set[str]:
    return {n.properties["id"] for n in network.nodes.values()}


def vis_data(page: str, name: str) -> list[dict[str, Any]]:
    """The JSON list pyvis put into ``<name> = new vis.DataSet(...)``."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    return json.JSONDecoder().raw_decode(page, start)[0]


def vis_options(page: str) -> dict[str, Any]:
    start = page.index("var options = ") + len("var options = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


# -- search ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("anna", ["person-a"]),
    ("PEETERS", ["person-a"]),
    ("NOËL", ["person-b"]),
    ("Person-B", ["person-b"]),
    ("person-", ["person-a", "person-b", "person-h"]),
    ("crew x", ["org-x"]),
])
def test_search_finds_by_name_and_id_ignoring_case(store: GraphStore, text: str,
                                                   expected: list[str]) -> None:
    assert [n.properties["id"] for n in search_entities(store, text)] == expected


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_search_finds_nothing(store: GraphStore, text: str) -> None:
    assert search_entities(store, text) == []


def test_search_respects_limit(store: GraphStore) -> None:
    assert len(search_entities(store, "person-", limit=2)) == 2


def test_find_entity(store: GraphStore) -> None:
    assert find_entity(store, "org-x").properties["name"] == "Crew X"
    assert find_entity(store, "nobody") is None


# -- network --------------------------------------------------------------------------------

def test_one_hop(store: GraphStore) -> None:
    network = network_around(store, "person-a", hops=1)
    assert ids(network) == {"person-a", "org-x", CASE_A}
    assert not network.truncated
    assert network.nodes[network.focus].properties["id"] == "person-a"
    assert sorted(r.type for r in network.relationships) == [
        "MEMBER_OF", "MENTIONED_IN", "MENTIONED_IN"]


def test_two_hops(store: GraphStore) -> None:
    network = network_around(store, "person-a", hops=2)
    assert ids(network) == {"person-a", "org-x", CASE_A, "person-b", CASE_B}
    assert not network.truncated
    for rel in network.relationships:
        assert rel.start in network.nodes and rel.end in network.nodes
    # every link between the five nodes, and no other
    assert sorted(r.type for r in network.relationships) == [
        "MEMBER_OF", "MEMBER_OF", "MENTIONED_IN", "MENTIONED_IN", "MENTIONED_IN", "MENTIONED_IN"]


def test_three_hops_reach_the_phone_but_not_the_other_component(store: GraphStore) -> None:
    network = network_around(store, "person-a", hops=3)
    assert ids(network) == {"person-a", "org-x", CASE_A, "person-b", CASE_B, "phone-1"}


def test_limit_keeps_the_nearest_nodes_and_flags_truncation(store: GraphStore) -> None:
    network = network_around(store, "person-a", hops=2, limit=3)
    assert network.truncated
    assert ids(network) == {"person-a", "org-x", CASE_A}
    assert all(r.start in network.nodes and r.end in network.nodes
               for r in network.relationships)


def test_limit_equal_to_the_network_is_not_truncation(store: GraphStore) -> None:
    network = network_around(store, "person-a", hops=2, limit=5)
    assert not network.truncated and len(network.nodes) == 5


@pytest.mark.parametrize("hops", [0, 4, True, 1.5, "2"])
def test_hops_are_checked(store: GraphStore, hops: Any) -> None:
    with pytest.raises(InvalidInput, match="hops"):
        network_around(store, "person-a", hops=hops)


def test_unknown_entity_is_named(store: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="no entity has id 'nobody'"):
        network_around(store, "nobody")


def test_source_case_files(store: GraphStore) -> None:
    org = find_entity(store, "org-x")
    assert [c.properties["id"] for c in source_case_files(store, org)] == [CASE_A, CASE_B]
    assert all("CaseFile" in c.labels for c in source_case_files(store, org))


# -- view -----------------------------------------------------------------------------------

def test_hostile_name_is_escaped_in_tooltips(store: GraphStore) -> None:
    page = network_html(network_around(store, "person-h"), load_ontology())
    nodes = vis_data(page, "nodes")
    hostile = next(n for n in nodes if n["label"] == HOSTILE)  # canvas text, not HTML
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile["title"]
    for item in [*nodes, *vis_data(page, "edges")]:
        assert "<script" not in item["title"]
    assert HOSTILE not in page and "alert(1)</script>" not in page


def test_physics_off_and_positions_given(store: GraphStore) -> None:
    page = network_html(network_around(store, "person-a", hops=2), load_ontology())
    assert vis_options(page)["physics"]["enabled"] is False
    nodes = vis_data(page, "nodes")
    assert len(nodes) == 5
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == 5


def test_page_is_self_contained(store: GraphStore) -> None:
    page = network_html(network_around(store, "person-a"), load_ontology())
    assert "vis.Network" in page
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=\"https?:", page)


def test_belgian_and_dutch_nodes_look_different(store: GraphStore) -> None:
    page = network_html(network_around(store, "person-a", hops=3), load_ontology())
    by_label = {n["label"]: n for n in vis_data(page, "nodes")}
    belgian, dutch = by_label["Anna Peeters"], by_label["Noël de Vries"]
    assert (belgian["shape"], belgian["color"]["border"]) == (
        COUNTRY_STYLES["BE"].shape, COUNTRY_STYLES["BE"].border)
    assert (dutch["shape"], dutch["color"]["border"]) == (
        COUNTRY_STYLES["NL"].shape, COUNTRY_STYLES["NL"].border)
    assert by_label["Crew X"]["shape"] == COUNTRY_STYLES["NL"].shape  # base_country
    assert by_label["+31 6 0000 0001"]["shape"] == OTHER_COUNTRY.shape  # phones have none
    # fill colour is the ontology's colour of the label, whatever the country
    assert belgian["color"]["background"] == dutch["color"]["background"] == \
        load_ontology().nodes["Person"].colour


def test_site_without_country_takes_its_locations(store: GraphStore) -> None:
    network = network_around(store, "plantation-1")
    by_label = {n["label"]: n for n in vis_data(network_html(network, load_ontology()), "nodes")}
    assert by_label["plantation-1"]["shape"] == COUNTRY_STYLES["BE"].shape
    assert "BE (from its location)" in by_label["plantation-1"]["title"]


def test_focus_is_emphasised(store: GraphStore) -> None:
    network = network_around(store, "person-a")
    nodes = {n["label"]: n for n in vis_data(network_html(network, load_ontology()), "nodes")}
    assert nodes["Anna Peeters"]["size"] > nodes["Crew X"]["size"]


def test_tooltip_lists_properties_and_sources(store: GraphStore) -> None:
    page = network_html(network_around(store, "org-x"), load_ontology())
    org = next(n for n in vis_data(page, "nodes") if n["label"] == "Crew X")
    assert "base_country: NL" in org["title"]
    assert f"<i>sources</i>: {CASE_A}, {CASE_B}" in org["title"]
    member = next(e for e in vis_data(page, "edges") if e["label"] == "MEMBER_OF")
    assert "<i>grading</i>: B2" in member["title"]


def test_legend_names_countries_and_types() -> None:
    legend = legend_html(load_ontology(), ["Person", "Lab"])
    assert "Belgium" in legend and "Netherlands" in legend
    assert load_ontology().nodes["Lab"].colour in legend
    assert "Organisation" not in legend
