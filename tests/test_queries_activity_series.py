"""The activity-series queries behind the shift-versus-expansion verdicts, checked against
answers read by hand from the demo case files (data/demo/*.yaml and the NL police bundle).

Each expected row names its dossier. Loader rules relied on: a site's province is the one its
place lies in through PART_OF; a relationship stated by two files lists both in ``sources``.
"""

from __future__ import annotations

import pytest


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


def test_each_load_counts_at_the_port_that_met_it_with_that_ports_country(run_query):
    rows = run_query("activity-series-shipments-by-destination")
    assert {(r["port"], r["port_country"]) for r in rows} == {
        ("Haven van Antwerpen", "BE"), ("Jachthaven Maaskant", "BE"),
        ("Haven van Rotterdam", "NL")}


def test_enforcement_effort_figures_per_country_and_year(run_query):
    rows = run_query("activity-series-enforcement-effort")
    # be-2022-statistics-drug-controls.yaml: national figures (no place named), all markets
    assert [(r["country"], r["year"], r["value"]) for r in rows][:3] == [
        ("BE", 2008, 39800.0), ("BE", 2009, 40300.0), ("BE", 2010, 41900.0)]
    assert len(rows) == 15
    assert {(r["measure"], r["market"], r["level"], r["jurisdiction"], r["unit"])
            for r in rows} == {("controls", "all", "country", "BE", "drug controls")}


def test_the_size_of_every_dismantled_plantation(run_query):
    rows = run_query("activity-series-site-sizes")
    # Lommel 2400 plants (2014), Mol 150 (2015), Baarle-Hertog 4800 (2017); NL Tilburg 1500
    # (2011), Maastricht 320 and Venlo 900 (2015); Valkenswaard has no dismantling date
    assert rows_of(rows, "country", "year", "plants") == [
        ("BE", 2014, 2400), ("BE", 2015, 150), ("BE", 2017, 4800),
        ("NL", 2011, 1500), ("NL", 2015, 320), ("NL", 2015, 900)]


