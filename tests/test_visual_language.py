"""One visual language (explorer/viewmodels/visual.py): the node types' colours and glyphs in
graph/model/ontology.yaml stay apart for readers with a colour-vision deficiency, the
country outline is the same mark on the drawing, the map, the charts and the legends, and
the legends wrap rather than clip.

Colour differences are ΔE in CAM02-UCS (Luo et al. 2006), where 1 is about the smallest
difference seen between two large patches side by side. Colour blindness is simulated with
colorspacious's Machado, Oliveira & Fernandes (2009) model at severity 100 (protanopia,
deuteranopia, tritanopia: the strongest form of each).
"""

from __future__ import annotations

import base64
import itertools
import re

import numpy as np
import pytest
from colorspacious import cspace_convert

from explorer.viewmodels.drawing import legend_html
from explorer.viewmodels.key_players import community_drawing
from explorer.viewmodels.visual import (
    COUNTRY_STYLES,
    GLYPH_PATHS,
    OTHER_COUNTRY,
    altair_country_scales,
    country_style,
    country_styles,
    entity_mark,
)
from graph.errors import OntologyError
from graph.model.ontology import GLYPHS, load_ontology, parse_ontology

#: Two types drawn with the same glyph are told apart by colour alone: at least this far
#: apart in every vision. 20 is about the closest pair of Tableau 10 under normal vision
#: (19.3), a palette made for marks told apart at a glance; small marks seen across a
#: drawing, not side by side, need several times the difference large patches do (Stone,
#: Szafir & Setlur 2014).
SAME_GLYPH_DELTA_E = 20.0
#: Any two types, whatever their glyphs, under normal vision: the pairs an investigator
#: could not tell apart before (Growshop/Plantation 3.4, CaseFile/Shipment 3.2) were far
#: below; 10 reads as a different colour beside each other in a legend.
ANY_PAIR_DELTA_E = 10.0
#: A country outline shows against every type's fill, in every vision.
OUTLINE_DELTA_E = 10.0
VISIONS = {"normal": None, "protanopia": "protanomaly", "deuteranopia": "deuteranomaly",
           "tritanopia": "tritanomaly"}


