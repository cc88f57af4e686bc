"""Facts stated by several case files: settle what they show, and list where they disagree.

The loader keeps every case file's claims (``graph.model.claims``) and writes a batch's
values as they come; right after each write it *settles* the facts the batch touched whose
claims differ: reads their claims, applies ``graph.model.claims.resolve`` and writes the
values that rule gives, with ``disputed``, the properties whose claims disagree. A fact
whose claims all agree needs nothing: any of its claims gives the same value. So the
values the analyses and saved queries read never depend on load order.

A write and its settling are two statements: if a load is cut off between them, the
facts concerned show the value written last until they are touched again or
``dismark facts --settle`` settles every fact (``settle_all``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.model import claims as claims_model
from graph.model.claims import Claim, Resolved
from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher

#: Facts settled per round trip: a batch of the loader touches up to 20,000.
_CHUNK = 5_000


@dataclass(frozen=True)
class Fact:
    """An entity (``kind`` entity, ``type`` its label) or a link (its relationship type)."""

    kind: str
    type: str
    id: str


@dataclass(frozen=True)
class Settled:
    fact: Fact
    resolved: Resolved
    #: the properties disputed before this settling
    was_disputed: tuple[str, ...]
    claims: tuple[Claim, ...] = ()

    @property
    def variants(self) -> list[str] | None:
        """The fact's ``variants`` as its claims give them (``cypher._unsettled``)."""
        found = {entry for claim in self.claims for entry in claims_model.variants(
            {k: v for k, v in claim.values.items() if k not in self.resolved.observations},
            lists=False)}
        return sorted(found) or None

    @property
    def newly_disputed(self) -> list[str]:
        return [p for p in self.resolved.disputed if p not in self.was_disputed]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.fact.kind, "type": self.fact.type, "id": self.fact.id,
                "values": self.resolved.values, "observations": self.resolved.observations,
                "disputes": [d.as_dict() for d in self.resolved.disputes]}


def claims_of(kind: str, raw: list) -> list[Claim]:
    """Claims as ``cypher.claims_query`` returns them."""
    if kind == "entity":
        return [claims_model.mention_claim(*entry) for entry in raw if entry]
    return [claims_model.parse_link_claim(entry) for entry in raw]


def adds_up(ontology: Ontology, fact: Fact) -> tuple[str, ...]:
    """The properties of ``fact`` summed over observations (only links have them)."""
    return ontology.relationship(fact.type).adds_up if fact.kind == "link" else ()


def settle(store: GraphStore, ontology: Ontology, facts: Iterable[Fact], *,
           everything: bool = False, write: bool = True) -> list[Settled]:
    """Settle ``facts``: those whose claims differ or differed, or all of them with
    ``everything`` (what a replaced case file asserted: a value only it stated goes).
    ``write=False`` only works out what they would show (a reader's view)."""
    done: list[Settled] = []
    for chunk in _chunks(facts):
        done += _settle_chunk(store, ontology, chunk, everything, write)
    return done


def _chunks(facts: Iterable[Fact]) -> Iterator[list[Fact]]:
    chunk: list[Fact] = []
    for fact in dict.fromkeys(facts):
        chunk.append(fact)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _settle_chunk(store: GraphStore, ontology: Ontology, facts: list[Fact],
                  everything: bool, write: bool) -> list[Settled]:
    by_type: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fact in facts:
        by_type[fact.kind, fact.type].append(fact.id)
    labels = [name for kind, name in by_type if kind == "entity"]
    types = [name for kind, name in by_type if kind == "link"]
    params: dict[str, Any] = {"everything": everything}
    params |= {f"e{i}": by_type["entity", name] for i, name in enumerate(labels)}
    params |= {f"l{i}": by_type["link", name] for i, name in enumerate(types)}
    rows = store.read(cypher.claims_query(ontology, labels, types), params,
                      max_rows=len(facts) + 1).records()
    settled = []
    for row, fact in zip(rows, _facts(rows), strict=True):
        said = claims_of(fact.kind, row["claims"])
        resolved = claims_model.resolve(said, adds_up(ontology, fact))
        settled.append(Settled(fact, resolved, tuple(row["disputed"] or ()), tuple(said)))
    if write:
        _write(store, ontology, settled)
    return settled


def _write(store: GraphStore, ontology: Ontology, settled: list[Settled]) -> None:
    rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for done in settled:
        rows[done.fact.kind, done.fact.type].append(
            {"id": done.fact.id, "values": done.resolved.values,
             "disputed": done.resolved.disputed or None, "variants": done.variants})
    for (kind, name), chunk in rows.items():
        store.write(cypher.settle_statement(ontology, kind, name), {"rows": chunk})


def _facts(rows: Iterable[dict[str, Any]]) -> list[Fact]:
    """Facts from rows with ``kind``, ``type`` and ``id`` columns."""
    return [Fact(r["kind"], r["type"], r["id"]) for r in rows]


def asserted_by(store: GraphStore, ontology: Ontology, case_id: str) -> list[Fact]:
    """The entities and links a loaded case file asserts (before it is replaced)."""
    return _facts(store.read(cypher.asserted_query(ontology), {"case_id": case_id}).records())


def disputed(store: GraphStore, ontology: Ontology) -> list[Fact]:
    """Every fact whose claims disagree, entities first (a scan of the graph)."""
    return _facts(store.read(cypher.disputed_query(ontology)).records())


def explain(store: GraphStore, ontology: Ontology, fact: Fact) -> Resolved:
    """What the claims of one fact resolve to, with its disputes: for the entity card."""
    found = settle(store, ontology, [fact], everything=True, write=False)
    return found[0].resolved if found else claims_model.resolve([])


def unsettled(written: Any) -> list[Fact]:
    """The facts a case files' write left to settle: what ``cypher.cases_statement``
    returns (``kind|type|id`` entries)."""
    return [Fact(*entry.split("|", 2)) for entry in written or ()]


def settle_all(store: GraphStore, ontology: Ontology) -> list[Settled]:
    """Settle every fact with claims: after a load cut off between a write and its settling."""
    return settle(store, ontology, _facts(store.read(cypher.claimed_query(ontology)).records()))


def describe(fact: dict[str, Any]) -> Iterator[str]:
    """One line per dispute of a fact in its ``Settled.as_dict`` form: the value shown and
    every claim with its case file, grading and date (CLI, load report)."""
    for dispute in fact["disputes"]:
        options = "; ".join(
            f"{option['value']!r} by " + ", ".join(
                f"{c['case']} ({c['grading']}, {c['on']})" for c in option["claims"])
            for option in dispute["options"])
        yield (f"{fact['type']} {fact['id']}: {dispute['property']} ({dispute['kind']}) "
               f"shows {dispute['chosen']!r}: {options}")
