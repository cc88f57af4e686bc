"""Dutch-link scores of every Belgian case file, site and organisation, with their reasons.

For each subject: the evidence paths to Dutch targets (``graph.study.dutch_evidence``), the
documented features (``graph.study.dutch_model``) and a score, which is one of two things and
always says which (``DutchLinkScore.measure``):

* without analysts' labels, the **evidence score** (``method="evidence-only"``): a rule over
  the paths that ranks subjects by the evidence their case files show, not a probability. It
  cannot be one honestly: how often a link leaves no trace, and how common links are, decide
  the chance of a link behind no evidence or weak evidence, and neither can be read from the
  graph without labels (a linked case with no trace looks exactly like an unlinked one);
* with labelled subjects of both classes (analysts' marks: entity id → bool, e.g. from
  ``load_labels``), a **probability** from a calibrated logistic regression
  (``method="model"``) with per-feature contributions.

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
    DEFAULT_HUB_DEGREE,
    DEFAULT_MIN_WEIGHT,
    EVIDENCE_RELATIONSHIPS,
    EvidencePath,
    evidence_paths,
    evidence_score,
    kind_pieces,
    strongest_per_target,
)
from graph.study.dutch_model import (
    Features,
    LinkIndex,
    can_fit,
    fit_model,
    municipalities,
    own_sites,
    subject_features,
)
from graph.study.dutch_subjects import Census, Countries, belgian_subjects

EVIDENCE_ONLY = "evidence-only"
MODEL = "model"
EVIDENCE_SCORE = "evidence score"
PROBABILITY = "probability"
#: The node types and relationships the analysis needs from the export: actors, sites,
#: places (features, countries, NL locations), case files (subjects and provenance anchors).
NETWORK_RELATIONSHIPS = (*EVIDENCE_RELATIONSHIPS, "PART_OF")


@dataclass
class DutchLinkScore:
    """One subject's Dutch-link score and why; ``probability`` only with a fitted model."""

    subject: str
    type: str
    name: str
    evidence: float
    method: str
    paths: list[EvidencePath]
    features: Features
    probability: float | None = None
    contributions: dict[str, float] = field(default_factory=dict)
    intercept: float | None = None
    label: bool | None = None
    note: str = ""
    #: what an analyst recognises a case by: its municipality, year and size
    place: str | None = None
    year: int | None = None
    plants: int | None = None

    @property
    def score(self) -> float:
        """The value the ranking sorts by: the probability if fitted, else the evidence."""
        return self.evidence if self.probability is None else self.probability

    @property
    def measure(self) -> str:
        return EVIDENCE_SCORE if self.probability is None else PROBABILITY

    def as_dict(self, *, max_paths: int | None = None) -> dict:
        shown = strongest_per_target(self.paths)[:max_paths]
        return {"subject": self.subject, "type": self.type, "name": self.name,
                "place": self.place, "year": self.year, "plants": self.plants,
                "measure": self.measure, "score": round(self.score, 4),
                "evidence_score": round(self.evidence, 4),
                "evidence_by_kind": {k: round(v, 4) for k, v in sorted(
                    kind_pieces(self.paths).items(), key=lambda kv: -kv[1])},
                "probability": None if self.probability is None else round(self.probability, 4),
                "method": self.method, "label": self.label, "note": self.note,
                "paths": [p.as_dict() for p in shown],
                "intercept": None if self.intercept is None else round(self.intercept, 4),
                "contributions": {k: round(v, 4) for k, v in sorted(
                    self.contributions.items(), key=lambda kv: -abs(kv[1]))},
                "features": self.features}


@dataclass
class DutchLinkRanking:
    """Every Belgian subject's score, highest first, and the census of who was scored."""

    scores: list[DutchLinkScore]
    census: Census
    method: str
    note: str

    @property
    def fitted(self) -> bool:
        """True when a model was fitted: the scores are probabilities."""
        return self.method == MODEL

    @property
    def measure(self) -> str:
        return PROBABILITY if self.fitted else EVIDENCE_SCORE

    def as_dict(self, shown: list[DutchLinkScore], *, max_paths: int | None = None) -> dict:
        return {"method": self.method, "measure": self.measure, "note": self.note,
                "subjects": {**self.census.as_dict(), "shown": len(shown)},
                "scores": [s.as_dict(max_paths=max_paths) for s in shown]}


