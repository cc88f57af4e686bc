"""Network export (graph -> networkx), against the plainest read of the same rows, same run.

    python -m bench.export --store falkordb-lite:PATH

The export (``graph.analysis.to_networkx.export_network``, what ``dismark metrics`` and the Key
players page start from) reads every actor with its caption, country and provenance and every tie
with its grading, dates and sources, one query per label and type, and builds a multigraph. The
baseline reads only the ids of the same nodes and relationships, one query per label and type, and
builds nothing: what any export must at least pay.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench.clock import timed
from graph.analysis.to_networkx import NOT_ACTORS, Selection, export_network
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, cypher, open_store


def _plain_read(store: GraphStore, ontology: Ontology, selection: Selection) -> int:
    ceiling = store.settings.row_ceiling
    rows = 0
    for name in ontology.nodes:
        if name not in NOT_ACTORS:
            rows += len(store.read(f"MATCH (n:{cypher.label(ontology, name)}) RETURN n.id",
                                   max_rows=ceiling).rows)
    for rel in selection.relationship_types:
        rows += len(store.read(f"MATCH (a)-[r:{cypher.rel_type(ontology, rel)}]->(b) "
                               "RETURN r.id, a.id, b.id", max_rows=ceiling).rows)
    return rows


def run(store: GraphStore, ontology: Ontology) -> dict[str, Any]:
    selection = Selection()
    seconds, graph = timed(lambda: export_network(store, ontology, selection))
    baseline, read_rows = timed(lambda: _plain_read(store, ontology, selection))
    rows = graph.number_of_nodes() + graph.number_of_edges()
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "seconds": seconds, "rows_per_s": rows / seconds, "baseline_rows": read_rows,
            "baseline_s": baseline, "baseline_rows_per_s": read_rows / baseline,
            "ratio": (rows / seconds) / (read_rows / baseline)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="the graph to export")
    args = parser.parse_args(argv)
    store = open_store(args.store)
    try:
        print(json.dumps(run(store, load_ontology()), indent=2))
    finally:
        store.close()


if __name__ == "__main__":
    main()
