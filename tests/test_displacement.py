"""Shift versus expansion: the rule on hand-made series (each failure the evaluation found,
as a small case), Table 1 on the demo graph, and the JSON shape."""

from __future__ import annotations

import json
import math

import pytest
from conftest import TABLE_1

from graph.study.activity import BELGIAN_RUN, DUTCH_RUN, Intervention, Series
from graph.study.displacement import choose_pivot, holm_verdicts, judge, verdicts
from graph.study.effort import EffortSeries

YEARS = range(2008, 2023)  # 15 years; around 2015, 7 before and 8 after
RISING = [10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38]
FALLING = list(reversed(RISING))
FLAT = [20] * 15
PIVOT_2015 = Intervention("i-2015", "Plan 2015", "2015-03-01", "NL", "cannabis", "production",
                          "policy")


def series(reading: str = "countries", market: str = "cannabis",
           echelon: str = "production", **sides: list[int]) -> Series:
    """A row's series as the activity queries give it; sides BE/NL (countries) or BE_BE /
    NL_BE (retail: both found by the Belgian police)."""
    s = Series(market, echelon, "sites", reading, "q", {}, (2008, 2022))
    for key, counts in sides.items():
        side = key.replace("_", "→")
        yearly = dict(zip(YEARS, counts, strict=True))
        s.by_country[side] = yearly
        found_in = "BE" if reading == "who_serves_be" else side
        s.by_exposure[(side, found_in)] = yearly
    return s


def verdict(s: Series, interventions=(PIVOT_2015,), effort=None, sizes=()):
    """One row judged alone (Holm over one row is the row's own test)."""
    return holm_verdicts([judge(s, list(interventions), effort, sizes)])[0]


def directions(v) -> list[str]:
    return [c.direction for c in v.changes]


# -- the study's definitions on clear series ------------------------------------------------

def test_belgium_up_while_the_netherlands_falls_is_a_strong_shift():
    v = verdict(series(BE=RISING, NL=FALLING))
    assert (v.verdict, v.confidence, directions(v)) == ("shift", "strong", ["up", "down"])
    assert v.test.estimate > 0 and v.test.ci_low > 0  # BE changed more than NL
    assert v.test.p_adjusted == pytest.approx(v.test.p_value)
    assert v.test.p_value < 0.05


def test_belgium_up_while_the_netherlands_persists_is_an_expansion():
    v = verdict(series(BE=RISING, NL=FLAT))
    assert (v.verdict, v.confidence, directions(v)) == ("expansion", "strong",
                                                        ["up", "persists"])
    assert verdict(series(BE=RISING, NL=RISING)).verdict == "expansion"


def test_flat_belgium_is_no_change_and_falling_belgium_a_contraction():
    flat = verdict(series(BE=FLAT, NL=FALLING))
    assert flat.verdict == "no change"  # the Belgian perspective: NL falling alone is no call
    assert flat.changes[0].bounded  # its 90% interval rules out ×1.5 either way
    assert verdict(series(BE=FALLING, NL=FLAT)).verdict == "contraction"


def test_retail_reads_who_serves_belgian_demand():
    rising = verdict(series("who_serves_be", NL_BE=RISING))
    assert (rising.verdict, rising.confidence) == ("shift", "strong")
    assert [(c.series, c.direction) for c in rising.changes] == [(BELGIAN_RUN, "absent"),
                                                                 (DUTCH_RUN, "up")]
    assert verdict(series("who_serves_be", BE_BE=RISING, NL_BE=FLAT)).verdict == "expansion"
    assert verdict(series("who_serves_be", BE_BE=RISING, NL_BE=FALLING)).verdict == "shift"
    assert verdict(series("who_serves_be", BE_BE=FLAT, NL_BE=FALLING)).verdict == \
        "contraction"
    assert verdict(series("who_serves_be", NL_BE=FLAT)).verdict == "no change"


# -- a jump at the intervention is a change, not a 15-year trend ----------------------------

