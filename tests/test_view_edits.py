"""What an investigator does to the network view by hand (hide, pin, select, export a
picture), below the page: the URL's form of it, what the drawing sends back, and the SVG and
printable chart drawn from it (explorer.viewmodels.view_edits, explorer.network_view,
explorer.viewmodels.picture)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer.network_view import _event, _placed, _positions, placed
from explorer.viewmodels.drawing import vis_drawing
from explorer.viewmodels.network import Network
from explorer.viewmodels.picture import Placed, printable_chart, svg_picture
from explorer.viewmodels.view_edits import by_element, hide, read_pins, write_pins
from explorer.viewmodels.visual import GLYPH_PATHS
from graph.store import GraphNode, GraphRelationship

HOSTILE = 'Jan <script>alert(1)</script> & "Zoon" \x1b[31m\u202e'


def _network() -> Network:
    """A seed person, a shop they work for, a second person at the shop, a phone."""
    nodes = {
        "1": GraphNode("1", ("Person",), {"id": "person-a", "name": "Anna Peeters",
                                          "nationality": "BE"}),
        "2": GraphNode("2", ("Growshop",), {"id": "shop-b", "name": HOSTILE, "country": "NL"}),
        "3": GraphNode("3", ("Person",), {"id": "person-c", "name": "Cas de Wit"}),
        "4": GraphNode("4", ("Phone",), {"id": "phone-d", "number": "+32470123456"}),
    }
    rels = (GraphRelationship("r1", "WORKS_FOR", "1", "2", {"first_seen": "2016-01-02"}),
            GraphRelationship("r2", "WORKS_FOR", "3", "2", {}),
            GraphRelationship("r3", "USES_PHONE", "3", "4", {}))
    return Network(nodes, rels, focus="1", seeds=("1",), more={"2": 4})


def test_hiding_takes_the_node_and_its_links_out_but_never_the_entity_asked_for():
    shown, hidden = hide(_network(), ["shop-b", "person-a", "nowhere"])
    assert hidden == ["shop-b"]
    assert set(shown.nodes) == {"1", "3", "4"}
    assert [r.element_id for r in shown.relationships] == ["r3"]
    assert shown.more == {}  # the hidden node's "+4 more" stub goes with it
    assert hide(_network(), []) == (_network(), [])


def test_pins_round_trip_through_the_url_and_broken_ones_are_dropped():
    pins = {"person-a": (12.4, -40.6), "odd@id": (0.0, 3.0)}
    assert read_pins(write_pins(pins)) == {"person-a": (12.0, -41.0), "odd@id": (0.0, 3.0)}
    assert read_pins(["nothing", "a@x:1", "@1:2", "b@1e9:0", "c@1:nan-ish", "d@5:6"]) == {
        "d": (5.0, 6.0)}
    assert by_element(_network(), {"person-c": (1.0, 2.0), "gone": (3.0, 4.0)}) == {
        "3": (1.0, 2.0)}


def test_a_pinned_node_is_drawn_where_the_user_left_it(ontology):
    drawing = vis_drawing(_network(), ontology)
    moved = placed(drawing, {"3": (333.0, -222.0)})
    node = next(n for n in moved.nodes if n["id"] == drawing.opaque("3"))
    assert (node["x"], node["y"]) == (333.0, -222.0)
    others = [(n["x"], n["y"]) for n in moved.nodes if n["id"] != drawing.opaque("3")]
    assert others == [(n["x"], n["y"]) for n in drawing.nodes if n["id"] != drawing.opaque("3")]


def test_what_the_page_sends_back_is_checked_before_it_is_believed(ontology):
    drawing = vis_drawing(_network(), ontology)
    n0 = drawing.opaque("1")
    assert _event("v1", {"view": "v0", "id": n0}) == {}  # an older drawing's click
    assert _event("v1", "not an event") == {}
    assert _positions(drawing, {n0: [1, 2], "n999": [3, 4], drawing.opaque("3"): "x",
                                drawing.opaque("4"): [True, 1], drawing.opaque("2"): [1e12, 0]}
                      ) == {"1": (1.0, 2.0)}
    assert _placed(drawing, {"format": "exe", "at": {}}) is None
    picture = _placed(drawing, {"format": "svg", "at": {n0: [5, 6]}, "unlabelled": [n0, 7]})
    assert picture is not None and picture.at == {n0: (5.0, 6.0)}
    assert picture.unlabelled == {n0}


def test_the_svg_is_the_drawing_with_every_name_as_text(ontology):
    drawing = vis_drawing(_network(), ontology)
    shop = drawing.opaque("2")
    svg = svg_picture(Placed("svg", drawing, {shop: (100.0, 50.0)}))
    root = ET.fromstring(svg)  # well-formed XML, control characters escaped
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in root.iterfind(".//s:text", ns)]
    assert "Anna Peeters" in texts and any("<script>" in (t or "") for t in texts)
    assert "<script" not in svg and "\x1b" not in svg and "\u202e" not in svg
    # one line per link and per "+N more" stub, one shape per node and stub
    assert len(root.findall(".//s:line", ns)) == 4
    assert len(root.findall("s:g", ns)) == 5
    # the shop is where the page showed it
    (shop_group,) = [g for g in root.findall("s:g", ns)
                     if g.find("s:title", ns).text.startswith("Jan")]
    assert shop_group.get("transform") == "translate(100 50)"
    # in the glyph of its type, as on the page and in every legend
    glyph = ontology.nodes["Growshop"].glyph
    assert shop_group.find("s:path", ns).get("d") == GLYPH_PATHS[glyph]


def test_a_label_left_out_for_want_of_room_is_a_number_named_in_the_key(ontology):
    drawing = vis_drawing(_network(), ontology)
    svg = svg_picture(Placed("svg", drawing, {}, frozenset({drawing.opaque("3")})))
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    (cas,) = [g for g in root.findall("s:g", ns) if g.find("s:title", ns).text == "Cas de Wit"]
    assert [t.text for t in cas.findall("s:text", ns)] == ["1"]  # the number, not the name
    key = [t.text for t in root.findall("s:text", ns)]  # texts outside the nodes' groups
    assert "1  Cas de Wit" in key
    assert "Anna Peeters" in [t.text for t in root.iterfind(".//s:text", ns)]


@pytest.mark.parametrize("field", ["title", "selection", "who", "purpose"])
def test_the_printable_chart_shows_case_file_text_as_text(ontology, field):
    drawing = vis_drawing(_network(), ontology)
    values = {"title": "Anna Peeters", "selection": "Anna Peeters", "who": "analyst-1",
              "purpose": "case 2024/17", field: HOSTILE}
    page = printable_chart(Placed("chart", drawing, {}), legend="<div>legend</div>",
                           provenance=[{"id": "cf-1", "title": HOSTILE}], when="2026-12-07",
                           **values)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<div>legend</div>" in page and "<svg" in page and "<?xml" not in page
    assert "Content-Security-Policy" in page and "@page" in page


def test_the_network_page_does_not_wait_for_the_dutch_link_model_to_import():
    """scikit-learn takes seconds to import; the network page needs it only when a card's
    Dutch-link score is asked for."""
    import subprocess
    import sys

    code = ("import sys, explorer.scores, explorer.network_view, explorer.viewmodels.view_edits;"
            " print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


def test_on_paper_links_say_what_they_are_and_the_selection_is_ringed(ontology):
    drawing = vis_drawing(_network(), ontology)
    far = {drawing.opaque(e): (i * 200.0, 0.0) for i, e in enumerate(["1", "2", "3", "4"])}
    svg = svg_picture(Placed("svg", drawing, far, selected=frozenset({drawing.opaque("1")})))
    ns = {"s": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iterfind(".//s:text", ns)]
    assert texts.count("WORKS_FOR") == 2 and "USES_PHONE" in texts
    rings = [g for g in root.findall("s:g", ns)
             if any(c.get("stroke") == "#1a73e8" for c in g.findall("s:circle", ns))]
    assert [g.find("s:title", ns).text for g in rings] == ["Anna Peeters"]


def test_a_picture_is_named_by_what_it_shows_and_when():
    from datetime import UTC, datetime

    from explorer.common import picture_name

    hostile = Network({"1": GraphNode("1", ("Person",), {"id": "../../etc/passwd x"})}, (),
                      focus="1", seeds=("1",))
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert picture_name(hostile, "network", "svg") == f"network-etc-passwd-x-{today}.svg"
    assert picture_name(Network({}, ()), "paths", "png") == f"paths-view-{today}.png"


def test_a_phone_is_drawn_in_the_country_of_its_number(ontology):
    from explorer.viewmodels.drawing import node_countries

    phones = Network({"1": GraphNode("1", ("Phone",), {"id": "ph-1", "number": "06 1234 5678",
                                                       "number_normal": "+31612345678"}),
                      "2": GraphNode("2", ("Phone",), {"id": "ph-2", "number": "burner"})}, ())
    assert node_countries(phones, ontology) == {"1": "NL", "2": None}
