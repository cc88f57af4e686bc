"""``dismark resolve``: which entities are probably one, and the analysts' decisions."""

from __future__ import annotations

import json

import click

from cli import base
from cli.base import main, store_option
from graph.model.ontology import load_ontology


@main.group()
def resolve() -> None:
    """Entity resolution: propose pairs of entities that are probably one person, phone,
    vehicle or company (with the reasons), and record analysts' decisions on them, which
    can be undone. Entities are never changed or removed (docs/resolution.md)."""


@resolve.command("run")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Propose persons the model scores at least this likely to be one.")
@click.option("--auto-accept", type=click.FloatRange(0, 1), default=None,
              help="Confirm, as the run's own decision, pairs scored at least this likely "
                   "(off unless given).")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@store_option
def run(threshold: float, auto_accept: float | None, as_json: bool,
        store_url: str | None) -> None:
    """Score every pair worth comparing and keep those at least THRESHOLD likely as
    candidates (the undecided ones of the run before are replaced; decisions stay)."""
    from graph.resolution.candidates import propose

    base.allow("resolve.run")
    base.log("resolve.run", {"threshold": threshold, "auto_accept": auto_accept})
    store = base.connect(store_url)
    try:
        proposal = propose(store, load_ontology(), threshold=threshold,
                           auto_accept=auto_accept,
                           by=f"{base.actor().user} (dismark resolve --auto-accept)")
    finally:
        store.close()
    if as_json:
        base.say(json.dumps({"candidates": [_candidate(c) for c in proposal.candidates],
                             "withdrawn": proposal.withdrawn,
                             "confirmed": [c.id for c in proposal.accepted],
                             "records": proposal.records}, indent=2, ensure_ascii=False))
        return
    base.say(f"{len(proposal.candidates)} candidate pair(s) from "
             f"{proposal.records.get('Person', 0):,} persons and the shared identifiers; "
             f"{proposal.withdrawn} earlier candidate(s) withdrawn"
             + (f"; {len(proposal.accepted)} confirmed automatically" if auto_accept else ""))
    base.say("`dismark resolve list` shows them with their reasons.")


def _candidate(c) -> dict:
    return {"type": c.label, "a": c.a, "b": c.b, "probability": round(c.probability, 6),
            "method": c.method, "reasons": json.loads(c.reasons_json())}


@resolve.command("list")
@click.option("--status", type=click.Choice(["candidate", "confirmed", "rejected"]),
              default=None, help="Only the pairs with this status.")
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
@store_option
def list_pairs(status: str | None, as_json: bool, store_url: str | None) -> None:
    """The pairs, best score first, with the reasons field by field and any decision."""
    from graph.resolution.decisions import pairs

    base.allow("resolve.view")
    store = base.connect(store_url, read_only=True)
    try:
        found = [p.as_dict() for p in pairs(store, load_ontology(), status)]
    finally:
        store.close()
    base.log("resolve.view", {"status": status, "pairs": len(found)},
             subject=[{"type": f["type"], "id": i} for f in found for i in (f["a"], f["b"])])
    if as_json:
        base.say(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for pair in found:
        score = "" if pair["probability"] is None else f" {pair['probability']:.3f}"
        base.say(f"{pair['status']:<9}{score} {pair['type']} {pair['a']} = {pair['b']}"
                 f"  ({pair['method'] or 'named by an analyst'})")
        for reason in pair["reasons"] if isinstance(pair["reasons"], list) else ():
            base.say(f"    {reason['field']}: {reason['level']} ({reason['weight']:+.2f})")
        if pair["decided_by"]:
            base.say(f"    decided by {pair['decided_by']} at {pair['decided_at']}: "
                     f"{pair['why']}")


def _decision(decision: str):
    @click.argument("a")
    @click.argument("b")
    @click.option("--why", required=True, help="Why: logged with the decision.")
    @store_option
    def command(a: str, b: str, why: str, store_url: str | None) -> None:
        from graph.resolution.decisions import decide

        base.allow("resolve.decide")
        details = {"a": a, "b": b, "decision": decision, "why": why}
        base.log("resolve.decide", details)
        store = base.connect(store_url)
        try:
            before = decide(store, load_ontology(), None, a, b, decision,
                            by=base.actor().user, why=why)
        finally:
            store.close()
        base.say(f"{a} and {b}: {decision} (was {before}).")
    return command


resolve.command("confirm", help="Record that entities A and B are one (the same person, "
                "phone, vehicle or company).")(_decision("confirmed"))
resolve.command("reject", help="Record that entities A and B are not one.")(
    _decision("rejected"))


@resolve.command("undo")
@click.argument("a")
@click.argument("b")
@click.option("--why", required=True, help="Why: logged with the undoing.")
@store_option
def undo(a: str, b: str, why: str, store_url: str | None) -> None:
    """Take back the decision on A and B: the pair is a candidate again (or gone, if only an
    analyst had named it)."""
    from graph.resolution.decisions import undo as undo_pair

    base.allow("resolve.decide")
    base.log("resolve.decide", {"a": a, "b": b, "decision": "undo", "why": why})
    store = base.connect(store_url)
    try:
        before = undo_pair(store, load_ontology(), a, b)
    finally:
        store.close()
    if before is None:
        raise click.ClickException(f"no pair {a} = {b} to undo")
    base.say(f"{a} and {b}: decision '{before}' undone.")
