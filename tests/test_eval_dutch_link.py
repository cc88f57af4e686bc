"""The Dutch-link families of the generator (what a case file shows of a link: visibility,
decoys, hubs), the truth's best possible score, and a smoke run of ``dismark eval dutch-link``."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from cli import main
from evaluation.dutch_link import evaluate, format_table
from generator import generate
from generator.link_traces import HUB_FILE, lab_configurations, plantation_configurations, posterior
from generator.scenario import Scenario


def _world(tmp_path, scenario: Scenario | None = None, seed: int = 4, scale: float = 0.4):
    generate(tmp_path, seed=seed, scale=scale, scenario=scenario)
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    return truth, {r["case"]: r for r in truth["dutch_links"] if r.get("case")}


def _dossier(tmp_path, case: str) -> dict:
    [path] = tmp_path.glob(f"cases/*/{case}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_posterior_by_hand():
    # a production lab whose file records nothing (v = 0.5): of all the law's configurations
    # (prior × 0.5 per unrecorded fact: client, cook, and a dump site if there is one), the
    # share without a Dutch client, cook or dump: 0.25 × 1/3 × (0.36 × 0.125 + 0.4 × 0.25)
    # out of 0.25 × (0.6 × 0.5 + 0.4)
    unlinked, everything = 0.25 / 3 * (0.36 * 0.125 + 0.4 * 0.25), 0.25 * (0.6 * 0.5 + 0.4)
    law = lab_configurations(0.75, 0.6, 0.4, 2 / 3)
    assert posterior(law, {}, 0.5) == pytest.approx(1 - unlinked / everything)
    assert posterior(law, {"client0": "BE", "operator": "BE"}, 1.0) == 0.0
    assert posterior(law, {"dump": "NL"}, 0.5) == 1.0
    plantation = plantation_configurations(0.3, 0.6)
    assert sum(p for p, _, _ in plantation) == pytest.approx(1.0)
    nothing = posterior(plantation, {}, 0.5)
    belgian_operator = posterior(plantation, {"operator": "BE"}, 0.5)
    assert belgian_operator < nothing < 0.3  # silence lowers the prior; a Belgian more so
    assert posterior(plantation, {"operator": "BE", "equipment": "BE"}, 1.0) == 0.0


def test_the_studys_world_shows_every_link(tmp_path):
    truth, _ = _world(tmp_path)
    assert "scenario" not in truth["meta"]
    assert all(r["true_probability"] == float(r["dutch_link"]) for r in truth["dutch_links"])
    sites = [r for r in truth["dutch_links"] if "visible" in r]
    assert sites and all(r["visible"] == r["dutch_link"] for r in sites
                         if r["kind"] != "conversion_lab")


def test_visibility_hides_links_and_the_truth_says_how_likely_they_are(tmp_path):
    truth, by_case = _world(tmp_path, Scenario(visibility=0.5))
    plantations = [r for r in truth["dutch_links"] if r["kind"] == "plantation"]
    hidden = [r for r in plantations if r["dutch_link"] and not r["visible"]]
    assert hidden and all(0 < r["true_probability"] < 1 for r in hidden)
    assert all(r["true_probability"] == 1.0 for r in plantations if r["visible"])
    silent = [r for r in plantations if not r["visible"]]
    linked = sum(r["dutch_link"] for r in silent)
    # calibrated: among files that show no link, the posterior predicts how many have one
    assert sum(r["true_probability"] for r in silent) == pytest.approx(linked, rel=0.35)
    # a hidden link's file names no Dutch operator, shop or outlet
    for record in hidden[:5]:
        entities = _dossier(tmp_path, record["case"])["entities"]
        assert not any(e["id"].startswith(("growshop-nl", "coffeeshop-nl", "person-nl"))
                       for e in entities)
    assert by_case[hidden[0]["case"]]["forms"]  # the truth keeps the forms it took


def test_decoys_are_weak_dutch_contacts_as_frequent_with_a_link_as_without(tmp_path):
    truth, _ = _world(tmp_path, Scenario(decoys=0.5), scale=0.6)
    sites = [r for r in truth["dutch_links"] if "decoy" in r]
    rate = {flag: sum(r["decoy"] for r in sites if r["dutch_link"] == flag)
            / sum(1 for r in sites if r["dutch_link"] == flag) for flag in (True, False)}
    assert rate[True] == pytest.approx(0.5, abs=0.15) and rate[False] == pytest.approx(0.5,
                                                                                       abs=0.15)
    assert all(r["true_probability"] == float(r["dutch_link"]) for r in sites)
    decoy = next(r for r in sites if r["decoy"] and not r["dutch_link"])
    contacts = [link for link in _dossier(tmp_path, decoy["case"])["links"]
                if link["type"] == "CONTACT"]
    assert [c["grading"] in ("C4", "X4") and "person-nl" in c["target"]
            for c in contacts] == [True]


def test_hubs_join_belgian_files_to_one_dutch_file_naming_hundreds(tmp_path):
    truth, _ = _world(tmp_path, Scenario(hubs=True), scale=1.0)
    hub = _dossier(tmp_path, HUB_FILE)
    assert hub["case"]["country"] == "NL"
    named = Counter(e["type"] for e in hub["entities"])
    assert named["Person"] >= 200
    hubbed = [r for r in truth["dutch_links"] if r.get("hubs")]
    assert hubbed and all(r["true_probability"] == float(r["dutch_link"]) for r in hubbed)
    ids = {e["id"] for e in _dossier(tmp_path, hubbed[0]["case"])["entities"]}
    assert {"port-be-antwerpen", "loc-nl"} <= ids


def test_the_evaluation_reports_a_family_beside_the_best_possible():
    """A smoke run: one small world of the hubs family (about five seconds)."""
    result = evaluate(["hubs"], [2], 0.15)
    row = result["pooled"]["hubs"]
    assert row["judged"] > 50 and row["scorers"]["best"]["auc"] == 1.0
    assert row["hub_check"]["hub_only_above_direct"] == 0
    assert row["gap"]["brier"] == pytest.approx(row["scorers"]["model"]["brier"])
    assert result["scenarios"]["hubs"]["hubs"] is True
    table = format_table(result)
    assert table.splitlines()[2].startswith("hubs") and "hub-only" in table


def test_eval_dutch_link_refuses_an_unknown_family():
    bad = CliRunner().invoke(main, ["eval", "dutch-link", "--families", "study,nope"])
    assert bad.exit_code == 2 and "unknown families nope" in bad.output
