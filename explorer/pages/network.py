"""Network: the neighbourhood of an entity, drawn, with its properties and source case files."""

import streamlit as st

from explorer.common import (
    QUERY_TTL,
    cached_network,
    draw,
    ontology,
    pick_entity,
    plain,
    shown,
    store_at,
    store_url,
)
from graph.explore import find_entity, source_case_files
from graph.store import GraphNode
from graph.view import caption, node_countries, primary_label

CASE_FILE_COLUMNS = ("id", "country", "kind", "opened_on", "agency", "title")


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_case_files(url: str, entity_id: str) -> list[GraphNode]:
    entity = find_entity(store_at(url), entity_id)
    return source_case_files(store_at(url), entity) if entity else []


st.title("Network")
url = store_url()
entity_id = pick_entity()
if not entity_id:
    st.info("Search for a person, group, site or case file by name or id, then pick it.")
    st.stop()
hops = st.slider("Hops", min_value=1, max_value=3, value=1,
                 help="How many links away from the entity to look.")
network = cached_network(url, entity_id, hops)
focus = network.nodes[network.focus]
label = primary_label(focus, ontology())
country = node_countries(network, ontology())[network.focus] or "unknown country"
st.subheader(plain(caption(focus, ontology())))
st.caption(f"{plain(f'{label} · {entity_id} · {country}')} · {len(network.nodes)} nodes, "
           f"{len(network.relationships)} relationships within {hops} hop(s)")
if network.truncated:
    st.warning(f"Only the nearest {len(network.nodes)} nodes are shown; more are within "
               f"{hops} hop(s). Pick a neighbour or fewer hops to see the rest.")
draw(network)
left, right = st.columns(2)
left.markdown("**Properties**")
left.dataframe([{"property": k, "value": shown(v)} for k, v in sorted(
    focus.properties.items())], hide_index=True, height="content")
right.markdown("**Source case files**")
right.dataframe([{c: shown(f.properties.get(c, "")) for c in CASE_FILE_COLUMNS}
                 for f in cached_case_files(url, entity_id)], hide_index=True, height="content")
