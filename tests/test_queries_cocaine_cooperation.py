"""Saved queries for the cocaine indicators, the waterbed reading of an intervention and
cross-border cooperation, checked against answers read from the demo case files.

Every expected row was worked out by reading data/demo/*.yaml and
data/demo/bundle-nl-police-export/*.csv; the comment beside it names the dossier(s). Loader
rules the expectations rely on: a link without a date is dated on the day its case file was
opened; the same link stated by two files is one relationship listing both in ``sources``;
every entity a file declares (a reference too, and in a bundle every entity a link of that
case names) is MENTIONED_IN that file. Rules the demo cannot show (a shipment without a
destination, a crew that imported before it extracted, a site without a country) are
checked on a small dossier of our own at the end.
"""

from __future__ import annotations

import pytest

from graph.errors import InvalidInput
from graph.store import GraphPath

# Shorter names for the demo case files.
CONTAINER = "be-2016-ant-container-extraction"
IMPORT_2019 = "be-2019-ant-cocaine-import-foreign-buyers"
MARINA = "be-2020-lim-seizure-marina-maasmechelen"
CALLCENTRE_BE = "be-2021-ant-cocaine-callcentre"
COURIERS_2013 = "be-2013-ant-cannabis-retail-couriers"
LOMMEL = "be-2014-lim-plantation-lommel"
MLA_GROWSHOP = "be-2016-lim-mla-growshop"
BAARLE = "be-2017-ant-plantation-baarle-hertog"
INTERVIEW_BE = "be-2017-interview-convicted-grower"
CONVERSION_LAB = "be-2017-lim-conversion-lab-maasmechelen"
MLA_LAB = "be-2017-lim-mla-conversion-lab"
PV_2008 = "nl-2008-bzo-pv-growshop-valkenswaard"
PV_2012 = "nl-2012-zwb-pv-baarle-couriers"
EXCHANGE_2015 = "nl-2015-lim-dismantled-sites-exchange"
GROWSHOP_NL = "nl-2016-ob-growshop-valkenswaard"
VENLO_LAB = "nl-2017-lim-production-lab-venlo"
ROTTERDAM = "nl-2018-rot-seizure-rotterdam"
INTERVIEW_NL = "nl-2018-interview-convicted-grower-vught"
MLA_COCAINE = "nl-2019-zwb-mla-cocaine-antwerp"
WEBSHOP_2020 = "nl-2020-lim-pv-maastricht-webshop"
CALLCENTRE_NL = "nl-2022-zwb-callcentre-roosendaal"

STROOMPLAN = "intervention-be-stroomplan-2018"
I_CRITERION = "intervention-nl-residence-criterion-2012"
TASKFORCE = "intervention-nl-taskforce-brabant-zeeland"


def rows_of(rows, *columns) -> list[tuple]:
    return [tuple(row[c] for c in columns) for row in rows]


# --- cocaine-port-shipments-by-destination --------------------------------------------------

PORT_COLUMNS = ("year", "destination_country", "shipments", "kg")


def test_cocaine_through_antwerp_first_goes_to_nl_then_stays_in_be(run_query):
    rows = run_query("cocaine-port-shipments-by-destination")
    assert rows_of(rows, *PORT_COLUMNS) == [
        # be-2016-ant-container-extraction: 420 kg seized 2016-09-28, destined for
        # Nederland (loc-nl) and the Dutch Dekker group: NL counted once
        (2016, "NL", 1, 420.0),
        # be-2019-ant-cocaine-import-foreign-buyers: 860 kg seized 2019-08-30, destined for
        # Antwerpen and the Belgian Linkeroever-crew itself
        (2019, "BE", 1, 860.0),
    ]


def test_port_parameter_picks_the_twin_port(run_query):
    rows = run_query("cocaine-port-shipments-by-destination", port="port-nl-rotterdam")
    # nl-2018-rot-seizure-rotterdam: 1,150 kg seized 2018-06-12, destined for Groep Dekker (NL)
    assert rows_of(rows, *PORT_COLUMNS) == [(2018, "NL", 1, 1150.0)]


