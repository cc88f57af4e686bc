"""A whole graph as plain, sorted data, to compare two graphs exactly."""

from __future__ import annotations

from graph.store import GraphStore

#: differs between two loads of the same files
VOLATILE = frozenset({"loaded_at"})


def _freeze(props: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in props.items() if k not in VOLATILE))


def dump(store: GraphStore) -> tuple[list, list]:
    nodes = store.read("MATCH (n) RETURN labels(n), properties(n)", max_rows=1_000_000)
    rels = store.read("MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)",
                      max_rows=1_000_000)
    assert not nodes.truncated and not rels.truncated
    return (sorted((tuple(labels), _freeze(props)) for labels, props in nodes.rows),
            sorted((t, a, b, _freeze(props)) for t, a, b, props in rels.rows))
