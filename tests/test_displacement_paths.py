"""Displacement paths: one organisation's operations moving across the border, between ports,
or from extraction to import — on the demo by hand, on hand-made rows, and against the
generator's planted paths."""

from __future__ import annotations

import pytest

from evaluation.worlds import loaded_world
from graph.study.displacement_paths import find_moves, organisation_operations, recall


def moves_of(paths):
    return [(p.organisation, p.kind, p.before, p.after, p.switch_date,
             p.support_before, p.support_after) for p in paths]


def test_the_organisation_operations_query_on_the_demo(run_query):
    rows = run_query("organisation-operations", organisation="org-kempen-crew")
    assert [(r["date"], r["entity"], r["country"], r["via_members"]) for r in rows] == [
        # nl-2018-interview-convicted-grower-vught: Bart Mutsaers grew in Tilburg (2011)
        ("2011-12-06", "plantation-nl-tilburg-2011", "NL", ["person-bart-mutsaers"]),
        # be-2014-lim-plantation-lommel: the crew and Koen Claeys run the Lommel site
        ("2014-03-14", "plantation-be-lommel-2014", "BE", ["person-koen-claeys"]),
        # be-2017-ant-plantation-baarle-hertog: the crew and Bart Mutsaers
        ("2017-05-19", "plantation-be-baarle-hertog-2017", "BE", ["person-bart-mutsaers"]),
        # be-2017-interview-convicted-grower: the Valkenswaard site of Vos and Claeys, known
        # only from that interview, so dated by it (2017-11-21)
        ("2017-11-21", "plantation-nl-valkenswaard-2008", "NL",
         ["person-jeroen-vos", "person-koen-claeys"]),
    ]
    assert rows[1]["case_files"] == ["be-2014-lim-plantation-lommel"]


def test_moves_on_the_demo_by_hand(demo_store, library):
    moves = find_moves(organisation_operations(demo_store, library))
    assert moves_of(moves) == [
        # Groep Dekker imported through Antwerp (2016-09-28, be-2016-ant-container-
        # extraction), then through Rotterdam (2018-06-12), after the Stroomplan
        ("org-dekker-group", "shipments_between_ports", "port-be-antwerpen",
         "port-nl-rotterdam", "2018-06-12", 1, 1),
        # Groep Hermans: the Venlo lab (NL, 2018-01-23), then the Lommel lab (BE, 2018-03-02)
        ("org-hermans-group", "sites_across_border", "NL", "BE", "2018-03-02", 1, 1),
        # Kempen-crew: Tilburg (NL) before; Lommel and Baarle-Hertog (BE) and the Valkenswaard
        # site (NL, dated by the 2017 interview) after: BE holds two thirds
        ("org-kempen-crew", "sites_across_border", "NL", "BE", "2014-03-14", 1, 2),
        # Linkeroever-crew extracted (2016 Antwerp, 2018 Rotterdam), then imported (2019)
        ("org-linkeroever-crew", "extraction_to_import", "EXTRACTS", "IMPORTS",
         "2019-08-30", 2, 1),
    ]
    linkeroever = moves[-1]
    assert [(s.date, s.entity, s.case_files) for s in linkeroever.steps] == [
        ("2016-09-28", "shipment-2016-cocaine-antwerpen", ("be-2016-ant-container-extraction",)),
        ("2018-06-12", "shipment-2018-cocaine-rotterdam", ("nl-2018-rot-seizure-rotterdam",)),
        ("2019-08-30", "shipment-2019-cocaine-antwerpen",
         ("be-2019-ant-cocaine-import-foreign-buyers",))]
    # asking for two operations on each side leaves none of these thin demo moves
    assert find_moves(organisation_operations(demo_store, library), min_each_side=2) == []


def row(org, date, country, entity_type="Plantation", action="OPERATES", port=None):
    return {"organisation": org, "date": date, "action": action, "entity": f"{org}-{date}",
            "entity_type": entity_type, "country": country, "port": port,
            "case_files": [f"case-{date}"], "via_members": []}


def test_split_rule_by_hand():
    rows = [row("o", "2010-01-01", "NL"), row("o", "2011-01-01", "NL"),
            row("o", "2012-01-01", "BE"), row("o", "2013-01-01", "NL"),
            row("o", "2014-01-01", "BE"), row("o", "2015-01-01", "BE")]
    # split at 2012: before NL NL (2/2), after BE NL BE BE (3/4 >= 2/3): support 5; at 2014:
    # before NL NL BE NL (3/4), after BE BE (2/2): support 5 too, the earlier split wins
    (move,) = find_moves(rows)
    assert (move.before, move.after, move.switch_date, move.support_before,
            move.support_after) == ("NL", "BE", "2012-01-01", 2, 3)
    # at 80 % purity 2012 fails (3/4 after) and 2014 fails (3/4 before): no move
    assert find_moves(rows, purity=0.8) == []
    # the same value throughout is no move, and nor is an organisation with one operation
    assert find_moves([row("o", "2010-01-01", "BE"), row("o", "2012-01-01", "BE"),
                       row("p", "2011-01-01", "NL")]) == []


def test_recall_against_planted_paths():
    found = find_moves([row("crew", "2015-01-01", "BE", "Shipment", "EXTRACTS"),
                        row("crew", "2018-05-01", "BE", "Shipment", "IMPORTS")])
    planted = [{"organisation": "crew", "kind": "extraction_to_import", "from_year": 2017},
               {"organisation": "other", "kind": "extraction_to_import", "from_year": 2018}]
    assert recall(found, planted) == {"planted": 2, "found": 1, "recall": 0.5,
                                      "missed": ["other"]}
    assert recall(found, planted, tolerance_years=0)["found"] == 0


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with loaded_world(tmp_path_factory.mktemp("world"), seed=1, scale=1) as loaded:
        yield loaded


def test_the_planted_extraction_to_import_path_is_found(world, library):
    store, truth = world
    planted = truth["displacement_paths"]
    assert planted, "the generator plants at least one path at scale 1"
    moves = find_moves(organisation_operations(store, library))
    assert recall(moves, planted)["recall"] == 1.0
