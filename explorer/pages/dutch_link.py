"""Dutch link: Belgian case files, sites and organisations ranked by their Dutch link
(``dismark dutch-link``): by the evidence score without labels, by a calibrated probability
with analysts' labels, each case with its evidence paths drawn and the contributions that
raised or lowered its score (``explorer.viewmodels.dutch_link``).
"""

import io
from typing import Any

import altair as alt
import streamlit as st

from explorer.common import ANALYSIS_TTL, audit, draw, ontology, plain, require, store_url
from explorer.scores import cached_scores, scored
from explorer.viewmodels.dutch_link import (
    MARKETS,
    RankedCase,
    contributions,
    evidence_network,
    ranking,
    table_rows,
)
from graph.errors import InvalidInput, Problem
from graph.study.dutch_evidence import DEFAULT_HOPS, strongest_per_target
from graph.study.dutch_link import DutchLinkRanking, DutchLinkScore, read_labels
from graph.study.dutch_subjects import SUBJECT_TYPES

LABELLED = "dutch-link-labelled"


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=16)
def cached_ranking(url: str, hops: int) -> tuple[DutchLinkRanking, list[RankedCase]]:
    """(the ranking without its scores, rows): the table without the paths, light enough
    for every rerun."""
    return ranked(cached_scores(url, hops)[0])


def ranked(computed: DutchLinkRanking) -> tuple[DutchLinkRanking, list[RankedCase]]:
    return (DutchLinkRanking([], computed.census, computed.method, computed.note),
            ranking(computed.scores))


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=64)
def cached_case(url: str, hops: int, subject: str
                ) -> tuple[DutchLinkScore, dict[str, dict[str, Any]]]:
    """One subject's score with its paths, and the nodes they pass."""
    return one_case(cached_scores(url, hops), subject)


def one_case(computed: tuple[DutchLinkRanking, dict[str, dict[str, Any]]], subject: str
             ) -> tuple[DutchLinkScore, dict[str, dict[str, Any]]]:
    scores, nodes = computed
    score = next(s for s in scores.scores if s.subject == subject)
    return score, {n: nodes[n] for p in score.paths for n in p.nodes() if n in nodes}


def labelled(url: str, labels: dict[str, bool], hops: int
             ) -> tuple[DutchLinkRanking, dict[str, dict[str, Any]]]:
    """Scores fitted on this user's uploaded labels: kept in the session, never in the
    cache shared by every user."""
    key = (url, tuple(sorted(labels.items())), hops)
    kept = st.session_state.get(LABELLED)
    if kept is None or kept[0] != key:
        kept = (key, scored(url, labels, hops))
        st.session_state[LABELLED] = kept
    return kept[1]


def uploaded_labels(upload: Any) -> dict[str, bool]:
    """The analysts' marks in an uploaded CSV, read by the CLI's reader under the upload's
    own name."""
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(upload.name, None, "", f"not UTF-8 text ({exc.reason})",
                                    "save the file as UTF-8 CSV")]) from None
    return read_labels(io.StringIO(text, newline=""), upload.name)


def show_case(score: DutchLinkScore, nodes: dict[str, dict[str, Any]], hops: int) -> None:
    st.subheader(plain(f"{score.name} ({score.type})" if score.name == score.subject
                       else f"{score.name} — {score.type} ({score.subject})"))
    st.caption(plain(" · ".join(str(v) for v in (score.place, score.year, score.plants and
                                                 f"{score.plants:,} plants") if v)))
    best = strongest_per_target(score.paths)
    left, middle, right = st.columns(3)
    left.metric(score.measure.capitalize(), f"{score.score:.3f}")
    if score.probability is not None:
        middle.metric("Evidence score", f"{score.evidence:.3f}")
    right.metric("Dutch targets reached", len(best))
    if not score.paths:
        st.info(f"No evidence path reaches a Dutch person, group, shop, outlet or place "
                f"within {hops} hop(s).")
    else:
        every = st.checkbox(f"Draw all {len(score.paths)} paths (default: the strongest to "
                            "each Dutch target)")
        shown_paths = score.paths if every else best
        draw(evidence_network(shown_paths, nodes, ontology(), focus=score.subject),
             focus_id=score.subject, height=480)
        st.dataframe([{"weight": round(p.weight, 4), "target": p.target,
                       "kind": p.kind, "hops": p.hops, "path": p.text(),
                       "case files": ", ".join(sorted({c for lk in p.links for c in lk.sources}))}
                      for p in shown_paths], hide_index=True)
    show_contributions(score)


