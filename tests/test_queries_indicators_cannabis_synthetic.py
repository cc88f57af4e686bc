"""Indicator queries of the cannabis and synthetic markets, checked against the demo dossiers.

Every expected row below was worked out by reading the demo case files (data/demo/*.yaml and
data/demo/bundle-nl-police-export/*.csv); the comment beside it names the dossier(s). Loader
rules the expectations rely on: an entity is first seen on the day its earliest case file was
opened; a link is seen on its own date, else on the day its case file was opened; a link
without its own grading takes its case file's grading. What the demo cannot show (a
precursor shipment through a Belgian port bound for the Netherlands, a plantation placed only
through its municipality) is checked on a small dossier of our own at the end.
"""

from __future__ import annotations

import pytest

from graph.errors import InvalidInput

LOMMEL = "plantation-be-lommel-2014"  # be-2014-lim-plantation-lommel
MOL = "plantation-be-mol-2015"  # be-2015-ant-plantation-mol
BAARLE = "plantation-be-baarle-hertog-2017"  # be-2017-ant-plantation-baarle-hertog
LIMBURG_BE = "Provincie Limburg (BE)"
ANTWERPEN = "Provincie Antwerpen"


def node_ids(path) -> list[str]:
    return [node.properties["id"] for node in path.nodes]


# --- cannabis-plantations-dutch-growshops -------------------------------------------------

def growshop_rows(rows):
    return [(r["year"], r["province"], r["plantations"], r["equipped_in_nl"],
             r["equipped_plantations"], r["nl_grow_shops"]) for r in rows]


def test_belgian_plantations_equipped_from_dutch_grow_shops(run_query):
    assert growshop_rows(run_query("cannabis-plantations-dutch-growshops")) == [
        # be-2014-lim-plantation-lommel: dismantled 2014-03-14 in Lommel (Limburg); 120 lamps
        # from Het Groene Licht, Valkenswaard (also in be-2016-lim-mla-growshop)
        (2014, LIMBURG_BE, 1, 1, [LOMMEL], ["Growshop Het Groene Licht"]),
        # be-2015-ant-plantation-mol: Mol lies in the arrondissement Turnhout, province
        # Antwerpen; tents and lamps from the Belgian Groeiwinkel De Kempen only
        (2015, ANTWERPEN, 1, 0, [], []),
        # be-2017-ant-plantation-baarle-hertog: lamps from Growshop De Kas (Tilburg), potting
        # soil from a Belgian shop; the operator Bart Mutsaers bought at De Kas too
        # (nl-2018-interview-convicted-grower-vught)
        (2017, ANTWERPEN, 1, 1, [BAARLE], ["Growshop De Kas"]),
    ]


def test_dutch_growshops_year_window(run_query):
    # the same three Belgian sites, cut to the years asked for
    assert [r["year"] for r in run_query("cannabis-plantations-dutch-growshops",
                                         from_year=2015)] == [2015, 2017]
    assert growshop_rows(run_query("cannabis-plantations-dutch-growshops",
                                   from_year=2014, to_year=2014)) == [
        (2014, LIMBURG_BE, 1, 1, [LOMMEL], ["Growshop Het Groene Licht"])]
    assert run_query("cannabis-plantations-dutch-growshops", from_year=2018) == []


def test_dutch_growshops_years_are_checked(run_query):
    with pytest.raises(InvalidInput, match="from_year"):
        run_query("cannabis-plantations-dutch-growshops", from_year="recent")


# --- cannabis-plantations-by-province -----------------------------------------------------

def province_rows(rows):
    return [(r["country"], r["province"], r["year"], r["plantations"], r["plants"],
             r["professional"]) for r in rows]


