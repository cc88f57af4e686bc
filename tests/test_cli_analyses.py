"""The analysis commands as a user runs them on the demo: displacement, dutch-link, eval."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import REPO, TABLE_1, embedded_url

from cli import main


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    url = embedded_url(tmp_path_factory.mktemp("analyses"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*map(str, args), "--store", url], catch_exceptions=False)

    assert invoke("load", REPO / "data" / "demo").exit_code == 0
    return invoke


def test_displacement_prints_the_study_verdicts_and_the_paths(run):
    result = run("displacement", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    # too few events for a verdict; the counts lean to the study's Table 1
    assert {(v["market"], v["echelon"]): v["leaning"] for v in report["verdicts"]} == TABLE_1
    assert {v["verdict"] for v in report["verdicts"]} == {"insufficient data"}
    # the moves worked out in tests/test_displacement_paths.py: on the demo all are leads
    assert report["paths"] == []
    assert [(p["organisation"], p["kind"], p["reading"]) for p in report["leads"]] == [
        ("org-dekker-group", "shipments_between_ports", "case_file"),
        ("org-hermans-group", "sites_across_border", "case_file"),
        ("org-kempen-crew", "sites_across_border", "case_file"),
        ("org-kempen-crew", "sites_across_border", "member"),
        ("org-linkeroever-crew", "extraction_to_import", "case_file")]
    assert report["leads"][0]["before_counts"] == {"port-be-antwerpen": 1}
    table = run("displacement", "--market", "cocaine", "--no-paths").output
    assert "middle_market  insufficient data" in table and "leads" not in table


def test_the_displacement_table_names_groups_and_ports(run):
    text = run("displacement").output
    leads = text[text.index("leads: worth checking, not findings"):]
    assert "displacement paths (findings)" not in text  # none on the demo
    # Groep Dekker: Haven van Antwerpen (2016), then Haven van Rotterdam (2018)
    dekker = next(line for line in leads.splitlines() if line.startswith("Groep Dekker"))
    assert "Haven van Antwerpen" in dekker and "Haven van Rotterdam" in dekker
    assert "thin: 1 at Haven van Antwerpen before" in dekker
    assert "org-" not in leads and "port-" not in leads


def test_dutch_link_explains_a_plantation(run):
    result = run("dutch-link", "--id", "plantation-be-lommel-2014", "--json")
    assert result.exit_code == 0, result.output
    (score,) = json.loads(result.output)["scores"]
    assert score["method"] == "evidence-only"  # no labels given
    assert score["measure"] == "evidence score" and score["probability"] is None
    # be-2014-lim-plantation-lommel: lamps from Het Groene Licht (NL), harvest to De Kolibrie
    targets = [p["target"] for p in score["paths"]]
    assert targets[0] == "growshop-nl-het-groene-licht"
    assert "coffeeshop-nl-de-kolibrie" in targets
    mol = json.loads(run("dutch-link", "--id", "plantation-be-mol-2015", "--json").output)
    # be-2015-ant-plantation-mol: a Belgian grow shop, no Dutch person, outlet or place
    assert mol["scores"][0]["score"] < score["score"]
    unknown = run("dutch-link", "--id", "person-nobody")
    assert unknown.exit_code == 2
    assert "'person-nobody' is not a Belgian case file, site or organisation" in unknown.output


def test_dutch_link_json_says_how_many_subjects_there_were(run):
    result = json.loads(run("dutch-link", "--json", "--top", "3").output)
    assert len(result["scores"]) == 3
    # the demo's 33 Belgian case files, sites and organisations, two of them Belgian by
    # their place only: be-2017-lim-conversion-lab-maasmechelen's precursor shipments carry
    # no country but passed the Port of Antwerp
    assert result["subjects"] == {"scored": 33, "shown": 3, "country_from_place": 2,
                                  "other_country": result["subjects"]["other_country"],
                                  "skipped": {}, "skipped_total": 0}
    text = run("dutch-link", "--top", "3").output
    assert text.startswith("evidence score (evidence-only")
    assert "33 Belgian subjects scored; 2 of them Belgian by their place" in text
    assert "Plantation in Baarle-Hertog" in text and "likelihood" not in text


def test_dutch_link_with_labels_fits_the_model_and_writes_scores(run, tmp_path):
    labels = tmp_path / "labels.csv"
    marks = {"plantation-be-lommel-2014": "true", "plantation-be-baarle-hertog-2017": "true",
             "lab-be-maasmechelen-2017": "true", "org-kempen-crew": "true",
             "plantation-be-mol-2015": "false", "be-2015-ant-plantation-mol": "false",
             "premises-be-mol-woning": "false", "be-2016-ant-container-extraction": "false"}
    labels.write_text("entity_id,dutch_link\n" + "".join(f"{k},{v}\n" for k, v in
                                                          marks.items()), encoding="utf-8")
    result = run("dutch-link", "--labels", labels, "--write", "--json", "--top", "100")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[:result.output.rindex("}") + 1])
    scores = report["scores"]
    assert report["measure"] == "probability" and {s["method"] for s in scores} == {"model"}
    assert all(0.0 <= s["probability"] <= 1.0 for s in scores)
    assert "wrote score_dutch_link on" in result.output
    assert "wrote score_dutch_link_evidence on" in result.output
    stored = run("cypher", "MATCH (n {id: 'plantation-be-lommel-2014'}) "
                 "RETURN n.score_dutch_link AS p, n.score_dutch_link_evidence AS e",
                 "--format", "json")
    lommel = next(s for s in scores if s["subject"] == "plantation-be-lommel-2014")  # rounded
    assert json.loads(stored.output) == [{"p": pytest.approx(lommel["probability"], abs=1e-4),
                                          "e": pytest.approx(lommel["evidence_score"],
                                                             abs=1e-4)}]


def test_eval_subcommands_show_their_own_help(run):
    for what, option in (("dutch-link", "--families"), ("displacement", "--noise")):
        result = CliRunner().invoke(main, ["eval", what, "--help"])
        assert result.exit_code == 0, result.output
        assert option in result.output
    assert "dismark eval dutch-link" in CliRunner().invoke(
        main, ["eval", "dutch-link", "--help"]).output


def test_eval_runs_the_displacement_evaluation(run):
    result = CliRunner().invoke(main, ["eval", "displacement", "--families", "none",
                                       "--seeds", "1", "--scale", "0.3", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["families"]["none"]["judged"] == 6
    assert report["paths"]["real_moves"] >= 0


def test_synth_plants_counterfactual_effects(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["synth", "--out", str(tmp_path / "w"), "--scale", "0.2",
                                  "--effect", "cannabis/production=shift",
                                  "--effect", "cocaine/retail=none", "--json"])
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "w" / "truth.json").read_text(encoding="utf-8"))
    planted = {(e["market"], e["echelon"]): e["effect"] for e in truth["planted_effects"]}
    assert planted[("cannabis", "production")] == "shift"
    assert planted[("cocaine", "retail")] == "none"
    assert planted[("synthetic", "production")] == "expansion"  # the study's, untouched
    bad = runner.invoke(main, ["synth", "--out", str(tmp_path / "x"), "--effect",
                               "cannabis/production=boom"])
    assert bad.exit_code == 2
    assert "--effect" in bad.output and "boom" in bad.output


def test_report_writes_an_offline_page(run, tmp_path):
    result = run("report", "--out", tmp_path / "picture")
    assert result.exit_code == 0, result.output
    index = tmp_path / "picture" / "index.html"
    assert f"wrote {index}" in result.output
    page = index.read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert len(list((tmp_path / "picture").glob("*.png"))) == 6  # one per Table 1 row
