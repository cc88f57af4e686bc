"""The count regression behind a shift-versus-expansion verdict: each side's activity after
the pivot against before it, per unit of exposure, with the Belgian × Dutch contrast.

**Model** (a segmented quasi-Poisson GLM, statsmodels), over the years of the row::

    log E[count(cell, year)] = log exposure(cell, year) + a(cell)
                               + trend(side)·(year − pivot) + step(side)·after(year)
                               + trend change(side)·after(year)·(year − pivot)

A *side* is what the verdict compares (BE and NL, or for retail the Belgian-run and the
Dutch-run suppliers of Belgian demand); a *cell* is a side, and for the cocaine middle market
a side met at the ports of one country, since a port's controls find its shipments whatever
their destination. ``after`` is 1 from the pivot year. ``exposure`` is the enforcement
effort index of the cell's country (``graph.study.effort``), 1 where none is stated. With
fewer than ``SHAPE_YEARS`` years on a side of the pivot the trends are left out (a step
alone). A side's **change** is its mean fitted log level over the years after the pivot
minus over the years before: ``exp`` of it is how many times more activity per unit of
effort the side had after, whether it came as a jump or as a trend. Modelling the trends
keeps a steady rise from passing for noise (the scale then measures real overdispersion,
not a misfit); the step and the trend change say how the change came (``Shape``). The
changes are read from whichever of a straight trend, a trend with a step, or the segmented
model describes the counts best (the smallest quasi-AIC): a straight trend reads a steady
change with far more power, a step reads a jump (``RowFit.model`` says which).

- Standard errors widen by the overdispersion when there is some (statsmodels' Pearson
  scale, ``scale="X2"``, with t intervals), never narrower than Poisson.
- **The row's one stated test**: that its decisive sides did not change (one side: the t
  test of its change; both: the Wald F test of both changes being 0). Its p-value is
  corrected across the rows judged (Holm, in ``graph.study.displacement``).
- **The contrast**: change(BE side) − change(NL side), how much more the Belgian side changed.
- A side with fewer than ``WINDOW_EVENTS`` events on one side of the pivot (none at all: an
  infinite change) is judged by the exact conditional test of two Poisson rates (binomial,
  given its exposure); where the row's
  test takes several sides, it is then the smallest of their p-values times their number
  (Bonferroni).
- **Shape** (a description, not the test): the step at the pivot and the trends before and
  after it, when the model has them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

ALPHA = 0.05
#: the trends are modelled when each window has at least this many years
SHAPE_YEARS = 3
#: a side with fewer events than this on one side of the pivot cannot carry the model's
#: trends (its estimate runs off to a boundary): it is judged by the exact test instead
WINDOW_EVENTS = 5


@dataclass(frozen=True)
class Cell:
    """One series of yearly counts: its side, and the country whose effort exposes it."""

    side: str
    exposure_country: str | None
    counts: Mapping[int, int]


@dataclass(frozen=True)
class Estimate:
    """A log-scale estimate with its 95% confidence interval and p-value, and its 90%
    interval (an equivalence test at 5% reads it: ``graph.study.displacement``)."""

    value: float
    low: float
    high: float
    p_value: float
    low90: float = -math.inf
    high90: float = math.inf

    @property
    def ratio(self) -> float:
        return math.exp(self.value) if self.value < 700 else math.inf


@dataclass(frozen=True)
class Shape:
    """How a side's change came: a jump at the pivot and the yearly trend before and after."""

    jump: Estimate
    trend_before: float
    trend_after: float


@dataclass(frozen=True)
class SideFit:
    """One side before and after the pivot: counts, exposure and its estimated change."""

    side: str
    before: int
    after: int
    exposure_before: float
    exposure_after: float
    change: Estimate | None
    method: str  # glm | exact | absent
    shape: Shape | None = None

    @property
    def rate_ratio(self) -> float | None:
        """Events per unit of exposure after the pivot over before (None without events
        before)."""
        if not self.before or not self.exposure_before or not self.exposure_after:
            return None
        return (self.after / self.exposure_after) / (self.before / self.exposure_before)


