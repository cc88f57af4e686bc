"""Key players: central actors, cross-border brokers, communities and the disruption what-if,
computed as ``dismark metrics`` computes them (``explorer.viewmodels.key_players``), on the part of
the graph the form selects.
"""

import datetime
from dataclasses import asdict
from typing import Any

import altair as alt
import streamlit as st

from explorer.common import ANALYSIS_TTL, audit, ontology, require, shown, store_at, store_url
from explorer.scores import BETWEENNESS_SAMPLE, KEY_PLAYER_TYPES
from explorer.viewmodels.key_players import KeyPlayers, curve_rows, key_players
from explorer.viewmodels.visual import GLYPH_PATHS, altair_country_scales, type_glyph
from graph.analysis.analytics import MetricsRequest
from graph.analysis.disruption import STRATEGIES
from graph.analysis.filters import MARKETS
from graph.analysis.to_networkx import WEIGHTS, Selection
from graph.errors import InvalidInput, Problem
from graph.model.grading import GRADINGS

MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank", "brokerage",
            "communities", "disruption")
TITLES = {"degree": "Degree: most partners", "betweenness": "Betweenness: on most shortest "
          "lines between others", "closeness": "Closeness: hears things fast",
          "eigenvector": "Eigenvector: close to the core", "pagerank": "PageRank: importance "
          "passed along ties"}
COUNTRIES = ("BE", "NL", "DE", "FR", "GB")
#: Preset: the CLI's default measures and what only this page draws; closeness and
#: eigenvector on request (each a full pass over a large network).
DEFAULT_MEASURES = ["degree", "betweenness", "pagerank", "brokerage", "communities",
                    "disruption"]
ASKED = "key-players-asked"
#: Tableau 10 without its orange, grey and black-ish tones: the outlines of NL, other and BE
COMMUNITY_COLOURS = ("#4e79a7", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7",
                     "#9c755f", "#e15759")


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=16)
def cached_key_players(url: str, selection: Selection, request: MetricsRequest,
                       strategies: tuple[str, ...]) -> KeyPlayers:
    """The report, keyed by store, selection and request (frozen dataclasses), never per user."""
    return key_players(store_at(url), ontology(), selection, request, strategies)


def ask() -> tuple[Selection, MetricsRequest, tuple[str, ...]] | None:
    """The form; the last submitted question is kept for this session (widgets elsewhere on
    the page rerun the script)."""
    with st.form("key-players"):
        measures = st.multiselect("Measures", MEASURES, default=DEFAULT_MEASURES)
        left, middle, right = st.columns(3)
        types = left.multiselect("Node types", list(ontology().nodes),
                                 default=list(KEY_PLAYER_TYPES),
                                 help="Ports and chemicals are hubs by nature: rank persons "
                                      "and organisations (docs/metrics.md). Empty: the ends "
                                      "of the links between actors.")
        countries = middle.multiselect("Countries", COUNTRIES, accept_new_options=True,
                                       help="Keep entities of these countries (and of "
                                            "unknown country). Empty: all.")
        markets = right.multiselect("Markets", MARKETS, help="Keep entities of these "
                                    "markets (and those of none in particular).")
        since = left.text_input("Links seen since", placeholder="YYYY-MM-DD")
        until = middle.text_input("Links seen until", placeholder="YYYY-MM-DD")
        grading = right.selectbox("Minimum grading", GRADINGS, index=None,
                                  placeholder="any", help="Links graded at least this well "
                                  "on both 4x4 scales.")
        weight = left.selectbox("Weight", WEIGHTS, help="links: each relationship counts 1; "
                                "contacts: calls/messages; graded: times the 4x4 reliability.")
        top = middle.number_input("Top N", min_value=1, max_value=500, value=10)
        sample = right.number_input("Betweenness sample (pivots)", min_value=1,
                                    value=BETWEENNESS_SAMPLE, placeholder="exact",
                                    help="Estimate betweenness from this many pivots (exact "
                                    "when the network has fewer actors; empty: exact, slow "
                                    "on large networks).")
        weighted = left.checkbox("Weighted", help="Strength-like measures read the weight, "
                                 "path measures distance = 1 / weight.")
        directed = middle.checkbox("Directed", help="Follow link direction in the "
                                   "centralities (brokerage always does).")
        seed = right.number_input("Seed", value=1, step=1)
        strategies = left.multiselect("Disruption strategies", STRATEGIES,
                                      default=["degree", "brokerage", "random"])
        steps = middle.number_input("Actors removed", min_value=0, max_value=200, value=10)
        recompute = right.checkbox("Recompute after each removal", value=True)
        method = left.selectbox("Community method", ("louvain", "leiden"))
        if st.form_submit_button("Compute", type="primary"):
            since, until = day("since", since), day("until", until)
            if since and until and since > until:
                raise InvalidInput([Problem("key players", None, "time window",
                                            f"{since} is after {until}")])
            st.session_state[ASKED] = (
                Selection(tuple(types), since=since, until=until,
                          countries=tuple(c.strip().upper() for c in countries),
                          markets=tuple(markets), min_grading=grading, weight=weight),
                MetricsRequest(tuple(measures), int(top), directed, weighted,
                               int(sample) if sample else None, int(seed), method,
                               steps=int(steps), recompute=recompute),
                tuple(strategies))
    return st.session_state.get(ASKED)


