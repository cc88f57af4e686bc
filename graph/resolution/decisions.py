"""Analysts' decisions on pairs: confirmed (one entity), rejected (two), or undone.

A decision is a ``SAME_AS`` relationship's status with who decided, when and why; the two
entities are never changed or removed. Callers audit each decision (``graph.access``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphNode, GraphRelationship, GraphStore, cypher

STATUSES = ("candidate", "confirmed", "rejected")


@dataclass(frozen=True)
class Pair:
    a: GraphNode
    b: GraphNode
    same_as: GraphRelationship

    @property
    def status(self) -> str:
        return str(self.same_as.properties.get("status"))

    def as_dict(self) -> dict[str, Any]:
        props = self.same_as.properties
        return {"a": self.a.properties.get("id"), "b": self.b.properties.get("id"),
                "type": next(iter(self.a.labels), ""), "status": props.get("status"),
                "probability": props.get("probability"), "method": props.get("method"),
                "reasons": _json(props.get("reasons")),
                **{k: props.get(k) for k in ("decided_by", "decided_at", "why")}}


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if text else []
    except ValueError:
        return text


def pair_id(a: str, b: str) -> str:
    """The key of a pair, whichever way round it is named."""
    first, second = sorted((a, b))
    return f"{first}~SAME_AS~{second}"


def pairs(store: GraphStore, ontology: Ontology, status: str | None = None) -> list[Pair]:
    """The pairs with ``status`` (None: all), best score first."""
    rows = store.read(cypher.same_as_query(ontology), {"status": status},
                      max_rows=10_000_000).rows
    return [Pair(*row) for row in rows]


def _entity_label(store: GraphStore, ontology: Ontology, entity_id: str) -> str:
    rows = store.read(cypher.explorer_queries(ontology)["entities"], {"ids": [entity_id]}).rows
    if not rows:
        raise InvalidInput([Problem("resolve", None, "id", f"no entity has id {entity_id!r}")])
    node: GraphNode = rows[0][0]
    return next(label for label in node.labels if label in ontology.nodes)


def decide(store: GraphStore, ontology: Ontology, label: str | None, a: str, b: str,
           decision: str, *, by: str, why: str) -> str:
    """Confirm or reject that ``a`` and ``b`` are one; returns the status before."""
    if decision not in ("confirmed", "rejected"):
        raise ValueError(f"a decision is confirmed or rejected, not {decision!r}")
    if a == b:
        raise InvalidInput([Problem("resolve", None, "id", "an entity is itself",
                                    "name two different entities")])
    if not why.strip():
        raise InvalidInput([Problem("resolve", None, "why", "a decision needs a reason",
                                    "say why (--why)")])
    labels = {_entity_label(store, ontology, i) for i in (a, b)}
    if len(labels) != 1 or (label and label not in labels):
        raise InvalidInput([Problem("resolve", None, "id",
                                    f"{a!r} and {b!r} are not of one type ({', '.join(labels)})",
                                    "only entities of one type can be one")])
    first, second = sorted((a, b))
    return store.write(cypher.decide_statement(ontology, labels.pop()),
                       {"a": first, "b": second, "id": pair_id(a, b), "status": decision,
                        "by": by, "why": why,
                        "at": datetime.now(UTC).isoformat(timespec="seconds")}).scalar()


def undo(store: GraphStore, ontology: Ontology, a: str, b: str) -> str | None:
    """Take the decision on ``a``, ``b`` back; returns the status it had (None: no pair)."""
    rows = store.write(cypher.undo_statement(ontology), {"id": pair_id(a, b)}).records()
    if not rows:
        return None
    if not rows[0]["proposed"]:
        store.write(cypher.withdraw_statement(ontology), {"id": pair_id(a, b)})
    return rows[0]["before"]
