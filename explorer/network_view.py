"""The network drawing that talks back: a Streamlit component (Components v2) on vis-network.

Why our own component: it needs clicks back in Python (a card for what was clicked, a
double-click to expand) with nothing fetched from outside. vis-network is the renderer pyvis
already ships (Apache-2.0 or MIT), read from pyvis's package, so the page loads nothing new.
Neo4j's ``neo4j-viz`` was the other candidate: GPL-3.0-only (dismark is EUPL-1.2), a 15 MB
wheel and a WebGL renderer that a headless browser without a GPU may not draw.

The component gets only data (items with opaque ids ``n0``/``e0``, tooltips as text) and
returns opaque ids; ``Interaction`` maps them back to element ids of the ``Network``.
An SVG or a printable chart is drawn here, in Python, from the same data at the positions
the page showed (``explorer.viewmodels.picture``): nothing the page sends is trusted as markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

from explorer.viewmodels.drawing import OPTIONS, VisDrawing, focused_ids, vis_drawing
from explorer.viewmodels.network import Network
from explorer.viewmodels.picture import Placed, reach
from graph.analysis.layout import aligned, separate
from graph.model.ontology import Ontology

_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
_OURS = Path(__file__).parent / "static" / "network_view.js"
_CSS = """
.dm-frame { background: #ffffff; border: 1px solid #e6e6e6; border-radius: 4px; }
.dm-bar { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center;
          padding: 4px 6px; font: 13px sans-serif; border-bottom: 1px solid #eeeeee; }
.dm-bar button { font: 13px sans-serif; padding: 2px 8px; cursor: pointer; white-space: nowrap;
                 border: 1px solid #c8c8c8; border-radius: 4px; background: #fafafa; }
.dm-hint { color: #606060; margin-left: auto; font-size: 12px; }
.dm-canvas { width: 100%; }
.dm-frame:fullscreen .dm-canvas { height: calc(100vh - 40px) !important; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px; max-width: 30em;
                  white-space: normal; font: 13px sans-serif; color: #202020;
                  background: #fffff0; border: 1px solid #808074; border-radius: 3px;
                  box-shadow: 2px 2px 8px rgba(0, 0, 0, 0.2); pointer-events: none;
                  z-index: 5; }
.dm-tip table { border-collapse: collapse; margin-top: 4px; }
.dm-tip td { padding: 0 6px 0 0; vertical-align: top; }
"""


@st.cache_resource(show_spinner=False)
def _component() -> Any:
    # vis-network's UMD build, run as part of our module, sets ``globalThis.vis``
    script = f"{_VIS.read_text(encoding='utf-8')}\n{_OURS.read_text(encoding='utf-8')}"
    return st.components.v2.component("dismark_network", js=script, css=_CSS)


#: vis-network options of the live drawing: ctrl-click selects several nodes
LIVE_OPTIONS = {**OPTIONS, "interaction": {**OPTIONS["interaction"], "multiselect": True}}
#: node sizes when sized by a score: the smallest (no score) and how much the highest adds
SMALLEST, SPREAD = 10.0, 22.0
#: the pictures Python draws from the drawing's data (the PNG is the page's canvas)
DRAWN_FORMATS = ("svg", "chart")
Position = tuple[float, float]


@dataclass(frozen=True)
class Interaction:
    """What the user did in the drawing, as element ids of the drawn ``Network``.

    Attributes
    ----------
    selected : the node or relationship clicked last (still selected), or None.
    nodes : every node selected (ctrl-click adds one), the clicked one among them.
    expand : the node double-clicked in this run, or None.
    pinned : element id -> where the user dragged it in this drawing.
    png : a PNG of the drawing asked for in this run (bytes), or None.
    picture : an SVG or a printable chart asked for in this run: the drawing as placed on
        the page, with the format ("svg" or "chart"), or None.
    """

    selected: str | None = None
    nodes: tuple[str, ...] = ()
    expand: str | None = None
    pinned: dict[str, Position] = field(default_factory=dict)
    png: bytes | None = None
    picture: Placed | None = None


def network_view(network: Network, ontology: Ontology, *, focus_id: str | None = None,
                 selected: str | None = None, height: int = 640, key: str = "network",
                 pictures: bool = False, pinned: Mapping[str, Position] | None = None,
                 sizes: Mapping[str, float] | None = None) -> Interaction:
    """Draw ``network``; ``selected`` (an element id) is shown selected, ``pinned`` nodes
    (element id -> position) where the user left them; ``sizes`` (element id -> a score)
    sizes the nodes and orders their labels instead of their links in view; ``pictures``
    offers the PNG, SVG and chart buttons (the caller logs the export before handing it
    over)."""
    drawing, view = _drawn(network, ontology, focus_id, pinned or {}, sizes, memo=f"{key}-drawn")
    result = _component()(
        data={"nodes": drawing.nodes, "edges": drawing.edges, "options": LIVE_OPTIONS,
              "view": view, "height": height, "pictures": pictures,
              "selected": [drawing.opaque(selected)] if selected else []},
        key=key, height=height + 40, default={"selected": None, "pinned": None},
        on_selected_change=lambda: None, on_expand_change=lambda: None,
        on_export_change=lambda: None, on_pinned_change=lambda: None)
    chosen = _event(view, result.get("selected"))
    return Interaction(_element(drawing, chosen.get("id")),
                       tuple(e for i in chosen.get("nodes") or ()
                             if (e := _element(drawing, i)) is not None),
                       _element(drawing, _event(view, result.get("expand")).get("id")),
                       _positions(drawing, _event(view, result.get("pinned")).get("at")),
                       _png(_event(view, result.get("export"))),
                       _placed(drawing, _event(view, result.get("export"))))


def _drawn(network: Network, ontology: Ontology, focus_id: str | None,
           pinned: Mapping[str, Position], sizes: Mapping[str, float] | None, *, memo: str
           ) -> tuple[VisDrawing, str]:
    """The drawing and its view key, made again only when the network or how it is drawn
    changed: a click reruns the page's fragment with the same network, and laying out a
    few hundred nodes would cost most of the click (kept per session, by identity). A new
    drawing keeps the nodes of the session's last one where they were (``steadied``)."""
    how = (focus_id, dict(pinned), dict(sizes) if sizes is not None else None)
    kept = st.session_state.get(memo)
    if kept is not None and kept[0] is network and kept[1] == how:
        return kept[2], kept[3]
    drawing = vis_drawing(network, ontology, focus_id=focus_id)
    if sizes is not None:
        drawing = sized(drawing, sizes, focused_ids(network, focus_id))
    if kept is not None:
        drawing = steadied(drawing, kept[2])
    drawing = placed(drawing, pinned)
    drawing = apart(drawing, {drawing.opaque(e) for e in pinned})
    view = _view_key(drawing)
    st.session_state[memo] = (network, how, drawing, view)
    return drawing, view


def steadied(drawing: VisDrawing, before: VisDrawing) -> VisDrawing:
    """``drawing`` fitted onto ``before`` (``graph.analysis.layout.aligned``): the nodes
    both show stay where the investigator last saw them, what is new comes in around them."""
    old = {before.origin[n["id"]]: (n["x"], n["y"]) for n in before.nodes}
    at = aligned({drawing.origin[n["id"]]: (n["x"], n["y"]) for n in drawing.nodes}, old)
    return _moved(drawing, {n["id"]: at[drawing.origin[n["id"]]] for n in drawing.nodes})


def apart(drawing: VisDrawing, fixed: set[str | None]) -> VisDrawing:
    """``drawing`` with no node's shape over another's (``graph.analysis.layout.separate``);
    the ``fixed`` nodes (pinned) stay put."""
    return _moved(drawing, separate({n["id"]: (n["x"], n["y"]) for n in drawing.nodes},
                                    {n["id"]: reach(n) for n in drawing.nodes}, fixed=fixed))


def placed(drawing: VisDrawing, pinned: Mapping[str, Position]) -> VisDrawing:
    """``drawing`` with the pinned nodes (element id -> position) where the user put them."""
    return _moved(drawing, {drawing.opaque(e): p for e, p in pinned.items()})


def _moved(drawing: VisDrawing, at: Mapping[str | None, Position]) -> VisDrawing:
    """``drawing`` with the nodes of ``at`` (opaque id -> position) moved there, to a tenth
    of a pixel; the others as they were."""
    return replace(drawing, nodes=[{**n, "x": round(at[n["id"]][0], 1),
                                    "y": round(at[n["id"]][1], 1)}
                                   if n["id"] in at else n for n in drawing.nodes])


def sized(drawing: VisDrawing, scores: Mapping[str, float], focused: set[str]) -> VisDrawing:
    """``drawing`` with its nodes sized by ``scores`` (element id -> a score, none: the
    smallest) and their labels ranked by it: the ``focused`` nodes and the boxes (groups,
    "+N more") keep their size and come first, as ``vis_drawing`` ranks them."""
    top = max((v for v in scores.values() if v > 0), default=1.0)
    by_opaque = {drawing.opaque(e): v for e, v in scores.items()}
    first = sorted(drawing.nodes, key=lambda n: n["rank"])
    kept_ids = {drawing.opaque(e) for e in focused}
    kept = [n for n in first if n["id"] in kept_ids
            or drawing.origin[n["id"]].startswith(("group:", "more:"))]
    rest = sorted((n for n in first if n not in kept),
                  key=lambda n: (-by_opaque.get(n["id"], 0.0), n["rank"]))
    rank = {n["id"]: i for i, n in enumerate([*kept, *rest])}
    return replace(drawing, nodes=[
        {**n, "rank": rank[n["id"]],
         **({} if n in kept else
            {"size": round(SMALLEST + SPREAD * math.sqrt(max(by_opaque.get(n["id"], 0.0), 0.0)
                                                         / top), 1)})}
        for n in drawing.nodes])


def _view_key(drawing: VisDrawing) -> str:
    """Names one drawing: a click made on an older drawing (ids ``n3`` of another network)
    is ignored rather than mapped to the wrong node."""
    text = json.dumps([drawing.nodes, drawing.edges], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _event(view: str, event: Any) -> dict[str, Any]:
    """An event of this drawing (``view``); an older drawing's or a malformed one is empty."""
    return event if isinstance(event, dict) and event.get("view") == view else {}


def _element(drawing: VisDrawing, opaque: Any) -> str | None:
    return drawing.origin.get(str(opaque)) if opaque is not None else None


def _positions(drawing: VisDrawing, at: Any) -> dict[str, Position]:
    """Opaque id -> [x, y] from the page as element id -> position; anything else dropped."""
    if not isinstance(at, dict):
        return {}
    found = {}
    for opaque, xy in at.items():
        element = _element(drawing, opaque)
        if element is not None and isinstance(xy, list) and len(xy) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e6
                for v in xy):
            found[element] = (float(xy[0]), float(xy[1]))
    return found


def _placed(drawing: VisDrawing, event: dict[str, Any]) -> Placed | None:
    if event.get("format") not in DRAWN_FORMATS:
        return None
    at = {drawing.opaque(e): p for e, p in _positions(drawing, event.get("at")).items()}
    return Placed(event["format"], drawing, at, _known(drawing, event.get("unlabelled")),
                  _known(drawing, event.get("selected")))


def _known(drawing: VisDrawing, ids: Any) -> frozenset[str]:
    """The drawing's own opaque ids among ``ids`` from the page (anything else dropped)."""
    return frozenset(i for i in ids or () if isinstance(i, str) and i in drawing.origin) \
        if isinstance(ids, list) else frozenset()


def _png(event: dict[str, Any]) -> bytes | None:
    head, _, body = str(event.get("data", "")).partition(",")
    if event.get("format") != "png" or head != "data:image/png;base64":
        return None
    picture = base64.b64decode(body, validate=True)
    return picture if picture.startswith(b"\x89PNG\r\n\x1a\n") else None
