"""The crime picture's charts: one PNG per Table 1 row, drawn offline with matplotlib's Agg.

A chart shows the yearly counts the row's verdict rests on (BE against NL, or Belgian-run
against Dutch-run suppliers of Belgian demand) with every intervention that applies to the row as a
dated vertical line. It is drawn on a bare ``Figure`` (no pyplot state, no display), so the
report works on an air-gapped server and from several threads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from graph.study.activity import BELGIAN_RUN, DUTCH_RUN, Intervention, Series, series_keys

SERIES_COLOURS = {"BE": "#c0392b", "NL": "#e67e22", DUTCH_RUN: "#2c3e50", BELGIAN_RUN: "#16a085"}
SERIES_LABELS = {"BE": "Belgium", "NL": "Netherlands",
           DUTCH_RUN: "Dutch-run suppliers serving Belgian demand",
           BELGIAN_RUN: "Belgian-run suppliers serving Belgian demand"}


def series_shown(series: Series) -> list[str]:
    """The lines of a row's chart: the series its reading compares (BE and NL, or who
    serves Belgian demand: Belgian-run and Dutch-run suppliers)."""
    return series_keys(series.reading)


def chart_name(market: str, echelon: str) -> str:
    """A file name from the row's market and echelon, reduced to a safe slug (never text a
    case file could set)."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{market}-{echelon}".lower()).strip("-")
    return f"series-{slug or 'row'}.png"


def fractional_year(iso_date: str) -> float:
    """``2012-05-01`` → 2012.33: where on a yearly axis a dated event sits."""
    day = date.fromisoformat(iso_date[:10])
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def draw_series(series: Series, interventions: Iterable[Intervention], path: Path,
                *, title: str) -> Path:
    """Write the row's chart to ``path`` (PNG) and return it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    years = list(series.years())
    figure = Figure(figsize=(7.5, 3.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    keys = series_shown(series)
    for key in keys:
        counts = series.by_country.get(key, {})
        axes.plot(years, [counts.get(y, 0) for y in years], marker="o", markersize=3,
                  color=SERIES_COLOURS.get(key), label=SERIES_LABELS.get(key, key))
    if years:
        axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        top = max([1, *(series.by_country.get(k, {}).get(y, 0) for k in keys for y in years)])
        axes.set_ylim(0, top * 1.6)
        marked = [i for i in interventions if i.applies_to(series.market, series.echelon)
                  and years[0] - 0.5 <= fractional_year(i.on) <= years[-1] + 0.5]
        for n, intervention in enumerate(marked):  # labels stepped down so none overlap
            at = fractional_year(intervention.on)
            axes.axvline(at, color="#7f8c8d", linestyle="--", linewidth=1)
            axes.text(at, top * (1.3 - 0.09 * n), f" {intervention.name} "
                      f"({intervention.on[:10]})", fontsize=7, va="top", ha="left",
                      color="#555555", clip_on=True)
    else:
        axes.text(0.5, 0.5, "no data", transform=axes.transAxes, ha="center")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("count per year")
    axes.set_title(title, fontsize=10)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=7,
                frameon=False)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")
    return path
