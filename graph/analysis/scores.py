"""Write computed scores back onto the nodes, so saved queries and the explorer can use them.

Each score becomes two node properties: ``score_<name>`` (the value) and ``score_<name>_at``
(when it was computed, UTC ISO-8601), because a score describes the graph as it was when
it was computed and the graph keeps changing with every load. Only names on the allow-list
below reach the Cypher text; values are parameters, one batched statement per node label.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx

from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher

SCORES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
          "core", "community", "brokerage", "dutch_link", "dutch_link_evidence")
BATCH = 10_000


def write_scores(store: GraphStore, ontology: Ontology, graph: nx.Graph, score: str,
                 values: Mapping[str, float | int], *, at: str | None = None) -> int:
    """Set ``score_<score>`` on every node of ``values`` (node types from ``graph``);
    return how many nodes were written."""
    if score not in SCORES:
        raise InvalidInput([Problem("scores", None, "score", f"expected one of "
                                    f"{', '.join(SCORES)}, got {score!r}")])
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node_id, value in values.items():
        by_label[graph.nodes[node_id]["type"]].append({"id": node_id, "value": value})
    written = 0
    for label, rows in sorted(by_label.items()):
        statement = cypher.scores_statement(ontology, label, score)
        for start in range(0, len(rows), BATCH):
            result = store.write(statement, {"rows": rows[start:start + BATCH], "at": at})
            written += int(result.scalar() or 0)
    return written
