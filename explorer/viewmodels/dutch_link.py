"""What the explorer's Dutch-link page shows of one score: its evidence as a drawable network
and its reasons as signed contributions.

The scores are ``graph.study.dutch_link.dutch_link_scores`` (what ``dismark dutch-link`` prints);
this module only reshapes them. With a fitted model the score is a probability and the
contributions are the model's own (``DutchLinkScore.contributions``, additive on the
calibrated logit: positive raises it, negative lowers it). Without labels the score is the
evidence score, a noisy-OR ``1 − Π(1 − wₖ)`` over the kinds of evidence, so
``−ln(1 − e) = Σ −ln(1 − wₖ)``: each kind's share ``−ln(1 − wₖ)`` is its additive
contribution, and nothing lowers it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from explorer.viewmodels.network import Network
from graph.analysis.filters import MARKETS
from graph.model.ontology import Ontology
from graph.store import GraphNode, GraphRelationship
from graph.study.dutch_evidence import EvidencePath, kind_pieces, strongest_per_kind
from graph.study.dutch_link import EVIDENCE_SCORE, MODEL, DutchLinkScore

LABEL_SHOWN = {True: "Dutch link", False: "no Dutch link"}


@dataclass(frozen=True)
class Contribution:
    """One reason: what it is, its value for this subject and how much it moved the score."""

    reason: str
    value: str
    contribution: float

    @property
    def effect(self) -> str:
        return "raises" if self.contribution > 0 else "lowers"


def contributions(score: DutchLinkScore, *, limit: int | None = 15) -> list[Contribution]:
    """The reasons behind ``score``, largest effect first (zero effects left out)."""
    if score.method == MODEL:
        found = [Contribution(name, _feature_value(score.features, name), value)
                 for name, value in score.contributions.items() if value]
    else:
        best = strongest_per_kind(score.paths)
        found = [Contribution(f"{kind}: {best[kind].target}", f"path weight "
                              f"{best[kind].weight:.3f}", -math.log1p(-min(piece, 1 - 1e-12)))
                 for kind, piece in kind_pieces(score.paths).items()]
    found.sort(key=lambda c: (-abs(c.contribution), c.reason))
    return found[:limit]


def _feature_value(features: Mapping[str, Any], name: str) -> str:
    """A model feature's value for the subject; one-hot names read ``base=category``."""
    base, _, category = name.partition("=")
    if category:
        return "yes" if str(features.get(base)) == category else "no"
    value = features.get(name)
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class RankedCase:
    """One row of the ranking: what the table and its filters need, without the paths
    (a scale-10 world's scores with their paths pickle to ~50 MB; the rows to ~2 MB)."""

    subject: str
    type: str
    name: str
    #: the probability with a fitted model, else the evidence score (``measure`` says which)
    score: float
    measure: str
    evidence: float
    paths: int
    label: bool | None
    #: markets the subject, its sites or what its case file mentions serve
    markets: tuple[str, ...]
    place: str | None = None
    year: int | None = None
    plants: int | None = None

    def serves(self, markets: Iterable[str]) -> bool:
        """True when it serves one of ``markets``; no markets asked: always."""
        wanted = tuple(markets)
        return not wanted or bool(set(wanted) & set(self.markets))


def ranking(scores: Iterable[DutchLinkScore]) -> list[RankedCase]:
    """The scores as ranking rows, in their order (highest first)."""
    return [RankedCase(s.subject, s.type, s.name, s.score, s.measure, s.evidence, len(s.paths),
                       s.label, tuple(m for m in MARKETS if s.features.get(f"market_{m}") == 1.0),
                       s.place, s.year, s.plants)
            for s in scores]


def table_rows(rows: Iterable[RankedCase]) -> list[dict[str, Any]]:
    """The ranking table as an analyst reads it: names, place, year and size first (the id
    last, for links and downloads), the score under its own name."""
    out = []
    for rank, r in enumerate(rows, start=1):
        row: dict[str, Any] = {"rank": rank, "name": r.name, "type": r.type, "place": r.place,
                               "year": r.year, "plants": r.plants, r.measure: round(r.score, 3)}
        if r.measure != EVIDENCE_SCORE:
            row[EVIDENCE_SCORE] = round(r.evidence, 3)
        row.update({"paths": r.paths, "label": LABEL_SHOWN.get(r.label, ""),
                    "subject": r.subject})
        out.append(row)
    return out


def path_nodes(scores: Iterable[DutchLinkScore],
               multigraph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """The export's attributes (type, name, country) of every node on an evidence path: all
    a drawing needs, without keeping the whole export."""
    ids = {n for s in scores for p in s.paths for n in p.nodes()}
    return {n: {k: multigraph.nodes[n].get(k) for k in ("type", "name", "country")}
            for n in ids if n in multigraph}


def evidence_network(paths: Iterable[EvidencePath], nodes: Mapping[str, Mapping[str, Any]],
                     ontology: Ontology, focus: str | None = None) -> Network:
    """The paths as one network (element id = entity id), drawable by
    ``explorer.viewmodels.drawing``: every node on a path and every link followed, with its grading,
    case files and weight."""
    drawn: dict[str, GraphNode] = {}
    links: dict[tuple, GraphRelationship] = {}
    for path in paths:
        for node_id in path.nodes():
            drawn.setdefault(node_id, _node(node_id, nodes.get(node_id, {}), ontology))
        for link in path.links:
            key = (link.source, link.type, link.target, link.grading, link.sources)
            if key not in links:
                links[key] = GraphRelationship(
                    f"{link.source}-{link.type}-{link.target}-{len(links)}", link.type,
                    link.source, link.target,
                    {"grading": link.grading, "sources": list(link.sources),
                     "evidence_weight": round(link.weight, 4)})
    return Network(nodes=drawn, relationships=tuple(links.values()), focus=focus)


def _node(node_id: str, attrs: Mapping[str, Any], ontology: Ontology) -> GraphNode:
    label = str(attrs.get("type") or "?")
    node_type = ontology.nodes.get(label)
    properties: dict[str, Any] = {"id": node_id}
    if node_type is not None and attrs.get("name") not in (None, node_id):
        properties[node_type.caption[0]] = attrs["name"]
    if node_type is not None and node_type.country_property and attrs.get("country"):
        properties[node_type.country_property] = attrs["country"]
    return GraphNode(node_id, (label,), properties)
