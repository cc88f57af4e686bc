"""The explorer's Search page with Streamlit's AppTest on the demo graph (data/demo)."""

from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest


def plain(markdown: str) -> str:
    """Text as shown: the app backslash-escapes markdown in case-file text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table(app: AppTest) -> pd.DataFrame:
    assert not app.exception and not app.error
    return app.dataframe[0].value


def test_blank_search_explains_what_to_type(explorer_page) -> None:
    app = explorer_page("search.py")
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Search"]
    assert "Type a name, an id, a phone number" in app.info[0].value
    assert not app.dataframe


def test_name_typed_without_its_diacritics(explorer_page) -> None:
    # be-2021-ant-cocaine-callcentre.yaml: courier "Maïté Goossens" (BE), typed plainly and
    # with a letter missing from the surname
    app = explorer_page("search.py", q="Maite Goosens")
    rows = table(app)
    first = rows.iloc[0]
    assert (first["id"], first["name"], first["type"], first["country"]) == (
        "person-maite-goossens", "Maïté Goossens", "Person", "BE")
    assert first["why it matched"] == "name “Maïté Goossens” (accents ignored, spelling)"
    assert first["network"] == "network?entity=person-maite-goossens"
    assert first["timeline"] == "timeline?entity=person-maite-goossens"
    # be-2013-ant-cannabis-retail-couriers.yaml: "Anaïs Dubois"
    app.text_input[0].input("anais").run()
    assert list(table(app)["id"]) == ["person-anais-dubois"]
    assert app.query_params["q"] == "anais"


def test_initials_find_the_person(explorer_page) -> None:
    # be-2014-lim-plantation-lommel.yaml (and others): "Jeroen Vos", the only J. Vos of the demo
    app = explorer_page("search.py", q="J. Vos")
    rows = table(app)
    assert list(rows["id"]) == ["person-jeroen-vos"]
    assert rows.iloc[0]["why it matched"] == "name “Jeroen Vos” (initials)"
    network, timeline = app.get("page_link")
    assert (network.proto.page, network.proto.query_string) == ("network",
                                                                "entity=person-jeroen-vos")
    assert (timeline.proto.page, timeline.proto.query_string) == ("timeline",
                                                                  "entity=person-jeroen-vos")


def test_phone_number_typed_differently_from_the_dossier(explorer_page) -> None:
    # be-2021-ant-cocaine-callcentre.yaml: the work phone "+31 6 0000 5120" of the call centre
    app = explorer_page("search.py", q="0031 6-0000 5120")
    rows = table(app)
    assert list(rows["id"]) == ["phone-nl-0600005120"]
    assert (rows.iloc[0]["why it matched"], rows.iloc[0]["country"]) == (
        "phone number +31 6 0000 5120", "NL")
    assert "1 match" in app.caption[0].value


def test_plate_without_dashes(explorer_page) -> None:
    # be-2021-ant-cocaine-callcentre.yaml: the car "1-TVX-905" rented in cash
    app = explorer_page("search.py", q="1 tvx 905")
    assert table(app).iloc[0][["id", "why it matched"]].tolist() == [
        "vehicle-be-1-tvx-905", "plate 1-TVX-905"]


def test_exact_id_first_and_a_case_file_opens_its_own_timeline(explorer_page) -> None:
    app = explorer_page("search.py", q="be-2021-ant-cocaine-callcentre")
    first = table(app).iloc[0]
    assert (first["id"], first["type"], first["why it matched"]) == (
        "be-2021-ant-cocaine-callcentre", "CaseFile", "id")
    assert first["timeline"] == "timeline?case=be-2021-ant-cocaine-callcentre"


def test_no_match_says_so_plainly(explorer_page) -> None:
    app = explorer_page("search.py", q="Zzyzx Qwerty")
    assert not app.exception and not app.error
    assert not app.dataframe
    assert plain(app.info[0].value).startswith("Nothing matches “Zzyzx Qwerty”.")


def test_type_filter_from_the_url_and_the_widget(explorer_page) -> None:
    # "Antwerpen": the municipality and the province (be-2016-ant-container-extraction.yaml),
    # the port, stashes and warehouses with an Antwerp address, case-file titles
    app = explorer_page("search.py", q="antwerpen")
    everything = table(app)
    assert everything.iloc[0]["id"] == "loc-be-antwerpen"
    assert everything.iloc[0]["why it matched"] == "place “Antwerpen”"
    assert {"port-be-antwerpen", "premises-be-antwerpen-stash-kiel"} <= set(everything["id"])
    app.multiselect[0].set_value(["Location", "Port"]).run()
    assert list(table(app)["id"]) == ["loc-be-antwerpen", "port-be-antwerpen",
                                      "loc-be-prov-antwerpen"]
    assert app.query_params["type"] == ["Location", "Port"]
    app = explorer_page("search.py", q="antwerpen", type="Premises")
    assert list(table(app)["id"]) == ["premises-be-antwerpen-loods-haven",
                                      "premises-be-antwerpen-stash-kiel"]
    app.multiselect[0].set_value(["Person"]).run()
    assert "Nothing matches “antwerpen” among Person" in plain(app.info[0].value)


def test_unknown_type_in_the_link_is_named_and_ignored(explorer_page) -> None:
    app = explorer_page("search.py", q="J Vos", type="Spaceship")
    assert not app.exception and not app.error
    assert "Unknown type(s) in the link: Spaceship" in plain(app.warning[0].value)
    assert app.multiselect[0].value == []
    assert list(app.dataframe[0].value["id"]) == ["person-jeroen-vos"]
