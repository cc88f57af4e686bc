"""Shift versus expansion per market × echelon, from the Belgian perspective (Table 1).

The study's definitions (docs/study.md): a **shift** is Belgian activity rising while the
Dutch counterpart falls, or Dutch actors moving their supply to Belgian demand; an
**expansion** is Belgian activity rising while the Dutch persists or grows. Each row's
activity series (``graph.study.activity``) is compared before and after a pivot (the
intervention that fits the row best, else the middle of the years covered) by one count
regression per row (``graph.study.count_model``), per unit of enforcement effort where the
case files state it (``graph.study.effort``). docs/displacement.md has the rule in full, so
an analyst can check a verdict by hand:

1. **Insufficient data** when the side the verdict rests on has fewer than ``MIN_EVENTS``
   events, or when nothing changed significantly and the data cannot rule out a change
   of ×1.5 either way; the counts' leaning is still shown.
2. **One test per row**: that Belgian activity did not change (production, middle market),
   or that neither side serving Belgian demand did (retail); corrected across the rows
   judged with Holm's method. A verdict other than "no change" needs it below ``ALPHA``.
3. **The call**, from each side's 95% interval: up, down or persists.
4. **Caveats**: without effort figures for its country, a rise that coincides with an
   enforcement (or unspecified) intervention on the rising side, or with the dismantled
   sites getting smaller, may be a detection effect; the verdict says so and is never
   strong, unless a detection-robust contrast (two sides found by the same police) shows
   the change.
5. **Strong** only when the corrected test holds and no caveat applies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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
from graph.study.count_model import ALPHA, Cell, Estimate, RowFit, fit_row
from graph.study.detection import detection_caveats
from graph.study.effort import EffortSeries, effort_by_country

#: Fewer events than this on a side (both windows together) is too thin to call.
MIN_EVENTS = 10
#: "No change" is said only when the data rule out a change of this factor either way.
CHANGE_WORTH_CALLING = 1.5
#: the model, and which fit of it the changes were read from (``RowFit.model``)
MODEL = ("quasi-Poisson GLM: log E[count] = log exposure + cell + side × (trend + step at the "
         "pivot + trend change after it); changes read from the {} fit")
#: the row's stated test, by reading (Holm-corrected across the rows judged)
TERMS = {"countries": "Belgian activity changed between the windows (t test)",
         "who_serves_be": "either side serving Belgian demand changed (Wald F test)"}


@dataclass(frozen=True)
class Change:
    """One side before and after the pivot: counts, exposure and its estimated change."""

    series: str
    before: int
    after: int
    exposure_before: float  # years, each weighed by its effort index where stated
    exposure_after: float
    rate_ratio: float | None  # events per exposure after / before
    estimate: float | None  # log rate ratio under the model
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    direction: str  # up, down, persists, too few, absent
    method: str  # glm, exact, absent
    #: the 95% interval includes no change and the 90% interval rules out a change of
    #: ``CHANGE_WORTH_CALLING`` either way (an equivalence test at 5%): what "no change"
    #: rests on
    bounded: bool = False
    #: the shape of the change (segmented fit): a jump at the pivot and the trends around it
    jump: float | None = None
    jump_ci: tuple[float, float] | None = None
    trend_before: float | None = None
    trend_after: float | None = None


@dataclass(frozen=True)
class Test:
    """The row's one stated test, its Holm-corrected p-value and the BE × NL contrast."""

    model: str
    term: str
    statistic: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    #: change of the Belgian side minus change of the Dutch side (log scale)
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    scale: float | None = None
    status: str = "ok"  # ok | insufficient data | failed: …
    #: what statsmodels warned while fitting (convergence, separation …): read before trusting
    warnings: tuple[str, ...] = ()


