"""Evidence of a Dutch link: the concrete paths from a Belgian subject to Dutch targets, and
the evidence score built from them.

An analyst asked "why do you think this plantation has a Dutch link?" wants the chain of
facts (this plantation bought its lamps at that Dutch grow shop, graded A2, in case file X),
not a number. So the evidence is a list of paths, and the score is a rule over them that
can be checked by hand (docs/dutch-link.md). Subjects and targets: ``graph.study.dutch_subjects``.

**Paths** follow relationships either way, at most ``hops`` of them, and end at the first
Dutch target. Places, case files and interventions are never passed through (they would make
everyone in one town or one dossier neighbours). A case file counts what it *states*: its
paths start at the Belgian things it names (the first, ``MENTIONED_IN`` step is free and no
hop), so a Dutch person it names is evidence only through a tie it states, with that tie's
grading, never through the bare mention (whose grading is the whole file's).

**Path weight** = product over its links of ``kind weight × reliability(grading)``
(``KIND_WEIGHTS`` by relationship type and direction), × ``HOP_DECAY`` for every hop after the
first, × ``TARGET_FACTORS`` for weaker targets (a Dutch place, a Belgian resident of Dutch
nationality), × ``hub_degree / degree`` for every *hub* the path passes: a node with more than
``hub_degree`` distinct neighbours (the Port of Antwerp, a chemical every lab uses), or a
Dutch case file naming that many. Paths under ``min_weight`` are dropped.

**Evidence score** = 1 − Π(1 − wₖ) over the *kinds* of evidence (the target's kind: person,
grow shop, outlet, organisation …), wₖ the strongest path of kind k: many paths of one kind
(three hundred Dutch case files behind one port, two routes to one grow shop) count once, and
a better-graded tie of a kind always outweighs a worse-graded one. Every path through a hub
is one more kind, ``hub``, worth at most ``HUB_CAP`` × its weight: less than the weakest path
kept, so a subject whose only evidence runs through hubs ranks below every subject with a
direct path. An evidence score, not a probability: see ``graph.study.dutch_link``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.model import grading
from graph.model.ontology import load_ontology
from graph.study.dutch_subjects import Countries, belgian_subjects, target_kind

#: Never passed through (the ontology's non-actors): a place may end a path, a case file
#: start one.
NOT_PASSED_THROUGH = load_ontology().non_actors
#: How much a relationship says about a Dutch link, followed forward (in its direction) and
#: backward. Strong: a site's own supply and outlet, membership, who runs it, who it
#: produces for. Weak: places, shared phones and vehicles, ports and carriers, and the way
#: back from a shop or chemical to its other customers.
KIND_WEIGHTS: dict[str, tuple[float, float]] = {
    "BOUGHT_EQUIPMENT_AT": (0.9, 0.1),
    "SELLS_TO": (0.9, 0.6),
    "MEMBER_OF": (0.9, 0.9),
    "OPERATES": (0.9, 0.9),
    "PRODUCES_FOR": (0.9, 0.6),
    "DESTINED_FOR": (0.9, 0.3),
    "SUPPLIES": (0.8, 0.8),
    "EMPLOYS": (0.8, 0.8),
    "IMPORTS": (0.8, 0.8),
    "SENDS": (0.8, 0.8),
    "EXTRACTS": (0.7, 0.7),
    "DUMPS_AT": (0.7, 0.5),
    "MENTIONED_IN": (0.7, 1.0),
    "ASSISTANCE_REQUEST": (0.8, 0.8),
    "RENTS": (0.6, 0.6),
    "CONTACT": (0.5, 0.5),
    "DELIVERS_IN": (0.5, 0.2),
    "USES": (0.5, 0.3),
    "LOCATED_IN": (0.3, 0.1),
    "USES_CHEMICAL": (0.3, 0.05),
    "VIA": (0.3, 0.05),
    "CARRIED_BY": (0.3, 0.05),
}
#: Targets weaker than a Dutch actor, outlet or shop count at this share of the path.
TARGET_FACTORS = {"location": 0.5, "person_national": 0.5}
#: Every hop after the first multiplies a path's weight by this: a Dutch contact of a
#: co-member is a much weaker sign than a Dutch member. Chosen on seed 1 of the generator.
HOP_DECAY = 0.25
#: More distinct neighbours (ties and the case files naming it) than this make a node a hub.
#: Chosen on seed 1, the study's world at scale 1: persons have at most 31, case files 39,
#: most groups under 50; the Port of Antwerp 343, a chemical every lab uses 66.
DEFAULT_HUB_DEGREE = 50
#: All evidence through hubs counts at most this × its strongest path's weight (≤ 1): below
#: ``min_weight``, so below any path that passes no hub.
HUB_CAP = 0.01
HUB = "hub"
#: Relationships the evidence follows; PART_OF and APPLIES_TO are left out (geography and
#: policy, not ties), but PART_OF is exported for the features (province) and countries.
EVIDENCE_RELATIONSHIPS = tuple(KIND_WEIGHTS)
DEFAULT_HOPS = 3
DEFAULT_MIN_WEIGHT = 0.02


@dataclass(frozen=True)
class Link:
    """One step of a path: ``source -[type]-> target`` as stored, followed ``forward`` or not."""

    source: str
    type: str
    target: str
    forward: bool
    grading: str | None
    sources: tuple[str, ...]
    weight: float

    def as_dict(self) -> dict:
        return {"source": self.source, "type": self.type, "target": self.target,
                "grading": self.grading, "case_files": list(self.sources),
                "weight": round(self.weight, 4)}


@dataclass(frozen=True)
class EvidencePath:
    """A chain of links from a subject to one Dutch target, with its weight (the reason)."""

    subject: str
    target: str
    target_kind: str
    links: tuple[Link, ...]
    weight: float
    #: hops counted: links followed, a case file's free first step (naming what it is
    #: about) not counted when the next link is one the case file itself states
    hops: int
    #: hubs passed (their degree discounted the weight); any makes the path hub evidence
    hubs: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The kind of evidence the path is: its target's kind, or ``hub``."""
        return HUB if self.hubs else self.target_kind

    def nodes(self) -> list[str]:
        return [self.subject] + [lk.target if lk.forward else lk.source for lk in self.links]

    def text(self) -> str:
        """``a -[SELLS_TO B2]-> b <-[OPERATES A1]- c``: the path as an analyst reads it."""
        parts = [self.subject]
        for lk in self.links:
            arrow = f"-[{lk.type} {lk.grading or '?'}]->" if lk.forward else \
                f"<-[{lk.type} {lk.grading or '?'}]-"
            parts += [arrow, lk.target if lk.forward else lk.source]
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {"target": self.target, "target_kind": self.target_kind, "kind": self.kind,
                "hops": self.hops, "weight": round(self.weight, 4), "hubs": list(self.hubs),
                "path": self.text(), "links": [lk.as_dict() for lk in self.links]}


