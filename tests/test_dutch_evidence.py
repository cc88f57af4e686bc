"""The evidence score's failures of issue 20 as small hand-made graphs: hubs (a port joining a
Belgian case file to many Dutch ones, a country node, a province node, a Dutch file naming
hundreds), grading (X4 never above B2 of the same kind), a plantation without its own country,
and distinct scores."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.study.dutch_evidence import (
    DEFAULT_HUB_DEGREE,
    DEFAULT_MIN_WEIGHT,
    HOP_DECAY,
    HUB_CAP,
    evidence_paths,
    evidence_score,
)
from graph.study.dutch_link import dutch_link_scores
from graph.study.dutch_subjects import NO_PLACE, SEVERAL_COUNTRIES

A1, B2, X4 = 1.0, 0.5625, 0.0625  # 4x4 reliabilities: source × information


class Case:
    """A hand-made graph in the export's shape: nodes, links with gradings, and the case
    files that name (MENTIONED_IN) and state (``sources``) them."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    def node(self, node_id: str, type_: str, **attrs) -> str:
        self.g.add_node(node_id, type=type_, name=attrs.pop("name", node_id), **attrs)
        return node_id

    def link(self, a: str, rel: str, b: str, grading: str, case: str) -> None:
        self.g.add_edge(a, b, key=f"{a}>{rel}>{b}", type=rel, grading=grading, weight=1.0,
                        sources=(case,))

    def file(self, case: str, country: str, *named: str, grading: str = "A1") -> str:
        self.node(case, "CaseFile", country=country, kind="police_report")
        for entity in named:
            self.link(entity, "MENTIONED_IN", case, grading, case)
        return case

    def scores(self) -> dict:
        return {s.subject: s for s in dutch_link_scores(self.g).scores}


def direct_x4_case(case: Case) -> str:
    """The weakest direct evidence there is: a Belgian file stating an X4 phone contact of a
    Belgian with a Dutchman."""
    case.node("p-be", "Person", country="BE")
    case.node("q-nl", "Person", country="NL")
    case.link("p-be", "CONTACT", "q-nl", "X4", "be-x4")
    return case.file("be-x4", "BE", "p-be", "q-nl")


def test_a_port_joining_one_belgian_file_to_many_dutch_files_is_one_weak_piece():
    case = Case()
    case.node("port", "Port", country="BE", name="Haven van Antwerpen")
    case.node("plant", "Plantation", country="BE", plant_count=500)
    case.file("be-port", "BE", "plant", "port")
    for i in range(120):  # 120 Dutch seizure files name the port: a hub
        case.file(f"nl-{i}", "NL", "port")
    direct = direct_x4_case(case)
    scores = case.scores()
    hub_only = scores["be-port"]
    assert len(hub_only.paths) == 120 and all(p.hubs == ("port",) for p in hub_only.paths)
    # discounted by the port's degree, and all 120 together one piece, capped
    strongest = 0.7 * A1 * HOP_DECAY * DEFAULT_HUB_DEGREE / 121
    assert max(p.weight for p in hub_only.paths) == pytest.approx(strongest)
    assert hub_only.evidence == pytest.approx(HUB_CAP * strongest)
    assert hub_only.evidence < DEFAULT_MIN_WEIGHT
    # below the weakest direct evidence: an X4 contact stated in a Belgian file
    assert scores[direct].evidence == pytest.approx(0.5 * X4)
    assert hub_only.evidence < scores[direct].evidence
    assert scores["plant"].evidence == 0  # the plantation itself has no tie to the port


