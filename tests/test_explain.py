"""explorer.viewmodels.dutch_link: a Dutch-link score's evidence as a network and its reasons as
signed contributions, on small graphs whose answer is worked out by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import networkx as nx
import pytest

from explorer.viewmodels.drawing import caption, node_countries
from explorer.viewmodels.dutch_link import (
    contributions,
    evidence_network,
    path_nodes,
    ranking,
    table_rows,
)
from graph.study.dutch_link import MODEL, DutchLinkScore, dutch_link_scores


def plantation_world() -> nx.MultiDiGraph:
    """A Belgian plantation that bought its lamps at a Dutch grow shop (A1: weight 0.9) and
    sells to a Dutch coffee shop twice (two case files, B2: 0.9 × 0.5625), and a Belgian
    plantation with no Dutch tie."""
    G = nx.MultiDiGraph()
    G.add_node("plant-be", type="Plantation", name="plant-be", country="BE")
    G.add_node("plant-be-alone", type="Plantation", name="plant-be-alone", country="BE")
    G.add_node("shop-nl", type="Growshop", name="Groene Lamp", country="NL")
    G.add_node("cafe-nl", type="Coffeeshop", name="De Uil", country="NL")
    G.add_edge("plant-be", "shop-nl", key="r1", type="BOUGHT_EQUIPMENT_AT", grading="A1",
               sources=("case-1",), weight=1.0)
    for key, case in (("r2", "case-1"), ("r3", "case-2")):
        G.add_edge("plant-be", "cafe-nl", key=key, type="SELLS_TO", grading="B2",
                   sources=(case,), weight=1.0)
    return G


def test_evidence_only_contributions_add_up_to_the_evidence_score():
    scores = {s.subject: s for s in dutch_link_scores(plantation_world()).scores}
    score = scores["plant-be"]
    sells = 0.9 * 0.5625
    assert score.probability is None
    assert score.evidence == pytest.approx(1 - (1 - 0.9) * (1 - sells))
    reasons = contributions(score)
    assert [(r.reason, r.effect) for r in reasons] == [
        ("growshop: shop-nl", "raises"), ("outlet: cafe-nl", "raises")]
    assert reasons[0].contribution == pytest.approx(-math.log(1 - 0.9))
    assert sum(r.contribution for r in reasons) == pytest.approx(-math.log(1 - score.evidence))
    assert contributions(scores["plant-be-alone"]) == []


def test_model_contributions_keep_their_sign_and_name_the_value():
    score = DutchLinkScore("plant-be", "Plantation", "plant-be", 0.4, MODEL, [],
                           {"type": "Plantation", "evidence_score": 0.4, "tie_equipment": "BE"},
                           0.7, {"type=Plantation": 0.5, "tie_equipment=NL": -0.8,
                                 "evidence_score": 0.2, "km_to_border": 0.0})
    assert score.measure == "probability" and score.score == 0.7
    assert [(r.reason, r.value, r.effect) for r in contributions(score)] == [
        ("tie_equipment=NL", "no", "lowers"), ("type=Plantation", "yes", "raises"),
        ("evidence_score", "0.400", "raises")]  # largest effect first, zero left out
    assert len(contributions(score, limit=1)) == 1


def test_evidence_network_draws_each_followed_link_once(ontology):
    G = plantation_world()
    scores = dutch_link_scores(G).scores
    nodes = path_nodes(scores, G)
    assert nodes["shop-nl"] == {"type": "Growshop", "name": "Groene Lamp", "country": "NL"}
    assert set(nodes) == {"plant-be", "shop-nl", "cafe-nl"}
    plant = next(s for s in scores if s.subject == "plant-be")
    network = evidence_network(plant.paths, nodes, ontology, focus="plant-be")
    assert network.focus == "plant-be" and set(network.nodes) == set(nodes)
    # the two SELLS_TO relationships come from different case files: both are evidence
    assert sorted((r.type, tuple(r.properties["sources"])) for r in network.relationships) == [
        ("BOUGHT_EQUIPMENT_AT", ("case-1",)), ("SELLS_TO", ("case-1",)),
        ("SELLS_TO", ("case-2",))]
    assert caption(network.nodes["shop-nl"], ontology) == "Groene Lamp"
    assert node_countries(network, ontology)["shop-nl"] == "NL"


def test_ranking_rows_keep_the_order_and_the_markets_served():
    rows = ranking(dutch_link_scores(plantation_world()).scores)
    assert [(r.subject, r.paths, r.markets) for r in rows] == [
        ("plant-be", 3, ("cannabis",)), ("plant-be-alone", 0, ("cannabis",))]
    assert rows[0].score == pytest.approx(1 - (1 - 0.9) * (1 - 0.9 * 0.5625))
    assert rows[0].measure == "evidence score"
    assert rows[0].serves([]) and rows[0].serves(["cannabis", "cocaine"])
    assert not rows[0].serves(["cocaine"])


def test_the_table_shows_names_place_year_and_size_and_the_score_by_its_name():
    G = plantation_world()
    G.nodes["plant-be"].update(plant_count=1200, dismantled_on="2016-03-01")
    G.add_node("lommel", type="Location", name="Lommel", country="BE", level="municipality")
    G.add_edge("plant-be", "lommel", key="r4", type="LOCATED_IN", grading="A1",
               sources=("case-1",), weight=1.0)
    [first, _] = table_rows(ranking(dutch_link_scores(G).scores))
    assert list(first) == ["rank", "name", "type", "place", "year", "plants",
                           "evidence score", "paths", "label", "subject"]
    assert (first["name"], first["place"], first["year"], first["plants"]) == (
        "Plantation in Lommel", "Lommel", 2016, 1200)
    fitted = replace(ranking(dutch_link_scores(G).scores)[0], score=0.8, measure="probability",
                     label=True)
    [row] = table_rows([fitted])
    assert list(row)[6:8] == ["probability", "evidence score"] and row["label"] == "Dutch link"