def test_dismantled_plantations_per_country_province_and_year(run_query):
    assert province_rows(run_query("cannabis-plantations-by-province")) == [
        # be-2015-ant-plantation-mol: 150 plants in an attic, not professional
        ("BE", ANTWERPEN, 2015, 1, 150, 0),
        # be-2017-ant-plantation-baarle-hertog: 4,800 plants, professional
        ("BE", ANTWERPEN, 2017, 1, 4800, 1),
        # be-2014-lim-plantation-lommel: 2,400 plants, professional
        ("BE", LIMBURG_BE, 2014, 1, 2400, 1),
        # nl-2015-lim-dismantled-sites-exchange: Venlo 900 (professional) and Maastricht 320
        ("NL", "Provincie Limburg (NL)", 2015, 2, 1220, 1),
        # nl-2018-interview-convicted-grower-vught: Tilburg 2011, 1,500 plants, professional.
        # The Valkenswaard site of be-2017-interview-convicted-grower has no dismantling date.
        ("NL", "Provincie Noord-Brabant", 2011, 1, 1500, 1),
    ]


def test_plantations_by_province_country_and_years(run_query):
    assert province_rows(run_query("cannabis-plantations-by-province", country="BE",
                                   from_year=2015)) == [
        ("BE", ANTWERPEN, 2015, 1, 150, 0),  # Mol
        ("BE", ANTWERPEN, 2017, 1, 4800, 1),  # Baarle-Hertog
    ]
    assert province_rows(run_query("cannabis-plantations-by-province", country="NL",
                                   to_year=2014)) == [
        ("NL", "Provincie Noord-Brabant", 2011, 1, 1500, 1)]  # Tilburg 2011
    assert run_query("cannabis-plantations-by-province", country="FR") == []


def test_plantations_by_province_country_is_checked(run_query):
    with pytest.raises(InvalidInput, match="country"):
        run_query("cannabis-plantations-by-province", country="Belgium")


# --- cannabis-harvest-sold-to-netherlands -------------------------------------------------

def sale_rows(rows):
    return [(r["year"], r["plantation"], r["sold_by"], r["by_operator"], r["outlet_type"],
             r["outlet"], r["outlet_place"], r["kg"], r["seen"], r["grading"]) for r in rows]


PLANTATION_SALES = [
    # be-2014-lim-plantation-lommel: 62.5 kg to the Eindhoven coffee shop De Kolibrie (C3,
    # undated, so seen when the file was opened)
    (2014, LOMMEL, LOMMEL, False, "Coffeeshop", "Coffeeshop De Kolibrie", "Eindhoven", 62.5,
     "2014-03-18", "C3"),
    # be-2017-ant-plantation-baarle-hertog: 140 kg to Café Rêverie (B3) and 35 kg back to
    # Growshop De Kas (C3), both in Tilburg
    (2017, BAARLE, BAARLE, False, "Coffeeshop", "Coffeeshop Café Rêverie", "Tilburg", 140.0,
     "2017-05-22", "B3"),
    (2017, BAARLE, BAARLE, False, "Growshop", "Growshop De Kas", "Tilburg", 35.0,
     "2017-05-22", "C3"),
]


def test_harvest_of_belgian_plantations_sold_in_the_netherlands(run_query):
    rows = sale_rows(run_query("cannabis-harvest-sold-to-netherlands"))
    assert rows == [
        PLANTATION_SALES[0],
        # be-2017-interview-convicted-grower: Koen Claeys, who operates the Lommel site, sold
        # to Café Rêverie (2016-06-01, C4) and De Kolibrie (2012-10-01, file grading C3)
        (2014, LOMMEL, "Koen Claeys", True, "Coffeeshop", "Coffeeshop Café Rêverie", "Tilburg",
         None, "2016-06-01", "C4"),
        (2014, LOMMEL, "Koen Claeys", True, "Coffeeshop", "Coffeeshop De Kolibrie",
         "Eindhoven", None, "2012-10-01", "C3"),
        *PLANTATION_SALES[1:],
        # nl-2018-interview-convicted-grower-vught: Bart Mutsaers, operator of the
        # Baarle-Hertog site, sold to Café Rêverie on 2017-02-01 (file grading C2)
        (2017, BAARLE, "Bart Mutsaers", True, "Coffeeshop", "Coffeeshop Café Rêverie",
         "Tilburg", None, "2017-02-01", "C2"),
    ]
    # be-2015-ant-plantation-mol sold only to a Belgian friend in Mol
    assert MOL not in {row[1] for row in rows}


