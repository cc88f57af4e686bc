"""Enforcement effort as data: how hard the police looked, the exposure of what they found.

Police counts measure police work as much as markets (docs/study.md). A year in which the
police ran twice as many controls is expected to find twice as many plantations in an
unchanged market, so the verdicts read the counts per unit of effort where the case files
state it (``EnforcementEffort`` figures, read by the saved query
``activity-series-enforcement-effort``). Effort is never read from the findings
themselves: a police report about a plantation is the activity, not the effort.

The rule, per country and row (so an analyst can check an index by hand):

1. Figures that target the row's market are used if they cover as many years as those that
   target all markets, else the all-market ones. Values that are not positive are left out
   (a missing export, not a year without police); a figure stated twice (same country,
   year, measure, market and jurisdiction: two files quoting one export) counts once, as
   the mean of the values stated.
2. Per measure (controls, inspections …), the figures of one jurisdiction level only, the
   broadest there is (a national figure is never added to its provinces'), and of the
   jurisdictions that report in every year the measure covers; their sum per year.
3. Each measure's yearly sums over their mean year (1 = an average year). The measures that
   cover the most years are combined by their geometric mean; a measure that covers fewer
   years is left out rather than shrinking the years of the others.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: the case-file kind that states effort figures: context for the counts, not a case
STATISTICS_KIND = "statistics"

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

    def describe(self, years: Iterable[int] | None = None) -> str:
        """``BE: controls (cannabis) 2008–2022``, over ``years`` where given (those the
        row used); the count of years where they are not consecutive."""
        chosen = sorted(set(self.index) & set(years) if years is not None else self.index)
        span = f"{chosen[0]}–{chosen[-1]}" if chosen else "no year"
        if chosen and len(chosen) != chosen[-1] - chosen[0] + 1:
            span += f" ({len(chosen)} years)"
        return f"{self.country}: {', '.join(self.measures)} ({self.market}) {span}"


def effort_by_country(rows: Iterable[Mapping], market: str) -> dict[str, EffortSeries]:
    """The effort series of every country that has figures for ``market`` (or for all
    markets), from the rows of ``activity-series-enforcement-effort``."""
    by_country: dict[str, list[Mapping]] = defaultdict(list)
    for row in _distinct(rows):
        by_country[row["country"]].append(row)
    out = {}
    for country, figures in sorted(by_country.items()):
        targeted = _combined(country, market, [r for r in figures if r.get("market") == market])
        general = _combined(country, "all",
                            [r for r in figures if r.get("market") in (None, "all")])
        best = max((s for s in (targeted, general) if s is not None),
                   key=lambda s: len(s.index), default=None)  # targeted first on a tie
        if best is not None:
            out[country] = best
    return out


def _distinct(rows: Iterable[Mapping]) -> list[dict]:
    """Positive figures with a year, one per country, year, measure, market, level and
    jurisdiction (the mean where several files state it)."""
    values: dict[tuple, list[float]] = defaultdict(list)
    for row in rows:
        value, year = row.get("value"), row.get("year")
        if value is None or year is None or float(value) <= 0:
            continue
        key = (row["country"], year, row["measure"], row.get("market"),
               row.get("level") or "country", row.get("jurisdiction") or "")
        values[key].append(float(value))
    return [{"country": c, "year": y, "measure": m, "market": mk, "level": lv,
             "jurisdiction": j, "value": sum(v) / len(v)}
            for (c, y, m, mk, lv, j), v in values.items()]


def _combined(country: str, market: str, figures: list[Mapping]) -> EffortSeries | None:
    by_measure: dict[str, list[Mapping]] = defaultdict(list)
    for row in figures:
        by_measure[row["measure"]].append(row)
    indexes = {m: _measure_index(rows) for m, rows in sorted(by_measure.items())}
    indexes = {m: index for m, index in indexes.items() if index}
    if not indexes:
        return None
    widest = max(len(index) for index in indexes.values())
    indexes = {m: index for m, index in indexes.items() if len(index) == widest}
    years = set.intersection(*(set(index) for index in indexes.values()))
    combined = {y: math.exp(sum(math.log(index[y]) for index in indexes.values())
                            / len(indexes)) for y in sorted(years)}
    return EffortSeries(country, market, tuple(indexes), combined) if combined else None


def _measure_index(rows: list[Mapping]) -> dict[int, float]:
    """One measure's yearly sums (broadest level, jurisdictions reporting every year) over
    their mean."""
    level = min((r["level"] for r in rows),
                key=lambda name: LEVELS.index(name) if name in LEVELS else len(LEVELS))
    at_level = [r for r in rows if r["level"] == level]
    years = {r["year"] for r in at_level}
    reporting: dict[str, set[int]] = defaultdict(set)
    for r in at_level:
        reporting[r["jurisdiction"]].add(r["year"])
    complete = {j for j, covered in reporting.items() if covered == years}
    sums: dict[int, float] = defaultdict(float)
    for r in at_level:
        if r["jurisdiction"] in complete:
            sums[r["year"]] += r["value"]
    if not sums:
        return {}
    mean = sum(sums.values()) / len(sums)
    return {y: v / mean for y, v in sorted(sums.items())}
