"""Displacement paths: how one organisation's operations move over time.

The study's waterbed effect seen from one group: its plantations moving from the Netherlands
into Belgium, its shipments switching from Rotterdam to Antwerp, a crew rising from
extracting containers for others to importing for itself. The operations come from the saved
query ``organisation-operations`` (sites run and shipments handled, by the group or its
members, in time order); this module finds the moves in them and says which an analyst can
sign (findings) and which only deserve a look (leads). The rule is in docs/displacement.md.

- **Whose operation.** An operation counts for a group when the group itself is recorded
  doing it, or a member did it in a case file that also names the group (``own``,
  ``named``). A member's operation whose case files do not name the group (``member``) may
  have been done for another group he belongs to: it is read only in a weaker, second
  reading, and what that reading finds is never more than a lead.
- **Which port.** A shipment counts at the port it arrived through (``arrival_port``): the
  destination leg of its route, not a port of origin or transshipment on the way.
- **A move** is a date splitting one kind of operation into a before and an after, each
  side with a value (country, port, role) holding at least two thirds of it, the two values
  different. It is a *finding* when each side has at least ``min_support`` operations at its
  value and the move fits at least ``fit`` of all the operations (the old value before, the
  new one after); else a *lead*. Both sides' full counts are kept, so the operations that
  did not move are shown beside those that did.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from graph.store.saved_queries import Library, run_saved

#: random orders drawn to tell a finding's chance (docs/displacement.md)
CHANCE_DRAWS = 499
#: attributions of an operation to a group, strongest first (the saved query's names)
CASE_FILE_READING = ("own", "named")
FINDING, LEAD = "finding", "lead"


def arrival_port(route: Sequence[Mapping[str, Any]], seized_in: str | None) -> str | None:
    """The port a shipment arrived through, read from its route (the ``VIA`` links).

    1. the port whose leg is ``destination`` (the last by ``order`` if several);
    2. else, of the ports not stated as origin or transshipment, the last by ``order``;
    3. else (no order) the one such port in the country where the shipment was seized;
    4. else the only such port, or the one passed last (its ``VIA`` date).
    None when the route cannot tell (nothing but origins and transshipments, or several
    ports and nothing to choose between them).
    """
    ports = [p for p in route if p.get("port")]
    destinations = [p for p in ports if p.get("leg") == "destination"]
    if destinations:
        return max(destinations, key=lambda p: p.get("order") or 0)["port"]
    rest = [p for p in ports if p.get("leg") not in ("origin", "transshipment")]
    ordered = [p for p in rest if p.get("order") is not None]
    if ordered:
        return max(ordered, key=lambda p: p["order"])["port"]
    in_country = [p for p in rest if seized_in and p.get("country") == seized_in]
    candidates = in_country or rest
    if len({p["port"] for p in candidates}) == 1:
        return candidates[0]["port"]
    dated = [p for p in candidates if p.get("date")]
    last = {p["port"] for p in dated if p["date"] == max(q["date"] for q in dated)}
    return last.pop() if len(last) == 1 else None


#: kind of move -> how the crime picture and the CLI name it
KIND_WORDS = {"sites_across_border": "sites across the border",
              "shipments_between_ports": "shipments between ports",
              "extraction_to_import": "from extraction to import"}
#: kind of move -> (which operations it reads, the value that moves)
_KINDS: dict[str, tuple[Callable[[Mapping], bool], Callable[[Mapping], Any]]] = {
    "sites_across_border": (lambda op: op["entity_type"] in ("Plantation", "Lab"),
                            lambda op: op["country"]),
    "shipments_between_ports": (lambda op: op["entity_type"] == "Shipment",
                                lambda op: arrival_port(op.get("route") or (), op["country"])),
    "extraction_to_import": (lambda op: op["action"] in ("EXTRACTS", "IMPORTS"),
                             lambda op: op["action"]),
}


@dataclass(frozen=True)
class MoveRule:
    """What a move needs to be a finding or a lead (docs/displacement.md)."""

    #: operations at its value each side needs for a finding (one is a lead: a single site
    #: or shipment elsewhere is not yet a move)
    min_support: int = 2
    #: share of all the group's operations of the kind that the move fits (at the old value
    #: before the switch, at the new one after) for a finding: four in five, so a group
    #: working on both sides every year (two in three on each side) is not a move
    fit: float = 0.8
    #: share of each side's operations its value must hold, for a finding or a lead
    side_purity: float = 2 / 3


#: the rule docs/displacement.md states and the evaluation measures
RULE = MoveRule()


@dataclass(frozen=True)
class Operation:
    """One dated operation of the group: what it did to which site or shipment, where."""

    date: str
    action: str
    entity: str
    value: str
    case_files: tuple[str, ...]
    via_members: tuple[str, ...] = ()
    #: own, named or member: how the operation is tied to the group (module docstring)
    attribution: str = "own"
    #: a shipment's ports in route order (origin first), as the case files state them
    route: tuple[str, ...] = ()


@dataclass(frozen=True)
class DisplacementPath:
    """One organisation's move: from ``before`` to ``after`` at ``switch_date``."""

    organisation: str
    kind: str
    before: str
    after: str
    switch_date: str
    #: every value before / after the switch with its number of operations, largest first
    before_counts: tuple[tuple[str, int], ...]
    after_counts: tuple[tuple[str, int], ...]
    steps: tuple[Operation, ...]
    #: finding or lead
    status: str = FINDING
    #: case_file (the group's own and named operations) or member (members' too)
    reading: str = "case_file"
    #: why a lead is not a finding, in words
    reasons: tuple[str, ...] = ()
    #: display names of the organisation and of the values (ports) where known
    names: tuple[tuple[str, str], ...] = ()
    #: a finding's chance: the share of random orders of its operations that split at least
    #: as well (``_chance``); None for a lead
    chance: float | None = None

    @property
    def switch_year(self) -> int:
        return int(self.switch_date[:4])

    @property
    def support_before(self) -> int:
        return dict(self.before_counts)[self.before]

    @property
    def support_after(self) -> int:
        return dict(self.after_counts)[self.after]

    @property
    def is_finding(self) -> bool:
        return self.status == FINDING

    @property
    def chance_text(self) -> str:
        """The chance as the tables print it (``<1%``, ``12%``); empty for a lead."""
        if self.chance is None:
            return ""
        return "<1%" if self.chance < 0.01 else f"{self.chance:.0%}"

    def name(self, key: str) -> str:
        """The display name of the organisation or a value, else the key itself."""
        return dict(self.names).get(key, key)

    def counts_text(self, side: str) -> str:
        """``NL 4, BE 1``: every operation ``before`` or ``after`` the switch, by name."""
        counts = self.before_counts if side == "before" else self.after_counts
        return ", ".join(f"{self.name(value)} {n}" for value, n in counts)

    def as_dict(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "name": self.name(self.organisation),
                "kind": self.kind, "status": self.status, "reading": self.reading,
                "before": self.before, "after": self.after,
                "before_name": self.name(self.before), "after_name": self.name(self.after),
                "switch_date": self.switch_date, "chance": self.chance,
                "support_before": self.support_before,
                "support_after": self.support_after,
                "before_counts": dict(self.before_counts), "after_counts": dict(self.after_counts),
                "reasons": list(self.reasons),
                "steps": [{"date": s.date, "action": s.action, "entity": s.entity,
                           "value": s.value, "attribution": s.attribution,
                           "via_members": list(s.via_members), "route": list(s.route),
                           "case_files": list(s.case_files)} for s in self.steps]}


