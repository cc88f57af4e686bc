"""The network page (explorer/pages/network.py) run by Streamlit's AppTest.

Most tests run on the demo graph (``data/demo``); the expected answers come from its
dossiers, named in each test. Two tests need graphs the demo does not have: a hostile name
(the fixture graph of ``test_explore``) and a hub with more neighbours than the cap.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_explore import HOSTILE, load_fixture, load_hub

APP = Path(__file__).resolve().parent.parent / "app.py"
JEROEN, KOEN = "person-jeroen-vos", "person-koen-claeys"
GROWSHOP = "growshop-nl-het-groene-licht"
#: every case file that names Jeroen Vos (grep person-jeroen-vos data/demo)
JEROEN_CASES = ["be-2014-lim-plantation-lommel", "be-2016-lim-mla-growshop",
                "be-2017-ant-plantation-baarle-hertog", "be-2017-interview-convicted-grower",
                "nl-2008-bzo-pv-growshop-valkenswaard", "nl-2016-ob-growshop-valkenswaard",
                "nl-2018-interview-convicted-grower-vught"]


def plain(markdown: str) -> str:
    """Text as shown: the page backslash-escapes markdown in names and ids."""
    return re.sub(r"\\(.)", r"\1", markdown)


def widget(elements, label: str):
    return next(w for w in elements if w.label == label)


def drawing(app: AppTest) -> dict:
    """The data the network component got: nodes and edges as the browser draws them."""
    (element,) = [e for e in app.get("bidi_component")
                  if e.proto.component_name == "dismark_network"]
    return json.loads(element.proto.json)


def in_view(app: AppTest) -> set[str]:
    """Ids of the entities drawn, read from their tooltips ("Person · person-jeroen-vos")."""
    return {node["tip"]["lines"][0].rpartition(" · ")[2] for node in drawing(app)["nodes"]
            if node.get("tip") and " · " in node["tip"]["lines"][0]}


def select(app: AppTest, store, entity_id: str) -> AppTest:
    """What a click on the entity in the drawing does: it becomes the selected one."""
    from explorer.viewmodels.network import find_entity

    app.session_state["network-selected"] = find_entity(store, entity_id).element_id
    return app.run()


def ok(app: AppTest) -> AppTest:
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def test_one_entity_from_the_url(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    assert [t.value for t in app.title] == ["Network"]
    assert [h.value for h in app.subheader] == ["Jeroen Vos"]
    assert plain(app.caption[0].value).startswith("Person · person-jeroen-vos · NL · ")
    assert widget(app.multiselect, "Entities").value == [JEROEN]
    assert JEROEN in in_view(app) and len(drawing(app)["nodes"]) > 3
    # the provenance panel starts on the entity itself: every case file naming him
    assert list(app.dataframe[0].value["id"]) == JEROEN_CASES
    properties = dict(app.dataframe[1].value.itertuples(index=False))
    assert properties["name"] == "Jeroen Vos"


@pytest.mark.parametrize("entities", [f"{JEROEN},{KOEN}", [JEROEN, KOEN]])
def test_two_entities_are_drawn_together(explorer_page: Callable[..., AppTest],
                                         entities) -> None:
    app = ok(explorer_page("network.py", entity=entities))
    assert [h.value for h in app.subheader] == ["Jeroen Vos, Koen Claeys"]
    assert widget(app.multiselect, "Entities").value == [JEROEN, KOEN]
    # nl-2016-ob-growshop-valkenswaard: Ruud van Beek met Jeroen Vos (not Koen Claeys);
    # nl-2015-lim-dismantled-sites-exchange: Wesley Lambrechts called Koen Claeys (not Vos)
    assert {JEROEN, KOEN, "person-ruud-van-beek", "person-wesley-lambrechts"} <= in_view(app)


def test_adding_an_entity_with_the_picker(explorer_page: Callable[..., AppTest]) -> None:
    app = explorer_page("network.py", entity=JEROEN)
    app.text_input[0].input("claeys").run()
    widget(app.multiselect, "Entities").select(KOEN).run()
    ok(app)
    assert app.query_params["entity"] == f"{JEROEN},{KOEN}"
    assert [h.value for h in app.subheader] == ["Jeroen Vos, Koen Claeys"]


def test_hops_widen_the_view_and_go_into_the_url(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    plantation = "plantation-be-lommel-2014"
    assert plantation not in in_view(app)
    app.slider[0].set_value(2).run()
    ok(app)
    assert app.query_params["hops"] == "2" and "within 2 hop(s)" in app.caption[0].value
    # be-2014-lim-plantation-lommel: the Kempen-crew he leads operates the Lommel plantation
    assert plantation in in_view(app)


def test_a_country_filter_removes_nodes(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    # be-2014-lim-plantation-lommel: Jeroen Vos called Koen Claeys, who lives in Belgium
    assert KOEN in in_view(app)
    widget(app.multiselect, "Country").set_value(["NL"]).run()
    ok(app)
    assert app.query_params["country"] == "NL"
    assert KOEN not in in_view(app)
    assert "person-ruud-van-beek" in in_view(app)  # Dutch (nl-2016-ob-growshop-valkenswaard)


def test_a_grading_filter_from_the_url(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN, grading="A2", context="1"))
    assert widget(app.selectbox, "Minimum grading").value == "A2"
    # Only links graded A2 or better: the grow-shop purchases (A2 in be-2014, be-2016, the
    # nl-2008 bundle and the A2 file nl-2016), his home town (A2 in be-2014), his meeting
    # with Ruud van Beek and the mention in nl-2016 (an A2 file). The rest is B2 or weaker.
    assert in_view(app) == {JEROEN, GROWSHOP, "loc-nl-valkenswaard", "person-ruud-van-beek",
                     "nl-2016-ob-growshop-valkenswaard"}


def test_ties_only_by_default_case_files_and_places_on_demand(
        explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    ties = in_view(app)
    assert GROWSHOP in ties and KOEN in ties
    assert not any(i.startswith(("be-", "nl-", "loc-")) for i in ties)  # no dossier, no town
    widget(app.toggle, "Case files and places").set_value(True).run()
    ok(app)
    assert app.query_params["context"] == "1"
    # every case file naming him, and his home town (be-2014, nl-2016: Valkenswaard)
    assert set(JEROEN_CASES) | {"loc-nl-valkenswaard"} <= in_view(app)
    assert ties <= in_view(app)


def test_a_case_file_asked_for_says_how_to_see_what_it_names(
        explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN_CASES[0]))
    assert any("switch on 'Case files and places'" in i.value for i in app.info)


def test_expand_a_node_at_the_edge(explorer_page: Callable[..., AppTest], demo_store) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    plantation = "plantation-be-lommel-2014"
    assert plantation not in in_view(app)
    select(app, demo_store, GROWSHOP)
    widget(app.button, "Expand").click().run()
    ok(app)
    assert app.query_params["expand"] == GROWSHOP
    # be-2014-lim-plantation-lommel: the Lommel plantation bought its lamps at the grow shop
    assert plantation in in_view(app)
    assert "1 node(s) expanded" in app.caption[0].value
    widget(app.button, "Undo expansions").click().run()
    assert "expand" not in app.query_params and plantation not in in_view(ok(app))


def test_expansion_of_a_node_not_in_view_is_said(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN, expand="loc-be-antwerpen"))
    assert "Not in this view, so not expanded: loc-be-antwerpen" in plain(app.warning[0].value)


def test_provenance_of_a_relationship(explorer_page: Callable[..., AppTest],
                                      demo_store) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    (link,) = demo_store.read("MATCH ({id: $a})-[r:BOUGHT_EQUIPMENT_AT]->({id: $b}) RETURN r",
                              {"a": JEROEN, "b": GROWSHOP}).rows[0]
    app.session_state["network-selected"] = link.element_id  # a click on the link
    ok(app.run())
    # four files report the purchases, each graded A2: be-2014 (no date: opened 2014-03-18),
    # be-2016 and nl-2016 (2013-08-30) and the Dutch police export (2008-09-10)
    assert "graded A2 (best of its case files), first seen 2008-09-10, last seen 2014-03-18" \
        in plain(app.markdown[0].value)
    table = app.dataframe[0].value
    assert list(table.columns) == ["id", "grading", "title", "opened_on", "country", "kind",
                                   "agency"]
    assert [tuple(r) for r in table[["id", "country", "kind", "agency", "grading"]]
            .itertuples(index=False)] == [
        ("be-2014-lim-plantation-lommel", "BE", "prosecutor_file", "Parket Limburg", "A2"),
        ("be-2016-lim-mla-growshop", "BE", "mla_request", "Parket Limburg", "A2"),
        ("nl-2008-bzo-pv-growshop-valkenswaard", "NL", "police_report",
         "Politie Brabant-Zuid-Oost", "A2"),
        ("nl-2016-ob-growshop-valkenswaard", "NL", "prosecutor_file", "OM Oost-Brabant", "A2")]


def test_unknown_entity_is_a_plain_error(explorer_page: Callable[..., AppTest]) -> None:
    app = explorer_page("network.py", entity="nobody")
    assert not app.exception
    assert "no entity has id 'nobody'" in plain(app.error[0].value)


def test_no_entity_yet(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py"))
    assert "Search for a person" in app.info[0].value
    assert not app.get("bidi_component")  # nothing drawn


# -- graphs the demo does not have ----------------------------------------------------------

@pytest.fixture(scope="module")
def other_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    fixture = load_fixture(tmp_path_factory.mktemp("app-fixture"))
    hub = load_hub(tmp_path_factory.mktemp("app-hub"))
    yield {"fixture": fixture.url, "hub": hub.url}
    st.cache_data.clear()
    st.cache_resource.clear()  # closes the app's stores (on_release)
    fixture.close()
    hub.close()


def test_a_hub_says_how_many_more(other_stores: dict[str, str], explorer_on) -> None:
    # org-hub has 105 members (and its case file, not a tie): 100 are shown
    app = ok(explorer_on(other_stores["hub"], "network.py", entity="org-hub"))
    assert "101 nodes" in app.caption[0].value
    assert "Hub Crew +5 more" in plain(app.caption[1].value)  # 105 members: ties only
    # a click on the "+5 more" stub says why they are not shown and how to see others
    from explorer.viewmodels.network import find_entity
    from graph.store import open_store

    store = open_store(other_stores["hub"])
    try:
        app.session_state["network-selected"] = f"more:{find_entity(store, 'org-hub').element_id}"
    finally:
        store.close()
    assert any("5 more neighbours of Hub Crew are not shown" in plain(i.value)
               for i in ok(app.run()).info)


def test_hostile_name_is_shown_as_text(other_stores: dict[str, str], explorer_on) -> None:
    app = ok(explorer_on(other_stores["fixture"], "network.py", entity="person-h"))
    heading = app.subheader[0].value
    assert plain(heading) == HOSTILE and "<" not in heading.replace("\\<", "")


def test_hiding_a_node_by_hand_lives_in_the_url_and_comes_back(
        explorer_page: Callable[..., AppTest], demo_store) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN))
    assert GROWSHOP in in_view(app)
    select(app, demo_store, GROWSHOP)
    widget(app.button, "Hide").click().run()
    assert app.query_params["hide"] == GROWSHOP and GROWSHOP not in in_view(ok(app))
    assert any("Hidden by hand: Growshop Het Groene Licht" in plain(c.value) for c in app.caption)
    # the entity asked for is never hidden, even from a hand-made URL
    app = ok(explorer_page("network.py", entity=JEROEN, hide=f"{JEROEN},{GROWSHOP}"))
    assert JEROEN in in_view(app) and GROWSHOP not in in_view(app)
    widget(app.button, "Show the 1 hidden again").click().run()
    assert "hide" not in app.query_params and GROWSHOP in in_view(ok(app))


def test_a_pinned_node_is_drawn_where_the_url_says(explorer_page: Callable[..., AppTest]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN, pin=f"{GROWSHOP}@321:-123"))
    (shop,) = [n for n in drawing(app)["nodes"]
               if n.get("tip") and n["tip"]["lines"][0].endswith(GROWSHOP)]
    assert (shop["x"], shop["y"]) == (321.0, -123.0)
    widget(app.button, "Unpin all").click().run()
    assert "pin" not in ok(app).query_params
    # unpinned, it stays where it is in this session; a new one lays it out afresh
    (shop,) = [n for n in drawing(ok(explorer_page("network.py", entity=JEROEN)))["nodes"]
               if n.get("tip") and n["tip"]["lines"][0].endswith(GROWSHOP)]
    assert (shop["x"], shop["y"]) != (321.0, -123.0)


def test_the_time_slider_keeps_the_links_seen_in_its_window(
        explorer_page: Callable[..., AppTest]) -> None:
    everything = ok(explorer_page("network.py", entity=JEROEN, hops="2"))
    slider = widget(everything.slider, "Links seen between")
    first, last = slider.value
    assert first < last and "since" not in everything.query_params
    later = ok(explorer_page("network.py", entity=JEROEN, hops="2", since="2016-01-01"))
    assert widget(later.slider, "Links seen between").value[0].isoformat() == "2016-01-01"
    assert len(drawing(later)["edges"]) < len(drawing(everything)["edges"])
    widget(later.slider, "Links seen between").set_value((first, last)).run()
    assert "since" not in later.query_params
    assert len(drawing(ok(later))["edges"]) == len(drawing(everything)["edges"])


def test_the_card_shows_the_dutch_link_score_and_key_player_rank_on_request(
        explorer_page: Callable[..., AppTest], demo_store, ontology) -> None:
    from graph.analysis import metrics
    from graph.analysis.analytics import MetricsRequest, run_metrics
    from graph.analysis.to_networkx import Selection, export_network
    from graph.study.dutch_link import dutch_link_network, dutch_link_scores

    crew = "org-kempen-crew"
    app = ok(explorer_page("network.py", entity=crew))
    assert not any("Dutch link:" in plain(c.value) for c in app.caption)
    widget(app.toggle, "Scores").set_value(True).run()
    shown_scores = next(plain(c.value) for c in ok(app).caption
                        if "Dutch link:" in plain(c.value))
    # the numbers the Dutch link and Key players pages (and the CLI) give
    scores = dutch_link_scores(dutch_link_network(demo_store, ontology)).scores
    rank, score = next((i, s) for i, s in enumerate(scores, start=1) if s.subject == crew)
    assert f"Dutch link: evidence score {score.score:.3f}, rank {rank} of {len(scores)}" \
        in shown_scores
    report = run_metrics(export_network(demo_store, ontology, Selection(("Person",
                                                                        "Organisation"))),
                         MetricsRequest(("degree",), top=1))
    ranked = [n for n, _ in metrics.top(report.scores["degree"], 10_000)]
    assert f"rank {ranked.index(crew) + 1} of {len(ranked)} actors" in shown_scores
    assert any(link.label == "Its evidence paths" for link in app.get("page_link"))


def test_nodes_sized_by_betweenness_over_the_whole_graph(
        explorer_page: Callable[..., AppTest], demo_store, ontology) -> None:
    from graph.analysis.analytics import MetricsRequest, run_metrics
    from graph.analysis.to_networkx import Selection, export_network

    app = ok(explorer_page("network.py", entity=JEROEN, hops="2", size="betweenness"))
    assert widget(app.selectbox, "Size by").value == "betweenness"
    report = run_metrics(export_network(demo_store, ontology, Selection(("Person",
                                                                        "Organisation"))),
                         MetricsRequest(("betweenness",), top=1, sample=256))
    between = report.scores["betweenness"]
    sizes = {node["tip"]["lines"][0].rpartition(" · ")[2]: node["size"]
             for node in drawing(app)["nodes"] if node.get("tip") and " · " in
             node["tip"]["lines"][0]}
    ranked = sorted((i for i in sizes if i != JEROEN), key=lambda i: between.get(i, 0.0))
    assert [sizes[i] for i in ranked] == sorted(sizes[i] for i in ranked)
    assert len({sizes[i] for i in ranked}) > 1  # the scores set the sizes apart
    best = max(ranked, key=lambda i: between.get(i, 0.0))
    assert between[best] > 0 and sizes[best] == max(sizes[i] for i in ranked)


@pytest.mark.parametrize("window", [{"since": "2031-01-01"}, {"until": "1990-01-01"},
                                    {"since": "2017-01-01", "until": "2009-01-01"}])
def test_a_time_window_outside_the_view_from_a_url_is_shown_not_refused(
        explorer_page: Callable[..., AppTest], window: dict[str, str]) -> None:
    app = ok(explorer_page("network.py", entity=JEROEN, **window))
    start, end = widget(app.slider, "Links seen between").value
    assert start <= end
    asked = sorted(window.values())
    assert start.isoformat() == asked[0] or end.isoformat() == asked[-1]


def test_no_node_is_drawn_over_another(explorer_page: Callable[..., AppTest]) -> None:
    from explorer.viewmodels.picture import reach

    nodes = drawing(ok(explorer_page("network.py", entity=JEROEN, hops="2")))["nodes"]
    assert len(nodes) > 10
    assert all(math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= reach(a) + reach(b)
               for i, a in enumerate(nodes) for b in nodes[i + 1:])


def test_an_expansion_keeps_the_nodes_in_view_where_they_were(
        explorer_page: Callable[..., AppTest], demo_store) -> None:
    def places(app: AppTest) -> dict[str, tuple[float, float]]:
        return {n["tip"]["lines"][0].rpartition(" · ")[2]: (n["x"], n["y"])
                for n in drawing(app)["nodes"] if n.get("tip") and " · " in n["tip"]["lines"][0]}

    app = ok(explorer_page("network.py", entity=JEROEN))
    before = places(app)
    select(app, demo_store, GROWSHOP)
    widget(app.button, "Expand").click().run()
    after = places(ok(app))
    assert len(after) > len(before)
    # nudged at most a little to make room for what came in, never thrown elsewhere
    assert all(math.dist(after[i], before[i]) < 40 for i in before)
