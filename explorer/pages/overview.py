"""Overview: how many nodes and relationships of each type the graph holds."""

import streamlit as st

from explorer.common import QUERY_TTL, audit, ontology, require, store_at, store_url
from graph.store.stats import graph_stats


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_stats(url: str) -> dict[str, dict[str, int]]:
    return graph_stats(store_at(url), ontology())


st.title("Overview")
require("stats.view")
stats = cached_stats(store_url())
audit("stats.view")
nodes, relationships = stats["nodes"], stats["relationships"]
left, right = st.columns(2)
left.metric("Nodes", f"{sum(nodes.values()):,}")
right.metric("Relationships", f"{sum(relationships.values()):,}")
left.dataframe([{"label": k, "count": v} for k, v in nodes.items()],
               hide_index=True, height="content")
right.dataframe([{"type": k, "count": v} for k, v in relationships.items()],
                hide_index=True, height="content")
