"""Saved queries: pick one, fill the form built from its declared parameters, read the
answer as a table (and a drawing when it returns a subgraph), take it away as CSV or GraphML.
"""

import json
from typing import Any

import streamlit as st

from explorer.common import (
    audit,
    cached_saved_query,
    draw,
    library,
    ontology,
    pick_entity,
    plain,
    require,
    shown,
    store,
    store_url,
)
from explorer.identity import ACTOR
from explorer.viewmodels.downloads import csv_bytes, graphml_bytes
from explorer.viewmodels.network import Network, subgraph_of
from graph.access.attempts import attempted
from graph.access.audit import AuditLog
from graph.access.persons import persons_found
from graph.store import QueryResult
from graph.store.saved_queries import Param
from graph.store.tables import brief

LAST_RUN, EXPORTED, RAN = "saved-query-last-run", "saved-query-exported", "saved-query-ran"
GROUP_TITLES = {"indicator": "Study indicator", "investigation": "Investigation",
                "cooperation": "Cooperation"}


def param_input(param: Param) -> Any:
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


def offer_downloads(name: str, bound: dict[str, Any], result: QueryResult,
                    network: Network | None, persons: set[str]) -> None:
    """Export buttons, behind a step that logs the disclosure first: the files reach the
    browser only once the log says who took them and why."""
    key = json.dumps([name, bound], sort_keys=True, default=str)
    if st.session_state.get(EXPORTED) != key:
        if st.button("Export (CSV, GraphML)", help="Taking data out of the explorer is "
                     "logged as a disclosure."):
            audit("export.csv", {"query": name, "params": bound}, result, persons=persons)
            if network is not None and network.nodes:
                audit("export.graphml", {"query": name, "params": bound}, network)
            st.session_state[EXPORTED] = key
            st.rerun()
        return
    left, right = st.columns(2)
    left.download_button("Download CSV", csv_bytes(result), file_name=f"{name}.csv",
                         mime="text/csv", on_click="ignore")
    if network is not None and network.nodes:
        right.download_button("Download GraphML", graphml_bytes(network),
                              file_name=f"{name}.graphml", mime="application/graphml+xml",
                              on_click="ignore")


def hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def run_logged(name: str, bound: dict[str, Any]) -> tuple[QueryResult, set[str]]:
    """The query's answer and the persons in it (by id in any column), its attempt logged
    before it runs and its outcome after (``graph.access.attempts``). A rerun in the session
    that shows no one new (an unrelated widget) is not logged again."""
    details = {"query": name, "params": bound}
    key = json.dumps(details, sort_keys=True, default=str)
    params = tuple((k, hashable(v)) for k, v in bound.items())
    shown_before = st.session_state.setdefault(RAN, {})
    if key in shown_before:
        result = cached_saved_query(url, name, params)
        persons = persons_found(store(), ontology(), result)
        if persons <= shown_before[key]:
            return result, persons
    with attempted(AuditLog.from_environment(), st.session_state[ACTOR], "query.run",
                   details) as outcome:
        result = cached_saved_query(url, name, params)
        persons = persons_found(store(), ontology(), result)
        outcome.returned(result, persons)
    shown_before[key] = persons
    return result, persons


st.title("Saved queries")
require("query.run")
url, saved = store_url(), library()
for problem in saved.problems:
    st.warning(plain(f"Refused query file: {problem}"))
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
    st.stop()
query = saved.queries[name]
st.caption(plain(f"{query.name} · returns a {query.returns} · " + " · ".join(
    f"{k}: {', '.join(v)}" for k, v in query.tags.items())))
st.markdown(plain(query.description))
# An entity is picked by name (search, then choose among namesakes by birth date, country,
# type), never typed as an id: "koen claeys" is a name, not an id.
values = {p.name: pick_entity(param=p.name, label=p.name, hint="a name, e.g. Vos")
          for p in query.params.values() if p.type == "id"}
with st.form("params"):
    values |= {p.name: param_input(p) for p in query.params.values() if p.type != "id"}
    submitted = st.form_submit_button("Run", type="primary")
if submitted:  # the answer stays on screen while other widgets rerun the page
    given = {k: v for k, v in values.items() if v is not None and v != ""}
    st.session_state[LAST_RUN] = (name, query.bind(given))  # InvalidInput: app.py shows it
last = st.session_state.get(LAST_RUN)
if last is None or last[0] != name:
    st.stop()
bound = last[1]
result, persons = run_logged(name, bound)
if result.truncated:
    st.warning(f"Only the first {len(result.rows)} rows are shown; narrow the parameters.")
if not result.rows:
    st.info("No rows: nothing in the graph matches these parameters.")
    st.stop()
network = subgraph_of(result) if query.returns == "subgraph" else None
if network is not None and network.nodes:
    draw(network)
st.dataframe([{c: shown(brief(v)) for c, v in zip(result.columns, row, strict=True)}
              for row in result.rows], hide_index=True)
offer_downloads(name, bound, result, network, persons)
