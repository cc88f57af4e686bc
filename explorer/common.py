"""What every explorer page shares: the store (opened once per process), cached reads keyed
by store URL and parameters, the entity picker, the network drawing, and text escaping.

Caching rules: the store is a ``st.cache_resource`` (one client per process, closed on
release); answers are ``st.cache_data`` keyed by the store URL and the query's parameters,
for ``QUERY_TTL`` seconds, so a load by someone else shows within a minute; whole-graph
analyses for ``ANALYSIS_TTL``. Nothing cached here depends on who is asking: what a user
uploads (analysts' labels) is kept in that user's session only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from explorer.identity import ACTOR
from explorer.network_view import Interaction, Position, network_view
from explorer.text import plain, shown
from explorer.viewmodels.claims import fact_of, worth_explaining
from explorer.viewmodels.drawing import caption, legend_html, primary_label
from explorer.viewmodels.network import Network, case_gradings, find_entity, source_case_files
from explorer.viewmodels.picture import Placed, printable_chart, svg_picture
from explorer.viewmodels.search import (
    FACT_PROPERTIES,
    Found,
    SearchIndex,
    read_index,
    search,
)
from graph.access.audit import AuditLog, persons_in
from graph.access.roles import allowed, audited, authorize
from graph.model.claims import Resolved
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphNode, GraphRelationship, GraphStore, QueryResult, open_store
from graph.store.config import from_environment
from graph.store.facts import explain
from graph.store.saved_queries import Library, load_library, run_saved

NETWORK_HEIGHT = 640
#: what a list of case files shows of each
CASE_FILE_COLUMNS = ("id", "title", "opened_on", "country", "kind", "agency")
#: seconds a cached answer is reused: a load by someone else shows within a minute
QUERY_TTL = 60
LOGGED = "dismark-audited-views"
#: matches a picker offers; the Search page lists more
PICKER_MATCHES = 25
#: seconds a whole-graph analysis (metrics, Dutch link, verdicts) is reused: they take tens of
#: seconds on a large graph, and a load that changes them clears every cache (Load page)
ANALYSIS_TTL = 600


# -- the store and the things read once per process ---------------------------------------

@st.cache_resource(show_spinner="Opening the graph store…", on_release=lambda s: s.close())
def store_at(url: str) -> GraphStore:
    """The store as a reader: every page but Load only reads, and the server refuses a
    write even if one got past the query guard (docs/security.md)."""
    return open_store(url, replace(from_environment(), read_only=True))


@st.cache_resource(show_spinner="Opening the graph store…", on_release=lambda s: s.close())
def writer_at(url: str) -> GraphStore:
    """The store as a writer, for the Load page alone (its role check comes first)."""
    return open_store(url)


def store_url() -> str:
    """The store this session reads (``DISMARK_STORE``, else the embedded default)."""
    return from_environment().store_url


def store() -> GraphStore:
    return store_at(store_url())


def writer() -> GraphStore:
    return writer_at(store_url())


@st.cache_resource
def ontology() -> Ontology:
    return load_ontology()


@st.cache_resource
def library() -> Library:
    return load_library(ontology())


# -- who may see what, and the log of what they saw -----------------------------------------

def require(action: str) -> None:
    """Refuse the page (``PermissionDenied``, shown by app.py) when the session's role may
    not do ``action``: a deep link to a page the sidebar does not list ends here."""
    authorize(st.session_state[ACTOR], action)


def may(action: str) -> bool:
    """Whether the session's role may do ``action`` (to offer it at all)."""
    return allowed(st.session_state[ACTOR].role, action)


def audit(action: str, details: Mapping[str, Any] | None = None, subject: Any = None, *,
          persons: Iterable[str] = ()) -> None:
    """Log ``action`` for the session's user before its result is shown; without a log the
    page stops with the refusal. The persons in ``subject`` and ``persons`` are listed as
    touched. The same view shown again in the session (a rerun for an unrelated widget) is
    logged once."""
    actor = st.session_state[ACTOR]
    persons = sorted(set(persons) | (persons_in(subject) if subject is not None else set()))
    key = json.dumps([action, details, persons], sort_keys=True, default=str)
    logged = st.session_state.setdefault(LOGGED, set())
    if key in logged:
        return
    audited(AuditLog.from_environment(), actor, action, details=details,
            persons=persons)
    logged.add(key)


