"""What each case file says about a fact, and the one value the graph shows.

Several case files may state the same property of an entity or a link. Each statement is a
``Claim``: the case, its grading, its date and the values it gives. ``resolve`` turns the
claims of one fact into the values the graph stores, by a rule an analyst can check by hand
(``docs/case-files.md``, "Facts stated by several case files"):

- A property that *adds up* (``adds_up: true`` in the ontology, such as a contact's
  ``count``) is summed over the observations: counts of different periods or by different
  sources add. A case file repeating another's observation (``reported_in``) adds nothing:
  an observation counts once, with the value of its best claim.
- A list (a person's ``roles``, a group's ``markets``) gathers every value its claims
  give: a grower in one file and a broker in another has both roles.
- Any other property takes the value of its best claim: the best-graded
  (``graph.model.grading.reliability``, then text order), then the latest, then the
  smallest case id, so the result never depends on load order.

Where claims disagree, the disagreement is kept (``Dispute``) for the entity card, the CLI
and the load report, side by side with the claims' gradings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.model import grading as gradings


@dataclass(frozen=True)
class Claim:
    """One case file's statement of a fact's properties."""

    case: str
    grading: str
    #: the date of the statement: the link's date, else its case's ``opened_on``
    on: str
    values: Mapping[str, Any]
    #: the case whose observation a count repeats (an MLA request quoting a wiretap)
    reported_in: str | None = None
    #: the first and last day the observation covers
    period: tuple[str, str] | None = None

    @property
    def observation(self) -> str:
        """What a count covers: the observing case's own observation, or the one it repeats."""
        return self.reported_in or self.case

    def rank(self) -> tuple:
        """Sorts the best claim first: most reliable grading, then latest, then case id."""
        grading = self.grading or gradings.WEAKEST
        return (-gradings.reliability(grading), grading, _descending(self.on or ""), self.case)

    def as_dict(self) -> dict[str, Any]:
        out = {"case": self.case, "grading": self.grading, "on": self.on,
               "values": dict(self.values)}
        if self.reported_in:
            out["reported_in"] = self.reported_in
        if self.period:
            out["period"] = list(self.period)
        return out


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts text in reverse (later dates first)."""
    return (*(-ord(c) for c in text), 1)


@dataclass(frozen=True)
class Dispute:
    """Claims of one property that do not agree; ``options`` best first, each with the
    claims that give it."""

    property: str
    #: ``values differ``; ``one observation, several counts`` (a repeat that does not match
    #: what it repeats); ``periods overlap`` (summed counts that may count twice)
    kind: str
    options: tuple[tuple[Any, tuple[Claim, ...]], ...]
    #: the value the graph shows
    chosen: Any

    def as_dict(self) -> dict[str, Any]:
        """The options with their claims' sources (case, grading, date, what a count covers),
        not the claims' other values."""
        return {"property": self.property, "kind": self.kind, "chosen": self.chosen,
                "options": [{"value": value, "claims": [_source(c) for c in claims]}
                            for value, claims in self.options]}


def _source(claim: Claim) -> dict[str, Any]:
    return {k: v for k, v in claim.as_dict().items() if k != "values"}


@dataclass(frozen=True)
class Resolved:
    """The values a fact shows, how each sum was made, and where the claims disagree."""

    values: dict[str, Any]
    disputes: tuple[Dispute, ...] = ()
    #: for each property that adds up: how many observations were summed
    observations: dict[str, int] = field(default_factory=dict)

    @property
    def disputed(self) -> list[str]:
        return sorted({d.property for d in self.disputes})


def resolve(claims: Iterable[Claim], adds_up: Iterable[str] = ()) -> Resolved:
    """The values of one fact from all its claims (the rule is in the module docstring).

    Examples
    --------
    >>> phase_1 = Claim("nl-tap-1", "B2", "2019-03-31", {"count": 120})
    >>> phase_2 = Claim("nl-tap-2", "B2", "2019-06-30", {"count": 172})
    >>> mla = Claim("be-mla-7", "B3", "2019-09-01", {"count": 120}, reported_in="nl-tap-1")
    >>> resolve([phase_1, phase_2, mla], adds_up=["count"]).values
    {'count': 292}
    """
    ranked = sorted(claims, key=Claim.rank)
    summed = set(adds_up)
    values: dict[str, Any] = {}
    disputes: list[Dispute] = []
    observations: dict[str, int] = {}
    for name in sorted({name for claim in ranked for name in claim.values}):
        stating = [c for c in ranked if c.values.get(name) is not None]
        if not stating:
            continue
        if name in summed:
            value, found, count = _summed(name, stating)
            observations[name] = count
        elif all(isinstance(c.values[name], list) for c in stating):
            value, found = gathered(c.values[name] for c in stating), []
        else:
            value = stating[0].values[name]
            found = _differing(name, "values differ", stating, value)
        values[name] = value
        disputes.extend(found)
    return Resolved(values, tuple(disputes), observations)