def show_contributions(score: DutchLinkScore) -> None:
    st.markdown(f"**What raised and what lowered the {score.measure}**")
    reasons = contributions(score)
    if score.method == "model":
        st.caption("Each feature's share of the calibrated logit, relative to the average "
                   f"labelled subject (intercept {score.intercept:+.3f}).")
    else:
        st.caption("Without analysts' labels the score is an evidence score, not a "
                   "probability: each kind of evidence raises it by its strongest path (share "
                   "−ln(1 − weight)); evidence through hubs counts at most 1% of its weight; "
                   "nothing lowers it. Upload labels of both classes for a probability.")
    if not reasons:
        st.info("Nothing moved this score: no evidence and no model.")
        return
    rows = [{"reason": r.reason, "value": r.value, "contribution": round(r.contribution, 4),
             "effect": r.effect} for r in reasons]
    st.altair_chart(alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("contribution:Q"),
        y=alt.Y("reason:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("effect:N", scale=alt.Scale(domain=["raises", "lowers"],
                                                    range=["#d62728", "#1f77b4"])),
        tooltip=["reason:N", "value:N", "contribution:Q"]))
    st.dataframe(rows, hide_index=True)


st.title("Dutch link")
require("dutch_link.view")
with st.expander("Analysts' labels (fit the model)"):
    upload = st.file_uploader("CSV with columns entity_id,dutch_link", type=["csv"])
    st.caption("Cases whose link is known (true/false). With at least three of each class a "
               "calibrated model gives a probability; without, the score is an evidence "
               "score, which ranks but is not a probability.")
labels = uploaded_labels(upload) if upload is not None else {}
left, middle, right = st.columns(3)
markets = left.multiselect("Markets", MARKETS, help="Subjects whose sites (or whose case "
                           "file's entities) serve one of these markets. Empty: all.")
types = middle.multiselect("Types", SUBJECT_TYPES, help="Empty: all.")
hops = right.slider("Longest evidence path (hops)", 1, 4, DEFAULT_HOPS)
minimum = left.slider("Minimum score", 0.0, 1.0, 0.0, step=0.05)
top = middle.number_input("Top N", min_value=1, max_value=1000, value=20)
with st.spinner("Scoring every Belgian case file, site and organisation…"):
    summary, rows = (ranked(labelled(store_url(), labels, hops)[0]) if labels
                     else cached_ranking(store_url(), hops))
if not rows:
    st.info("The graph holds no Belgian case file, site or organisation to score.")
    st.stop()
st.caption(plain(f"Score: {summary.measure} ({summary.method}: {summary.note}). "
                 f"{summary.census.text()}."))
picked = [r for r in rows if r.score >= minimum and r.serves(markets)
          and (not types or r.type in types)][:int(top)]
by_id = {r.subject: r for r in rows}
current = st.query_params.get("case") or None
if current and current not in by_id:
    raise InvalidInput([Problem("dutch link", None, "case", f"{current!r} is not a Belgian "
                                "case file, site or organisation in the graph")])
audit("dutch_link.view", {"hops": hops, "markets": markets, "types": types,
                          "minimum": minimum, "top": int(top), "labels": len(labels)})
if not picked:
    st.info("No Belgian case file, site or organisation matches these filters: lower the "
            "minimum score or pick other markets or types.")
else:
    table = table_rows(picked)
    st.dataframe(table, hide_index=True, column_order=[k for k in table[0] if k != "subject"])
options = [r.subject for r in picked]
if current and current not in options:
    options.insert(0, current)
if not options:
    st.stop()
case = st.selectbox("Case to explain", options, index=options.index(current) if current else None,
                    placeholder="Pick a case", key="case-pick",
                    format_func=lambda i: f"{by_id[i].name} ({by_id[i].score:.3f})")
if case and case != current:
    st.query_params["case"] = case
if not case:
    st.info("Pick a case to see its evidence paths and what raised or lowered its score.")
    st.stop()
with st.spinner("Gathering the evidence…"):
    score, nodes = (one_case(labelled(store_url(), labels, hops), case) if labels
                    else cached_case(store_url(), hops, case))
audit("dutch_link.view", {"case": case, "hops": hops, "labels": len(labels)},
      [{"id": node_id, **attributes} for node_id, attributes in nodes.items()])
show_case(score, nodes, hops)