def test_harvest_without_operator_sales(run_query):
    rows = run_query("cannabis-harvest-sold-to-netherlands", via_operators=False)
    assert sale_rows(rows) == PLANTATION_SALES


def test_harvest_via_operators_is_checked(run_query):
    with pytest.raises(InvalidInput, match="via_operators"):
        run_query("cannabis-harvest-sold-to-netherlands", via_operators="sometimes")


# --- cannabis-belgian-groups-growing ------------------------------------------------------

def test_belgian_groups_that_grow_cannabis(run_query):
    rows = run_query("cannabis-belgian-groups-growing")
    assert [(r["organisation_id"], r["organisation"], r["first_year"], r["plantation_count"],
             r["plants"], r["countries"], r["plantations"], r["dutch_members_involved"],
             r["dutch_members"]) for r in rows] == [
        # The Kempen-crew (base BE) operates Lommel (2,400 plants, dismantled 2014,
        # be-2014-lim-plantation-lommel) and Baarle-Hertog (4,800, 2017,
        # be-2017-ant-plantation-baarle-hertog). Dutch members: its leader Jeroen Vos and
        # Bart Mutsaers (both files); Koen Claeys and Noël Vermeulen are Belgian.
        ("org-kempen-crew", "Kempen-crew", 2014, 2, 7200, ["BE"], [LOMMEL, BAARLE], True,
         ["Bart Mutsaers", "Jeroen Vos"]),
        # The other Belgian group, the Linkeroever-crew, runs only a cocaine warehouse.
    ]


# --- cannabis-dutch-link-by-plantation-size -----------------------------------------------

def size_rows(rows):
    return [(r["size_class"], r["plantations"], r["with_link"], r["link_pct"],
             r["linked_by_people"], r["linked_by_equipment"], r["linked_by_harvest"])
            for r in rows]


def test_dutch_link_rises_with_plantation_size(run_query):
    assert size_rows(run_query("cannabis-dutch-link-by-plantation-size")) == [
        # be-2015-ant-plantation-mol, 150 plants: Belgian grower, Belgian grow shop, Belgian
        # buyer - no Dutch link
        ("under 250", 1, 0, 0.0, 0, 0, 0),
        ("250-999", 0, 0, None, 0, 0, 0),
        # Lommel (2,400): Dutch leader of the operating Kempen-crew, lamps from Valkenswaard,
        # harvest to Eindhoven. Baarle-Hertog (4,800): Dutch operator Bart Mutsaers, lamps
        # from Tilburg, harvest to Tilburg.
        ("1000-4999", 2, 2, 100.0, 2, 2, 2),
        ("5000 and more", 0, 0, None, 0, 0, 0),
    ]


def test_belgian_link_of_dutch_plantations_by_size(run_query):
    rows = run_query("cannabis-dutch-link-by-plantation-size", country="NL", link_country="BE")
    assert size_rows(rows) == [
        ("under 250", 0, 0, None, 0, 0, 0),
        # Maastricht 320 (no Belgian link) and Venlo 900, run by the Belgian Wesley Lambrechts
        # (nl-2015-lim-dismantled-sites-exchange); Valkenswaard 600, where the Belgian Koen
        # Claeys learned to grow (be-2017-interview-convicted-grower). Equipment and harvest
        # all stayed Dutch.
        ("250-999", 3, 2, 66.7, 2, 0, 0),
        # Tilburg 1,500 (nl-2018-interview-convicted-grower-vught): Dutch grower, Dutch shop
        ("1000-4999", 1, 0, 0.0, 0, 0, 0),
        ("5000 and more", 0, 0, None, 0, 0, 0),
    ]


