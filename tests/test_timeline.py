"""Unit tests of explorer.viewmodels.timeline: dates (full, partial, missing), entity and
case-file events, the chart's rows and the table's."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.viewmodels.timeline import (
    Event,
    case_file_events,
    chart_rows,
    check_case_file,
    entity_events,
    own_date_events,
    parse_date,
    sorted_events,
    table_rows,
)
from graph.errors import InvalidInput
from graph.store import GraphNode, GraphRelationship, QueryResult

CASE = GraphNode("c", ("CaseFile",), {"id": "be-1", "opened_on": "2016-06-13",
                                       "sources": ["be-1"]})
OTHER_CASE = GraphNode("o", ("CaseFile",), {"id": "nl-1", "opened_on": "2016-02-09",
                                             "sources": ["be-1", "nl-1"]})
PERSON = GraphNode("p", ("Person",), {"id": "person-x", "name": "Ex Ample",
                                      "birth_date": "1974-06-02"})
PLANT = GraphNode("t", ("Plantation",), {"id": "plantation-x", "plant_count": 10,
                                         "dismantled_on": "2014-03-14"})
ORG = GraphNode("g", ("Organisation",), {"id": "org-x", "name": "Crew", "base_country": "BE"})


def timeline_row(relationship, direction, other, first, last=None, grading="B2",
                 case_files=("be-1",)):
    return {"first_seen": first, "last_seen": last or first, "relationship": relationship,
            "direction": direction, "other": other, "other_type": "X",
            "other_name": other.upper(), "grading": grading, "case_files": list(case_files)}


@pytest.mark.parametrize(("text", "day"), [
    ("2016-04-12", dt.date(2016, 4, 12)), ("2016-04", dt.date(2016, 4, 1)),
    ("2016", dt.date(2016, 1, 1)), ("2016-04-12T10:30:00", dt.date(2016, 4, 12)),
    (dt.date(2016, 4, 12), dt.date(2016, 4, 12)),
    (dt.datetime(2016, 4, 12, 9), dt.date(2016, 4, 12)),
    (None, None), ("", None), ("unknown", None), ("2016-13-01", None), ("16-04-12", None)])
def test_parse_date_takes_full_and_partial_dates_and_refuses_the_rest(text, day):
    assert parse_date(text) == day


def test_own_dates_leave_the_birth_date_out(ontology):
    assert own_date_events(PERSON, ontology, ["be-1"]) == []
    assert own_date_events(ORG, ontology, ["be-1"]) == []
    assert own_date_events(PLANT, ontology, ["be-1"]) == [
        Event("2014-03-14", None, "date of an entity", "Plantation.dismantled_on",
              "plantation-x (Plantation)", None, ("be-1",))]
    # a case file's date comes from the files in its own sources
    assert own_date_events(OTHER_CASE, ontology)[0].case_files == ("be-1", "nl-1")


def test_entity_events_merge_own_dates_and_rows_in_date_order(ontology):
    rows = [timeline_row("OPERATES", "incoming", "org-x", "2014-03-18", "2017-05-22"),
            timeline_row("MENTIONED_IN", "outgoing", "be-1", "2014-03-18"),
            timeline_row("BOUGHT_EQUIPMENT_AT", "outgoing", "growshop-x", "2013-09-12", None,
                         "A2", ("be-1", "nl-1"))]
    events = entity_events(PLANT, rows, ontology)
    assert [(e.start, e.end, e.kind, e.type, e.description, e.grading) for e in events] == [
        ("2013-09-12", "2013-09-12", "link", "BOUGHT_EQUIPMENT_AT",
         "plantation-x -BOUGHT_EQUIPMENT_AT-> GROWSHOP-X", "A2"),
        ("2014-03-14", None, "date of an entity", "Plantation.dismantled_on",
         "plantation-x (Plantation)", None),
        ("2014-03-18", "2014-03-18", "named in case file", "MENTIONED_IN",
         "plantation-x -MENTIONED_IN-> BE-1", "B2"),
        ("2014-03-18", "2017-05-22", "link", "OPERATES", "plantation-x <-OPERATES- ORG-X", "B2"),
    ]
    assert events[0].case_files == ("be-1", "nl-1")
    # the entity's own date: from the case files naming it (its MENTIONED_IN rows)
    assert events[1].case_files == ("be-1",)


def test_case_file_events_take_its_links_dated_entities_and_both_kinds_of_request(ontology):
    operates = GraphRelationship("r1", "OPERATES", "g", "t", {
        "first_seen": "2014-03-18", "last_seen": "2017-05-22", "grading": "A1",
        "sources": ["nl-1", "be-1"]})
    member = GraphRelationship("r2", "MEMBER_OF", "p", "g", {
        "first_seen": "2016-06-13", "last_seen": "2016-06-13", "grading": "B2",
        "sources": ["be-1"]})
    request = GraphRelationship("r3", "ASSISTANCE_REQUEST", "c", "o", {
        "first_seen": "2016-06-13", "grading": "B2", "sources": ["be-1"]})
    provenance = QueryResult(["entity", "relationships", "gradings"], [
        (CASE, [request], ["B2"]), (ORG, [operates], ["C3"]), (PERSON, [member], ["B2"]),
        (PLANT, [], []), (OTHER_CASE, [], [])])
    case_rows = [
        timeline_row("MENTIONED_IN", "incoming", "person-x", "2016-06-13"),
        timeline_row("ASSISTANCE_REQUEST", "outgoing", "nl-1", "2016-06-13"),
        timeline_row("ASSISTANCE_REQUEST", "incoming", "nl-2", "2017-01-05", grading="A1",
                     case_files=("nl-2",))]
    events = case_file_events(provenance, case_rows, ontology)
    assert [(e.start, e.kind, e.type, e.description, e.grading) for e in events] == [
        ("2014-03-14", "date of an entity", "Plantation.dismantled_on",
         "plantation-x (Plantation)", None),
        # the file's own grading (C3), not the link's best over every file (A1)
        ("2014-03-18", "link", "OPERATES", "Crew -OPERATES-> plantation-x", "C3"),
        ("2016-02-09", "date of an entity", "CaseFile.opened_on", "nl-1 (CaseFile)", None),
        # on one day, a single date (the opening) before spans that start then
        ("2016-06-13", "date of an entity", "CaseFile.opened_on", "be-1 (CaseFile)", None),
        ("2016-06-13", "assistance request", "ASSISTANCE_REQUEST",
         "be-1 -ASSISTANCE_REQUEST-> nl-1", "B2"),
        ("2016-06-13", "link", "MEMBER_OF", "Ex Ample -MEMBER_OF-> Crew", "B2"),
        ("2017-01-05", "assistance request", "ASSISTANCE_REQUEST",
         "be-1 <-ASSISTANCE_REQUEST- nl-2", "A1"),
    ]
    assert events[1].end == "2017-05-22" and events[1].case_files == ("nl-1", "be-1")
    # an entity's own date, in this file's timeline: from this file
    assert events[0].case_files == ("be-1",)
    # a case file it refers to: from the files in that one's sources
    assert events[2].case_files == ("be-1", "nl-1")


def test_case_file_events_of_nothing_are_empty(ontology):
    assert case_file_events(QueryResult(["entity", "relationships", "gradings"], []), [],
                            ontology) == []


UNDATED = Event(None, None, "link", "CONTACT", "a -CONTACT-> b")
PARTIAL = Event("2016", "2016-04", "link", "SUPPLIES", "a -SUPPLIES-> b", "B2", ("x", "y"))
FULL = Event("2016-03-02", "2016-03-02", "link", "USES", "a -USES-> phone")
BACKWARDS = Event("2017-05-01", "2017-01-01", "link", "RENTS", "a -RENTS-> van")


def test_sorted_events_put_partial_dates_first_in_their_period_and_undated_last():
    assert sorted_events([UNDATED, FULL, BACKWARDS, PARTIAL]) == \
        [PARTIAL, FULL, BACKWARDS, UNDATED]


def test_chart_rows_place_dated_events_and_count_the_rest():
    rows, undated = chart_rows([PARTIAL, FULL, BACKWARDS, UNDATED])
    assert undated == 1
    assert [(r["start"], r["end"], r["type"]) for r in rows] == [
        (dt.date(2016, 1, 1), dt.date(2016, 4, 1), "SUPPLIES"),
        (dt.date(2016, 3, 2), dt.date(2016, 3, 2), "USES"),
        (dt.date(2017, 5, 1), dt.date(2017, 5, 1), "RENTS")]  # an end before the start
    assert rows[0]["case files"] == "x, y" and rows[0]["grading"] == "B2"
    assert chart_rows([UNDATED]) == ([], 1)


def test_table_rows_keep_dates_as_given():
    assert table_rows([PARTIAL, FULL, UNDATED]) == [
        {"from": "2016", "until": "2016-04", "kind": "link", "type": "SUPPLIES",
         "event": "a -SUPPLIES-> b", "grading": "B2", "case files": "x, y"},
        {"from": "2016-03-02", "until": "", "kind": "link", "type": "USES",
         "event": "a -USES-> phone", "grading": "", "case files": ""},
        {"from": "undated", "until": "", "kind": "link", "type": "CONTACT",
         "event": "a -CONTACT-> b", "grading": "", "case files": ""}]


def test_check_case_file_names_the_problem(ontology):
    assert check_case_file(CASE, "be-1", ontology) is CASE
    with pytest.raises(InvalidInput, match="case: no case file has id 'nobody'"):
        check_case_file(None, "nobody", ontology)
    with pytest.raises(InvalidInput, match="'person-x' is a Person, not a case file"):
        check_case_file(PERSON, "person-x", ontology)
