"""One visual language for every drawing, map, chart and legend of the explorer.

A node's *type* is its fill colour and its glyph (``colour`` and ``glyph`` in
``graph/model/ontology.yaml``); its *country* is the colour and width of its outline, with
its code (BE, NL) in tooltips and legends. The network drawing draws the glyphs as
vis-network's own shapes, and the site map, the charts and the legends draw the same
outlines from ``GLYPH_PATHS``, so a Belgian lab looks the same on every page. Why these
colours and glyphs: docs/explorer.md, "One visual language".
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from graph.model.ontology import Ontology

#: The explorer's own HTML and SVG (legends, tooltips, glyphs): autoescaped, so a name from a
#: case file can never add markup. Templates ship with the package: no reload checks.
TEMPLATES = Environment(loader=PackageLoader("explorer.viewmodels", "templates"),
                        autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                        lstrip_blocks=True, auto_reload=False)
#: a label the ontology does not declare (a group, a stub)
NEUTRAL_FILL = "#cccccc"
#: the hairline around a type's swatch in a legend: a pale fill stays visible on white
SWATCH_OUTLINE = "#606060"


@dataclass(frozen=True)
class CountryStyle:
    """How an entity shows its country: outline colour and width (pixels at the drawing's
    scale), and its code in tooltips and legends."""

    code: str
    name: str
    border: str
    border_width: int


#: BE black and NL orange stay apart under every colour-vision deficiency (lightness),
#: and neither is a type's fill; elsewhere or unknown is a thin grey hairline.
COUNTRY_STYLES: Mapping[str, CountryStyle] = {
    "BE": CountryStyle("BE", "Belgium", "#000000", 3),
    "NL": CountryStyle("NL", "Netherlands", "#e66100", 3),
}
OTHER_COUNTRY = CountryStyle("other", "other or unknown country", "#8c8c8c", 1)


def country_style(country: str | None) -> CountryStyle:
    """The outline that tells ``country`` apart (BE, NL, anything else)."""
    return COUNTRY_STYLES.get(str(country or "").upper(), OTHER_COUNTRY)


def country_styles() -> list[CountryStyle]:
    """Every country mark in the order legends list them: BE, NL, other."""
    return [*COUNTRY_STYLES.values(), OTHER_COUNTRY]


def _polygon(points: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z"


def _glyph_paths() -> dict[str, str]:
    """Each glyph as an SVG path around (0, 0) at radius 1, at the points vis-network draws
    its shape of that name (``size`` is the radius), so every medium draws one outline."""
    root3 = math.sqrt(3)
    # vis-network's triangle: side 2r, centred on its incircle
    apex, base = root3 - root3 / 3, root3 / 3
    # vis-network's star: r * 0.82, moved down by a tenth, ten points at 1.3r and 0.5r
    star = [((1.3 if n % 2 == 0 else 0.5) * 0.82 * math.sin(n * math.pi / 5),
             0.082 - (1.3 if n % 2 == 0 else 0.5) * 0.82 * math.cos(n * math.pi / 5))
            for n in range(10)]
    return {
        "dot": "M-1,0A1,1,0,1,1,1,0A1,1,0,1,1,-1,0Z",
        "square": "M-1,-1H1V1H-1Z",
        "diamond": _polygon([(0, -1), (1, 0), (0, 1), (-1, 0)]),
        "triangle": _polygon([(0, -apex), (1, base), (-1, base)]),
        "triangleDown": _polygon([(0, apex), (1, -base), (-1, -base)]),
        "star": _polygon(star),
        "hexagon": _polygon([(math.cos(i * math.pi / 3), math.sin(i * math.pi / 3))
                             for i in range(6)]),
    }


#: glyph name (``graph.model.ontology.GLYPHS``) -> SVG path; also an altair ``shape``
GLYPH_PATHS: Mapping[str, str] = _glyph_paths()


@dataclass(frozen=True)
class Mark:
    """One glyph as drawn: outline, fill and stroke (width in pixels at ``px``)."""

    glyph: str
    fill: str
    stroke: str
    stroke_width: float
    px: int = 18

    @property
    def path(self) -> str:
        return GLYPH_PATHS.get(self.glyph, GLYPH_PATHS["dot"])

    @property
    def stroke_units(self) -> float:
        """The stroke width in the glyph's own units: radius 1 is ``px / 2.8`` pixels."""
        return round(self.stroke_width * 2.8 / self.px, 3)

    def svg(self) -> str:
        """A standalone SVG of the glyph (``templates/glyph.svg``, autoescaped)."""
        return TEMPLATES.get_template("glyph.svg").render(mark=self)

    def data_url(self) -> str:
        """The SVG as a ``data:`` URL: an image nothing needs to fetch."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg().encode()).decode()


def type_colour(ontology: Ontology, label: str) -> str:
    node_type = ontology.nodes.get(label)
    return node_type.colour if node_type else NEUTRAL_FILL


def type_glyph(ontology: Ontology, label: str) -> str:
    node_type = ontology.nodes.get(label)
    return node_type.glyph if node_type else "dot"


def type_mark(ontology: Ontology, label: str, px: int = 18) -> Mark:
    """A type's swatch for a legend: its glyph in its colour, a hairline around it."""
    return Mark(type_glyph(ontology, label), type_colour(ontology, label), SWATCH_OUTLINE,
                px / 18, px)


def country_mark(style: CountryStyle, px: int = 18) -> Mark:
    """A country's swatch for a legend: a white dot in the country's outline."""
    return Mark("dot", "#ffffff", style.border, style.border_width, px)


def entity_mark(ontology: Ontology, label: str, country: str | None, px: int = 24) -> Mark:
    """How an entity of ``label`` in ``country`` is drawn: type glyph and fill, country
    outline (the map's icons)."""
    style = country_style(country)
    return Mark(type_glyph(ontology, label), type_colour(ontology, label), style.border,
                style.border_width, px)


def legend_entries(ontology: Ontology, labels: list[str]) -> dict[str, list]:
    """What ``templates/legend.html`` lists: (mark, text) per type and per country."""
    return {"types": [(type_mark(ontology, name), name) for name in labels],
            "countries": [(country_mark(style), f"{style.code} {style.name}"
                           if style is not OTHER_COUNTRY else style.name)
                          for style in country_styles()]}


def altair_country_scales() -> tuple[list[str], list[str], list[int]]:
    """(codes, outline colours, outline widths) for an altair chart's ``stroke`` and
    ``strokeWidth`` of a field holding ``country_style(c).code``."""
    styles = country_styles()
    return ([s.code for s in styles], [s.border for s in styles],
            [s.border_width for s in styles])
