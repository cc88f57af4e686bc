"""The count regression behind the verdicts and the effort figures it reads, on series whose
answers are worked out by hand."""

from __future__ import annotations

import math

import pytest

from graph.study.count_model import Cell, fit_row, within_exposure_contrast
from graph.study.effort import effort_by_country

YEARS = tuple(range(2008, 2023))


def cell(side: str, counts: list[int], found_in: str | None = None) -> Cell:
    return Cell(side, found_in or side, dict(zip(YEARS, counts, strict=True)))


def test_a_sides_change_is_its_rate_after_over_before_with_exposure():
    fit = fit_row([cell("BE", [10] * 7 + [30] * 8), cell("NL", [20] * 15)], ["BE", "NL"],
                  YEARS, 2015)
    be, nl = fit.sides["BE"], fit.sides["NL"]
    assert (be.before, be.after, be.exposure_before, be.exposure_after) == (70, 240, 7, 8)
    assert be.rate_ratio == pytest.approx(3.0)
    assert math.exp(be.change.value) == pytest.approx(3.0)
    assert be.change.low > 0 and nl.change.low < 0 < nl.change.high
    assert fit.contrast.value == pytest.approx(math.log(3.0))
    # with effort tripled from 2015 the Belgian rate per unit of effort did not change
    effort = {"BE": dict.fromkeys(range(2008, 2015), 1.0) | dict.fromkeys(range(2015, 2023), 3.0)}
    corrected = fit_row([cell("BE", [10] * 7 + [30] * 8), cell("NL", [20] * 15)], ["BE", "NL"],
                        YEARS, 2015, effort)
    assert corrected.sides["BE"].rate_ratio == pytest.approx(1.0)
    assert corrected.sides["BE"].change.value == pytest.approx(0.0, abs=1e-9)


def test_the_rows_test_reads_the_decisive_sides_only():
    cells = [cell("BE", [20] * 15), cell("NL", [40] * 7 + [10] * 8)]
    belgian = fit_row(cells, ["BE", "NL"], YEARS, 2015, decisive=["BE"])
    both = fit_row(cells, ["BE", "NL"], YEARS, 2015)
    assert belgian.test_p == pytest.approx(belgian.sides["BE"].change.p_value)
    assert belgian.test_p > 0.5  # BE did not change …
    assert both.test_p < 1e-6  # … though NL fell


def test_overdispersed_counts_widen_the_interval():
    calm = [20] * 7 + [30] * 8
    noisy = [12, 28, 15, 27, 13, 29, 16, 18, 42, 21, 40, 19, 43, 22, 35]  # same totals, noisier
    assert sum(calm[:7]) == sum(noisy[:7]) and sum(calm[7:]) == sum(noisy[7:])
    narrow = fit_row([cell("BE", calm)], ["BE"], YEARS, 2015)
    wide = fit_row([cell("BE", noisy)], ["BE"], YEARS, 2015)
    assert narrow.scale == 1.0 and wide.scale > 3
    assert wide.sides["BE"].change.high - wide.sides["BE"].change.low > \
        1.5 * (narrow.sides["BE"].change.high - narrow.sides["BE"].change.low)


def test_a_side_that_appears_from_nothing_is_judged_by_the_exact_test():
    fit = fit_row([cell("BE→BE", [0] * 7 + [3] * 8, "BE"), cell("NL→BE", [2] * 15, "BE")],
                  ["BE→BE", "NL→BE"], YEARS, 2015)
    appearing = fit.sides["BE→BE"]
    assert appearing.method == "exact" and appearing.change.value == math.inf
    # 24 events, none in the 7 of 15 years before: under an unchanged rate each falls after
    # with chance 8/15; two-sided, every outcome at most as likely as all 24 after counts
    pmf = [math.comb(24, k) * (8 / 15) ** k * (7 / 15) ** (24 - k) for k in range(25)]
    assert appearing.change.p_value == pytest.approx(sum(q for q in pmf if q <= pmf[24]),
                                                     rel=1e-6)
    assert fit.test_p == pytest.approx(min(1.0, 2 * min(appearing.change.p_value,
                                                         fit.sides["NL→BE"].change.p_value)))


def test_no_event_at_all_is_absent_and_no_test_is_insufficient():
    fit = fit_row([cell("BE", [0] * 15)], ["BE", "NL"], YEARS, 2015)
    assert fit.sides["BE"].method == fit.sides["NL"].method == "absent"
    assert fit.test_p is None and fit.status == "insufficient data"