@pytest.mark.parametrize("before, after", [(23, 39), (24, 43)])
def test_a_jump_at_the_intervention_is_read_as_the_jump(before, after):
    """The evaluation's case: a Belgian series jumping from 23 to 39 a year at the
    intervention was 'contraction (strong)', one from 24 to 43 'no change'."""
    v = verdict(series(BE=[before] * 7 + [after] * 8, NL=[30] * 15))
    assert (v.verdict, v.confidence) == ("expansion", "strong")
    be = v.changes[0]
    assert math.exp(be.estimate) == pytest.approx(after / before, rel=1e-6)
    assert math.exp(be.jump) == pytest.approx(after / before, rel=1e-3)  # the shape: a jump
    assert be.trend_before == pytest.approx(0, abs=1e-6)
    assert be.trend_after == pytest.approx(0, abs=1e-6)


def test_a_gradual_rise_reads_as_a_trend_not_a_jump():
    v = verdict(series(BE=RISING, NL=FLAT))
    be = v.changes[0]
    assert be.trend_before > 0.04 and be.trend_after > 0.04
    assert be.jump_ci[0] < 0 < be.jump_ci[1]  # no jump at the pivot to speak of


# -- strength comes from the corrected test --------------------------------------------------

def test_strong_needs_the_test_corrected_across_the_rows():
    """A row that clears 5% on its own but not after Holm over six rows is no alarm."""
    borderline = judge(series(BE=[20] * 7 + [26] * 8, NL=FLAT), [PIVOT_2015])
    assert 0.05 / 6 < borderline.test_p < 0.05
    steady = [19, 21, 20, 22, 18, 20, 21, 19, 20, 22, 18, 21, 20, 19, 20]
    nulls = [judge(series(market=m, BE=steady, NL=steady), [PIVOT_2015])
             for m in ("synthetic", "cocaine", "cannabis", "synthetic", "cocaine")]
    alone = holm_verdicts([borderline])[0]
    among_six = holm_verdicts([borderline, *nulls])[0]
    assert alone.verdict == "expansion"
    assert among_six.test.p_adjusted == pytest.approx(min(1.0, 6 * borderline.test_p))
    assert among_six.verdict != "expansion" and among_six.confidence == "weak"


def test_holm_adjusts_in_order_and_never_decreases():
    rows = [judge(series(BE=[20] * 7 + [20 + k] * 8, NL=FLAT), [PIVOT_2015])
            for k in (12, 6, 0)]
    found = holm_verdicts(rows)
    raw = sorted(r.test_p for r in rows)
    adjusted = sorted(v.test.p_adjusted for v in found)
    assert adjusted[0] == pytest.approx(3 * raw[0])
    assert adjusted[1] == pytest.approx(max(3 * raw[0], 2 * raw[1]))
    assert adjusted[2] == pytest.approx(min(1.0, max(adjusted[1], raw[2])))


# -- thin counts: insufficient data, with the counts' leaning -------------------------------

def test_thin_counts_say_insufficient_data_and_show_the_leaning():
    thin = [0] * 15
    thin[10], thin[12] = 1, 1
    v = verdict(series(BE=thin, NL=[1] + [0] * 13 + [1]))
    assert (v.verdict, v.confidence, v.leaning) == ("insufficient data", "weak", "expansion")
    assert directions(v) == ["too few", "too few"]
    assert verdict(series(BE=[0] * 15, NL=FLAT)).verdict == "insufficient data"


def test_no_change_needs_data_that_could_have_shown_one():
    """Thirty events flat are not 'no change': their interval does not rule out ×1.5."""
    few = verdict(series(BE=[2] * 15, NL=[2] * 15))
    assert few.verdict == "insufficient data" and few.leaning == "no change"
    many = verdict(series(BE=[60] * 15, NL=[60] * 15))
    assert many.verdict == "no change"


# -- enforcement: effort as exposure, and the caveat without it ------------------------------

CRACKDOWN = Intervention("i-be-crackdown", "Drug enforcement plan", "2015-01-01", "BE", "all",
                         "all", "enforcement")
DOUBLED = [20] * 7 + [40] * 8  # what the police found: twice as much once they looked twice as hard


