"""Displacement paths: one organisation's operations moving across the border, between ports,
or from extraction to import — on the demo by hand, on hand-made rows and dossiers that hold
each way a reader was fooled (docs/displacement.md), and against the generator's planted
moves and decoys."""

from __future__ import annotations

import json

import pytest

from evaluation.displacement_paths import evaluate, evaluate_store, score_paths, summary
from evaluation.worlds import loaded_world
from generator import generate
from generator.scenario import Scenario
from graph.study.displacement_paths import (
    arrival_port,
    find_moves,
    organisation_operations,
    path_rows,
)


def moves_of(paths):
    return [(p.organisation, p.kind, p.status, p.before, p.after, p.switch_date,
             p.support_before, p.support_after) for p in paths]


def test_the_organisation_operations_query_on_the_demo(run_query):
    rows = run_query("organisation-operations", organisation="org-kempen-crew")
    assert [(r["date"], r["entity"], r["country"], r["attribution"], r["via_members"])
            for r in rows] == [
        # nl-2018-interview-convicted-grower-vught: Bart Mutsaers grew in Tilburg (2011); the
        # interview does not name the Kempen-crew, so it is his, not the crew's
        ("2011-12-06", "plantation-nl-tilburg-2011", "NL", "member", ["person-bart-mutsaers"]),
        # be-2014-lim-plantation-lommel: the crew and Koen Claeys run the Lommel site
        ("2014-03-14", "plantation-be-lommel-2014", "BE", "own", ["person-koen-claeys"]),
        # be-2017-ant-plantation-baarle-hertog: the crew and Bart Mutsaers
        ("2017-05-19", "plantation-be-baarle-hertog-2017", "BE", "own",
         ["person-bart-mutsaers"]),
        # be-2017-interview-convicted-grower names the crew and Vos and Claeys' Valkenswaard
        # site, known only from that interview, so dated by it (2017-11-21)
        ("2017-11-21", "plantation-nl-valkenswaard-2008", "NL", "named",
         ["person-jeroen-vos", "person-koen-claeys"]),
    ]
    assert rows[1]["case_files"] == ["be-2014-lim-plantation-lommel"]
    assert rows[0]["organisation_name"] == "Kempen-crew" and rows[0]["route"] == []
    (dekker_2018,) = [r for r in run_query("organisation-operations",
                                           organisation="org-dekker-group")
                      if r["date"] == "2018-06-12"]
    # nl-2018-rot-seizure-rotterdam: one port, no leg or order stated
    assert dekker_2018["route"] == [{"port": "port-nl-rotterdam", "name": "Haven van Rotterdam",
                                     "country": "NL", "leg": None, "order": None,
                                     "date": "2018-06-11"}]


def test_on_the_demo_every_move_is_a_lead(demo_store, library):
    """Twenty dossiers hold no group with two operations on each side of a switch."""
    moves = find_moves(organisation_operations(demo_store, library))
    assert moves_of(moves) == [
        # Groep Dekker imported through Antwerp (2016-09-28, be-2016-ant-container-
        # extraction), then through Rotterdam (2018-06-12), after the Stroomplan
        ("org-dekker-group", "shipments_between_ports", "lead", "port-be-antwerpen",
         "port-nl-rotterdam", "2018-06-12", 1, 1),
        # Groep Hermans: the Venlo lab (NL, 2018-01-23), then the Lommel lab (BE, 2018-03-02)
        ("org-hermans-group", "sites_across_border", "lead", "NL", "BE", "2018-03-02", 1, 1),
        # Kempen-crew on its own case files: Lommel and Baarle-Hertog (BE), then the
        # Valkenswaard site (NL), dated by the 2017 interview
        ("org-kempen-crew", "sites_across_border", "lead", "BE", "NL", "2017-11-21", 2, 1),
        # ... and read through its members, Bart Mutsaers' Tilburg site (NL, 2011) first
        ("org-kempen-crew", "sites_across_border", "lead", "NL", "BE", "2014-03-14", 1, 2),
        # Linkeroever-crew extracted (2016 Antwerp), then imported (2019); its 2018 Rotterdam
        # extraction is Jonas van Hoeck's, in a case file that does not name the crew
        ("org-linkeroever-crew", "extraction_to_import", "lead", "EXTRACTS", "IMPORTS",
         "2019-08-30", 1, 1),
    ]
    kempen_members = moves[3]
    assert kempen_members.reading == "member"
    assert kempen_members.after_counts == (("BE", 2), ("NL", 1))  # Valkenswaard stayed
    assert kempen_members.reasons[-1] == ("through members: 1 of 4 operations are a member's, "
                                          "in case files that do not name the group")
    linkeroever = moves[-1]
    assert [(s.date, s.entity, s.case_files) for s in linkeroever.steps] == [
        ("2016-09-28", "shipment-2016-cocaine-antwerpen", ("be-2016-ant-container-extraction",)),
        ("2019-08-30", "shipment-2019-cocaine-antwerpen",
         ("be-2019-ant-cocaine-import-foreign-buyers",))]


