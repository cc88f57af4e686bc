"""Network: the neighbourhood of one or more entities, filtered, expanded, with provenance.

Everything that makes a view lives in the URL (``?entity=a&entity=b`` or ``?entity=a,b``,
``hops``, the filters, ``context``, the time window ``since``/``until``, ``expand=id1,id2``,
the groups opened, the nodes hidden and pinned) so a view can be bookmarked and shared, and
the browser's Back undoes the last change. The drawing talks back
(``explorer.network_view``): a click opens the card of a node or link under it, a
double-click expands a node, ctrl-click selects several (paths between them), a drag pins.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

import streamlit as st

from explorer.common import (
    QUERY_TTL,
    audit,
    cached_claims,
    case_file_rows,
    draw,
    entity_name,
    found_names,
    known_name,
    link_name,
    may,
    ontology,
    plain,
    require,
    shown,
    store_at,
    store_url,
)
from explorer.scores import KEY_PLAYER_TYPES, dutch_link_standings, key_player_standings
from explorer.viewmodels.claims import BOOKKEEPING, dispute_rows, sums
from explorer.viewmodels.drawing import GROUP_LABEL, caption, node_countries, primary_label
from explorer.viewmodels.grouping import Group, fold
from explorer.viewmodels.network import (
    COUNTRIES,
    MAX_HOPS,
    NEIGHBOUR_CAP,
    Network,
    NetworkFilter,
    entity_ids,
    expand_network,
    network_around,
)
from explorer.viewmodels.view_edits import by_element, hide, read_pins, write_pins
from graph.analysis.filters import MARKETS
from graph.model.grading import GRADINGS
from graph.store import GraphNode, GraphRelationship
from graph.study.dutch_evidence import DEFAULT_HOPS
from graph.study.dutch_subjects import SUBJECT_TYPES

PATHS_PAGE = "explorer/pages/paths.py"
#: what nodes can be sized by, and the action a role needs to see it (None: anyone)
SIZE_MEASURES = {"links in view": None, "betweenness": "metrics.run",
                 "Dutch link": "dutch_link.view"}
#: how many capped nodes the caption names before it says "and N others"
CAPPED_NAMED = 5


@st.cache_data(ttl=QUERY_TTL, show_spinner="Fetching the network…", max_entries=64)
def cached_view(url: str, ids: tuple[str, ...], hops: int, expand: tuple[str, ...],
                filters: NetworkFilter) -> Network:
    """The view; with expansions, grown from the cached view without them (an expand then
    costs its own neighbours, not the whole walk again)."""
    if not expand:
        return network_around(store_at(url), ids, hops, filters=filters, ontology=ontology())
    return expand_network(store_at(url), cached_view(url, ids, hops, (), filters), expand,
                          filters=filters, ontology=ontology())


def url_list(name: str) -> list[str]:
    return entity_ids(st.query_params.get_all(name))


def set_url(name: str, values: list[str] | str | None) -> None:
    """Write a control's value into the URL (a list as one comma list), or drop it."""
    text = ",".join(values) if isinstance(values, list) else values
    if text:
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]


def bound(name: str, url_value: Any) -> dict[str, Any]:
    """The key of the widget showing URL parameter ``name``: when the URL changed by other
    means than the widget (the browser's Back or Forward, a shared link), the widget is set
    to the URL's ``url_value``; otherwise it keeps what the user chose. The view lives in the
    URL, so Back undoes the last change. ``to_url`` writes the widget's value back."""
    key, seen = f"url:{name}", f"url-seen:{name}"
    if seen not in st.session_state or st.session_state[seen] != url_value:
        st.session_state[key] = url_value
    st.session_state[seen] = url_value
    return {"key": key}


def to_url(name: str, value: Any, text: list[str] | str | None) -> None:
    """Write a bound widget's ``value`` into the URL as ``text`` (``set_url``)."""
    set_url(name, text)
    st.session_state[f"url-seen:{name}"] = value


def url_date(name: str) -> date | None:
    try:
        return date.fromisoformat(st.query_params.get(name) or "")
    except ValueError:
        return None


