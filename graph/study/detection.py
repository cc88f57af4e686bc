"""When a rise in the counts may be the police's, not the market's: the detection caveats.

Counts are what the police found. Where the case files state the enforcement effort, the
verdicts read counts per unit of effort (``graph.study.effort``) and no caveat is needed for
that country. Where they do not, a verdict that rests on a rising side is said to be
possibly detection-driven (and is never strong) when, on that side's finding country:

- an **intervention** that applies to the row may have raised enforcement (its kind is
  ``enforcement``, or not stated) and falls within the years compared; or
- the **sites found got smaller** (cannabis production): more searching finds smaller sites,
  so a rise in counts with a fall in the median plant count is what more effort looks like.

A **detection-robust contrast** lifts the caveat: two sides found by the same country's police
(retail's Belgian-run and Dutch-run suppliers, both found in Belgium; cocaine loads for
Belgium and for the Netherlands met in the same ports) are both moved by that police's
effort alike, so if one side changed significantly more than the other
(``graph.study.count_model.within_exposure_contrast``), the change is the market's.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import median
from typing import TYPE_CHECKING

from graph.study.activity import Series, series_keys
from graph.study.count_model import ALPHA, Cell, within_exposure_contrast

if TYPE_CHECKING:
    from graph.study.displacement import Change, Judged

#: a fall of the median size counts as a detection signal at this one-sided level
SIZE_ALPHA = 0.05


def detection_caveats(series: Series, outcome: str, changes: Mapping[str, Change],
                      judged: Judged, decisive: list[str]) -> list[str]:
    """Why ``outcome`` may be a detection effect: a shift or an expansion, on the sides that
    rose; any other verdict, on the ``decisive`` sides (their counts before and after are not
    comparable). Empty if it cannot be, or a detection-robust contrast shows the change is
    the market's."""
    alarm = outcome in ("shift", "expansion")
    rising = [side for side, c in changes.items() if c.direction == "up"]
    read = rising if alarm else decisive
    found_in = {country for (side, country) in series.by_exposure
                if side in read and country}
    unmeasured = found_in - set(judged.effort)
    if not unmeasured or _robust_change(series, judged):
        return []
    caveats = []
    for i in judged.interventions:
        if (i.country in unmeasured and i.applies_to(series.market, series.echelon)
                and i.kind in (None, "enforcement")
                and series.span[0] < i.year <= series.span[1]):
            kind = "an enforcement intervention" if i.kind else \
                "an intervention of unstated kind"
            figures = (f"with the enforcement-effort figures for {i.country} left out"
                       if i.country in judged.ignored else
                       f"without enforcement-effort figures for {i.country}")
            caveats.append(f"coincides with {kind} in {i.country} ({i.name}, {i.on[:10]}); "
                           f"{figures}, not distinguishable from a detection effect")
    size = _smaller_sites(judged, rising) if alarm else None
    if size:
        caveats.append(size)
    return caveats


def _robust_change(series: Series, judged: Judged) -> bool:
    """True when the first side changed significantly differently from the second among
    events found by the same police (a change effort cannot explain)."""
    keys = series_keys(series.reading)
    cells = [Cell(side, country, counts) for (side, country), counts
             in series.by_exposure.items() if side in keys]
    contrast = within_exposure_contrast(cells, keys, judged.fit.years, judged.pivot)
    return contrast is not None and contrast.p_value < ALPHA


def _smaller_sites(judged: Judged, rising: list[str]) -> str | None:
    """The detection signal of cannabis production: Belgian plantations found after the
    pivot are significantly smaller than before (one-sided Mann–Whitney U)."""
    series = judged.series
    if (series.market, series.echelon) != ("cannabis", "production") or "BE" not in rising:
        return None
    before = [r["plants"] for r in judged.sizes if r["country"] == "BE"
              and r["year"] is not None and r["year"] < judged.pivot]
    after = [r["plants"] for r in judged.sizes if r["country"] == "BE"
             and r["year"] is not None and r["year"] >= judged.pivot]
    if min(len(before), len(after)) < 5:
        return None
    from scipy.stats import mannwhitneyu

    p = mannwhitneyu(before, after, alternative="greater").pvalue
    if p >= SIZE_ALPHA or median(after) >= median(before):
        return None
    return (f"the Belgian plantations found got smaller (median {median(before):.0f} → "
            f"{median(after):.0f} plants, p = {p:.2g}): more searching finds smaller sites, "
            "so the rise may be a detection effect")