def test_drug_parameter_counts_precursors_through_antwerp(run_query):
    rows = run_query("cocaine-port-shipments-by-destination", drug="precursor")
    # Neither precursor load was seized, so the year is that of the passage (VIA):
    # be-2017-lim-conversion-lab-maasmechelen: 1,500 kg PMK-glycidate, 2017-02-14;
    # nl-2017-lim-production-lab-venlo: 2,000 kg APAA, 2017-10-30; both for Antwerpen.
    assert rows_of(rows, *PORT_COLUMNS) == [(2017, "BE", 2, 3500.0)]
    # the only MDMA shipment (be-2019-ant-xtc-parcels-postal) went through no port
    assert run_query("cocaine-port-shipments-by-destination", drug="mdma") == []


def test_port_shipments_drug_must_be_a_shipment_drug(run_query):
    with pytest.raises(InvalidInput, match="drug"):
        run_query("cocaine-port-shipments-by-destination", drug="heroin")


# --- cocaine-foreign-buyers-supplied-in-belgium ---------------------------------------------

def test_foreign_buyers_supplied_by_belgian_groups(run_query):
    rows = run_query("cocaine-foreign-buyers-supplied-in-belgium")
    assert rows_of(rows, "year", "buyer_country", "buyer_id", "buyer_type", "seller_id", "kg",
                   "case_files") == [
        # be-2019-ant-cocaine-import-foreign-buyers: 120 kg to the French network (2019-05-14)
        (2019, "FR", "org-reseau-lefevre", "Organisation", "org-linkeroever-crew", 120.0,
         [IMPORT_2019]),
        # same file: Stijn Maes (lives in BE) sells 35 kg to a British buyer (2019-06-02)
        (2019, "GB", "person-callum-whitmore", "Person", "person-stijn-maes", 35.0,
         [IMPORT_2019]),
        # 300 kg to the Dutch Dekker group, stated by the Belgian file and by the Dutch MLA
        # request nl-2019-zwb-mla-cocaine-antwerp; undated, so dated 2019-09-09 (opened)
        (2019, "NL", "org-dekker-group", "Organisation", "org-linkeroever-crew", 300.0,
         [IMPORT_2019, MLA_COCAINE]),
    ]
    # not listed: the Dekker group (NL) supplying the Roosendaal dispatcher
    # (nl-2022-zwb-callcentre-roosendaal): the seller is not Belgian


def test_foreign_buyers_takes_no_parameters(run_query):
    with pytest.raises(InvalidInput, match="no such parameter"):
        run_query("cocaine-foreign-buyers-supplied-in-belgium", drug="cocaine")


# --- cocaine-extraction-to-import -----------------------------------------------------------

def test_linkeroever_crew_rose_from_extraction_to_import(run_query):
    rows = run_query("cocaine-extraction-to-import")
    assert rows_of(rows, "group_id", "first_extraction_year", "first_import_year",
                   "extractions", "extractions_paid_in_cocaine", "imports", "imported_kg",
                   "extracted_shipments", "imported_shipments") == [
        # be-2016-ant-container-extraction: the crew and its member Kevin De Smet extract
        # 420 kg (2016-09-28), paid in cocaine; nl-2018-rot-seizure-rotterdam: member Jonas
        # Van Hoeck extracts in Rotterdam (2018-06-12), paid in cocaine;
        # be-2019-ant-cocaine-import-foreign-buyers: the crew imports 860 kg (2019-08-30)
        ("org-linkeroever-crew", 2016, 2019, 2, 2, 1, 860.0,
         ["shipment-2016-cocaine-antwerpen", "shipment-2018-cocaine-rotterdam"],
         ["shipment-2019-cocaine-antwerpen"]),
    ]
    # the Dekker group imports too (2016, 2018) but is Dutch and never extracts


# --- cocaine-callcentres-dutch-couriers-belgium ---------------------------------------------

