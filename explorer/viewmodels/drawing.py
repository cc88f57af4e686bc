"""The explorer's network picture: a ``Network`` drawn as self-contained pyvis HTML.

A node's type is its fill colour and shape (its ``glyph`` in the ontology); its country
(Belgium, the Netherlands, elsewhere or unknown) the colour and width of its border, as on
every map and chart (``explorer.viewmodels.visual``), so the cross-border structure shows
at a glance. Positions are computed on the server (``graph.analysis.layout``) and
physics is off: pyvis's own physics takes tens of seconds on a few hundred nodes in a
browser. Tooltips and the legend are our own jinja2 templates (``templates/``, autoescape on),
so every piece of case-file text in them is escaped by default; labels are drawn on a canvas
as plain text and reach the page only as JSON (pyvis's ``tojson``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pyvis.network import Network as PyvisNetwork

from explorer.viewmodels.network import Network
from explorer.viewmodels.visual import (
    TEMPLATES,
    country_style,
    legend_entries,
    type_colour,
    type_glyph,
)
from graph.analysis.layout import force_layout
from graph.model.identifiers import NORMAL_SUFFIX, phone_country
from graph.model.ontology import BOOKKEEPING, PROVENANCE, RELATIONSHIP_PROVENANCE, Ontology
from graph.store import GraphNode, GraphRelationship

#: Longest property value shown in a tooltip; the full text is on the entity's page.
TOOLTIP_VALUE_CHARS = 300
#: How far from the centre nodes are placed at most, in pixels: a drawing 640 px high fitted
#: to this shows 13 px labels at 10 px or more (vis-network draws none below 5 px, so a
#: wider layout of 100 nodes showed no label at all). Crowded labels are left for hover.
READABLE_REACH = 400.0
#: the label of a group node (``grouping``): never a stored node's
GROUP_LABEL = "Group"


#: vis-network options shared by the live drawing and the static page.
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "color": {"color": "#a0a0a0", "highlight": "#404040", "hover": "#404040"},
              # 0: drawn only when hovered or selected (the live drawing's script)
              "font": {"size": 0, "color": "#707070", "strokeWidth": 3, "align": "middle"},
              "smooth": False},
}

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
    shown = node_type.caption_of(node.properties) if node_type else None
    return shown or str(node.properties.get("id", node.element_id))


def node_countries(network: Network, ontology: Ontology) -> dict[str, str | None]:
    """Element id -> country code of every node in ``network``.

    A node's own country property wins; a phone has the country of its number (its
    calling code, from the normal form the loader stored); a node without one (a plantation
    or lab whose case file left it out) takes the country of a location it is
    ``LOCATED_IN`` in the network.
    """
    own = {eid: ontology.country_of(primary_label(node, ontology), node.properties)
           or _number_country(node) for eid, node in network.nodes.items()}
    countries = dict(own)
    for rel in network.relationships:
        if rel.type == "LOCATED_IN" and countries[rel.start] is None:
            countries[rel.start] = own.get(rel.end)
    return countries


def _number_country(node: GraphNode) -> str | None:
    number = node.properties.get("number" + NORMAL_SUFFIX)
    return phone_country(str(number)) if number else None


def layout(network: Network, size: float | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions of every node and "+N more" stub: a seeded force layout
    (``graph.analysis.layout``), so the same network always looks the same.
    """
    stubs = [eid for eid in network.more if eid in network.nodes]
    nodes = [*network.nodes, *(more_id(eid) for eid in stubs)]
    edges = [*((r.start, r.end) for r in network.relationships),
             *((eid, more_id(eid)) for eid in stubs)]
    return force_layout(nodes, edges, scale=size)


@dataclass(frozen=True)
class VisDrawing:
    """A network as vis-network items: nodes and edges with opaque ids (``n0``, ``e0`` …)
    and where each id came from (element ids; a "+N more" stub maps to ``more:<element>``)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    origin: dict[str, str]

    def opaque(self, element_id: str) -> str | None:
        """The drawing's id of a node or relationship of the network."""
        return next((k for k, v in self.origin.items() if v == element_id), None)


def vis_drawing(network: Network, ontology: Ontology, *,
                focus_id: str | None = None) -> VisDrawing:
    """``network`` as vis-network nodes and edges, placed by ``layout``; the entities it was
    fetched around (or ``focus_id``) drawn larger. Tooltips are data (``tip``: heading,
    lines, rows), never markup: the drawing turns them into text."""
    focused = focused_ids(network, focus_id)
    countries = node_countries(network, ontology)
    count = len(network.nodes) + len(network.more)
    positions = layout(network, min(120 * math.sqrt(max(count, 1)), READABLE_REACH))
    degree = Counter(end for rel in network.relationships for end in (rel.start, rel.end))
    nodes = [_group_node(node, positions[eid]) if GROUP_LABEL in node.labels else
             _vis_node(node, ontology, countries[eid], positions[eid], eid in focused,
                       degree[eid]) for eid, node in network.nodes.items()]
    edges = [_vis_edge(rel) for rel in network.relationships]
    for eid, count in network.more.items():
        if eid in network.nodes and count > 0:
            nodes.append(_more_node(eid, count, positions[more_id(eid)]))
            edges.append(_more_edge(eid, count))
    # Which labels matter most (0 first): the entities asked for, groups, the busiest. The
    # drawing's script keeps a label only where it overlaps none that matters more, measured
    # on the drawn canvas; the others show on hover or selection.
    order = sorted(nodes, key=lambda n: (n["id"] not in focused,
                                         not str(n["id"]).startswith("group:"),
                                         -degree.get(n["id"], 0), str(n["id"])))
    for rank, node in enumerate(order):
        node["rank"] = rank
    origin = _make_ids_opaque(nodes, edges)
    return VisDrawing(nodes, edges, origin)