def test_enforcement_only_without_effort_figures_is_flagged_and_never_strong():
    v = verdict(series(BE=DOUBLED, NL=FLAT), [PIVOT_2015, CRACKDOWN])
    assert v.verdict == "expansion" and v.confidence == "weak"
    assert len(v.caveats) == 1
    assert "enforcement intervention in BE (Drug enforcement plan, 2015-01-01)" in v.caveats[0]
    assert "not distinguishable from a detection effect" in v.caveats[0]


def test_an_intervention_of_unstated_kind_may_have_raised_enforcement():
    unstated = Intervention("i-be", "Plan", "2015-01-01", "BE", "all", "all", None)
    v = verdict(series(BE=DOUBLED, NL=FLAT), [PIVOT_2015, unstated])
    assert v.confidence == "weak" and "of unstated kind" in v.caveats[0]
    policy = Intervention("i-be", "Plan", "2015-01-01", "BE", "all", "all", "policy")
    assert verdict(series(BE=DOUBLED, NL=FLAT), [PIVOT_2015, policy]).caveats == []


def test_effort_figures_turn_a_crackdown_into_no_change():
    effort = {"BE": EffortSeries("BE", "all", ("controls",),
                                 dict.fromkeys(range(2008, 2015), 0.75)
                                 | dict.fromkeys(range(2015, 2023), 1.5)),
              "NL": EffortSeries("NL", "all", ("controls",), dict.fromkeys(YEARS, 1.0))}
    v = verdict(series(BE=[60] * 7 + [120] * 8, NL=[60] * 15), [PIVOT_2015, CRACKDOWN], effort)
    assert v.verdict == "no change" and v.caveats == []
    assert v.changes[0].rate_ratio == pytest.approx(1.0)
    assert v.effort == ["BE: controls (all) 2008–2022", "NL: controls (all) 2008–2022"]


def test_a_verdict_that_diminishing_returns_of_effort_would_undo_is_weak():
    """Counts that rose ×1.4 when effort doubled: in proportion to effort that is a fall to
    0.7 a unit of effort; if findings follow the square root of effort, no change. The
    verdict reads the proportional exposure, is weak, and says what would undo it."""
    effort = {"BE": EffortSeries("BE", "all", ("controls",),
                                 dict.fromkeys(range(2008, 2015), 1.0)
                                 | dict.fromkeys(range(2015, 2023), 2.0))}
    v = verdict(series(BE=[100] * 7 + [141] * 8, NL=[100] * 15), [PIVOT_2015, CRACKDOWN], effort)
    assert (v.verdict, v.confidence) == ("contraction", "weak")
    assert "with diminishing returns of effort" in v.reason


def test_a_country_whose_figures_are_too_sparse_is_left_out_alone_and_said_why():
    """NL states effort for two late years only: BE's figures still count, NL's are dropped
    with the reason, and the years compared stay all fifteen."""
    effort = {"BE": EffortSeries("BE", "all", ("controls",),
                                 dict.fromkeys(range(2008, 2015), 0.75)
                                 | dict.fromkeys(range(2015, 2023), 1.5)),
              "NL": EffortSeries("NL", "all", ("controls",), {2021: 1.0, 2022: 1.0})}
    v = verdict(series(BE=[60] * 7 + [120] * 8, NL=[60] * 15), [PIVOT_2015, CRACKDOWN], effort)
    assert v.verdict == "no change" and v.caveats == []
    assert v.effort == ["BE: controls (all) 2008–2022"]
    assert v.effort_notes == ["NL: effort figures left out, they cover fewer than two of the "
                              "years compared before or after 2015"]


def test_effort_left_out_on_request_is_said_in_the_caveat_and_the_effort_lines():
    judged = judge(series(BE=DOUBLED, NL=FLAT), [PIVOT_2015, CRACKDOWN], {}, (),
                   frozenset({"BE", "DE"}))
    v = holm_verdicts([judged])[0]
    assert (v.effort, v.effort_notes) == ([], ["BE: effort figures left out on request"])
    assert "with the enforcement-effort figures for BE left out, not distinguishable" \
        in v.caveats[0]