@st.fragment
def drawing_and_card(network: Network, groups: dict[str, Group], opened: list[str],
                     expand: list[str], pins: dict[str, tuple[float, float]],
                     hidden: list[str], sizes: dict[str, float] | None) -> None:
    """The drawing and the card of what was clicked in it: a click reruns only this part of
    the page (the search, the filters and the fetch are not run again); an expand, a group
    opened or a node hidden reruns the page. The card sits beside the drawing, as a side
    panel: what was clicked and where it is stay on screen together."""
    picked = st.session_state.get("network-selected")
    drawing_side, card_side = st.columns([3, 2], gap="medium")
    with drawing_side:
        done = draw(network, pinned=by_element(network, pins), sizes=sizes,
                    selected=picked if picked in network.nodes
                    or any(r.element_id == picked for r in network.relationships) else None)
    moved = {str(network.nodes[e].properties.get("id")): p for e, p in done.pinned.items()
             if GROUP_LABEL not in network.nodes[e].labels}
    if moved and any(pins.get(i) != p for i, p in moved.items()):
        set_url("pin", write_pins({**pins, **moved}))  # drawn there already: no rerun
    if done.selected in groups:
        set_url("open", [*opened, groups[done.selected].id])
        st.session_state["network-selected"] = None
        st.rerun()
    if done.selected != st.session_state.get("network-clicked"):  # a new click in the drawing
        st.session_state["network-clicked"] = done.selected
        st.session_state["network-selected"] = picked = done.selected
    if done.expand in groups:  # a double-click on a group opens it, as a click does
        set_url("open", [*opened, groups[done.expand].id])
        st.rerun()
    if done.expand:
        expand_node(network.nodes.get(done.expand), network, expand)
    expanding = st.session_state.pop("network-expanding", None)
    with card_side:
        if expanding and expanding[1] == len(network.nodes):
            st.info(plain(f"Nothing new around {known_name(url, expanding[0])}: every "
                          "neighbour passing the filters is already in view."))
        undo_buttons(opened, expand, pins, hidden)
        chosen = [network.nodes[e] for e in done.nodes
                  if e in network.nodes and e not in groups]
        if len(chosen) > 1:
            several_selected(chosen)
        if picked and picked.startswith("more:") and (
                capped := network.nodes.get(picked.removeprefix("more:"))) is not None:
            st.info(plain(f"{network.more.get(capped.element_id, 0)} more neighbours of "
                          f"{caption(capped, ontology())} are not shown: a node shows at most "
                          f"{NEIGHBOUR_CAP}, those already in view and then the most recently "
                          "seen. Move the time window or narrow the filters to see others."))
        items: dict[str, GraphNode | GraphRelationship] = {
            **network.nodes, **{r.element_id: r for r in network.relationships}}
        item = items.get(picked) or network.nodes[network.seeds[0]]
        card(item, network, expand, clicked=picked is not None)


def expand_node(node: GraphNode | None, network: Network, expand: list[str]) -> None:
    """Add ``node`` to the URL's expansions and rerun (nothing when it is expanded already)."""
    if node is not None and str(node.properties.get("id")) not in expand:
        st.session_state["network-expanding"] = (str(node.properties.get("id")),
                                                 len(network.nodes))
        set_url("expand", [*expand, str(node.properties.get("id"))])
        st.rerun()


def undo_buttons(opened: list[str], expand: list[str], pins: dict, hidden: list[str]) -> None:
    """One button per kind of change made by hand in the drawing (Back undoes one step)."""
    undos = [(name, text) for name, text, done in (
        ("open", "Fold the opened groups again", opened),
        ("expand", "Undo expansions", expand),
        ("hide", f"Show the {len(hidden)} hidden again", hidden),
        ("pin", "Unpin all", pins)) if done]
    for name, text in undos:
        if st.button(text, key=f"undo-{name}"):
            set_url(name, None)
            st.rerun()


def several_selected(chosen: list[GraphNode]) -> None:
    """Ctrl-click selected several nodes: what connects them, on the Paths page; or hide them."""
    ids = [str(n.properties.get("id")) for n in chosen]
    st.markdown(f"**{len(chosen)} selected:** "
                + plain("; ".join(caption(n, ontology()) for n in chosen)))
    if len(chosen) == 2:
        st.page_link(PATHS_PAGE, label="Shortest paths between the two",
                     query_params={"from": ids[0], "to": ids[1]}, icon=":material/route:")
    st.page_link(PATHS_PAGE, label="The network connecting them",
                 query_params={"ids": ",".join(ids)}, icon=":material/hub:")
    if st.button("Hide the selected", key="hide-selected"):
        set_url("hide", [*url_list("hide"), *ids])
        st.rerun()