def path_rows(paths: Iterable[DisplacementPath]) -> list[dict[str, Any]]:
    """The paths as rows of a text table: names, not ids; both sides' full counts; for a
    lead, why it is not a finding."""
    return [{"organisation": p.name(p.organisation), "kind": KIND_WORDS.get(p.kind, p.kind),
             "from": p.name(p.before), "to": p.name(p.after), "switch": p.switch_date,
             "before": p.counts_text("before"), "after": p.counts_text("after"),
             "operations": len(p.steps),
             **({"chance": p.chance_text} if p.is_finding else
                {"why not a finding": "; ".join(p.reasons)})}
            for p in paths]


def organisation_operations(store: GraphStore, library: Library,
                            organisation: str | None = None) -> list[dict[str, Any]]:
    """The rows of the saved query ``organisation-operations`` (read-only, as any query)."""
    query = library.get("organisation-operations")
    return run_saved(store, query, {"organisation": organisation},
                     max_rows=store.settings.row_ceiling).records()


def find_moves(operations: Iterable[Mapping[str, Any]], rule: MoveRule = RULE
               ) -> list[DisplacementPath]:
    """Every finding and lead in the operations (rows of ``organisation-operations``), by
    organisation and kind, in id order."""
    by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for op in operations:
        if op.get("organisation_name"):
            names[op["organisation"]] = op["organisation_name"]
        names.update((p["port"], p["name"]) for p in op.get("route") or ()
                     if p.get("port") and p.get("name"))
        if op.get("date"):
            by_org[op["organisation"]].append(op)
    found = []
    for organisation in sorted(by_org):
        for kind, (selects, value_of) in _KINDS.items():
            steps = sorted((_operation(op, value_of(op)) for op in by_org[organisation]
                            if selects(op) and value_of(op) is not None),
                           key=lambda s: (s.date, s.entity))
            found += _readings(organisation, kind, steps, rule, names)
    return found


def _operation(op: Mapping[str, Any], value: Any) -> Operation:
    route = sorted(op.get("route") or (), key=lambda p: (p.get("order") is None,
                                                          p.get("order") or 0,
                                                          p.get("date") or ""))
    return Operation(op["date"], op["action"], op["entity"], str(value),
                     tuple(op.get("case_files") or ()), tuple(op.get("via_members") or ()),
                     op.get("attribution") or "own", tuple(p["port"] for p in route))


