"""The crime picture: the joint Belgian–Dutch report the study recommends, as a static folder.

``write_report`` reads the store once per analysis (verdicts per Table 1 row, cross-border
brokers, Dutch-link scores, displacement paths) and writes ``index.html`` with one PNG
chart per row beside it: no JavaScript, no CDN, readable offline and on an air-gapped
machine. The page is ``templates/report.html``, rendered by jinja2 with autoescape on, so
every string that comes from the graph is escaped without each line having to remember it;
chart file names come from Table 1's fixed rows, never from case files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from graph.model.ontology import Ontology
from graph.store import GraphStore
from graph.study.activity import ActivityReader, Intervention, Series
from graph.study.displacement import Verdict, verdicts
from graph.study.displacement_paths import (
    KIND_WORDS,
    RULE,
    DisplacementPath,
    find_moves,
    organisation_operations,
)
from graph.study.dutch_evidence import EvidencePath, strongest_per_target
from graph.study.dutch_link import (
    EVIDENCE_SCORE,
    DutchLinkScore,
    dutch_link_network,
    dutch_link_scores,
)
from graph.study.dutch_subjects import Census
from graph.study.report_charts import chart_name, draw_series

TOP_BROKERS = 10
TOP_CASES = 20
PATHS_PER_CASE = 4


@dataclass
class CrimePicture:
    """Everything the report shows, gathered from one store."""

    store: str
    generated: str
    case_files: dict[str, int]  # per country
    entities: int
    use_effort: bool
    interventions: list[Intervention]
    verdicts: list[Verdict]
    brokers: list[dict]
    dutch_link: list[DutchLinkScore]
    moves: list[DisplacementPath]
    #: node id → display name, for paths and steps
    names: dict[str, str] = field(default_factory=dict)
    #: what the Dutch-link scores are (an evidence score unless a model was fitted on
    #: labels) and how many subjects there were
    dutch_link_measure: str = EVIDENCE_SCORE
    dutch_link_census: Census = field(default_factory=Census)

    @property
    def empty(self) -> bool:
        return not sum(self.case_files.values()) and not self.entities


def gather_picture(store: GraphStore, ontology: Ontology, *,
                   labels: Mapping[str, bool] | None = None, use_effort: bool = True,
                   top_brokers: int = TOP_BROKERS, top_cases: int = TOP_CASES) -> CrimePicture:
    """Run the analyses the report shows (read-only) and keep what it needs."""
    from graph.analysis.analytics import MetricsRequest, run_metrics
    from graph.analysis.to_networkx import Selection, export_network

    reader = ActivityReader(store, ontology)
    case_files: dict[str, int] = {}
    for row in reader.case_files():
        case_files[row["country"]] = case_files.get(row["country"], 0) + row["case_files"]
    network = dutch_link_network(store, ontology)
    actors = export_network(store, ontology, Selection())
    brokers = run_metrics(actors, MetricsRequest(measures=("brokerage",), top=top_brokers))
    moves = find_moves(organisation_operations(store, reader.library))
    ranking = dutch_link_scores(network, labels)
    names = _names(network) | {s.subject: s.name for s in ranking.scores[:top_cases]
                               if s.name != s.subject}
    return CrimePicture(
        store=_without_credentials(store.url),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        case_files=case_files,
        entities=sum(1 for _, a in network.nodes(data=True) if a.get("type") != "CaseFile"),
        use_effort=use_effort,
        interventions=reader.interventions(),
        verdicts=verdicts(store, use_effort=use_effort),
        brokers=brokers.tables.get("brokerage", []),
        dutch_link=ranking.scores[:top_cases],
        moves=moves,
        names=names,
        dutch_link_measure=ranking.measure,
        dutch_link_census=ranking.census)


def write_report(store: GraphStore, ontology: Ontology, out_dir: Path, *,
                 labels: Mapping[str, bool] | None = None,
                 use_effort: bool = True) -> Path:
    """Write the crime picture into ``out_dir`` (created if needed); the index.html path."""
    picture = gather_picture(store, ontology, labels=labels, use_effort=use_effort)
    out_dir.mkdir(parents=True, exist_ok=True)
    charts: dict[tuple[str, str], str] = {}
    if not picture.empty:
        for v in picture.verdicts:
            name = chart_name(v.market, v.echelon)
            if v.series is not None:
                draw_series(v.series, picture.interventions, out_dir / name,
                            title=f"{v.market} {_echelon(v.echelon)}: {v.series.counts_what}")
                charts[(v.market, v.echelon)] = name
    index = out_dir / "index.html"
    index.write_text(render_html(picture, charts), encoding="utf-8")
    return index


def _without_credentials(url: str) -> str:
    """``bolt://user:secret@host`` → ``bolt://host``: a report is shared, a password is not."""
    return re.sub(r"//[^/@]*@", "//", url)