@dataclass(frozen=True)
class RowFit:
    """The regression's reading of one row."""

    sides: dict[str, SideFit]
    years: tuple[int, ...]
    test_p: float | None
    test_statistic: float | None
    contrast: Estimate | None
    scale: float | None
    status: str = "ok"
    warnings: tuple[str, ...] = field(default=())
    #: the model the changes come from: segmented, trend (no break needed), step (a window
    #: too short for trends) or exact (no side could be modelled)
    model: str = "segmented"


def fit_row(cells: Sequence[Cell], sides: Sequence[str], years: Sequence[int], pivot: int,
            exposure: Mapping[str, Mapping[int, float]] | None = None,
            decisive: Sequence[str] | None = None) -> RowFit:
    """Fit the row's model on ``cells`` over ``years`` around ``pivot``; ``sides`` in the
    verdict's order (Belgian side first). ``exposure``: country → year → effort index.
    The row's test is that the ``decisive`` sides (default: all) did not change: one side's
    t test, or the Wald F test of several."""
    exposure = exposure or {}
    years = tuple(years)

    def weight(cell: Cell, year: int) -> float:
        known = exposure.get(cell.exposure_country or "")
        return known.get(year, 1.0) if known else 1.0

    fits: dict[str, SideFit] = {}
    for side in sides:
        mine = [c for c in cells if c.side == side]
        before = sum(c.counts.get(y, 0) for c in mine for y in years if y < pivot)
        after = sum(c.counts.get(y, 0) for c in mine for y in years if y >= pivot)
        exp_before = sum(weight(c, y) for c in mine for y in years if y < pivot) or 0.0
        exp_after = sum(weight(c, y) for c in mine for y in years if y >= pivot) or 0.0
        method = "absent" if before + after == 0 else \
            "glm" if min(before, after) >= WINDOW_EVENTS else "exact"
        change = _exact(before, after, exp_before, exp_after) if method == "exact" else None
        fits[side] = SideFit(side, before, after, exp_before, exp_after, change, method)
    modelled = [s for s in sides if fits[s].method == "glm"]
    caught: list[str] = []
    scale = statistic = test_p = None
    contrast, model = None, "exact"
    decisive = [s for s in (decisive or sides) if fits[s].method != "absent"]
    if modelled:
        try:
            glm = _glm([c for c in cells if c.side in modelled], modelled, years, pivot, weight,
                       caught, [s for s in decisive if s in modelled])
        except (ValueError, ArithmeticError, np.linalg.LinAlgError) as error:
            return RowFit(fits, years, None, None, None, None, f"failed: {error}",
                          tuple(caught))
        scale, statistic, test_p, model = glm["scale"], glm["statistic"], glm["p"], \
            glm["model"]
        for side in modelled:
            fits[side] = _with(fits[side], change=glm["changes"][side],
                               shape=glm["shapes"].get(side))
        if len(modelled) == 2 and modelled == list(sides):
            contrast = glm["contrast"]
    exact = [fits[s].change.p_value for s in decisive if fits[s].method == "exact"]
    if exact:
        candidates = [p * len(decisive) for p in exact] + \
            ([test_p * len(decisive) / max(1, len(decisive) - len(exact))]
             if test_p is not None else [])
        test_p, statistic = min(1.0, min(candidates)), None
    status = "ok" if test_p is not None else "insufficient data"
    return RowFit(fits, years, test_p, statistic, contrast, scale, status,
                  tuple(dict.fromkeys(caught)), model)


def _with(fit: SideFit, **changes) -> SideFit:
    return SideFit(**{**fit.__dict__, **changes})


#: a side's terms in the segmented model
SEGMENTED = ("trend", "after", "trend after")
#: the models a row's changes may be read from, by their terms
MODELS = {SEGMENTED: "segmented", ("trend", "after"): "trend and step", ("trend",): "trend",
          ("after",): "step"}


def _terms(years: Sequence[int], pivot: int) -> tuple[str, ...]:
    """The side's terms: a trend, a step at the pivot and a change of trend after it when
    each window has ``SHAPE_YEARS`` years, else the step alone."""
    before = sum(1 for y in years if y < pivot)
    if min(before, len(years) - before) >= SHAPE_YEARS:
        return SEGMENTED
    return ("after",)


