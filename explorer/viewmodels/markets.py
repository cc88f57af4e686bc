"""What the explorer's Markets page shows of the verdicts: Table 1 as rows, a row's yearly
series as long-form points and the interventions to mark on them.

The verdicts themselves come from ``graph.study.displacement.verdicts`` (what ``dismark
displacement`` prints); the series' lines and labels are those of the offline report's charts
(``graph.study.report_charts``), so the page and the report read the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from graph.study.activity import STUDY_VERDICTS, Intervention, Series
from graph.study.displacement import Verdict, ratio_text
from graph.study.report_charts import SERIES_COLOURS, SERIES_LABELS, fractional_year, series_shown


def regression_reading(verdict: Verdict) -> str:
    """The row's test in a few words: its p-value and Holm-corrected p-value, else why it
    did not run."""
    test = verdict.test
    if test.p_value is None:
        return test.status
    return f"p = {test.p_value:.3g} (Holm {test.p_adjusted:.3g})"


def verdict_rows(verdicts: Iterable[Verdict]) -> list[dict[str, Any]]:
    """Table 1 as the graph reads it, one row per market × echelon, beside the study's own
    verdict (docs/study.md) so an analyst sees where the case files agree."""
    return [{"market": v.market, "echelon": v.echelon, "verdict": v.verdict,
             "confidence": v.confidence, "leaning": v.leaning,
             "may be detection": "; ".join(v.caveats),
             "study's verdict": STUDY_VERDICTS.get((v.market, v.echelon), ""),
             "pivot": v.pivot, "pivot from": v.pivot_name, "test": regression_reading(v),
             "effort used": "; ".join(v.effort + v.effort_notes), "reason": v.reason}
            for v in verdicts]


def change_rows(verdict: Verdict) -> list[dict[str, Any]]:
    """Each side before and after the pivot: counts, the change (×, 95% interval), how it
    came (a jump at the pivot, the yearly trend before and after) and its direction."""
    def ratio(value: float | None) -> str:
        return "" if value is None else f"×{ratio_text(value)}"

    return [{"series": series_label(c.series), "before": c.before, "after": c.after,
             "change": ratio(c.estimate),
             "95% interval": "" if c.ci_low is None or c.ci_high is None else
             f"{ratio(c.ci_low)}–{ratio(c.ci_high)}",
             "jump at the pivot": ratio(c.jump),
             "trend before / after": "" if c.trend_before is None else
             f"{math.expm1(c.trend_before):+.1%} / {math.expm1(c.trend_after):+.1%} a year",
             "direction": c.direction} for c in verdict.changes]


def series_label(key: str) -> str:
    """A series key (BE, NL, NL→BE, BE→BE) as the report's chart legend says it."""
    return SERIES_LABELS.get(key, key)


def series_colours(series: Series) -> tuple[list[str], list[str]]:
    """(labels, colours) of the row's lines, in the report's order and colours."""
    keys = series_shown(series)
    return [series_label(k) for k in keys], [SERIES_COLOURS.get(k, "#7f7f7f") for k in keys]


def series_points(series: Series) -> list[dict[str, Any]]:
    """Every year of the span for each line of the row (a year without events is a zero):
    ``{"year", "series", "count"}``, ready for a chart."""
    return [{"year": year, "series": series_label(key),
             "count": series.by_country.get(key, {}).get(year, 0)}
            for key in series_shown(series) for year in series.years()]


def marked_interventions(series: Series, interventions: Iterable[Intervention]
                         ) -> list[dict[str, Any]]:
    """The interventions that apply to the row and fall within its years (half a year of
    margin, as on the report's chart): ``{"at"`` (fractional year), ``"name", "on", "id"}``."""
    years = series.years()
    if not years:
        return []
    return [{"at": fractional_year(i.on), "name": i.name, "on": i.on[:10], "id": i.id}
            for i in interventions
            if i.applies_to(series.market, series.echelon)
            and years[0] - 0.5 <= fractional_year(i.on) <= years[-1] + 0.5]