@pytest.mark.parametrize("level, name", [("country", "Nederland"), ("province", "Limburg")])
def test_a_country_or_province_node_is_no_dutch_evidence(level, name):
    case = Case()
    case.node("coarse", "Location", country="NL", level=level, name=name)
    case.node("plant", "Plantation", country="BE", plant_count=800)
    case.node("grower", "Person", country="BE")
    case.link("grower", "OPERATES", "plant", "A1", "be-coarse")
    case.link("grower", "DELIVERS_IN", "coarse", "A1", "be-coarse")  # "sells in NL"
    case.link("plant", "LOCATED_IN", "coarse", "A1", "be-coarse")
    case.file("be-coarse", "BE", "plant", "grower", "coarse")
    direct = direct_x4_case(case)
    scores = case.scores()
    for subject in ("be-coarse", "plant"):
        assert scores[subject].paths == [] and scores[subject].evidence == 0
    assert scores[direct].evidence > 0
    # a municipality is a Dutch place, and counts (at half weight)
    case.node("venlo", "Location", country="NL", level="municipality", name="Venlo")
    case.link("grower", "DELIVERS_IN", "venlo", "A1", "be-coarse")
    assert case.scores()["be-coarse"].evidence == pytest.approx(0.5 * 0.5)


def test_a_dutch_file_naming_hundreds_is_a_hub():
    case = Case()
    case.node("plant", "Plantation", country="BE", plant_count=300)
    case.node("grower", "Person", country="BE")
    case.link("grower", "OPERATES", "plant", "B2", "be-plant")
    case.file("be-plant", "BE", "plant", "grower")
    named = [case.node(f"n-{i}", "Person", country="NL") for i in range(200)]
    case.file("nl-big", "NL", "grower", *named, grading="B2")
    case.node("small-plant", "Plantation", country="BE", plant_count=300)
    case.node("small-grower", "Person", country="BE")
    case.link("small-grower", "OPERATES", "small-plant", "B2", "be-small")
    case.file("nl-small", "NL", "small-grower", grading="B2")  # a Dutch file naming one
    scores = case.scores()
    # named with 200 others: discounted by the file's degree below the weakest path kept
    assert scores["plant"].paths == [] and scores["plant"].evidence == 0
    [big] = evidence_paths(case.g, ["plant"], min_weight=HUB_CAP * 1.1)["plant"]
    assert big.target == "nl-big" and big.hubs == ("nl-big",)
    assert big.weight == pytest.approx(0.9 * B2 * HOP_DECAY * 0.7 * B2
                                       * DEFAULT_HUB_DEGREE / 201)
    [small] = scores["small-plant"].paths
    assert small.hubs == () and small.weight == pytest.approx(0.9 * B2 * HOP_DECAY * 0.7 * B2)
    assert scores["small-plant"].evidence > scores["plant"].evidence


def test_an_x4_contact_never_outranks_a_b2_operator():
    case = Case()
    x4 = direct_x4_case(case)  # the file also names the Dutchman (graded A1, as a whole)
    case.node("plant", "Plantation", country="BE", plant_count=400)
    case.node("r-nl", "Person", country="NL")
    case.link("r-nl", "OPERATES", "plant", "B2", "be-b2")
    b2 = case.file("be-b2", "BE", "plant", "r-nl", grading="B2")
    case.node("plant-x4", "Plantation", country="BE", plant_count=400)
    case.node("s-nl", "Person", country="NL")
    case.link("s-nl", "OPERATES", "plant-x4", "X4", "be-op-x4")
    same_kind_x4 = case.file("be-op-x4", "BE", "plant-x4", "s-nl")
    scores = case.scores()
    assert scores[b2].evidence == pytest.approx(0.9 * B2)
    assert scores[x4].evidence == pytest.approx(0.5 * X4)  # not the A1 of the mention
    assert scores[same_kind_x4].evidence == pytest.approx(0.9 * X4)
    assert scores[b2].evidence > scores[same_kind_x4].evidence > scores[x4].evidence
    # adding more X4 ties of the same kind does not lift it past the B2 operator
    for i in range(10):
        case.node(f"t-{i}", "Person", country="NL")
        case.link(f"t-{i}", "OPERATES", "plant-x4", "X4", "be-op-x4")
        case.link(f"t-{i}", "MENTIONED_IN", "be-op-x4", "A1", "be-op-x4")
    assert case.scores()[same_kind_x4].evidence == pytest.approx(0.9 * X4)


