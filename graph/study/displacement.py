"""Shift versus expansion per market × echelon, from the Belgian perspective (Table 1).

The study's definitions (docs/study.md): a **shift** is Belgian activity rising while the Dutch
counterpart falls, or Dutch actors relocating their supply to Belgian demand; an **expansion**
is Belgian activity rising while the Dutch persists or grows. Each row is read on its activity
series (``graph.study.activity``) over the years the graph covers, and shown before and after a
pivot: the date of the intervention that fits the row best, else the middle of those years.
Production and the cocaine middle market compare Belgian with Dutch activity; retail compares
who serves Belgian demand: suppliers run from the Netherlands (a shift when they rise) and
from Belgium (an expansion when they rise while the Dutch-run persist or grow).

Two readings, both reported with the evidence:

- the **rule**: per series, a direction. With at least ``MIN_EVENTS`` events it is the
  yearly log-linear trend's (up or down when its 95% interval excludes zero, else
  persists); with fewer it only reads presence in the windows around the pivot (activity
  that appears is up, that stops is down, else it persists) and the verdict is weak. A shift
  needs the Dutch side to fall *clearly*; without that evidence a Belgian rise is an
  expansion (shift is the stronger claim: displacement).
- the **statistical test**: a Poisson GLM (statsmodels; standard errors widened by the
  overdispersion) of yearly counts ~ country × year; its interaction is how much faster
  Belgian activity grows than Dutch (for retail, Belgian-run suppliers than Dutch-run; when
  only one retail side has events enough, that side's yearly trend). Too few events:
  "insufficient data".

Enforcement effort (detection bias) can be corrected with an index per country-year (police
reports over their mean, ``effort_index``): it becomes the exposure of the rates and the
GLM's offset. It corrects a year or country in which the police simply searched more; it
cannot tell more searching from more crime where police reports are themselves the activity.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from graph.store import GraphStore
from graph.study.activity import (
    BELGIAN_RUN,
    DUTCH_RUN,
    ROWS,
    ActivityReader,
    Intervention,
    Series,
    series_keys,
)

#: Fewer events than this in a series (both windows together) is too thin for a test.
MIN_EVENTS = 10
ALPHA = 0.05


@dataclass(frozen=True)
class Change:
    """One series before and after the pivot."""

    series: str
    before: int
    after: int
    exposure_before: float  # years (times the effort index when corrected)
    exposure_after: float
    rate_ratio: float | None  # events per exposure after / before
    trend: float | None  # yearly log change over all years; None when too thin
    p_value: float | None  # the trend's p-value
    direction: str  # up, down, persists, absent
    #: what statsmodels warned while fitting the trend (convergence, separation …)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Test:
    """The GLM's reading: the term that decides, its estimate (log scale), CI and p."""

    model: str
    term: str
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    status: str = "ok"  # ok | insufficient data | failed: …
    #: what statsmodels warned while fitting (convergence, separation …): read before trusting
    warnings: tuple[str, ...] = ()


@dataclass
class Verdict:
    market: str
    echelon: str
    verdict: str
    confidence: str  # strong | weak
    reason: str
    pivot: int
    pivot_from: str  # the intervention's id, or "middle of the years covered"
    changes: list[Change]
    test: Test
    series: Series | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "series"}
        out["series"] = self.series.as_dict() if self.series else None
        return out


def choose_pivot(market: str, echelon: str, interventions: list[Intervention],
                 span: tuple[int, int]) -> tuple[int, str]:
    """The year to compare around: the most specific intervention that applies to the row
    and lies inside the years covered (market and echelon named beat 'all'), else the
    middle of those years."""
    fitting = [i for i in interventions
               if i.applies_to(market, echelon) and span[0] < i.year <= span[1]]
    if fitting:
        best = max(fitting, key=lambda i: ((i.market == market) * 2 + (i.echelon == echelon),
                                           i.on))
        return best.year, best.id
    return (span[0] + span[1] + 1) // 2, "middle of the years covered"


