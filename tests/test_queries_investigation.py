"""Saved queries of the investigation group, checked against answers read from the demo.

Every expected row below was worked out by reading the demo case files (data/demo/*.yaml and
data/demo/bundle-nl-police-export/*.csv); the comment beside it names the dossier(s). Loader
rules the expectations rely on: a link without its own grading takes its case file's
grading; a link asserted by several files is one relationship whose ``sources`` lists them
all and whose ``grading`` is the best of theirs; a link is seen on its own date, else on the
day its case file was opened. Rules the demo cannot show (premises sharing an address, a
weak link corroborated by a better graded file) are checked on small dossiers of their own.
"""

from __future__ import annotations

import re

import pytest

from graph.errors import InvalidInput
from graph.store import GraphNode, GraphPath

# Shorter names for the demo case files.
BAARLE = "be-2017-ant-plantation-baarle-hertog"
CALLCENTRE_BE = "be-2021-ant-cocaine-callcentre"
CALLCENTRE_NL = "nl-2022-zwb-callcentre-roosendaal"
CONTAINER = "be-2016-ant-container-extraction"
GROWSHOP_NL = "nl-2016-ob-growshop-valkenswaard"
INTERVIEW_BE = "be-2017-interview-convicted-grower"
INTERVIEW_NL = "nl-2018-interview-convicted-grower-vught"
LOMMEL = "be-2014-lim-plantation-lommel"
MLA_GROWSHOP = "be-2016-lim-mla-growshop"
PV_2008 = "nl-2008-bzo-pv-growshop-valkenswaard"


def ids(nodes) -> list[str]:
    return [node.properties["id"] for node in nodes]


def path_ids(path: GraphPath) -> list[str]:
    return ids(path.nodes)


def link_ids(relationships) -> list[str]:
    return sorted(r.properties["id"] for r in relationships)


# --- network-around (the lead's model query) ----------------------------------------------

def network(rows) -> dict[str, list[str]]:
    """Node id -> ids of the relationships it starts within the network."""
    return {row["node"].properties["id"]: link_ids(row["relationships"]) for row in rows}


# be-2019-ant-xtc-parcels-postal is the only file naming the courier Fenna Bakker.
FENNA = "person-fenna-bakker"
FENNA_ONE_HOP = {
    # the webshop group EMPLOYS her (B2)
    "org-van-rijswijk-webshop": ["org-van-rijswijk-webshop>EMPLOYS>person-fenna-bakker"],
    # she SENDS the parcels and USES the car (case grading A2)
    FENNA: ["person-fenna-bakker>SENDS>shipment-2019-xtc-parcels-turnhout",
            "person-fenna-bakker>USES>vehicle-nl-kz-208-p"],
    # the leader: CONTACT with her (B2), member of the group, uses the same car (C3)
    "person-thijs-van-rijswijk": ["person-thijs-van-rijswijk>CONTACT>person-fenna-bakker",
                                  "person-thijs-van-rijswijk>MEMBER_OF>org-van-rijswijk-webshop",
                                  "person-thijs-van-rijswijk>USES>vehicle-nl-kz-208-p"],
    "shipment-2019-xtc-parcels-turnhout": [],
    "vehicle-nl-kz-208-p": [],
}
FENNA_TWO_HOPS = {
    **FENNA_ONE_HOP,
    # the group rents the depot account from the courier firm (A2); that it sits in Tilburg
    # (LOCATED_IN) is a place, not an operational link, and is not followed
    "org-van-rijswijk-webshop": [
        "org-van-rijswijk-webshop>EMPLOYS>person-fenna-bakker",
        "org-van-rijswijk-webshop>RENTS>premises-be-turnhout-depot-account"],
    "premises-be-turnhout-depot-account": [],
    # the parcels: CARRIED_BY the courier firm (A1), DESTINED_FOR Australia and the US (A2)
    "shipment-2019-xtc-parcels-turnhout": [
        "shipment-2019-xtc-parcels-turnhout>CARRIED_BY>company-pakjesdienst-vlaanderen",
        "shipment-2019-xtc-parcels-turnhout>DESTINED_FOR>loc-au",
        "shipment-2019-xtc-parcels-turnhout>DESTINED_FOR>loc-us"],
    "company-pakjesdienst-vlaanderen": [],
    "loc-au": [],
    "loc-us": [],
}


def test_network_around_one_hop_is_the_direct_neighbours(run_query):
    rows = run_query("network-around", id=FENNA, hops=1)
    assert network(rows) == FENNA_ONE_HOP
    assert [row["node"].properties["id"] for row in rows] == sorted(FENNA_ONE_HOP)


def test_network_around_two_hops_reaches_the_neighbours_of_neighbours(run_query):
    assert network(run_query("network-around", id=FENNA, hops=2)) == FENNA_TWO_HOPS
    assert network(run_query("network-around", id=FENNA)) == FENNA_TWO_HOPS  # default 2


def test_network_around_types_keeps_only_those_entities_besides_the_centre(run_query):
    rows = run_query("network-around", id=FENNA, types=["Person", "Company"])
    # Thijs (one hop) and the courier firm (two hops, through the parcels, which are not kept)
    assert network(rows) == {
        FENNA: [],
        "person-thijs-van-rijswijk": ["person-thijs-van-rijswijk>CONTACT>person-fenna-bakker"],
        "company-pakjesdienst-vlaanderen": [],
    }


def test_network_around_min_grading_follows_only_links_graded_that_well(run_query):
    # be-2019-ant-xtc-parcels-postal (default A2): only Fenna's use of the car is graded A2;
    # her SENDS, EMPLOYS and CONTACT links are B2, Thijs's use of the car C3.
    assert network(run_query("network-around", id=FENNA, min_grading="A2")) == {
        FENNA: ["person-fenna-bakker>USES>vehicle-nl-kz-208-p"], "vehicle-nl-kz-208-p": []}