def test_the_within_police_contrast_ignores_what_effort_moves_alike():
    """Loads for Belgium and for the Netherlands met in Antwerp and in Rotterdam: Antwerp's
    controls double (both destinations found there double), the destination shares stay."""
    antwerp_be, antwerp_nl = [5] * 7 + [10] * 8, [15] * 7 + [30] * 8
    rotterdam_be, rotterdam_nl = [3] * 15, [20] * 15
    cells = [cell("BE", antwerp_be, "BE"), cell("BE", rotterdam_be, "NL"),
             cell("NL", antwerp_nl, "BE"), cell("NL", rotterdam_nl, "NL")]
    same = within_exposure_contrast(cells, ["BE", "NL"], YEARS, 2015)
    assert same.value == pytest.approx(0.0, abs=1e-9) and same.p_value > 0.5
    shifted = [cell("BE", [5] * 7 + [20] * 8, "BE"), cell("BE", rotterdam_be, "NL"),
               cell("NL", antwerp_nl, "BE"), cell("NL", rotterdam_nl, "NL")]
    moved = within_exposure_contrast(shifted, ["BE", "NL"], YEARS, 2015)
    assert moved.value > 0 and moved.p_value < 0.01
    # production: each country's police find their own, so there is no shared police
    assert within_exposure_contrast([cell("BE", antwerp_be), cell("NL", antwerp_nl)],
                                    ["BE", "NL"], YEARS, 2015) is None


# -- effort figures -----------------------------------------------------------------------

def figure(country, year, value, measure="controls", market="all", level="country",
           jurisdiction=None):
    return {"country": country, "year": year, "value": value, "measure": measure,
            "market": market, "level": level, "jurisdiction": jurisdiction or country}


def test_an_effort_index_is_each_year_over_the_mean_year():
    rows = [figure("BE", 2014, 100.0), figure("BE", 2015, 300.0)]
    series = effort_by_country(rows, "cannabis")["BE"]
    assert series.index == {2014: 0.5, 2015: 1.5}
    assert series.describe() == "BE: controls (all) 2014–2015"


def test_the_broadest_level_counts_and_provinces_are_summed_when_all_report():
    rows = [figure("BE", 2014, 1000.0), figure("BE", 2015, 1000.0),  # national figures …
            figure("BE", 2014, 10.0, level="province", jurisdiction="Antwerpen"),
            figure("BE", 2015, 90.0, level="province", jurisdiction="Antwerpen")]
    assert effort_by_country(rows, "all")["BE"].index == {2014: 1.0, 2015: 1.0}  # … win
    provinces = [figure("NL", y, v, level="province", jurisdiction=j)
                 for y, j, v in ((2014, "Limburg", 30.0), (2015, "Limburg", 50.0),
                                 (2014, "Zeeland", 10.0), (2015, "Zeeland", 30.0),
                                 (2015, "Utrecht", 500.0))]  # Utrecht reports one year only
    # Limburg and Zeeland report both years: 40 and 80 controls, over their mean of 60
    assert effort_by_country(provinces, "all")["NL"].index == pytest.approx(
        {2014: 40 / 60, 2015: 80 / 60})


def test_figures_for_the_rows_market_beat_those_for_all_markets():
    rows = [figure("BE", 2014, 100.0), figure("BE", 2015, 100.0),
            figure("BE", 2014, 10.0, market="cocaine"), figure("BE", 2015, 30.0,
                                                               market="cocaine")]
    assert effort_by_country(rows, "cocaine")["BE"].index == {2014: 0.5, 2015: 1.5}
    assert effort_by_country(rows, "cannabis")["BE"].market == "all"


def test_measures_covering_the_same_years_combine_by_their_geometric_mean():
    rows = [figure("BE", 2014, 1.0), figure("BE", 2015, 3.0),
            figure("BE", 2014, 10.0, measure="inspections"),
            figure("BE", 2015, 10.0, measure="inspections")]
    series = effort_by_country(rows, "all")["BE"]
    assert series.measures == ("controls", "inspections")
    assert series.index[2014] == pytest.approx(math.sqrt(0.5 * 1.0))
    assert series.index[2015] == pytest.approx(math.sqrt(1.5 * 1.0))


def test_a_measure_covering_fewer_years_is_left_out_rather_than_shrinking_the_others():
    rows = [figure("BE", y, 100.0 + y - 2008) for y in range(2008, 2023)]
    rows += [figure("BE", y, 5.0, measure="raids") for y in (2021, 2022)]  # a new export
    series = effort_by_country(rows, "all")["BE"]
    assert series.measures == ("controls",)
    assert series.years == tuple(range(2008, 2023))


def test_market_figures_win_only_when_they_cover_as_many_years():
    rows = [figure("BE", y, 100.0) for y in range(2008, 2023)]
    rows += [figure("BE", y, 10.0, market="cocaine") for y in (2020, 2021, 2022)]
    assert effort_by_country(rows, "cocaine")["BE"].market == "all"


def test_figures_that_are_not_positive_are_missing_not_zero_effort():
    rows = [figure("BE", 2014, 100.0), figure("BE", 2015, 0.0), figure("BE", 2016, -1.0),
            figure("BE", 2017, 300.0)]
    assert effort_by_country(rows, "all")["BE"].index == {2014: 0.5, 2017: 1.5}


def test_a_figure_two_files_state_counts_once():
    """Two statistics files quoting one export: the mean of what they state, not the sum."""
    rows = [figure("BE", 2014, 100.0), figure("BE", 2014, 100.0), figure("BE", 2015, 300.0)]
    assert effort_by_country(rows, "all")["BE"].index == {2014: 0.5, 2015: 1.5}
    assert effort_by_country(rows, "all")["BE"].describe([2014, 2015, 2016]) == \
        "BE: controls (all) 2014–2015"