def change(name: str, counts: Mapping[int, int], years: range, pivot: int,
           effort: Mapping[int, float] | None = None) -> Change:
    """One series before and after ``pivot`` (the evidence), and its direction: from the
    log-linear trend over all years when there are ``MIN_EVENTS`` events or more, else from
    presence in the two windows."""
    weight = (lambda y: effort.get(y, 1.0)) if effort else (lambda y: 1.0)
    before = sum(counts.get(y, 0) for y in years if y < pivot)
    after = sum(counts.get(y, 0) for y in years if y >= pivot)
    exp_before = sum(weight(y) for y in years if y < pivot)
    exp_after = sum(weight(y) for y in years if y >= pivot)
    ratio = None
    if before and exp_before and exp_after:
        ratio = (after / exp_after) / (before / exp_before)
    total = before + after
    if total == 0:
        return Change(name, 0, 0, exp_before, exp_after, ratio, None, None, "absent")
    if total < MIN_EVENTS:
        direction = "up" if before == 0 else "down" if after == 0 else "persists"
        return Change(name, before, after, exp_before, exp_after, ratio, None, None, direction)
    fit = _fit([[1.0, y - years.start] for y in years], [counts.get(y, 0) for y in years],
               [math.log(weight(y)) for y in years])
    direction = "up" if fit.low > 0 else "down" if fit.high < 0 else "persists"
    return Change(name, before, after, exp_before, exp_after, ratio, fit.estimate, fit.p_value,
                  direction, fit.warnings)


@dataclass(frozen=True)
class _Fit:
    """The last coefficient of a count regression: estimate, confidence interval, p-value."""

    estimate: float
    low: float
    high: float
    p_value: float
    warnings: tuple[str, ...]