def test_network_around_min_grading_draws_no_weaker_link(run_query):
    rows = run_query("network-around", id=FENNA, min_grading="B2")
    # Every entity of the two-hop network is reached through links graded B2 or better, but
    # Thijs's use of the car (C3) is neither followed nor drawn.
    expected = {**FENNA_TWO_HOPS, "person-thijs-van-rijswijk": [
        "person-thijs-van-rijswijk>CONTACT>person-fenna-bakker",
        "person-thijs-van-rijswijk>MEMBER_OF>org-van-rijswijk-webshop"]}
    assert network(rows) == expected


def test_network_around_limit_keeps_the_nearest_by_id(run_query):
    rows = run_query("network-around", id=FENNA, limit=3)
    # the centre and the first three one-hop neighbours by id (the car is cut)
    assert [row["node"].properties["id"] for row in rows] == [
        "org-van-rijswijk-webshop", FENNA, "person-thijs-van-rijswijk",
        "shipment-2019-xtc-parcels-turnhout"]
    assert network(rows)[FENNA] == ["person-fenna-bakker>SENDS>shipment-2019-xtc-parcels-turnhout"]


def test_network_around_refuses_more_than_three_hops(run_query):
    with pytest.raises(InvalidInput, match="hops"):
        run_query("network-around", id=FENNA, hops=4)


# --- shortest-path ------------------------------------------------------------------------

def shortest(run_query, **params) -> list[tuple]:
    rows = run_query("shortest-path", **params)
    for row in rows:
        assert path_ids(row["path"]) == row["ids"]
        assert len(row["path"].relationships) == row["length"]
    return [(row["length"], row["ids"], row["weakest_grading"]) for row in rows]


def test_shortest_path_lists_every_shortest_chain_with_its_weakest_grading(run_query):
    assert shortest(run_query, **{"from": "person-jeroen-vos",
                                  "to": "plantation-be-baarle-hertog-2017"}) == [
        # MEMBER_OF Kempen-crew (B2: Lommel, Baarle-Hertog, MLA growshop), the crew OPERATES
        # the Baarle-Hertog plantation (B2: Baarle-Hertog file)
        (2, ["person-jeroen-vos", "org-kempen-crew", "plantation-be-baarle-hertog-2017"], "B2"),
        # CONTACT with Bart Mutsaers (C2: Vught interview), who OPERATES it (A2: Baarle-Hertog)
        (2, ["person-jeroen-vos", "person-bart-mutsaers", "plantation-be-baarle-hertog-2017"],
         "C2"),
    ]


def test_shortest_path_weakest_grading_takes_each_scale_separately(run_query):
    assert shortest(run_query, **{"from": "person-wesley-lambrechts",
                                  "to": "growshop-nl-de-kas"}) == [
        # CONTACT with Koen Claeys (B4: nl-2015 sites exchange), Koen's CONTACT with Bart
        # Mutsaers (B2: Baarle-Hertog), Bart BOUGHT_EQUIPMENT_AT De Kas (C2: Vught interview):
        # worst reliability C, worst information 4
        (3, ["person-wesley-lambrechts", "person-koen-claeys", "person-bart-mutsaers",
             "growshop-nl-de-kas"], "C4"),
    ]


def test_shortest_path_crosses_from_retail_courier_to_the_import_group(run_query):
    assert shortest(run_query, **{"from": "person-brent-aerts", "to": "person-hans-dekker"}) == [
        # CONTACT with the dispatcher (B2: call-centre file BE), the Dekker group SUPPLIES the
        # dispatcher (B3: Roosendaal file), Hans Dekker is MEMBER_OF it (B3: three files)
        (3, ["person-brent-aerts", "person-dylan-schouten", "org-dekker-group",
             "person-hans-dekker"], "B3"),
    ]


def test_shortest_path_limit_and_unconnected_entities(run_query):
    params = {"from": "person-jeroen-vos", "to": "plantation-be-baarle-hertog-2017"}
    assert [row["ids"][1] for row in run_query("shortest-path", **params, limit=1)] == \
        ["org-kempen-crew"]
    # The Kempen-crew's cannabis network has no operational link to the cocaine side
    # (only places and case files connect them), so no path within 6 links:
    assert run_query("shortest-path", **{"from": "person-jeroen-vos",
                                         "to": "person-hans-dekker"}) == []
    assert run_query("shortest-path", **{"from": "person-jeroen-vos",
                                         "to": "person-jeroen-vos"}) == []


def test_shortest_path_does_not_go_through_places_or_case_files(run_query):
    # Koen Claeys and Luc Smeets are both named in Limburg files and tied to Lommel, but
    # nothing operational connects the cannabis growers to the conversion lab.
    assert run_query("shortest-path", **{"from": "person-koen-claeys",
                                         "to": "person-luc-smeets"}) == []


BOTH_WAYS = {"calls.yaml": """
case: {id: be-2021-test-calls, country: BE, kind: police_report, opened_on: 2021-03-01,
       agency: Testpolitie, grading: B2}
entities:
  - {type: Person, id: person-test-a, properties: {name: Testpersoon A}}
  - {type: Person, id: person-test-b, properties: {name: Testpersoon B}}
  - {type: Person, id: person-test-c, properties: {name: Testpersoon C}}
  - {type: Person, id: person-test-d, properties: {name: Testpersoon D}}
links:
  - {type: CONTACT, source: person-test-a, target: person-test-b, grading: C3}
  - {type: CONTACT, source: person-test-b, target: person-test-a, grading: A1}
  - {type: CONTACT, source: person-test-b, target: person-test-c}
  - {type: CONTACT, source: person-test-c, target: person-test-b}
  - {type: CONTACT, source: person-test-a, target: person-test-d}
  - {type: CONTACT, source: person-test-d, target: person-test-c}
"""}