SNELLE_LEVERING = (
    # be-2021-ant-cocaine-callcentre and nl-2022-zwb-callcentre-roosendaal: run from
    # Roosendaal; couriers Brent Aerts (17, vulnerable; Antwerpen, 2021-02-26), Maïté
    # Goossens (user, vulnerable; Gent, Hasselt) and Sem Jacobs (Antwerpen, Brussel; his
    # Antwerpen delivery is stated again in the 2022 file). The caller Romy de Wit delivers
    # nowhere and is not counted.
    "callcentre-nl-snelle-levering", "cocaine", 3, 2,
    ["Antwerpen", "Brussel / Bruxelles", "Gent", "Hasselt"], 2021, 2022,
    ["person-brent-aerts", "person-maite-goossens", "person-sem-jacobs"],
)
CALLCENTRE_COLUMNS = ("call_centre_id", "drug", "couriers", "vulnerable_couriers", "places",
                      "first_year", "last_year", "courier_ids")


def test_dutch_call_centre_with_couriers_in_belgium(run_query):
    rows = run_query("cocaine-callcentres-dutch-couriers-belgium")
    # the cannabis couriers of the Van Oorschot group (be-2013-…, nl-2012-…) and of the
    # Maastricht webshop (nl-2020-…) work for organisations, not call centres
    assert rows_of(rows, *CALLCENTRE_COLUMNS) == [SNELLE_LEVERING]
    assert rows_of(run_query("cocaine-callcentres-dutch-couriers-belgium", drug="cocaine"),
                   *CALLCENTRE_COLUMNS) == [SNELLE_LEVERING]


def test_call_centres_drug_filter_and_check(run_query):
    assert run_query("cocaine-callcentres-dutch-couriers-belgium", drug="cannabis") == []
    with pytest.raises(InvalidInput, match="drug"):
        run_query("cocaine-callcentres-dutch-couriers-belgium", drug="xtc")


# --- rarely-controlled-routes ---------------------------------------------------------------

MARINA_ROW = (
    # be-2020-lim-seizure-marina-maasmechelen: 48 kg cocaine from NL on a motor yacht in
    # the Maaskant marina (Maasmechelen, BE), seized 2020-07-20
    "port-be-jachthaven-maaskant", "marina", "BE", 2020, "shipment-2020-cocaine-maasmechelen",
    "cocaine", 48.0, "NL",
)
ROUTE_COLUMNS = ("port_id", "port_kind", "country", "year", "shipment_id", "drug", "kg",
                 "origin_country")


def test_rarely_controlled_routes_find_the_marina_seizure(run_query):
    # Antwerp and Rotterdam are seaports and are not listed
    assert rows_of(run_query("rarely-controlled-routes"), *ROUTE_COLUMNS) == [MARINA_ROW]
    assert rows_of(run_query("rarely-controlled-routes", kinds=["marina"]),
                   *ROUTE_COLUMNS) == [MARINA_ROW]
    # no kinds given keeps all four
    assert rows_of(run_query("rarely-controlled-routes", kinds=[]),
                   *ROUTE_COLUMNS) == [MARINA_ROW]


def test_rarely_controlled_routes_kinds_filter_and_check(run_query):
    # the demo has no airfield, inland port or rail terminal
    assert run_query("rarely-controlled-routes", kinds=["airfield", "inland", "rail"]) == []
    with pytest.raises(InvalidInput, match="kinds"):
        run_query("rarely-controlled-routes", kinds=["seaport"])


# --- activity-around-intervention -----------------------------------------------------------

ACTIVITY_COLUMNS = ("country", "activity", "before", "after")


def test_activity_around_the_stroomplan(run_query):
    # Stroomplan 2018-02-01, cocaine: three years either side is 2015-02-01 .. 2021-02-01
    rows = run_query("activity-around-intervention", intervention=STROOMPLAN)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        # before: be-2016-ant-container-extraction (2016-10-03);
        # after: be-2019-ant-cocaine-import-foreign-buyers (2019-09-09),
        # be-2020-lim-seizure-marina-maasmechelen (2020-07-21), all naming cocaine groups or
        # shipments; be-2021-ant-cocaine-callcentre (2021-03-15) is outside the window
        ("BE", "case files opened", 1, 2),
        # seized in BE: Antwerp 2016-09-28 before; Antwerp 2019-08-30, marina 2020-07-20 after
        ("BE", "seized shipments", 1, 2),
        # nl-2018-rot-seizure-rotterdam (2018-06-14), nl-2019-zwb-mla-cocaine-antwerp
        # (2019-11-18)
        ("NL", "case files opened", 0, 2),
        # Rotterdam 2018-06-12: the twin port after Antwerp tightened its controls
        ("NL", "seized shipments", 0, 1),
    ]