def seen(colour: str, deficiency: str | None) -> np.ndarray:
    """``#rrggbb`` in CAM02-UCS as a reader with ``deficiency`` (None: normal vision) sees it."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    if deficiency is not None:
        rgb = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency,
                                           "severity": 100}, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def delta_e(a: str, b: str, deficiency: str | None) -> float:
    return float(np.linalg.norm(seen(a, deficiency) - seen(b, deficiency)))


@pytest.mark.parametrize("vision", VISIONS)
def test_types_sharing_a_glyph_differ_in_colour_in_every_vision(vision):
    """Every pair of types differs in glyph or, when they share one, in colour by at least
    ``SAME_GLYPH_DELTA_E``, for normal vision and each simulated colour blindness."""
    nodes = load_ontology().nodes.values()
    confused = [(a.label, b.label, round(delta_e(a.colour, b.colour, VISIONS[vision]), 1))
                for a, b in itertools.combinations(nodes, 2)
                if a.glyph == b.glyph
                and delta_e(a.colour, b.colour, VISIONS[vision]) < SAME_GLYPH_DELTA_E]
    assert not confused, f"{vision}: same glyph, colours closer than {SAME_GLYPH_DELTA_E}"
    marks = [(n.glyph, n.colour) for n in nodes]
    assert len(set(marks)) == len(marks)


def test_any_two_types_differ_in_colour_for_normal_vision():
    nodes = load_ontology().nodes.values()
    close = [(a.label, b.label) for a, b in itertools.combinations(nodes, 2)
             if delta_e(a.colour, b.colour, None) < ANY_PAIR_DELTA_E]
    assert not close


@pytest.mark.parametrize("vision", VISIONS)
def test_country_outlines_differ_and_show_on_every_fill(vision):
    deficiency = VISIONS[vision]
    styles = country_styles()
    for a, b in itertools.combinations(styles, 2):
        assert delta_e(a.border, b.border, deficiency) >= SAME_GLYPH_DELTA_E, (a, b)
    hidden = [(node.label, style.code) for node in load_ontology().nodes.values()
              for style in COUNTRY_STYLES.values()
              if delta_e(node.colour, style.border, deficiency) < OUTLINE_DELTA_E]
    assert not hidden
    # and the widths tell BE and NL from the rest where colour would not
    assert all(s.border_width > OTHER_COUNTRY.border_width for s in COUNTRY_STYLES.values())


def test_every_glyph_the_ontology_allows_is_drawn_everywhere():
    assert set(GLYPH_PATHS) == set(GLYPHS)
    assert {node.glyph for node in load_ontology().nodes.values()} <= set(GLYPHS)
    # a vega-lite custom shape is a path within -1..1 (altair's shape scale)
    for path in GLYPH_PATHS.values():
        numbers = [abs(float(n)) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        assert max(numbers) <= 1.2, path


def test_a_missing_or_unknown_glyph_names_the_place_and_the_choices():
    text = ('nodes:\n  Person: {colour: "#c32d3c", glyph: skull}\n'
            '  Phone: {colour: "#96c3e1"}\nrelationships: {}\n')
    with pytest.raises(OntologyError) as caught:
        parse_ontology(text, "onto.yaml")
    message = str(caught.value)
    assert "onto.yaml:2: nodes.Person.glyph: expected a glyph, got 'skull'" in message
    assert "nodes.Phone.glyph: expected a glyph, got none" in message
    assert "use one of dot, square, diamond, triangle, triangleDown, star, hexagon" in message


def legend_images(legend: str) -> list[str]:
    """The SVGs of a legend's images (``st.html`` keeps no inline SVG, so they are data: URLs)."""
    return [base64.b64decode(data).decode() for data in
            re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', legend)]


def test_the_legend_draws_each_types_glyph_and_each_country_outline_and_wraps():
    ontology = load_ontology()
    legend = legend_html(ontology, ["Person", "Lab"])
    images = legend_images(legend)
    for label in ("Person", "Lab"):
        node = ontology.nodes[label]
        assert any(f'd="{GLYPH_PATHS[node.glyph]}" fill="{node.colour}"' in svg for svg in images)
    for style in country_styles():
        assert any(f'stroke="{style.border}"' in svg for svg in images)
    assert len(images) == 2 + len(country_styles())
    assert "BE Belgium" in legend and "NL Netherlands" in legend
    # the rows wrap between entries, never inside one
    assert legend.count("flex-wrap:wrap") == 2
    assert legend.count("white-space:nowrap") == 2 + len(country_styles())


def test_a_site_icon_is_the_drawings_mark():
    ontology = load_ontology()
    mark = entity_mark(ontology, "Lab", "nl")
    assert (mark.glyph, mark.fill, mark.stroke) == (
        ontology.nodes["Lab"].glyph, ontology.nodes["Lab"].colour, COUNTRY_STYLES["NL"].border)
    assert mark.data_url().startswith("data:image/svg+xml;base64,")
    assert entity_mark(ontology, "NotAType", None).stroke == OTHER_COUNTRY.border


def test_the_community_chart_outlines_by_the_same_country_codes():
    import networkx as nx

    G = nx.Graph([("a", "b"), ("b", "c")])
    for node, country in (("a", "BE"), ("b", "NL"), ("c", None)):
        G.nodes[node].update(name=node, type="Person", country=country)
    drawing = community_drawing(G, {"a": 0, "b": 0, "c": 0})
    codes, outlines, widths = altair_country_scales()
    assert widths[codes.index("BE")] == COUNTRY_STYLES["BE"].border_width
    assert {row["id"]: row["outline"] for row in drawing.nodes} == {
        "a": "BE", "b": "NL", "c": OTHER_COUNTRY.code}
    assert set(codes) == {country_style(c).code for c in ("BE", "NL", None)}
    assert outlines[codes.index("NL")] == COUNTRY_STYLES["NL"].border