def test_shortest_path_lists_each_chain_of_entities_once(run_on_dossiers):
    # a and b call each other, so do b and c: four chains of links, one chain of people,
    # and a second one through d; the limit counts chains of entities
    run = run_on_dossiers(BOTH_WAYS)
    rows = run("shortest-path", **{"from": "person-test-a", "to": "person-test-c"})
    assert [(r["ids"], r["variants"]) for r in rows] == [
        (["person-test-a", "person-test-b", "person-test-c"], 4),
        (["person-test-a", "person-test-d", "person-test-c"], 1)]
    # the chain drawn is the best graded of its variants: b→a (A1), not a→b (C3)
    assert rows[0]["weakest_grading"] == "B2"
    assert [r.type for r in rows[0]["path"].relationships] == ["CONTACT", "CONTACT"]
    assert rows[0]["path"].relationships[0].properties["grading"] == "A1"
    assert len(run("shortest-path", **{"from": "person-test-a", "to": "person-test-c",
                                       "limit": 2})) == 2


def test_shortest_path_needs_both_ends(run_query):
    with pytest.raises(InvalidInput, match="to"):
        run_query("shortest-path", **{"from": "person-jeroen-vos"})


# --- connecting-network -------------------------------------------------------------------

def test_connecting_network_gives_every_pair_its_shortest_chains(run_query):
    rows = run_query("connecting-network", ids=["person-jeroen-vos", "person-hans-dekker",
                                               "person-brent-aerts",
                                               "plantation-be-baarle-hertog-2017"])
    got = [(row["from_entity"].properties["id"], row["to_entity"].properties["id"],
            row["length"], [path_ids(p) for p in row["paths"]]) for row in rows]
    assert got == [
        # courier -> dispatcher -> Dekker group -> its leader (call-centre files, Roosendaal)
        ("person-brent-aerts", "person-hans-dekker", 3,
         [["person-brent-aerts", "person-dylan-schouten", "org-dekker-group",
           "person-hans-dekker"]]),
        # cocaine retail and the Kempen-crew's cannabis network are not connected
        ("person-brent-aerts", "person-jeroen-vos", None, []),
        ("person-brent-aerts", "plantation-be-baarle-hertog-2017", None, []),
        ("person-hans-dekker", "person-jeroen-vos", None, []),
        ("person-hans-dekker", "plantation-be-baarle-hertog-2017", None, []),
        # through the crew (member, operates) or through Bart Mutsaers (contact, operates)
        ("person-jeroen-vos", "plantation-be-baarle-hertog-2017", 2,
         [["person-jeroen-vos", "org-kempen-crew", "plantation-be-baarle-hertog-2017"],
          ["person-jeroen-vos", "person-bart-mutsaers", "plantation-be-baarle-hertog-2017"]]),
    ]


def test_connecting_network_limit_is_per_pair_and_one_id_gives_nothing(run_query):
    rows = run_query("connecting-network", limit=1,
                     ids=["person-jeroen-vos", "plantation-be-baarle-hertog-2017"])
    assert [[path_ids(p) for p in row["paths"]] for row in rows] == [
        [["person-jeroen-vos", "org-kempen-crew", "plantation-be-baarle-hertog-2017"]]]
    assert run_query("connecting-network", ids=["person-jeroen-vos"]) == []


def test_connecting_network_needs_ids(run_query):
    with pytest.raises(InvalidInput, match="ids"):
        run_query("connecting-network")


# --- shared-phones-vehicles-addresses -----------------------------------------------------

SHARED = [
    # both USES the same phone (Baarle-Hertog file)
    ("person-bart-mutsaers", "person-jeroen-vos", ["Phone +31 6 0000 3391"], [BAARLE]),
    # the dispatcher RENTS the car in cash, the courier USES it (call-centre file BE)
    ("person-brent-aerts", "person-dylan-schouten", ["Vehicle 1-TVX-905"], [CALLCENTRE_BE]),
    # two couriers share a work phone and the car (call-centre file BE)
    ("person-brent-aerts", "person-sem-jacobs", ["Phone +32 470 00 08 33", "Vehicle 1-TVX-905"],
     [CALLCENTRE_BE]),
    # leader and cook on one encrypted phone (Venlo production-lab file)
    ("person-dennis-verhoeven", "person-ricardo-hermans", ["Phone +31 6 0000 4410"],
     ["nl-2017-lim-production-lab-venlo"]),
    # dispatcher and caller on the order number (call-centre file BE)
    ("person-dylan-schouten", "person-romy-de-wit", ["Phone +31 6 0000 5120"], [CALLCENTRE_BE]),
    ("person-dylan-schouten", "person-sem-jacobs", ["Vehicle 1-TVX-905"], [CALLCENTRE_BE]),
    # skipper and deckhand on the yacht (marina seizure)
    ("person-erik-van-leeuwen", "person-pieter-jan-smolders",
     ["Vehicle Zeemeeuw II (NL 4471 ROE)"], ["be-2020-lim-seizure-marina-maasmechelen"]),
    # courier and webshop leader use the same car (xtc parcels file)
    ("person-fenna-bakker", "person-thijs-van-rijswijk", ["Vehicle KZ-208-P"],
     ["be-2019-ant-xtc-parcels-postal"]),
    # phone and van in the Lommel file; the 2008 police report has Jeroen in the van too
    ("person-jeroen-vos", "person-koen-claeys", ["Phone +32 470 00 04 12", "Vehicle 1-KMP-482"],
     [LOMMEL, PV_2008]),
    # two dockworkers in the van the crew rented (container extraction)
    ("person-jonas-van-hoeck", "person-kevin-de-smet", ["Vehicle 2-SCP-118"], [CONTAINER]),
    # courier and leader on the order number (2012 police report in the NL bundle)
    ("person-kim-verhagen", "person-sander-van-oorschot", ["Phone +31 6 0000 2208"],
     ["nl-2012-zwb-pv-baarle-couriers"]),
    # courier and leader on the order number (Turnhout couriers report)
    ("person-lotte-verschuren", "person-sander-van-oorschot", ["Phone +31 6 0000 7713"],
     ["be-2013-ant-cannabis-retail-couriers"]),
]


