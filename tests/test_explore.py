"""The explorer's queries (explorer.viewmodels.network) and picture
(explorer.viewmodels.drawing) on a small known graph.

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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from explorer.viewmodels.drawing import legend_html, network_html
from explorer.viewmodels.network import (
    Network,
    NetworkFilter,
    case_gradings,
    entity_ids,
    expand_network,
    find_entities,
    find_entity,
    network_around,
    source_case_files,
)
from explorer.viewmodels.search import read_index, search
from explorer.viewmodels.visual import COUNTRY_STYLES
from graph.errors import InvalidInput
from graph.model.ontology import load_ontology
from graph.store import GraphStore, open_store
from graph.store.cypher import explorer_queries
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
HUB_CASE = "be-2021-hub-001"
#: members of the hub organisation; the first WEAK of them are only weakly graded (C3)
HUB_MEMBERS, WEAK = 105, 10


def hub_dossier(members: int = HUB_MEMBERS, weak: int = WEAK) -> str:
    """One case file naming an organisation with ``members`` members (person-001 …): with
    its case file the organisation has ``members + 1`` neighbours, more than the cap."""
    people = "\n".join(
        f"  - {{type: Person, id: person-{i:03d}, properties: {{name: Member {i:03d}, "
        f"residence_country: BE}}}}" for i in range(1, members + 1))
    links = "\n".join(
        f"  - {{type: MEMBER_OF, source: person-{i:03d}, target: org-hub"
        + (", grading: C3}" if i <= weak else "}") for i in range(1, members + 1))
    return f"""
case: {{id: {HUB_CASE}, country: BE, kind: prosecutor_file, opened_on: 2021-05-01,
        agency: Parket Antwerpen, title: Hub case, grading: B2}}
entities:
  - {{type: Organisation, id: org-hub, properties: {{name: Hub Crew, base_country: BE}}}}
{people}
links:
{links}
"""


def load_hub(folder: Path) -> GraphStore:
    """The hub dossier loaded into a fresh embedded store under ``folder``."""
    cases = folder / "cases"
    cases.mkdir(parents=True)
    (cases / "hub.yaml").write_text(hub_dossier(), encoding="utf-8")
    store = open_store(f"falkordb-lite:{folder / 'graph.db'}")
    report = load_paths(store, [cases], load_ontology())
    assert not report.failed, report.as_dict()
    return store


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
    """The explorer's one search (``explorer.viewmodels.search``) on this fixture graph."""
    found = search(read_index(store, load_ontology()), text)
    assert sorted(m.id for m in found.matches) == expected


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_search_finds_nothing(store: GraphStore, text: str) -> None:
    assert search(read_index(store, load_ontology()), text).matches == ()


def test_search_respects_limit(store: GraphStore) -> None:
    found = search(read_index(store, load_ontology()), "person-", limit=2)
    assert len(found.matches) == 2 and found.total == 3


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


def test_ids_in_the_page_are_opaque(store: GraphStore) -> None:
    """Store and case-file ids never reach the page's script: pyvis does not escape them."""
    network = network_around(store, "person-a", hops=2)
    page = network_html(network, load_ontology())
    nodes, edges = vis_data(page, "nodes"), vis_data(page, "edges")
    assert sorted(n["id"] for n in nodes) == sorted(f"n{i}" for i in range(len(nodes)))
    assert sorted(e["id"] for e in edges) == sorted(f"e{i}" for i in range(len(edges)))
    assert {e["from"] for e in edges} | {e["to"] for e in edges} <= {n["id"] for n in nodes}
    assert len(edges) == len(network.relationships)


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
    # the country is the border's colour and width
    assert (belgian["color"]["border"], belgian["borderWidth"]) == (
        COUNTRY_STYLES["BE"].border, COUNTRY_STYLES["BE"].border_width)
    assert (dutch["color"]["border"], dutch["borderWidth"]) == (
        COUNTRY_STYLES["NL"].border, COUNTRY_STYLES["NL"].border_width)
    assert by_label["Crew X"]["color"]["border"] == COUNTRY_STYLES["NL"].border  # base_country
    phone = by_label["+31 6 0000 0001"]  # a phone: the country of its number
    assert phone["color"]["border"] == COUNTRY_STYLES["NL"].border
    # fill colour and shape are the ontology's colour and glyph of the label, whatever the
    # country
    ontology = load_ontology()
    assert belgian["color"]["background"] == dutch["color"]["background"] == \
        ontology.nodes["Person"].colour
    assert belgian["shape"] == dutch["shape"] == ontology.nodes["Person"].glyph
    assert by_label["Crew X"]["shape"] == ontology.nodes["Organisation"].glyph
    assert phone["shape"] == ontology.nodes["Phone"].glyph


