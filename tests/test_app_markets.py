"""The explorer's Markets page (AppTest) on the demo graph and on an empty one."""

from __future__ import annotations

import json

import pytest
from conftest import TABLE_1

from graph.study.displacement import verdicts


def deck(app) -> dict:
    """The pydeck chart's deck.gl spec: its layers by id."""
    [chart] = app.get("deck_gl_json_chart")
    return {layer["id"]: layer for layer in json.loads(chart.proto.json)["layers"]}


def vega_spec(app) -> str:
    """The Vega-Lite chart's spec with its inline data, as text."""
    [chart] = app.get("vega_lite_chart")
    return chart.proto.spec


def test_the_verdicts_are_those_of_dismark_displacement(explorer_page, demo_store):
    app = explorer_page("markets.py")
    assert not app.exception and not app.error
    table = app.dataframe[0].value
    shown = {(r.market, r.echelon): (r.verdict, r.confidence, r.leaning, r.reason)
             for r in table.itertuples()}
    assert shown == {(v.market, v.echelon): (v.verdict, v.confidence, v.leaning, v.reason)
                     for v in verdicts(demo_store)}
    # twenty dossiers are too few for a verdict; their counts lean to the study's Table 1
    # (docs/study.md)
    assert {v[0] for v in shown.values()} == {"insufficient data"}
    assert {k: v[2] for k, v in shown.items()} == TABLE_1
    assert list(table["study's verdict"]) == [TABLE_1[k] for k in shown]


def test_a_rows_series_is_charted_with_its_interventions(explorer_page):
    app = explorer_page("markets.py", row="cannabis/retail")
    assert not app.exception
    assert "insufficient data" in app.subheader[0].value
    spec = vega_spec(app)
    # the I-criterion (be-2013-ant-cannabis-retail-couriers.yaml, 2012-05-01) and the
    # Taskforce Brabant-Zeeland (2012-01-01) apply to cannabis retail; the Stroomplan does not
    assert "Ingezetenencriterium" in spec and "Taskforce Brabant-Zeeland" in spec
    assert "Stroomplan" not in spec
    assert "Dutch-run suppliers serving Belgian demand" in spec
    app.selectbox[0].set_value("cocaine/middle_market").run()
    assert "Stroomplan" in vega_spec(app)
    assert app.query_params["row"] == "cocaine/middle_market"  # the view can be shared


def test_the_map_draws_the_sites_of_the_market_by_year(explorer_page):
    app = explorer_page("markets.py", row="synthetic/production")
    layers = deck(app)
    sites = layers["sites"]["data"]
    # synthetic with ports and premises: 3 labs and 3 dump sites (be-2017-lim-conversion-lab-
    # maasmechelen.yaml, nl-2017-lim-production-lab-venlo.yaml), 3 ports, 6 premises
    assert len(sites) == 15
    assert all(50.7 < p["lat"] < 52.0 and 3.3 < p["lon"] < 6.3 for p in sites)
    assert len(layers["municipalities"]["data"]) == 19
    app.checkbox[0].set_value(False).run()
    assert sorted(p["id"] for p in deck(app)["sites"]["data"]) == [
        "dump-be-maasmechelen-2017", "dump-nl-maastricht-2017", "dump-nl-venlo-2018",
        "lab-be-lommel-2018", "lab-be-maasmechelen-2017", "lab-nl-venlo-2018"]
    app.slider[0].set_value(2017).run()
    assert sorted(p["id"] for p in deck(app)["sites"]["data"]) == [
        "dump-be-maasmechelen-2017", "dump-nl-maastricht-2017", "lab-be-maasmechelen-2017"]
    assert not app.warning  # every demo site has coordinates
    # No base map, so nothing is fetched (checked in Chromium: no request leaves the host).
    # Streamlit's frontend draws no tiles for pydeck's placeholder style with no provider;
    # a missing style (map_style=None) would fetch CARTO's tiles instead.
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "cartocdn" not in json.dumps(spec) and "mapbox" not in json.dumps(spec)


def test_an_unknown_row_is_named_and_the_first_is_shown(explorer_page):
    app = explorer_page("markets.py", row="heroin/retail")
    assert not app.exception
    assert "heroin/retail" in app.warning[0].value
    assert app.subheader[0].value.startswith("cannabis")


@pytest.fixture
def empty_page(falkor_store, explorer_on):
    return explorer_on(falkor_store.url, "markets.py")


def test_an_empty_graph_says_there_is_nothing_to_judge(empty_page):
    assert not empty_page.exception
    assert "no dated case files" in empty_page.info[0].value
    assert not empty_page.get("deck_gl_json_chart")