def row(org, date, value, entity_type="Plantation", action="OPERATES", attribution="own"):
    """One operation as the saved query returns it; ``value`` is a country, or for a
    shipment a route: a port id or a list of route entries."""
    route = [] if entity_type != "Shipment" else (
        value if isinstance(value, list) else [{"port": value, "country": value[5:7].upper()}])
    return {"organisation": org, "organisation_name": f"Groep {org}", "date": date,
            "action": action, "entity": f"{org}-{date}-{action}", "entity_type": entity_type,
            "country": None if entity_type == "Shipment" else value, "route": route,
            "attribution": attribution, "case_files": [f"case-{date}"], "via_members": []}


def sites(org, *countries, start=2010, **kw):
    """One site a year per country given, from ``start``."""
    return [row(org, f"{start + i}-03-01", c, **kw) for i, c in enumerate(countries)]


def test_a_finding_needs_two_on_each_side_and_a_move_that_fits_four_in_five():
    # NL NL | BE NL BE BE: the move at 2012 fits 5 of 6 (83%): a finding, and the NL site
    # that stayed is shown after the switch
    (move,) = find_moves(sites("o", "NL", "NL", "BE", "NL", "BE", "BE"))
    assert (move.status, move.before, move.after, move.switch_date) == \
        ("finding", "NL", "BE", "2012-03-01")
    assert (move.before_counts, move.after_counts) == ((("NL", 2),), (("BE", 3), ("NL", 1)))
    assert move.reasons == ()
    # NL NL | BE NL BE: fits 4 of 5 (80%), still a finding; NL | BE NL BE: fits 3 of 4 and
    # one before: a lead, and it says why
    assert find_moves(sites("o", "NL", "NL", "BE", "NL", "BE"))[0].is_finding
    (thin,) = find_moves(sites("o", "NL", "BE", "NL", "BE"))
    assert thin.reasons == ("thin: 1 at NL before, 2 at BE after; a finding needs 2 a side",
                            "mixed: the move fits 3 of 4 operations (75%); a finding needs 80%")
    # the same value throughout is no move, and nor is an organisation with one operation
    assert find_moves(sites("o", "BE", "BE") + sites("p", "NL")) == []


def test_a_findings_chance_is_the_share_of_random_orders_that_split_as_well():
    # three and three, nothing left over: 2 of the 20 orders of NNNBBB split as cleanly
    (three,) = find_moves(sites("o", *"NNNBBB"))
    assert three.chance == pytest.approx(2 / 20, abs=0.03)
    assert find_moves(sites("o", *"NNNBBB"))[0].chance == three.chance  # seeded: same figure
    # six and six: 2 of 924 orders
    (six,) = find_moves(sites("o", *"NNNNNNBBBBBB"))
    assert six.chance < 0.01 and six.chance_text == "<1%"
    # two and two: 2 of 6 orders; a finding by the rule, which its chance puts in proportion
    (two,) = find_moves(sites("o", *"NNBB"))
    assert two.is_finding and two.chance == pytest.approx(2 / 6, abs=0.05)
    # a lead has none
    assert find_moves(sites("o", *"NNB"))[0].chance is None


def test_a_single_operation_after_a_move_is_a_lead_not_a_finding():
    (move,) = find_moves(sites("o", "NL", "NL", "NL", "NL", "BE"))
    assert (move.status, move.before, move.after, move.support_before,
            move.support_after) == ("lead", "NL", "BE", 4, 1)
    assert move.reasons == ("thin: 4 at NL before, 1 at BE after; a finding needs 2 a side",)