def test_site_without_country_takes_its_locations(store: GraphStore) -> None:
    network = network_around(store, "plantation-1")
    by_label = {n["label"]: n for n in vis_data(network_html(network, load_ontology()), "nodes")}
    assert by_label["plantation-1"]["color"]["border"] == COUNTRY_STYLES["BE"].border
    assert "BE (from its location)" in by_label["plantation-1"]["title"]


def test_focus_is_emphasised(store: GraphStore) -> None:
    network = network_around(store, "person-a")
    nodes = {n["label"]: n for n in vis_data(network_html(network, load_ontology()), "nodes")}
    assert nodes["Anna Peeters"]["size"] > nodes["Crew X"]["size"]


def test_tooltip_lists_properties_and_provenance(store: GraphStore) -> None:
    page = network_html(network_around(store, "org-x"), load_ontology())
    org = next(n for n in vis_data(page, "nodes") if n["label"] == "Crew X")
    assert "base_country: NL" in org["title"]
    # an entity's case files are its MENTIONED_IN edges, drawn beside it
    assert org["title"].endswith("<i>first_seen</i>: 2020-01-10<br><i>last_seen</i>: 2020-02-20")
    member = next(e for e in vis_data(page, "edges") if e["label"] == "MEMBER_OF")
    assert "<i>grading</i>: B2" in member["title"]
    assert any(f"<i>sources</i>: {case}<br>" in member["title"] for case in (CASE_A, CASE_B))


def test_legend_names_countries_and_types() -> None:
    legend = legend_html(load_ontology(), ["Person", "Lab"])
    assert "BE Belgium" in legend and "NL Netherlands" in legend
    assert "Lab" in legend and "Organisation" not in legend


def test_legend_template_escapes_type_names() -> None:
    legend = legend_html(load_ontology(), [HOSTILE])
    assert HOSTILE not in legend and "&lt;script&gt;alert(1)&lt;/script&gt;" in legend


# -- several entities, filters, expansion, caps ---------------------------------------------

def test_lookups_find_every_label_by_id(store: GraphStore) -> None:
    found = find_entities(store, ["plantation-1", "nobody", "person-a", CASE_B, "person-a"])
    assert [n.properties["id"] for n in found] == ["plantation-1", "person-a", CASE_B]
    assert [n.labels for n in found] == [("Plantation",), ("Person",), ("CaseFile",)]


def test_lookups_seek_by_label_not_by_scanning() -> None:
    # an unlabelled MATCH (n {id: …}) scans every node on FalkorDB
    for name, text in explorer_queries(load_ontology()).items():
        assert "(n {id" not in text and "(a {id" not in text, name
        assert "(n_0:`Person` {id: n_id})" in text or name != "entities"


def test_entity_ids_from_the_url() -> None:
    assert entity_ids(["person-a,org-x", " person-a", ""]) == ["person-a", "org-x"]
    assert entity_ids("person-a, org-x,") == ["person-a", "org-x"]


def test_two_entities_give_the_union_of_their_neighbourhoods(store: GraphStore) -> None:
    network = network_around(store, ["person-a", "person-h"])
    assert ids(network) == {"person-a", "org-x", CASE_A, "person-h", "plantation-1", CASE_C}
    assert [network.nodes[e].properties["id"] for e in network.seeds] == ["person-a",
                                                                         "person-h"]
    assert network.nodes[network.focus].properties["id"] == "person-a"
    assert network.more == {}


def test_an_unknown_entity_among_several_is_named(store: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="no entity has id 'nobody'"):
        network_around(store, ["person-a", "nobody"])
    with pytest.raises(InvalidInput, match="no entity given"):
        network_around(store, [" ", ""])