def link_weight(rel_type: str, forward: bool, graded: str | None) -> float:
    """Kind weight (by direction) × 4x4 reliability; 0 for relationships not followed."""
    kind = KIND_WEIGHTS.get(rel_type)
    if kind is None:
        return 0.0
    return kind[0 if forward else 1] * grading.reliability(graded)


def _steps(multigraph: nx.MultiDiGraph) -> dict[str, list[tuple[str, Link]]]:
    """Each node's ways out, both directions, weighted once (not per path), strongest first."""
    steps: dict[str, list[tuple[str, Link]]] = defaultdict(list)
    for a, b, data in multigraph.edges(data=True):
        if a == b or data.get("type") not in KIND_WEIGHTS:
            continue
        for forward, here, there in ((True, a, b), (False, b, a)):
            w = link_weight(data["type"], forward, data.get("grading"))
            if w > 0:
                steps[here].append((there, Link(a, data["type"], b, forward,
                                                data.get("grading"),
                                                tuple(data.get("sources") or ()), w)))
    for options in steps.values():
        options.sort(key=lambda step: -step[1].weight)
    return steps


class _Walker:
    """The graph read once (ways out, degrees, targets) for walking from many subjects."""

    def __init__(self, multigraph: nx.MultiDiGraph, countries: Countries, hops: int,
                 min_weight: float, hub_degree: int, subjects: Iterable[str]):
        if min_weight <= HUB_CAP:
            raise ValueError(f"min_weight must exceed HUB_CAP ({HUB_CAP})")
        self.graph, self.hops, self.min_weight = multigraph, hops, min_weight
        self.steps = _steps(multigraph)
        self.targets = {n: target_kind(multigraph, n, countries) for n in multigraph}
        self.hub_factor = {n: hub_degree / d for n, d in
                           ((n, len({t for t, _ in ways})) for n, ways in self.steps.items())
                           if d > hub_degree}
        #: per subject case file, the ways out of each node that the file itself states
        #: (read once: a file naming "België" must not walk all of its hundreds of ties)
        files = {s for s in subjects if multigraph.nodes[s].get("type") == "CaseFile"}
        self.stated: dict[str, dict[str, list[tuple[str, Link]]]] = defaultdict(
            lambda: defaultdict(list))
        for here, ways in self.steps.items():
            for there, link in ways:
                if link.type != "MENTIONED_IN":
                    for case in files.intersection(link.sources):
                        self.stated[case][here].append((there, link))

    def paths_from(self, subject: str) -> list[EvidencePath]:
        found: list[EvidencePath] = []
        if self.graph.nodes[subject].get("type") != "CaseFile":
            self._walk(subject, subject, (), 1.0, 0, (), {subject}, found)
            return found
        own = [(t, lk) for t, lk in self.steps.get(subject, ()) if lk.type != "MENTIONED_IN"]
        self._walk(subject, subject, (), 1.0, 0, (), {subject}, found, own)
        for named, mention in self.steps.get(subject, ()):
            if mention.type == "MENTIONED_IN" and not mention.forward:
                self._from_named(subject, named, mention, found)
        return found

    def _from_named(self, subject: str, named: str, mention: Link,
                    found: list[EvidencePath]) -> None:
        """A case file's paths through a thing it names. A link the file states counts as
        the first hop, with its own grading; a link only other files state about the thing,
        as the second (the mention being the first, the thing passed through: discounted if
        it is a hub). A Dutch thing or a place the file names counts only through the links
        the file states between it and a Dutch target: naming is not a tie."""
        free = Link(mention.source, mention.type, mention.target, False, mention.grading,
                    mention.sources, 1.0)
        contained = self.targets[named] is not None \
            or self.graph.nodes[named].get("type") in NOT_PASSED_THROUGH
        on_path = {subject, named}
        for there, link in self.stated[subject].get(named, ()):
            if there not in on_path and link.weight >= self.min_weight \
                    and (not contained or self.targets[there] is not None):
                self._arrive(subject, there, (free, link), link.weight, 1, (), on_path, found)
        if contained:
            return
        hub, factor = ((named,), self.hub_factor[named]) if named in self.hub_factor \
            else ((), 1.0)
        for there, link in self.steps.get(named, ()):
            if link.weight * HOP_DECAY < self.min_weight:
                break  # sorted by weight: the rest are weaker still
            w = link.weight * HOP_DECAY * factor
            if w >= self.min_weight and there not in on_path and subject not in link.sources:
                self._arrive(subject, there, (free, link), w, 2, hub, on_path, found)

    def _walk(self, subject, here, links, weight, depth, hubs, on_path, found, ways=None):
        for there, link in self.steps.get(here, ()) if ways is None else ways:
            w = weight * link.weight * (HOP_DECAY if depth else 1.0)
            if w < self.min_weight:
                break  # ways out are sorted by weight and every factor is ≤ 1
            if there not in on_path:
                self._arrive(subject, there, (*links, link), w, depth + 1, hubs, on_path, found)

    def _arrive(self, subject, there, links, w, depth, hubs, on_path, found) -> None:
        kind = self.targets[there]
        if kind is None:
            if depth < self.hops and self.graph.nodes[there].get("type") not in NOT_PASSED_THROUGH:
                self._enter(subject, there, links, w, depth, hubs, on_path, found)
            return
        factor = TARGET_FACTORS.get(kind, 1.0)
        if kind == "case_file" and there in self.hub_factor:
            factor, hubs = factor * self.hub_factor[there], (*hubs, there)
        if w * factor >= self.min_weight:
            found.append(EvidencePath(subject, there, kind, links, w * factor, depth, hubs))

    def _enter(self, subject, there, links, w, depth, hubs, on_path, found) -> None:
        """Pass through ``there`` (discounted if it is a hub) and walk on from it."""
        if there in self.hub_factor:
            w, hubs = w * self.hub_factor[there], (*hubs, there)
        if w >= self.min_weight:
            on_path.add(there)
            self._walk(subject, there, links, w, depth, hubs, on_path, found)
            on_path.discard(there)