def test_labs_in_both_countries_every_year_are_not_a_move():
    """The issue's case: labs on both sides every year, two in three in NL, then two in three
    in BE; read by majorities alone it was a move with support 4/8 while 4 of the 12 labs
    after the switch stayed in NL."""
    labs = []
    for year in range(2010, 2016):
        order = ("NL", "BE", "NL") if year < 2012 else ("BE", "NL", "BE")
        labs += [row("o", f"{year}-0{m}-01", c, "Lab") for m, c in enumerate(order, 1)]
    (move,) = find_moves(labs)
    assert move.status == "lead"
    assert (move.before_counts, move.after_counts) == ((("NL", 4), ("BE", 2)),
                                                       (("BE", 8), ("NL", 4)))
    assert move.reasons == ("mixed: the move fits 12 of 18 operations (67%); a finding needs "
                            "80%",)


def test_a_members_sites_for_another_group_are_not_the_groups_move():
    """The group's own sites never left NL; a member later ran two Belgian sites whose case
    files name only another group: the case-file reading finds nothing, the member reading
    a lead that says why."""
    own = sites("a", "NL", "NL", "NL")
    members = sites("a", "BE", "BE", start=2014, attribution="member")
    (lead,) = find_moves(own + members)
    assert (lead.status, lead.reading, lead.before, lead.after) == ("lead", "member", "NL", "BE")
    assert lead.reasons == ("through members: 2 of 5 operations are a member's, in case "
                            "files that do not name the group",)
    # had the case files named the group, the member's sites would be the group's
    named = sites("a", "BE", "BE", start=2014, attribution="named")
    assert find_moves(own + named)[0].status == "finding"


ALGECIRAS = {"port": "port-es-algeciras", "name": "Puerto de Algeciras", "country": "ES"}
ROTTERDAM = {"port": "port-nl-rotterdam", "name": "Haven van Rotterdam", "country": "NL"}
ANTWERP = {"port": "port-be-antwerpen", "name": "Haven van Antwerpen", "country": "BE"}
SANTOS = {"port": "port-br-santos", "name": "Porto de Santos", "country": "BR"}


def leg(port, leg_, order=None, date=None):
    return {**port, "leg": leg_, "order": order, "date": date}


def test_the_arrival_port_is_read_from_the_route_in_order():
    assert arrival_port([leg(ALGECIRAS, "transshipment", 2), leg(SANTOS, "origin", 1),
                         leg(ROTTERDAM, "destination", 3)], "ES") == "port-nl-rotterdam"
    # ordered without legs: the last port
    assert arrival_port([leg(ROTTERDAM, None, 2), leg(ALGECIRAS, None, 1)], None) == \
        "port-nl-rotterdam"
    # legs without the destination stated: the port that is neither origin nor transshipment
    assert arrival_port([leg(ALGECIRAS, "transshipment"), leg(ANTWERP, None)], None) == \
        "port-be-antwerpen"
    # no legs, no order: the port in the country of seizure, else the one passed last
    assert arrival_port([leg(ALGECIRAS, None), leg(ANTWERP, None)], "BE") == \
        "port-be-antwerpen"
    assert arrival_port([leg(ALGECIRAS, None, date="2019-01-02"),
                         leg(ROTTERDAM, None, date="2019-01-20")], None) == "port-nl-rotterdam"
    # nothing to tell them apart, or only ports on the way: unknown, never the id first sorted
    assert arrival_port([leg(ALGECIRAS, None), leg(ANTWERP, None)], None) is None
    assert arrival_port([leg(SANTOS, "origin", 1), leg(ALGECIRAS, "transshipment", 2)],
                        "ES") is None
    assert arrival_port([], "BE") is None


def test_a_transshipment_port_on_the_route_is_not_the_port_that_changed():
    """Imports via Algeciras into Rotterdam, then via Algeciras into Antwerp: the move is
    Rotterdam → Antwerp (read by the smallest id it was Algeciras → Antwerp)."""
    via = [row("o", f"{y}-05-01", [leg(ALGECIRAS, "transshipment", 1),
                                   leg(ROTTERDAM if y < 2015 else ANTWERP, "destination", 2)],
               "Shipment", "IMPORTS") for y in range(2012, 2018)]
    (move,) = find_moves(via)
    assert (move.status, move.before, move.after, move.switch_date) == \
        ("finding", "port-nl-rotterdam", "port-be-antwerpen", "2015-05-01")
    assert move.steps[0].route == ("port-es-algeciras", "port-nl-rotterdam")
    # a route that only stops passing Algeciras, always into Rotterdam, is no move
    direct = [row("o", f"{y}-05-01", [leg(ALGECIRAS, "transshipment", 1),
                                      leg(ROTTERDAM, "destination", 2)][y >= 2015:],
                  "Shipment", "IMPORTS") for y in range(2012, 2018)]
    assert find_moves(direct) == []