def test_dutch_link_year_window_keeps_every_size_class(run_query):
    rows = run_query("cannabis-dutch-link-by-plantation-size", from_year=2015, to_year=2016)
    # only Mol (dismantled 2015) is left
    assert size_rows(rows) == [
        ("under 250", 1, 0, 0.0, 0, 0, 0),
        ("250-999", 0, 0, None, 0, 0, 0),
        ("1000-4999", 0, 0, None, 0, 0, 0),
        ("5000 and more", 0, 0, None, 0, 0, 0),
    ]


def test_dutch_link_without_plantations_still_gives_every_size_class(run_query):
    # a window after every demo case file: no plantation in it
    rows = run_query("cannabis-dutch-link-by-plantation-size", from_year=2030, to_year=None)
    assert size_rows(rows) == [(label, 0, 0, None, 0, 0, 0) for label in
                               ("under 250", "250-999", "1000-4999", "5000 and more")]


def test_dutch_link_countries_are_checked(run_query):
    with pytest.raises(InvalidInput, match="link_country"):
        run_query("cannabis-dutch-link-by-plantation-size", link_country="Nederland")


# --- cannabis-retail-couriers-into-belgium ------------------------------------------------

def courier_rows(rows):
    return [(r["year"], r["employer"], r["employer_type"], r["courier_count"], r["couriers"],
             r["vulnerable_couriers"], r["places"]) for r in rows]


KIM_2012 = (2012, "Groep Van Oorschot", "Organisation", 1, ["Kim Verhagen"], 1,
            ["Baarle-Hertog"])


def test_couriers_of_dutch_cannabis_suppliers_deliver_in_belgium(run_query):
    assert courier_rows(run_query("cannabis-retail-couriers-into-belgium")) == [
        # nl-2012-zwb-pv-baarle-couriers (bundle): the 17-year-old courier Kim Verhagen of the
        # Tilburg Van Oorschot group delivers in Baarle-Hertog on 2012-11-02
        KIM_2012,
        # be-2013-ant-cannabis-retail-couriers: the young courier Lotte Verschuren delivers in
        # Turnhout (2013-03-14) and Baarle-Hertog (file of 2013-04-25)
        (2013, "Groep Van Oorschot", "Organisation", 1, ["Lotte Verschuren"], 1,
         ["Baarle-Hertog", "Turnhout"]),
        # nl-2020-lim-pv-maastricht-webshop (bundle): the Maastricht webshop's courier Joris
        # Habets (not vulnerable) delivers in Hasselt and Liège
        (2020, "Webshop Groene Post", "Organisation", 1, ["Joris Habets"], 0,
         ["Hasselt", "Liège"]),
    ]


def test_couriers_since_a_date(run_query):
    rows = courier_rows(run_query("cannabis-retail-couriers-into-belgium", since="2013-01-01"))
    assert [row[0] for row in rows] == [2013, 2020]
    # the day of the Baarle delivery still counts
    assert courier_rows(run_query("cannabis-retail-couriers-into-belgium",
                                  since="2012-11-02"))[0] == KIM_2012


def test_couriers_of_cocaine_call_centres(run_query):
    assert courier_rows(run_query("cannabis-retail-couriers-into-belgium",
                                  market="cocaine")) == [
        # be-2021-ant-cocaine-callcentre (and nl-2022-zwb-callcentre-roosendaal): the
        # Roosendaal call centre's couriers Brent Aerts (Antwerpen, vulnerable), Maïté
        # Goossens (Gent, Hasselt, vulnerable) and Sem Jacobs (Antwerpen, Brussel). The
        # Dekker group employs a skipper, who delivers nowhere.
        (2021, "Bellijn De Snelle Levering", "CallCentre", 3,
         ["Brent Aerts", "Maïté Goossens", "Sem Jacobs"], 2,
         ["Antwerpen", "Brussel / Bruxelles", "Gent", "Hasselt"]),
    ]
    # the Dutch xtc webshop's courier posts parcels but delivers nowhere
    assert run_query("cannabis-retail-couriers-into-belgium", market="synthetic") == []