def card(item: GraphNode | GraphRelationship, network: Network, expand: list[str], *,
         clicked: bool) -> None:
    """What is known of the node or link clicked: when seen, its case files with their
    gradings, its properties; for an entity its scores and the buttons that change the view."""
    props = item.properties
    when = f"first seen {props.get('first_seen') or '?'}, last seen {props.get('last_seen') or '?'}"
    if isinstance(item, GraphRelationship):
        st.markdown(f"**{plain(link_name(item, network))}**: graded "
                    f"{plain(props.get('grading') or '?')} (best of its case files), {plain(when)}")
    else:
        st.markdown(f"**{plain(entity_name(item))}**: {plain(when)}")
        entity_buttons(item, network, expand)
        entity_scores(item)
    if not clicked:
        st.caption("Click a node or a link in the drawing to see its card here; ctrl-click "
                   "to select several.")
    rows = case_file_rows(item)
    st.markdown("**Source case files**")
    if rows:
        st.dataframe(rows, hide_index=True, height="content" if len(rows) <= 12 else 420)
    else:
        st.info("No case file is recorded for it.")
    disagreement(item)
    st.markdown("**Properties**")
    st.dataframe([{"property": k, "value": shown(v)} for k, v in sorted(props.items())
                  if k not in BOOKKEEPING], hide_index=True, height="content")


def disagreement(item: GraphNode | GraphRelationship) -> None:
    """Where its case files disagree, side by side with their gradings, and how a count
    was summed."""
    resolved = cached_claims(store_url(), item)
    if resolved is None:
        return
    for line in sums(resolved):
        st.caption(plain(line))
    rows = dispute_rows(resolved)
    if rows:
        st.markdown("**Case files disagree**")
        st.dataframe([{k: shown(v) for k, v in row.items()} for row in rows],
                     hide_index=True, height="content")
        st.caption("Shown: the best-graded claim, then the latest (docs/case-files.md, "
                   "\"Facts stated by several case files\"); `dismark facts` lists every "
                   "disputed fact.")


def entity_buttons(node: GraphNode, network: Network, expand: list[str]) -> None:
    entity_id = str(node.properties.get("id"))
    left, middle, right = st.columns(3)
    if entity_id not in expand and left.button(
            "Expand", help=f"Add its neighbours (at most {NEIGHBOUR_CAP}); double-clicking "
                           "it in the drawing does the same."):
        expand_node(node, network, expand)
    if node.element_id not in network.seeds and middle.button(
            "Hide", help="Take it and its links out of this view (Back or 'Show hidden "
                         "again' brings it back)."):
        set_url("hide", [*url_list("hide"), entity_id])
        st.session_state["network-selected"] = None
        st.rerun()
    right.page_link("explorer/pages/timeline.py", label="Timeline",
                    query_params={"entity": entity_id}, icon=":material/timeline:")


def entity_scores(node: GraphNode) -> None:
    """Its Dutch-link evidence score and key-player rank, on request: the first computation
    over the whole graph takes a while on a large one; then every card shows them."""
    label, entity_id = primary_label(node, ontology()), str(node.properties.get("id"))
    dutch = label in SUBJECT_TYPES and may("dutch_link.view")
    ranked = label in KEY_PLAYER_TYPES and may("metrics.run")
    if not dutch and not ranked:
        return
    if not st.toggle("Scores", key="network-scores",
                     help="Its Dutch-link evidence score and its rank as a key player, "
                          "computed over the whole graph as the Dutch link and Key players "
                          "pages compute them (the first time takes a while on a large "
                          "graph; then they are kept for every user for ten minutes)."):
        return
    lines = []
    if dutch:
        with st.spinner("Scoring the Dutch link of every Belgian subject…"):
            standing = dutch_link_standings(url, DEFAULT_HOPS).get(entity_id)
        audit("dutch_link.view", {"case": entity_id, "hops": DEFAULT_HOPS, "from": "network"})
        lines.append(f"Dutch link: {standing.measure} {standing.value:.3f}, rank "
                     f"{standing.rank:,} of {standing.of:,}" if standing else
                     "Dutch link: not scored (only Belgian case files, sites and "
                     "organisations are)")
    if ranked:
        with st.spinner("Ranking every person and organisation…"):
            ranks = key_player_standings(url)
        audit("metrics.run", {"entity": entity_id, "measures": list(ranks), "from": "network"})
        lines += [f"{measure}: {s.value:,.4g}, rank {s.rank:,} of {s.of:,} actors"
                  if (s := ranks[measure].get(entity_id)) else
                  f"{measure}: no tie between actors" for measure in ranks]
    st.caption(plain(" · ".join(lines)))
    if dutch:
        st.page_link("explorer/pages/dutch_link.py", label="Its evidence paths",
                     query_params={"case": entity_id}, icon=":material/link:")


