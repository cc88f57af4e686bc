"""The entity search (explorer.viewmodels.search): folding, initials, particles, typos, phone
numbers and plates on small indexes whose answers are known, then the index read from a real
store."""

from __future__ import annotations

import pytest

from explorer.viewmodels.search import IndexRow, build_index, index_query, read_index, search
from graph.errors import UnknownLabel
from graph.model.identifiers import (
    fold,
    joined_tokens,
    phone_country,
    phone_key,
    plate_key,
    tokens,
    typo_distance,
)
from graph.model.ontology import Ontology
from graph.store import GraphStore

ROWS = [
    IndexRow("person-noel", "Person", "Noël de Vries", "NL", (("name", "Noël de Vries"),)),
    IndexRow("person-desire", "Person", "Désiré Janssens", "BE", (("name", "Désiré Janssens"),)),
    IndexRow("person-jeroen", "Person", "Jeroen Vos", "NL", (("name", "Jeroen Vos"),)),
    IndexRow("person-johan", "Person", "Johan Vos", "BE", (("name", "Johan Vos"),)),
    IndexRow("person-vossen", "Person", "Kim Vossen", "BE", (("name", "Kim Vossen"),)),
    IndexRow("person-romy", "Person", "Romy de Wit", "NL", (("name", "Romy de Wit"),)),
    IndexRow("person-maite", "Person", "Maïté Vermeulen", "BE", (("name", "Maïté Vermeulen"),)),
    IndexRow("phone-1", "Phone", "+31 6 0000 5120", "NL", phone="+31 6 0000 5120"),
    IndexRow("phone-2", "Phone", "+32 470 00 51 20", "BE", phone="+32 470 00 51 20"),
    IndexRow("ab-123-c", "Vehicle", "XY-999-Z", "NL", plate="XY-999-Z"),
    IndexRow("vehicle-2", "Vehicle", "AB-123-C", "NL", plate="AB-123-C"),
    IndexRow("case-1", "CaseFile", "case-1", "BE",
             (("title", "Huurauto AB-123-C in beslag"), ("id", "case-1"))),
    IndexRow("loc-antwerpen", "Location", "Antwerpen", "BE", (("name", "Antwerpen"),)),
    IndexRow("premises-kiel", "Premises", "premises-kiel", "BE",
             (("address", "Kielsevest 40, Antwerpen"), ("id", "premises-kiel"))),
]
INDEX = build_index(ROWS)


def ids(text: str, **kwargs) -> list[str]:
    return [m.id for m in search(INDEX, text, **kwargs).matches]


# -- normalising ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "folded"), [
    ("Noël", "noel"), ("Désiré", "desire"), ("MAÏTÉ", "maite"),
    ("Jérôme Lefèvre", "jerome lefevre"), ("Straße", "strasse"),
    ("Søren Ærø", "soren aero"), ("plain ascii", "plain ascii")])
def test_fold_drops_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tokens_split_on_punctuation_and_keep_joined_spellings() -> None:
    assert tokens("J. van der Berg-Smit") == ("j", "van", "der", "berg", "smit")
    assert joined_tokens("Pieter-Jan van der Berg") == ("pieterjan", "vanderberg", "derberg")
    assert joined_tokens("Jeroen Vos") == ()


@pytest.mark.parametrize("typed", ["+31 6 0000 5120", "0031 6 0000 5120", "0031-6-00005120",
                                   "06 0000 5120", "0600005120", "600005120", "+31 (0)6 0000 5120"])
def test_phone_numbers_match_on_digits_whatever_the_prefix(typed: str) -> None:
    assert phone_key(typed)[1] == "600005120"


def test_phone_key_keeps_the_calling_code_and_refuses_short_numbers() -> None:
    assert phone_key("+32 470 00 08 33") == ("32", "470000833")
    assert phone_key("0470 00 08 33") == (None, "470000833")
    assert phone_key("5120") is None



