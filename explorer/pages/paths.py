"""Paths: the shortest chains of operational links between two entities, or the network that
connects a set of them, drawn and listed step by step with each link's grading and case files.

Runs the saved queries ``shortest-path`` and ``connecting-network`` (the CLI's ``dismark query
run`` gives the same rows); the narrowing options act on the chains those queries found.
"""


import streamlit as st

from explorer.common import (
    audit,
    cached_entity,
    cached_saved_query,
    draw,
    entity_name,
    library,
    ontology,
    pick_entity,
    plain,
    require,
    shown,
    store_url,
)
from explorer.viewmodels.drawing import caption
from explorer.viewmodels.network import subgraph_of
from explorer.viewmodels.shortest_paths import (
    check_known,
    narrowed,
    pairs_of,
    pairs_result,
    path_pattern,
    steps_of,
    why_none,
)
from graph.store import GraphNode, GraphPath

MODES = ("Between two entities", "Connecting network of several")


def name(node: GraphNode) -> str:
    return caption(node, ontology())


def known(url: str, ids: list[str]) -> dict[str, GraphNode]:
    """The entities of ``ids`` that exist, by id."""
    return {i: node for i in ids if (node := cached_entity(url, i)) is not None}


def step_rows(path: GraphPath) -> list[dict[str, str]]:
    """One table row per link of the chain, in walking order."""
    return [{"step": str(n), "link": step.arrow(name), "grading": shown(step.grading),
             "case files": shown(step.case_files), "seen": step.seen}
            for n, step in enumerate(steps_of(path), start=1)]


st.title("Paths")
require("paths.view")
url = store_url()
followed, search_hops = path_pattern(library().get("shortest-path").cypher)
mode = st.radio("Find", MODES, index=1 if st.query_params.get("ids") else 0, horizontal=True,
                key="paths-mode")
with st.expander("Narrow the chains"):
    max_hops = st.slider("At most this many links", 1, search_hops, search_hops,
                         help=f"The search looks up to {search_hops} links away.")
    types = st.multiselect(
        "Only through these relationship types", followed,
        help="Leave empty for all. Only operational links are followed: never case files, "
             "places, interventions or assistance requests.")
chosen = set(types) or None
limits = f"within {max_hops} links" + (f", only through {', '.join(types)}" if types else "")

if mode == MODES[0]:
    left, right = st.columns(2)
    with left:
        start = pick_entity(param="from", label="From", hint="e.g. Vos, person-")
    with right:
        end = pick_entity(param="to", label="To", hint="e.g. Baarle, org-")
    if not start or not end:
        st.info("Pick two entities: a person, group, site or company at each end.")
        st.stop()
    if start == end:
        st.info("Pick two different entities.")
        st.stop()
    nodes = known(url, [start, end])
    check_known("from", [start], nodes)  # InvalidInput: app.py shows it
    check_known("to", [end], nodes)
    result = cached_saved_query(url, "shortest-path", (("from", start), ("to", end)))
    audit("paths.view", {"from": start, "to": end}, result)
    kept = narrowed(result, max_hops, chosen)
    pair = plain(f"{name(nodes[start])} and {name(nodes[end])}")
    if not kept.rows:
        st.info(f"No path between {pair}: {plain(why_none(result, max_hops, chosen))}.")
        st.stop()
    records = kept.records()
    st.caption(f"{len(records)} shortest chain(s) of {records[0]['length']} link(s) between "
               f"{pair} ({plain(limits)}).")
    if len(result.rows) == library().get("shortest-path").params["limit"].default:
        st.warning(f"Only the first {len(result.rows)} chains were fetched; there may be more.")
    draw(subgraph_of(kept), focus_id=nodes[start].element_id)
    for number, record in enumerate(records, start=1):
        st.markdown(f"**Chain {number}** · {record['length']} link(s) · weakest grading "
                    f"{plain(record['weakest_grading'])}")
        st.dataframe(step_rows(record["path"]), hide_index=True, height="content")
    st.stop()

ids = list(dict.fromkeys(i.strip() for i in (st.query_params.get("ids") or "").split(",")
                         if i.strip()))
nodes = known(url, ids)
keep = st.multiselect("Entities to connect", ids, default=ids, select_all=False,
                      format_func=lambda i: entity_name(nodes[i]) if i in nodes else i)
added = pick_entity(param="add", label="Add an entity", hint="e.g. Dekker, org-")
if st.button("Add to the set", disabled=not added or added in keep):
    keep = [*keep, added]
    del st.query_params["add"]
if keep != ids:
    st.query_params["ids"] = ",".join(keep)
    st.rerun()
check_known("ids", ids, nodes)
if len(ids) < 2:
    st.info("Add at least two entities (or open the page with ?ids=id1,id2,…) to see what "
            "connects them.")
    st.stop()
result = cached_saved_query(url, "connecting-network", (("ids", tuple(ids)),))
audit("paths.view", {"ids": ids}, result)
pairs = pairs_of(result, max_hops, chosen)
connected = [p for p in pairs if p.paths]
st.caption(f"{len(ids)} entities, {len(pairs)} pairs: {len(connected)} connected "
           f"{plain(limits)}.")
draw(subgraph_of(pairs_result(pairs)))
st.dataframe([{"from": name(p.source), "to": name(p.target),
               "links": "" if p.length is None else str(p.length),
               "chains": len(p.paths),
               "note": "" if p.paths else "not connected" if not p.found
               else f"{p.found} chain(s) left out by the narrowing"} for p in pairs],
             hide_index=True, height="content")
for p in connected:
    with st.expander(plain(f"{name(p.source)} — {name(p.target)}: {len(p.paths)} chain(s) "
                           f"of {p.length} link(s)")):
        for number, path in enumerate(p.paths, start=1):
            st.markdown(f"**Chain {number}**")
            st.dataframe(step_rows(path), hide_index=True, height="content")