def test_the_table_shows_names_not_ids():
    via = [row("crew", f"{y}-05-01", [leg(ROTTERDAM if y < 2015 else ANTWERP, "destination")],
               "Shipment", "IMPORTS") for y in range(2012, 2018)]
    (table_row,) = path_rows(find_moves(via))
    assert table_row.pop("chance") in ("9%", "10%", "11%", "12%")  # 2 of 20 orders, drawn
    assert table_row == {"organisation": "Groep crew", "kind": "shipments between ports",
                         "from": "Haven van Rotterdam", "to": "Haven van Antwerpen",
                         "switch": "2015-05-01", "before": "Haven van Rotterdam 3",
                         "after": "Haven van Antwerpen 3", "operations": 6}
    (lead,) = path_rows(find_moves(sites("o", "NL", "NL", "BE")))
    assert lead["why not a finding"].startswith("thin: 2 at NL before, 1 at BE after")


ORG_A = "{type: Organisation, id: org-a, properties: {name: Groep Aalbers, base_country: NL}}"
ORG_B = "{type: Organisation, id: org-b, properties: {name: Bende Bosmans, base_country: BE}}"
MEMBER = "{type: Person, id: p-m, properties: {name: Mark Maas}}"


def site_dossier(case_id, site, country, date, org, org_id):
    """A police report: the group and its member Mark Maas ran ``site``."""
    return f"""case: {{id: {case_id}, country: {country}, kind: police_report,
  opened_on: {date}, agency: Politie, grading: B2}}
entities:
  - {org}
  - {MEMBER}
  - {{type: Plantation, id: {site}, properties: {{plant_count: 800,
     dismantled_on: {date}, country: {country}}}}}
links:
  - {{type: OPERATES, source: {org_id}, target: {site}}}
  - {{type: OPERATES, source: p-m, target: {site}}}
  - {{type: MEMBER_OF, source: p-m, target: {org_id}}}
"""


def test_the_query_attributes_an_operation_to_the_group_its_case_file_names(run_on_dossiers):
    run = run_on_dossiers({
        # Groep Aalbers' own site in NL, Mark Maas a member
        "a.yaml": site_dossier("nl-2012-a", "pl-a", "NL", "2012-04-01", ORG_A, "org-a"),
        # Mark Maas runs a Belgian site for Bende Bosmans: this case file names only it
        "b.yaml": site_dossier("be-2015-b", "pl-b", "BE", "2015-04-01", ORG_B, "org-b"),
        # an interview naming Groep Aalbers and Mark Maas' earlier site, without saying
        # for whom he ran it
        "c.yaml": """case: {id: nl-2016-c, country: NL, kind: interview, opened_on: 2016-01-10,
  agency: Universiteit, grading: C3}
entities:
  - {type: Organisation, id: org-a, reference: true}
  - {type: Person, id: p-m, reference: true}
  - {type: Plantation, id: pl-c, properties: {plant_count: 400, dismantled_on: 2011-02-01,
     country: NL}}
links:
  - {type: OPERATES, source: p-m, target: pl-c}
""",
    })
    rows = run("organisation-operations", organisation="org-a")
    assert [(r["entity"], r["country"], r["attribution"]) for r in rows] == [
        ("pl-c", "NL", "named"), ("pl-a", "NL", "own"), ("pl-b", "BE", "member")]
    # and for Bende Bosmans the other way round: Mark Maas' Dutch sites are only his
    assert [(r["entity"], r["attribution"]) for r in
            run("organisation-operations", organisation="org-b")] == [
        ("pl-c", "member"), ("pl-a", "member"), ("pl-b", "own")]


def test_the_query_reads_a_route_with_its_legs(run_on_dossiers):
    run = run_on_dossiers({"route.yaml": """case: {id: be-2019-r, country: BE,
  kind: seizure_report, opened_on: 2019-03-02, agency: Douane, grading: A2}
entities:
  - {type: Organisation, id: org-a, properties: {name: Groep Aalbers, base_country: NL}}
  - {type: Port, id: port-es-algeciras, properties: {name: Puerto de Algeciras,
     kind: seaport, country: ES}}
  - {type: Port, id: port-be-antwerpen, properties: {name: Haven van Antwerpen,
     kind: seaport, country: BE}}
  - {type: Shipment, id: sh-1, properties: {drug: cocaine, seized_on: 2019-03-01,
     country: BE}}
links:
  - {type: IMPORTS, source: org-a, target: sh-1}
  - {type: VIA, source: sh-1, target: port-es-algeciras, date: 2019-02-20,
     properties: {leg: transshipment, order: 1}}
  - {type: VIA, source: sh-1, target: port-be-antwerpen, date: 2019-03-01,
     properties: {leg: destination, order: 2}}
"""})
    (shipment,) = run("organisation-operations", organisation="org-a")
    assert sorted(shipment["route"], key=lambda p: p["order"]) == [
        {"port": "port-es-algeciras", "name": "Puerto de Algeciras", "country": "ES",
         "leg": "transshipment", "order": 1, "date": "2019-02-20"},
        {"port": "port-be-antwerpen", "name": "Haven van Antwerpen", "country": "BE",
         "leg": "destination", "order": 2, "date": "2019-03-01"}]
    assert arrival_port(shipment["route"], shipment["country"]) == "port-be-antwerpen"


