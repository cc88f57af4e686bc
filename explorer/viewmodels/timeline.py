"""Timelines of an entity or a case file: saved-query rows read as dated events.

An entity's timeline is the saved query ``entity-timeline`` (``dismark query run
entity-timeline -p id=…`` gives the same rows) plus the entity's own dates: a plantation's
dismantling, a dump site's finding, an intervention's start. A case file's timeline is what
the file records over time: the day it was opened, the dated entities it names, the links it
asserts (``case-file-provenance``, with the file's own grading of each) and the assistance
requests it sent or received (the MLA rows of ``entity-timeline`` on the case file).

Dates are ISO text and may be partial (``2016``, ``2016-04``) or missing: the table keeps
them as given, sorted as text with undated events last; the chart places a partial date at
the start of its period and leaves undated events off, counting them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from explorer.viewmodels.drawing import caption, primary_label
from explorer.viewmodels.shortest_paths import arrow
from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphNode, QueryResult, cypher

#: Date properties that are no event the case files observed: a birth date would stretch
#: every person's timeline back decades.
NOT_EVENTS = frozenset({"birth_date"})
#: The kinds of event, in the order a legend lists them.
KINDS = ("date of an entity", "link", "assistance request", "named in case file")
_KIND_OF = {"MENTIONED_IN": "named in case file", "ASSISTANCE_REQUEST": "assistance request"}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Event:
    """One dated (or undated) thing on a timeline.

    ``start``/``end`` are the dates as stored (ISO text, maybe partial, maybe None); ``type``
    is the relationship type or the dated property (``Plantation.dismantled_on``);
    ``description`` reads ``Jeroen Vos -MEMBER_OF-> Kempen-crew`` or ``plantation-… (Plantation)``.
    """

    start: str | None
    end: str | None
    kind: str
    type: str
    description: str
    grading: str | None = None
    case_files: tuple[str, ...] = ()


def parse_date(value: Any) -> dt.date | None:
    """The day a stored date points at: ``2016`` -> 2016-01-01, ``2016-04`` -> 2016-04-01;
    None for anything that is not an ISO date (the event is undated)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _ISO.match(str(value).strip()) if value not in (None, "") else None
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def own_date_events(node: GraphNode, ontology: Ontology,
                    cases: Iterable[str] | None = None) -> list[Event]:
    """The entity's own dated properties (``NOT_EVENTS`` aside) as events, from ``cases``:
    the case files naming it, which the caller knows (an entity keeps them in its
    ``MENTIONED_IN``), else the node's own ``sources`` (a case file's)."""
    label = primary_label(node, ontology)
    node_type = ontology.nodes.get(label)
    if node_type is None:
        return []
    name = f"{caption(node, ontology)} ({label})"
    sources = tuple(str(s) for s in (node.properties.get("sources") or () if cases is None
                                     else cases))
    return [Event(str(node.properties[p]), None, "date of an entity", f"{label}.{p}", name,
                  None, sources)
            for p, prop in node_type.properties.items()
            if prop.type == "date" and p not in NOT_EVENTS and node.properties.get(p)]


def entity_events(node: GraphNode, rows: Iterable[Mapping[str, Any]],
                  ontology: Ontology) -> list[Event]:
    """An entity's timeline: its own dates and the ``entity-timeline`` rows, sorted. The
    rows' outgoing ``MENTIONED_IN`` say which case files name it: the own dates' sources."""
    name = caption(node, ontology)
    rows = list(rows)
    naming = [str(row["other"]) for row in rows
              if row["relationship"] == "MENTIONED_IN" and row["direction"] == "outgoing"]
    events = own_date_events(node, ontology, naming or None) + [
        Event(row["first_seen"], row["last_seen"],
              _KIND_OF.get(row["relationship"], "link"), row["relationship"],
              arrow(name, row["relationship"], str(row["other_name"]),
                    row["direction"] == "outgoing"),
              row["grading"], tuple(row["case_files"] or ()))
        for row in rows]
    return sorted_events(events)


def case_file_events(provenance: QueryResult, requests: Iterable[Mapping[str, Any]],
                     ontology: Ontology) -> list[Event]:
    """A case file's timeline from ``case-file-provenance`` (its entities and the links it
    asserts, graded as this file grades them) and the ``entity-timeline`` rows of the case
    file (of which the assistance requests, sent and received, are kept), sorted.

    A link's dates are its first and last seen over every case file asserting it: the graph
    keeps one relationship per fact, not one date per file.
    """
    entities = [row[0] for row in provenance.rows]
    nodes = {node.element_id: node for node in entities}
    this_file = tuple(str(e.properties.get("id")) for e in entities[:1])
    events = [event for node in entities
              for event in own_date_events(
                  node, ontology, this_file if cypher.is_entity(node.labels, ontology) else None)]
    for _, relationships, gradings in provenance.rows:
        for rel, grading in zip(relationships, gradings, strict=True):
            if rel.type == "ASSISTANCE_REQUEST":
                continue  # from ``requests``, which has both directions
            events.append(Event(
                rel.properties.get("first_seen"), rel.properties.get("last_seen"), "link",
                rel.type, arrow(caption(nodes[rel.start], ontology), rel.type,
                                caption(nodes[rel.end], ontology)),
                grading or rel.properties.get("grading"),
                tuple(str(s) for s in rel.properties.get("sources") or ())))
    if entities:
        name = caption(entities[0], ontology)
        events += [Event(row["first_seen"], row["last_seen"], "assistance request",
                         row["relationship"],
                         arrow(name, row["relationship"], str(row["other"]),
                               row["direction"] == "outgoing"),
                         row["grading"], tuple(row["case_files"] or ()))
                   for row in requests if row["relationship"] == "ASSISTANCE_REQUEST"]
    return sorted_events(events)


def sorted_events(events: Iterable[Event]) -> list[Event]:
    """By start date (as text: a partial date before the full dates of its period), then end,
    type and description; undated events last."""
    return sorted(events, key=lambda e: (e.start is None, e.start or "", e.end or "", e.type,
                                         e.description))


def chart_rows(events: Sequence[Event]) -> tuple[list[dict[str, Any]], int]:
    """The events the chart can place (start and end as days, end at least the start) and how
    many were left off for want of a date."""
    rows, undated = [], 0
    for event in events:
        start = parse_date(event.start)
        if start is None:
            undated += 1
            continue
        end = parse_date(event.end) or start
        rows.append({"start": start, "end": max(end, start), "kind": event.kind,
                     "type": event.type, "event": event.description,
                     "grading": event.grading or "", "case files": ", ".join(event.case_files)})
    return rows, undated


def table_rows(events: Sequence[Event]) -> list[dict[str, str]]:
    """The events as table rows, dates as given (an end equal to the start left blank)."""
    return [{"from": e.start or "undated", "until": e.end if e.end and e.end != e.start else "",
             "kind": e.kind, "type": e.type, "event": e.description, "grading": e.grading or "",
             "case files": ", ".join(e.case_files)} for e in events]


def check_case_file(node: GraphNode | None, case_id: str, ontology: Ontology) -> GraphNode:
    """The case file ``case_id``; ``InvalidInput`` naming the field when there is none."""
    if node is None:
        raise InvalidInput([Problem("explorer", None, "case", f"no case file has id {case_id!r}",
                                    "search for it by title or id and pick one of the matches")])
    label = primary_label(node, ontology)
    if label != "CaseFile":
        raise InvalidInput([Problem("explorer", None, "case",
                                    f"{case_id!r} is a {label}, not a case file",
                                    "pick a case file, or open its timeline as an entity")])
    return node