def dutch_link_scores(multigraph: nx.MultiDiGraph, labels: Mapping[str, bool] | None = None,
                      *, hops: int = DEFAULT_HOPS, min_weight: float = DEFAULT_MIN_WEIGHT,
                      hub_degree: int = DEFAULT_HUB_DEGREE, feature_set: str = "all",
                      seed: int = 0) -> DutchLinkRanking:
    """Score every Belgian subject of ``multigraph``, highest first (ties: larger first).

    ``labels`` (subject id → has a Dutch link) fit the model; labels naming no subject are
    ignored. Fewer than ``graph.study.dutch_model.MIN_PER_CLASS`` of either class: the
    evidence score alone, and no probability.
    """
    countries = Countries(multigraph)
    subjects, census = belgian_subjects(multigraph, countries)
    paths = evidence_paths(multigraph, subjects, hops=hops, min_weight=min_weight,
                           hub_degree=hub_degree, countries=countries)
    links = LinkIndex(multigraph, countries)
    features = {s: subject_features(multigraph, s, p, links) for s, p in paths.items()}
    known = {s: bool(v) for s, v in (labels or {}).items() if s in features}
    model = fit_model(features, known, feature_set=feature_set, seed=seed) \
        if can_fit(known) else None
    note = (f"fitted on {model.labelled} labelled subjects ({feature_set} features)" if model
            else f"{len(known)} labelled subject(s), not enough of both classes: an evidence "
                 "score, not a probability")
    scores = []
    for subject, found in paths.items():
        place, year, plants = describe(multigraph, subject, links)
        score = DutchLinkScore(subject, str(multigraph.nodes[subject].get("type")),
                               display_name(multigraph.nodes[subject], subject, place),
                               evidence_score(found), MODEL if model else EVIDENCE_ONLY, found,
                               features[subject], label=known.get(subject), note=note,
                               place=place, year=year, plants=plants)
        if model:
            score.probability, score.intercept, score.contributions = \
                model.explain(features[subject])
        scores.append(score)
    scores.sort(key=lambda s: (-s.score, -(s.plants or 0), s.subject))
    return DutchLinkRanking(scores, census, MODEL if model else EVIDENCE_ONLY, note)


#: The node's own date, where its type has one, says which year a case is from.
DATES = ("dismantled_on", "found_on", "seized_on", "opened_on")
_SITE_TYPES = ("Plantation", "Lab", "DumpSite", "Premises", "Shipment", "CallCentre")


def display_name(attrs: Mapping, node_id: str, place: str | None) -> str:
    """A name an analyst reads: the node's own, a case file's title, else what it is and
    where (``Conversion lab in Maasmechelen``), never a bare id when there is better."""
    if attrs.get("name") not in (None, "", node_id):
        return str(attrs["name"])
    if attrs.get("title"):
        return str(attrs["title"])
    what = " ".join(str(w) for w in (attrs.get("kind") or attrs.get("drug"),
                                      str(attrs.get("type", "")).lower()) if w)
    return (what.capitalize() + (f" in {place}" if place else "")) or node_id


def describe(multigraph: nx.MultiDiGraph, subject: str, links: LinkIndex
             ) -> tuple[str | None, int | None, int | None]:
    """(place, year, plants): what an analyst recognises a case by. The place is the
    municipality of the subject's first site (sites before the other things a case file
    names; a shipment's port), the year its own date's (else its earliest dated
    relationship's), the plants its largest site's."""
    nodes = multigraph.nodes
    sites = sorted(own_sites(multigraph, subject),
                   key=lambda n: (n != subject, nodes[n].get("type") not in _SITE_TYPES, n))
    places = [nodes[p].get("name") or p for p in municipalities(multigraph, sites, links)]
    places += [nodes[port].get("name") or port for s in sites
               for port in links.countries.passed.get(s, ())]
    dates = [str(nodes[subject][d]) for d in DATES if nodes[subject].get(d)]
    dates = dates or [str(d["first_seen"]) for edges in (multigraph.in_edges, multigraph.out_edges)
                      for _, _, d in edges(subject, data=True) if d.get("first_seen")]
    plants = [int(nodes[s]["plant_count"]) for s in sites
              if isinstance(nodes[s].get("plant_count"), int | float)]
    return (str(places[0]) if places else None, int(min(dates)[:4]) if dates else None,
            max(plants) if plants else None)


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