def _design(cells, sides, years, pivot, weight, per_side: tuple[str, ...]):
    """(counts, design, offset, column names): cell intercepts, then each side's terms."""
    rows, counts, offsets = [], [], []
    names = [f"cell {i}" for i in range(len(cells))]
    names += [f"{term} {side}" for side in sides for term in per_side]
    for i, cell in enumerate(cells):
        for year in years:
            row = [0.0] * len(names)
            row[i] = 1.0
            after = 1.0 if year >= pivot else 0.0
            values = {"trend": year - pivot, "after": after, "trend after": after * (year - pivot)}
            base = len(cells) + sides.index(cell.side) * len(per_side)
            for k, term in enumerate(per_side):
                row[base + k] = float(values[term])
            rows.append(row)
            counts.append(float(cell.counts.get(year, 0)))
            offsets.append(math.log(max(weight(cell, year), 1e-9)))
    return np.array(counts), np.array(rows), np.array(offsets), names


def _window_change(names: Sequence[str], side: str, years: Sequence[int], pivot: int
                   ) -> np.ndarray:
    """The contrast vector of a side's change: its mean fitted log level over the years
    after the pivot minus over the years before (cell intercepts cancel)."""
    after = [y for y in years if y >= pivot]
    before = [y for y in years if y < pivot]
    mean_after = {"trend": sum(y - pivot for y in after) / len(after), "after": 1.0,
                  "trend after": sum(y - pivot for y in after) / len(after)}
    mean_before = {"trend": sum(y - pivot for y in before) / len(before), "after": 0.0,
                   "trend after": 0.0}
    vector = np.zeros(len(names))
    for term in mean_after:
        name = f"{term} {side}"
        if name in names:
            vector[names.index(name)] = mean_after[term] - mean_before[term]
    return vector


def _fit(counts, design, offset, caught: list[str]):
    """statsmodels' Poisson GLM, refitted with the Pearson scale when overdispersed; what it
    warns goes into ``caught``."""
    import statsmodels.api as sm

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        model = sm.GLM(counts, design, family=sm.families.Poisson(), offset=offset)
        fit = model.fit()
        if fit.df_resid > 0 and fit.pearson_chi2 / fit.df_resid > 1:
            fit = model.fit(scale="X2", use_t=True)
    caught += [f"{w.category.__name__}: {w.message}" for w in said]
    return fit


def _estimate(fit, vector: np.ndarray) -> Estimate:
    test = fit.t_test(vector)
    low, high = test.conf_int(alpha=ALPHA)[0]
    low90, high90 = test.conf_int(alpha=2 * ALPHA)[0]
    return Estimate(float(np.squeeze(test.effect)), float(low), float(high),
                    float(np.squeeze(test.pvalue)), float(low90), float(high90))


def _glm(cells, sides, years, pivot, weight, caught, decisive) -> dict:
    """Fit the segmented model, then keep whichever of a straight trend, a trend with a step
    at the pivot, or the segmented model describes the counts best (the smallest
    quasi-AIC: deviance over the segmented model's dispersion, plus two per parameter): a
    steady change is read off a straight trend with far more power, a jump off its step.
    The window changes, the row's test and the contrast come from the model kept; the
    shape from the segmented one."""
    terms = _terms(years, pivot)
    fit, names = _fit_terms(cells, sides, years, pivot, weight, terms, caught)
    shapes = _shapes(fit, names, sides) if terms == SEGMENTED else {}
    model = MODELS[terms]
    if terms == SEGMENTED:
        dispersion = max(1.0, float(fit.scale))
        candidates = [(fit.deviance / dispersion + 2 * len(fit.params), 2, terms, fit, names)]
        for rank, simpler in enumerate((("trend",), ("trend", "after"))):
            other, other_names = _fit_terms(cells, sides, years, pivot, weight, simpler, caught)
            candidates.append((other.deviance / dispersion + 2 * len(other.params), rank,
                               simpler, other, other_names))
        _, _, terms, fit, names = min(candidates, key=lambda c: (c[0], c[1]))
        model = MODELS[terms]
    vectors = {side: _window_change(names, side, years, pivot) for side in sides}
    changes = {side: _estimate(fit, vector) for side, vector in vectors.items()}
    p = statistic = None
    if len(decisive) == 1:
        p = changes[decisive[0]].p_value
    elif decisive:
        wald = fit.wald_test(np.vstack([vectors[s] for s in decisive]), use_f=True,
                             scalar=True)
        p, statistic = float(wald.pvalue), float(np.squeeze(wald.statistic))
    contrast = _estimate(fit, vectors[sides[0]] - vectors[sides[1]]) if len(sides) == 2 \
        else None
    return {"changes": changes, "contrast": contrast, "p": p, "statistic": statistic,
            "scale": float(fit.scale), "shapes": shapes, "model": model}