def test_couriers_market_is_checked(run_query):
    with pytest.raises(InvalidInput, match="market"):
        run_query("cannabis-retail-couriers-into-belgium", market="heroin")


# --- synthetic-labs-by-border-distance ----------------------------------------------------

def lab_rows(rows):
    return [(r["country"], r["kind"], r["lab"], r["drug"], r["dismantled_on"], r["place"],
             r["km_to_border"], r["groups"], r["group_countries"]) for r in rows]


MAASMECHELEN_LAB = (
    # be-2017-lim-conversion-lab-maasmechelen: PMK conversion 1 km from the border for the
    # Dutch groups Kuijpers and Hermans
    "BE", "conversion", "lab-be-maasmechelen-2017", "mdma", "2017-08-28", "Maasmechelen", 1.0,
    ["Groep Hermans", "Groep Kuijpers"], ["NL"])
LOMMEL_LAB = (
    # nl-2017-lim-production-lab-venlo: the Hermans group's amphetamine lab in Lommel, 5 km
    "BE", "production", "lab-be-lommel-2018", "amphetamine", "2018-03-02", "Lommel", 5.0,
    ["Groep Hermans"], ["NL"])


def test_synthetic_labs_with_border_distance_and_groups(run_query):
    assert lab_rows(run_query("synthetic-labs-by-border-distance")) == [
        MAASMECHELEN_LAB,
        LOMMEL_LAB,
        # nl-2017-lim-production-lab-venlo: the Hermans group's MDMA lab in Venlo, 35 km
        ("NL", "production", "lab-nl-venlo-2018", "mdma", "2018-01-23", "Venlo", 35.0,
         ["Groep Hermans"], ["NL"]),
    ]


def test_synthetic_labs_near_the_border(run_query):
    assert lab_rows(run_query("synthetic-labs-by-border-distance", max_km=5.0)) == [
        MAASMECHELEN_LAB, LOMMEL_LAB]
    assert lab_rows(run_query("synthetic-labs-by-border-distance", max_km=4.5)) == [
        MAASMECHELEN_LAB]
    with pytest.raises(InvalidInput, match="max_km"):
        run_query("synthetic-labs-by-border-distance", max_km=-1.0)


# --- synthetic-conversion-labs-serving-dutch-groups ---------------------------------------

def conversion_rows(rows):
    return [(r["lab"], r["kind"], r["drug"], r["dismantled_on"], r["place"],
             r["dutch_group_count"], r["dutch_groups"]) for r in rows]


MAASMECHELEN_CONVERSION = (
    # be-2017-lim-conversion-lab-maasmechelen and be-2017-lim-mla-conversion-lab: PMK for
    # the Dutch groups Kuijpers and Hermans
    "lab-be-maasmechelen-2017", "conversion", "mdma", "2017-08-28", "Maasmechelen", 2,
    ["Groep Hermans", "Groep Kuijpers"])


def test_belgian_conversion_lab_serves_two_dutch_groups(run_query):
    rows = run_query("synthetic-conversion-labs-serving-dutch-groups")
    assert conversion_rows(rows) == [MAASMECHELEN_CONVERSION]


def test_conversion_labs_kinds_and_min_groups(run_query):
    # every kind, one Dutch group is enough: the Lommel lab produces for the Hermans group
    # (nl-2017-lim-production-lab-venlo); the Venlo lab is Dutch
    rows = run_query("synthetic-conversion-labs-serving-dutch-groups", kinds=[], min_groups=1)
    assert conversion_rows(rows) == [
        MAASMECHELEN_CONVERSION,
        ("lab-be-lommel-2018", "production", "amphetamine", "2018-03-02", "Lommel", 1,
         ["Groep Hermans"]),
    ]
    assert run_query("synthetic-conversion-labs-serving-dutch-groups", min_groups=3) == []
    assert run_query("synthetic-conversion-labs-serving-dutch-groups",
                     kinds=["production"]) == []  # Lommel serves one group only