def day(field: str, text: str) -> str | None:
    """An ISO date typed in the form, or None when left empty."""
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InvalidInput([Problem("key players", None, field, f"expected a date such as "
                                    f"2016-01-01, got {text.strip()!r}")]) from None


def ranked_table(rows: list[dict[str, Any]]) -> None:
    st.dataframe([{"rank": r["rank"], "name": r["name"], "type": r["type"],
                   "country": shown(r["country"]), "score": r["value"], "id": r["id"]}
                  for r in rows], hide_index=True, height="content")


def show_brokers(rows: list[dict[str, Any]], groups: list[str]) -> None:
    st.subheader("Cross-border brokers")
    st.caption(f"Open two-paths an actor brokers between a {groups[0]} and a {groups[1]} end, "
               "by Gould–Fernandez role: representative (speaks for its own side), "
               "gatekeeper (lets the other side in), liaison (a third country).")
    if not rows:
        st.info("No actor brokers between the two sides in this network.")
        return
    st.dataframe([{"rank": r["rank"], "name": r["name"], "type": r["type"],
                   "country": shown(r["country"]), **{k: v for k, v in r.items() if k not in (
                       "rank", "name", "type", "country")}} for r in rows],
                 hide_index=True, height="content")
    roles = [{"name": r["name"], "role": role, "two-paths": r[role]} for r in rows
             for role in ("representative", "gatekeeper", "liaison") if r[role]]
    st.altair_chart(alt.Chart(alt.Data(values=roles)).mark_bar().encode(
        x=alt.X("two-paths:Q"), y=alt.Y("name:N", sort="-x", title=None),
        color=alt.Color("role:N"), tooltip=["name:N", "role:N", "two-paths:Q"]))