def test_activity_around_the_stroomplan_in_one_year(run_query):
    # 2017-02-01 .. 2019-02-01: only the Rotterdam seizure (2018-06-12) and its file
    rows = run_query("activity-around-intervention", intervention=STROOMPLAN, years=1)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        ("NL", "case files opened", 0, 1),
        ("NL", "seized shipments", 0, 1),
    ]


def test_activity_around_the_i_criterion_counts_cannabis_only(run_query):
    # I-criterion 2012-05-01, cannabis: 2009-05-01 .. 2015-05-01
    rows = run_query("activity-around-intervention", intervention=I_CRITERION)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        # be-2013-ant-cannabis-retail-couriers (2013-04-25, coffee shop and cannabis group),
        # be-2014-lim-plantation-lommel (2014-03-18)
        ("BE", "case files opened", 0, 2),
        # Lommel plantation dismantled 2014-03-14
        ("BE", "dismantled plantations", 0, 1),
        # bundle nl-2012-zwb-pv-baarle-couriers (2012-11-05, the Van Oorschot group)
        ("NL", "case files opened", 0, 1),
        # nl-2018-interview-convicted-grower-vught: Tilburg plantation dismantled 2011-12-06
        ("NL", "dismantled plantations", 1, 0),
    ]


def test_activity_around_the_i_criterion_over_five_years(run_query):
    # 2007-05-01 .. 2017-05-01
    rows = run_query("activity-around-intervention", intervention=I_CRITERION, years=5)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        # after: be-2013 couriers, be-2014 Lommel, be-2015-ant-plantation-mol,
        # be-2016-lim-mla-growshop (grow shop, Kempen-crew); be-2017-ant-plantation-baarle-
        # hertog was opened 2017-05-22, after the window
        ("BE", "case files opened", 0, 4),
        # Lommel 2014-03-14, Mol 2015-09-07 (Baarle-Hertog 2017-05-19 falls outside)
        ("BE", "dismantled plantations", 0, 2),
        # before: bundle nl-2008 grow-shop report; after: bundle nl-2012 couriers,
        # nl-2015-lim-dismantled-sites-exchange, nl-2016-ob-growshop-valkenswaard and
        # nl-2017-lim-production-lab-venlo (it names the Hermans group, active in cannabis too)
        ("NL", "case files opened", 1, 4),
        # Tilburg 2011-12-06 before; Maastricht 2015-09-02 and Venlo 2015-10-20 after
        # (nl-2015-lim-dismantled-sites-exchange)
        ("NL", "dismantled plantations", 1, 2),
    ]


def test_activity_around_an_intervention_for_all_markets(run_query):
    # Taskforce Brabant-Zeeland 2012-01-01, all markets: 2009-01-01 .. 2015-01-01. No lab
    # was dismantled and no shipment seized in the window.
    rows = run_query("activity-around-intervention", intervention=TASKFORCE)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        ("BE", "case files opened", 0, 2),          # be-2013 couriers, be-2014 Lommel
        ("BE", "dismantled plantations", 0, 1),     # Lommel 2014-03-14
        ("NL", "case files opened", 0, 1),          # bundle nl-2012 couriers
        ("NL", "dismantled plantations", 1, 0),     # Tilburg 2011-12-06
    ]


def test_activity_around_intervention_parameters_are_checked(run_query):
    with pytest.raises(InvalidInput, match="intervention"):
        run_query("activity-around-intervention")
    with pytest.raises(InvalidInput, match="years"):
        run_query("activity-around-intervention", intervention=STROOMPLAN, years=0)
    assert run_query("activity-around-intervention", intervention="intervention-none") == []