def shared(rows) -> list[tuple]:
    return [(row["person_a"], row["person_b"], row["shared"], sorted(row["case_files"]))
            for row in rows]


def test_shared_phones_vehicles_addresses_lists_every_pair(run_query):
    rows = run_query("shared-phones-vehicles-addresses")
    assert shared(rows) == SHARED
    assert rows[2]["shared_ids"] == ["phone-be-0470000833", "vehicle-be-1-tvx-905"]
    assert (rows[2]["name_a"], rows[2]["name_b"]) == ("Brent Aerts", "Sem Jacobs")


def test_shared_kinds_narrows_what_is_shared(run_query):
    phones = [(a, b, [s for s in things if s.startswith("Phone")], cases)
              for a, b, things, cases in SHARED if any(s.startswith("Phone") for s in things)]
    rows = run_query("shared-phones-vehicles-addresses", kinds=["Phone"])
    assert [(a, b, things) for a, b, things, _ in shared(rows)] == \
        [(a, b, things) for a, b, things, _ in phones]
    # no two persons rent or run the same premises in the demo
    assert run_query("shared-phones-vehicles-addresses", kinds=["Premises"]) == []


def test_shared_kinds_are_checked(run_query):
    with pytest.raises(InvalidInput, match="kinds"):
        run_query("shared-phones-vehicles-addresses", kinds=["Boat"])


# --- persons-in-belgian-and-dutch-organisations -------------------------------------------

def test_persons_tied_to_belgian_and_dutch_organisations(run_query):
    rows = run_query("persons-in-belgian-and-dutch-organisations")
    assert [(r["person"], r["belgian_organisations"], r["dutch_organisations"], r["ties"])
            for r in rows] == [
        ("person-jonas-van-hoeck", ["org-linkeroever-crew"], ["org-dekker-group"], [
            # dockworker of the Antwerp crew (container extraction)
            f"member of Linkeroever-crew (BE): {CONTAINER}",
            # later extracts in Rotterdam on behalf of the Dekker group (Rotterdam seizure)
            "extracts for Groep Dekker (NL): nl-2018-rot-seizure-rotterdam"]),
        ("person-kevin-de-smet", ["org-linkeroever-crew"], ["org-dekker-group"], [
            # dockworker of the crew, extracting for the Dekker group (container extraction)
            f"member of Linkeroever-crew (BE): {CONTAINER}",
            f"extracts for Groep Dekker (NL): {CONTAINER}"]),
    ]
    assert [(r["name"], r["residence_country"]) for r in rows] == [
        ("Jonas Van Hoeck", "BE"), ("Kevin De Smet", "BE")]


def test_persons_in_both_without_extractions(run_query):
    # Membership and employment alone: every demo person belongs to or works for groups of
    # one country only (Kempen-crew and Linkeroever-crew are the Belgian groups; the Dutch
    # Jeroen Vos and Bart Mutsaers belong only to the Belgian Kempen-crew).
    assert run_query("persons-in-belgian-and-dutch-organisations", extractions=False) == []


# --- facilitators-tied-to-sites -----------------------------------------------------------

FACILITATORS = [
    # supplied APAA to the Lommel lab (Venlo file) and PMK-glycidate and acetone to the
    # Maasmechelen lab (conversion-lab file)
    ("company-chemiehandel-noord", "chemical_supplier", "BE",
     ["lab-be-lommel-2018", "lab-be-maasmechelen-2017"]),
    # potting soil for Baarle-Hertog, tents and lamps for the Mol attic
    ("growshop-be-de-kempen", "growshop", "BE",
     ["plantation-be-baarle-hertog-2017", "plantation-be-mol-2015"]),
    # lamps for Baarle-Hertog and bought part of its harvest; gear for Tilburg 2011 (interview)
    ("growshop-nl-de-kas", "growshop", "NL",
     ["plantation-be-baarle-hertog-2017", "plantation-nl-tilburg-2011"]),
    # lamps for Lommel (Lommel, MLA, Valkenswaard files) and for Venlo 2015 (sites exchange)
    ("growshop-nl-het-groene-licht", "growshop", "NL",
     ["plantation-be-lommel-2014", "plantation-nl-venlo-2015"]),
]
# Each renting out one building (RENTS from_company): the Baarle-Hertog barn, the courier
# depot account (xtc parcels file), the Antwerp warehouse (cocaine import file).
ONE_SITE = [
    ("company-immo-de-zandloper", "real_estate", "BE", ["premises-be-baarle-hertog-schuur"]),
    ("company-pakjesdienst-vlaanderen", "postal_courier", "BE",
     ["premises-be-turnhout-depot-account"]),
    ("company-transport-verlinden-marechal", "transport", "BE",
     ["premises-be-antwerpen-loods-haven"]),
]


def facilitators(rows) -> list[tuple]:
    for row in rows:
        assert row["site_count"] == len(row["sites"])
    return [(r["facilitator"], r["kind"], r["country"], r["sites"]) for r in rows]


