"""Domain facts live in the ontology (markets, actors, operational links), and the saved
queries that write them out in Cypher list exactly what the ontology declares."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from graph.analysis.filters import MARKETS
from graph.analysis.to_networkx import DEFAULT_RELATIONSHIPS, NOT_ACTORS
from graph.errors import OntologyError
from graph.model.ontology import parse_ontology
from graph.model.values import coerce

QUERIES = sorted((REPO / "queries").glob("*.cypher"))
#: a relationship-type alternation in a pattern: ``[:A|B|C`` or ``[r:A|B|C`` (may wrap lines)
_ALTERNATION = re.compile(r"\[\w*:((?:\s*[A-Z_]+\s*\|)+\s*[A-Z_]+)")
_MARKET_LABELS = re.compile(r"market = '(\w+)' AND \(((?:named:\w+(?: OR )?)+)\)")
_DRUG_LIST = re.compile(r"drug IN \[([^\]]*)\]\s*THEN '(\w+)'")


def _cypher(path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("//"))


def test_the_ontology_declares_markets_actors_and_ties(ontology):
    assert MARKETS == ("cannabis", "synthetic", "cocaine") == tuple(ontology.markets)
    assert set(NOT_ACTORS) == {"Location", "CaseFile", "Intervention", "EnforcementEffort"}
    assert ontology.operational_relationships == DEFAULT_RELATIONSHIPS
    assert not {"MENTIONED_IN", "LOCATED_IN", "PART_OF", "ASSISTANCE_REQUEST",
                "APPLIES_TO", "DELIVERS_IN"} & set(DEFAULT_RELATIONSHIPS)
    assert ontology.markets_of("Plantation", {}) == {"cannabis"}
    assert ontology.markets_of("Shipment", {"drug": "mdma"}) == {"synthetic"}
    assert ontology.markets_of("Organisation", {"markets": ["cocaine"], "drug": None}) \
        == {"cocaine"}
    assert ontology.markets_of("Person", {}) == set()


def test_a_market_the_ontology_does_not_declare_is_refused():
    text = """markets:
  cannabis: {drugs: [cannabis]}
nodes:
  Plantation:
    colour: "#59a14f"
    market: heroin
    actor: maybe
relationships: {}
"""
    with pytest.raises(OntologyError) as caught:
        parse_ontology(text, "bad.yaml")
    message = str(caught.value)
    assert "bad.yaml:6: nodes.Plantation.market: unknown market 'heroin'" in message
    assert "bad.yaml:7: nodes.Plantation.actor: expected true or false" in message


def test_a_tie_that_cannot_join_two_actors_is_refused():
    """Two couriers delivering in one town are not tied: a path must not pass through it."""
    text = """markets: {cannabis: {drugs: [cannabis]}}
nodes:
  Person: {colour: "#e15759"}
  Location: {colour: "#bab0ac", actor: false}
relationships:
  DELIVERS_IN: {operational: true, from: [Person], to: [Location]}
  CONTACT: {operational: true, from: [Person], to: [Person]}
"""
    with pytest.raises(OntologyError) as caught:
        parse_ontology(text, "ties.yaml")
    message = str(caught.value)
    assert "ties.yaml:6: relationships.DELIVERS_IN.operational: a tie must be able to join " \
           "two actors" in message
    assert "CONTACT" not in message


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_a_query_that_follows_ties_follows_exactly_the_operational_ones(path, ontology):
    """A long list of relationship types in a saved query is either the ontology's ties
    between actors or every link but the loader's MENTIONED_IN (a case file's provenance)."""
    operational = set(ontology.operational_relationships)
    every_link = {r.name for r in ontology.relationships.values()
                  if not r.derived} - {"MENTIONED_IN"}
    for found in _ALTERNATION.findall(_cypher(path)):
        types = {t.strip() for t in found.split("|")}
        if len(types) >= 8:
            assert types in (operational, every_link), (
                f"{path.name}: {sorted(types ^ operational)} differ from the ontology's "
                "operational relationships")


def test_the_queries_that_copy_ties_are_the_ones_we_think(ontology):
    """The check above looked at the lists it was written for."""
    operational = set(ontology.operational_relationships)
    copying = {path.stem for path in QUERIES
               for found in _ALTERNATION.findall(_cypher(path))
               if {t.strip() for t in found.split("|")} == operational}
    assert copying >= {"network-around", "shortest-path", "connecting-network"}


def test_market_labels_and_drugs_in_cypher_are_the_ontologys(ontology):
    text = _cypher(REPO / "queries" / "activity-around-intervention.cypher")
    by_market = {m: {label.removeprefix("named:") for label in labels.split(" OR ")}
                 for m, labels in _MARKET_LABELS.findall(text)}
    assert by_market, "the market-per-label condition was not found"
    for market, labels in by_market.items():
        assert labels == {n.label for n in ontology.nodes.values() if n.market == market}
    shipment_drugs = set(ontology.nodes["Shipment"].properties["drug"].values)
    lists = _DRUG_LIST.findall(text)
    assert lists, "the drug-to-market condition was not found"
    for drugs, market in lists:
        named = {d.strip().strip("'") for d in drugs.split(",")}
        assert named == set(ontology.markets[market]) & shipment_drugs


@pytest.mark.parametrize("code", ["BE", "NL", "GB", "CO"])
def test_a_country_is_an_iso_3166_code_that_exists(code):
    assert coerce("country", (), code) == code


@pytest.mark.parametrize("code", ["ZZ", "UK", "EU"])
def test_two_capitals_that_name_no_country_are_refused(code):
    with pytest.raises(ValueError, match=f"'{code}', which ISO 3166-1 does not assign"):
        coerce("country", (), code)
