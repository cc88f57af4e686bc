"""Who the Dutch-link analysis scores, and what makes a node Dutch: countries read from the
node itself or, where it has none, from the place it lies in.

Case files from other sources often carry a site's town but not its ``country`` (a plantation
LOCATED_IN Lommel). Skipping those silently scored them 0 while the displacement counts took
them in through the town; so a node without its own country takes its place's (climbing
PART_OF to a place that has one), and the subjects left out are counted with the reason.

**Subjects**: Belgian case files (statistics files are effort figures, no case: neither
scored nor counted), sites (Plantation, Lab, DumpSite, Premises), shipments, call centres
and organisations (``SUBJECT_TYPES``). **Dutch targets** and their kind
(``target_kind``): persons residing in NL (``person``) or only of Dutch nationality
(``person_national``, weaker: a Belgian resident of Dutch nationality is no tie to NL by
itself); coffee shops (``outlet``); anything else in NL by kind. Not targets: ports,
shipments (a shipment's country is where it was seized) and province or country places
(shared by everything that passes or lies there: a Belgian file naming "Nederland" or the
Port of Rotterdam says nothing about a tie), and interventions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graph.study.effort import STATISTICS_KIND

SUBJECT_TYPES = ("CaseFile", "Plantation", "Lab", "DumpSite", "Premises", "Shipment",
                 "CallCentre", "Organisation")
#: Places too coarse to be a tie: everything Dutch lies in them.
COARSE_LEVELS = ("province", "country")
#: Not Dutch by their country alone: a port and a shipment are where goods pass or were
#: seized (a shipment's Dutch ties are its owner and destination); interventions are policy.
NEVER_TARGETS = ("Intervention", "Port", "Shipment")
_KINDS = {"Organisation": "organisation", "Growshop": "growshop", "Location": "location",
          "CallCentre": "callcentre", "Company": "company", "CaseFile": "case_file"}
#: Why a subject type's node was not scored (``Census.skipped``).
NO_PLACE = "no country and no place"
PLACE_WITHOUT_COUNTRY = "its place has no country"
SEVERAL_COUNTRIES = "places in several countries"


class Countries:
    """Each node's country: its own, else its place's (LOCATED_IN, then up PART_OF).

    One pass over the edges builds the index, so a town named by thousands of nodes is
    climbed once, not once per node.
    """

    def __init__(self, multigraph: nx.MultiDiGraph):
        self.graph = multigraph
        self.placed: dict[str, list[str]] = defaultdict(list)
        self.passed: dict[str, list[str]] = defaultdict(list)
        self.parent: dict[str, str] = {}
        for a, b, kind in multigraph.edges(data="type"):
            if kind == "LOCATED_IN":
                self.placed[a].append(b)
            elif kind == "VIA":
                self.passed[a].append(b)
            elif kind == "PART_OF":
                self.parent.setdefault(a, b)
        self._place_country: dict[str, str | None] = {}

    def own(self, node: str) -> str | None:
        country = self.graph.nodes[node].get("country")
        return str(country) if country else None

    def of_place(self, place: str) -> str | None:
        """A place's (or port's) country: its own or the nearest one up PART_OF, or that of
        the place a port lies in (cycles stop)."""
        if place not in self._place_country:
            seen, here, country = {place}, place, self.own(place)
            if country is None and self.placed.get(place):  # a port: the town it lies in
                here = self.placed[place][0]
                seen.add(here)
                country = self.own(here)
            while country is None and self.parent.get(here) not in (None, *seen):
                here = self.parent[here]
                seen.add(here)
                country = self.own(here)
            self._place_country[place] = country
        return self._place_country[place]

    def of(self, node: str) -> tuple[str | None, str]:
        """(country, how): how is ``own``, ``place`` (inferred) or the reason it is None.
        The place is where the node is LOCATED_IN, else (a shipment) the ports it passed;
        places in several countries leave it unknown rather than guessed."""
        own = self.own(node)
        if own:
            return own, "own"
        if self.graph.nodes[node].get("type") == "Location":
            places = [node]
        else:
            places = self.placed.get(node) or self.passed.get(node, [])
        found = {c for c in map(self.of_place, places) if c}
        if len(found) == 1:
            return found.pop(), "place"
        if found:
            return None, SEVERAL_COUNTRIES
        return None, PLACE_WITHOUT_COUNTRY if places else NO_PLACE


@dataclass
class Census:
    """How many nodes of the subject types were scored, inferred or left out, and why."""

    scored: int = 0
    country_from_place: int = 0
    other_country: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"scored": self.scored, "country_from_place": self.country_from_place,
                "other_country": self.other_country, "skipped": dict(sorted(self.skipped.items())),
                "skipped_total": sum(self.skipped.values())}

    def text(self) -> str:
        """One line for a terminal or a caption."""
        parts = [f"{self.scored:,} Belgian subjects scored"]
        if self.country_from_place:
            parts.append(f"{self.country_from_place:,} of them Belgian by their place")
        parts += [f"{n:,} skipped ({why})" for why, n in sorted(self.skipped.items())]
        return "; ".join(parts)


def _statistics(attrs: dict) -> bool:
    return attrs.get("type") == "CaseFile" and attrs.get("kind") == STATISTICS_KIND


def belgian_subjects(multigraph: nx.MultiDiGraph, countries: Countries
                     ) -> tuple[list[str], Census]:
    """The Belgian subjects (sorted) and the census of every node of a subject type."""
    census, chosen = Census(), []
    skipped: Counter[str] = Counter()
    for node, attrs in multigraph.nodes(data=True):
        if attrs.get("type") not in SUBJECT_TYPES or _statistics(attrs):
            continue
        country, how = countries.of(node)
        if country == "BE":
            chosen.append(node)
            census.scored += 1
            census.country_from_place += how == "place"
        elif country is None:
            skipped[how] += 1
        else:
            census.other_country += 1
    census.skipped = dict(skipped)
    return sorted(chosen), census


def target_kind(multigraph: nx.MultiDiGraph, node: str, countries: Countries) -> str | None:
    """What makes ``node`` a Dutch target (``person``, ``growshop``, ``outlet`` …), or None."""
    attrs = multigraph.nodes[node]
    node_type = attrs.get("type")
    if node_type in NEVER_TARGETS:
        return None
    country = countries.of(node)[0]
    if node_type == "Person":
        if country == "NL":
            return "person"
        return "person_national" if attrs.get("nationality") == "NL" else None
    if node_type == "Coffeeshop":
        return "outlet" if country in ("NL", None) else None
    if country != "NL":
        return None
    if node_type == "Location" and attrs.get("level") in COARSE_LEVELS:
        return None
    return _KINDS.get(str(node_type), "site")
