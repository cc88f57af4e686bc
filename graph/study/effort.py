"""Enforcement effort as data: how hard the police looked, the exposure of what they found.

Police counts measure police work as much as markets (docs/study.md). A year in which the
police ran twice as many controls is expected to find twice as many plantations in an
unchanged market, so the verdicts read the counts per unit of effort where the case files
state it (``EnforcementEffort`` figures, read by the saved query
``activity-series-enforcement-effort``). Effort is never read from the findings
themselves: a police report about a plantation is the activity, not the effort.

The rule, per country and row (so an analyst can check an index by hand):

1. Figures that target the row's market are used if there are any, else those that target
   all markets.
2. Per measure (controls, inspections …), the figures of one jurisdiction level only, the
   broadest there is (a national figure is never added to its provinces'), and of the
   jurisdictions that report in every year the measure covers; their sum per year.
3. Each measure's yearly sums over their mean year (1 = an average year); several measures
   are combined by their geometric mean, over the years they all cover.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: jurisdiction levels, broadest first
LEVELS = ("country", "province", "district", "municipality")


@dataclass(frozen=True)
class EffortSeries:
    """One country's enforcement effort for a row: a yearly index (1 = the average year)."""

    country: str
    market: str
    measures: tuple[str, ...]
    index: Mapping[int, float]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.index))

    def describe(self) -> str:
        """``BE: controls (cannabis) 2008–2022``."""
        years = self.years
        span = f"{years[0]}–{years[-1]}" if years else "no year"
        return f"{self.country}: {', '.join(self.measures)} ({self.market}) {span}"


def effort_by_country(rows: Iterable[Mapping], market: str) -> dict[str, EffortSeries]:
    """The effort series of every country that has figures for ``market`` (or for all
    markets), from the rows of ``activity-series-enforcement-effort``."""
    by_country: dict[str, list[Mapping]] = defaultdict(list)
    for row in rows:
        if row.get("value") is not None and row.get("year") is not None:
            by_country[row["country"]].append(row)
    out = {}
    for country, figures in sorted(by_country.items()):
        targeted = [r for r in figures if r.get("market") == market]
        chosen, target = (targeted, market) if targeted else \
            ([r for r in figures if r.get("market") in (None, "all")], "all")
        series = _combined(country, target, chosen)
        if series is not None:
            out[country] = series
    return out


def _combined(country: str, market: str, figures: list[Mapping]) -> EffortSeries | None:
    by_measure: dict[str, list[Mapping]] = defaultdict(list)
    for row in figures:
        by_measure[row["measure"]].append(row)
    indexes = {m: _measure_index(rows) for m, rows in sorted(by_measure.items())}
    indexes = {m: index for m, index in indexes.items() if index}
    if not indexes:
        return None
    years = set.intersection(*(set(index) for index in indexes.values()))
    combined = {y: math.exp(sum(math.log(index[y]) for index in indexes.values())
                            / len(indexes)) for y in sorted(years)}
    return EffortSeries(country, market, tuple(indexes), combined) if combined else None


def _measure_index(rows: list[Mapping]) -> dict[int, float]:
    """One measure's yearly sums (broadest level, jurisdictions reporting every year) over
    their mean; empty when no year has a positive sum."""
    level = min((r.get("level") or "country" for r in rows),
                key=lambda name: LEVELS.index(name) if name in LEVELS else len(LEVELS))
    at_level = [r for r in rows if (r.get("level") or "country") == level]
    years = {r["year"] for r in at_level}
    reporting: dict[str, set[int]] = defaultdict(set)
    for r in at_level:
        reporting[r.get("jurisdiction") or ""].add(r["year"])
    complete = {j for j, covered in reporting.items() if covered == years}
    sums: dict[int, float] = defaultdict(float)
    for r in at_level:
        if (r.get("jurisdiction") or "") in complete:
            sums[r["year"]] += float(r["value"])
    positive = {y: v for y, v in sums.items() if v > 0}
    if not positive:
        return {}
    mean = sum(positive.values()) / len(positive)
    return {y: v / mean for y, v in sorted(positive.items())}