@dataclass
class Verdict:
    market: str
    echelon: str
    verdict: str  # shift, expansion, no change, contraction, insufficient data
    confidence: str  # strong | weak
    reason: str
    pivot: int
    pivot_from: str  # the intervention's id, or "middle of the years covered"
    changes: list[Change]
    test: Test
    series: Series | None = field(default=None, repr=False)
    #: what the counts point to (the rule on the raw before/after rates), said even when
    #: the data cannot carry a verdict
    leaning: str = ""
    #: why the verdict may be a detection effect rather than the market's (never strong then)
    caveats: list[str] = field(default_factory=list)
    #: the enforcement-effort figures used as exposure, one line per country
    effort: list[str] = field(default_factory=list)
    #: the pivot as an analyst reads it: the intervention's name and date
    pivot_name: str = ""
    #: effort figures stated but not used, and why (too sparse, or left out on request)
    effort_notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "series"}
        out["series"] = self.series.as_dict() if self.series else None
        return out


def choose_pivot(market: str, echelon: str, interventions: list[Intervention],
                 span: tuple[int, int]) -> tuple[int, str]:
    """The year to compare around: the most specific intervention that applies to the row
    and lies inside the years covered (market and echelon named beat 'all', then the
    latest), else the middle of those years."""
    fitting = [i for i in interventions
               if i.applies_to(market, echelon) and span[0] < i.year <= span[1]]
    if fitting:
        best = max(fitting, key=lambda i: ((i.market == market) * 2 + (i.echelon == echelon),
                                           i.on))
        return best.year, best.id
    return (span[0] + span[1] + 1) // 2, "middle of the years covered"


def verdicts(store: GraphStore, *, market: str | None = None,
             use_effort: bool = True) -> list[Verdict]:
    """The verdicts of Table 1's rows (all six, or one market's) on ``store``; effort
    figures the case files state are the counts' exposure unless ``use_effort`` is off."""
    reader = ActivityReader(store)
    span = reader.span()
    interventions = reader.interventions()
    effort_rows = reader.effort()
    ignored = frozenset() if use_effort else frozenset(r["country"] for r in effort_rows)
    sizes = reader.site_sizes()
    judged = [judge(reader.series(m, e, span), interventions,
                    effort_by_country(effort_rows, m) if use_effort else {}, sizes, ignored)
              for m, e in ROWS if market in (None, m)]
    return holm_verdicts(judged)


@dataclass
class Judged:
    """A row fitted, before the correction across rows decides its call. With effort
    figures it is fitted twice: counts in proportion to effort (the verdict's reading) and
    following its square root (diminishing returns: a doubled effort finding ×1.4); a verdict
    that does not hold for both is weak, and says so."""

    series: Series
    pivot: int
    pivot_from: str
    fit: RowFit
    effort: dict[str, EffortSeries]
    interventions: list[Intervention]
    sizes: list[dict]
    #: the fit with counts following the square root of effort (None without effort)
    half_fit: RowFit | None = None
    #: countries whose effort figures exist but were left out on request
    ignored: frozenset[str] = frozenset()
    #: why a country's effort figures were not used, one line each
    effort_notes: list[str] = field(default_factory=list)

    @property
    def test_p(self) -> float | None:
        return self.fit.test_p


