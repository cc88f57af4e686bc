"""``dismark facts``: where the case files disagree, side by side with their gradings."""

from __future__ import annotations

import json

import click

from cli import base
from cli.base import main, store_option
from graph.model.ontology import load_ontology


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the disputes as JSON.")
@click.option("--settle", is_flag=True,
              help="Settle every fact again first (after a load was cut off between a write "
                   "and its settling; needs the loader role).")
@store_option
def facts(as_json: bool, settle: bool, store_url: str | None) -> None:
    """Facts whose case files disagree: each disputed property, the value the graph shows
    (best-graded claim, then the latest; counts summed per observation) and every claim
    with its case file, grading and date (docs/case-files.md)."""
    from graph.store import facts as store_facts

    ontology = load_ontology()
    action = "facts.settle" if settle else "facts.view"
    base.allow(action)
    store = base.connect(store_url, read_only=not settle)
    try:
        if settle:
            base.log("facts.settle")
            store_facts.settle_all(store, ontology)
        found = store_facts.settle(store, ontology, store_facts.disputed(store, ontology),
                                   write=False)
    finally:
        store.close()
    base.log("facts.view", {"disputed": len(found)},
             subject=[done.as_dict() for done in found])
    if as_json:
        base.say(json.dumps([done.as_dict() for done in found], indent=2, ensure_ascii=False))
        return
    if not found:
        base.say("No fact is disputed: where case files state the same property, they agree.")
        return
    for done in found:
        for line in store_facts.describe(done.as_dict()):
            base.say(line)
