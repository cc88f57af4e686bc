"""Can an analyst sign the displacement paths? Findings measured against planted moves and
decoys.

``python -m evaluation.displacement_paths [--seeds 1,2,3] [--scale 1] [--moves 16] [--json]``
generates one world per seed whose scenario plants ``--moves`` organisations that really
move (sites NL→BE and back, imports Rotterdam→Antwerp and back, some through transshipment
ports) and decoys of every kind (``generator.moves``), loads it into a fresh embedded store
and compares the paths (``graph.study.displacement_paths``) with ``truth.json``:

- a real move is *found* when a finding names its organisation, kind, both values (countries,
  ports or roles) and its switch year within a year; a finding that gets the values or the
  year wrong is *wrong* (and counts against precision);
- a decoy is a false alarm when any finding names its organisation and kind;
- findings for organisations and kinds the truth does not list are *background* (the world's
  ordinary groups, whose operations are drawn at random): false alarms too.

Recall is found / real moves; precision is right findings / all findings. Leads are counted
apart: they are what the analyst is asked to check, not what he signs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from graph.model.ontology import load_ontology
from graph.store import GraphStore
from graph.store.saved_queries import load_library
from graph.study.displacement_paths import (
    RULE,
    DisplacementPath,
    MoveRule,
    find_moves,
    organisation_operations,
)

OUTCOMES = ("finding", "wrong", "lead", "nothing")
BACKGROUND = "background (not planted)"
_KIND_WORDS = {"sites_across_border": "sites", "shipments_between_ports": "shipments",
               "extraction_to_import": "role"}


def family(record: Mapping[str, Any]) -> str:
    """The row of the table a truth record belongs to: the decoy's kind, or the move's
    kind and direction (with transshipment apart)."""
    if record.get("decoy"):
        return "decoy: " + record["decoy"].replace("_", " ")
    words = f"move: {_KIND_WORDS.get(record['kind'], record['kind'])} " \
            f"{_short(record['before'])}→{_short(record['after'])}"
    return words + (", transshipped" if record.get("transshipment") else "")


def _short(value: str) -> str:
    """``port-nl-rotterdam`` → ``Rotterdam``; countries and roles as they are."""
    return value.split("-", 2)[2].capitalize() if value.startswith("port-") else value


def _matches(path: DisplacementPath, move: Mapping[str, Any], tolerance_years: int) -> bool:
    return (path.before, path.after) == (move["before"], move["after"]) and \
        abs(path.switch_year - int(move["from_year"])) <= tolerance_years


def score_paths(paths: Iterable[DisplacementPath], truth: Mapping[str, Any], *,
                tolerance_years: int = 1) -> list[dict[str, Any]]:
    """One record per real move and decoy of ``truth`` with its outcome, and one per
    background finding or lead (a path for an organisation and kind the truth does not
    list)."""
    by_key: dict[tuple[str, str], list[DisplacementPath]] = {}
    for path in paths:
        by_key.setdefault((path.organisation, path.kind), []).append(path)
    records = []
    for truth_record in [*truth.get("displacement_paths", []), *truth.get("decoy_moves", [])]:
        key = (truth_record["organisation"], truth_record["kind"])
        found = by_key.pop(key, [])
        findings = [p for p in found if p.is_finding]
        real = not truth_record.get("decoy")
        if real and any(_matches(p, truth_record, tolerance_years) for p in findings):
            outcome = "finding"
        elif findings:
            outcome = "wrong" if real else "finding"
        else:
            outcome = "lead" if found else "nothing"
        records.append({"family": family(truth_record), "real": real, "organisation": key[0],
                        "kind": key[1], "outcome": outcome, "findings": len(findings),
                        "chance": [p.chance for p in findings],
                        "reported": [_brief(p) for p in found]})
    for (organisation, kind), found in sorted(by_key.items()):
        for path in found:
            records.append({"family": BACKGROUND, "real": False,
                            "organisation": organisation, "kind": kind,
                            "outcome": path.status, "findings": int(path.is_finding),
                            "chance": [path.chance] if path.is_finding else [],
                            "reported": [_brief(path)]})
    return records


def _brief(path: DisplacementPath) -> str:
    return f"{path.status} ({path.reading}): {path.before}→{path.after} {path.switch_date} " \
           f"{dict(path.before_counts)}/{dict(path.after_counts)}"


def evaluate_store(store: GraphStore, truth: Mapping[str, Any], rule: MoveRule = RULE
                   ) -> list[dict[str, Any]]:
    """Find the paths in a loaded world and score them (the hook ``evaluation.displacement``
    calls too)."""
    library = load_library(load_ontology())
    return score_paths(find_moves(organisation_operations(store, library), rule), truth)


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall and precision of findings, recall counting leads too, and outcomes per family.

    ``precision`` counts the findings on the organisations the truth knows (planted moves and
    decoys); ``precision_all`` adds the background's, whose single groups the truth cannot
    call right or wrong beyond "nothing was planted" (see the module docstring)."""
    real = [r for r in records if r["real"]]
    found = sum(r["outcome"] == "finding" for r in real)
    background = sum(r["findings"] for r in records if r["family"] == BACKGROUND)
    findings = sum(r["findings"] for r in records) - background
    per_family: dict[str, Counter] = {}
    for r in records:
        per_family.setdefault(r["family"], Counter())[r["outcome"]] += 1
    return {"real_moves": len(real), "found": found, "recall": _share(found, len(real)),
            "findings": findings, "precision": _share(found, findings),
            "background_findings": background,
            "precision_all": _share(found, findings + background),
            "found_or_lead": sum(r["outcome"] in ("finding", "lead") for r in real),
            "chance_at_most_5pct": {
                "right": _unlikely(r for r in real if r["outcome"] == "finding"),
                "background": _unlikely(r for r in records if r["family"] == BACKGROUND)},
            "per_family": {name: {o: counts[o] for o in OUTCOMES}
                           for name, counts in sorted(per_family.items(), key=_family_order)}}


