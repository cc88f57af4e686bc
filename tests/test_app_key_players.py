"""The key-players page on the demo graph: it must print what ``dismark metrics`` prints."""

from __future__ import annotations

import re

import pytest
from conftest import cli_json
from streamlit.testing.v1 import AppTest

EVERY_MEASURE = "degree,betweenness,closeness,eigenvector,pagerank,brokerage,communities," \
                "disruption"


def widget(app: AppTest, kind: str, label: str):
    return next(w for w in getattr(app, kind) if w.label == label)


def unescaped(markdown: str) -> str:
    """Text as shown: the app backslash-escapes markdown in messages."""
    return re.sub(r"\\(.)", r"\1", markdown)


def compute(app: AppTest) -> AppTest:
    widget(app, "button", "Compute").click()
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def cli_metrics(demo_store):
    def run(*args: str) -> dict:
        return cli_json("metrics", *args, "--store", demo_store.url)
    return run


def test_page_agrees_with_dismark_metrics_on_the_demo(explorer_page, cli_metrics):
    app = explorer_page("key_players.py")
    assert app.info[0].value.startswith("Choose the measures")
    widget(app, "multiselect", "Measures").set_value(EVERY_MEASURE.split(","))
    compute(app)  # otherwise the presets: persons and organisations, top 10, 256 pivots
    assert not app.error and not app.warning
    cli = cli_metrics("--types", "Person,Organisation", "--measure", EVERY_MEASURE,
                      "--sample", "256")
    assert app.caption[0].value == (f"{cli['nodes']} actors and {cli['edges']} ties "
                                    "(45 relationships exported).")  # 256 pivots > 45: exact
    frames = [f.value for f in app.dataframe]
    ranked = dict(zip(("degree", "betweenness", "closeness", "eigenvector", "pagerank"),
                      frames[:5], strict=True))
    for measure, frame in ranked.items():
        expected = cli["tables"][measure]
        assert list(frame["id"]) == [r["id"] for r in expected], measure
        assert list(frame["score"]) == pytest.approx([r["value"] for r in expected]), measure
    # be-2016-ant-container-extraction, be-2019-ant-cocaine-import-foreign-buyers: three
    # Belgian members and two buyers (Groep Dekker, Réseau Lefèvre) give Linkeroever-crew the
    # most partners, and its three members -> crew -> Groep Dekker (NL) make it the first
    # cross-border broker, a representative of the Belgian side three times
    assert ranked["degree"].iloc[0][["name", "score"]].tolist() == ["Linkeroever-crew", 5]
    brokers = frames[5]
    assert list(brokers["id"]) == [r["id"] for r in cli["tables"]["brokerage"]]
    assert brokers.iloc[0][["name", "representative", "BE_to_NL"]].tolist() == [
        "Linkeroever-crew", 3, 3]
    communities = frames[6]
    assert list(communities["size"]) == [r["size"] for r in cli["tables"]["communities"]]
    curve = frames[7]
    degree = curve[curve["strategy"] == "degree"]
    assert list(degree["fraction_of_largest_component"]) == pytest.approx(
        [r["fraction_of_original"] for r in cli["tables"]["disruption"]])
    assert set(curve["strategy"]) == {"degree", "brokerage", "random"}
    random = cli_metrics("--types", "Person,Organisation", "--measure", "disruption",
                         "--strategy", "random")
    assert list(curve[curve["strategy"] == "random"]["actor_removed"][1:]) == [
        r["removed"] for r in random["tables"]["disruption"][1:]]


def test_filters_reach_the_export_like_the_cli_options(explorer_page, cli_metrics):
    app = explorer_page("key_players.py")
    widget(app, "multiselect", "Measures").set_value(["degree"])
    widget(app, "multiselect", "Markets").set_value(["cannabis"])
    widget(app, "selectbox", "Minimum grading").set_value("B2")
    widget(app, "number_input", "Top N").set_value(3)
    compute(app)
    cli = cli_metrics("--types", "Person,Organisation", "--measure", "degree", "--market",
                      "cannabis", "--min-grading", "B2", "--top", "3")
    assert app.caption[0].value.startswith(f"{cli['nodes']} actors and {cli['edges']} ties")
    assert list(app.dataframe[0].value["id"]) == [r["id"] for r in cli["tables"]["degree"]]
    # the cocaine crews (be-2016-ant-container-extraction) serve another market
    assert "org-linkeroever-crew" not in set(app.dataframe[0].value["id"])
    assert len(app.dataframe) == 1


def test_a_selection_of_nothing_says_so(explorer_page):
    app = explorer_page("key_players.py")
    widget(app, "multiselect", "Node types").set_value([])  # the ends of the links ...
    widget(app, "text_input", "Links seen until").set_value("1990-01-01")
    compute(app)  # ... and no link was seen before 1990 (the demo starts in 2013)
    assert not app.error and not app.dataframe
    assert "exports no network" in app.warning[0].value


def test_a_window_that_ends_before_it_starts_is_refused(explorer_page):
    app = explorer_page("key_players.py")
    widget(app, "text_input", "Links seen since").set_value("2020-01-01")
    widget(app, "text_input", "Links seen until").set_value("2019-01-01")
    compute(app)
    assert "time window: 2020-01-01 is after 2019-01-01" in unescaped(app.error[0].value)
    widget(app, "text_input", "Links seen since").set_value("2020-13-01")
    compute(app)
    assert "since: expected a date such as 2016-01-01, got '2020-13-01'" in unescaped(
        app.error[0].value)
