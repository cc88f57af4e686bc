"""The explorer's network picture: a ``Network`` drawn as self-contained pyvis HTML.

Fill colour comes from the node's label in the ontology; the country (Belgium, the
Netherlands, elsewhere or unknown) from the node's shape and border, so the cross-border
structure shows at a glance. Positions are computed on the server (``graph.analysis.layout``) and
physics is off: pyvis's own physics takes tens of seconds on a few hundred nodes in a
browser. Tooltips and the legend are our own jinja2 templates (``templates/``, autoescape on),
so every piece of case-file text in them is escaped by default; labels are drawn on a canvas
as plain text and reach the page only as JSON (pyvis's ``tojson``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from pyvis.network import Network as PyvisNetwork

from explorer.viewmodels.network import Network
from graph.analysis.layout import force_layout
from graph.model.ontology import PROVENANCE, RELATIONSHIP_PROVENANCE, Ontology
from graph.store import GraphNode, GraphRelationship

#: Longest property value shown in a tooltip; the full text is on the entity's page.
TOOLTIP_VALUE_CHARS = 300
NEUTRAL_FILL = "#cccccc"


@dataclass(frozen=True)
class CountryStyle:
    """How a node shows its country: vis-network shape, border colour and width."""

    name: str
    shape: str
    border: str
    border_width: int
    symbol: str


COUNTRY_STYLES: Mapping[str, CountryStyle] = {
    "BE": CountryStyle("Belgium", "square", "#000000", 3, "■"),
    "NL": CountryStyle("Netherlands", "diamond", "#ff6f00", 3, "◆"),
}
OTHER_COUNTRY = CountryStyle("other or unknown country", "dot", "#8c8c8c", 1, "●")

_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "color": {"color": "#a0a0a0", "highlight": "#404040", "hover": "#404040"},
              "font": {"size": 9, "color": "#707070", "strokeWidth": 3, "align": "middle"},
              "smooth": False},
}

#: The explorer's own HTML (legends, tooltips): autoescaped, so a name from a case file can
#: never add markup. pyvis renders its page with its own template; see ``network_html``.
#: Templates ship with the package and never change while it runs: no reload checks.
TEMPLATES = Environment(loader=PackageLoader("explorer.viewmodels", "templates"),
                        autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                        lstrip_blocks=True, auto_reload=False)

# pyvis's template always links Bootstrap from a CDN, which the network view does not use;
# dropping it keeps the page working on machines without internet access.
_CDN_TAG = re.compile(r"<(link|script)\b[^>]*cdn\.jsdelivr\.net/npm/bootstrap[^>]*>"
                      r"(\s*</script>)?", re.S)


def primary_label(node: GraphNode, ontology: Ontology) -> str:
    """The node's ontology label (the first declared one), else its first label."""
    for name in node.labels:
        if name in ontology.nodes:
            return name
    return node.labels[0] if node.labels else "?"


def caption(node: GraphNode, ontology: Ontology) -> str:
    """The text a node is shown by: its type's caption property, else its id."""
    node_type = ontology.nodes.get(primary_label(node, ontology))
    value = node.properties.get(node_type.caption) if node_type else None
    return str(value if value not in (None, "") else node.properties.get("id", node.element_id))


def node_countries(network: Network, ontology: Ontology) -> dict[str, str | None]:
    """Element id -> country code of every node in ``network``.

    A node's own country property wins; a node without one (a plantation or lab whose case
    file left it out) takes the country of a location it is ``LOCATED_IN`` in the network.
    """
    own = {eid: ontology.country_of(primary_label(node, ontology), node.properties)
           for eid, node in network.nodes.items()}
    countries = dict(own)
    for rel in network.relationships:
        if rel.type == "LOCATED_IN" and countries[rel.start] is None:
            countries[rel.start] = own.get(rel.end)
    return countries


def country_style(country: str | None) -> CountryStyle:
    """The shape and border that tell ``country`` apart (BE, NL, anything else)."""
    return COUNTRY_STYLES.get(str(country or "").upper(), OTHER_COUNTRY)