def _readings(organisation: str, kind: str, steps: list[Operation], rule: MoveRule,
              names: Mapping[str, str]) -> list[DisplacementPath]:
    """The case-file reading's move, and the member reading's when it tells another story."""
    own = [s for s in steps if s.attribution in CASE_FILE_READING]
    first = _path(organisation, kind, own, rule, names, "case_file")
    paths = [first] if first is not None else []
    if (first is not None and first.is_finding) or len(own) == len(steps):
        return paths
    second = _path(organisation, kind, steps, rule, names, "member")
    if second is not None and all((p.before, p.after) != (second.before, second.after)
                                  for p in paths):
        paths.append(second)
    return paths


def _path(organisation: str, kind: str, steps: list[Operation], rule: MoveRule,
          names: Mapping[str, str], reading: str) -> DisplacementPath | None:
    values, cuts = [s.value for s in steps], _cuts(steps)
    best = _scan(values, cuts, rule)
    if best is None:
        return None
    score, i = best
    before, after = Counter(values[:i]), Counter(values[i:])
    old, new = before.most_common(1)[0][0], after.most_common(1)[0][0]
    reasons = _shortfalls(before, after, rule, names)
    if reading == "member":
        members = sum(s.attribution not in CASE_FILE_READING for s in steps)
        reasons.append(f"through members: {members} of {len(steps)} operations are a "
                       "member's, in case files that do not name the group")
    chance = None if reasons else _chance(values, cuts, score, rule, f"{organisation} {kind}")
    used = {organisation, *before, *after}
    return DisplacementPath(organisation, kind, old, new, steps[i].date,
                            tuple(before.most_common()), tuple(after.most_common()),
                            tuple(steps), LEAD if reasons else FINDING, reading,
                            tuple(reasons), tuple(sorted((k, v) for k, v in names.items()
                                                         if k in used)), chance)


def _cuts(steps: list[Operation]) -> list[bool]:
    """Where a split may fall: before an operation dated later than the one before it."""
    return [i > 0 and steps[i].date != steps[i - 1].date for i in range(len(steps))]


def _scan(values: Sequence[str], cuts: Sequence[bool], rule: MoveRule
          ) -> tuple[tuple[bool, int], int] | None:
    """The best split of ``values`` (in date order) at one of the ``cuts``: a finding's if
    any, else a lead's; among equals the most operations at the two values, then the
    earliest. ((is a finding, operations the move fits), index of the first after)."""
    before, after = Counter(), Counter(values)
    best: tuple[tuple[bool, int], int] | None = None
    for i in range(1, len(values)):
        before[values[i - 1]] += 1
        after[values[i - 1]] -= 1
        if not cuts[i]:
            continue
        old, new = max(before, key=before.__getitem__), max(after, key=after.__getitem__)
        n_old, n_new = before[old], after[new]
        if old == new or n_old < rule.side_purity * i \
                or n_new < rule.side_purity * (len(values) - i):
            continue
        finding = min(n_old, n_new) >= rule.min_support and \
            n_old + n_new >= rule.fit * len(values)
        if best is None or (finding, n_old + n_new) > best[0]:
            best = ((finding, n_old + n_new), i)
    return best


def _chance(values: list[str], cuts: list[bool], score: tuple[bool, int], rule: MoveRule,
            key: str) -> float:
    """How often the same operations in a random order (each date keeping its place) split
    at least as well: the chance a group that never moved would look like this one. The
    draws are seeded by ``key``, so the figure is the same on every run."""
    rng, shuffled, hits = random.Random(key), list(values), 0
    for _ in range(CHANCE_DRAWS):
        rng.shuffle(shuffled)
        best = _scan(shuffled, cuts, rule)
        hits += best is not None and best[0] >= score
    return round((hits + 1) / (CHANCE_DRAWS + 1), 3)


def _shortfalls(before: Counter, after: Counter, rule: MoveRule,
                names: Mapping[str, str] | None = None) -> list[str]:
    """What a split lacks to be a finding, in words (empty: it is one)."""
    out = []
    (old, n_old), (new, n_new) = before.most_common(1)[0], after.most_common(1)[0]
    names = names or {}
    if min(n_old, n_new) < rule.min_support:
        out.append(f"thin: {n_old} at {names.get(old, old)} before, {n_new} at "
                   f"{names.get(new, new)} after; a finding needs {rule.min_support} a side")
    total = before.total() + after.total()
    if n_old + n_new < rule.fit * total:
        out.append(f"mixed: the move fits {n_old + n_new} of {total} operations "
                   f"({(n_old + n_new) / total:.0%}); a finding needs {rule.fit:.0%}")
    return out