def test_phone_key_reads_every_calling_code_and_ignores_notes() -> None:
    # libphonenumber knows every code, not only the 21 of the former hand-kept table
    assert phone_key("+1 (212) 555-0100") == phone_key("001 212 555 0100") == ("1", "2125550100")
    assert phone_key("+39 06 1234 5678") == ("39", "612345678")
    # a note beside the number is not read as letters on a keypad
    assert phone_key("+31 6 0000 5120 (werk)") == ("31", "600005120")
    # an unknown code stays in the digits, as if there were none
    assert phone_key("+999 123456") == (None, "999123456")


@pytest.mark.parametrize(("number", "country"), [
    ("+31 6 0000 5120", "NL"), ("0032 470 00 08 33", "BE"), ("+1 416 555 0100", "CA"),
    ("+1 212 555 0100", "US"), ("+599 7 123 4567", "BQ"), ("+599 9 123 4567", "CW"),
    ("+7 701 123 4567", "KZ"),
    # without a code: the one home country where the number is valid, else none
    ("0470 12 34 56", "BE"), ("06 1234 5678", "NL"), ("06 0000 5120", None),
    ("+800 1234 5678", None), ("+999 123456", None), ("n/a", None)])
def test_phone_country_from_the_code_and_the_digits(number: str, country: str | None) -> None:
    assert phone_country(number) == country

def test_plates_ignore_spaces_dashes_and_case() -> None:
    assert plate_key("1 tvx-905") == plate_key("1-TVX-905") == "1TVX905"


@pytest.mark.parametrize(("a", "b", "limit", "distance"), [
    ("vermeulen", "vermeulen", 2, 0), ("vermeulne", "vermeulen", 2, 1),  # two letters swapped
    ("goosens", "goossens", 1, 1), ("jansen", "janssens", 2, 2), ("abc", "xyz", 1, 2)])
def test_typo_distance_counts_edits_up_to_the_limit(a: str, b: str, limit: int,
                                                    distance: int) -> None:
    assert typo_distance(a, b, limit) == distance


# -- searching ------------------------------------------------------------------------------

def test_names_match_without_diacritics_and_say_so() -> None:
    assert ids("Noel") == ["person-noel"]
    assert ids("Desire") == ["person-desire"]
    found = search(INDEX, "desire janssens")
    assert found.matches[0].why == "name “Désiré Janssens” (accents ignored)"
    assert ids("NOËL DE VRIES") == ["person-noel"]


@pytest.mark.parametrize("typed", ["J. Vos", "J Vos", "j.vos", "Vos, J."])
def test_initials_find_every_matching_first_name(typed: str) -> None:
    # equal scores: ordered by name
    assert ids(typed) == ["person-jeroen", "person-johan"]
    assert "initials" in search(INDEX, typed).matches[0].why


def test_a_whole_word_ranks_above_a_word_start() -> None:
    assert ids("vos") == ["person-jeroen", "person-johan", "person-vossen"]
    assert ids("Jeroen Vos")[0] == "person-jeroen"


def test_particles_may_be_typed_or_left_out() -> None:
    assert ids("de vries") == ["person-noel"]
    assert ids("Vries") == ["person-noel"]
    assert ids("Noel Vries") == ["person-noel"]
    assert ids("devries") == ["person-noel"]  # written as one word
    assert ids("de wit") == ["person-romy"]  # "de" alone does not pull in Noël de Vries


def test_small_typos_only_on_longer_words() -> None:
    assert ids("Maite Vermeulne") == ["person-maite"]
    assert "spelling" in search(INDEX, "Vermeulne").matches[0].why
    assert ids("Janssen") == ["person-desire"]
    assert ids("Vod") == []  # three letters: no typo allowed


def test_phone_numbers_typed_differently_are_found() -> None:
    found = search(INDEX, "0031 6 0000 5120")
    assert [m.id for m in found.matches] == ["phone-1"]
    assert found.matches[0].why == "phone number +31 6 0000 5120"
    assert ids("06-00005120") == ["phone-1"]
    # the same national digits in another country are not the same number
    assert ids("+32 6 0000 5120") == []