def node_sizes(network: Network, measure: str) -> dict[str, float] | None:
    """Element id -> the whole-graph score ``measure`` of each node in view (None: size by
    links in view); computing it is logged as the analysis it is."""
    if SIZE_MEASURES.get(measure) is None:
        return None
    with st.spinner(f"Computing the {measure} of the whole graph…"):
        if measure == "betweenness":
            scores = {i: s.value for i, s in key_player_standings(url)["betweenness"].items()}
        else:
            scores = {i: s.value for i, s in dutch_link_standings(url, DEFAULT_HOPS).items()}
    audit(SIZE_MEASURES[measure], {"size_by": measure, "from": "network"})
    return {eid: scores[i] for eid, n in network.nodes.items()
            if (i := str(n.properties.get("id"))) in scores}


def time_window(network: Network, since: date | None, until: date | None
                ) -> tuple[date | None, date | None]:
    """A slider over the days the view was seen: its links' first and last seen, and those
    of the entities asked for (whose dates cover links the neighbour cap left out, so a
    later window can reach them), and the URL's own dates; the window chosen, or None for
    an open end."""
    dates = [r.properties.get(k) for r in network.relationships
             for k in ("first_seen", "last_seen")]
    dates += [network.nodes[eid].properties.get(k) for eid in network.seeds
              for k in ("first_seen", "last_seen")]
    days = sorted({d for value in dates if (d := day_of(value)) is not None}
                  | {d for d in (since, until) if d is not None})
    if len(days) < 2:
        return since, until
    first, last = days[0], days[-1]
    start, end = sorted((since or first, until or last))
    chosen = st.slider("Links seen between", min_value=first, max_value=last,
                       **bound("when", (start, end)), format="YYYY-MM-DD",
                       help="Keep the links first seen before the end and last seen after "
                            "the start of this window (provenance dates). A node shows at "
                            "most 100 neighbours: a window also chooses which.")
    since, until = (chosen[0] if chosen[0] > first else None,
                    chosen[1] if chosen[1] < last else None)
    set_url("since", since.isoformat() if since else None)
    set_url("until", until.isoformat() if until else None)
    st.session_state["url-seen:when"] = chosen
    return since, until


