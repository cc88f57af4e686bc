"""Timeline: what happened when, for one entity or one case file, as a table and a chart.

An entity's events are the saved query ``entity-timeline`` plus its own dates; a case file's
are its opening, the dated entities it names, the links it asserts (``case-file-provenance``)
and its assistance requests. The shaping lives in ``explorer.viewmodels.timeline``.
"""

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from explorer.common import (
    audit,
    cached_entity,
    cached_saved_query,
    ontology,
    pick_entity,
    plain,
    require,
    store_url,
)
from explorer.viewmodels.drawing import caption, primary_label
from explorer.viewmodels.timeline import (
    KINDS,
    case_file_events,
    chart_rows,
    check_case_file,
    entity_events,
    table_rows,
)
from graph.errors import InvalidInput, Problem

MODES = ("An entity", "A case file")
#: pixels per row of the chart (one row per event type), the fewest rows it is drawn for,
#: and the room of the time axis and the legend under it: Streamlit fits the whole chart,
#: legend included, in its height (the rows got 80 px, the legend was cut)
ROW_PX = 30
MIN_ROWS = 3
AXIS_AND_LEGEND_PX = 150


def chart(rows: list[dict[str, Any]]) -> alt.Chart:
    """Time across, the event type down, coloured by kind; a span from first to last seen.
    Tall enough for its rows and its legend under it, wrapped, its labels whole."""
    data = pd.DataFrame(rows)
    data["start"], data["end"] = pd.to_datetime(data["start"]), pd.to_datetime(data["end"])
    base = alt.Chart(data).encode(
        y=alt.Y("type:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)),
        color=alt.Color("kind:N", scale=alt.Scale(domain=list(KINDS)), title="kind",
                        legend=alt.Legend(orient="bottom", direction="horizontal",
                                          columns=2, labelLimit=0)),
        tooltip=[alt.Tooltip("start:T", title="from"), alt.Tooltip("end:T", title="until"),
                 "event:N", "grading:N", "case files:N"])
    # every tick says its year: month names alone ("March") hid which year an event was in
    spans = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=True)),
        x2="end:T")
    points = base.mark_circle(size=70).encode(x="start:T")
    rows_drawn = max(MIN_ROWS, data["type"].nunique())
    return (spans + points).properties(height=ROW_PX * rows_drawn + AXIS_AND_LEGEND_PX)


st.title("Timeline")
require("timeline.view")
url = store_url()
mode = st.radio("Timeline of", MODES, index=1 if st.query_params.get("case") else 0,
                horizontal=True, key="timeline-mode")
if mode == MODES[0]:
    entity_id = pick_entity()
    if not entity_id:
        st.info("Search for a person, group, site or company by name or id, then pick it to "
                "see when it turns up in the case files.")
        st.stop()
    node = cached_entity(url, entity_id)
    if node is None:
        raise InvalidInput([Problem("explorer", None, "entity", f"no entity has id {entity_id!r}",
                                    "search for it by name or id and pick one of the matches")])
    rows = cached_saved_query(url, "entity-timeline", (("id", entity_id),)).records()
    events = entity_events(node, rows, ontology())
    audit("timeline.view", {"entity": entity_id}, [node, rows])
    st.subheader(plain(caption(node, ontology())))
    st.caption(plain(f"{primary_label(node, ontology())} · {entity_id} · {len(events)} events: "
                     "its links (first and last seen over every case file asserting them), "
                     "the case files naming it and its own dates"))
else:
    case_id = pick_entity(param="case", label="Case file", hint="e.g. lommel, be-2016")
    if not case_id:
        st.info("Search for a case file by id (e.g. lommel, mla, nl-2016), then pick it to see "
                "what it records over time.")
        st.stop()
    node = check_case_file(cached_entity(url, case_id), case_id, ontology())
    provenance = cached_saved_query(url, "case-file-provenance", (("case", case_id),))
    own_rows = cached_saved_query(url, "entity-timeline", (("id", case_id),)).records()
    events = case_file_events(provenance, own_rows, ontology())
    audit("timeline.view", {"case": case_id}, [provenance, own_rows])
    named = sum(row["relationship"] == "MENTIONED_IN" for row in own_rows)
    properties = node.properties
    st.subheader(plain(str(properties.get("title") or case_id)))
    st.caption(plain(f"{case_id} · {properties.get('country', '')} · {properties.get('kind', '')}"
                     f" · {properties.get('agency', '')} · opened {properties.get('opened_on')}"
                     f" · names {named} entities · {len(events)} events. "
                     "A link's dates are its first and last seen over every case file "
                     "asserting it; its grading is this file's."))

if not events:
    st.info("Nothing dated is recorded for it.")
    st.stop()
placed, undated = chart_rows(events)
if placed:
    st.altair_chart(chart(placed), width="stretch")
if undated:
    st.caption(f"{undated} undated event(s) are left off the chart; the table lists them last.")
st.dataframe(table_rows(events), hide_index=True,
             column_config={"event": st.column_config.TextColumn(width="large")})