def test_conversion_labs_parameters_are_checked(run_query):
    with pytest.raises(InvalidInput, match="kinds"):
        run_query("synthetic-conversion-labs-serving-dutch-groups", kinds=["kitchen"])
    with pytest.raises(InvalidInput, match="min_groups"):
        run_query("synthetic-conversion-labs-serving-dutch-groups", min_groups=0)


# --- synthetic-precursor-chains -----------------------------------------------------------

def chain_rows(rows):
    return [(r["route"], r["source"], r["source_kind"], r["reports_suspicious_orders"],
             r["chemical"], r["category"], r["kg"], r["origin_country"], r["seen"], r["via"],
             r["reached"], r["reached_type"], node_ids(r["chain"])) for r in rows]


SUPPLIER = ("chemical supplier", "Chemiehandel Noord BV", "chemical_supplier", False)
CHEMIEHANDEL = "company-chemiehandel-noord"
MAAS_LAB = "lab-be-maasmechelen-2017"


def test_precursor_chains_from_a_belgian_supplier_to_dutch_groups(run_query):
    assert chain_rows(run_query("synthetic-precursor-chains")) == [
        # be-2017-lim-conversion-lab-maasmechelen: the Antwerp supplier (no suspicious-order
        # report) sells 600 kg PMK-glycidate (2017-03-10) and 2,000 kg acetone (2017-04-02)
        # to the Maasmechelen lab, which produces for the Dutch groups Hermans and Kuijpers
        (*SUPPLIER, "PMK-glycidaat", "pre_precursor", 600.0, None, "2017-03-10", MAAS_LAB,
         "Groep Hermans", "Organisation", [CHEMIEHANDEL, MAAS_LAB, "org-hermans-group"]),
        (*SUPPLIER, "PMK-glycidaat", "pre_precursor", 600.0, None, "2017-03-10", MAAS_LAB,
         "Groep Kuijpers", "Organisation", [CHEMIEHANDEL, MAAS_LAB, "org-kuijpers-group"]),
        (*SUPPLIER, "Aceton", "solvent", 2000.0, None, "2017-04-02", MAAS_LAB,
         "Groep Hermans", "Organisation", [CHEMIEHANDEL, MAAS_LAB, "org-hermans-group"]),
        (*SUPPLIER, "Aceton", "solvent", 2000.0, None, "2017-04-02", MAAS_LAB,
         "Groep Kuijpers", "Organisation", [CHEMIEHANDEL, MAAS_LAB, "org-kuijpers-group"]),
        # nl-2017-lim-production-lab-venlo: 3,000 kg acetone straight to the Hermans group
        # (2017-06-20), and 400 kg APAA (2017-12-04) to its Lommel lab, which it operates and
        # produces for (one chain, not two)
        (*SUPPLIER, "Aceton", "solvent", 3000.0, None, "2017-06-20", None,
         "Groep Hermans", "Organisation", [CHEMIEHANDEL, "org-hermans-group"]),
        (*SUPPLIER, "APAA", "pre_precursor", 400.0, None, "2017-12-04", "lab-be-lommel-2018",
         "Groep Hermans", "Organisation",
         [CHEMIEHANDEL, "lab-be-lommel-2018", "org-hermans-group"]),
        # The PMK-glycidate (CN) and APAA (IN) containers through Antwerp are destined for
        # Antwerp itself, so no port chain reaches the Netherlands.
    ]


# --- synthetic-dump-sites-across-border ---------------------------------------------------

def dump_rows(rows):
    return [(r["found_on"], r["dump_site"], r["site_country"], r["site_place"], r["litres"],
             r["lab"], r["lab_kind"], r["lab_country"], r["lab_place"], r["lab_dismantled_on"],
             r["cross_border"], r["grading"]) for r in rows]


