"""Whole-graph scores an entity's card shows: its Dutch-link evidence score and its rank as a
key player, computed exactly as the Dutch link and Key players pages compute them (the same
functions, the same defaults), and shared by every user for ``ANALYSIS_TTL``.

They take tens of seconds on a large graph the first time: the card asks before it computes.
The Dutch-link model is imported when first asked for: its statistics libraries take seconds
to import, which every first network view would otherwise wait for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from explorer.common import ANALYSIS_TTL, ontology, store_at
from explorer.viewmodels.key_players import key_players
from graph.analysis import metrics
from graph.analysis.analytics import MetricsRequest
from graph.analysis.to_networkx import Selection

if TYPE_CHECKING:
    from graph.study.dutch_link import DutchLinkRanking

#: the Key players page's presets: who is ranked, and betweenness estimated from this many
#: pivots above that many actors
KEY_PLAYER_TYPES = ("Person", "Organisation")
BETWEENNESS_SAMPLE = 256
#: the measures a card ranks an actor by
CARD_MEASURES = ("degree", "betweenness")


@dataclass(frozen=True)
class Standing:
    """Where one entity stands on one score: ``rank`` of ``of`` (1 is the highest)."""

    measure: str
    value: float
    rank: int
    of: int


def scored(url: str, labels: dict[str, bool], hops: int
           ) -> tuple[DutchLinkRanking, dict[str, dict[str, Any]]]:
    """Every Belgian subject's Dutch-link score (``dismark dutch-link``) and the nodes its
    paths pass; a probability when ``labels`` fit a model."""
    from explorer.viewmodels.dutch_link import path_nodes
    from graph.study.dutch_link import dutch_link_network, dutch_link_scores

    network = dutch_link_network(store_at(url), ontology())
    computed = dutch_link_scores(network, labels or None, hops=hops)
    return computed, path_nodes(computed.scores, network)


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=4)
def cached_scores(url: str, hops: int) -> tuple[DutchLinkRanking, dict[str, dict[str, Any]]]:
    """``scored`` without labels, keyed by store and hops: heavy, shared by every user."""
    return scored(url, {}, hops)


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=4)
def dutch_link_standings(url: str, hops: int) -> dict[str, Standing]:
    """Subject id -> its evidence score and rank among every scored Belgian subject, in the
    order of the Dutch link page's table."""
    scores = cached_scores(url, hops)[0].scores
    return {s.subject: Standing(s.measure, s.score, rank, len(scores))
            for rank, s in enumerate(scores, start=1)}


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner=False, max_entries=4)
def key_player_standings(url: str) -> dict[str, dict[str, Standing]]:
    """Measure -> actor id -> its value and rank among the persons and organisations, ties
    broken by id as the Key players page breaks them."""
    found = key_players(store_at(url), ontology(), Selection(KEY_PLAYER_TYPES),
                        MetricsRequest(CARD_MEASURES, top=1, sample=BETWEENNESS_SAMPLE))
    standings: dict[str, dict[str, Standing]] = {}
    for measure in CARD_MEASURES:
        values = found.report.scores.get(measure, {})
        ranked = metrics.top(values, len(values))
        standings[measure] = {str(node): Standing(measure, float(value), rank, len(ranked))
                              for rank, (node, value) in enumerate(ranked, start=1)}
    return standings
