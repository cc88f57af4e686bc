"""Features and the calibrated model behind the Dutch-link probability.

**Features** of a subject (``subject_features``), read from its own sites: the subject
itself, the sites an organisation OPERATES, the entities a case file mentions.

===================  ========  ==========================================================
feature              evidence  meaning
===================  ========  ==========================================================
type                 no        node type (one-hot)
log_plant_count      no        ln(largest plant count), 0 if none (study: the chance of
                               a Dutch link rises with the plantation's size)
has_plant_count      no        1 if a plant count is known
km_to_border         no        shortest distance of a site's municipality to NL, 0 if
                               unknown (``km_to_border_missing`` = 1 then)
province             no        province of the first site's municipality (one-hot)
market               no        markets served (multi-hot: cannabis, synthetic, cocaine)
tie_<tie>            yes       where each of the sites' own ties leads: NL, other (a
                               recorded non-Dutch tie) or none recorded; ties: operator
                               (OPERATES in), equipment, outlet (SELLS_TO), client
                               (PRODUCES_FOR), dump (DUMPS_AT)
evidence_score       yes       the evidence score of ``graph.study.dutch_evidence``
evidence_targets     yes       ln(1 + distinct Dutch targets reached, hubs aside)
strongest_path       yes       weight of the strongest path that passes no hub
evidence_direct      yes       weight of the strongest one-hop path that passes no hub
evidence_<kind>      yes       strongest one-hop path of that kind (person,
                               person_national, growshop, outlet, organisation, location,
                               case_file, other; hub: any path through a hub)
evidence_<kind>      yes       strongest path of that kind of two hops or more
_indirect
===================  ========  ==========================================================

"Evidence" features are computed from the very paths shown as the reason; when labels were
set by looking at those paths (the generator's truth is), they make the model look better
than it would on a new case: ``feature_set="context"`` fits on the others only.

**Model**: one-hot encoding, standardisation, L2 logistic regression (C = 1), calibrated by
scikit-learn's ``CalibratedClassifierCV(method="sigmoid", ensemble=False)``: Platt scaling
(with Platt's smoothed targets, so three labels per class do not give a map of certainty)
of the *out-of-fold* decision values, one map rather than an ensemble so that contributions
stay additive: the calibrated logit is ``a·(intercept + Σ coefᵢ·zᵢ) + b``, each feature
contributing ``a·coefᵢ·zᵢ`` (zᵢ its standardised value: contributions are relative to the
average labelled subject) and the rest, ``a·intercept + b``, reported as the intercept.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from graph.model.ontology import load_ontology
from graph.study.dutch_evidence import HUB, EvidencePath, evidence_score
from graph.study.dutch_subjects import Countries

#: Kinds of evidence with a feature of their own; the rest share ``evidence_other``.
KIND_FEATURES = ("person", "person_national", "growshop", "outlet", "organisation", "location",
                 "case_file", HUB)
#: A site's own ties whose far end (NL, other, none) is a feature: (relationship, outgoing).
TIES = {"operator": ("OPERATES", False), "equipment": ("BOUGHT_EQUIPMENT_AT", True),
        "outlet": ("SELLS_TO", True), "client": ("PRODUCES_FOR", True),
        "dump": ("DUMPS_AT", True)}
#: Features computed from the evidence paths and ties (see the module docstring).
EVIDENCE_FEATURES = ("evidence_score", "evidence_targets", "strongest_path", "evidence_direct",
                     *(f"evidence_{k}{reach}" for k in (*KIND_FEATURES, "other")
                       for reach in ("", "_indirect")),
                     *(f"tie_{t}" for t in TIES))
FEATURE_SETS = ("all", "context")
#: Fewest labelled subjects of each class the model is fitted with; below: evidence only.
MIN_PER_CLASS = 3
_SITES_OF = {"CaseFile": ("MENTIONED_IN", False), "Organisation": ("OPERATES", True)}

Features = dict[str, float | str]


def own_sites(multigraph: nx.MultiDiGraph, subject: str) -> list[str]:
    """The subject and what it stands for: an organisation's sites, a case file's contents."""
    rel = _SITES_OF.get(multigraph.nodes[subject].get("type"))
    if rel is None:
        return [subject]
    edges = multigraph.out_edges(subject, data="type") if rel[1] else \
        multigraph.in_edges(subject, data="type")
    return [subject, *sorted({b if rel[1] else a for a, b, t in edges if t == rel[0]})]


class LinkIndex:
    """The far ends of the links the features read (LOCATED_IN, PART_OF and the ``TIES``),
    per node and direction, found in one pass over the edges: a place named by hundreds of
    case files would otherwise have all its mentions walked again for every subject in it.
    Holds the graph's ``Countries`` too."""

    TYPES = ("LOCATED_IN", "PART_OF", *(rel for rel, _ in TIES.values()))

    def __init__(self, multigraph: nx.MultiDiGraph, countries: Countries | None = None):
        self.countries = countries or Countries(multigraph)
        self.targets: dict[tuple[str, bool], dict[str, list[str]]] = {
            (t, out): defaultdict(list) for t in self.TYPES for out in (True, False)}
        for a, b, kind in multigraph.edges(data="type"):
            if kind in self.TYPES:
                self.targets[(kind, True)][a].append(b)
                self.targets[(kind, False)][b].append(a)

    def of(self, node: str, kind: str, outgoing: bool = True) -> list[str]:
        return self.targets[(kind, outgoing)].get(node, [])


