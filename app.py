"""DISMARK explorer: the graph's counts and the network around any entity, in a browser.

Run it with ``make run`` (or ``streamlit run app.py``); the store comes from
``DISMARK_STORE``, else the embedded default under ``data/``. This file routes: it opens the
store once per process, caches query results by store and parameters, and turns dismark's
errors into messages in one place (``main``). The page functions below describe the UI.
``/?entity=<id>`` opens the network page on that entity.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from graph.config import from_environment
from graph.errors import DismarkError
from graph.explore import Network, find_entity, network_around, search_entities, source_case_files
from graph.ontology import Ontology, load_ontology
from graph.stats import graph_stats
from graph.store import GraphNode, GraphStore, open_store
from graph.view import caption, legend_html, network_html, node_countries, primary_label

NETWORK_HEIGHT = 640
#: seconds a cached answer is reused: a load by someone else shows within a minute
QUERY_TTL = 60
CASE_FILE_COLUMNS = ("id", "country", "kind", "opened_on", "agency", "title")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>])")


# -- store and cached queries (keyed by the store URL, so two stores never mix) -----------

@st.cache_resource(show_spinner="Opening the graph store…", on_release=lambda s: s.close())
def store_at(url: str) -> GraphStore:
    return open_store(url)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_stats(url: str) -> dict[str, dict[str, int]]:
    return graph_stats(store_at(url), load_ontology())


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_search(url: str, text: str) -> list[GraphNode]:
    return search_entities(store_at(url), text)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_entity(url: str, entity_id: str) -> GraphNode | None:
    return find_entity(store_at(url), entity_id)


@st.cache_data(ttl=QUERY_TTL, show_spinner="Fetching the network…", max_entries=64)
def cached_network(url: str, entity_id: str, hops: int) -> Network:
    return network_around(store_at(url), entity_id, hops)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False, max_entries=32)
def cached_network_html(url: str, entity_id: str, hops: int) -> str:
    return network_html(cached_network(url, entity_id, hops), load_ontology(),
                        height=f"{NETWORK_HEIGHT}px")


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_case_files(url: str, entity_id: str) -> list[GraphNode]:
    entity = find_entity(store_at(url), entity_id)
    return source_case_files(store_at(url), entity) if entity else []


# -- pages ----------------------------------------------------------------------------------

def overview_page() -> None:
    st.title("Overview")
    stats = cached_stats(from_environment().store_url)
    nodes, relationships = stats["nodes"], stats["relationships"]
    left, right = st.columns(2)
    left.metric("Nodes", f"{sum(nodes.values()):,}")
    right.metric("Relationships", f"{sum(relationships.values()):,}")
    left.dataframe([{"label": k, "count": v} for k, v in nodes.items()],
                   hide_index=True, height="content")
    right.dataframe([{"type": k, "count": v} for k, v in relationships.items()],
                    hide_index=True, height="content")


def network_page() -> None:
    st.title("Network")
    url, ontology = from_environment().store_url, load_ontology()
    entity_id = _pick_entity(url, ontology)
    if not entity_id:
        st.info("Search for a person, group, site or case file by name or id, then pick it.")
        return
    hops = st.slider("Hops", min_value=1, max_value=3, value=1,
                     help="How many links away from the entity to look.")
    network = cached_network(url, entity_id, hops)
    focus = network.nodes[network.focus]
    label = primary_label(focus, ontology)
    country = node_countries(network, ontology)[network.focus] or "unknown country"
    st.subheader(_plain(caption(focus, ontology)))
    st.caption(f"{_plain(f'{label} · {entity_id} · {country}')} · {len(network.nodes)} nodes, "
               f"{len(network.relationships)} relationships within {hops} hop(s)")
    if network.truncated:
        st.warning(f"Only the nearest {len(network.nodes)} nodes are shown; more are within "
                   f"{hops} hop(s). Pick a neighbour or fewer hops to see the rest.")
    st.iframe(cached_network_html(url, entity_id, hops), height=NETWORK_HEIGHT + 40)
    labels = dict.fromkeys(primary_label(n, ontology) for n in network.nodes.values())
    st.html(legend_html(ontology, labels))
    left, right = st.columns(2)
    left.markdown("**Properties**")
    left.dataframe([{"property": k, "value": _shown(v)} for k, v in sorted(
        focus.properties.items())], hide_index=True, height="content")
    right.markdown("**Source case files**")
    case_files = cached_case_files(url, entity_id)
    right.dataframe([{c: _shown(f.properties.get(c, "")) for c in CASE_FILE_COLUMNS}
                     for f in case_files], hide_index=True, height="content")


def _pick_entity(url: str, ontology: Ontology) -> str | None:
    """Search box and choice of entity; the choice lives in the URL (``?entity=``)."""
    current = st.query_params.get("entity") or None
    text = st.text_input("Search by name or id", placeholder="e.g. Vos, org-, lommel")
    matches = cached_search(url, text) if text.strip() else []
    if text.strip() and not matches:
        st.caption(_plain(f"No entity has {text.strip()!r} in its name or id."))
    names = {str(n.properties.get("id")): _entity_name(n, ontology) for n in matches}
    if current and current not in names:
        known = cached_entity(url, current)
        names = {current: _entity_name(known, ontology) if known else current, **names}
    options = list(names)
    picked = st.selectbox("Entity", options, index=options.index(current) if current else None,
                          format_func=lambda i: names.get(i, i), placeholder="Pick an entity")
    if picked and picked != current:
        st.query_params["entity"] = picked
    return picked


def _entity_name(node: GraphNode, ontology: Ontology) -> str:
    """How a search result reads: "Jeroen Vos — Person (person-jeroen-vos)"."""
    name, entity_id = caption(node, ontology), node.properties.get("id")
    label = primary_label(node, ontology)
    return f"{name} — {label}" if name == entity_id else f"{name} — {label} ({entity_id})"


def _plain(text: str) -> str:
    """``text`` escaped so Streamlit's markdown shows it as it is (names come from case files)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


# -- routing ----------------------------------------------------------------------------------

def main() -> None:
    st.set_page_config(page_title="DISMARK explorer", page_icon=":material/hub:", layout="wide")
    overview = st.Page(overview_page, title="Overview", icon=":material/bar_chart:", default=True)
    network = st.Page(network_page, title="Network", icon=":material/hub:", url_path="network")
    page = st.navigation([overview, network])
    entity = st.query_params.get("entity")
    if entity and page.url_path == overview.url_path:
        st.switch_page(network, query_params={"entity": entity})
    try:
        page.run()
    except DismarkError as exc:
        st.error(_plain(str(exc)))


main()