# --- entities-in-belgian-and-dutch-case-files -----------------------------------------------

BOTH_SIDES = [
    # entity, type, Belgian case files, Dutch case files; most case files first
    ("person-jeroen-vos", "Person",
     [LOMMEL, MLA_GROWSHOP, BAARLE, INTERVIEW_BE], [PV_2008, GROWSHOP_NL, INTERVIEW_NL]),
    ("growshop-nl-het-groene-licht", "Growshop",
     [LOMMEL, MLA_GROWSHOP, INTERVIEW_BE], [PV_2008, EXCHANGE_2015, GROWSHOP_NL]),
    ("org-dekker-group", "Organisation",
     [CONTAINER, IMPORT_2019, MARINA], [ROTTERDAM, MLA_COCAINE, CALLCENTRE_NL]),
    ("person-hans-dekker", "Person", [CONTAINER], [ROTTERDAM, MLA_COCAINE, CALLCENTRE_NL]),
    ("person-koen-claeys", "Person", [LOMMEL, BAARLE, INTERVIEW_BE], [EXCHANGE_2015]),
    # the Maasmechelen conversion lab and the Hermans group it served (mirror investigation)
    ("lab-be-maasmechelen-2017", "Lab", [CONVERSION_LAB, MLA_LAB], [VENLO_LAB]),
    ("org-hermans-group", "Organisation", [CONVERSION_LAB, MLA_LAB], [VENLO_LAB]),
    ("org-linkeroever-crew", "Organisation", [CONTAINER, IMPORT_2019], [MLA_COCAINE]),
    ("person-ricardo-hermans", "Person", [CONVERSION_LAB, MLA_LAB], [VENLO_LAB]),
    # the bundle's nl-2020 CONTACT link names him, so he enters that case as a reference
    ("person-sander-van-oorschot", "Person", [COURIERS_2013], [PV_2012, WEBSHOP_2020]),
    ("person-stijn-maes", "Person", [CONTAINER, IMPORT_2019], [MLA_COCAINE]),
    ("plantation-be-lommel-2014", "Plantation", [LOMMEL, MLA_GROWSHOP], [GROWSHOP_NL]),
    ("callcentre-nl-snelle-levering", "CallCentre", [CALLCENTRE_BE], [CALLCENTRE_NL]),
    ("company-chemiehandel-noord", "Company", [CONVERSION_LAB], [VENLO_LAB]),
    ("growshop-nl-de-kas", "Growshop", [BAARLE], [INTERVIEW_NL]),
    ("org-van-oorschot-group", "Organisation", [COURIERS_2013], [PV_2012]),
    ("person-bart-mutsaers", "Person", [BAARLE], [INTERVIEW_NL]),
    ("person-brent-aerts", "Person", [CALLCENTRE_BE], [CALLCENTRE_NL]),
    ("person-dylan-schouten", "Person", [CALLCENTRE_BE], [CALLCENTRE_NL]),
    ("person-jonas-van-hoeck", "Person", [CONTAINER], [ROTTERDAM]),
    ("person-sem-jacobs", "Person", [CALLCENTRE_BE], [CALLCENTRE_NL]),
    ("person-wout-vercammen", "Person", [COURIERS_2013], [PV_2012]),
    ("plantation-be-baarle-hertog-2017", "Plantation", [BAARLE], [INTERVIEW_NL]),
    # the van used at Lommel, seen at the Valkenswaard grow shop in 2008
    ("vehicle-be-1-kmp-482", "Vehicle", [LOMMEL], [PV_2008]),
]
# Not listed: lab-be-lommel-2018 is Belgian but named only in the Dutch Venlo file.


def test_entities_named_on_both_sides_of_the_border(run_query):
    rows = run_query("entities-in-belgian-and-dutch-case-files")
    assert rows_of(rows, "entity_id", "type", "belgian_case_files", "dutch_case_files") == \
        BOTH_SIDES
    assert [row["case_files"] for row in rows] == [len(be) + len(nl)
                                                   for _, _, be, nl in BOTH_SIDES]
    assert rows[0]["name"] == "Jeroen Vos"