def judge(series: Series, interventions: list[Intervention],
          effort: Mapping[str, EffortSeries] | None = None,
          sizes: Sequence[Mapping] = (), ignored: frozenset[str] = frozenset()) -> Judged:
    """Fit one row: its pivot, the years its exposure covers, the regression."""
    pivot, pivot_from = choose_pivot(series.market, series.echelon, interventions, series.span)
    sides = series_keys(series.reading)
    cells = [Cell(side, found_in, counts) for (side, found_in), counts
             in sorted(series.by_exposure.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
             if side in sides]
    countries = {c.exposure_country for c in cells}
    used, years, notes = _usable_effort(series, pivot, {c: e for c, e in (effort or {}).items()
                                                        if c in countries})
    notes += [f"{c}: effort figures left out on request" for c in sorted(ignored & countries)]
    decisive = sides[:1] if series.reading == "countries" else sides
    fit = fit_row(cells, sides, years, pivot, {c: e.index for c, e in used.items()}, decisive)
    half = fit_row(cells, sides, years, pivot,
                   {c: {y: i ** 0.5 for y, i in e.index.items()} for c, e in used.items()},
                   decisive) if used else None
    return Judged(series, pivot, pivot_from, fit, used, interventions, list(sizes), half,
                  ignored & countries, notes)


def _usable_effort(series: Series, pivot: int, effort: Mapping[str, EffortSeries]
                   ) -> tuple[dict[str, EffortSeries], list[int], list[str]]:
    """The countries whose effort can be the exposure, the years compared, and why any
    other was left out: a country's figures must cover two of the years compared on each
    side of the pivot, and so must the years all used countries cover together."""
    def both_sides(years: Sequence[int]) -> bool:
        return min(sum(y < pivot for y in years), sum(y >= pivot for y in years)) >= 2

    all_years = list(series.years())
    used, notes = {}, []
    for country, e in sorted(effort.items()):
        if both_sides([y for y in all_years if y in e.index]):
            used[country] = e
        else:
            notes.append(f"{country}: effort figures left out, they cover fewer than two of "
                         f"the years compared before or after {pivot}")
    years = [y for y in all_years if all(y in e.index for e in used.values())]
    if used and not both_sides(years):
        notes += [f"{c}: effort figures left out, the countries' figures share fewer than "
                  f"two years before or after {pivot}" for c in used]
        return {}, all_years, notes
    return used, years, notes


def holm_verdicts(rows: Sequence[Judged]) -> list[Verdict]:
    """Holm's correction across the rows whose test ran, then each row's call."""
    tested = sorted((j.test_p, i) for i, j in enumerate(rows) if j.test_p is not None)
    adjusted: dict[int, float] = {}
    running = 0.0
    for rank, (p, i) in enumerate(tested):
        running = max(running, min(1.0, (len(tested) - rank) * p))
        adjusted[i] = running
    return [call(j, adjusted.get(i)) for i, j in enumerate(rows)]


def call(judged: Judged, p_adjusted: float | None) -> Verdict:
    """The verdict of one fitted row, given its corrected p-value."""
    series, fit = judged.series, judged.fit
    sides = series_keys(series.reading)
    decisive = [sides[0]] if series.reading == "countries" else list(sides)
    significant = p_adjusted is not None and p_adjusted < ALPHA
    changes = {s: _change(fit.sides[s]) for s in sides}
    outcome = _outcome(series.reading, changes, decisive, significant, fit.status)
    half = judged.half_fit
    disagree = half is not None and outcome != _outcome(
        series.reading, {s: _change(half.sides[s]) for s in sides}, decisive, significant,
        half.status)
    leaning = _rule(series.reading, {s: _raw_direction(changes[s]) for s in sides}) \
        or "no change"
    caveats = detection_caveats(series, outcome, changes, judged, decisive)
    strong = significant and outcome in ("shift", "expansion", "contraction") \
        and not caveats and not disagree
    test = Test(MODEL.format(fit.model), TERMS[series.reading], fit.test_statistic,
                judged.test_p, p_adjusted, *_contrast(fit.contrast), fit.scale, fit.status,
                fit.warnings)
    reason = _reason(changes, test, sum(y < judged.pivot for y in fit.years),
                     sum(y >= judged.pivot for y in fit.years))
    if disagree:
        reason += ("; with diminishing returns of effort (counts following its square root) "
                   "the verdict would differ")
    return Verdict(series.market, series.echelon, outcome, "strong" if strong else "weak",
                   reason, judged.pivot, judged.pivot_from, list(changes.values()), test,
                   series, leaning, caveats,
                   [e.describe(judged.fit.years) for e in judged.effort.values()],
                   _pivot_name(judged), judged.effort_notes)


def _pivot_name(judged: Judged) -> str:
    """``Taskforce Brabant-Zeeland, 2012-01-01``, or how the pivot was chosen."""
    for i in judged.interventions:
        if i.id == judged.pivot_from:
            return f"{i.name}, {i.on[:10]}"
    return judged.pivot_from


def _outcome(reading: str, changes: Mapping[str, Change], decisive: list[str],
             significant: bool, status: str) -> str:
    """The call on one fit's changes (see the module docstring)."""
    enough = [s for s in decisive if changes[s].before + changes[s].after >= MIN_EVENTS]
    if status != "ok" or not enough:
        return "insufficient data"
    if significant:
        called = _rule(reading, {s: c.direction for s, c in changes.items()})
        if called:
            return called
    return _no_change_or_unknown([changes[s] for s in decisive if changes[s].method != "absent"])


def _change(side) -> Change:
    estimate = side.change
    shape = side.shape
    total = side.before + side.after
    if side.method == "absent":
        direction = "absent"
    elif total < MIN_EVENTS:
        direction = "too few"
    else:
        direction = "up" if estimate.low > 0 else "down" if estimate.high < 0 else "persists"
    margin = math.log(CHANGE_WORTH_CALLING)
    bounded = estimate is not None and total >= MIN_EVENTS and direction == "persists" \
        and -margin < estimate.low90 and estimate.high90 < margin
    return Change(side.side, side.before, side.after, side.exposure_before,
                  side.exposure_after, side.rate_ratio,
                  *(_finite(estimate.value), _finite(estimate.low), _finite(estimate.high),
                    estimate.p_value) if estimate else (None, None, None, None),
                  direction, side.method, bounded,
                  shape.jump.value if shape else None,
                  (shape.jump.low, shape.jump.high) if shape else None,
                  shape.trend_before if shape else None, shape.trend_after if shape else None)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _raw_direction(c: Change) -> str:
    """What the counts lean to without a test: activity that appears is up, that stops is
    down; with ``MIN_EVENTS`` or more, a rate a fifth higher or lower is up or down."""
    if c.before + c.after == 0:
        return "absent"
    if not c.before or not c.after:
        return "up" if c.after else "down"
    if c.before + c.after < MIN_EVENTS:
        return "persists"
    ratio = c.rate_ratio or 1.0
    return "up" if ratio > 1.2 else "down" if ratio < 1 / 1.2 else "persists"


def _rule(reading: str, direction: Mapping[str, str]) -> str | None:
    """The study's definitions on the sides' directions; None when nothing rose or fell."""
    if reading == "who_serves_be":
        be, nl = direction[BELGIAN_RUN], direction[DUTCH_RUN]
        if (nl == "up" and be != "up") or (be == "up" and nl == "down"):
            return "shift"
        if be == "up":
            return "expansion"
        return "contraction" if "down" in (be, nl) else None
    be, nl = direction["BE"], direction["NL"]
    if be == "up":
        return "shift" if nl == "down" else "expansion"
    return "contraction" if be == "down" else None


def _no_change_or_unknown(changes: Sequence[Change]) -> str:
    """"no change" when every side with events rules out a change worth calling (its 90%
    interval inside ±``CHANGE_WORTH_CALLING``: an equivalence test at 5%)."""
    return "no change" if changes and all(c.bounded for c in changes) else "insufficient data"


def _contrast(estimate: Estimate | None) -> tuple[float | None, float | None, float | None]:
    if estimate is None:
        return None, None, None
    return estimate.value, estimate.low, estimate.high


def _reason(changes: Mapping[str, Change], test: Test, years_before: int,
            years_after: int) -> str:
    """``BE 40 in 7 y → 88 in 8 y (×1.9 a year, 1.3–2.8: up); NL …; test p = 1e-06 (Holm
    6e-06)``: the counts over the years compared, and the modelled change of the yearly
    rate (per unit of effort where stated) with its 95% interval."""
    parts = []
    for c in changes.values():
        counts = f"{c.series} {c.before} in {years_before} y → {c.after} in {years_after} y"
        if c.direction in ("absent", "too few") or (c.estimate is None and c.method != "exact"):
            parts.append(f"{counts} ({c.direction})")
            continue
        ratio = ratio_text(c.estimate) if c.estimate is not None else "∞" if c.after else "0"
        interval = "" if c.ci_low is None else f", {ratio_text(c.ci_low)}–{ratio_text(c.ci_high)}"
        parts.append(f"{counts} (×{ratio} a year{interval}: {c.direction})")
    if test.p_value is None:
        parts.append(f"test: {test.status}")
    else:
        parts.append(f"test p = {test.p_value:.2g} (Holm {test.p_adjusted:.2g})")
    return "; ".join(parts)


def ratio_text(log_value: float | None) -> str:
    """A rate ratio as text (``None``: infinite); beyond a thousandfold a fit only says it is
    huge."""
    if log_value is None or log_value > math.log(1000):
        return "∞" if log_value is None else ">1000"
    return "<0.001" if log_value < -math.log(1000) else f"{math.exp(log_value):.2g}"