def layout(network: Network, size: float | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions of every node and "+N more" stub: a seeded force layout
    (``graph.analysis.layout``), so the same network always looks the same.
    """
    stubs = [eid for eid in network.more if eid in network.nodes]
    nodes = [*network.nodes, *(more_id(eid) for eid in stubs)]
    edges = [*((r.start, r.end) for r in network.relationships),
             *((eid, more_id(eid)) for eid in stubs)]
    return force_layout(nodes, edges, scale=size)


def network_html(network: Network, ontology: Ontology, *, focus_id: str | None = None,
                 height: str = "640px") -> str:
    """A self-contained HTML page drawing ``network`` with vis-network (via pyvis).

    Parameters
    ----------
    network : the nodes and relationships to draw (from
        ``explorer.viewmodels.network.network_around``).
    ontology : gives each label's colour and caption, and each type's country property.
    focus_id : element id of the node to emphasise; defaults to every entity the network
        was fetched around (``network.seeds``, else ``network.focus``).
    height : CSS height of the drawing.

    Returns
    -------
    str
        The page, vis-network inlined; nothing is written to disk.
    """
    focused = {focus_id} if focus_id is not None else set(network.seeds or [network.focus])
    countries = node_countries(network, ontology)
    positions = layout(network)
    net = PyvisNetwork(height=height, width="100%", directed=True, cdn_resources="in_line")
    # Filled directly: pyvis's add_node/add_edge check for duplicates quadratically.
    net.nodes = [_vis_node(node, ontology, countries[eid], positions[eid], eid in focused)
                 for eid, node in network.nodes.items()]
    net.edges = [_vis_edge(rel) for rel in network.relationships]
    for eid, count in network.more.items():
        if eid in network.nodes and count > 0:
            net.nodes.append(_more_node(eid, count, positions[more_id(eid)]))
            net.edges.append(_more_edge(eid, count))
    _make_ids_opaque(net.nodes, net.edges)
    net.options = _OPTIONS
    # pyvis's template is not autoescaped, but what reaches it is safe: nodes and edges go
    # through its ``tojson`` (which escapes <, > and &), ids are opaque, titles are our
    # escaped tooltips, and heading, sizes and options are constants of this module.
    page = _CDN_TAG.sub("", net.generate_html())
    script = TEMPLATES.get_template("tooltips_script.html").render()
    head, _, tail = page.rpartition("</body>")
    return f"{head}{script}\n</body>{tail}" if head else f"{page}{script}\n"


def _make_ids_opaque(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Renumber the drawing's ids ``n0, n1 …`` and ``e0, e1 …``: whatever a store or a
    case file uses as an id never reaches the page's script (pyvis does not escape ids)."""
    ids = {node["id"]: f"n{i}" for i, node in enumerate(nodes)}
    for node in nodes:
        node["id"] = ids[node["id"]]
    for i, edge in enumerate(edges):
        edge.update(id=f"e{i}", to=ids[edge["to"]], **{"from": ids[edge["from"]]})


def legend_html(ontology: Ontology, labels: Iterable[str] | None = None) -> str:
    """A small HTML legend: how BE / NL / other nodes look, and the colours of ``labels``
    (default: every node type in the ontology), for ``st.html`` or any page.
    """
    shown = list(labels) if labels is not None else list(ontology.nodes)
    shapes = [*COUNTRY_STYLES.items(), ("", OTHER_COUNTRY)]
    return TEMPLATES.get_template("legend.html").render(
        countries=[(style, f"{code} {style.name}".strip()) for code, style in shapes],
        types=[(_colour(ontology, name), name) for name in shown])


def _colour(ontology: Ontology, name: str) -> str:
    node_type = ontology.nodes.get(name)
    return node_type.colour if node_type else NEUTRAL_FILL


def _vis_node(node: GraphNode, ontology: Ontology, country: str | None,
              position: tuple[float, float], focused: bool) -> dict[str, Any]:
    name = primary_label(node, ontology)
    style = country_style(country)
    fill = _colour(ontology, name)
    own = ontology.country_of(name, node.properties)
    where = country if country == own or not country else f"{country} (from its location)"
    lines = [f"{name} · {node.properties.get('id', node.element_id)}",
             f"country: {where or 'unknown'}"]
    return {
        "id": node.element_id,
        "label": caption(node, ontology),
        "title": _tooltip(caption(node, ontology), lines, node.properties, PROVENANCE),
        "shape": style.shape,
        "size": 24 if focused else 14,
        "borderWidth": style.border_width + (2 if focused else 0),
        "color": {"background": fill, "border": style.border,
                  "highlight": {"background": fill, "border": "#1a73e8"},
                  "hover": {"background": fill, "border": "#1a73e8"}},
        "font": {"size": 16 if focused else 13},
        "x": position[0],
        "y": position[1],
    }


def more_id(element_id: str) -> str:
    """The vis id of the "+N more" stub of a capped node. Element ids are a number
    (FalkorDB) or start with one (Neo4j), so the prefix cannot clash with a node's."""
    return f"more:{element_id}"


def _more_node(element_id: str, count: int, position: tuple[float, float]) -> dict[str, Any]:
    return {"id": more_id(element_id), "label": f"+{count} more", "shape": "box",
            "title": f"{count} more neighbour{'s' if count != 1 else ''} not shown (capped); "
                     "narrow the filters to choose which.",
            "color": {"background": "#f4f4f4", "border": "#8c8c8c"},
            "font": {"size": 12, "color": "#505050"}, "borderWidth": 1,
            "x": position[0], "y": position[1]}


def _more_edge(element_id: str, count: int) -> dict[str, Any]:
    return {"id": f"{more_id(element_id)}:edge", "from": element_id,
            "to": more_id(element_id), "dashes": True, "arrows": {"to": {"enabled": False}},
            "title": f"{count} more not shown"}


def _vis_edge(rel: GraphRelationship) -> dict[str, Any]:
    return {"id": rel.element_id, "from": rel.start, "to": rel.end, "label": rel.type,
            "title": _tooltip(rel.type, [], rel.properties, RELATIONSHIP_PROVENANCE)}


def _tooltip(title: str, lines: list[str], properties: Mapping[str, Any],
             provenance: tuple[str, ...]) -> str:
    """HTML (``templates/tooltip.html``, autoescaped): the title, the header lines, then the
    properties, provenance last."""
    ordinary = sorted(k for k in properties if k not in provenance and k != "id")
    return TEMPLATES.get_template("tooltip.html").render(
        title=title, lines=lines,
        properties=[(k, _shown(properties[k])) for k in ordinary],
        provenance=[(k, _shown(properties[k])) for k in provenance if k in properties])


def _shown(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return text if len(text) <= TOOLTIP_VALUE_CHARS else text[:TOOLTIP_VALUE_CHARS - 1] + "…"