def test_facilitators_tied_to_two_sites(run_query):
    rows = run_query("facilitators-tied-to-sites")
    # The utility Energienet Noorderkempen is named in the Lommel and Baarle-Hertog files
    # (stolen electricity) but has no link to either plantation, so it is not listed.
    assert facilitators(rows) == FACILITATORS
    assert rows[2]["ties"] == [
        f"bought harvest of plantation-be-baarle-hertog-2017: {BAARLE}",
        f"sold equipment to plantation-be-baarle-hertog-2017: {BAARLE}",
        f"sold equipment to plantation-nl-tilburg-2011: {INTERVIEW_NL}"]
    assert rows[3]["ties"][0] == ("sold equipment to plantation-be-lommel-2014: "
                                  f"{LOMMEL}, {MLA_GROWSHOP}, {GROWSHOP_NL}")


def test_facilitators_min_sites(run_query):
    assert facilitators(run_query("facilitators-tied-to-sites", min_sites=1)) == \
        FACILITATORS + ONE_SITE
    assert run_query("facilitators-tied-to-sites", min_sites=3) == []
    with pytest.raises(InvalidInput, match="min_sites"):
        run_query("facilitators-tied-to-sites", min_sites=0)


# --- entity-timeline ----------------------------------------------------------------------

def test_entity_timeline_of_jeroen_vos(run_query):
    rows = run_query("entity-timeline", id="person-jeroen-vos")
    assert [(r["first_seen"], r["last_seen"], r["relationship"], r["direction"], r["other"],
             r["grading"], sorted(r["case_files"])) for r in rows] == [
        # bought a kit in 2008 (2008 police report), again on 2013-08-30 (MLA, Valkenswaard
        # file); the Lommel file gives no date, so its opening day 2014-03-18 counts
        ("2008-09-10", "2014-03-18", "BOUGHT_EQUIPMENT_AT", "outgoing",
         "growshop-nl-het-groene-licht", "A2", [LOMMEL, MLA_GROWSHOP, PV_2008, GROWSHOP_NL]),
        # the Belgian van: 2008 police report (B2) and Lommel file (B2)
        ("2008-09-10", "2014-03-18", "USES", "outgoing", "vehicle-be-1-kmp-482", "B2",
         [LOMMEL, PV_2008]),
        ("2008-09-22", "2008-09-22", "MENTIONED_IN", "outgoing", PV_2008, "B3", [PV_2008]),
        # met Bart Mutsaers on 2013-01-15 (Vught interview, C2)
        ("2013-01-15", "2013-01-15", "CONTACT", "incoming", "person-bart-mutsaers", "C2",
         [INTERVIEW_NL]),
        # 214 calls with Koen Claeys up to 2014-02-28 (Lommel)
        ("2014-02-28", "2014-02-28", "CONTACT", "outgoing", "person-koen-claeys", "B2", [LOMMEL]),
        ("2014-03-18", "2014-03-18", "MENTIONED_IN", "outgoing", LOMMEL, "B2", [LOMMEL]),
        ("2014-03-18", "2014-03-18", "USES", "outgoing", "phone-be-0470000412", "B2", [LOMMEL]),
        # lives in Valkenswaard (Lommel A2, Valkenswaard file)
        ("2014-03-18", "2016-02-09", "LOCATED_IN", "outgoing", "loc-nl-valkenswaard", "A2",
         [LOMMEL, GROWSHOP_NL]),
        # leader of the Kempen-crew (Lommel, MLA growshop, Baarle-Hertog)
        ("2014-03-18", "2017-05-22", "MEMBER_OF", "outgoing", "org-kempen-crew", "B2",
         [LOMMEL, MLA_GROWSHOP, BAARLE]),
        # meetings with the grow-shop owner (Valkenswaard file, A2)
        ("2016-02-09", "2016-02-09", "CONTACT", "incoming", "person-ruud-van-beek", "A2",
         [GROWSHOP_NL]),
        ("2016-02-09", "2016-02-09", "MENTIONED_IN", "outgoing", GROWSHOP_NL, "A2", [GROWSHOP_NL]),
        ("2016-06-13", "2016-06-13", "MENTIONED_IN", "outgoing", MLA_GROWSHOP, "B2",
         [MLA_GROWSHOP]),
        ("2017-05-22", "2017-05-22", "MENTIONED_IN", "outgoing", BAARLE, "B2", [BAARLE]),
        ("2017-05-22", "2017-05-22", "USES", "outgoing", "phone-nl-0600003391", "B2", [BAARLE]),
        ("2017-11-21", "2017-11-21", "MENTIONED_IN", "outgoing", INTERVIEW_BE, "C3",
         [INTERVIEW_BE]),
        # ran the 2008 Valkenswaard plantation, as Koen Claeys told (interview, C3)
        ("2017-11-21", "2017-11-21", "OPERATES", "outgoing", "plantation-nl-valkenswaard-2008",
         "C3", [INTERVIEW_BE]),
        ("2018-03-07", "2018-03-07", "MENTIONED_IN", "outgoing", INTERVIEW_NL, "C2",
         [INTERVIEW_NL]),
    ]
    assert rows[2]["other_type"] == "CaseFile"
    assert rows[2]["other_name"] == "Growshop Het Groene Licht verkoopt kweekpakketten aan Belgen"
    assert (rows[3]["other_type"], rows[3]["other_name"]) == ("Person", "Bart Mutsaers")


def test_entity_timeline_of_an_unknown_id_is_empty(run_query):
    assert run_query("entity-timeline", id="person-nobody") == []


# --- case-file-provenance -----------------------------------------------------------------

def provenance(rows) -> list[tuple]:
    return [(row["entity"].properties["id"], [r.properties["id"] for r in row["relationships"]],
             row["gradings"]) for row in rows]