def show_communities(found: KeyPlayers) -> None:
    summary = found.report.summaries["communities"]
    st.subheader("Communities")
    st.caption(f"{summary['count']} communities ({summary['method']}), modularity "
               f"{summary['modularity']:.3f} (above 0.3: real structure).")
    st.dataframe([{"community": r["community"], "size": r["size"],
                   "countries": shown(r["countries"]),
                   "most connected": shown(r["most_connected"])}
                  for r in found.report.tables["communities"]], hide_index=True)
    drawing = found.drawing
    if drawing is None or not drawing.nodes:
        return
    st.caption(f"The largest {len(drawing.communities)} communities ({len(drawing.nodes)} "
               "actors), coloured by community; the glyph is the type and the outline the "
               "country, as on the network drawings; hover for the name.")
    edges = alt.Chart(alt.Data(values=drawing.edges)).mark_rule(color="#c0c0c0").encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), x2="x2:Q", y2="y2:Q")
    types = sorted({str(row["type"]) for row in drawing.nodes})
    codes, outlines, widths = altair_country_scales()
    # legends above and below, wrapped: side by side they ran off the chart's right edge
    legend = {"direction": "horizontal", "labelLimit": 0}
    points = alt.Chart(alt.Data(values=drawing.nodes)).mark_point(filled=True, size=150).encode(
        x="x:Q", y="y:Q",
        color=alt.Color("community:N", scale=alt.Scale(range=list(COMMUNITY_COLOURS)),
                        legend=alt.Legend(orient="top", **legend)),
        shape=alt.Shape("type:N", scale=alt.Scale(
            domain=types, range=[GLYPH_PATHS[type_glyph(ontology(), t)] for t in types]),
            legend=alt.Legend(title="type", orient="bottom", columns=5, **legend)),
        # one legend for both: the same field, the same title
        stroke=alt.Stroke("outline:O", scale=alt.Scale(domain=codes, range=outlines),
                          legend=alt.Legend(title="country (outline)", orient="top",
                                            **legend)),
        strokeWidth=alt.StrokeWidth("outline:O", scale=alt.Scale(domain=codes, range=widths),
                                    legend=alt.Legend(title="country (outline)", orient="top",
                                                      **legend)),
        tooltip=["name:N", "type:N", "country:N", "community:N", "id:N"])
    st.altair_chart((edges + points).properties(height=520))


def show_disruption(found: KeyPlayers) -> None:
    st.subheader("Disruption what-if")
    rows = curve_rows(found.curves)
    if not rows:
        st.info("Pick at least one disruption strategy.")
        return
    st.caption("Share of the largest connected piece left after removing the top actor by "
               "each strategy, one after the other (random: the baseline to beat).")
    st.altair_chart(alt.Chart(alt.Data(values=rows)).mark_line(point=True).encode(
        x=alt.X("removed:Q", title="actors removed", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("fraction_of_largest_component:Q", title="largest component (share)",
                scale=alt.Scale(domain=[0, 1])),
        color="strategy:N", tooltip=["strategy:N", "removed:Q", "actor_removed:N",
                                     "largest_component:Q"]))
    st.dataframe(rows, hide_index=True)


st.title("Key players")
require("metrics.run")
asked = ask()
if asked is None:
    st.info("Choose the measures and the part of the graph, then press Compute.")
    st.stop()
selection, request, strategies = asked
if not request.measures:
    st.info("Pick at least one measure, then press Compute.")
    st.stop()
selection.check(ontology())  # InvalidInput names the field; app.py shows it
request.check()
with st.spinner("Exporting the network and computing the measures…"):
    found = cached_key_players(store_url(), selection, request, strategies)
audit("metrics.run", {"selection": asdict(selection), "request": asdict(request),
                      "strategies": strategies}, found)
if found.report.nodes == 0:
    st.warning("The selection exports no network: no actor matches these filters. Widen "
               "the node types, countries, markets, time window or grading.")
    st.stop()
st.caption(f"{found.report.nodes:,} actors and {found.report.edges:,} ties "
           f"({found.relationships:,} relationships exported"
           + (f"; betweenness estimated from {request.sample} pivots"
              if request.sample and request.sample < found.report.nodes
              and "betweenness" in request.measures else "") + ").")
for measure in request.measures:
    if measure in TITLES:
        st.subheader(TITLES[measure])
        ranked_table(found.report.tables[measure])
    elif measure == "brokerage":
        show_brokers(found.report.tables["brokerage"],
                     found.report.summaries["brokerage"]["groups"])
    elif measure == "communities":
        show_communities(found)
    elif measure == "disruption":
        show_disruption(found)
