"""The network view as a picture for the case file: an SVG, and a one-page printable chart.

Drawn in Python from the drawing's own data (``VisDrawing``: colours, shapes, sizes,
labels) at the positions the page showed, so the picture is what the investigator saw, in
vectors that print sharp at any size. Nothing the page sends becomes markup: the page sends
positions and ids only, and every text goes through ElementTree or autoescaped jinja2.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from explorer.viewmodels.drawing import VisDrawing
from explorer.viewmodels.visual import GLYPH_PATHS, TEMPLATES
from graph.store.tables import escape_controls

#: space around the drawing, in the drawing's pixels
MARGIN = 40.0
LABEL_COLOUR = "#343434"
EDGE_COLOUR = "#a0a0a0"
LINK_LABEL_COLOUR = "#707070"
#: the selection's ring: the live drawing's highlight colour
SELECTED_COLOUR = "#1a73e8"
SVG = "http://www.w3.org/2000/svg"
#: the key of numbered nodes under the drawing: columns, and the height of a line
KEY_COLUMNS, KEY_LINE = 3, 11.0


@dataclass(frozen=True)
class Placed:
    """A drawing as the page showed it: ``at`` opaque id -> position (a node missing keeps
    the drawing's own), ``unlabelled`` the nodes whose labels were left out for want of
    room, ``selected`` the nodes selected; ``format`` what the user asked for ("svg" or
    "chart")."""

    format: str
    drawing: VisDrawing
    at: Mapping[str, tuple[float, float]]
    unlabelled: frozenset[str] = frozenset()
    selected: frozenset[str] = frozenset()

    def position(self, node: Mapping[str, Any]) -> tuple[float, float]:
        return self.at.get(node["id"]) or (float(node.get("x", 0)), float(node.get("y", 0)))


def svg_picture(placed: Placed, *, declaration: bool = True) -> str:
    """The drawing as an SVG document (text; without the XML declaration to sit inside an
    HTML page). Paper has no hover: a node whose label was left out for want of room gets a
    number, and a key under the drawing names each numbered node."""
    nodes = {n["id"]: n for n in placed.drawing.nodes}
    where = {i: placed.position(n) for i, n in nodes.items()}
    reaches = {i: reach(n) for i, n in nodes.items()}
    numbers = {n["id"]: k for k, n in enumerate(
        sorted((n for n in nodes.values() if n["id"] in placed.unlabelled and n.get("label")),
               key=lambda n: n.get("rank", 0)), start=1)}
    xs = [p[0] for p in where.values()] or [0.0]
    ys = [p[1] for p in where.values()] or [0.0]
    left, top = min(xs) - MARGIN - 80, min(ys) - MARGIN
    width = max(xs) - min(xs) + 2 * (MARGIN + 80)
    drawn = max(ys) - min(ys) + 2 * MARGIN + 24
    key_rows = -(-len(numbers) // KEY_COLUMNS)
    height = drawn + (key_rows * KEY_LINE + KEY_LINE if numbers else 0)
    root = ET.Element("svg", xmlns=SVG, version="1.1", width=_n(width), height=_n(height),
                      viewBox=f"{_n(left)} {_n(top)} {_n(width)} {_n(height)}",
                      **{"font-family": "sans-serif"})
    ET.SubElement(root, "rect", x=_n(left), y=_n(top), width=_n(width), height=_n(height),
                  fill="#ffffff")
    _arrowhead(root)
    for edge in placed.drawing.edges:
        if edge["from"] in where and edge["to"] in where:
            _edge(root, edge, where[edge["from"]], where[edge["to"]], reaches[edge["to"]])
    for node_id, node in nodes.items():
        _node(root, node, where[node_id], labelled=node_id not in placed.unlabelled,
              selected=node_id in placed.selected, number=numbers.get(node_id))
    for k, node_id in enumerate(numbers):
        row, column = divmod(k, KEY_COLUMNS)
        ET.SubElement(root, "text", x=_n(left + MARGIN + column * (width - 2 * MARGIN)
                                         / KEY_COLUMNS),
                      y=_n(top + drawn + (row + 1) * KEY_LINE), fill=LABEL_COLOUR,
                      **{"font-size": "8"}).text = _text(
            f"{numbers[node_id]}  {nodes[node_id]['label']}")
    return ET.tostring(root, encoding="unicode", xml_declaration=declaration)


def printable_chart(placed: Placed, *, title: str, legend: str,
                    provenance: Iterable[Mapping[str, Any]], selection: str, who: str,
                    purpose: str, when: str) -> str:
    """A one-page HTML chart, A4 landscape when printed: the drawing, its legend, the case
    files behind the selection (``provenance`` rows), and who made it, why and when."""
    rows = list(provenance)
    return TEMPLATES.get_template("chart.html").render(
        svg=svg_picture(placed, declaration=False), title=title, legend=legend, rows=rows,
        columns=list(rows[0]) if rows else [], selection=selection, who=who,
        purpose=purpose, when=when)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(value: Any) -> str:
    return escape_controls(str(value))


def reach(node: Mapping[str, Any]) -> float:
    """How far a drawn node's shape reaches from its centre, in the drawing's pixels (a
    box by its label's length)."""
    if node.get("shape") == "box":
        return max(len(str(node.get("label", ""))) * 3.6 + 8, 14)
    return float(node.get("size", 12))


def _arrowhead(root: ET.Element) -> None:
    marker = ET.SubElement(ET.SubElement(root, "defs"), "marker", id="arrow", viewBox="0 0 10 10",
                           refX="10", refY="5", markerWidth="6", markerHeight="6",
                           orient="auto-start-reverse")
    ET.SubElement(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=EDGE_COLOUR)


def _edge(root: ET.Element, edge: Mapping[str, Any], start: tuple[float, float],
          end: tuple[float, float], end_reach: float) -> None:
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    stop = max(length - end_reach - 2, 0) / length
    line = ET.SubElement(root, "line", x1=_n(start[0]), y1=_n(start[1]),
                         x2=_n(start[0] + dx * stop), y2=_n(start[1] + dy * stop),
                         stroke=EDGE_COLOUR, **{"stroke-width": "1"})
    if edge.get("dashes"):
        line.set("stroke-dasharray", "4 3")
    if (edge.get("arrows") or {}).get("to", {}).get("enabled", True):
        line.set("marker-end", "url(#arrow)")
    label = str(edge.get("label") or "")
    ET.SubElement(line, "title").text = _text(label)
    if label and length > 60:  # on paper there is no hover: say what the link is
        ET.SubElement(root, "text", x=_n(start[0] + dx / 2), y=_n(start[1] + dy / 2 - 2),
                      fill=LINK_LABEL_COLOUR, **{"text-anchor": "middle", "font-size": "7",
                                                 "stroke": "#ffffff", "stroke-width": "2",
                                                 "paint-order": "stroke"}).text = _text(label)


def _node(root: ET.Element, node: Mapping[str, Any], at: tuple[float, float],
          labelled: bool, selected: bool = False, number: int | None = None) -> None:
    """A node's shape and label, drawn around 0, 0 and moved to ``at``."""
    colour = node.get("color") or {}
    fill = colour.get("background", "#cccccc") if isinstance(colour, dict) else str(colour)
    stroke = colour.get("border", "#505050") if isinstance(colour, dict) else "#505050"
    style = {"fill": fill, "stroke": stroke,
             "stroke-width": _n(float(node.get("borderWidth", 1)))}
    if (node.get("shapeProperties") or {}).get("borderDashes"):
        style["stroke-dasharray"] = "4 3"
    group = ET.SubElement(root, "g", transform=f"translate({_n(at[0])} {_n(at[1])})")
    label = str(node.get("label") or "")
    ET.SubElement(group, "title").text = _text(label)
    r, shape = reach(node), node.get("shape", "dot")
    font = float((node.get("font") or {}).get("size", 13)) or 13.0
    if shape == "box":
        ET.SubElement(group, "rect", x=_n(-r), y="-11", width=_n(2 * r), height="22", rx="3",
                      **style)
        _label(group, label, 4, min(font, 13))
        return
    if selected:  # a ring around the selection, outside the country outline
        ET.SubElement(group, "circle", r=_n(r + 5), fill="none", stroke=SELECTED_COLOUR,
                      **{"stroke-width": "3"})
    # the glyph's outline at radius 1, scaled; the stroke keeps its width in pixels
    ET.SubElement(group, "path", d=GLYPH_PATHS.get(shape, GLYPH_PATHS["dot"]),
                  transform=f"scale({_n(r)})", **style,
                  **{"vector-effect": "non-scaling-stroke"})
    if labelled and label:
        _label(group, label, r + font + 2, font)
    elif number is not None:  # named in the key under the drawing
        _label(group, str(number), r + 9, 8)


def _label(group: ET.Element, text: str, y: float, size: float) -> None:
    ET.SubElement(group, "text", y=_n(y), fill=LABEL_COLOUR,
                  **{"text-anchor": "middle", "font-size": _n(size), "stroke": "#ffffff",
                     "stroke-width": "3", "paint-order": "stroke"}).text = _text(text)