@pytest.mark.parametrize(("entity", "filters", "expected"), [
    # node types: the case files go, the members stay
    ("org-x", NetworkFilter(types=("Person",)), {"org-x", "person-a", "person-b"}),
    # countries: case A and Anna Peeters are Belgian, case B and Noël de Vries Dutch
    ("org-x", NetworkFilter(countries=("NL",)), {"org-x", "person-b", CASE_B}),
    ("org-x", NetworkFilter(countries=("BE",)), {"org-x", "person-a", CASE_A}),
    # plantation-1 has no country of its own: it is Belgian by its location (Lommel)
    ("person-h", NetworkFilter(countries=("BE",)), {"person-h", "plantation-1", CASE_C}),
    ("person-h", NetworkFilter(countries=("other",)), {"person-h"}),
    # the phone has no country at all: "other"
    ("person-b", NetworkFilter(countries=("other",)), {"person-b", "phone-1"}),
    # markets: Crew X serves cannabis; case files and persons serve no market in particular
    ("person-a", NetworkFilter(markets=("cocaine",)), {"person-a", CASE_A}),
    ("person-a", NetworkFilter(markets=("cannabis",)), {"person-a", CASE_A, "org-x"}),
    # a plantation always serves cannabis
    ("person-h", NetworkFilter(markets=("synthetic",)), {"person-h", CASE_C}),
    # time window: Anna Peeters was seen on 2020-01-10 only, Noël de Vries from 2020-02-20
    ("org-x", NetworkFilter(since="2020-02-01"), {"org-x", "person-b", CASE_B}),
    ("org-x", NetworkFilter(until="2020-01-31"), {"org-x", "person-a", CASE_A}),
    # grading: everything case C asserts is graded C3
    ("person-h", NetworkFilter(min_grading="B2"), {"person-h"}),
    ("person-h", NetworkFilter(min_grading="C3"), {"person-h", "plantation-1", CASE_C}),
])
def test_filters_narrow_the_neighbourhood(store: GraphStore, entity: str,
                                          filters: NetworkFilter, expected: set[str]) -> None:
    network = network_around(store, entity, filters=filters)
    assert ids(network) == expected
    assert all(r.start in network.nodes and r.end in network.nodes
               for r in network.relationships)


def test_grading_filter_drops_weaker_links_between_kept_nodes(store: GraphStore) -> None:
    # MEMBER_OF links are B2 (cases A and B); the mentions of case A are B2 too
    network = network_around(store, "org-x", hops=2, filters=NetworkFilter(min_grading="A1"))
    assert ids(network) == {"org-x"} and network.relationships == ()


@pytest.mark.parametrize(("filters", "field"), [
    (NetworkFilter(types=("Nope",)), "types"),
    (NetworkFilter(markets=("heroin",)), "markets"),
    (NetworkFilter(countries=("DE",)), "countries"),
    (NetworkFilter(since="2020-13"), "since"),
    (NetworkFilter(since="2021-01-01", until="2020-01-01"), "until"),
    (NetworkFilter(min_grading="B5"), "min_grading"),
])
def test_bad_filters_are_named(store: GraphStore, filters: NetworkFilter, field: str) -> None:
    with pytest.raises(InvalidInput, match=field):
        network_around(store, "person-a", filters=filters)


def test_expand_adds_the_neighbours_of_a_node_at_the_edge(store: GraphStore) -> None:
    network = network_around(store, "person-a", expand=["org-x"])
    assert ids(network) == {"person-a", "org-x", CASE_A, "person-b", CASE_B}
    assert {network.nodes[e].properties["id"] for e in network.expanded} == {"person-a",
                                                                            "org-x"}


def test_expansions_chain_in_any_order_and_unknown_ones_do_nothing(store: GraphStore) -> None:
    # person-b is in view only once org-x is expanded; "nobody" is never in view
    network = network_around(store, "person-a", expand=["person-b", "nobody", "org-x"])
    assert ids(network) == {"person-a", "org-x", CASE_A, "person-b", CASE_B, "phone-1"}


def test_source_case_files_and_gradings_of_a_relationship(store: GraphStore) -> None:
    network = network_around(store, "person-b")
    member = next(r for r in network.relationships if r.type == "MEMBER_OF")
    assert [c.properties["id"] for c in source_case_files(store, member)] == [CASE_B]
    assert case_gradings(member) == {CASE_B: "B2"}
    assert case_gradings(network.nodes[network.focus]) == {}


def test_seeds_are_all_emphasised(store: GraphStore) -> None:
    page = network_html(network_around(store, ["person-a", "person-h"]), load_ontology())
    sizes = {n["label"]: n["size"] for n in vis_data(page, "nodes")}
    assert sizes["Anna Peeters"] == sizes[HOSTILE] > sizes["Crew X"]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    store = load_hub(tmp_path_factory.mktemp("hub"))
    yield store
    store.close()


def test_a_hub_shows_at_most_the_cap_and_counts_the_rest(hub: GraphStore) -> None:
    # org-hub's neighbours: its case file and 105 members; the first 100 by id are shown
    network = network_around(hub, "org-hub")
    assert len(network.nodes) == 101
    assert ids(network) == {"org-hub", HUB_CASE, *(f"person-{i:03d}" for i in range(1, 100))}
    assert network.more == {network.focus: 6}
    assert not network.truncated