# -- cached reads shared by several pages ---------------------------------------------------

@st.cache_resource(ttl=QUERY_TTL, show_spinner="Reading the names in the graph…")
def search_index(url: str) -> SearchIndex:
    """Every entity's id, caption, country and searchable texts, read once per store: a
    shared, read-only resource (un-pickling a ``cache_data`` copy per search would cost
    more than the search at 38k entities)."""
    return read_index(store_at(url), ontology())


@st.cache_data(ttl=QUERY_TTL, show_spinner=False, max_entries=256)
def cached_search(url: str, text: str, types: tuple[str, ...] = (),
                  limit: int = PICKER_MATCHES) -> Found:
    """The Search page's fuzzy search (``explorer.viewmodels.search``), for every search box."""
    return search(search_index(url), text, labels=types or None, limit=limit)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_entity(url: str, entity_id: str) -> GraphNode | None:
    return find_entity(store_at(url), entity_id)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_source_case_files(url: str, item: GraphNode | GraphRelationship) -> list[GraphNode]:
    return source_case_files(store_at(url), item, ontology())


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_claims(url: str, item: GraphNode | GraphRelationship) -> Resolved | None:
    """What the case files say of ``item`` when they disagree or add up (else None)."""
    fact = fact_of(item, ontology())
    if fact is None or not worth_explaining(item):
        return None
    return explain(store_at(url), ontology(), fact)


def case_file_rows(item: GraphNode | GraphRelationship) -> list[dict[str, str]]:
    """The case files ``item`` comes from, one row each, with the grading each gave it first
    and then what tells a file apart (title, date), where a narrow panel shows them."""
    gradings = case_gradings(item)
    return [{"id": shown(f.properties.get("id")),
             **({"grading": gradings.get(str(f.properties.get("id")), "")} if gradings else {}),
             **{c: shown(f.properties.get(c, "")) for c in CASE_FILE_COLUMNS if c != "id"}}
            for f in cached_source_case_files(store_url(), item)]


@st.cache_data(ttl=QUERY_TTL, show_spinner="Running the query…", max_entries=64)
def cached_saved_query(url: str, name: str, params: tuple[tuple[str, Any], ...]) -> QueryResult:
    """A saved query's result, keyed by store, query and parameter values (never per user);
    lists travel as tuples so the key is hashable."""
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    return run_saved(store_at(url), library().get(name), values)


# -- widgets ----------------------------------------------------------------------------------

def pick_entity(*, param: str = "entity", label: str = "Entity",
                hint: str = "e.g. Vos, org-, lommel") -> str | None:
    """A search box and a choice among its matches; the choice lives in the URL (``?param=``)
    so the view can be bookmarked and shared. Returns the picked entity's id or None.
    """
    url, current = store_url(), st.query_params.get(param) or None
    text = st.text_input(f"Search by name or id ({label.lower()})" if param != "entity"
                         else "Search by name or id", placeholder=hint, key=f"{param}-search")
    names = found_names(url, text)
    if current and current not in names:
        names = {current: known_name(url, current), **names}
    options = list(names)
    picked = st.selectbox(label, options, index=options.index(current) if current else None,
                          format_func=lambda i: names.get(i, i), placeholder="Pick an entity",
                          key=f"{param}-pick")
    if picked and picked != current:
        st.query_params[param] = picked
    return picked


def draw(network: Network, *, focus_id: str | None = None, selected: str | None = None,
         height: int = NETWORK_HEIGHT, key: str = "network",
         pinned: Mapping[str, Position] | None = None,
         sizes: Mapping[str, float] | None = None) -> Interaction:
    """The network as an interactive drawing, with its legend underneath; what the user
    clicked comes back (``explorer.network_view``). Pictures of it (PNG, SVG, a printable
    chart) are offered to the roles that may export, and logged before they are handed over."""
    done = network_view(network, ontology(), focus_id=focus_id, selected=selected,
                        height=height, key=key, pictures=may("export.picture"), pinned=pinned,
                        sizes=sizes)
    labels = dict.fromkeys(primary_label(n, ontology()) for n in network.nodes.values())
    legend = legend_html(ontology(), labels)
    if done.png is not None:
        _hand_over(network, key, "png", done.png)
    if done.picture is not None:
        picture = done.picture
        if picture.format == "svg":
            _hand_over(network, key, "svg", svg_picture(picture))
        else:
            _hand_over(network, key, "html", _chart(network, picture, legend, done.selected))
    st.html(legend)
    return done


