"""Identifiers normalised at load (graph.model.identifiers.normal_form, loaders.validate):
phones in E.164, plates in capitals and digits, registration numbers checked and with their
country, the text as written kept beside the normal form."""

from __future__ import annotations

import pytest
from dossiers import plantation_case, write

from graph.errors import OntologyError
from graph.model.identifiers import phone_e164, registration_number
from graph.model.ontology import parse_ontology
from loaders.load import load_paths


@pytest.mark.parametrize("written", ["0470 12 34 56", "+32 470 12 34 56", "0032 470 12 34 56",
                                     "+32 (0)470 12.34.56", "0470/12.34.56"])
def test_a_belgian_mobile_in_every_notation_has_one_e164_form(written: str) -> None:
    assert phone_e164(written, "BE") == "+32470123456"
    # written without a code, it is read where it is valid whatever the case file's country
    assert phone_e164(written, "NL") == "+32470123456"


def test_a_national_number_is_read_in_the_case_files_country_when_valid_in_neither() -> None:
    assert phone_e164("06 0000 5120", "NL") == "+31600005120"
    assert phone_e164("06 0000 5120", None) is None  # nowhere to read it
    assert phone_e164("06 12345678", "BE") == "+31612345678"  # valid in NL only
    assert phone_e164("burner handset", "BE") is None
    assert phone_e164("12", "BE") is None


def test_registration_numbers_are_checked_and_carry_their_country() -> None:
    assert registration_number("0403.170.701", "BE") == "BE0403170701"
    assert registration_number("BE 0403 170 701", "BE") == "BE0403170701"
    assert registration_number("1234 5678", "NL") == "NL12345678"
    with pytest.raises(ValueError, match="KBO/BCE number"):
        registration_number("0403.170.702", "BE")  # a check digit off
    with pytest.raises(ValueError, match="KvK number of 8 digits"):
        registration_number("123", "NL")


def test_the_loader_keeps_the_text_and_adds_the_normal_form(store, ontology, tmp_path):
    dossier = plantation_case()
    dossier["entities"] += [
        {"type": "Phone", "id": "ph-1", "properties": {"number": "0470 12 34 56"}},
        {"type": "Vehicle", "id": "v-1", "properties": {"plate": "1-tvx-905", "country": "BE"}},
        {"type": "Company", "id": "co-1", "properties": {
            "name": "Transport NV", "kind": "transport", "country": "BE",
            "registration": "0403.170.701"}},
        {"type": "Company", "id": "co-2", "properties": {
            "name": "Vervoer BV", "kind": "transport", "country": "NL",
            "registration": "1234-5678"}},
    ]
    path = write(tmp_path, "case.yaml", dossier)
    assert load_paths(store, [path], ontology).exit_code == 0
    rows = store.read("MATCH (n) WHERE n.id IN ['ph-1', 'v-1', 'co-1', 'co-2'] "
                      "RETURN n.id, coalesce(n.number, n.plate, n.registration), "
                      "coalesce(n.number_normal, n.plate_normal, n.registration_normal) "
                      "ORDER BY n.id").rows
    assert [tuple(r) for r in rows] == [("co-1", "0403.170.701", "BE0403170701"),
                                        ("co-2", "1234-5678", "NL12345678"),
                                        ("ph-1", "0470 12 34 56", "+32470123456"),
                                        ("v-1", "1-tvx-905", "1TVX905")]


def test_a_wrong_registration_number_is_an_error_with_file_line_and_field(ontology, tmp_path):
    dossier = plantation_case()
    dossier["entities"].append({"type": "Company", "id": "co-1", "properties": {
        "name": "Transport NV", "kind": "transport", "country": "BE",
        "registration": "0403.170.702"}})
    path = write(tmp_path, "case.yaml", dossier)
    report = load_paths(None, [path], ontology, dry_run=True)
    assert report.exit_code == 2
    (problem,) = report.files[0].problems
    assert problem.startswith(f"{path}:")
    assert "entities[3].properties.registration: expected a KBO/BCE number" in problem


def test_the_normal_form_cannot_be_declared_by_hand():
    text = """
nodes:
  Phone:
    description: x
    colour: "#112233"
    glyph: dot
    properties:
      number: {type: phone}
      number_normal: {type: string}
relationships: {}
"""
    with pytest.raises(OntologyError, match=r"number_normal.*added by the loader"):
        parse_ontology(text)