def focused_ids(network: Network, focus_id: str | None = None) -> set[str]:
    """The nodes drawn larger and labelled first: ``focus_id``, else every entity the
    network was fetched around."""
    return {focus_id} if focus_id is not None else set(network.seeds or [network.focus])


def network_html(network: Network, ontology: Ontology, *, focus_id: str | None = None,
                 height: str = "640px") -> str:
    """A self-contained HTML page drawing ``network`` with vis-network (via pyvis): a static
    copy (nothing comes back to Python) for a file or a report.

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
    drawing = vis_drawing(network, ontology, focus_id=focus_id)
    net = PyvisNetwork(height=height, width="100%", directed=True, cdn_resources="in_line")
    # Filled directly: pyvis's add_node/add_edge check for duplicates quadratically.
    net.nodes = [_with_html_title(item) for item in drawing.nodes]
    net.edges = [_with_html_title(item) for item in drawing.edges]
    net.options = OPTIONS
    # pyvis's template is not autoescaped, but what reaches it is safe: nodes and edges go
    # through its ``tojson`` (which escapes <, > and &), ids are opaque, titles are our
    # escaped tooltips, and heading, sizes and options are constants of this module.
    page = _CDN_TAG.sub("", net.generate_html())
    script = TEMPLATES.get_template("tooltips_script.html").render()
    head, _, tail = page.rpartition("</body>")
    return f"{head}{script}\n</body>{tail}" if head else f"{page}{script}\n"


def _with_html_title(item: dict[str, Any]) -> dict[str, Any]:
    """A vis item whose tooltip data became escaped HTML (``templates/tooltip.html``)."""
    out = {k: v for k, v in item.items() if k != "tip"}
    if "tip" in item:
        out["title"] = TEMPLATES.get_template("tooltip.html").render(**item["tip"])
    return out


def _make_ids_opaque(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
                     ) -> dict[str, str]:
    """Renumber the drawing's ids ``n0, n1 …`` and ``e0, e1 …``: whatever a store or a
    case file uses as an id never reaches the page's script (pyvis does not escape ids).
    Returns opaque id -> original id."""
    ids = {node["id"]: f"n{i}" for i, node in enumerate(nodes)}
    origin = {new: old for old, new in ids.items()}
    for node in nodes:
        node["id"] = ids[node["id"]]
    for i, edge in enumerate(edges):
        origin[f"e{i}"] = edge["id"]
        edge.update(id=f"e{i}", to=ids[edge["to"]], **{"from": ids[edge["from"]]})
    return origin


def legend_html(ontology: Ontology, labels: Iterable[str] | None = None) -> str:
    """A small HTML legend for ``st.html`` or any page: the glyph and colour of ``labels``
    (default: every node type in the ontology) and the outline of BE / NL / other, drawn
    as the drawings, the map and the charts draw them; it wraps on a narrow page.
    """
    shown = list(labels) if labels is not None else list(ontology.nodes)
    return TEMPLATES.get_template("legend.html").render(**legend_entries(ontology, shown))


def _group_node(node: GraphNode, position: tuple[float, float]) -> dict[str, Any]:
    """A folded group (``grouping``): a box saying how many of what; a click opens it."""
    name = str(node.properties.get("name"))
    return {"id": node.element_id, "label": name, "shape": "box",
            "tip": {"heading": f"{name} around {node.properties.get('around')}",
                    "lines": ["Click to open the group"], "rows": [], "provenance": []},
            "color": {"background": "#f4f4f4", "border": "#505050",
                      "highlight": {"background": "#e8f0fe", "border": "#1a73e8"}},
            "font": {"size": 13, "color": "#202020"}, "borderWidth": 1,
            "shapeProperties": {"borderDashes": [4, 3]},
            "x": position[0], "y": position[1]}


def _vis_node(node: GraphNode, ontology: Ontology, country: str | None,
              position: tuple[float, float], focused: bool, degree: int = 0
              ) -> dict[str, Any]:
    name = primary_label(node, ontology)
    style = country_style(country)
    fill = type_colour(ontology, name)
    own = ontology.country_of(name, node.properties)
    where = country if country == own or not country else f"{country} (from its location)"
    lines = [f"{name} · {node.properties.get('id', node.element_id)}",
             f"country: {where or 'unknown'}"]
    return {
        "id": node.element_id,
        "label": caption(node, ontology),
        "tip": _tooltip(caption(node, ontology), lines, node.properties, PROVENANCE),
        # the type's glyph as vis-network's own shape: hover and selection still redraw
        # its border in blue; the country is the border's colour and width
        "shape": type_glyph(ontology, name),
        # bigger for the entities asked for and for the busier nodes of the view
        "size": 24 if focused else round(10 + 3 * min(degree, 36) ** 0.5),
        # the width is part of the country mark: the entities asked for are larger instead
        "borderWidth": style.border_width,
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
            "tip": _tooltip(rel.type, [], rel.properties, RELATIONSHIP_PROVENANCE)}


def _tooltip(title: str, lines: list[str], properties: Mapping[str, Any],
             provenance: tuple[str, ...]) -> dict[str, Any]:
    """A tooltip as data: the title, the header lines, the properties (``rows``: name,
    value), then the provenance ones (``provenance``, shown in italics)."""
    ordinary = sorted(k for k in properties if k not in provenance and k != "id")
    return {"heading": title, "lines": lines,
            "rows": [(k, _shown(properties[k])) for k in ordinary],
            "provenance": [(k, _shown(properties[k])) for k in provenance
                           if k in properties and k not in BOOKKEEPING]}


def _shown(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return text if len(text) <= TOOLTIP_VALUE_CHARS else text[:TOOLTIP_VALUE_CHARS - 1] + "…"