def test_a_change_the_same_police_cannot_explain_lifts_the_caveat():
    """Retail: both sides are found by the Belgian police. Dutch-run suppliers rising while
    the Belgian-run stay flat is a change more enforcement cannot make; both rising alike
    is what more enforcement looks like."""
    shift = verdict(series("who_serves_be", "cannabis", "retail", BE_BE=[20] * 15,
                           NL_BE=[20] * 7 + [60] * 8), [CRACKDOWN])
    assert shift.verdict == "shift" and shift.caveats == [] and shift.confidence == "strong"
    alike = verdict(series("who_serves_be", "cannabis", "retail", BE_BE=DOUBLED,
                           NL_BE=DOUBLED), [CRACKDOWN])
    assert alike.verdict == "expansion" and alike.caveats and alike.confidence == "weak"


def test_smaller_sites_found_are_a_detection_signal():
    sizes = [{"country": "BE", "year": y, "plants": plants}
             for y in YEARS for plants in ((900, 1200, 700) if y < 2015 else (300, 250, 400))]
    v = verdict(series(BE=DOUBLED, NL=FLAT), [PIVOT_2015], sizes=sizes)
    assert v.confidence == "weak"
    assert "plantations found got smaller (median 900 → 300 plants" in v.caveats[0]


# -- pivot ---------------------------------------------------------------------------------

def test_the_most_specific_intervention_inside_the_years_is_the_pivot():
    everything = Intervention("i-all", "Taskforce", "2012-01-01", "NL", "all", "all")
    retail = Intervention("i-retail", "I-criterion", "2012-05-01", "NL", "cannabis", "retail")
    too_late = Intervention("i-late", "Later", "2030-01-01", "BE", "cannabis", "retail")
    assert choose_pivot("cannabis", "retail", [everything, retail, too_late],
                        (2008, 2022)) == (2012, "i-retail")
    assert choose_pivot("cannabis", "production", [everything, retail],
                        (2008, 2022)) == (2012, "i-all")
    assert choose_pivot("cocaine", "retail", [retail], (2008, 2022)) == (
        2015, "middle of the years covered")


# -- the demo: twenty dossiers are too few for a verdict, and say so --------------------------

def test_the_demo_shows_table_1_as_its_leaning_and_says_the_data_are_insufficient(demo_store):
    found = {(v.market, v.echelon): v for v in verdicts(demo_store)}
    assert {row: v.leaning for row, v in found.items()} == TABLE_1
    assert {v.verdict for v in found.values()} == {"insufficient data"}
    assert {v.confidence for v in found.values()} == {"weak"}
    # read by hand from the dossiers (see tests/test_queries_activity_series.py):
    # plantations BE 2014, 2015, 2017 / NL 2011, 2015, 2015 around the Taskforce (2012)
    cannabis = found[("cannabis", "production")]
    assert cannabis.pivot_from == "intervention-nl-taskforce-brabant-zeeland"
    assert [(c.series, c.before, c.after, c.direction) for c in cannabis.changes] == [
        ("BE", 0, 3, "too few"), ("NL", 1, 2, "too few")]
    retail = found[("cannabis", "retail")]
    assert retail.pivot_from == "intervention-nl-residence-criterion-2012"
    assert [(c.series, c.before, c.after) for c in retail.changes] == [
        ("BE→BE", 0, 0), ("NL→BE", 0, 3)]
    # the demo's Belgian drug controls (a statistics file) are read as exposure
    assert cannabis.effort == ["BE: controls (all) 2008–2022"]


def test_one_market_only_and_json_ready(demo_store):
    only = verdicts(demo_store, market="synthetic")
    assert [(v.market, v.echelon) for v in only] == [("synthetic", "production"),
                                                    ("synthetic", "retail")]
    as_json = json.loads(json.dumps(only[0].as_dict()))
    assert as_json["series"]["by_country"] == {"BE": {"2017": 1, "2018": 1},
                                               "NL": {"2018": 1}}
    assert set(as_json) >= {"verdict", "confidence", "leaning", "caveats", "effort", "test"}
    assert as_json["test"]["p_adjusted"] is not None
