"""The Dutch-link page on the demo graph: it must rank and explain as ``dismark dutch-link``."""

from __future__ import annotations

import math
import re

import pytest
from conftest import cli_json
from streamlit.testing.v1 import AppTest

LOMMEL = "plantation-be-lommel-2014"
#: The analysts' marks of tests/test_cli_analyses.py: enough of both classes to fit the model.
MARKS = {"plantation-be-lommel-2014": "true", "plantation-be-baarle-hertog-2017": "true",
         "lab-be-maasmechelen-2017": "true", "org-kempen-crew": "true",
         "plantation-be-mol-2015": "false", "be-2015-ant-plantation-mol": "false",
         "premises-be-mol-woning": "false", "be-2016-ant-container-extraction": "false"}
LABELS_CSV = ("entity_id,dutch_link\n" + "".join(f"{k},{v}\n" for k, v in MARKS.items())
              ).encode()


def widget(app: AppTest, kind: str, label: str):
    return next(w for w in getattr(app, kind) if w.label == label)


def unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def cli_dutch_link(demo_store, tmp_path):
    def run(*args: str, labels: bool = False) -> list[dict]:
        extra = []
        if labels:
            (tmp_path / "labels.csv").write_bytes(LABELS_CSV)
            extra = ["--labels", str(tmp_path / "labels.csv")]
        return cli_json("dutch-link", *args, *extra, "--store", demo_store.url)["scores"]
    return run


def test_ranking_agrees_with_dismark_dutch_link(explorer_page, cli_dutch_link):
    app = explorer_page("dutch_link.py")
    assert not app.exception and not app.error
    caption = unescaped(app.caption[1].value)
    assert "Score: evidence score (evidence-only" in caption
    assert "33 Belgian subjects scored" in caption
    table = app.dataframe[0].value
    cli = cli_dutch_link("--top", "20")
    assert list(table["subject"]) == [s["subject"] for s in cli]
    assert "probability" not in table and "likelihood" not in table
    assert list(table["evidence score"]) == pytest.approx([s["score"] for s in cli], abs=6e-4)
    # names, places, years and sizes, not ids: be-2014-lim-plantation-lommel's plantation
    lommel = table[table["subject"] == LOMMEL].iloc[0]
    assert (lommel["name"], lommel["place"], lommel["year"], lommel["plants"]) == (
        "Plantation in Lommel", "Lommel", 2014, 2400)
    scores = list(table["evidence score"])
    assert len(set(scores)) >= 17  # distinct, not one value for every case with evidence
    ranks = dict(zip(table["subject"], table["rank"], strict=True))
    # be-2014-lim-plantation-lommel: lamps from a Dutch grow shop, harvest to a Dutch coffee
    # shop; be-2015-ant-plantation-mol: a Belgian grow shop and nothing Dutch (evidence 0)
    assert LOMMEL in ranks
    everything = cli_dutch_link("--top", "100")
    mol = next(s for s in everything if s["subject"] == "plantation-be-mol-2015")
    assert mol["evidence_score"] == 0.0 and "plantation-be-mol-2015" not in ranks


def test_a_case_from_the_url_shows_its_paths_and_contributions(explorer_page, cli_dutch_link):
    app = explorer_page("dutch_link.py", case=LOMMEL)
    assert not app.exception and not app.error
    assert widget(app, "selectbox", "Case to explain").value == LOMMEL
    (cli,) = cli_dutch_link("--id", LOMMEL, "--explain")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Evidence score"] == f"{cli['evidence_score']:.3f}"
    assert "Probability" not in metrics
    assert metrics["Dutch targets reached"] == str(len(cli["paths"]))
    paths = app.dataframe[1].value
    assert list(paths["target"]) == [p["target"] for p in cli["paths"]]
    assert list(paths["weight"]) == pytest.approx([p["weight"] for p in cli["paths"]])
    # be-2014-lim-plantation-lommel: the lamps came from Het Groene Licht (NL), A2
    assert paths.iloc[0]["target"] == "growshop-nl-het-groene-licht"
    reasons = app.dataframe[2].value
    assert reasons.iloc[0]["reason"] == "growshop: growshop-nl-het-groene-licht"
    assert set(reasons["effect"]) == {"raises"}  # evidence only: nothing lowers it
    assert sum(reasons["contribution"]) == pytest.approx(-math.log(1 - cli["evidence_score"]),
                                                         abs=1e-3)


def test_labels_fit_the_model_as_the_cli_does(explorer_page, cli_dutch_link):
    app = explorer_page("dutch_link.py", case=LOMMEL)
    app.file_uploader[0].set_value(("marks.csv", LABELS_CSV, "text/csv"))
    app.run()
    assert not app.exception and not app.error
    assert "Score: probability (model" in unescaped(app.caption[1].value)
    cli = cli_dutch_link("--top", "20", labels=True)
    table = app.dataframe[0].value
    assert list(table["subject"]) == [s["subject"] for s in cli]
    assert list(table["probability"]) == pytest.approx([s["probability"] for s in cli], abs=6e-4)
    assert list(table["evidence score"]) == pytest.approx([s["evidence_score"] for s in cli],
                                                          abs=6e-4)
    assert {m.label for m in app.metric} >= {"Probability", "Evidence score"}
    lommel = next(s for s in cli_dutch_link("--id", LOMMEL, labels=True))
    reasons = app.dataframe[2].value
    expected = {k: v for k, v in lommel["contributions"].items() if v}
    assert dict(zip(reasons["reason"], reasons["contribution"], strict=True)) == pytest.approx(
        dict(list(expected.items())[:len(reasons)]), abs=1e-4)
    assert set(reasons["effect"]) <= {"raises", "lowers"}
    assert min(lommel["contributions"].values()) < 0 < max(lommel["contributions"].values())


def test_market_and_score_filters(explorer_page, cli_dutch_link):
    app = explorer_page("dutch_link.py")
    widget(app, "multiselect", "Markets").set_value(["cocaine"]).run()
    subjects = set(app.dataframe[0].value["subject"])
    # be-2021-ant-cocaine-callcentre is a cocaine case; the Lommel plantation is cannabis
    assert "be-2021-ant-cocaine-callcentre" in subjects and LOMMEL not in subjects
    widget(app, "slider", "Minimum score").set_value(0.9).run()
    likely = {s["subject"] for s in cli_dutch_link("--top", "100") if s["score"] >= 0.9}
    assert set(app.dataframe[0].value["subject"]) == likely & subjects


def test_filters_that_select_nothing_say_so(explorer_page):
    app = explorer_page("dutch_link.py")
    widget(app, "slider", "Minimum score").set_value(1.0).run()
    assert not app.exception and not app.dataframe  # the best demo case scores 0.964
    assert "No Belgian case file, site or organisation matches" in app.info[0].value


def test_an_unknown_case_is_refused_plainly(explorer_page):
    app = explorer_page("dutch_link.py", case="person-nobody")
    assert not app.exception
    assert ("case: 'person-nobody' is not a Belgian case file, site or organisation in the "
            "graph") in unescaped(app.error[0].value)


def test_a_bad_labels_file_names_the_uploaded_file(explorer_page):
    app = explorer_page("dutch_link.py")
    app.file_uploader[0].set_value(("marks.csv", b"entity_id,dutch_link\nlab-x,perhaps\n",
                                    "text/csv"))
    app.run()
    assert not app.exception
    assert unescaped(app.error[0].value).startswith("marks.csv:2: dutch_link:")