def test_a_plantation_without_country_takes_it_from_its_town():
    case = Case()
    case.node("be", "Location", country="BE", level="country")
    case.node("limburg", "Location", level="province", name="Limburg")
    case.node("lommel", "Location", level="municipality", name="Lommel", km_to_border=3)
    case.g.add_edge("limburg", "be", key="p1", type="PART_OF")
    case.g.add_edge("lommel", "limburg", key="p2", type="PART_OF")
    case.node("plant", "Plantation", plant_count=2000)  # no country of its own
    case.node("shop", "Growshop", country="NL")
    case.link("plant", "LOCATED_IN", "lommel", "A1", "c")
    case.link("plant", "BOUGHT_EQUIPMENT_AT", "shop", "B2", "c")
    case.node("nowhere", "Plantation", plant_count=50)  # no country, no place: skipped
    ranking = dutch_link_scores(case.g)
    scored = {s.subject: s for s in ranking.scores}
    assert scored["plant"].evidence == pytest.approx(0.9 * B2)
    assert scored["plant"].place == "Lommel" and scored["plant"].plants == 2000
    assert "nowhere" not in scored
    assert ranking.census.scored == 1 and ranking.census.country_from_place == 1
    assert ranking.census.skipped == {NO_PLACE: 1}
    assert "1 skipped (no country and no place)" in ranking.census.text()


def test_a_shipment_without_country_takes_its_ports_unless_they_disagree():
    case = Case()
    case.node("antwerp", "Port", country="BE")
    case.node("rotterdam", "Port", country="NL")
    case.node("org-nl", "Organisation", country="NL")
    for shipment, ports in (("via-antwerp", ["antwerp"]), ("both", ["antwerp", "rotterdam"])):
        case.node(shipment, "Shipment", drug="cocaine")
        case.link(shipment, "DESTINED_FOR", "org-nl", "B2", "c")
        for port in ports:
            case.link(shipment, "VIA", port, "A1", "c")
    ranking = dutch_link_scores(case.g)
    [scored] = ranking.scores
    assert scored.subject == "via-antwerp" and scored.evidence == pytest.approx(0.9 * B2)
    assert ranking.census.skipped == {SEVERAL_COUNTRIES: 1}  # not guessed


def test_different_evidence_gives_different_scores_and_equal_evidence_ties_by_size():
    case = Case()
    gradings = ("A1", "B2", "C3", "X4")
    for i, graded in enumerate(gradings):
        case.node(f"plant-{i}", "Plantation", country="BE", plant_count=100)
        case.node(f"shop-{i}", "Growshop", country="NL")
        case.link(f"plant-{i}", "BOUGHT_EQUIPMENT_AT", f"shop-{i}", graded, "c")
    case.node("cafe", "Coffeeshop", country="NL")
    case.link("plant-1", "SELLS_TO", "cafe", "C3", "c")  # a second kind adds to B2's
    for size in (300, 3000):
        case.node(f"twin-{size}", "Plantation", country="BE", plant_count=size)
        case.link(f"twin-{size}", "BOUGHT_EQUIPMENT_AT", "shop-1", "B2", "c")
    ranking = dutch_link_scores(case.g).scores
    order = [s.subject for s in ranking]
    assert order[:2] == ["plant-0", "plant-1"]
    assert order.index("twin-3000") == order.index("twin-300") - 1  # same score, larger first
    plant = {s.subject: s.evidence for s in ranking if s.subject.startswith("plant")}
    assert len(set(plant.values())) == 4
    assert plant["plant-1"] == pytest.approx(1 - (1 - 0.9 * B2) * (1 - 0.9 * 0.25))
    assert sorted(plant, key=plant.get, reverse=True) == [f"plant-{i}" for i in range(4)]


def test_min_weight_must_leave_room_below_it_for_hub_evidence():
    with pytest.raises(ValueError, match="HUB_CAP"):
        evidence_paths(nx.MultiDiGraph(), min_weight=HUB_CAP)
    assert evidence_score([]) == 0.0