MAASTRICHT_DUMP = (
    # be-2017-lim-conversion-lab-maasmechelen: 450 l of the Belgian lab's waste found across
    # the Maas near Maastricht on 2017-07-03 (B3)
    "2017-07-03", "dump-nl-maastricht-2017", "NL", "Maastricht", 450.0,
    "lab-be-maasmechelen-2017", "conversion", "BE", "Maasmechelen", "2017-08-28", True, "B3")


def test_lab_waste_dumped_across_the_border(run_query):
    assert dump_rows(run_query("synthetic-dump-sites-across-border")) == [MAASTRICHT_DUMP]


def test_dump_sites_including_the_labs_own_country(run_query):
    rows = run_query("synthetic-dump-sites-across-border", include_same_country=True)
    assert dump_rows(rows) == [
        # be-2017-lim-conversion-lab-maasmechelen: 800 l in Maasmechelen itself (A2)
        ("2017-06-19", "dump-be-maasmechelen-2017", "BE", "Maasmechelen", 800.0,
         "lab-be-maasmechelen-2017", "conversion", "BE", "Maasmechelen", "2017-08-28", False,
         "A2"),
        MAASTRICHT_DUMP,
        # nl-2017-lim-production-lab-venlo: 1,200 l near the Venlo lab (file grading B2)
        ("2018-01-05", "dump-nl-venlo-2018", "NL", "Venlo", 1200.0, "lab-nl-venlo-2018",
         "production", "NL", "Venlo", "2018-01-23", False, "B2"),
    ]


# --- synthetic-parcels-posted-from-belgium ------------------------------------------------

XTC_PARCELS = (
    # be-2019-ant-xtc-parcels-postal: 4.2 kg of MDMA in parcels seized 2019-02-19 at the
    # Turnhout depot of Pakjesdienst Vlaanderen (BE); posted by the Dutch courier Fenna
    # Bakker, employed by the Tilburg webshop group; bound for Australia and the US
    2019, "shipment-2019-xtc-parcels-turnhout", "mdma", 4.2, ["Fenna Bakker"],
    ["Webshopgroep Van Rijswijk"], "Pakjesdienst Vlaanderen NV", "Turnhout",
    ["Australië", "Verenigde Staten"])


def parcel_rows(rows):
    return [(r["year"], r["shipment"], r["drug"], r["kg"], r["senders"], r["dutch_groups"],
             r["carrier"], r["carrier_place"], r["destinations"]) for r in rows]


def test_parcels_of_dutch_senders_posted_in_belgium(run_query):
    assert parcel_rows(run_query("synthetic-parcels-posted-from-belgium")) == [XTC_PARCELS]


def test_parcels_year_window(run_query):
    assert parcel_rows(run_query("synthetic-parcels-posted-from-belgium",
                                 to_year=2019)) == [XTC_PARCELS]
    assert run_query("synthetic-parcels-posted-from-belgium", from_year=2020) == []
    with pytest.raises(InvalidInput, match="to_year"):
        run_query("synthetic-parcels-posted-from-belgium", to_year=3000)


# --- what the demo cannot show: one small dossier of our own ------------------------------

