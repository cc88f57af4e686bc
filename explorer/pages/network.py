"""Network: the neighbourhood of one or more entities, filtered, expanded, with provenance.

Everything that makes a view lives in the URL (``?entity=a&entity=b`` or ``?entity=a,b``,
``hops``, the filters, ``expand=id1,id2``) so a view can be bookmarked and shared. The
drawing cannot talk back to Streamlit, so nodes to expand and items to trace are picked in
select boxes below it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

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


def url_date(name: str) -> date | None:
    try:
        return date.fromisoformat(st.query_params.get(name) or "")
    except ValueError:
        return None


def link_name(rel: GraphRelationship, network: Network) -> str:
    start, end = network.nodes[rel.start], network.nodes[rel.end]
    return f"{caption(start, ontology())} —{rel.type}→ {caption(end, ontology())}"


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
chosen = st.multiselect("Entities", list(names), default=seeds, format_func=names.get,
                        placeholder="Pick one or more entities")
if chosen != seeds:
    set_url("entity", chosen)
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
hops = st.slider("Hops", min_value=1, max_value=MAX_HOPS, value=url_hops,
                 help="How many links away from the entities to look.")
set_url("hops", str(hops) if hops != 1 else None)
with st.expander("Filters", expanded=any(
        st.query_params.get(k) for k in ("types", "market", "country", "since", "until",
                                         "grading"))):
    left, middle, right = st.columns(3)
    labels = list(ontology().nodes)
    types = left.multiselect("Node types", labels,
                             default=[t for t in url_list("types") if t in labels],
                             help="Only entities of these types (none picked: all).")
    markets = middle.multiselect("Market", MARKETS,
                                 default=[m for m in url_list("market") if m in MARKETS],
                                 help="Entities serving these markets, and those serving "
                                      "none in particular (persons, phones, places …).")
    countries = right.multiselect("Country", COUNTRIES,
                                  default=[c for c in url_list("country") if c in COUNTRIES],
                                  help="'other' is any other country, or none known.")
    since = left.date_input("Seen since", value=url_date("since"), min_value=EARLIEST,
                            help="Keep what was seen on or after this day (provenance).")
    until = middle.date_input("Seen until", value=url_date("until"), min_value=EARLIEST,
                              help="Keep what was seen on or before this day.")
    url_grading = st.query_params.get("grading")
    grading = right.selectbox(
        "Minimum grading", GRADINGS,
        index=GRADINGS.index(url_grading) if url_grading in GRADINGS else None,
        placeholder="any", help="Europol 4x4: follow only links at least this reliable on "
                                "both scales (A1 best, X4 any).")
for name, value in (("types", types), ("market", markets), ("country", countries),
                    ("since", since.isoformat() if since else None),
                    ("until", until.isoformat() if until else None), ("grading", grading)):
    set_url(name, value)
filters = NetworkFilter(tuple(types), tuple(markets), tuple(countries),
                        since.isoformat() if since else None,
                        until.isoformat() if until else None, grading)

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
    st.info("Nothing passes the filters around these entities.")
draw(network)

# -- expand --------------------------------------------------------------------------------

edge = {str(n.properties.get("id")): entity_name(n) for eid, n in network.nodes.items()
        if eid not in network.expanded}
left, right = st.columns([3, 1])
picked = left.selectbox("Expand a node", list(edge), index=None, format_func=edge.get,
                        placeholder="Pick a node at the edge of the view",
                        help=f"Adds its neighbours (at most {NEIGHBOUR_CAP}).")
if right.button("Expand", disabled=picked is None):
    set_url("expand", [*expand, picked])
    st.rerun()
if expand and right.button("Undo expansions"):
    set_url("expand", None)
    st.rerun()

# -- provenance -----------------------------------------------------------------------------

# keyed by the entity's or link's own id ("a>TYPE>b"), which says what it is
items: dict[str, GraphNode | GraphRelationship] = {
    str(x.properties.get("id", x.element_id)): x
    for x in (*network.nodes.values(), *network.relationships)}
traced = st.selectbox(
    "Where does it come from?", list(items),
    format_func=lambda k: (entity_name(items[k]) if isinstance(items[k], GraphNode)
                           else link_name(items[k], network)),
    help="A node or relationship of the view: its case files, grading and dates.")
item = items[traced]
props = item.properties
gradings = case_gradings(item)
when = f"first seen {props.get('first_seen') or '?'}, last seen {props.get('last_seen') or '?'}"
if isinstance(item, GraphRelationship):
    st.markdown(plain(f"{link_name(item, network)}: graded {props.get('grading') or '?'} "
                      f"(best of its case files), {when}"))
else:
    st.markdown(plain(f"{entity_name(item)}: {when}"))
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