def municipalities(multigraph: nx.MultiDiGraph, sites: list[str], links: LinkIndex
                    ) -> list[str]:
    found = []
    for site in sites:
        if multigraph.nodes[site].get("type") == "Location":
            found.append(site)
        found += links.of(site, "LOCATED_IN")
    return [p for p in dict.fromkeys(found) if links.countries.of_place(p) == "BE"]


def province_of(multigraph: nx.MultiDiGraph, place: str, links: LinkIndex) -> str | None:
    """The province a location lies in, climbing PART_OF (at most four levels)."""
    for _ in range(4):
        attrs = multigraph.nodes[place]
        if attrs.get("level") == "province":
            return str(attrs.get("name"))
        up = links.of(place, "PART_OF")
        if not up:
            return None
        place = up[0]
    return None


def subject_features(multigraph: nx.MultiDiGraph, subject: str,
                     paths: list[EvidencePath], links: LinkIndex | None = None) -> Features:
    """The documented features of one subject (strings are one-hot categories); pass one
    ``LinkIndex`` when scoring many subjects."""
    links = links or LinkIndex(multigraph)
    nodes = multigraph.nodes
    sites = own_sites(multigraph, subject)
    features: Features = {"type": str(nodes[subject].get("type"))}
    plants = [nodes[s]["plant_count"] for s in sites
              if isinstance(nodes[s].get("plant_count"), int | float)]
    features["log_plant_count"] = math.log(max(plants)) if plants and max(plants) > 0 else 0.0
    features["has_plant_count"] = 1.0 if plants else 0.0
    places = municipalities(multigraph, sites, links)
    distances = [float(nodes[p]["km_to_border"]) for p in places
                 if isinstance(nodes[p].get("km_to_border"), int | float)
                 and nodes[p].get("level") == "municipality"]
    features["km_to_border"] = min(distances) if distances else 0.0
    features["km_to_border_missing"] = 0.0 if distances else 1.0
    provinces = [p for p in (province_of(multigraph, place, links) for place in places) if p]
    features["province"] = provinces[0] if provinces else "unknown"
    for site in sites:
        for market in load_ontology().markets_of(str(nodes[site].get("type")), nodes[site]):
            features[f"market_{market}"] = 1.0
    for tie, (rel, outgoing) in TIES.items():
        ends = {links.countries.of(b)[0] for s in sites for b in links.of(s, rel, outgoing)}
        features[f"tie_{tie}"] = "NL" if "NL" in ends else ("other" if ends else "none")
    _evidence_features(features, paths)
    return features


