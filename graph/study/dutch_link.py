"""Dutch-link likelihood of every Belgian case file, site and organisation, with its reasons.

For each subject: the evidence paths to Dutch targets (``graph.study.dutch_evidence``), the
documented features (``graph.study.dutch_model``) and a probability. With labelled subjects of both
classes (analysts' marks: a mapping entity id → bool, e.g. from ``load_labels``) the
probability comes from a calibrated logistic regression (``method="model"``) with per-feature
contributions; without them it is the evidence score itself (``method="evidence-only"``),
and the result says so.

The pure function ``dutch_link_scores`` takes the network export; ``dutch_link_network``
reads it from a store (the CLI exports, then calls the pure function).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.analysis.to_networkx import Selection, export_network
from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.model.values import coerce
from graph.store import GraphStore
from graph.study.dutch_evidence import (
    DEFAULT_HOPS,
    DEFAULT_MIN_WEIGHT,
    EVIDENCE_RELATIONSHIPS,
    EvidencePath,
    evidence_paths,
    evidence_score,
    strongest_per_target,
)
from graph.study.dutch_model import Features, can_fit, features_of, fit_model

EVIDENCE_ONLY = "evidence-only"
MODEL = "model"
#: The node types and relationships the analysis needs from the export: actors, sites,
#: places (features and NL locations), case files (subjects and provenance anchors).
NETWORK_RELATIONSHIPS = (*EVIDENCE_RELATIONSHIPS, "PART_OF")
@dataclass
class DutchLinkScore:
    """One subject's Dutch-link likelihood and why."""

    subject: str
    type: str
    name: str
    probability: float
    evidence: float
    method: str
    paths: list[EvidencePath]
    features: Features
    contributions: dict[str, float] = field(default_factory=dict)
    intercept: float | None = None
    label: bool | None = None
    note: str = ""

    def as_dict(self, *, max_paths: int | None = None) -> dict:
        shown = strongest_per_target(self.paths)[:max_paths]
        return {"subject": self.subject, "type": self.type, "name": self.name,
                "probability": round(self.probability, 4), "evidence": round(self.evidence, 4),
                "method": self.method, "label": self.label, "note": self.note,
                "paths": [p.as_dict() for p in shown],
                "intercept": None if self.intercept is None else round(self.intercept, 4),
                "contributions": {k: round(v, 4) for k, v in sorted(
                    self.contributions.items(), key=lambda kv: -abs(kv[1]))},
                "features": self.features}


def dutch_link_scores(multigraph: nx.MultiDiGraph, labels: Mapping[str, bool] | None = None,
                      *, hops: int = DEFAULT_HOPS, min_weight: float = DEFAULT_MIN_WEIGHT,
                      feature_set: str = "all", seed: int = 0) -> list[DutchLinkScore]:
    """Score every Belgian subject of ``multigraph``, highest probability first.

    ``labels`` (subject id → has a Dutch link) fit the model; labels naming no subject are
    ignored. Fewer than ``graph.study.dutch_model.MIN_PER_CLASS`` of either class: evidence only.
    """
    paths = evidence_paths(multigraph, hops=hops, min_weight=min_weight)
    features = features_of(multigraph, paths)
    known = {s: bool(v) for s, v in (labels or {}).items() if s in features}
    model = fit_model(features, known, feature_set=feature_set, seed=seed) \
        if can_fit(known) else None
    note = "" if model else (f"{len(known)} labelled subject(s), not enough of both classes: "
                             "the probability is the evidence score")
    scores = []
    for subject, found in paths.items():
        attrs = multigraph.nodes[subject]
        score = DutchLinkScore(subject, str(attrs.get("type")), str(attrs.get("name", subject)),
                               evidence_score(found), evidence_score(found), EVIDENCE_ONLY,
                               found, features[subject], label=known.get(subject), note=note)
        if model:
            score.method = MODEL
            score.probability, score.intercept, score.contributions = \
                model.explain(features[subject])
            score.note = f"fitted on {model.labelled} labelled subjects ({feature_set} features)"
        scores.append(score)
    scores.sort(key=lambda s: (-s.probability, s.subject))
    return scores


def dutch_link_network(store: GraphStore, ontology: Ontology, *,
                       timeout: float | None = None) -> nx.MultiDiGraph:
    """The export the analysis works on: every node type but interventions, the evidence
    relationships and PART_OF, with the extra properties the features need."""
    selection = Selection(node_types=tuple(n for n in ontology.nodes if n != "Intervention"),
                          relationship_types=tuple(r for r in NETWORK_RELATIONSHIPS
                                                   if r in ontology.relationships))
    return export_network(store, ontology, selection, timeout=timeout)


def load_labels(path: Path) -> dict[str, bool]:
    """Analysts' marks from a CSV file (``read_labels``)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_labels(handle, str(path))
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(str(path), None, "", f"not UTF-8 text ({exc.reason})",
                                    "save the file as UTF-8 CSV")]) from None


def read_labels(lines: Iterable[str], source: str) -> dict[str, bool]:
    """Analysts' marks from CSV text with columns ``entity_id,dutch_link`` (true/false,
    yes/no, 1/0, as in case files), read from a file or an upload named ``source``; every
    bad row is reported at once."""
    labels: dict[str, bool] = {}
    problems = []
    reader = csv.DictReader(lines)
    missing = {"entity_id", "dutch_link"} - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput([Problem(source, 1, ", ".join(sorted(missing)),
                                    "missing column", "header: entity_id,dutch_link")])
    for row in reader:
        line = reader.line_num
        entity = (row["entity_id"] or "").strip()
        if not entity:
            problems.append(Problem(source, line, "entity_id", "is empty"))
            continue
        try:
            labels[entity] = coerce("boolean", (), row["dutch_link"] or "", from_text=True)
        except ValueError as exc:
            problems.append(Problem(source, line, "dutch_link", str(exc)))
    if problems:
        raise InvalidInput(problems)
    return labels
