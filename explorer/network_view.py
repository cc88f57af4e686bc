"""The network drawing that talks back: a Streamlit component (Components v2) on vis-network.

Why our own component: it needs clicks back in Python (a card for what was clicked, a
double-click to expand) with nothing fetched from outside. vis-network is the renderer pyvis
already ships (Apache-2.0 or MIT), read from pyvis's package, so the page loads nothing new.
Neo4j's ``neo4j-viz`` was the other candidate: GPL-3.0-only (dismark is EUPL-1.2), a 15 MB
wheel and a WebGL renderer that a headless browser without a GPU may not draw.

The component gets only data (items with opaque ids ``n0``/``e0``, tooltips as text) and
returns opaque ids; ``Interaction`` maps them back to element ids of the ``Network``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

from explorer.viewmodels.drawing import OPTIONS, VisDrawing, vis_drawing
from explorer.viewmodels.network import Network
from graph.model.ontology import Ontology

_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
_OURS = Path(__file__).parent / "static" / "network_view.js"
_CSS = """
.dm-frame { background: #ffffff; border: 1px solid #e6e6e6; border-radius: 4px; }
.dm-bar { display: flex; gap: 6px; align-items: center; padding: 4px 6px;
          font: 13px sans-serif; border-bottom: 1px solid #eeeeee; }
.dm-bar button { font: 13px sans-serif; padding: 2px 8px; cursor: pointer;
                 border: 1px solid #c8c8c8; border-radius: 4px; background: #fafafa; }
.dm-hint { color: #606060; margin-left: auto; }
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


@dataclass(frozen=True)
class Interaction:
    """What the user did in the drawing, as element ids of the drawn ``Network``.

    Attributes
    ----------
    selected : the node or relationship clicked last (still selected), or None.
    expand : the node double-clicked in this run, or None.
    png : a PNG of the drawing asked for in this run (bytes), or None.
    """

    selected: str | None = None
    expand: str | None = None
    png: bytes | None = None


def network_view(network: Network, ontology: Ontology, *, focus_id: str | None = None,
                 selected: str | None = None, height: int = 640, key: str = "network",
                 pictures: bool = False) -> Interaction:
    """Draw ``network``; ``selected`` (an element id) is shown selected; ``pictures``
    offers the PNG button (the caller logs the export before handing it over)."""
    drawing = vis_drawing(network, ontology, focus_id=focus_id)
    view = _view_key(drawing)
    result = _component()(
        data={"nodes": drawing.nodes, "edges": drawing.edges, "options": OPTIONS,
              "view": view, "height": height, "pictures": pictures,
              "selected": drawing.opaque(selected) if selected else None},
        key=key, height=height + 40, default={"selected": None},
        on_selected_change=lambda: None, on_expand_change=lambda: None,
        on_export_change=lambda: None)
    return Interaction(_element(drawing, view, result.get("selected")),
                       _element(drawing, view, result.get("expand")),
                       _png(view, result.get("export")))


def _view_key(drawing: VisDrawing) -> str:
    """Names one drawing: a click made on an older drawing (ids ``n3`` of another network)
    is ignored rather than mapped to the wrong node."""
    text = json.dumps([drawing.nodes, drawing.edges], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _element(drawing: VisDrawing, view: str, event: Any) -> str | None:
    if not isinstance(event, dict) or event.get("view") != view:
        return None
    return drawing.origin.get(str(event.get("id")))


def _png(view: str, event: Any) -> bytes | None:
    if not isinstance(event, dict) or event.get("view") != view:
        return None
    head, _, body = str(event.get("data", "")).partition(",")
    if event.get("format") != "png" or head != "data:image/png;base64":
        return None
    picture = base64.b64decode(body, validate=True)
    return picture if picture.startswith(b"\x89PNG\r\n\x1a\n") else None