def test_scoring_against_the_truth():
    moves = find_moves(sites("mover", "NL", "NL", "BE", "BE") + sites("single", "NL", "NL", "BE")
                       + sites("noise", "BE", "BE", "NL", "NL"))
    truth = {"displacement_paths": [  # the mover's switch (2012) read a year late
        {"organisation": "mover", "kind": "sites_across_border", "from_year": 2013,
         "before": "NL", "after": "BE"},
        {"organisation": "late", "kind": "sites_across_border", "from_year": 2012,
         "before": "NL", "after": "BE"}],
        "decoy_moves": [{"organisation": "single", "kind": "sites_across_border",
                         "decoy": "single_operation_after"}]}
    records = score_paths(moves, truth)
    assert [(r["organisation"], r["family"], r["outcome"]) for r in records] == [
        ("mover", "move: sites NL→BE", "finding"), ("late", "move: sites NL→BE", "nothing"),
        ("single", "decoy: single operation after", "lead"),
        ("noise", "background (not planted)", "finding")]
    result = summary(records)
    assert (result["recall"], result["precision"], result["precision_all"]) == (0.5, 1.0, 0.5)
    # a year off is still the planted move, unless no year off is allowed
    assert score_paths(moves, truth, tolerance_years=0)[0]["outcome"] == "wrong"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with loaded_world(tmp_path_factory.mktemp("world"), seed=1, scale=1) as loaded:
        yield loaded


def test_the_planted_extraction_to_import_paths_are_findings(world):
    store, truth = world
    assert truth["displacement_paths"], "the generator plants at least one path at scale 1"
    records = evaluate_store(store, truth)
    planted = [r for r in records if r["real"]]
    assert planted and all(r["outcome"] == "finding" for r in planted)


def test_the_path_evaluation_on_a_small_world_with_decoys_of_every_kind(tmp_path):
    """The smoke size of ``dismark eval displacement-paths``: every decoy kind is planted,
    none is a finding (each is a lead or nothing), and the moves are found."""
    result = evaluate([7], 0.2, moves=4)
    families = result["summary"]["per_family"]
    decoys = {name: counts for name, counts in families.items() if name.startswith("decoy")}
    assert set(decoys) == {"decoy: single operation after", "decoy: both countries",
                           "decoy: member other group", "decoy: transshipment only"}
    assert all(counts["finding"] == 0 and sum(counts.values()) == 2
               for counts in decoys.values())
    assert result["summary"]["real_moves"] >= 4
    assert result["summary"]["precision"] == 1.0
    assert result["summary"]["found_or_lead"] == result["summary"]["real_moves"]


def test_a_scenario_plants_moves_and_decoys_in_the_truth(tmp_path):
    generate(tmp_path, seed=3, scale=0.2, scenario=Scenario(planted_moves=4, decoy_moves=True))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    planted = [p for p in truth["displacement_paths"] if p.get("planted") == "move"]
    assert [(p["kind"], p["before"], p["after"]) for p in planted] == [
        ("sites_across_border", "NL", "BE"),
        ("shipments_between_ports", "port-nl-rotterdam", "port-be-antwerpen"),
        ("sites_across_border", "BE", "NL"),
        ("shipments_between_ports", "port-be-antwerpen", "port-nl-rotterdam")]
    assert all(p["operations"]["before"] >= 2 and p["operations"]["after"] >= 2
               for p in planted)
    assert all(d["real"] is False for d in truth["decoy_moves"])
    ids = [p["organisation"] for p in planted] + [d["organisation"] for d in
                                                  truth["decoy_moves"]]
    assert len(set(ids)) == len(ids)
    with pytest.raises(ValueError, match="planted_moves"):
        Scenario(planted_moves=-1)