SMALL_CASE = """
case: {id: be-2021-test-precursors, country: BE, kind: seizure_report, opened_on: 2021-05-04,
       agency: Testdouane, grading: B2}
entities:
  - {type: Port, id: port-test-be, properties: {name: Testhaven BE, kind: seaport, country: BE}}
  - {type: Port, id: port-test-nl, properties: {name: Testhaven NL, kind: seaport, country: NL}}
  - {type: Shipment, id: shipment-test-1, properties: {drug: precursor, kg: 900.0,
                                                       origin_country: CN}}
  - {type: Shipment, id: shipment-test-2, properties: {drug: precursor, kg: 50.0}}
  - {type: Shipment, id: shipment-test-3, properties: {drug: precursor, kg: 70.0}}
  - {type: Shipment, id: shipment-test-4, properties: {drug: cocaine, kg: 10.0}}
  - {type: Organisation, id: org-test-nl, properties: {name: Testgroep NL, base_country: NL}}
  - {type: Location, id: loc-test-nl, properties: {name: Testdorp NL, level: municipality,
                                                   country: NL}}
  - {type: Location, id: loc-test-be, properties: {name: Testdorp BE, level: municipality,
                                                   country: BE}}
  - {type: Location, id: loc-test-prov, properties: {name: Testprovincie, level: province,
                                                     country: BE}}
  - {type: Company, id: company-test-chem, properties: {name: Testchemie, kind: chemical_supplier,
                                                        country: BE,
                                                        reports_suspicious_orders: true}}
  - {type: Lab, id: lab-test-nl, properties: {kind: production, drug: mdma, country: NL}}
  - {type: Plantation, id: plantation-test, properties: {plant_count: 300,
                                                         dismantled_on: 2021-04-20,
                                                         professional: true}}
links:
  - {type: VIA, source: shipment-test-1, target: port-test-be, date: 2021-04-01}
  - {type: DESTINED_FOR, source: shipment-test-1, target: loc-test-nl}
  - {type: IMPORTS, source: org-test-nl, target: shipment-test-1}
  - {type: VIA, source: shipment-test-2, target: port-test-nl}
  - {type: DESTINED_FOR, source: shipment-test-2, target: org-test-nl}
  - {type: VIA, source: shipment-test-3, target: port-test-be}
  - {type: DESTINED_FOR, source: shipment-test-3, target: loc-test-be}
  - {type: VIA, source: shipment-test-4, target: port-test-be}
  - {type: DESTINED_FOR, source: shipment-test-4, target: org-test-nl}
  - {type: SUPPLIES, source: company-test-chem, target: lab-test-nl,
     properties: {chemical: Testzuur, kg: 20.0}, date: 2021-03-01}
  - {type: PRODUCES_FOR, source: lab-test-nl, target: org-test-nl}
  - {type: LOCATED_IN, source: plantation-test, target: loc-test-be}
  - {type: PART_OF, source: loc-test-be, target: loc-test-prov}
"""


@pytest.fixture
def run_small(run_on_dossiers):
    return run_on_dossiers({"small.yaml": SMALL_CASE})


def test_precursor_chains_through_a_belgian_port(run_small):
    assert chain_rows(run_small("synthetic-precursor-chains")) == [
        # a Belgian supplier's chemical straight to a Dutch lab: the chain stops at the lab
        ("chemical supplier", "Testchemie", "chemical_supplier", True, "Testzuur", None, 20.0,
         None, "2021-03-01", None, "lab-test-nl", "Lab", ["company-test-chem", "lab-test-nl"]),
        # shipment 1 passes the Belgian port, is destined for a Dutch town and imported by a
        # Dutch group; shipment 2 uses a Dutch port, shipment 3 stays in Belgium and shipment
        # 4 is cocaine, so none of them counts
        ("port", "Testhaven BE", "seaport", None, None, None, 900.0, "CN", "2021-04-01",
         "shipment-test-1", "Testdorp NL", "Location",
         ["port-test-be", "shipment-test-1", "loc-test-nl"]),
        ("port", "Testhaven BE", "seaport", None, None, None, 900.0, "CN", "2021-04-01",
         "shipment-test-1", "Testgroep NL", "Organisation",
         ["port-test-be", "shipment-test-1", "org-test-nl"]),
    ]


def test_plantation_without_a_country_takes_that_of_its_place(run_small):
    # the plantation has no country of its own; its town lies in a Belgian province
    assert province_rows(run_small("cannabis-plantations-by-province", country="BE")) == [
        ("BE", "Testprovincie", 2021, 1, 300, 1)]
    assert growshop_rows(run_small("cannabis-plantations-dutch-growshops")) == [
        (2021, "Testprovincie", 1, 0, [], [])]