def _evidence_features(features: Features, paths: list[EvidencePath]) -> None:
    direct = [p for p in paths if not p.hubs]
    features["evidence_score"] = evidence_score(paths)
    features["evidence_targets"] = math.log1p(len({p.target for p in direct}))
    features["strongest_path"] = max((p.weight for p in direct), default=0.0)
    features["evidence_direct"] = max((p.weight for p in direct if p.hops <= 1), default=0.0)
    for kind in (*KIND_FEATURES, "other"):
        for reach in ("", "_indirect"):
            features[f"evidence_{kind}{reach}"] = 0.0
    for path in paths:
        kind = path.kind if path.kind in KIND_FEATURES else "other"
        name = f"evidence_{kind}" + ("" if path.hops <= 1 or kind == HUB else "_indirect")
        features[name] = max(float(features[name]), path.weight)


def _select(features: Features, feature_set: str) -> Features:
    if feature_set == "all":
        return features
    return {k: v for k, v in features.items() if k not in EVIDENCE_FEATURES}


@dataclass
class DutchLinkModel:
    """A fitted model: the explainable pipeline and its Platt map ``sigmoid(a·z + b)``."""

    pipeline: Pipeline
    platt_a: float
    platt_b: float
    feature_set: str
    labelled: int

    def explain(self, features: Features) -> tuple[float, float, dict[str, float]]:
        """(probability, intercept, contributions): intercept + Σ contributions = logit."""
        vectoriser, scaler, regression = (self.pipeline[i] for i in range(3))
        x = vectoriser.transform([_select(features, self.feature_set)])
        z = scaler.transform(x)[0]
        coef = regression.coef_[0]
        contributions = {name: float(self.platt_a * c * v) for name, c, v in
                         zip(vectoriser.get_feature_names_out(), coef, z, strict=True)}
        intercept = float(self.platt_a * regression.intercept_[0] + self.platt_b)
        logit = intercept + sum(contributions.values())
        return 1.0 / (1.0 + math.exp(-logit)), intercept, contributions


def can_fit(labels: Mapping[str, bool]) -> bool:
    """True with at least ``MIN_PER_CLASS`` labelled subjects of each class."""
    positives = sum(1 for v in labels.values() if v)
    return min(positives, len(labels) - positives) >= MIN_PER_CLASS


def fit_model(features: Mapping[str, Features], labels: Mapping[str, bool], *,
              feature_set: str = "all", seed: int = 0) -> DutchLinkModel:
    """Fit on the labelled subjects (ids in both mappings); ``can_fit`` must hold."""
    if feature_set not in FEATURE_SETS:
        raise ValueError(f"feature_set must be one of {', '.join(FEATURE_SETS)}")
    ids = sorted(set(features) & set(labels))
    rows = [_select(features[i], feature_set) for i in ids]
    y = np.array([bool(labels[i]) for i in ids], dtype=int)
    if not can_fit({i: labels[i] for i in ids}):
        raise ValueError(f"need at least {MIN_PER_CLASS} labelled subjects of each class")
    pipeline = make_pipeline(DictVectorizer(sparse=False), StandardScaler(),
                             LogisticRegression(C=1.0, max_iter=2000))
    folds = StratifiedKFold(n_splits=min(5, int(min(y.sum(), len(y) - y.sum()))),
                            shuffle=True, random_state=seed)
    calibrated = CalibratedClassifierCV(pipeline, method="sigmoid", cv=folds,
                                        ensemble=False).fit(rows, y)
    fitted = calibrated.calibrated_classifiers_[0]
    sigmoid = fitted.calibrators[0]  # p = 1 / (1 + exp(a_·f + b_)) of the decision value f
    a, b = -float(sigmoid.a_), -float(sigmoid.b_)
    if a <= 0:  # held-out scores carry no signal: keep the uncalibrated logit
        a, b = 1.0, 0.0
    return DutchLinkModel(fitted.estimator, a, b, feature_set, len(ids))
