"""Displacement paths: how one organisation's operations move over time.

The study's waterbed effect seen from one group: its plantations moving from the Netherlands
into Belgium, its shipments switching from Rotterdam to Antwerp, a crew rising from
extracting containers for others to importing for itself. The operations come from the saved
query ``organisation-operations`` (sites run and shipments handled, by the group or its
members, in time order); this module finds the moves in them.

A move is a date that splits an organisation's operations of one kind into a before and an
after, where at least ``purity`` (two thirds by default) of the operations before share one
value (a country, a port, a role) and as large a share after share another. Among possible
split dates the one with the most operations on the majority sides wins (then the earliest).
Each path lists every operation of that kind, dated, with its case files: the evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from graph.store.saved_queries import Library, run_saved

#: kind of move -> (which operations it reads, the value that moves)
_KINDS: dict[str, tuple[Callable[[Mapping], bool], Callable[[Mapping], Any]]] = {
    "sites_across_border": (lambda op: op["entity_type"] in ("Plantation", "Lab"),
                            lambda op: op["country"]),
    "shipments_between_ports": (lambda op: op["entity_type"] == "Shipment",
                                lambda op: op["port"]),
    "extraction_to_import": (lambda op: op["action"] in ("EXTRACTS", "IMPORTS"),
                             lambda op: op["action"]),
}


@dataclass(frozen=True)
class Operation:
    """One dated operation of the group: what it did to which site or shipment, where."""

    date: str
    action: str
    entity: str
    value: str
    case_files: tuple[str, ...]
    via_members: tuple[str, ...] = ()


@dataclass(frozen=True)
class DisplacementPath:
    """One organisation's move: from ``before`` to ``after`` at ``switch_date``."""

    organisation: str
    kind: str
    before: str
    after: str
    switch_date: str
    #: operations before / after the switch that carry the majority value
    support_before: int
    support_after: int
    steps: tuple[Operation, ...]

    @property
    def switch_year(self) -> int:
        return int(self.switch_date[:4])


def organisation_operations(store: GraphStore, library: Library,
                            organisation: str | None = None) -> list[dict[str, Any]]:
    """The rows of the saved query ``organisation-operations`` (read-only, as any query)."""
    query = library.get("organisation-operations")
    return run_saved(store, query, {"organisation": organisation},
                     max_rows=store.settings.row_ceiling).records()


def find_moves(operations: Iterable[Mapping[str, Any]], *, purity: float = 2 / 3,
               min_each_side: int = 1) -> list[DisplacementPath]:
    """Every move in the operations (rows of ``organisation-operations``), by organisation
    and kind, in id order."""
    by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for op in operations:
        if op.get("date"):
            by_org[op["organisation"]].append(op)
    found = []
    for organisation in sorted(by_org):
        for kind, (selects, value_of) in _KINDS.items():
            steps = sorted((Operation(op["date"], op["action"], op["entity"], str(value_of(op)),
                                      tuple(op.get("case_files") or ()),
                                      tuple(op.get("via_members") or ()))
                            for op in by_org[organisation]
                            if selects(op) and value_of(op) is not None),
                           key=lambda s: (s.date, s.entity))
            move = _best_split(steps, purity, min_each_side)
            if move is not None:
                found.append(DisplacementPath(organisation, kind, *move, tuple(steps)))
    return found


def _best_split(steps: list[Operation], purity: float, min_each_side: int
                ) -> tuple[str, str, str, int, int] | None:
    """(before, after, switch date, support before, support after) of the best split."""
    best: tuple[int, tuple[str, str, str, int, int]] | None = None
    dates = sorted({s.date for s in steps})
    for date in dates[1:]:
        before = [s.value for s in steps if s.date < date]
        after = [s.value for s in steps if s.date >= date]
        if len(before) < min_each_side or len(after) < min_each_side:
            continue
        (old, n_old), = Counter(before).most_common(1)
        (new, n_new), = Counter(after).most_common(1)
        if old == new or n_old < purity * len(before) or n_new < purity * len(after):
            continue
        if best is None or n_old + n_new > best[0]:
            best = (n_old + n_new, (old, new, date, n_old, n_new))
    return None if best is None else best[1]


def recall(found: Iterable[DisplacementPath], planted: Iterable[Mapping[str, Any]], *,
           tolerance_years: int = 1) -> dict[str, Any]:
    """Share of planted moves (truth.json ``displacement_paths``: organisation, kind,
    from_year) found with the same organisation and kind, switching within the tolerance."""
    found = list(found)
    planted = list(planted)
    hits = [p for p in planted
            if any(f.organisation == p["organisation"] and f.kind == p["kind"]
                   and abs(f.switch_year - int(p["from_year"])) <= tolerance_years
                   for f in found)]
    return {"planted": len(planted), "found": len(hits),
            "recall": len(hits) / len(planted) if planted else None,
            "missed": sorted(p["organisation"] for p in planted if p not in hits)}
