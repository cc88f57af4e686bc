"""DISMARK explorer: the graph's counts, the network around any entity and the saved
queries, in a browser.

Run it with ``make run`` (or ``streamlit run app.py``); the store comes from
``DISMARK_STORE``, else the embedded default under ``data/``. This file routes: it opens the
store once per process, caches query results by store and parameters, and turns dismark's
errors into messages in one place (``main``). The page functions below describe the UI.
``/?entity=<id>`` opens the network page on that entity, ``/?query=<name>`` the saved query.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from graph.config import from_environment
from graph.errors import DismarkError
from graph.explore import (
    Network,
    find_entity,
    network_around,
    search_entities,
    source_case_files,
    subgraph_of,
)
from graph.ontology import Ontology, load_ontology
from graph.saved_queries import Library, Param, load_library, run_saved
from graph.stats import graph_stats
from graph.store import GraphNode, GraphStore, QueryResult, open_store
from graph.tables import brief
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


@st.cache_data(ttl=QUERY_TTL, show_spinner="Running the query…", max_entries=64)
def cached_saved_query(url: str, name: str, params: tuple[tuple[str, Any], ...]) -> QueryResult:
    """A saved query's result, keyed by store, query and parameter values (never per user)."""
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    return run_saved(store_at(url), library().get(name), values)


@st.cache_resource
def library() -> Library:
    return load_library(load_ontology())


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


GROUP_TITLES = {"indicator": "Study indicator", "investigation": "Investigation",
                "cooperation": "Cooperation"}


def queries_page() -> None:
    st.title("Saved queries")
    url, saved = from_environment().store_url, library()
    for problem in saved.problems:
        st.warning(_plain(f"Refused query file: {problem}"))
    names = list(saved.queries)
    current = st.query_params.get("query")
    name = st.selectbox("Query", names, index=names.index(current) if current in names else None,
                        placeholder="Pick a saved query",
                        format_func=lambda n: f"{GROUP_TITLES[saved.queries[n].group]}: "
                                              f"{saved.queries[n].title}")
    if name and name != current:
        st.query_params["query"] = name
    if not name:
        st.info("Pick a query: the study's indicators per market and echelon, investigation "
                "queries (networks, paths, shared phones) and cooperation queries.")
        return
    query = saved.queries[name]
    st.caption(_plain(f"{query.name} · returns a {query.returns} · " + " · ".join(
        f"{k}: {', '.join(v)}" for k, v in query.tags.items())))
    st.markdown(_plain(query.description))
    with st.form("params"):
        values = {p.name: _param_input(p) for p in query.params.values()}
        submitted = st.form_submit_button("Run", type="primary")
    if not submitted:
        return
    given = {k: v for k, v in values.items() if v is not None and v != ""}
    bound = query.bind(given)  # InvalidInput names the parameter; main shows it
    result = cached_saved_query(url, name, tuple((k, _hashable(v)) for k, v in bound.items()))
    if result.truncated:
        st.warning(f"Only the first {len(result.rows)} rows are shown; narrow the parameters.")
    if not result.rows:
        st.info("No rows: nothing in the graph matches these parameters.")
        return
    if query.returns == "subgraph":
        network = subgraph_of(result)
        if network.nodes:
            st.iframe(network_html(network, load_ontology(), height=f"{NETWORK_HEIGHT}px"),
                      height=NETWORK_HEIGHT + 40)
    st.dataframe([{c: _shown(brief(v)) for c, v in zip(result.columns, row, strict=True)}
                  for row in result.rows], hide_index=True)


def _param_input(param: Param) -> Any:
    """A form widget for one declared parameter, preset to its default."""
    label = param.name if param.values else f"{param.name} ({param.describe_type()})"
    default = None if param.required else param.default
    if param.type == "enum":
        options = list(param.values)
        return st.selectbox(label, options, help=param.description,
                            index=options.index(default) if default in options else None)
    if param.type == "list[enum]":
        return st.multiselect(label, list(param.values), default=default or [],
                              help=param.description)
    if param.type == "boolean":
        return st.checkbox(label, value=bool(default), help=param.description)
    if param.type in ("integer", "float"):
        cast = int if param.type == "integer" else float
        bound = {k: cast(v) for k, v in (("min_value", param.min), ("max_value", param.max))
                 if v is not None}
        return st.number_input(label, value=None if default is None else cast(default),
                               step=cast(1), help=param.description, **bound)
    text = ", ".join(default) if isinstance(default, list) else (default or "")
    raw = st.text_input(label, value=text, help=param.description + (
        " Separate values with commas." if param.type.startswith("list[") else ""))
    if param.type.startswith("list["):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw.strip()


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


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
    queries = st.Page(queries_page, title="Saved queries", icon=":material/manage_search:",
                      url_path="queries")
    page = st.navigation([overview, network, queries])
    if page.url_path == overview.url_path:
        for key, target in (("entity", network), ("query", queries)):
            if st.query_params.get(key):
                st.switch_page(target, query_params={key: st.query_params[key]})
    try:
        page.run()
    except DismarkError as exc:
        st.error(_plain(str(exc)))


main()
