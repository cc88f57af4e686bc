"""The sites on the Markets page's map and the verdict rows beside them
(explorer/viewmodels/site_map.py, explorer/viewmodels/markets.py), on the demo graph and on small
dossiers written for one rule."""

from __future__ import annotations

import base64

import pytest
from conftest import TABLE_1

from explorer.viewmodels.markets import (
    marked_interventions,
    regression_reading,
    series_colours,
    series_points,
    verdict_rows,
)
from explorer.viewmodels.site_map import (
    BORDER_BE_NL,
    SPREAD,
    ascii_label,
    inert,
    map_points,
    municipalities,
    read_sites,
    site_types,
    sites_shown,
)
from explorer.viewmodels.visual import COUNTRY_STYLES, GLYPH_PATHS
from graph.study.activity import ActivityReader
from graph.study.displacement import verdicts


@pytest.fixture(scope="module")
def demo_sites(demo_store, ontology):
    return read_sites(demo_store, ontology)


def test_sites_are_the_placeable_types_that_are_not_actors(ontology):
    assert set(site_types(ontology)) == {"Plantation", "Lab", "DumpSite", "Growshop",
                                         "Coffeeshop", "CallCentre", "Premises", "Port"}


def test_every_demo_site_is_placed_at_its_municipality(demo_sites):
    by_id = {s.id: s for s in demo_sites.sites}
    assert len(by_id) == 29 and not demo_sites.truncated
    assert all(s.placed for s in demo_sites.sites)
    # nl-2017-lim-production-lab-venlo.yaml: the amphetamine lab in Lommel (51.23, 5.313),
    # dismantled 2018-03-02, though the file naming it was opened on 2017-04-11
    lommel = by_id["lab-be-lommel-2018"]
    assert (lommel.place, lommel.level, lommel.lat, lommel.lon) == \
        ("Lommel", "municipality", 51.23, 5.313)
    assert (lommel.year, lommel.country, lommel.markets) == (2018, "BE", ("synthetic",))
    # be-2021-ant-cocaine-callcentre.yaml / nl-2022-…: the call centre sells cocaine
    assert by_id["callcentre-nl-snelle-levering"].markets == ("cocaine",)
    assert by_id["port-be-antwerpen"].markets == ()
    assert demo_sites.years() == (2008, 2021)


def test_sites_are_filtered_by_market_year_and_type(demo_sites):
    synthetic = sites_shown(demo_sites, market="synthetic", any_market=False)
    # three labs (Maasmechelen 2017, Venlo and Lommel 2018) and three dump sites
    # (Maasmechelen and Maastricht 2017, Venlo 2018): be-2017-lim-conversion-lab-
    # maasmechelen.yaml and nl-2017-lim-production-lab-venlo.yaml
    assert sorted(s.id for s in synthetic) == [
        "dump-be-maasmechelen-2017", "dump-nl-maastricht-2017", "dump-nl-venlo-2018",
        "lab-be-lommel-2018", "lab-be-maasmechelen-2017", "lab-nl-venlo-2018"]
    by_2017 = sites_shown(demo_sites, market="synthetic", until=2017, any_market=False)
    assert sorted(s.id for s in by_2017) == ["dump-be-maasmechelen-2017",
                                             "dump-nl-maastricht-2017",
                                             "lab-be-maasmechelen-2017"]
    assert sites_shown(demo_sites, market="synthetic", until=2016, any_market=False) == []
    labs = sites_shown(demo_sites, market="synthetic", types=["Lab"])
    assert {s.type for s in labs} == {"Lab"} and len(labs) == 3
    with_ports = sites_shown(demo_sites, market="cocaine")
    assert {"port-be-antwerpen", "callcentre-nl-snelle-levering"} <= {s.id for s in with_ports}
    assert "plantation-be-lommel-2014" not in {s.id for s in with_ports}


def test_map_points_spread_sites_sharing_a_place_and_draw_type_and_country(demo_sites,
                                                                           ontology):
    points = map_points(demo_sites.sites, ontology)
    assert len(points) == 29
    # Antwerpen holds the port and two premises: three distinct points around it
    antwerp = [p for p in points if p["place"] == "Antwerpen (municipality)"]
    assert len(antwerp) == 3 and len({(p["lon"], p["lat"]) for p in antwerp}) == 3
    assert all(abs(p["lat"] - 51.2194) <= SPREAD + 1e-9 for p in antwerp)
    lab = next(p for p in points if p["id"] == "lab-be-lommel-2018")
    assert lab["icon"]["id"] == "Lab-BE"


