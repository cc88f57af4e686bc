"""Files an analyst takes away from the explorer: a query's rows as CSV, a network as
GraphML (for Gephi, yEd, i2 or networkx). Both carry case-file text, so both are built from
the same plain values the screen shows.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from explorer.viewmodels.network import Network
from graph.store import QueryResult
from graph.store.tables import escape_controls, render


def csv_bytes(result: QueryResult) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark, so spreadsheet programs read the
    Dutch and French diacritics right; cells that a spreadsheet would run as a formula are
    neutralised (``graph.store.tables``)."""
    return ("\ufeff" + render(result, "csv")).encode("utf-8")


def graphml_bytes(network: Network) -> bytes:
    """``network`` as GraphML: node ids are the entities' ``id``, every property kept
    (lists joined with "; ", since GraphML attributes are scalars), labels in ``labels``.
    Control characters XML 1.0 cannot hold are escaped, so the file always parses."""
    graph = nx.MultiDiGraph()
    names = {eid: _xml_text(str(node.properties.get("id", eid)))
             for eid, node in network.nodes.items()}
    for eid, node in network.nodes.items():
        graph.add_node(names[eid], labels=";".join(node.labels),
                       **_scalars(node.properties))
    for rel in network.relationships:
        graph.add_edge(names[rel.start], names[rel.end], key=rel.element_id, type=rel.type,
                       **_scalars(rel.properties))
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


def _xml_text(text: str) -> str:
    return escape_controls(text, keep="\t\n\r")


def _scalars(properties: dict[str, Any]) -> dict[str, Any]:
    values = {k: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
              for k, v in properties.items() if v is not None and k != "id"}
    return {_xml_text(k): _xml_text(v) if isinstance(v, str) else v for k, v in values.items()}