def test_numbers_outside_the_former_table_are_found_with_their_code() -> None:
    index = build_index([*ROWS, IndexRow("phone-us", "Phone", "+1 212 555 0100", "US",
                                         phone="+1 212 555 0100")])
    for typed in ("001 212 555 0100", "+1 (212) 555-0100", "212 555 0100"):
        assert [m.id for m in search(index, typed).matches] == ["phone-us"]
    assert [m.id for m in search(index, "+1 212").matches] == ["phone-us"]
    # the same digits after another code are another number
    assert search(index, "+31 212 555 0100").matches == ()

def test_partial_numbers_match_digits_anywhere_or_after_a_prefix() -> None:
    assert ids("5120") == ["phone-1", "phone-2"]
    assert ids("+32 470") == ["phone-2"]
    assert ids("0470 00") == ["phone-2"]


def test_exact_id_ranks_above_exact_plate_above_text() -> None:
    found = search(INDEX, "ab-123-c")
    assert [(m.id, m.why) for m in found.matches] == [
        ("ab-123-c", "id"), ("vehicle-2", "plate AB-123-C"),
        ("case-1", "title “Huurauto AB-123-C in beslag”")]
    assert [m.score for m in found.matches][:2] == [1000.0, 900.0]
    assert ids("AB 123 C")[0] == "vehicle-2"


def test_addresses_and_places_with_the_type_filter() -> None:
    assert ids("antwerpen") == ["loc-antwerpen", "premises-kiel"]
    assert search(INDEX, "antwerpen").matches[0].why == "place “Antwerpen”"
    assert ids("antwerpen", labels={"Premises"}) == ["premises-kiel"]
    assert ids("kielsevest") == ["premises-kiel"]
    assert ids("vos", labels={"Location"}) == []


def test_partial_ids_and_captionless_entities_by_the_words_of_their_id() -> None:
    assert ids("person-jo") == ["person-johan"]
    assert ids("premises kiel") == ["premises-kiel"]


def test_blank_or_unmatched_text_finds_nothing_and_limit_counts_the_rest() -> None:
    assert search(INDEX, "   ").matches == () and search(INDEX, "   ").total == 0
    assert ids("zzyzx") == []
    found = search(INDEX, "person", limit=2)
    assert len(found.matches) == 2 and found.total == 7


# -- the index from a store -------------------------------------------------------------------

def test_index_query_splices_only_declared_labels_and_properties(ontology: Ontology) -> None:
    # its caption (address), country, searchable texts and what tells namesakes apart (kind)
    assert index_query(ontology, "Premises") == (
        "MATCH (n:`Premises`) RETURN n.id AS id, n.`address` AS `address`, "
        "n.`country` AS `country`, n.`kind` AS `kind`")
    assert "n.`number` AS `number`" in index_query(ontology, "Phone")
    with pytest.raises(UnknownLabel):
        index_query(ontology, "Person`) DETACH DELETE n //")


def test_index_of_the_demo_graph_finds_its_entities(demo_store: GraphStore,
                                                    ontology: Ontology) -> None:
    index = read_index(demo_store, ontology)
    nodes = demo_store.read("MATCH (n) RETURN count(n)").scalar()
    assert len(index.rows) == nodes and not index.truncated
    # be-2021-ant-cocaine-callcentre.yaml: Maïté Goossens, phone "+31 6 0000 5120",
    # car 1-TVX-905, a stash at "Kielsevest 40 bus 3, Antwerpen"
    first = {q: search(index, q).matches[0] for q in
             ("maite goosens", "0600005120", "1tvx905", "kielsevest")}
    assert {q: m.id for q, m in first.items()} == {
        "maite goosens": "person-maite-goossens", "0600005120": "phone-nl-0600005120",
        "1tvx905": "vehicle-be-1-tvx-905", "kielsevest": "premises-be-antwerpen-stash-kiel"}
    assert (first["maite goosens"].caption, first["maite goosens"].country) == (
        "Maïté Goossens", "BE")
    # a phone has no country property: its calling code places it
    assert first["0600005120"].country == "NL"