def gathered(lists: Iterable[list]) -> list:
    """Every item of ``lists``, once each, in the order first given."""
    return list(dict.fromkeys(item for items in lists for item in items))


def _options(name: str, claims: list[Claim]) -> tuple[tuple[Any, tuple[Claim, ...]], ...]:
    """The distinct values of ``name`` among ``claims`` (best first), each with its claims."""
    by_value: dict[str, list[Claim]] = defaultdict(list)
    first: dict[str, Any] = {}
    for claim in claims:
        key = _text(claim.values[name])
        by_value[key].append(claim)
        first.setdefault(key, claim.values[name])
    return tuple((first[key], tuple(found)) for key, found in by_value.items())


def _differing(name: str, kind: str, claims: list[Claim], chosen: Any) -> list[Dispute]:
    options = _options(name, claims)
    return [Dispute(name, kind, options, chosen)] if len(options) > 1 else []


def _summed(name: str, claims: list[Claim]) -> tuple[Any, list[Dispute], int]:
    """The sum over observations, each counted once with its best claim's value."""
    by_observation: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_observation[claim.observation].append(claim)
    best = [found[0] for found in by_observation.values()]
    total = sum(c.values[name] for c in best)
    disputes: list[Dispute] = []
    for found in by_observation.values():
        disputes += _differing(name, "one observation, several counts", found,
                               found[0].values[name])
    overlapping = _overlapping(best)
    if overlapping:
        disputes.append(Dispute(name, "periods overlap",
                                tuple((c.values[name], (c,)) for c in overlapping), total))
    return total, disputes, len(best)


def _overlapping(claims: list[Claim]) -> list[Claim]:
    """The claims whose periods overlap another's: their sum may count a call twice."""
    dated = sorted((c for c in claims if c.period), key=lambda c: c.period)
    found: dict[str, Claim] = {}
    longest: Claim | None = None  # of those begun so far, the one that ends last
    for claim in dated:
        if longest and claim.period[0] <= longest.period[1]:
            found[longest.case], found[claim.case] = longest, claim
        if longest is None or claim.period[1] > longest.period[1]:
            longest = claim
    return list(found.values())


def _text(value: Any) -> str:
    """A value as canonical JSON text: equal values, equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# -- How claims are kept in the graph -----------------------------------------------------
# An entity's claims are on its MENTIONED_IN relationships, one per case file naming it
# (``said``: ``variants`` of what that file states); a link's on the link itself
# (``claims``: one JSON object per case file, its case id first so that ``claim_prefix``
# finds it). An entity's ``variants`` list the distinct values its case files state, so
# the loader sees that they disagree without reading every claim: a country named by
# thousands of files has one entry per property.

def variants(values: Mapping[str, Any], *, lists: bool = True) -> list[str]:
    """Values as ``property=json`` entries: what a MENTIONED_IN keeps of one case file's
    statement (``said``), and, without lists (which gather, never disagree), what an
    entity's ``variants`` collect (property names have no ``=``, so Cypher finds the name
    with ``split(entry, '=')[0]``; a list's JSON begins with ``[``)."""
    return [f"{name}={_text(value)}" for name, value in sorted(values.items())
            if value is not None and (lists or not isinstance(value, list))]


def from_variants(entries: Iterable[str]) -> dict[str, Any]:
    """The inverse of ``variants``."""
    out = {}
    for entry in entries:
        name, _, text = entry.partition("=")
        out[name] = json.loads(text)
    return out


def link_claim(claim: Claim) -> str:
    """A link's claim as stored in its ``claims`` list: JSON, the case id first."""
    return json.dumps(claim.as_dict(), ensure_ascii=False)


def claim_prefix(case: str) -> str:
    """How every stored claim of ``case`` begins (to take a case's claims back)."""
    return '{"case": ' + json.dumps(case, ensure_ascii=False) + ","


def parse_link_claim(entry: str) -> Claim:
    """The inverse of ``link_claim``."""
    data = json.loads(entry)
    period = data.get("period")
    return Claim(data["case"], data.get("grading") or gradings.WEAKEST, data.get("on") or "",
                 data.get("values") or {}, data.get("reported_in"),
                 tuple(period) if period else None)


def mention_claim(case: str, grading: str | None, on: str | None, said: Iterable[str] | None
                  ) -> Claim:
    """An entity's claim from one of its MENTIONED_IN relationships."""
    return Claim(case, grading or gradings.WEAKEST, on or "", from_variants(said or ()))