def test_entities_on_both_sides_of_the_types_left_out_by_default(run_query):
    rows = run_query("entities-in-belgian-and-dutch-case-files",
                     types=["Port", "Coffeeshop", "Intervention"])
    assert rows_of(rows, "entity_id", "belgian_case_files", "dutch_case_files") == [
        # the Tilburg coffee shop: retail couriers 2013, Baarle-Hertog harvest, Belgian
        # interview; and the Vught interview
        ("coffeeshop-nl-cafe-reverie", [COURIERS_2013, BAARLE, INTERVIEW_BE], [INTERVIEW_NL]),
        # Antwerp: the container, the PMK-glycidate and the 2019 import; the APAA load
        ("port-be-antwerpen", [CONTAINER, CONVERSION_LAB, IMPORT_2019], [VENLO_LAB]),
        # the I-criterion: the 2013 Belgian courier report and the bundle's 2012 report
        ("intervention-nl-residence-criterion-2012", [COURIERS_2013], [PV_2012]),
    ]
    with pytest.raises(InvalidInput, match="types"):
        run_query("entities-in-belgian-and-dutch-case-files", types=["CaseFile"])


# --- mla-request-chains ---------------------------------------------------------------------

CHAINS = [
    # case files, countries, kinds, dates (a request's own date, else its file's opening)
    # nl-2015 exchange of dismantled sites with Belgian Limburg, about the Lommel case
    ([EXCHANGE_2015, LOMMEL], ["NL", "BE"], ["information_exchange"], ["2015-11-04"]),
    # be-2016-lim-mla-growshop asks OM Oost-Brabant (the grow-shop case)
    ([MLA_GROWSHOP, GROWSHOP_NL], ["BE", "NL"], ["mla"], ["2016-06-13"]),
    # be-2017-lim-mla-conversion-lab asks the Venlo case, which already ran as a mirror
    # investigation of the Maasmechelen lab (2017-09-05): one chain of two requests
    ([MLA_LAB, VENLO_LAB, CONVERSION_LAB], ["BE", "NL", "BE"],
     ["mla", "mirror_investigation"], ["2017-10-16", "2017-09-05"]),
    # nl-2019-zwb-mla-cocaine-antwerp asks Antwerp about the 2019 import
    ([MLA_COCAINE, IMPORT_2019], ["NL", "BE"], ["mla"], ["2019-11-18"]),
    # the call-centre JIT, stated by each side as a request to the other: two chains
    ([CALLCENTRE_BE, CALLCENTRE_NL], ["BE", "NL"], ["jit"], ["2021-11-02"]),
    ([CALLCENTRE_NL, CALLCENTRE_BE], ["NL", "BE"], ["jit"], ["2022-01-10"]),
]
CHAIN_COLUMNS = ("case_files", "countries", "kinds", "dates")


def test_mla_request_chains_lists_whole_chains(run_query):
    rows = run_query("mla-request-chains")
    assert rows_of(rows, *CHAIN_COLUMNS) == CHAINS
    assert [row["requests"] for row in rows] == [1, 1, 2, 1, 1, 1]
    for row in rows:
        assert isinstance(row["chain"], GraphPath)
        assert [n.properties["id"] for n in row["chain"].nodes] == row["case_files"]
        assert [r.type for r in row["chain"].relationships] == \
            ["ASSISTANCE_REQUEST"] * row["requests"]


def test_mla_request_chains_through_one_case_file(run_query):
    # the Maasmechelen lab file only receives the mirror request, at the end of the chain
    rows = run_query("mla-request-chains", case=CONVERSION_LAB)
    assert rows_of(rows, *CHAIN_COLUMNS) == [CHAINS[2]]
    assert rows_of(run_query("mla-request-chains", case=VENLO_LAB), *CHAIN_COLUMNS) == \
        [CHAINS[2]]
    assert rows_of(run_query("mla-request-chains", case=CALLCENTRE_NL), *CHAIN_COLUMNS) == \
        CHAINS[4:]
    # be-2015-ant-plantation-mol: no request at all
    assert run_query("mla-request-chains", case="be-2015-ant-plantation-mol") == []