def day_of(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# -- which entities --------------------------------------------------------------------------

st.title("Network")
require("network.view")
url = store_url()
seeds = url_list("entity")
text = st.text_input("Search by name or id", placeholder="e.g. Vos, org-, lommel",
                     help="Add matches to the entities below; the view is the union of "
                          "their neighbourhoods.")
names = {i: known_name(url, i) for i in seeds}
names.update({i: name for i, name in found_names(url, text).items() if i not in names})
# No "Select all": it would add every match of a loose search (a port and 24 case files).
chosen = st.multiselect("Entities", list(names), format_func=names.get,
                        placeholder="Pick one or more entities", select_all=False,
                        **bound("entity", seeds))
if chosen != seeds:
    to_url("entity", chosen, chosen)
    seeds = chosen
if not seeds:
    st.info("Search for a person, group, site or case file by name or id, then pick it "
            "(or several: their neighbourhoods are drawn together).")
    st.stop()

# -- how far and through what -------------------------------------------------------------

try:
    url_hops = min(max(int(st.query_params.get("hops") or 1), 1), MAX_HOPS)
except ValueError:
    url_hops = 1
left, middle, right = st.columns([3, 2, 2])
hops = left.slider("Hops", min_value=1, max_value=MAX_HOPS, **bound("hops", url_hops),
                   help="How many links away from the entities to look.")
to_url("hops", hops, str(hops) if hops != 1 else None)
context = middle.toggle(
    "Case files and places", **bound("context", st.query_params.get("context") == "1"),
    help="Off: only ties between actors (who works with, runs, supplies, ships what). "
         "On: also the case files naming them, the places they are in, interventions and "
         "assistance requests; every dossier and town then links everyone in it.")
to_url("context", context, "1" if context else None)
measures = [m for m, action in SIZE_MEASURES.items() if action is None or may(action)]
url_size = st.query_params.get("size")
size_by = right.selectbox(
    "Size by", measures, **bound("size", url_size if url_size in measures else measures[0]),
    help="Links in view: the busiest nodes of this drawing are the largest. Betweenness and "
         "Dutch link are computed over the whole graph, as the Key players and Dutch link "
         "pages compute them (the first time takes a while on a large graph).")
to_url("size", size_by, size_by if size_by != measures[0] else None)
with st.expander("Filters", expanded=any(
        st.query_params.get(k) for k in ("types", "market", "country", "grading"))):
    left, middle, right = st.columns(3)
    labels = list(ontology().nodes)
    types = left.multiselect("Node types", labels,
                             **bound("types", [t for t in url_list("types") if t in labels]),
                             help="Only entities of these types (none picked: all).")
    markets = middle.multiselect(
        "Market", MARKETS, **bound("market", [m for m in url_list("market") if m in MARKETS]),
        help="Entities serving these markets, and those serving none in particular "
             "(persons, phones, places …).")
    countries = right.multiselect(
        "Country", COUNTRIES,
        **bound("country", [c for c in url_list("country") if c in COUNTRIES]),
        help="'other' is any other country, or none known.")
    url_grading = st.query_params.get("grading")
    grading = right.selectbox(
        "Minimum grading", GRADINGS,
        **bound("grading", url_grading if url_grading in GRADINGS else None),
        placeholder="any", help="Europol 4x4: follow only links at least this reliable on "
                                "both scales (A1 best, X4 any).")
for name, value, text in (
        ("types", types, types), ("market", markets, markets),
        ("country", countries, countries), ("grading", grading, grading)):
    to_url(name, value, text)
every_day = NetworkFilter(tuple(types), tuple(markets), tuple(countries), None, None, grading,
                          () if context else ontology().operational_relationships)

# -- the view -----------------------------------------------------------------------------

expand = url_list("expand")
network = cached_view(url, tuple(seeds), hops, tuple(expand), every_day)
since, until = time_window(network, url_date("since"), url_date("until"))
filters = replace(every_day, since=since.isoformat() if since else None,
                  until=until.isoformat() if until else None)
if filters != every_day:
    network = cached_view(url, tuple(seeds), hops, tuple(expand), filters)
audit("network.view", {"entities": seeds, "hops": hops, "expand": expand,
                       "filters": asdict(filters)}, network)
by_id = {str(n.properties.get("id")): eid for eid, n in network.nodes.items()}
stale = [i for i in expand if i not in by_id]
if stale:
    st.warning(plain(f"Not in this view, so not expanded: {', '.join(stale)}."))
focus = [network.nodes[eid] for eid in network.seeds]
st.subheader(plain(", ".join(caption(n, ontology()) for n in focus)))
countries_of = node_countries(network, ontology())
facts = [f"{primary_label(n, ontology())} · {n.properties.get('id')} · "
         f"{countries_of[n.element_id] or 'unknown country'}" for n in focus]
st.caption(f"{plain('; '.join(facts))} · {len(network.nodes)} nodes, "
           f"{len(network.relationships)} relationships within {hops} hop(s)"
           + (f", {len(expand) - len(stale)} node(s) expanded" if expand else ""))
if network.more:
    capped = sorted(network.more.items(), key=lambda item: -item[1])
    named = [f"{caption(network.nodes[eid], ontology())} +{n} more" for eid, n in
             capped[:CAPPED_NAMED]]
    others = len(capped) - CAPPED_NAMED
    more_others = f"; and {others} other node(s)" if others > 0 else ""
    st.caption(plain(f"Each node shows at most {NEIGHBOUR_CAP} neighbours, the most recently "
                     f"seen first; not shown: {'; '.join(named)}{more_others}. Move the time "
                     "window or narrow the filters to choose."))
if network.truncated:
    st.warning(f"Only {len(network.nodes)} nodes are shown; more are within reach. Use fewer "
               "hops, filters or entities to see the rest.")
if len(network.nodes) == len(network.seeds) and not network.relationships:
    context_only = not context and any(primary_label(n, ontology()) in ontology().non_actors
                                       for n in focus)
    st.info("A case file, place or intervention is tied to others only through what it "
            "names: switch on 'Case files and places'." if context_only else
            "Nothing passes the filters around these entities.")
network, hidden = hide(network, url_list("hide"))
if hidden:
    st.caption(plain(f"Hidden by hand: {', '.join(known_name(url, i) for i in hidden)}."))
opened = url_list("open")
network, groups = fold(network, ontology(), opened)
if groups:
    folded = sum(len(g.members) for g in groups.values())
    st.caption(f"{folded} nodes are folded into {len(groups)} group(s) to keep the drawing "
               "readable: click a group to open it.")
drawing_and_card(network, groups, opened, expand, read_pins(url_list("pin")), hidden,
                 node_sizes(network, size_by))