def _names(network: nx.MultiDiGraph) -> dict[str, str]:
    return {n: str(a["name"]) for n, a in network.nodes(data=True)
            if a.get("name") not in (None, "", n)}


def _echelon(echelon: str) -> str:
    return echelon.replace("_", " ")


# ---- HTML -------------------------------------------------------------------------------

def _as_text(value: object) -> object:
    """What ``{{ }}`` writes before autoescape sees it: None as an empty cell, and text
    escaped with ``html.escape`` (``&quot;``, as the report always wrote) instead of
    markupsafe's ``&#34;``. Markup (a macro's output) passes through untouched."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


#: The report's page: autoescaped, so text from case files never becomes markup.
TEMPLATES = Environment(loader=PackageLoader("graph.study", "templates"), autoescape=True,
                         finalize=_as_text, undefined=StrictUndefined, trim_blocks=True,
                         lstrip_blocks=True, auto_reload=False)
TEMPLATES.filters.update(echelon=_echelon, thousands="{:,}".format)


def _p_value(v: Verdict) -> str:
    if v.test.p_value is None:
        return v.test.status
    return f"{v.test.p_value:.3g} ({v.test.p_adjusted:.3g})"


def _effort_used(picture: CrimePicture) -> str:
    """Which effort figures the verdicts read: per row, the countries' lines, else none."""
    if not picture.use_effort:
        return "left out on request"
    lines = sorted({line for v in picture.verdicts for line in v.effort + v.effort_notes})
    return "; ".join(lines) if lines else "none stated in the case files"


def _yearly_counts(series: Series) -> str:
    """``BE: 2014 1, 2015 2; NL: …``; events without a country count as ``unknown``
    (``graph.study.activity.UNKNOWN``)."""
    return "; ".join(f"{key}: " + ", ".join(f"{y} {n}" for y, n in sorted(years.items()) if n)
                     for key, years in sorted(series.by_country.items())) or "no events"


def _reasons(score: DutchLinkScore) -> list[EvidencePath]:
    return strongest_per_target(score.paths)[:PATHS_PER_CASE]


def _contributions(score: DutchLinkScore) -> str:
    """The model's three largest feature contributions, strongest first."""
    top = sorted(score.contributions.items(), key=lambda kv: -abs(kv[1]))[:3]
    return ", ".join(f"{k} {v:+.2f}" for k, v in top)


def _path_cases(path: EvidencePath) -> list[str]:
    return sorted({c for link in path.links for c in link.sources})


def render_html(picture: CrimePicture, charts: Mapping[tuple[str, str], str]) -> str:
    """The whole page (``templates/report.html``, autoescaped); ``charts`` maps (market,
    echelon) to its PNG's file name."""
    return TEMPLATES.get_template("report.html").render(
        picture=picture, charts=charts, names=picture.names, move_kinds=KIND_WORDS, rule=RULE,
        total=sum(picture.case_files.values()),
        countries=", ".join(f"{c} {n}" for c, n in sorted(picture.case_files.items())),
        p_value=_p_value, effort_used=_effort_used, yearly_counts=_yearly_counts,
        reasons=_reasons,
        contributions=_contributions, path_cases=_path_cases)
