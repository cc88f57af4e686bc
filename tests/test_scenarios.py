"""The generator's evaluation families for the displacement verdicts: a change that jumps
rather than grows, year-to-year noise, enforcement that rises while the markets stay, and
the effort figures written as statistics case files."""

from __future__ import annotations

import json
import statistics

import pytest

from generator import generate
from generator.effects import STUDY_EFFECTS, resolve_effects
from generator.effort import controls
from generator.scenario import Enforcement, Scenario
from generator.world import World

YEARS = range(2008, 2023)


def world(scenario: Scenario, effects=None) -> World:
    return World(1, 1.0, YEARS, resolve_effects(effects), scenario)


def test_a_step_arrives_at_once_with_the_gradual_paths_mean_after_it():
    gradual, step = world(Scenario()), world(Scenario(shape="step"))
    # a change starting with the years: the step comes at their middle (2015)
    assert [gradual.progress(y, 2008) for y in (2008, 2015, 2022)] == [0, 7, 14]
    assert [step.progress(y, 2008) for y in (2008, 2014)] == [0, 0]
    after = [step.progress(y, 2008) for y in range(2015, 2023)]
    assert after == [pytest.approx(sum(range(7, 15)) / 8)] * 8
    # a change starting inside the years (retail, 2012): the step comes then
    assert step.progress(2011, 2012) == 0 and step.progress(2012, 2012) == pytest.approx(5.0)


def test_noise_has_mean_one_and_the_asked_variation():
    noisy = world(Scenario(noise=0.15))
    draws = [noisy.noisy(1.0, "series", k) for k in range(4000)]
    assert statistics.mean(draws) == pytest.approx(1.0, abs=0.02)
    assert statistics.stdev(draws) == pytest.approx(0.15, abs=0.015)
    assert world(Scenario()).noisy(7.0, "series", 1) == 7.0  # no noise: unchanged


def test_enforcement_doubles_the_chance_to_find_and_the_published_controls():
    rise = world(Scenario(enforcement=Enforcement("BE", "2015-03-01", 2.0)))
    assert [rise.enforcement_factor("BE", y) for y in (2014, 2015)] == [1.0, 2.0]
    assert rise.enforcement_factor("NL", 2020) == 1.0
    plain = world(Scenario())
    assert controls(rise, "BE", 2020) == pytest.approx(2 * controls(plain, "BE", 2020), rel=0.07)
    assert controls(rise, "BE", 2014) == controls(plain, "BE", 2014)


def test_the_enforcement_world_writes_its_intervention_and_effort_figures_apart(tmp_path):
    scenario = Scenario(enforcement=Enforcement(), effort_data=True)
    summary = generate(tmp_path, seed=1, scale=0.3, scenario=scenario,
                       effects=dict.fromkeys(STUDY_EFFECTS, "none"))
    assert summary.case_files["BE statistics"] == summary.case_files["NL statistics"] == 15
    figures = sorted((tmp_path / "effort").rglob("*.json"))
    assert len(figures) == 30 and not list((tmp_path / "cases").rglob("*statistics*"))
    dossier = json.loads(figures[0].read_text(encoding="utf-8"))
    assert dossier["case"]["kind"] == "statistics"
    (effort,) = dossier["entities"]
    assert effort["type"] == "EnforcementEffort"
    assert set(effort["properties"]) == {"country", "year", "measure", "value", "market",
                                         "unit"}
    crackdown = next((tmp_path / "cases").rglob("be-2015-enforcement-2015.json"))
    measure = json.loads(crackdown.read_text(encoding="utf-8"))["entities"][0]
    assert measure["properties"]["kind"] == "enforcement"
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["meta"]["scenario"]["enforcement"] == {"country": "BE", "on": "2015-03-01",
                                                        "factor": 2.0}


def test_the_studys_world_stays_the_studys(tmp_path):
    generate(tmp_path / "a", seed=1, scale=0.2)
    generate(tmp_path / "b", seed=1, scale=0.2, scenario=Scenario())
    read = [json.loads((tmp_path / f / "truth.json").read_text(encoding="utf-8"))
            for f in ("a", "b")]
    assert read[0] == read[1] and "scenario" not in read[0]["meta"]
    assert not (tmp_path / "a" / "effort").exists()


@pytest.mark.parametrize("bad", [{"shape": "wave"}, {"noise": 2.0}, {"visibility": 0.0}])
def test_a_scenario_out_of_range_is_refused(bad):
    with pytest.raises(ValueError):
        Scenario(**bad)
