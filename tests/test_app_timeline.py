"""The Timeline page on the demo graph (data/demo): an entity's timeline, a case file's,
their chart, and the plain messages for unknown ids and an entity that is no case file.

Entity rows are those of the saved query ``entity-timeline`` (worked out for Jeroen Vos in
tests/test_queries_investigation.py); the dossiers each answer comes from are cited.
"""

from __future__ import annotations

import re

import pyarrow as pa

VOS = "person-jeroen-vos"
ROOSENDAAL = "nl-2022-zwb-callcentre-roosendaal"
CALLCENTRE_BE = "be-2021-ant-cocaine-callcentre"


def shown(markdown: str) -> str:
    """Text as the reader sees it: the page backslash-escapes markdown in names and ids."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table(app) -> list[tuple]:
    frame = app.dataframe[0].value
    return list(frame[["from", "until", "kind", "type", "event", "grading"]].itertuples(
        index=False, name=None))


def charted(app):
    """The rows the timeline chart draws (decoded from the Arrow data sent to the browser)."""
    (chart,) = app.get("vega_lite_chart")
    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_pandas()


def test_entity_timeline_of_jeroen_vos(explorer_page, run_query):
    app = explorer_page("timeline.py", entity=VOS)
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Timeline"]
    assert [shown(h.value) for h in app.subheader] == ["Jeroen Vos"]
    rows = table(app)
    # the saved query's 17 rows; his birth date (1974) is no event and stays off
    assert len(rows) == len(run_query("entity-timeline", id=VOS)) == 17
    assert shown(app.caption[0].value).startswith(f"Person · {VOS} · 17 events")
    # bought a kit in 2008 (nl-2008 police report of the bundle) and again up to the Lommel
    # file's opening on 2014-03-18: best grading A2
    assert rows[0] == ("2008-09-10", "2014-03-18", "link", "BOUGHT_EQUIPMENT_AT",
                       "Jeroen Vos -BOUGHT_EQUIPMENT_AT-> Growshop Het Groene Licht", "A2")
    # Bart Mutsaers met him on 2013-01-15 (nl-2018 Vught interview, C2): an incoming contact
    assert rows[3] == ("2013-01-15", "", "link", "CONTACT",
                       "Jeroen Vos <-CONTACT- Bart Mutsaers", "C2")
    # named last in the Vught interview of 2018-03-07
    assert rows[-1][:4] == ("2018-03-07", "", "named in case file", "MENTIONED_IN")
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    chart = charted(app)
    assert len(chart) == 17 and not any("undated" in c.value for c in app.caption)
    assert set(chart["kind"]) == {"link", "named in case file"}


def test_entity_timeline_has_its_own_dates(explorer_page):
    # be-2014-lim-plantation-lommel: the plantation was dismantled on 2014-03-14, four days
    # before the file was opened (2014-03-18), after lamps bought on 2013-09-12 (A2)
    app = explorer_page("timeline.py", entity="plantation-be-lommel-2014")
    assert not app.exception and not app.error
    rows = table(app)
    assert rows[:2] == [
        ("2013-09-12", "", "link", "BOUGHT_EQUIPMENT_AT",
         "plantation-be-lommel-2014 -BOUGHT_EQUIPMENT_AT-> Growshop Het Groene Licht", "A2"),
        ("2014-03-14", "", "date of an entity", "Plantation.dismantled_on",
         "plantation-be-lommel-2014 (Plantation)", "")]
    # run by the Kempen-crew and by Koen Claeys (A1), both in the Lommel file
    assert ("2014-03-18", "", "link", "OPERATES",
            "plantation-be-lommel-2014 <-OPERATES- Koen Claeys", "A1") in rows


def test_case_file_timeline(explorer_page):
    app = explorer_page("timeline.py", case=ROOSENDAAL)
    assert not app.exception and not app.error
    assert app.radio[0].value == "A case file"
    # nl-2022-zwb-callcentre-roosendaal.yaml: 11 entities besides the referenced BE file
    assert [shown(h.value) for h in app.subheader] == [
        "Bellijn De Snelle Levering - dispatch vanuit Roosendaal"]
    assert shown(app.caption[0].value).startswith(
        f"{ROOSENDAAL} · NL · prosecutor_file · OM Zeeland-West-Brabant · opened 2022-01-10 · "
        "names 11 entities · 17 events.")
    rows = table(app)
    # the Taskforce Brabant-Zeeland it names started "from 2012" (dated 2012-01-01)
    assert rows[0] == ("2012-01-01", "", "date of an entity", "Intervention.on",
                       "Taskforce Brabant-Zeeland (Intervention)", "")
    # the Dekker group supplied 6.5 kg to the dispatcher on 2021-09-30 (graded B3 here)
    assert ("2021-09-30", "", "link", "SUPPLIES", "Groep Dekker -SUPPLIES-> Dylan Schouten",
            "B3") in rows
    # the JIT both ways: asked by the Antwerp call-centre file on 2021-11-02
    # (be-2021-ant-cocaine-callcentre.yaml, B2), answered from this file when opened (A1)
    # (a case file the timeline holds reads by its title; the other end only by its id)
    requests = [r for r in rows if r[2] == "assistance request"]
    title = "Bellijn De Snelle Levering - dispatch vanuit Roosendaal"
    assert requests == [
        ("2021-11-02", "", "assistance request", "ASSISTANCE_REQUEST",
         f"{title} <-ASSISTANCE_REQUEST- {CALLCENTRE_BE}", "B2"),
        ("2022-01-10", "", "assistance request", "ASSISTANCE_REQUEST",
         f"{title} -ASSISTANCE_REQUEST-> {CALLCENTRE_BE}", "A1")]
    # the file's opening and the BE file's (2021-03-15) are on it too; no mentions are
    opened = [(r[0], r[4]) for r in rows if r[3] == "CaseFile.opened_on"]
    assert opened == [("2021-03-15", "Cocaïnebellijn 'De Snelle Levering' - koeriers in "
                                     "Antwerpen, Gent, Brussel en Hasselt (CaseFile)"),
                      ("2022-01-10", f"{title} (CaseFile)")]
    assert not [r for r in rows if r[3] == "MENTIONED_IN"]
    chart = charted(app)
    assert len(chart) == len(rows) == 17
    assert set(chart["kind"]) == {"date of an entity", "link", "assistance request"}


def test_switching_to_a_case_file_asks_for_one(explorer_page):
    app = explorer_page("timeline.py")
    assert not app.exception and not app.error
    assert app.info[0].value.startswith("Search for a person, group, site or company")
    app.radio[0].set_value("A case file").run()
    assert app.info[0].value.startswith("Search for a case file by id")
    app.text_input[0].input("roosendaal").run()
    app.selectbox[0].select(ROOSENDAAL).run()
    assert not app.exception and not app.error
    assert app.query_params["case"] == ROOSENDAAL
    assert len(table(app)) == 17


def test_unknown_ids_and_wrong_types_are_reported_not_raised(explorer_page):
    app = explorer_page("timeline.py", entity="person-nobody")
    assert not app.exception
    assert "entity: no entity has id 'person-nobody'" in shown(app.error[0].value)
    app = explorer_page("timeline.py", case="be-1999-nothing")
    assert not app.exception
    assert "case: no case file has id 'be-1999-nothing'" in shown(app.error[0].value)
    app = explorer_page("timeline.py", case=VOS)
    assert not app.exception
    assert f"'{VOS}' is a Person, not a case file" in shown(app.error[0].value)