def test_expanding_a_hub_is_capped_too_keeping_what_is_in_view(hub: GraphStore) -> None:
    network = network_around(hub, "person-105", expand=["org-hub"])
    org = next(e for e, n in network.nodes.items() if n.properties["id"] == "org-hub")
    # person-105 and the case file were in view already: they come first, then by id
    assert ids(network) == {"org-hub", HUB_CASE, "person-105",
                            *(f"person-{i:03d}" for i in range(1, 99))}
    assert network.more == {org: 6}


def test_the_cap_keeps_the_most_recently_seen_neighbours(tmp_path: Path) -> None:
    """A port's or a crew's latest links, not its first hundred by id: member i joined on
    day i, so the 99 latest members and the case file (seen on its opening day) are shown."""
    text = hub_dossier().replace("target: org-hub", "target: org-hub, date: DAY")
    for i in range(1, HUB_MEMBERS + 1):
        day = (date(2015, 1, 1) + timedelta(days=i)).isoformat()
        text = text.replace("DAY", day, 1)
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "hub.yaml").write_text(text, encoding="utf-8")
    store = open_store(f"falkordb-lite:{tmp_path / 'graph.db'}")
    try:
        assert not load_paths(store, [tmp_path / "cases"], load_ontology()).failed
        network = network_around(store, "org-hub")
        assert ids(network) == {"org-hub", HUB_CASE,
                                *(f"person-{i:03d}" for i in range(7, HUB_MEMBERS + 1))}
        assert network.more == {network.focus: 6}
    finally:
        store.close()


def test_filters_apply_before_the_cap(hub: GraphStore) -> None:
    # the 10 C3 members go first, so the 95 others and the case file all fit under the cap
    network = network_around(hub, "org-hub", filters=NetworkFilter(min_grading="B2"))
    assert ids(network) == {"org-hub", HUB_CASE, *(f"person-{i:03d}" for i in range(11, 106))}
    assert network.more == {}


def test_the_node_limit_truncates(hub: GraphStore) -> None:
    network = network_around(hub, "org-hub", limit=20)
    assert len(network.nodes) == 20 and network.truncated
    assert network.more[network.focus] == 106 - 19


def test_the_drawing_has_a_more_stub_for_a_capped_node(hub: GraphStore) -> None:
    network = network_around(hub, "org-hub")
    page = network_html(network, load_ontology())
    nodes = vis_data(page, "nodes")
    stub = next(n for n in nodes if n["label"] == "+6 more")
    edge = next(e for e in vis_data(page, "edges") if e["to"] == stub["id"])
    hub_node = next(n for n in nodes if n["id"] == edge["from"])
    assert hub_node["label"] == "Hub Crew" and edge["dashes"] is True


@pytest.mark.parametrize("seeds, hops, expand, context", [
    (["person-jeroen-vos"], 1, ["growshop-nl-het-groene-licht"], False),
    (["person-jeroen-vos"], 2, ["org-kempen-crew", "plantation-be-lommel-2014"], False),
    (["person-jeroen-vos", "person-hans-dekker"], 1, ["org-dekker-group"], True),
    (["person-jeroen-vos"], 1, ["not-in-view"], False),
])
def test_expanding_from_the_fetched_view_gives_the_answer_of_a_fresh_walk(
        demo_store: GraphStore, ontology, seeds, hops, expand, context) -> None:
    filters = NetworkFilter(links=() if context else ontology.operational_relationships)
    base = network_around(demo_store, seeds, hops, filters=filters, ontology=ontology)
    fresh = network_around(demo_store, seeds, hops, expand=expand, filters=filters,
                           ontology=ontology)
    grown = expand_network(demo_store, base, expand, filters=filters, ontology=ontology)
    assert grown.nodes == fresh.nodes and grown.seeds == fresh.seeds
    assert sorted(r.element_id for r in grown.relationships) == \
        sorted(r.element_id for r in fresh.relationships)
    assert (grown.more, grown.expanded, grown.truncated) == \
        (fresh.more, fresh.expanded, fresh.truncated)


def test_expanding_a_capped_hub_from_the_fetched_view(hub: GraphStore) -> None:
    base = network_around(hub, "person-105")
    grown = expand_network(hub, base, ["org-hub"])
    fresh = network_around(hub, "person-105", expand=["org-hub"])
    assert ids(grown) == ids(fresh) and grown.more.values() and \
        sorted(grown.more.values()) == sorted(fresh.more.values())