def _unlikely(records: Iterable[dict[str, Any]]) -> str:
    """``k/n``: of n findings, k have a chance of at most 5%."""
    chances = [c for r in records for c in r["chance"]]
    return f"{sum(c <= 0.05 for c in chances)}/{len(chances)}"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _family_order(item: tuple[str, Counter]) -> tuple[int, str]:
    name = item[0]
    return ({"move": 0, "decoy": 1}.get(name.split(":")[0], 2), name)


def format_table(result: Mapping[str, Any]) -> str:
    """The per-family table the command prints, with the totals under it."""
    s = result["summary"]
    rule = result["rule"]
    width = max(map(len, s["per_family"])) + 2
    lines = [f"displacement paths: seeds {result['seeds']}, scale {result['scale']}, "
             f"{result['moves']} planted moves and decoys of every kind per world; findings "
             f"need {rule['min_support']} operations a side and fit {rule['fit']:.0%} of them",
             f"{'family':<{width}}{'planted':>8}{'finding':>9}{'wrong':>7}{'lead':>6}"
             f"{'nothing':>9}"]
    for name, counts in s["per_family"].items():
        planted = "-" if name.startswith("background") else str(sum(counts.values()))
        lines.append(f"{name:<{width}}{planted:>8}" + "".join(
            f"{counts[o]:>{w}}" for o, w in zip(OUTCOMES, (9, 7, 6, 9), strict=True)))
    lines += [f"findings: recall {s['found']}/{s['real_moves']} ({_pct(s['recall'])}), "
              f"precision {s['found']}/{s['findings']} ({_pct(s['precision'])}) on the planted "
              f"and decoy groups; {s['found']}/{s['findings'] + s['background_findings']} "
              f"({_pct(s['precision_all'])}) counting the background's findings",
              f"real moves found or listed as leads: {s['found_or_lead']}/{s['real_moves']}",
              f"findings with a chance of at most 5%: {s['chance_at_most_5pct']['right']} of "
              f"the right ones, {s['chance_at_most_5pct']['background']} of the background's"]
    return "\n".join(lines)


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def evaluate(seeds: list[int], scale: float, moves: int, rule: MoveRule = RULE
             ) -> dict[str, Any]:
    """Generate, load and score one world per seed; the records and their summary."""
    from evaluation.worlds import loaded_world
    from generator.scenario import Scenario

    scenario = Scenario(planted_moves=moves, decoy_moves=True)
    records = []
    for seed in seeds:
        with tempfile.TemporaryDirectory(prefix="dismark-eval-paths-") as tmp, \
                loaded_world(Path(tmp), seed=seed, scale=scale, scenario=scenario) as (
                    store, truth):
            records += [{"seed": seed, **r} for r in evaluate_store(store, truth, rule)]
    return {"seeds": ",".join(map(str, seeds)), "scale": scale, "moves": moves,
            "rule": asdict(rule), "summary": summary(records), "records": records}


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--moves", type=int, default=16,
                        help="organisations that really move, per world")
    parser.add_argument("--min-support", type=int, default=RULE.min_support,
                        help="operations each side of a finding needs")
    parser.add_argument("--fit", type=float, default=RULE.fit,
                        help="share of all operations a finding's move must fit")
    parser.add_argument("--json", action="store_true", help="print every record as JSON")
    args = parser.parse_args(argv)
    result = evaluate([int(s) for s in args.seeds.split(",") if s.strip()], args.scale,
                      args.moves, MoveRule(min_support=args.min_support, fit=args.fit))
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