def test_case_file_provenance_of_the_mla_request(run_query):
    rows = run_query("case-file-provenance", case=MLA_GROWSHOP)
    assert provenance(rows) == [
        # the request itself, to the Dutch grow-shop file (case grading B2)
        (MLA_GROWSHOP, [f"{MLA_GROWSHOP}>ASSISTANCE_REQUEST>{GROWSHOP_NL}"], ["B2"]),
        ("growshop-nl-het-groene-licht", [], []),
        # the Dutch file it is sent to: drawn as the request's other end
        (GROWSHOP_NL, [], []),
        ("org-kempen-crew", [], []),
        # purchases graded A2, membership at the case grading B2
        ("person-jeroen-vos", ["person-jeroen-vos>BOUGHT_EQUIPMENT_AT>growshop-nl-het-groene-licht",
                               "person-jeroen-vos>MEMBER_OF>org-kempen-crew"], ["A2", "B2"]),
        ("plantation-be-lommel-2014",
         ["plantation-be-lommel-2014>BOUGHT_EQUIPMENT_AT>growshop-nl-het-groene-licht"], ["A2"]),
    ]
    assert isinstance(rows[0]["entity"], GraphNode)
    assert rows[0]["entity"].labels == ("CaseFile",)


def test_case_file_provenance_of_the_vught_interview(run_query):
    rows = run_query("case-file-provenance", case=INTERVIEW_NL)
    by_entity = {entity: list(zip(links, gradings, strict=True)) for entity, links, gradings
                 in provenance(rows)}
    # everything the respondent said is graded C2 (the file's grading) except the Tilburg
    # plantation's sales, graded C3
    assert by_entity["plantation-nl-tilburg-2011"] == [
        ("plantation-nl-tilburg-2011>BOUGHT_EQUIPMENT_AT>growshop-nl-de-kas", "C2"),
        ("plantation-nl-tilburg-2011>LOCATED_IN>loc-nl-tilburg", "C2"),
        ("plantation-nl-tilburg-2011>SELLS_TO>coffeeshop-nl-cafe-reverie", "C3")]
    assert by_entity["person-bart-mutsaers"] == [
        ("person-bart-mutsaers>BOUGHT_EQUIPMENT_AT>growshop-nl-de-kas", "C2"),
        ("person-bart-mutsaers>CONTACT>person-jeroen-vos", "C2"),
        ("person-bart-mutsaers>OPERATES>plantation-nl-tilburg-2011", "C2"),
        ("person-bart-mutsaers>SELLS_TO>coffeeshop-nl-cafe-reverie", "C2")]
    # named entities without a link of their own in this file; the Taskforce and the
    # Baarle-Hertog plantation are references
    assert list(by_entity) == [
        INTERVIEW_NL, "coffeeshop-nl-cafe-reverie", "growshop-nl-de-kas",
        "intervention-nl-taskforce-brabant-zeeland", "loc-nl-tilburg", "person-bart-mutsaers",
        "person-jeroen-vos", "plantation-be-baarle-hertog-2017", "plantation-nl-tilburg-2011"]


def test_case_file_provenance_of_an_unknown_case_is_empty(run_query):
    assert run_query("case-file-provenance", case="be-1999-nothing") == []



def test_case_file_provenance_follows_every_type_but_mentions(library, ontology):
    """The query names the types it follows, so a hub named in thousands of case files does
    not walk every mention: a type added to the ontology must be named there too."""
    cypher = library.queries["case-file-provenance"].cypher
    followed = [set(types.split("|")) for types in re.findall(r"\[link:([A-Z_|]+)\]", cypher)]
    assert len(followed) == 2
    stated = {r.name for r in ontology.relationships.values() if not r.derived}
    assert all(types == stated - {"MENTIONED_IN"} for types in followed)

# --- vulnerable-persons -------------------------------------------------------------------

def test_vulnerable_persons_and_how_they_are_used(run_query):
    rows = run_query("vulnerable-persons")
    assert [(r["person"], r["roles"], r["employed_by"], r["member_of"], r["delivers_in"],
             r["rents"], r["case_files"]) for r in rows] == [
        # 17-year-old courier of the call centre, delivers in Antwerp (both JIT files)
        ("person-brent-aerts", ["courier"], ["Bellijn De Snelle Levering (koerier)"], [],
         ["Antwerpen"], [], [CALLCENTRE_BE, CALLCENTRE_NL]),
        # 17-year-old courier stopped crossing into Baarle-Hertog (2012 police report, bundle)
        ("person-kim-verhagen", ["courier"], ["Groep Van Oorschot (koerier)"], [],
         ["Baarle-Hertog"], [], ["nl-2012-zwb-pv-baarle-couriers"]),
        # young courier of the Tilburg group (Turnhout couriers report)
        ("person-lotte-verschuren", ["courier"], ["Groep Van Oorschot (koerier)"], [],
         ["Baarle-Hertog", "Turnhout"], [], ["be-2013-ant-cannabis-retail-couriers"]),
        # indebted user as courier in Ghent and Hasselt (call-centre file BE)
        ("person-maite-goossens", ["courier", "user"], ["Bellijn De Snelle Levering (koerier)"],
         [], ["Gent", "Hasselt"], [], [CALLCENTRE_BE]),
        # front man ("stroman") who rented the Lommel warehouse in cash (Lommel)
        ("person-noel-vermeulen", ["front_man"], [], ["Kempen-crew (stroman)"], [],
         ["premises-be-lommel-loods"], [LOMMEL]),
    ]
    # Joris Habets, the young courier of the 2020 webshop report, is recorded as not
    # vulnerable (vulnerable: false in the bundle) and is not listed.
    assert rows[0]["birth_date"] == "2003-09-12"


# --- weakly-sourced-links -----------------------------------------------------------------

