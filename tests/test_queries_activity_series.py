"""The activity-series queries behind the shift-versus-expansion verdicts, checked against
answers read by hand from the demo case files (data/demo/*.yaml and the NL police bundle).

Each expected row names its dossier. Loader rules relied on: a site's province is the one its
place lies in through PART_OF; a relationship stated by two files lists both in ``sources``.
"""

from __future__ import annotations


def rows_of(rows, *columns) -> list[tuple]:
    return [tuple(row[c] for c in columns) for row in rows]


def test_dismantled_plantations_per_country_province_and_year(run_query):
    rows = run_query("activity-series-dismantled-sites")
    assert rows_of(rows, "country", "province", "year", "sites") == [
        ("BE", "Provincie Antwerpen", 2015, 1),  # be-2015-ant-plantation-mol (Mol→Turnhout arr.)
        ("BE", "Provincie Antwerpen", 2017, 1),  # be-2017-ant-plantation-baarle-hertog
        ("BE", "Provincie Limburg (BE)", 2014, 1),  # be-2014-lim-plantation-lommel
        ("NL", "Provincie Limburg (NL)", 2015, 2),  # nl-2015-lim exchange: Venlo, Maastricht
        ("NL", "Provincie Noord-Brabant", 2011, 1),  # nl-2018 interview: Tilburg, 2011-12-06
        # plantation-nl-valkenswaard-2008 (be-2017 interview) has no dismantling date
    ]


def test_dismantled_labs_per_country_province_and_year(run_query):
    rows = run_query("activity-series-dismantled-sites", market="synthetic")
    assert rows_of(rows, "country", "province", "year", "sites") == [
        ("BE", "Provincie Limburg (BE)", 2017, 1),  # Maasmechelen conversion lab, 2017-08-28
        # Lommel lab (nl-2017-lim-production-lab-venlo), 2018-03-02: Lommel lies in BE Limburg
        # (PART_OF in be-2014-lim-plantation-lommel)
        ("BE", "Provincie Limburg (BE)", 2018, 1),
        ("NL", "Provincie Limburg (NL)", 2018, 1),  # Venlo production lab, 2018-01-23
    ]


def test_cocaine_shipments_per_destination_port_and_year(run_query):
    rows = run_query("activity-series-shipments-by-destination")
    assert rows_of(rows, "destination_country", "port", "year", "shipments") == [
        ("BE", "Haven van Antwerpen", 2019, 1),  # be-2019 import: for Antwerpen and the crew
        ("BE", "Jachthaven Maaskant", 2020, 1),  # be-2020 marina: for BE Limburg
        ("NL", "Haven van Antwerpen", 2016, 1),  # be-2016 extraction: for Nederland and Dekker
        ("NL", "Haven van Rotterdam", 2018, 1),  # nl-2018 Rotterdam seizure: for Dekker (NL)
    ]


def test_precursor_loads_have_a_destination_and_a_port(run_query):
    rows = run_query("activity-series-shipments-by-destination", drug="precursor")
    # be-2017 conversion lab (PMK-glycidate, VIA 2017-02-14) and nl-2017 Venlo (APAA, VIA
    # 2017-10-30), both destined for Antwerpen, neither seized: the year is the passage's
    assert rows_of(rows, "destination_country", "port", "year", "shipments") == [
        ("BE", "Haven van Antwerpen", 2017, 2)]


def test_parcels_of_dutch_senders_posted_in_belgium(run_query):
    rows = run_query("activity-series-parcels-from-belgium")
    # be-2019-ant-xtc-parcels-postal: Fenna Bakker (lives in NL) sends; Pakjesdienst
    # Vlaanderen in Turnhout, Turnhout → Arrondissement Turnhout → Provincie Antwerpen
    assert rows_of(rows, "province", "year", "parcels") == [("Provincie Antwerpen", 2019, 1)]


def test_case_files_of_dutch_run_cannabis_deliveries_into_belgium(run_query):
    rows = run_query("activity-series-deliveries-into-belgium")
    assert rows_of(rows, "year", "case_file", "country", "provinces") == [
        # Van Oorschot courier in Baarle-Hertog (→ arr. Turnhout → prov. Antwerpen)
        (2012, "nl-2012-zwb-pv-baarle-couriers", "NL", ["Provincie Antwerpen"]),
        # same group, Turnhout and Baarle-Hertog
        (2013, "be-2013-ant-cannabis-retail-couriers", "BE", ["Provincie Antwerpen"]),
        # Maastricht webshop's courier in Hasselt and Liège
        (2020, "nl-2020-lim-pv-maastricht-webshop", "NL",
         ["Provincie Limburg (BE)", "Provincie Luik / Liège"]),
    ]


def test_case_files_of_dutch_call_centres_delivering_cocaine_in_belgium(run_query):
    rows = run_query("activity-series-deliveries-into-belgium", market="cocaine")
    assert rows_of(rows, "year", "case_file", "country", "provinces") == [
        # Antwerpen, Gent, Hasselt (Brussel lies directly in loc-be: no province)
        (2021, "be-2021-ant-cocaine-callcentre", "BE",
         ["Provincie Antwerpen", "Provincie Limburg (BE)", "Provincie Oost-Vlaanderen"]),
        # Sem Jacobs → Antwerpen, stated again by the Dutch file
        (2022, "nl-2022-zwb-callcentre-roosendaal", "NL", ["Provincie Antwerpen"]),
    ]
    assert run_query("activity-series-deliveries-into-belgium", market="synthetic") == []


def test_case_files_per_country_kind_and_year(run_query):
    rows = run_query("activity-series-case-files")
    police = [(r["country"], r["year"], r["case_files"]) for r in rows
              if r["kind"] == "police_report"]
    # BE: be-2013 couriers, be-2015 Mol; NL: the bundle's 2008, 2012, 2020 reports and the
    # 2015 exchange of dismantled sites
    assert police == [("BE", 2013, 1), ("BE", 2015, 1), ("NL", 2008, 1), ("NL", 2012, 1),
                      ("NL", 2015, 1), ("NL", 2020, 1)]
    assert sum(r["case_files"] for r in rows) == 20 + 3  # 20 YAML dossiers, 3 bundle cases
    assert min(r["year"] for r in rows) == 2008 and max(r["year"] for r in rows) == 2022


def test_interventions_with_their_targets(run_query):
    rows = run_query("activity-series-interventions")
    assert rows_of(rows, "intervention", "on_date", "market", "echelon") == [
        ("intervention-nl-taskforce-brabant-zeeland", "2012-01-01", "all", "all"),
        ("intervention-nl-residence-criterion-2012", "2012-05-01", "cannabis", "retail"),
        ("intervention-be-stroomplan-2018", "2018-02-01", "cocaine", "middle_market"),
    ]
    assert rows[1]["applies_to"] == ["Provincie Limburg (NL)", "Provincie Noord-Brabant",
                                     "Provincie Zeeland"]
    assert rows[2]["applies_to"] == ["Antwerpen"]