def test_cocaine_shipments_recorded_in_seizure_reports_only(run_query):
    rows = run_query("activity-series-shipments-by-destination",
                     recorded_in=["seizure_report"])
    # the Antwerp loads of 2016 and 2019 are named only in prosecutor files; the two
    # seizure reports each name one load
    assert rows_of(rows, "destination_country", "port", "year", "shipments") == [
        ("BE", "Jachthaven Maaskant", 2020, 1),  # be-2020 marina seizure: for BE Limburg
        ("NL", "Haven van Rotterdam", 2018, 1),  # nl-2018 Rotterdam seizure: for Dekker (NL)
    ]
    prosecuted = run_query("activity-series-shipments-by-destination",
                           recorded_in=["prosecutor_file", "mla_request"])
    assert rows_of(prosecuted, "destination_country", "port", "year", "shipments") == [
        ("BE", "Haven van Antwerpen", 2019, 1),  # be-2019 import for the crew itself
        ("NL", "Haven van Antwerpen", 2016, 1),  # be-2016 extraction for Dekker (NL)
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
    # the demo's only parcel; its sender lives in NL, so no Belgian seller
    assert run_query("activity-series-parcels-from-belgium", sender_country="BE") == []


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
    # every group employing couriers in BE in the demo is based in NL (Van Oorschot, the
    # Maastricht webshop): nothing is run from Belgium
    assert run_query("activity-series-deliveries-into-belgium", run_from="BE") == []


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
    # De Snelle Levering is run from NL, though two of its couriers are Belgian
    assert run_query("activity-series-deliveries-into-belgium", market="cocaine",
                     run_from="BE") == []


def test_case_files_per_country_kind_and_year(run_query):
    rows = run_query("activity-series-case-files")
    police = [(r["country"], r["year"], r["case_files"]) for r in rows
              if r["kind"] == "police_report"]
    # BE: be-2013 couriers, be-2015 Mol; NL: the bundle's 2008, 2012, 2020 reports and the
    # 2015 exchange of dismantled sites
    assert police == [("BE", 2013, 1), ("BE", 2015, 1), ("NL", 2008, 1), ("NL", 2012, 1),
                      ("NL", 2015, 1), ("NL", 2020, 1)]
    assert sum(r["case_files"] for r in rows) == 21 + 3  # 21 YAML dossiers, 3 bundle cases
    assert [(r["country"], r["year"]) for r in rows if r["kind"] == "statistics"] == [
        ("BE", 2022)]  # the Belgian drug controls, a statistics file
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


# --- what the demo cannot show: Belgian-run suppliers, and whose parcel is whose -----------

BOTH_SIDES = """
case: {id: be-2021-test-retail, country: BE, kind: police_report, opened_on: 2021-06-01,
       agency: Testpolitie, grading: B2}
entities:
  - {type: Location, id: loc-test-prov, properties: {name: Testprovincie, level: province,
                                                     country: BE}}
  - {type: Location, id: loc-test-be, properties: {name: Testdorp BE, level: municipality,
                                                   country: BE}}
  - {type: Location, id: loc-test-nl, properties: {name: Testdorp NL, level: municipality,
                                                   country: NL}}
  - {type: CallCentre, id: callcentre-test-be, properties: {name: Testlijn BE,
                                                            run_from_country: BE,
                                                            drug: cocaine}}
  - {type: Organisation, id: org-test-be, properties: {name: Testgroep BE, base_country: BE,
                                                       markets: [cannabis]}}
  - {type: Organisation, id: org-test-nl, properties: {name: Testgroep NL, base_country: NL,
                                                       markets: [cannabis, synthetic]}}
  - {type: Person, id: person-test-courier-nl, properties: {name: Koerier Een,
                                                            residence_country: NL}}
  - {type: Person, id: person-test-courier-be, properties: {name: Koerier Twee,
                                                            residence_country: BE}}
  - {type: Person, id: person-test-courier-nl2, properties: {name: Koerier Drie,
                                                             residence_country: NL}}
  - {type: Company, id: company-test-post, properties: {name: Testpost NV,
                                                        kind: postal_courier, country: BE}}
  - {type: Person, id: person-test-seller-1, properties: {name: Verkoper Een,
                                                          residence_country: BE,
                                                          nationality: NL}}
  - {type: Person, id: person-test-seller-2, properties: {name: Verkoper Twee,
                                                          nationality: BE}}
  - {type: Person, id: person-test-seller-3, properties: {name: Verkoper Drie,
                                                          nationality: BE}}
  - {type: Shipment, id: shipment-test-parcel-1, properties: {drug: mdma, parcel: true,
                                                              seized_on: 2020-03-01}}
  - {type: Shipment, id: shipment-test-parcel-2, properties: {drug: mdma, parcel: true,
                                                              seized_on: 2020-04-01}}
  - {type: Shipment, id: shipment-test-parcel-3, properties: {drug: amphetamine, parcel: true,
                                                              seized_on: 2021-05-01}}
  - {type: Shipment, id: shipment-test-parcel-4, properties: {drug: mdma, parcel: true,
                                                              seized_on: 2022-06-01}}
links:
  - {type: PART_OF, source: loc-test-be, target: loc-test-prov}
  - {type: EMPLOYS, source: callcentre-test-be, target: person-test-courier-nl}
  - {type: DELIVERS_IN, source: person-test-courier-nl, target: loc-test-be}
  - {type: EMPLOYS, source: org-test-be, target: person-test-courier-be}
  - {type: DELIVERS_IN, source: person-test-courier-be, target: loc-test-be}
  - {type: EMPLOYS, source: org-test-nl, target: person-test-courier-nl2}
  - {type: DELIVERS_IN, source: person-test-courier-nl2, target: loc-test-nl}
  - {type: LOCATED_IN, source: company-test-post, target: loc-test-be}
  - {type: MEMBER_OF, source: person-test-seller-2, target: org-test-nl}
  - {type: MEMBER_OF, source: person-test-seller-3, target: org-test-nl}
  - {type: MEMBER_OF, source: person-test-seller-3, target: org-test-be}
  - {type: SENDS, source: person-test-seller-1, target: shipment-test-parcel-1}
  - {type: SENDS, source: person-test-seller-2, target: shipment-test-parcel-2}
  - {type: SENDS, source: person-test-seller-3, target: shipment-test-parcel-3}
  - {type: SENDS, source: org-test-nl, target: shipment-test-parcel-4}
  - {type: CARRIED_BY, source: shipment-test-parcel-1, target: company-test-post}
  - {type: CARRIED_BY, source: shipment-test-parcel-2, target: company-test-post}
  - {type: CARRIED_BY, source: shipment-test-parcel-3, target: company-test-post}
  - {type: CARRIED_BY, source: shipment-test-parcel-4, target: company-test-post}
"""


@pytest.fixture
def run_both_sides(run_on_dossiers):
    return run_on_dossiers({"both-sides.yaml": BOTH_SIDES})


def test_deliveries_count_on_the_side_that_runs_the_supplier(run_both_sides):
    delivery = ("year", "case_file", "country", "provinces")
    # the Belgian-run call centre's courier lives in NL: who runs the centre decides
    assert rows_of(run_both_sides("activity-series-deliveries-into-belgium", market="cocaine",
                                  run_from="BE"), *delivery) == [
        (2021, "be-2021-test-retail", "BE", ["Testprovincie"])]
    assert run_both_sides("activity-series-deliveries-into-belgium", market="cocaine") == []
    # the Belgian group's courier in Testdorp BE; the Dutch group's delivers in NL only
    assert rows_of(run_both_sides("activity-series-deliveries-into-belgium", run_from="BE"),
                   *delivery) == [(2021, "be-2021-test-retail", "BE", ["Testprovincie"])]
    assert run_both_sides("activity-series-deliveries-into-belgium", run_from="NL") == []


def test_each_parcel_counts_for_one_country_of_its_sender(run_both_sides):
    columns = ("province", "year", "parcels")
    # parcel 1: lives in BE (Dutch nationality does not count first) → BE;
    # parcel 2: no residence, member of the Dutch group only → NL;
    # parcel 3: no residence, groups in NL and BE disagree → nationality BE;
    # parcel 4: sent by the Dutch group itself → NL
    assert rows_of(run_both_sides("activity-series-parcels-from-belgium"), *columns) == [
        ("Testprovincie", 2020, 1), ("Testprovincie", 2022, 1)]
    assert rows_of(run_both_sides("activity-series-parcels-from-belgium",
                                  sender_country="BE"), *columns) == [
        ("Testprovincie", 2020, 1), ("Testprovincie", 2021, 1)]
