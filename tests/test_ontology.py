"""The ontology: complete per DESIGN.md, checked in two passes, and its docs kept fresh."""

from __future__ import annotations

import pytest
from conftest import REPO

from graph.errors import OntologyError, UnknownLabel
from graph.model.ontology import parse_ontology
from graph.store import cypher
from graph.store.docs import ontology_markdown

DESIGN_NODES = {"Person", "Organisation", "Company", "Growshop", "Coffeeshop", "CallCentre",
                "Plantation", "Lab", "DumpSite", "Premises", "Port", "Shipment", "Chemical",
                "Vehicle", "Phone", "Location", "CaseFile", "Intervention"}
DESIGN_RELATIONSHIPS = {"MEMBER_OF", "CONTACT", "OPERATES", "BOUGHT_EQUIPMENT_AT", "SELLS_TO",
                        "SUPPLIES", "USES_CHEMICAL", "PRODUCES_FOR", "DUMPS_AT", "IMPORTS",
                        "EXTRACTS", "VIA", "DESTINED_FOR", "EMPLOYS", "DELIVERS_IN", "RENTS",
                        "USES", "LOCATED_IN", "PART_OF", "MENTIONED_IN", "ASSISTANCE_REQUEST",
                        "APPLIES_TO"}


def test_every_design_type_is_declared(ontology):
    assert set(ontology.nodes) >= DESIGN_NODES
    assert set(ontology.relationships) >= DESIGN_RELATIONSHIPS


def test_the_study_endpoints_are_allowed(ontology):
    assert ontology.relationship("BOUGHT_EQUIPMENT_AT").allows("Plantation", "Growshop")
    assert ontology.relationship("SELLS_TO").allows("Plantation", "Coffeeshop")
    assert not ontology.relationship("MEMBER_OF").allows("Organisation", "Person")


def test_second_pass_names_yaml_path_and_line():
    text = """nodes:
  Person:
    colour: "#e15759"
    properties:
      name: {type: string}
relationships:
  KNOWS:
    from: [Person]
    to: [Persn]
"""
    with pytest.raises(OntologyError) as error:
        parse_ontology(text, "onto.yaml")
    message = str(error.value)
    assert "onto.yaml:9: relationships.KNOWS.to[0]: unknown node label 'Persn'" in message


def test_first_pass_reports_every_bad_field_at_once():
    text = """nodes:
  person:
    colour: red
  Site:
    colour: "#000000"
    properties:
      size: {type: bigint}
      sources: {type: string}
relationships: {}
"""
    with pytest.raises(OntologyError) as error:
        parse_ontology(text, "onto.yaml")
    problems = [str(p) for p in error.value.problems]
    assert any("onto.yaml:2: nodes.person: node labels are singular CamelCase" in p
               for p in problems)
    assert any("nodes.Site.properties.size.type: unknown property type 'bigint'" in p
               for p in problems)
    assert any("'sources' is added by the loader" in p for p in problems)


def test_only_a_number_of_a_link_adds_up():
    text = """nodes:
  Site:
    colour: "#000000"
    glyph: dot
    properties:
      visits: {type: integer, adds_up: true}
      variants: {type: string}
relationships:
  CALLS:
    from: [Site]
    to: [Site]
    properties:
      note: {type: string, adds_up: true}
      minutes: {type: float, adds_up: true}
      claims: {type: string}
"""
    with pytest.raises(OntologyError) as error:
        parse_ontology(text, "onto.yaml")
    problems = [str(p) for p in error.value.problems]
    assert any("nodes.Site.properties.visits.adds_up: only a link's property can add up" in p
               for p in problems)
    assert any("relationships.CALLS.properties.note.adds_up: only a number can add up" in p
               for p in problems)
    assert any("'variants' is added by the loader" in p for p in problems)
    assert any("'claims' is added by the loader" in p for p in problems)
    assert not any("minutes" in p for p in problems)


def test_labels_outside_the_ontology_never_reach_cypher(ontology):
    assert cypher.label(ontology, "Person") == "`Person`"
    for hostile in ("Person`) DETACH DELETE (n", "person", "Unknown"):
        with pytest.raises(UnknownLabel):
            cypher.label(ontology, hostile)
    with pytest.raises(UnknownLabel):
        cypher.rel_type(ontology, "KNOWS]->() DELETE r //")


def test_generated_docs_are_fresh(ontology):
    current = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert current == ontology_markdown(ontology), "docs/ontology.md is stale: run `dismark docs`"
    for name in [*ontology.nodes, *ontology.relationships]:
        assert f"### {name}\n" in current