def test_mla_request_chains_case_must_be_text(run_query):
    with pytest.raises(InvalidInput, match="case"):
        run_query("mla-request-chains", case=" ")


# --- unlinked-case-files-sharing-entities ---------------------------------------------------

UNLINKED_COLUMNS = ("belgian_case_file", "dutch_case_file", "shared_entities",
                    "shared_entity_ids", "belgian_file_requests_with",
                    "dutch_file_requests_with")
UNLINKED = [
    # the 2016 extraction file names the Dekker and Linkeroever groups and both leaders, as
    # does the Dutch MLA request of 2019, which went to the 2019 Antwerp file instead
    (CONTAINER, MLA_COCAINE, 4,
     ["org-dekker-group", "org-linkeroever-crew", "person-hans-dekker", "person-stijn-maes"],
     [], [IMPORT_2019]),
    # the Van Oorschot group, its leader and the Turnhout buyer: Belgian 2013 report and the
    # bundle's Dutch 2012 report
    (COURIERS_2013, PV_2012, 3,
     ["org-van-oorschot-group", "person-sander-van-oorschot", "person-wout-vercammen"],
     [], []),
    # Lommel and the 2008 Valkenswaard report: the grow shop, Jeroen Vos and the van
    (LOMMEL, PV_2008, 3,
     ["growshop-nl-het-groene-licht", "person-jeroen-vos", "vehicle-be-1-kmp-482"],
     [EXCHANGE_2015], []),
    # Lommel and the Dutch grow-shop case: reached only through the separate MLA request
    # file be-2016-lim-mla-growshop, which the Dutch file lists
    (LOMMEL, GROWSHOP_NL, 3,
     ["growshop-nl-het-groene-licht", "person-jeroen-vos", "plantation-be-lommel-2014"],
     [EXCHANGE_2015], [MLA_GROWSHOP]),
    # the 2016 extraction and the Rotterdam seizure: Dekker group, Hans Dekker, Jonas Van Hoeck
    (CONTAINER, ROTTERDAM, 3,
     ["org-dekker-group", "person-hans-dekker", "person-jonas-van-hoeck"], [], []),
    # the 2016 extraction and the Roosendaal call centre: the Dekker group and its leader
    (CONTAINER, CALLCENTRE_NL, 2, ["org-dekker-group", "person-hans-dekker"],
     [], [CALLCENTRE_BE]),
    # the Belgian MLA request on the grow shop and the 2008 Valkenswaard report
    (MLA_GROWSHOP, PV_2008, 2, ["growshop-nl-het-groene-licht", "person-jeroen-vos"],
     [GROWSHOP_NL], []),
]
# Not listed: pairs with a request between them (e.g. Lommel and nl-2015, the call-centre
# JIT), pairs with a research interview (Baarle-Hertog and the Vught interview share four),
# and pairs sharing only places, ports or interventions.


def test_unlinked_case_files_sharing_entities(run_query):
    rows = run_query("unlinked-case-files-sharing-entities")
    assert rows_of(rows, *UNLINKED_COLUMNS) == UNLINKED


def test_unlinked_case_files_min_shared_and_types(run_query):
    rows = run_query("unlinked-case-files-sharing-entities", min_shared=3)
    assert rows_of(rows, *UNLINKED_COLUMNS) == UNLINKED[:5]
    # persons only: Van Oorschot and Vercammen; Hans Dekker and Jonas Van Hoeck; Hans Dekker
    # and Stijn Maes. Jeroen Vos alone ties the other pairs. Two each, so by file ids.
    rows = run_query("unlinked-case-files-sharing-entities", types=["Person"])
    assert rows_of(rows, "belgian_case_file", "dutch_case_file", "shared_entity_ids") == [
        (COURIERS_2013, PV_2012, ["person-sander-van-oorschot", "person-wout-vercammen"]),
        (CONTAINER, ROTTERDAM, ["person-hans-dekker", "person-jonas-van-hoeck"]),
        (CONTAINER, MLA_COCAINE, ["person-hans-dekker", "person-stijn-maes"]),
    ]