def _fit_terms(cells, sides, years, pivot, weight, terms, caught):
    counts, design, offset, names = _design(cells, sides, years, pivot, weight, terms)
    return _fit(counts, design, offset, caught), names


def _shapes(fit, names: Sequence[str], sides: Sequence[str]) -> dict[str, Shape]:
    """Each side's step at the pivot and trends before and after, from a segmented fit."""
    low_high = fit.conf_int(alpha=ALPHA)
    shapes = {}
    for side in sides:
        i = names.index(f"after {side}")
        trend = float(fit.params[names.index(f"trend {side}")])
        bend = float(fit.params[names.index(f"trend after {side}")])
        shapes[side] = Shape(Estimate(float(fit.params[i]), float(low_high[i][0]),
                                      float(low_high[i][1]), float(fit.pvalues[i])),
                             trend, trend + bend)
    return shapes


def _exact(before: int, after: int, exp_before: float, exp_after: float) -> Estimate:
    """The exact conditional test of two Poisson rates: given ``before + after`` events,
    ``after`` is binomial with the after window's share of the exposure."""
    from scipy.stats import binomtest

    share = exp_after / (exp_before + exp_after)
    result = binomtest(after, before + after, share)
    low, high = result.proportion_ci(confidence_level=1 - ALPHA, method="exact")
    low90, high90 = result.proportion_ci(confidence_level=1 - 2 * ALPHA, method="exact")
    odds = exp_before / exp_after

    def log_ratio(p: float) -> float:
        if p <= 0:
            return -math.inf
        if p >= 1:
            return math.inf
        return math.log(p / (1 - p) * odds)

    return Estimate(log_ratio(after / (before + after)), log_ratio(low), log_ratio(high),
                    float(result.pvalue), log_ratio(low90), log_ratio(high90))


def within_exposure_contrast(cells: Sequence[Cell], sides: Sequence[str], years: Sequence[int],
                             pivot: int) -> Estimate | None:
    """How much more the first side changed than the second among events found by the same
    country's police: cell intercepts, a change per finding country and the first side's
    extra change. A rise in effort moves every cell found by that country alike, so this
    contrast holds whatever the effort did. None when no country found events of both
    sides on both sides of the pivot (production rows: each country's police find their
    own)."""
    shared = {c.exposure_country for c in cells if c.side == sides[0]} & \
        {c.exposure_country for c in cells if c.side == sides[1]}
    mine = [c for c in cells if c.exposure_country in shared and c.exposure_country
            and sum(c.counts.get(y, 0) for y in years if y < pivot)
            and sum(c.counts.get(y, 0) for y in years if y >= pivot)]
    if {c.side for c in mine} != set(sides):
        return None
    countries = sorted({c.exposure_country for c in mine})
    rows, counts = [], []
    for i, cell in enumerate(mine):
        for year in years:
            after = 1.0 if year >= pivot else 0.0
            row = [0.0] * (len(mine) + len(countries) + 1)
            row[i] = 1.0
            row[len(mine) + countries.index(cell.exposure_country)] = after
            row[-1] = after if cell.side == sides[0] else 0.0
            rows.append(row)
            counts.append(float(cell.counts.get(year, 0)))
    try:
        fit = _fit(np.array(counts), np.array(rows), np.zeros(len(counts)), [])
    except (ValueError, ArithmeticError, np.linalg.LinAlgError):
        return None
    low, high = fit.conf_int(alpha=ALPHA)[-1]
    return Estimate(float(fit.params[-1]), float(low), float(high), float(fit.pvalues[-1]))