def test_sites_without_coordinates_are_kept_and_the_most_precise_place_wins(
        run_on_dossiers, falkor_store, ontology):
    run_on_dossiers({"places.yaml": """
case: {id: be-2019-lim-900, country: BE, kind: police_report, opened_on: 2019-03-01,
       agency: Politie Limburg, grading: B2}
entities:
  - {type: Location, id: loc-prov, properties: {name: Provincie Limburg (BE), level: province,
     country: BE, lat: 51.0, lon: 5.4}}
  - {type: Location, id: loc-genk, properties: {name: Genk, level: municipality, country: BE,
     lat: 50.965, lon: 5.5}}
  - {type: Location, id: loc-bree, properties: {name: Bree, level: municipality, country: BE}}
  - {type: Plantation, id: pl-genk, properties: {plant_count: 400}}
  - {type: Plantation, id: pl-bree, properties: {plant_count: 300}}
  - {type: DumpSite, id: dump-nowhere, properties: {found_on: 2018-11-30}}
  - {type: Lab, id: lab-bree, properties: {kind: storage, drug: mdma}}
links:
  - {type: LOCATED_IN, source: pl-genk, target: loc-prov}
  - {type: LOCATED_IN, source: pl-genk, target: loc-genk}
  - {type: LOCATED_IN, source: pl-bree, target: loc-bree}
  - {type: LOCATED_IN, source: pl-bree, target: loc-prov}
  - {type: LOCATED_IN, source: lab-bree, target: loc-bree}
"""})
    found = {s.id: s for s in read_sites(falkor_store, ontology).sites}
    assert (found["pl-genk"].place, found["pl-genk"].lat) == ("Genk", 50.965)
    # Bree has no coordinates: the province that has them places the plantation
    assert (found["pl-bree"].place, found["pl-bree"].level) == ("Provincie Limburg (BE)",
                                                                 "province")
    assert not found["dump-nowhere"].placed and found["dump-nowhere"].year == 2018
    assert not found["lab-bree"].placed and found["lab-bree"].place == "Bree"
    assert found["lab-bree"].year == 2019  # no dismantling date: the case file's
    assert len(map_points(found.values(), ontology)) == 2
    assert [m["name"] for m in municipalities(falkor_store)] == ["Genk"]


def test_the_border_runs_from_the_north_sea_to_vaals():
    assert BORDER_BE_NL[0][0] < 3.5 and BORDER_BE_NL[-1] == (6.021, 50.754)
    assert all(3.3 < lon < 6.1 and 50.7 < lat < 51.6 for lon, lat in BORDER_BE_NL)


def test_verdict_rows_are_table_1_on_the_demo(demo_store):
    found = verdicts(demo_store)
    rows = verdict_rows(found)
    # twenty dossiers are too few for a verdict; what they lean to is Table 1
    assert {(r["market"], r["echelon"]): r["leaning"] for r in rows} == TABLE_1
    assert all(r["leaning"] == r["study's verdict"] for r in rows)
    assert {r["verdict"] for r in rows} == {"insufficient data"}
    assert [r["reason"] for r in rows] == [v.reason for v in found]
    assert [r["test"] for r in rows] == [regression_reading(v) for v in found]


def test_series_points_fill_every_year_and_mark_the_rows_interventions(demo_store):
    found = {(v.market, v.echelon): v for v in verdicts(demo_store)}
    interventions = ActivityReader(demo_store).interventions()
    production = found[("cannabis", "production")].series
    points = series_points(production)
    assert len(points) == 2 * len(production.years())
    by = {(p["series"], p["year"]): p["count"] for p in points}
    # NL plantations dismantled in 2015: Maastricht and Venlo (nl-2015-lim-dismantled-
    # sites-exchange.yaml); none in 2016
    assert by[("Netherlands", 2015)] == 2 and by[("Netherlands", 2016)] == 0
    assert series_colours(production)[0] == ["Belgium", "Netherlands"]
    # the I-criterion (2012-05-01) marks cannabis retail only; the Taskforce every row
    retail = marked_interventions(found[("cannabis", "retail")].series, interventions)
    assert {m["on"] for m in retail} == {"2012-01-01", "2012-05-01"}
    assert {m["on"] for m in marked_interventions(production, interventions)} == \
        {"2012-01-01"}
    middle = marked_interventions(found[("cocaine", "middle_market")].series, interventions)
    assert "2018-02-01" in {m["on"] for m in middle}


def test_map_text_is_inert_and_labels_are_ascii(demo_store):
    assert inert("@@=constructor") == "\u200b@@=constructor" and inert("Lommel") == "Lommel"
    assert ascii_label("Liège") == "Liege" and ascii_label("Brussel / Bruxelles") == \
        "Brussel / Bruxelles"
    # the demo bundle's Liège (bundle-nl-police-export/entities.csv) is labelled in ASCII
    liege = next(m for m in municipalities(demo_store) if m["name"] == "Liège")
    assert liege["label"] == "Liege"


def test_the_map_draws_the_sites_with_the_drawings_marks(demo_sites, ontology):
    """A site's icon is its type's glyph and colour in its country's outline, an SVG that
    is a data: URL (nothing fetched); one icon per type and country."""
    points = map_points(demo_sites.sites, ontology)
    lab = next(p for p in points if p["id"] == "lab-be-lommel-2018")
    svg = base64.b64decode(lab["icon"]["url"].removeprefix("data:image/svg+xml;base64,"))
    assert lab["icon"]["url"].startswith("data:image/svg+xml;base64,")
    assert f'fill="{ontology.node("Lab").colour}"' in svg.decode()
    assert f'stroke="{COUNTRY_STYLES["BE"].border}"' in svg.decode()
    assert f'd="{GLYPH_PATHS[ontology.node("Lab").glyph]}"' in svg.decode()
    icons = {p["icon"]["id"]: p["icon"]["url"] for p in points}
    assert len(icons) == len({p["icon"]["url"] for p in points})