def test_unlinked_case_files_min_shared_is_checked(run_query):
    with pytest.raises(InvalidInput, match="min_shared"):
        run_query("unlinked-case-files-sharing-entities", min_shared=0)


# --- rules the demo cannot show: one small dossier of our own --------------------------------

SMALL_CASE = """
case: {id: be-2020-test-port, country: BE, kind: seizure_report, opened_on: 2020-03-01,
       agency: Testdouane, grading: B2}
entities:
  - {type: Port, id: port-test, properties: {name: Testhaven, kind: seaport, country: BE}}
  - {type: Shipment, id: shipment-test-nowhere, properties: {drug: cocaine, kg: 10.0}}
  - {type: Shipment, id: shipment-test-split, properties: {drug: cocaine, kg: 30.0,
                                                           seized_on: 2021-05-05}}
  - {type: Shipment, id: shipment-test-imported, properties: {drug: cocaine, kg: 50.0,
                                                              seized_on: 2019-01-15}}
  - {type: Shipment, id: shipment-test-extracted, properties: {drug: cocaine, kg: 5.0,
                                                               seized_on: 2020-02-01}}
  - {type: Location, id: loc-test-fr, properties: {name: Testland, level: country, country: FR}}
  - {type: Location, id: loc-test-nl-dorp, properties: {name: Testdorp, level: municipality,
                                                         country: NL}}
  - {type: Organisation, id: org-test-nl, properties: {name: Testgroep NL, base_country: NL}}
  - {type: Organisation, id: org-test-crew, properties: {name: Testcrew, base_country: BE}}
  - {type: Plantation, id: plantation-test, properties: {plant_count: 500,
                                                         dismantled_on: 2019-06-01}}
  - {type: Intervention, id: intervention-test, properties: {name: Testmaatregel,
      on: 2020-01-01, country: NL, market: cannabis}}
links:
  - {type: VIA, source: shipment-test-nowhere, target: port-test, date: 2019-12-30}
  - {type: VIA, source: shipment-test-split, target: port-test}
  - {type: DESTINED_FOR, source: shipment-test-split, target: loc-test-fr}
  - {type: DESTINED_FOR, source: shipment-test-split, target: org-test-nl}
  - {type: IMPORTS, source: org-test-crew, target: shipment-test-imported}
  - {type: EXTRACTS, source: org-test-crew, target: shipment-test-extracted,
     properties: {paid_in_cocaine: true}}
  - {type: LOCATED_IN, source: plantation-test, target: loc-test-nl-dorp}
"""


@pytest.fixture
def run_small(run_on_dossiers):
    return run_on_dossiers({"be-2020-test-port.yaml": SMALL_CASE})


def test_shipments_without_destination_or_with_several(run_small):
    rows = run_small("cocaine-port-shipments-by-destination", port="port-test")
    assert rows_of(rows, *PORT_COLUMNS) == [
        # no destination: 'unknown'; not seized, so the year of its passage (2019-12-30),
        # not of the file (2020)
        (2019, "unknown", 1, 10.0),
        # destined for a French place and a Dutch group: counted in each country
        (2021, "FR", 1, 30.0),
        (2021, "NL", 1, 30.0),
    ]


def test_a_crew_that_imported_before_it_extracted_did_not_rise_from_extraction(run_small):
    # imported 2019-01-15, extracted 2020-02-01
    assert run_small("cocaine-extraction-to-import") == []


def test_activity_takes_the_country_of_the_place_when_the_site_has_none(run_small):
    rows = run_small("activity-around-intervention", intervention="intervention-test", years=1)
    assert rows_of(rows, *ACTIVITY_COLUMNS) == [
        # the file (BE, opened 2020-03-01) names a plantation, so it counts for cannabis
        ("BE", "case files opened", 0, 1),
        # the plantation has no country of its own but lies in a Dutch place
        ("NL", "dismantled plantations", 1, 0),
    ]