#: what a picture is saved as, by format
PICTURE_TYPES = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}


def _hand_over(network: Network, key: str, kind: str, content: bytes | str) -> None:
    """Log the picture as a disclosure, then offer it for download."""
    audit("export.picture", {"page": key, "format": kind,
                             "nodes": sorted(str(n.properties.get("id"))
                                             for n in network.nodes.values())}, network)
    what = "printable chart" if kind == "html" else f"picture ({kind.upper()})"
    st.download_button(f"Save the {what}", content, file_name=picture_name(network, key, kind),
                       mime=PICTURE_TYPES[kind], on_click="ignore", key=f"{key}-{kind}")


def picture_name(network: Network, key: str, kind: str) -> str:
    """``network-person-jeroen-vos-2026-12-07.svg``: what and when, for the case file; only
    letters, digits, dots and dashes from the entity's id."""
    seed = network.nodes.get(network.seeds[0] if network.seeds else network.focus or "")
    what = re.sub(r"[^A-Za-z0-9.-]+", "-", str(seed.properties.get("id")) if seed else "view")
    return f"{key}-{what.strip('-.')[:80] or 'view'}-{datetime.now(UTC):%Y-%m-%d}.{kind}"


def _chart(network: Network, picture: Placed, legend: str, selected: str | None) -> str:
    """The one-page chart: the selection's provenance, or the view's focus when nothing is
    selected, and who made it and why."""
    items = {**network.nodes, **{r.element_id: r for r in network.relationships}}
    item = items.get(selected or "") or network.nodes.get(network.seeds[0] if network.seeds
                                                          else network.focus)
    actor = st.session_state[ACTOR]
    name = (entity_name(item) if isinstance(item, GraphNode) else
            link_name(item, network) if item is not None else "nothing")
    return printable_chart(
        picture, title=", ".join(caption(network.nodes[s], ontology()) for s in network.seeds)
        or "Network", legend=legend, provenance=case_file_rows(item) if item is not None else [],
        selection=name, who=f"{actor.user} ({actor.role})",
        purpose=" · ".join(p for p in (actor.purpose, actor.case_ref) if p),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


def link_name(rel: GraphRelationship, network: Network) -> str:
    """"Jeroen Vos —WORKS_FOR→ Growshop De Kas": a link by the names at its ends."""
    start, end = network.nodes[rel.start], network.nodes[rel.end]
    return f"{caption(start, ontology())} —{rel.type}→ {caption(end, ontology())}"


def found_names(url: str, text: str) -> dict[str, str]:
    """id -> name of the entities a search box's text finds (none for blank text); says so
    under the box when nothing matches."""
    if not text.strip():
        return {}
    matches = cached_search(url, text).matches
    if not matches:
        st.caption(plain(f"Nothing matches {text.strip()!r}."))
    return {m.id: listed_name(m.caption, m.label, m.id, (*m.facts, m.country or ""))
            for m in matches}


def known_name(url: str, entity_id: str) -> str:
    """How an entity picked by id alone (from the URL) reads; the id if there is none."""
    node = cached_entity(url, entity_id)
    return entity_name(node) if node else entity_id


def entity_name(node: GraphNode) -> str:
    """How an entity reads in a list: "Jeroen Vos — Person, born 1974-06-02, NL
    (person-jeroen-vos)"."""
    label = primary_label(node, ontology())
    facts = [form.format(node.properties[p]) for p, form in FACT_PROPERTIES.items()
             if node.properties.get(p) not in (None, "")]
    return listed_name(caption(node, ontology()), label, str(node.properties.get("id")),
                       (*facts, ontology().country_of(label, node.properties) or ""))


def listed_name(name: str, label: str, entity_id: str, facts: Iterable[str] = ()) -> str:
    """A name, its type and what tells it apart from namesakes, then its id (unless it is
    shown by its id)."""
    told = ", ".join([label, *(f for f in facts if f)])
    return f"{name} — {told}" if name == entity_id else f"{name} — {told} ({entity_id})"