# Links resting only on reliability C or worse, or information 4, by the dossiers' gradings.
WEAK_C_OR_4 = [
    # X3: message contact found in the Maastricht webshop report (bundle)
    ("person-luuk-janssen", "CONTACT", "person-sander-van-oorschot", "X3"),
    # C4: the Belgian grower's claim of selling in Tilburg (interview BE)
    ("person-koen-claeys", "SELLS_TO", "coffeeshop-nl-cafe-reverie", "C4"),
    # C3: the rest of the Belgian interview (file grading C3)
    ("person-jeroen-vos", "OPERATES", "plantation-nl-valkenswaard-2008", "C3"),
    # C3: the French buyer's place in his network (cocaine import file)
    ("person-jerome-lefevre", "MEMBER_OF", "org-reseau-lefevre", "C3"),
    ("person-koen-claeys", "BOUGHT_EQUIPMENT_AT", "growshop-nl-het-groene-licht", "C3"),
    ("person-koen-claeys", "OPERATES", "plantation-nl-valkenswaard-2008", "C3"),
    ("person-koen-claeys", "SELLS_TO", "coffeeshop-nl-de-kolibrie", "C3"),
    # C3: deliveries in Hasselt (call-centre file BE)
    ("person-maite-goossens", "DELIVERS_IN", "loc-be-hasselt", "C3"),
    # C3: the leader also driving the courier's car (xtc parcels file)
    ("person-thijs-van-rijswijk", "USES", "vehicle-nl-kz-208-p", "C3"),
    # C3: harvest sales of the Baarle-Hertog, Lommel, Mol, Maastricht and Tilburg sites
    ("plantation-be-baarle-hertog-2017", "SELLS_TO", "growshop-nl-de-kas", "C3"),
    ("plantation-be-lommel-2014", "SELLS_TO", "coffeeshop-nl-de-kolibrie", "C3"),
    ("plantation-be-mol-2015", "SELLS_TO", "person-jens-wuyts", "C3"),
    ("plantation-nl-maastricht-2015", "SELLS_TO", "coffeeshop-nl-de-wilde-kastanje", "C3"),
    ("plantation-nl-tilburg-2011", "SELLS_TO", "coffeeshop-nl-cafe-reverie", "C3"),
    ("plantation-nl-valkenswaard-2008", "LOCATED_IN", "loc-nl-valkenswaard", "C3"),
    # C2: the Maastricht webshop report (bundle, file grading C2)
    ("org-groene-post-webshop", "LOCATED_IN", "loc-nl-maastricht", "C2"),
    # C2: the Dutch grower's interview (file grading C2)
    ("person-bart-mutsaers", "BOUGHT_EQUIPMENT_AT", "growshop-nl-de-kas", "C2"),
    ("person-bart-mutsaers", "CONTACT", "person-jeroen-vos", "C2"),
    ("person-bart-mutsaers", "OPERATES", "plantation-nl-tilburg-2011", "C2"),
    ("person-bart-mutsaers", "SELLS_TO", "coffeeshop-nl-cafe-reverie", "C2"),
    ("person-joris-habets", "DELIVERS_IN", "loc-be-liege", "C2"),
    ("person-luuk-janssen", "MEMBER_OF", "org-groene-post-webshop", "C2"),
    # C2: potting soil bought in Belgium (Baarle-Hertog file)
    ("plantation-be-baarle-hertog-2017", "BOUGHT_EQUIPMENT_AT", "growshop-be-de-kempen", "C2"),
    ("plantation-nl-tilburg-2011", "BOUGHT_EQUIPMENT_AT", "growshop-nl-de-kas", "C2"),
    ("plantation-nl-tilburg-2011", "LOCATED_IN", "loc-nl-tilburg", "C2"),
    # B4: calls between the Venlo grower and Koen Claeys (sites exchange)
    ("person-wesley-lambrechts", "CONTACT", "person-koen-claeys", "B4"),
]


def weak(rows) -> list[tuple]:
    return [(r["from_id"], r["relationship"], r["to_id"], r["grading"]) for r in rows]


def test_weakly_sourced_links_with_reliability_c_or_information_4(run_query):
    rows = run_query("weakly-sourced-links", weak_source="C", weak_information=4)
    assert weak(rows) == WEAK_C_OR_4
    # each rests on one case file only
    assert {r["case_count"] for r in rows} == {1}
    assert rows[0]["gradings"] == ["nl-2020-lim-pv-maastricht-webshop=X3"]
    assert (rows[0]["first_seen"], rows[0]["last_seen"]) == ("2019-12-01", "2019-12-01")


def test_weakly_sourced_links_by_default_include_unconfirmed_information(run_query):
    rows = {(r["from_id"], r["relationship"], r["to_id"]): r
            for r in run_query("weakly-sourced-links")}
    assert set(weak(rows.values())) >= set(WEAK_C_OR_4)
    # B3 in all three files naming it (container extraction, Rotterdam seizure, Roosendaal)
    hans = rows[("person-hans-dekker", "MEMBER_OF", "org-dekker-group")]
    assert (hans["grading"], hans["case_count"]) == ("B3", 3)
    # B3 twice: the Antwerp crew's 300 kg to the Dekker group (import file, Dutch MLA)
    supply = rows[("org-linkeroever-crew", "SUPPLIES", "org-dekker-group")]
    assert (supply["grading"], supply["case_count"]) == ("B3", 2)
    # the front man's membership (B3, Lommel) is weak; the grower's (B2) is not
    assert ("person-noel-vermeulen", "MEMBER_OF", "org-kempen-crew") in rows
    assert ("person-koen-claeys", "MEMBER_OF", "org-kempen-crew") not in rows
    # the Rotterdam seizure is graded A1 but Jonas's extraction in it B3
    assert ("person-jonas-van-hoeck", "EXTRACTS", "shipment-2018-cocaine-rotterdam") in rows
    # case files and the place hierarchy are not links to corroborate
    assert not {key[1] for key in rows} & {"MENTIONED_IN", "PART_OF"}


