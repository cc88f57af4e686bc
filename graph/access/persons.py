"""Which persons an answer holds, for the audit log's ``persons`` field.

A query may return persons as nodes, or as plain columns: an id, a name, a list of ids
(``vulnerable-persons``, ``shared-phones-vehicles-addresses``). ``persons_in`` finds the
first kind by shape alone; ``persons_found`` also asks the store, in one parameterised read,
which of the answer's text values are the ids of Person nodes, so ``audit search --person``
finds a person however the query spelled them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from graph.model.ontology import Ontology
from graph.store import GraphNode, GraphStore
from graph.store.cypher import label

#: The label whose ids the log lists as persons touched.
PERSON = "Person"
#: candidate ids sent per read; longer texts are no ids
_BATCH, _LONGEST_ID = 2000, 200


def persons_in(value: Any) -> set[str]:
    """The ids of every person in ``value`` known by its shape: nodes, paths, query results,
    networks, reports (dicts or dataclasses whose ``type`` or ``label`` is Person), however
    nested."""
    return {person for item in _parts(value) if (person := _person_id(item)) is not None}


def persons_found(store: GraphStore, ontology: Ontology, value: Any) -> set[str]:
    """``persons_in(value)`` and every text value in ``value`` that is the id of a Person in
    ``store`` (ids in plain columns and lists)."""
    found = persons_in(value)
    candidates = sorted({item for item in _parts(value) if isinstance(item, str)
                         and 0 < len(item) <= _LONGEST_ID} - found)
    statement = f"MATCH (p:{label(ontology, PERSON)}) WHERE p.id IN $ids RETURN p.id"
    for start in range(0, len(candidates), _BATCH):
        batch = candidates[start:start + _BATCH]
        found.update(str(row[0]) for row in
                     store.read(statement, {"ids": batch}, max_rows=len(batch)).rows)
    return found


def _person_id(item: Any) -> str | None:
    if isinstance(item, GraphNode):
        person = PERSON in item.labels
        ident = item.properties.get("id")
    elif isinstance(item, Mapping):
        person = PERSON in (item.get("type"), item.get("label"))
        ident = item.get("id")
    elif is_dataclass(item):
        person = PERSON in (getattr(item, "type", None), getattr(item, "label", None))
        ident = getattr(item, "id", None)
    else:
        return None
    return str(ident) if person and ident is not None else None


def _parts(value: Any) -> Iterator[Any]:
    """``value`` and everything nested in it (a node's properties excepted), each container
    visited once."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, (str, bytes, int, float, bool, GraphNode)) or item is None \
                or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif is_dataclass(item):
            stack.extend(getattr(item, f.name) for f in fields(item))
        elif isinstance(item, Iterable):
            stack.extend(item)