def evidence_paths(multigraph: nx.MultiDiGraph, subjects: Iterable[str] | None = None, *,
                   hops: int = DEFAULT_HOPS, min_weight: float = DEFAULT_MIN_WEIGHT,
                   hub_degree: int = DEFAULT_HUB_DEGREE, countries: Countries | None = None
                   ) -> dict[str, list[EvidencePath]]:
    """Every path of at most ``hops`` links and weight ≥ ``min_weight`` from each subject
    (default: all Belgian subjects) to a Dutch target, strongest first."""
    countries = countries or Countries(multigraph)
    chosen = belgian_subjects(multigraph, countries)[0] if subjects is None else list(subjects)
    walker = _Walker(multigraph, countries, hops, min_weight, hub_degree, chosen)
    found = {}
    for subject in chosen:
        paths = walker.paths_from(subject)
        paths.sort(key=lambda p: (-p.weight, p.hops, p.target))
        found[subject] = paths
    return found


def strongest_per_target(paths: Iterable[EvidencePath]) -> list[EvidencePath]:
    """The strongest path to each distinct Dutch target (what an analyst checks first)."""
    best: dict[str, EvidencePath] = {}
    for path in paths:
        if path.target not in best or path.weight > best[path.target].weight:
            best[path.target] = path
    return sorted(best.values(), key=lambda p: (-p.weight, p.hops, p.target))


def strongest_per_kind(paths: Iterable[EvidencePath]) -> dict[str, EvidencePath]:
    """The strongest path of each kind of evidence (hub paths are the kind ``hub``)."""
    best: dict[str, EvidencePath] = {}
    for path in paths:
        if path.kind not in best or path.weight > best[path.kind].weight:
            best[path.kind] = path
    return best


def kind_pieces(paths: Iterable[EvidencePath]) -> dict[str, float]:
    """What each kind of evidence adds to the noisy-OR: its strongest path's weight (hub
    evidence: ``HUB_CAP`` × that)."""
    return {kind: p.weight * (HUB_CAP if kind == HUB else 1.0)
            for kind, p in strongest_per_kind(paths).items()}


def evidence_score(paths: Iterable[EvidencePath]) -> float:
    """1 − Π(1 − wₖ) over the kinds of evidence (``kind_pieces``); 0 without paths."""
    remaining = 1.0
    for piece in kind_pieces(paths).values():
        remaining *= 1.0 - piece
    return 1.0 - remaining
