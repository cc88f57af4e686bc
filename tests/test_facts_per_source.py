"""Facts stated by several case files: counts add up per observation, a repeat counts once,
other disagreements are settled by grading and date (never by load order) and reported,
and replacing a case file changes only what it said (issue 24, item 1)."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner
from dossiers import HEADER, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from graph.analysis import metrics
from graph.analysis.to_networkx import Selection, collapse, export_network
from graph.model.claims import Claim, resolve
from graph.store import facts, open_store
from loaders.load import load_paths

PEOPLE = [f"p-{i:02d}" for i in range(12)]


def person(pid: str, **props) -> dict:
    return {"type": "Person", "id": pid, "properties": {"name": f"Person {pid}", **props}}


def phase(number: int, contacts: dict[tuple[str, str], int]) -> dict:
    """One warrant phase of a wiretap: its own case file, its own month."""
    month = f"2019-{number:02d}"
    return {"case": {**HEADER, "id": f"nl-2019-tap-phase-{number:02d}", "country": "NL",
                     "kind": "police_report", "opened_on": f"{month}-01",
                     "agency": "Politie Oost-Brabant"},
            "entities": [person(p) for p in PEOPLE],
            "links": [{"type": "CONTACT", "source": a, "target": b,
                       "properties": {"kind": "call", "count": n},
                       "period": f"{month}-01/{month}-28"}
                      for (a, b), n in sorted(contacts.items())]}


def read(store, query: str, **params) -> list[dict]:
    return store.read(query, params).records()


def contact_counts(store) -> dict[tuple[str, str], int]:
    rows = read(store, "MATCH (a:Person)-[r:CONTACT]->(b:Person) "
                       "RETURN a.id AS a, b.id AS b, r.count AS n")
    return {(r["a"], r["b"]): r["n"] for r in rows}


@pytest.fixture
def wiretap(tmp_path):
    """Eleven phases; most contacts recur in most phases with other counts."""
    rng = random.Random(24)
    pairs = [(a, b) for a in PEOPLE for b in PEOPLE if a != b and rng.random() < 0.2]
    phases = [{pair: rng.randint(1, 60) for pair in pairs if rng.random() < 0.7}
              for _ in range(11)]
    summed: dict[tuple[str, str], int] = {}
    for contacts in phases:
        for pair, n in contacts.items():
            summed[pair] = summed.get(pair, 0) + n
    paths = [write(tmp_path / "in", f"phase-{i:02d}.yaml", phase(i + 1, contacts))
             for i, contacts in enumerate(phases)]
    rng.shuffle(paths)
    return paths, phases, summed


def test_counts_of_different_phases_add_up_and_the_measures_equal_the_summed_edge_list(
        store, ontology, wiretap):
    paths, _, summed = wiretap
    report = load_paths(store, paths, ontology)
    assert report.exit_code == 0
    assert contact_counts(store) == summed
    weighted = collapse(export_network(store, ontology, Selection(
        relationship_types=("CONTACT",), weight="contacts")))
    expected = nx.DiGraph()
    for (a, b), n in summed.items():
        expected.add_edge(a, b, weight=float(n), count=1, distance=1.0 / n)
    strength = {p: d.strength for p, d in metrics.degree(weighted).items()}
    assert strength == {p: d.strength for p, d in metrics.degree(expected).items()}
    assert metrics.betweenness(weighted, weighted=True) == pytest.approx(
        metrics.betweenness(expected, weighted=True))
    # Periods of their own: summed, nothing disputed.
    assert report.contradiction_count == 0


def test_an_mla_request_repeating_an_observation_counts_once(store, ontology, tmp_path):
    tap = phase(1, {("p-00", "p-01"): 292})
    mla = {"case": {**HEADER, "id": "be-2019-mla-0007", "kind": "mla_request",
                    "opened_on": "2019-09-01", "grading": "B3"},
           "entities": [person("p-00"), person("p-01")],
           "links": [{"type": "CONTACT", "source": "p-00", "target": "p-01",
                      "properties": {"kind": "call", "count": 292},
                      "reported_in": "nl-2019-tap-phase-01"}]}
    report = load_paths(store, [write(tmp_path, "tap.yaml", tap),
                                write(tmp_path, "mla.yaml", mla)], ontology)
    assert report.exit_code == 0
    assert contact_counts(store) == {("p-00", "p-01"): 292}
    assert report.contradiction_count == 0
    # The request misquotes it: still counted once, the observer's best claim shown, and
    # the disagreement reported.
    mla["links"][0]["properties"]["count"] = 290
    report = load_paths(store, [write(tmp_path, "mla.yaml", mla)], ontology)
    assert contact_counts(store) == {("p-00", "p-01"): 292}
    assert report.contradiction_count == 1
    dispute = report.contradictions[0]["disputes"][0]
    assert dispute["kind"] == "one observation, several counts"
    assert [o["value"] for o in dispute["options"]] == [292, 290]


def _disagreeing(case_id: str, grading: str, opened_on: str, birth_date: str) -> dict:
    return {"case": {**HEADER, "id": case_id, "grading": grading, "opened_on": opened_on},
            "entities": [person("p-vos", birth_date=birth_date)], "links": []}


def test_a_disagreement_is_settled_by_grading_then_date_whatever_the_load_order(
        ontology, tmp_path):
    cases = [_disagreeing("be-2016-a", "C3", "2018-01-01", "1974-06-02"),
             _disagreeing("be-2016-b", "B2", "2016-01-01", "1974-02-06"),
             _disagreeing("be-2016-c", "B2", "2017-01-01", "1974-06-20")]
    paths = [write(tmp_path / "in", f"{c['case']['id']}.yaml", c) for c in cases]
    shown = set()
    for order, name in ((paths, "in-order.db"), (paths[::-1], "reversed.db")):
        store = open_store(f"falkordb-lite:{tmp_path / name}")
        try:
            report = load_paths(store, order, ontology)
            row = read(store, "MATCH (p:Person {id: 'p-vos'}) "
                              "RETURN p.birth_date AS b, p.disputed AS d")[0]
            shown.add(row["b"])
            assert row["d"] == ["birth_date"]
            assert report.contradiction_count == 1
        finally:
            store.close()
    # B2 beats C3 (though older); of the two B2 claims the later one.
    assert shown == {"1974-06-20"}


def test_the_cli_reports_a_disagreement_when_it_begins_and_lists_it_after(
        ontology, tmp_path, monkeypatch):
    monkeypatch.setenv("DISMARK_STORE", f"falkordb-lite:{tmp_path / 'cli.db'}")
    monkeypatch.setenv("DISMARK_ROLE", "loader")
    run = CliRunner().invoke
    first = write(tmp_path / "in", "a.yaml",
                  _disagreeing("be-2016-a", "B2", "2016-01-01", "1974-06-02"))
    second = write(tmp_path / "in", "b.yaml",
                   _disagreeing("be-2016-b", "C3", "2017-01-01", "1974-02-06"))
    assert "began to disagree" not in run(main, ["load", str(first)]).output
    loaded = run(main, ["load", str(second)])
    assert loaded.exit_code == 0, loaded.output
    assert ("Person p-vos: birth_date (values differ) shows '1974-06-02': '1974-06-02' by "
            "be-2016-a (B2, 2016-01-01); '1974-02-06' by be-2016-b (C3, 2017-01-01)"
            ) in loaded.output
    monkeypatch.setenv("DISMARK_ROLE", "viewer")
    listed = json.loads(run(main, ["facts", "--json"]).output)
    assert [(f["type"], f["id"], [d["property"] for d in f["disputes"]]) for f in listed] == [
        ("Person", "p-vos", ["birth_date"])]
    assert run(main, ["facts", "--settle"]).exit_code != 0, "settling is a loader's"
    # Loading it again says nothing new: the disagreement did not begin in this load.
    monkeypatch.setenv("DISMARK_ROLE", "loader")
    again = run(main, ["load", "--json", str(second)])
    assert json.loads(again.output)["contradiction_count"] == 0


def test_replacing_a_case_file_changes_only_what_it_said(store, ontology, tmp_path):
    first = _disagreeing("be-2016-a", "B2", "2016-01-01", "1974-06-02")
    second = _disagreeing("be-2016-b", "A1", "2017-01-01", "1974-02-06")
    second["entities"][0]["properties"]["nationality"] = "NL"
    load_paths(store, [write(tmp_path, "a.yaml", first), write(tmp_path, "b.yaml", second)],
               ontology)

    def shown() -> dict:
        return read(store, "MATCH (p:Person {id: 'p-vos'}) RETURN p.birth_date AS birth, "
                           "p.nationality AS nationality, p.disputed AS disputed")[0]

    assert shown() == {"birth": "1974-02-06", "nationality": "NL", "disputed": ["birth_date"]}
    # The A1 file now names the person without those facts: the B2 file's value is back,
    # the nationality only it stated is gone, and nothing is disputed any more.
    second["entities"][0]["properties"] = {"name": "Person p-vos"}
    report = load_paths(store, [write(tmp_path, "b.yaml", second)], ontology)
    assert report.summary["updated"] == 1
    assert shown() == {"birth": "1974-06-02", "nationality": None, "disputed": None}
    # And without the person at all: the same.
    second["entities"] = [person("p-other")]
    load_paths(store, [write(tmp_path, "b.yaml", second)], ontology)
    assert shown() == {"birth": "1974-06-02", "nationality": None, "disputed": None}


def test_a_link_dropped_by_a_replaced_case_file_loses_its_count(store, ontology, tmp_path):
    one, two = phase(1, {("p-00", "p-01"): 5}), phase(2, {("p-00", "p-01"): 7})
    load_paths(store, [write(tmp_path, "1.yaml", one), write(tmp_path, "2.yaml", two)],
               ontology)
    assert contact_counts(store) == {("p-00", "p-01"): 12}
    two["links"][0]["properties"]["count"] = 9
    load_paths(store, [write(tmp_path, "2.yaml", two)], ontology)
    assert contact_counts(store) == {("p-00", "p-01"): 14}
    two["links"] = []
    load_paths(store, [write(tmp_path, "2.yaml", two)], ontology)
    assert contact_counts(store) == {("p-00", "p-01"): 5}


def test_overlapping_periods_are_summed_and_flagged(store, ontology, tmp_path):
    one = phase(1, {("p-00", "p-01"): 5})
    wide = phase(2, {("p-00", "p-01"): 7})
    wide["links"][0]["period"] = "2019-01-15/2019-02-28"
    report = load_paths(store, [write(tmp_path, "1.yaml", one),
                                write(tmp_path, "2.yaml", wide)], ontology)
    assert contact_counts(store) == {("p-00", "p-01"): 12}
    assert [d["kind"] for d in report.contradictions[0]["disputes"]] == ["periods overlap"]
    assert facts.disputed(store, ontology) == [
        facts.Fact("link", "CONTACT", "p-00>CONTACT>p-01")]


_GRADINGS = st.sampled_from(["A1", "B2", "B3", "C3", "X4"])
_DATES = st.sampled_from(["2015-03-01", "2016-07-15", "2018-11-30"])


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_GRADINGS, _DATES, st.sampled_from(["1970-01-01", "1971-02-02"]),
                          st.integers(1, 50), st.booleans()),
                min_size=1, max_size=5), st.randoms())
def test_the_graph_shows_what_the_rule_gives_in_any_load_order(falkor_store, ontology,
                                                               tmp_path_factory, said, rng):
    falkor_store.wipe()
    folder = tmp_path_factory.mktemp("claims")
    cases, claims = [], []
    for i, (grading, day, birth, count, repeats) in enumerate(said):
        case_id = f"be-case-{i}"
        link = {"type": "CONTACT", "source": "p-00", "target": "p-01",
                "properties": {"count": count}}
        if repeats and i:
            link["reported_in"] = "be-case-0"
        cases.append({"case": {**HEADER, "id": case_id, "grading": grading, "opened_on": day},
                      "entities": [person("p-00", birth_date=birth), person("p-01")],
                      "links": [link]})
        claims.append((Claim(case_id, grading, day, {"birth_date": birth,
                                                      "name": "Person p-00"}),
                       Claim(case_id, grading, day, {"count": count},
                             link.get("reported_in"))))
    rng.shuffle(cases)
    paths = [write(folder, f"{c['case']['id']}.yaml", c) for c in cases]
    # One file at a time or all in one batch: the same graph.
    for path in paths[: len(paths) // 2]:
        load_paths(falkor_store, [path], ontology)
    load_paths(falkor_store, paths, ontology)
    person_values = resolve([c for c, _ in claims]).values
    link_values = resolve([c for _, c in claims], adds_up=["count"]).values
    assert read(falkor_store, "MATCH (p:Person {id: 'p-00'}) RETURN p.birth_date AS b")[0][
        "b"] == person_values["birth_date"]
    assert contact_counts(falkor_store) == {("p-00", "p-01"): link_values["count"]}


def test_the_card_shows_the_claims_side_by_side_and_how_a_count_was_summed(
        falkor_store, ontology, tmp_path, explorer_on):
    from explorer.viewmodels.network import find_entity

    taps = [phase(1, {("p-00", "p-01"): 120}), phase(2, {("p-00", "p-01"): 172})]
    disagreeing = [_disagreeing("be-2016-a", "B2", "2016-01-01", "1974-06-02"),
                   _disagreeing("be-2016-b", "C3", "2017-01-01", "1974-02-06")]
    load_paths(falkor_store, [write(tmp_path, f"{i}.yaml", c)
                              for i, c in enumerate([*taps, *disagreeing])], ontology)
    url = f"falkordb-lite:{tmp_path / 'graph.db'}"
    app = explorer_on(url, "network.py", entity="p-vos")
    app.session_state["network-selected"] = find_entity(falkor_store, "p-vos").element_id
    app.run()
    assert not app.exception and not app.error
    assert any("Case files disagree" in m.value for m in app.markdown)
    (claims,) = [d.value for d in app.dataframe if "why" in d.value.columns]
    assert [tuple(r) for r in claims[["value", "shown", "case file", "grading"]]
            .itertuples(index=False)] == [("1974-06-02", "yes", "be-2016-a", "B2"),
                                          ("1974-02-06", "", "be-2016-b", "C3")]
    shown_props = next(d.value for d in app.dataframe if "property" in d.value.columns
                       and "why" not in d.value.columns)
    assert not {"variants", "claims", "disputed"} & set(shown_props["property"])
    (link,) = falkor_store.read("MATCH (:Person {id: 'p-00'})-[r:CONTACT]->() RETURN r").rows[0]
    app = explorer_on(url, "network.py", entity="p-00")
    app.session_state["network-selected"] = link.element_id
    app.run()
    assert any("count 292: the sum of 2 observations" in c.value.replace("\\", "")
               for c in app.caption), [c.value for c in app.caption]
