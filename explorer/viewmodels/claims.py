"""What the card shows of a fact several case files state: where they disagree and how a
count was summed (``graph.model.claims``), as table rows."""

from __future__ import annotations

from typing import Any

from graph.model import ontology as model
from graph.model.claims import Resolved
from graph.model.ontology import Ontology
from graph.store import GraphNode, GraphRelationship
from graph.store.facts import Fact

#: What the card leaves out of its property table: the loader's bookkeeping, and
#: ``disputed``, which it shows as a table of its own.
BOOKKEEPING = (*model.BOOKKEEPING, "disputed")


def fact_of(item: GraphNode | GraphRelationship, ontology: Ontology) -> Fact | None:
    """The fact a drawn node or link is, if case files state values of it."""
    key = str(item.properties.get("id"))
    if isinstance(item, GraphRelationship):
        return Fact("link", item.type, key) if item.type in ontology.relationships else None
    label = next((name for name in item.labels if name in ontology.nodes), None)
    return Fact("entity", label, key) if label else None


def worth_explaining(item: GraphNode | GraphRelationship) -> bool:
    """Whether the card needs the claims: disputed, or a link stated by several case files
    with values (a count summed over them)."""
    props = item.properties
    return bool(props.get("disputed")) or len(props.get("claims") or ()) > 1


def dispute_rows(resolved: Resolved) -> list[dict[str, Any]]:
    """One row per claim of a disputed property, the value shown first."""
    rows = []
    for dispute in resolved.disputes:
        for value, claims in dispute.options:
            for claim in claims:
                # what decides first, where a narrow side panel shows it
                rows.append({"property": dispute.property, "value": value,
                             "shown": "yes" if value == dispute.chosen else "",
                             "grading": claim.grading, "date": claim.on,
                             "case file": claim.case, "why": dispute.kind})
    return rows


def sums(resolved: Resolved) -> list[str]:
    """How each summed property was made, for a caption."""
    return [f"{name} {resolved.values.get(name)!r}: the sum of {n} observation"
            f"{'s' if n != 1 else ''} (periods or case files of their own; a case file "
            "repeating another's observation counts once)"
            for name, n in resolved.observations.items() if n > 1]