def test_weakly_sourced_links_thresholds_are_checked(run_query):
    with pytest.raises(InvalidInput, match="weak_source"):
        run_query("weakly-sourced-links", weak_source="A")
    with pytest.raises(InvalidInput, match="weak_information"):
        run_query("weakly-sourced-links", weak_information=5)


# --- rules the demo cannot show: two small dossiers of our own ------------------------------

SMALL_CASES = {
    "one.yaml": """
case: {id: be-2020-test-one, country: BE, kind: police_report, opened_on: 2020-01-10,
       agency: Testpolitie, grading: C3}
entities:
  - {type: Person, id: person-test-a, properties: {name: Testpersoon A}}
  - {type: Person, id: person-test-b, properties: {name: Testpersoon B}}
  - {type: Person, id: person-test-c, properties: {name: Testpersoon C}}
  - type: Premises
    id: premises-test-1
    properties: {kind: stash, address: "Teststraat 1, Testdorp"}
  - type: Premises
    id: premises-test-3
    properties: {kind: stash, address: "Teststraat 3, Testdorp"}
links:
  - {type: RENTS, source: person-test-a, target: premises-test-1, properties: {cash: true}}
  - {type: RENTS, source: person-test-c, target: premises-test-3}
  - {type: CONTACT, source: person-test-a, target: person-test-b}
  - {type: CONTACT, source: person-test-a, target: person-test-c, grading: X4}
  - {type: CONTACT, source: person-test-b, target: person-test-c}
""",
    "two.yaml": """
case: {id: nl-2020-test-two, country: NL, kind: police_report, opened_on: 2020-02-20,
       agency: Testpolitie NL, grading: B2}
entities:
  - {type: Person, id: person-test-a, properties: {name: Testpersoon A}}
  - {type: Person, id: person-test-b, properties: {name: Testpersoon B}}
  - {type: Person, id: person-test-c, properties: {name: Testpersoon C}}
  - type: Premises
    id: premises-test-2
    properties: {kind: storage, address: " TESTSTRAAT 1, TESTDORP"}
links:
  - {type: OPERATES, source: person-test-b, target: premises-test-2}
  - {type: CONTACT, source: person-test-a, target: person-test-b}
  - {type: CONTACT, source: person-test-b, target: person-test-c, grading: B3}
""",
}


@pytest.fixture
def run_small(run_on_dossiers):
    return run_on_dossiers(SMALL_CASES)


def test_premises_with_the_same_address_count_as_one_place(run_small):
    rows = run_small("shared-phones-vehicles-addresses")
    # A rents premises 1 (file one), B runs premises 2 at the same address in other case
    # and spacing (file two); C's premises are elsewhere.
    assert [(r["person_a"], r["person_b"], r["shared_ids"], sorted(r["case_files"]))
            for r in rows] == [
        ("person-test-a", "person-test-b", ["premises-test-1", "premises-test-2"],
         ["be-2020-test-one", "nl-2020-test-two"])]
    assert rows[0]["shared"] == ["Premises Teststraat 1, Testdorp",
                                 "Premises TESTSTRAAT 1, TESTDORP"]


def test_one_well_graded_file_takes_a_link_off_the_weak_list(run_small):
    rows = run_small("weakly-sourced-links")
    # A-B: C3 in file one but B2 in file two, so not weak. A-C: X4 in file one only.
    # B-C: C3 and B3, weak in both files.
    assert [(r["from_id"], r["to_id"], r["grading"], r["case_count"], sorted(r["gradings"]))
            for r in rows if r["relationship"] == "CONTACT"] == [
        ("person-test-a", "person-test-c", "X4", 1, ["be-2020-test-one=X4"]),
        ("person-test-b", "person-test-c", "B3", 2,
         ["be-2020-test-one=C3", "nl-2020-test-two=B3"]),
    ]


def test_case_file_provenance_gives_the_grading_of_that_file(run_small):
    def contacts(case: str) -> dict[str, str]:
        rows = run_small("case-file-provenance", case=case)
        return {r.properties["id"]: grading for row in rows
                for r, grading in zip(row["relationships"], row["gradings"], strict=True)
                if r.type == "CONTACT"}

    # the A-B contact is graded B2 overall, but C3 by file one
    assert contacts("be-2020-test-one") == {
        "person-test-a>CONTACT>person-test-b": "C3",
        "person-test-a>CONTACT>person-test-c": "X4",
        "person-test-b>CONTACT>person-test-c": "C3"}
    assert contacts("nl-2020-test-two") == {
        "person-test-a>CONTACT>person-test-b": "B2",
        "person-test-b>CONTACT>person-test-c": "B3"}


# --- key-players-by-score: reads what `dismark metrics --write` stored -----------------------

def test_key_players_by_a_stored_score(run_on_dossiers, falkor_store, ontology):
    from graph.analysis.scores import write_scores
    from graph.analysis.to_networkx import export_network

    run = run_on_dossiers(SMALL_CASES)
    graph = export_network(falkor_store, ontology)
    at = "2026-11-22T10:00:00+00:00"
    write_scores(falkor_store, ontology, graph, "betweenness",
                 {"person-test-a": 0.5, "person-test-b": 0.5, "person-test-c": 0.0}, at=at)
    rows = run("key-players-by-score", measure="betweenness", limit=2)
    # ties at 0.5 are broken by id; C (0.0) is cut by the limit
    assert [(r["id"], r["score"], r["computed_at"]) for r in rows] == [
        ("person-test-a", 0.5, at), ("person-test-b", 0.5, at)]
    assert run("key-players-by-score", measure="pagerank") == []  # never written
    assert run("key-players-by-score", types=["Premises"]) == []
