"""Network: the neighbourhood of one or more entities, filtered, expanded, with provenance.

Everything that makes a view lives in the URL (``?entity=a&entity=b`` or ``?entity=a,b``,
``hops``, the filters, ``context``, ``expand=id1,id2``) so a view can be bookmarked and
shared. The drawing talks back (``explorer.network_view``): a click opens the card of a node
or link under it, a double-click expands a node.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import streamlit as st

from explorer.common import (
    QUERY_TTL,
    audit,
    draw,
    entity_name,
    found_names,
    known_name,
    ontology,
    plain,
    require,
    shown,
    store_at,
    store_url,
)
from explorer.viewmodels.drawing import caption, node_countries, primary_label
from explorer.viewmodels.grouping import Group, fold
from explorer.viewmodels.network import (
    COUNTRIES,
    MAX_HOPS,
    NEIGHBOUR_CAP,
    Network,
    NetworkFilter,
    case_gradings,
    entity_ids,
    network_around,
    source_case_files,
)
from graph.analysis.filters import MARKETS
from graph.model.grading import GRADINGS
from graph.store import GraphNode, GraphRelationship

CASE_FILE_COLUMNS = ("id", "country", "kind", "opened_on", "agency", "title")
#: how many capped nodes the caption names before it says "and N others"
CAPPED_NAMED = 5
EARLIEST = date(1980, 1, 1)


@st.cache_data(ttl=QUERY_TTL, show_spinner="Fetching the network…", max_entries=64)
def cached_view(url: str, ids: tuple[str, ...], hops: int, expand: tuple[str, ...],
                filters: NetworkFilter) -> Network:
    return network_around(store_at(url), ids, hops, expand=expand, filters=filters,
                          ontology=ontology())


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_source_case_files(url: str, item: GraphNode | GraphRelationship) -> list[GraphNode]:
    return source_case_files(store_at(url), item, ontology())


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


def link_name(rel: GraphRelationship, network: Network) -> str:
    start, end = network.nodes[rel.start], network.nodes[rel.end]
    return f"{caption(start, ontology())} —{rel.type}→ {caption(end, ontology())}"


@st.fragment
def drawing_and_card(network: Network, groups: dict[str, Group], opened: list[str],
                     expand: list[str]) -> None:
    """The drawing and the card of what was clicked in it: a click reruns only this part of
    the page (the search, the filters and the fetch are not run again); an expand or a
    group opened reruns the page."""
    picked = st.session_state.get("network-selected")
    done = draw(network, selected=picked if picked in network.nodes or any(
        r.element_id == picked for r in network.relationships) else None)
    if done.selected in groups:
        set_url("open", [*opened, groups[done.selected].id])
        st.session_state["network-selected"] = None
        st.rerun()
    if done.selected != st.session_state.get("network-clicked"):  # a new click in the drawing
        st.session_state["network-clicked"] = done.selected
        st.session_state["network-selected"] = picked = done.selected
    if opened and st.button("Fold the opened groups again"):
        set_url("open", None)
        st.rerun()
    if done.expand in groups:  # a double-click on a group opens it, as a click does
        set_url("open", [*opened, groups[done.expand].id])
        st.rerun()
    if done.expand:
        node = network.nodes.get(done.expand)
        if node is not None and str(node.properties.get("id")) not in expand:
            st.session_state["network-expanding"] = (str(node.properties.get("id")),
                                                     len(network.nodes))
            set_url("expand", [*expand, str(node.properties.get("id"))])
            st.rerun()
    expanding = st.session_state.pop("network-expanding", None)
    if expanding and expanding[1] == len(network.nodes):
        st.info(plain(f"Nothing new around {known_name(url, expanding[0])}: every neighbour "
                      "passing the filters is already in view."))
    if expand and st.button("Undo expansions"):
        set_url("expand", None)
        st.rerun()

    items: dict[str, GraphNode | GraphRelationship] = {
        **network.nodes, **{r.element_id: r for r in network.relationships}}
    item = items.get(picked) or network.nodes[network.seeds[0]]
    props = item.properties
    gradings = case_gradings(item)
    when = f"first seen {props.get('first_seen') or '?'}, last seen {props.get('last_seen') or '?'}"
    if isinstance(item, GraphRelationship):
        st.markdown(f"**{plain(link_name(item, network))}**: graded "
                    f"{plain(props.get('grading') or '?')} (best of its case files), {plain(when)}")
    else:
        st.markdown(f"**{plain(entity_name(item))}**: {plain(when)}")
        if str(props.get("id")) not in expand and picked in network.nodes and \
                st.button("Expand", help=f"Add its neighbours (at most {NEIGHBOUR_CAP}); "
                                         "double-clicking it in the drawing does the same."):
            st.session_state["network-expanding"] = (str(props.get("id")), len(network.nodes))
            set_url("expand", [*expand, str(props.get("id"))])
            st.rerun()
    if not picked:
        st.caption("Click a node or a link in the drawing to see its card here.")
    rows = [{**{c: shown(f.properties.get(c, "")) for c in CASE_FILE_COLUMNS},
             **({"grading": gradings.get(str(f.properties.get("id")), "")} if gradings else {})}
            for f in cached_source_case_files(url, item)]
    left, right = st.columns(2)
    left.markdown("**Source case files**")
    if rows:
        left.dataframe(rows, hide_index=True, height="content")
    else:
        left.info("No case file is recorded for it.")
    right.markdown("**Properties**")
    right.dataframe([{"property": k, "value": shown(v)} for k, v in sorted(props.items())],
                    hide_index=True, height="content")


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
left, right = st.columns([3, 2])
hops = left.slider("Hops", min_value=1, max_value=MAX_HOPS, **bound("hops", url_hops),
                   help="How many links away from the entities to look.")
to_url("hops", hops, str(hops) if hops != 1 else None)
context = right.toggle(
    "Case files and places", **bound("context", st.query_params.get("context") == "1"),
    help="Off: only ties between actors (who works with, runs, supplies, ships what). "
         "On: also the case files naming them, the places they are in, interventions and "
         "assistance requests; every dossier and town then links everyone in it.")
to_url("context", context, "1" if context else None)
with st.expander("Filters", expanded=any(
        st.query_params.get(k) for k in ("types", "market", "country", "since", "until",
                                         "grading"))):
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
    since = left.date_input("Seen since", min_value=EARLIEST, **bound("since", url_date("since")),
                            help="Keep what was seen on or after this day (provenance).")
    until = middle.date_input("Seen until", min_value=EARLIEST,
                              **bound("until", url_date("until")),
                              help="Keep what was seen on or before this day.")
    url_grading = st.query_params.get("grading")
    grading = right.selectbox(
        "Minimum grading", GRADINGS,
        **bound("grading", url_grading if url_grading in GRADINGS else None),
        placeholder="any", help="Europol 4x4: follow only links at least this reliable on "
                                "both scales (A1 best, X4 any).")
for name, value, text in (
        ("types", types, types), ("market", markets, markets),
        ("country", countries, countries),
        ("since", since, since.isoformat() if since else None),
        ("until", until, until.isoformat() if until else None),
        ("grading", grading, grading)):
    to_url(name, value, text)
filters = NetworkFilter(tuple(types), tuple(markets), tuple(countries),
                        since.isoformat() if since else None,
                        until.isoformat() if until else None, grading,
                        () if context else ontology().operational_relationships)

# -- the view -----------------------------------------------------------------------------

expand = url_list("expand")
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
    st.caption(plain(f"Each node shows at most {NEIGHBOUR_CAP} neighbours; not shown: "
                     f"{'; '.join(named)}" + (f"; and {others} other node(s)" if others > 0
                                              else "") + ". Narrow the filters to choose."))
if network.truncated:
    st.warning(f"Only {len(network.nodes)} nodes are shown; more are within reach. Use fewer "
               "hops, filters or entities to see the rest.")
if len(network.nodes) == len(network.seeds) and not network.relationships:
    context_only = not context and any(primary_label(n, ontology()) in ontology().non_actors
                                       for n in focus)
    st.info("A case file, place or intervention is tied to others only through what it "
            "names: switch on 'Case files and places'." if context_only else
            "Nothing passes the filters around these entities.")
opened = url_list("open")
network, groups = fold(network, ontology(), opened)
if groups:
    folded = sum(len(g.members) for g in groups.values())
    st.caption(f"{folded} nodes are folded into {len(groups)} group(s) to keep the drawing "
               "readable: click a group to open it.")
drawing_and_card(network, groups, opened, expand)

