"""The crime picture: the joint Belgian–Dutch report the study recommends, as a static folder.

``write_report`` reads the store once per analysis (verdicts per Table 1 row, cross-border
brokers, Dutch-link likelihood, displacement paths) and writes ``index.html`` with one PNG
chart per row beside it: no JavaScript, no CDN, readable offline and on an air-gapped
machine. Every string that comes from the graph is HTML-escaped where it is written (the
``_cell`` helper); chart file names come from Table 1's fixed rows, never from case files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from graph.model.ontology import Ontology
from graph.store import GraphStore
from graph.study.activity import ActivityReader, Intervention
from graph.study.displacement import Verdict, verdicts
from graph.study.displacement_paths import DisplacementPath, find_moves, organisation_operations
from graph.study.dutch_evidence import EvidencePath, strongest_per_target
from graph.study.dutch_link import DutchLinkScore, dutch_link_network, dutch_link_scores
from graph.study.report_charts import chart_name, draw_series

TOP_BROKERS = 10
TOP_CASES = 20
PATHS_PER_CASE = 4
_MOVE_KINDS = {"sites_across_border": "sites across the border",
               "shipments_between_ports": "shipments between ports",
               "extraction_to_import": "from extraction to import"}


@dataclass
class CrimePicture:
    """Everything the report shows, gathered from one store."""

    store: str
    generated: str
    case_files: dict[str, int]  # per country
    entities: int
    correct_effort: bool
    interventions: list[Intervention]
    verdicts: list[Verdict]
    brokers: list[dict]
    dutch_link: list[DutchLinkScore]
    moves: list[DisplacementPath]
    #: node id → display name, for paths and steps
    names: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not sum(self.case_files.values()) and not self.entities


def gather_picture(store: GraphStore, ontology: Ontology, *,
                   labels: Mapping[str, bool] | None = None, correct_effort: bool = False,
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
    return CrimePicture(
        store=_without_credentials(store.url),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        case_files=case_files,
        entities=sum(1 for _, a in network.nodes(data=True) if a.get("type") != "CaseFile"),
        correct_effort=correct_effort,
        interventions=reader.interventions(),
        verdicts=verdicts(store, correct_effort=correct_effort),
        brokers=brokers.tables.get("brokerage", []),
        dutch_link=dutch_link_scores(network, labels)[:top_cases],
        moves=moves,
        names=_names(network))


def write_report(store: GraphStore, ontology: Ontology, out_dir: Path, *,
                 labels: Mapping[str, bool] | None = None,
                 correct_effort: bool = False) -> Path:
    """Write the crime picture into ``out_dir`` (created if needed); the index.html path."""
    picture = gather_picture(store, ontology, labels=labels, correct_effort=correct_effort)
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

class _Html(str):
    """A fragment this module built (its graph text already escaped): written as is."""


def _cell(value: object) -> str:
    if isinstance(value, _Html):
        return value
    return html.escape("" if value is None else str(value))


def _table(table_id: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> _Html:
    head = "".join(f"<th>{_cell(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>\n"
                   for row in rows)
    return _Html(f'<table id="{table_id}"><thead><tr>{head}</tr></thead>\n'
                 f"<tbody>\n{body}</tbody></table>\n")


def _who(node: str, names: Mapping[str, str]) -> _Html:
    """``name (id)`` for a node with a name, else its id; escaped."""
    name = names.get(node)
    return _Html(f"{_cell(name)} <code>{_cell(node)}</code>" if name
                 else f"<code>{_cell(node)}</code>")


def _p_value(v: Verdict) -> str:
    return v.test.status if v.test.p_value is None else f"{v.test.p_value:.3g}"


def _verdicts_section(picture: CrimePicture, charts: Mapping[tuple[str, str], str]) -> str:
    rows = [(v.market, _echelon(v.echelon), _Html(f"<strong>{_cell(v.verdict)}</strong>"),
             v.confidence, v.reason, _p_value(v), f"{v.pivot} ({v.pivot_from})")
            for v in picture.verdicts]
    parts = ["<h2>Shift or expansion per market and echelon</h2>",
             "<p>From the Belgian perspective, per row of the study's Table 1. Enforcement "
             f"effort correction: <strong>{'on' if picture.correct_effort else 'off'}</strong>."
             "</p>",
             _table("verdicts", ("market", "echelon", "verdict", "confidence", "reason",
                                 "test p-value", "compared around"), rows)]
    for v in picture.verdicts:
        chart = charts.get((v.market, v.echelon))
        if chart is None or v.series is None:
            continue
        counts = "; ".join(
            f"{key}: " + ", ".join(f"{y} {n}" for y, n in sorted(years.items()) if n)
            for key, years in sorted(v.series.by_country.items())) or "no events"
        parts.append(
            f'<figure><img src="{_cell(chart)}" alt="{_cell(v.market)} {_cell(_echelon(v.echelon))}'
            f' series per year" width="750"><figcaption>{_cell(v.market)} '
            f"{_cell(_echelon(v.echelon))}: {_cell(v.series.counts_what)} per year "
            f"(saved query <code>{_cell(v.series.query)}</code>). {_cell(counts)}"
            "</figcaption></figure>")
    return "\n".join(parts)


def _brokers_section(picture: CrimePicture) -> str:
    if not picture.brokers:
        return "<h2>Cross-border brokers</h2>\n<p>No actor ties Belgian and Dutch actors.</p>"
    rows = [(b["rank"], _who(b["id"], picture.names), b.get("type"),
             b.get("country"), b["cross_border"], b["representative"], b["gatekeeper"],
             b["liaison"], b.get("BE_to_NL"), b.get("NL_to_BE")) for b in picture.brokers]
    return ("<h2>Cross-border brokers</h2>\n<p>Actors through whom Belgian and Dutch actors "
            "reach each other (Gould–Fernandez roles on the directed actor network).</p>\n"
            + _table("brokers", ("rank", "actor", "type", "country", "cross-border",
                                 "representative", "gatekeeper", "liaison", "BE→NL",
                                 "NL→BE"), rows))


def _path_text(path: EvidencePath, names: Mapping[str, str]) -> _Html:
    parts = [_who(path.subject, names)]
    for link in path.links:
        grading = _cell(link.grading or "ungraded")
        arrow = f"—{_cell(link.type)} {grading}→" if link.forward \
            else f"←{_cell(link.type)} {grading}—"
        parts += [_Html(f"<span class=rel>{arrow}</span>"),
                  _who(link.target if link.forward else link.source, names)]
    cases = sorted({c for link in path.links for c in link.sources})
    return _Html(f"<li><span class=w>{path.weight:.3f}</span> {' '.join(parts)} "
                 f"<span class=cf>case files: {_cell(', '.join(cases) or 'none')}</span></li>")


def _dutch_link_section(picture: CrimePicture) -> str:
    head = "<h2>Highest Dutch-link cases</h2>"
    if not picture.dutch_link:
        return head + "\n<p>No Belgian case file, site or organisation to score.</p>"
    first = picture.dutch_link[0]
    method = f"<p>Method: <strong>{_cell(first.method)}</strong>" + (
        f" ({_cell(first.note)})" if first.note else "") + ". Reasons: the strongest path to " \
        "each Dutch target, weighted by relationship kind and 4x4 grading, with the case " \
        "files that assert it.</p>"
    rows = []
    for rank, score in enumerate(picture.dutch_link, start=1):
        reasons = "".join(_path_text(p, picture.names)
                          for p in strongest_per_target(score.paths)[:PATHS_PER_CASE])
        contributions = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(
            score.contributions.items(), key=lambda kv: -abs(kv[1]))[:3])
        rows.append((rank, _who(score.subject, picture.names), score.type,
                     f"{score.probability:.3f}", f"{score.evidence:.3f}",
                     _Html(f"<ol class=paths>{reasons}</ol>" + (
                         f"<p>model: {_cell(contributions)}</p>" if contributions else ""))))
    return "\n".join([head, method, _table("dutch-link", (
        "rank", "subject", "type", "likelihood", "evidence score", "reasons"), rows)])


def _moves_section(picture: CrimePicture) -> str:
    head = ("<h2>Displacement paths</h2>\n<p>Organisations whose operations moved: across the "
            "border, between ports, or from extracting containers to importing.</p>")
    if not picture.moves:
        return head + "\n<p>No organisation's operations moved.</p>"
    rows = []
    for move in picture.moves:
        steps = "".join(
            f"<li>{_cell(s.date)} {_cell(s.action)} {_who(s.entity, picture.names)}"
            + (f" in <strong>{_who(s.value, picture.names)}</strong>"
               if s.value != s.action else "")
            + (" via " + ", ".join(_who(m, picture.names) for m in s.via_members)
               if s.via_members else "")
            + f" <span class=cf>case files: {_cell(', '.join(s.case_files) or 'none')}</span>"
            "</li>" for s in move.steps)
        rows.append((_who(move.organisation, picture.names),
                     _MOVE_KINDS.get(move.kind, move.kind),
                     _Html(f"{_who(move.before, picture.names)} → "
                           f"{_who(move.after, picture.names)}"),
                     move.switch_date, f"{move.support_before}/{move.support_after}",
                     _Html(f"<ol class=steps>{steps}</ol>")))
    return head + "\n" + _table("displacement-paths", (
        "organisation", "kind", "from → to", "switch date", "support (before/after)",
        "dated steps"), rows)


HOW_TO_READ = """<h2>How to read this</h2>
<ul>
<li><strong>Detection bias.</strong> Every count is what the police found, not what exists:
more dismantled plantations can mean more plantations or more searching. With
<code>--correct-effort</code> counts are divided by an effort index (police reports per
country and year), which corrects a year of unusual searching but cannot separate searching
from crime where police reports are the activity itself.</li>
<li><strong>Shift versus expansion.</strong> A <em>shift</em> is Belgian activity rising
while the Dutch falls, or Dutch actors serving Belgian demand; an <em>expansion</em> is
Belgian activity rising while the Dutch persists or grows. Shift is the stronger claim and
needs the Dutch side to fall clearly.</li>
<li><strong>Weak and strong verdicts.</strong> <em>Strong</em>: the trends behind it are
significant (95%) and the count regression ran. <em>Weak</em>: too few events for a test
("insufficient data"), so the rule only read whether activity appeared or stopped around the
intervention. A weak verdict is a lead to check, not a finding.</li>
<li><strong>Dutch-link likelihood.</strong> Evidence-only scores combine the paths shown;
with analysts' labels a calibrated model gives the probability and its feature
contributions. Check the case files behind each path and their grading.</li>
<li><strong>Displacement paths.</strong> Support <code>1/1</code> means one operation before
the switch and one after: an observation worth checking, not a pattern. Larger supports
(e.g. <code>4/5</code>) are sturdier.</li>
</ul>"""

_STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222}table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f2f2f2}code{font-size:.85em;color:#555}figure{margin:1.5em 0}
figcaption{font-size:.85em;color:#444}.w{font-weight:bold}.cf{color:#666;font-size:.85em}
.rel{color:#8e44ad}ol.paths,ol.steps{margin:0;padding-left:1.2em}.empty{font-size:1.2em}"""


def render_html(picture: CrimePicture, charts: Mapping[tuple[str, str], str]) -> str:
    """The whole page; ``charts`` maps (market, echelon) to its PNG's file name."""
    countries = ", ".join(f"{c} {n}" for c, n in sorted(picture.case_files.items()))
    total = sum(picture.case_files.values())
    header = (f"<h1>Belgian–Dutch crime picture</h1>\n<p>Store <code>{_cell(picture.store)}"
              f"</code>, generated {_cell(picture.generated)}. Rests on {total:,} case files"
              f"{f' ({_cell(countries)})' if countries else ''} and {picture.entities:,} "
              f"entities; {len(picture.interventions)} interventions mark the series.</p>")
    if picture.empty:
        body = ('<p class="empty"><strong>There is no data in this store</strong>: no case '
                "files and no entities, so there is no crime picture to draw. Load case files "
                "first (<code>dismark load FOLDER</code>).</p>")
    else:
        body = "\n".join([_verdicts_section(picture, charts), _brokers_section(picture),
                          _dutch_link_section(picture), _moves_section(picture)])
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Belgian–Dutch crime picture</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{header}\n{body}\n{HOW_TO_READ}\n</body></html>\n")