def _fit(design: list[list[float]], counts: list[int], offset: list[float]) -> _Fit:
    """Poisson GLM whose standard errors widen by the overdispersion: statsmodels' own
    quasi-Poisson (``scale="X2"``, Pearson's chi² over the residual degrees of freedom),
    never narrower than Poisson (scale 1 when the data are underdispersed, fit exactly or
    leave no degrees of freedom). Whatever statsmodels warns while fitting is kept, not hidden."""
    import numpy as np
    import statsmodels.api as sm

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = sm.GLM(np.array(counts, dtype=float), np.array(design),
                       family=sm.families.Poisson(), offset=np.array(offset))
        fit = model.fit()
        if fit.df_resid > 0 and fit.pearson_chi2 / fit.df_resid > 1:  # overdispersed
            fit = model.fit(scale="X2")
    low, high = (float(v) for v in fit.conf_int(alpha=ALPHA)[-1])
    said = tuple(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    return _Fit(float(fit.params[-1]), low, high, float(fit.pvalues[-1]), said)


def decide(reading: str, changes: Mapping[str, Change]) -> tuple[str, str, str]:
    """The study's definitions as a rule: (verdict, confidence, reason). Pure."""
    if reading == "who_serves_be":
        return _decide_retail(changes[BELGIAN_RUN], changes[DUTCH_RUN])
    be, nl = changes["BE"], changes["NL"]
    reason = (f"BE {be.before} before, {be.after} after ({be.direction}); "
              f"NL {nl.before} before, {nl.after} after ({nl.direction})")
    if be.direction == "absent":
        return "insufficient data", "weak", reason
    if be.direction == "down":
        return "contraction", _strength(be), reason
    if be.direction == "persists":
        return "no change", "weak", reason
    if nl.direction == "down":
        strong = _strength(be) == _strength(nl) == "strong"
        return "shift", "strong" if strong else "weak", reason
    return "expansion", _strength(be), reason


def _decide_retail(be: Change, nl: Change) -> tuple[str, str, str]:
    """Who serves Belgian demand. Shift: the Dutch-run suppliers rise while the Belgian-run do
    not (or the Belgian-run rise while the Dutch-run clearly fall: the Dutch supply is taken
    over). Expansion: the Belgian-run rise while the Dutch-run persist or grow; with both
    rising the verdict is weak, since Dutch actors also serve more Belgian demand."""
    reason = (f"Dutch-run suppliers serving Belgian demand: {nl.before} before, {nl.after} "
              f"after ({nl.direction}); Belgian-run: {be.before} before, {be.after} after "
              f"({be.direction})")
    if be.direction == nl.direction == "absent":
        return "insufficient data", "weak", reason
    if be.direction == "up" and nl.direction == "down":
        strong = _strength(be) == _strength(nl) == "strong"
        return "shift", "strong" if strong else "weak", reason
    if be.direction == "up":
        return "expansion", "weak" if nl.direction == "up" else _strength(be), reason
    if nl.direction == "up":
        return "shift", _strength(nl), reason
    falling = [c for c in (be, nl) if c.direction == "down"]
    if falling:
        return "contraction", "strong" if all(_strength(c) == "strong" for c in falling) \
            else "weak", reason
    return "no change", "weak", reason


def _strength(c: Change) -> str:
    return "strong" if c.p_value is not None and c.p_value < ALPHA else "weak"


def glm_test(reading: str, series: Series,
             effort: Mapping[str, Mapping[int, float]] | None = None) -> Test:
    """Quasi-Poisson GLM of yearly counts ~ country × year: the interaction is how much
    faster Belgian activity grows than Dutch (for retail, Belgian-run suppliers than
    Dutch-run). A retail row with events enough on one side only tests that side's trend
    (counts ~ year): Belgian demand served by one side alone."""
    keys = series_keys(reading)
    if reading == "who_serves_be":
        keys = [k for k in keys if series.total(k) >= MIN_EVENTS] or keys
    if len(keys) == 1:
        model, term = "counts ~ year", f"year ({keys[0]})"
    elif reading == "who_serves_be":
        model, term = "counts ~ run_from * year", f"{BELGIAN_RUN}:year"
    else:
        model, term = "counts ~ country * year", "BE:year"
    if min(series.total(k) for k in keys) < MIN_EVENTS:
        return Test(model, term, status="insufficient data")
    design, counts, offset = [], [], []
    for key in keys:
        for year in series.years():
            t, is_be = float(year - series.span[0]), float(key == keys[0])
            design.append([1.0, t] if len(keys) == 1 else [1.0, is_be, t, is_be * t])
            counts.append(series.by_country.get(key, {}).get(year, 0))
            offset.append(math.log((effort or {}).get(_country(key), {}).get(year, 1.0)))
    try:
        fit = _fit(design, counts, offset)
    except (ValueError, ArithmeticError) as error:  # a failed fit is reported, not raised
        return Test(model, term, status=f"failed: {error}")
    return Test(model, term, fit.estimate, fit.low, fit.high, fit.p_value, warnings=fit.warnings)


def _country(key: str) -> str:
    """The country whose enforcement effort a series follows: retail is counted in Belgian
    case files on both sides."""
    return "BE" if key in (DUTCH_RUN, BELGIAN_RUN) else key


def verdict(series: Series, interventions: list[Intervention],
            effort: Mapping[str, Mapping[int, float]] | None = None) -> Verdict:
    """The verdict on one row's series, with the changes and the test behind it."""
    pivot, pivot_from = choose_pivot(series.market, series.echelon, interventions,
                                     series.span)
    corrected = effort if series.market != "cocaine" or series.echelon == "retail" else None
    changes = {k: change(k, series.by_country.get(k, {}), series.years(), pivot,
                         (corrected or {}).get(_country(k)))
               for k in series_keys(series.reading)}
    outcome, confidence, reason = decide(series.reading, changes)
    test = glm_test(series.reading, series, corrected)
    if test.status != "ok":
        confidence = "weak"
    return Verdict(series.market, series.echelon, outcome, confidence, reason, pivot,
                   pivot_from, list(changes.values()), test, series)


def effort_index(police_reports: Mapping[tuple[str, int], int], span: tuple[int, int]
                 ) -> dict[str, dict[int, float]]:
    """Police reports per country-year over the country's yearly mean (1 = an average
    year), the documented proxy of enforcement effort; a year without reports counts 1."""
    out: dict[str, dict[int, float]] = {}
    for country in sorted({c for c, _ in police_reports}):
        counts = {y: max(1, police_reports.get((country, y), 0))
                  for y in range(span[0], span[1] + 1)}
        mean = sum(counts.values()) / len(counts)
        out[country] = {y: n / mean for y, n in counts.items()}
    return out


def verdicts(store: GraphStore, *, market: str | None = None,
             correct_effort: bool = False) -> list[Verdict]:
    """The verdicts of Table 1's rows (all six, or one market's) on ``store``."""
    reader = ActivityReader(store)
    span = reader.span()
    interventions = reader.interventions()
    effort = effort_index(reader.police_reports(), span) if correct_effort else None
    return [verdict(reader.series(m, e, span), interventions, effort)
            for m, e in ROWS if market in (None, m)]
