"""How good is the Dutch-link score? Measured per evaluation family against truth.json.

For each family (``FAMILIES``: the study's world, and worlds where links leave no trace,
where decoys and hubs stand in the way; ``generator.scenario``) and seed: generate a world,
load it into a fresh embedded store, score every Belgian subject whose answer ``truth.json``
knows (an entity's or case file's label is true if any of its records is), and compare
three scores on the same subjects:

* ``best``: the truth's own ``true_probability``, the posterior of a link given what the case
  file shows by the generator's law: the best score any detector could give;
* ``model``: the calibrated model with labels for half the subjects (2-fold stratified
  cross-validation: fitted on one half, judged on the other, and back);
* ``evidence``: the evidence score, which needs no labels. It is not a probability (see
  ``graph.study.dutch_link``); its Brier score is shown to say why it is not called one.

Reported per family, pooled over seeds: ROC AUC and Brier score of each, the model's gap to
the best, and the hub check: how many subjects whose only evidence runs through hubs score
above the lowest subject with a direct (hub-free) path (by construction none).

    dismark eval dutch-link [--families study,hubs] [--seeds 1,2,3] [--scale 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from generator.scenario import STUDY, Scenario
from graph.model.ontology import load_ontology
from graph.study.dutch_evidence import DEFAULT_HOPS
from graph.study.dutch_link import DutchLinkScore, dutch_link_network, dutch_link_scores
from graph.study.dutch_model import fit_model

#: The families of the Dutch link: how far the worlds depart from the study's.
FAMILIES: dict[str, Scenario] = {
    "study": STUDY,
    "visibility": Scenario(visibility=0.5),
    "decoys": Scenario(decoys=0.3),
    "hubs": Scenario(hubs=True),
    "combined": Scenario(visibility=0.7, decoys=0.3, hubs=True),
}
SCORERS = ("best", "model", "evidence")


def truth_answers(truth: dict) -> dict[str, tuple[bool, float]]:
    """Entity and case-file id → (Dutch link, true probability) from ``dutch_links``; an
    id with several records is linked if any is, as likely as the likeliest."""
    answers: dict[str, tuple[bool, float]] = {}
    for record in truth["dutch_links"]:
        p = float(record.get("true_probability", record["dutch_link"]))
        for key in filter(None, (record["entity"], record.get("case"))):
            label, best = answers.get(key, (False, 0.0))
            answers[key] = (label or bool(record["dutch_link"]), max(best, p))
    return answers


def truth_labels(truth: dict) -> dict[str, bool]:
    """Entity and case-file id → Dutch link, from ``truth.json``'s ``dutch_links``."""
    return {k: label for k, (label, _) in truth_answers(truth).items()}


def half_labelled(scores: dict[str, DutchLinkScore], labels: dict[str, bool], *, seed: int
                  ) -> dict[str, float]:
    """Each subject's probability from a model fitted on the other half's labels."""
    ids = sorted(labels)
    y = np.array([labels[i] for i in ids], dtype=int)
    features = {i: scores[i].features for i in ids}
    held_out: dict[str, float] = {}
    for train, test in StratifiedKFold(2, shuffle=True, random_state=seed).split(ids, y):
        model = fit_model(features, {ids[i]: labels[ids[i]] for i in train}, seed=seed)
        held_out.update({ids[i]: model.explain(features[ids[i]])[0] for i in test})
    return held_out


def hub_check(scores: list[DutchLinkScore]) -> dict[str, int]:
    """Subjects whose only evidence runs through hubs, and how many of them score above the
    lowest-scoring subject with a direct (hub-free) path."""
    hub_only = [s.evidence for s in scores if s.paths and all(p.hubs for p in s.paths)]
    direct = [s.evidence for s in scores if any(not p.hubs for p in s.paths)]
    floor = min(direct, default=1.0)
    return {"hub_only": len(hub_only), "direct": len(direct),
            "hub_only_above_direct": sum(1 for e in hub_only if e >= floor)}


def _metrics(y: list[int], p: list[float]) -> dict[str, float | None]:
    both = len(set(y)) == 2
    return {"auc": round(float(roc_auc_score(y, p)), 4) if both else None,
            "brier": round(float(brier_score_loss(y, p)), 4)}


def evaluate_world(family: str, seed: int, scale: float, *, hops: int = DEFAULT_HOPS) -> dict:
    """Generate, load, score and judge one world of ``family``; ``predictions`` keeps the
    labels and the three scores for pooling."""
    from evaluation.worlds import loaded_world

    with tempfile.TemporaryDirectory(prefix="dismark-dutch-") as tmp, \
            loaded_world(Path(tmp), seed=seed, scale=scale,
                         scenario=FAMILIES[family].with_tags(family=family)) as (store, truth):
        graph = dutch_link_network(store, load_ontology())
    ranking = dutch_link_scores(graph, hops=hops)
    scores = {s.subject: s for s in ranking.scores}
    answers = {k: v for k, v in truth_answers(truth).items() if k in scores}
    labels = {k: label for k, (label, _) in answers.items()}
    model = half_labelled(scores, labels, seed=seed)
    ids = sorted(answers)
    predictions = {"y": [int(labels[i]) for i in ids],
                   "best": [answers[i][1] for i in ids], "model": [model[i] for i in ids],
                   "evidence": [scores[i].evidence for i in ids]}
    by_type: dict[str, list[int]] = defaultdict(list)
    for n, i in enumerate(ids):
        by_type[scores[i].type].append(n)
    linked_sites = [r for r in truth["dutch_links"] if r["dutch_link"] and "visible" in r]
    return {
        "family": family, "seed": seed, "scale": scale, "subjects": ranking.census.as_dict(),
        "judged": len(ids), "linked": sum(predictions["y"]),
        "traced_share": round(sum(r["visible"] for r in linked_sites) / len(linked_sites), 3)
        if linked_sites else None,
        "scorers": {name: _metrics(predictions["y"], predictions[name]) for name in SCORERS},
        "by_type": {t: {"n": len(rows), "linked": sum(predictions["y"][n] for n in rows),
                        **{name: _metrics([predictions["y"][n] for n in rows],
                                          [predictions[name][n] for n in rows])
                           for name in SCORERS}}
                    for t, rows in sorted(by_type.items())},
        "hub_check": hub_check(ranking.scores),
        "predictions": predictions,
    }


def evaluate(families: list[str], seeds: list[int], scale: float, *,
             hops: int = DEFAULT_HOPS) -> dict:
    """Every family × seed, and per family the figures pooled over its seeds."""
    worlds = [evaluate_world(f, s, scale, hops=hops) for f in families for s in seeds]
    pooled = {}
    for family in families:
        mine = [w for w in worlds if w["family"] == family]
        y = [v for w in mine for v in w["predictions"]["y"]]
        scorers = {name: _metrics(y, [v for w in mine for v in w["predictions"][name]])
                   for name in SCORERS}
        pooled[family] = {
            "judged": len(y), "linked": sum(y), "scorers": scorers,
            "gap": {m: None if scorers["best"][m] is None else
                    round(scorers["model"][m] - scorers["best"][m], 4) for m in ("auc", "brier")},
            "hub_check": {k: sum(w["hub_check"][k] for w in mine)
                          for k in ("hub_only", "direct", "hub_only_above_direct")}}
    for w in worlds:
        del w["predictions"]
    return {"families": families, "seeds": seeds, "scale": scale, "hops": hops,
            "scenarios": {f: FAMILIES[f].as_dict() for f in families},
            "pooled": pooled, "worlds": worlds}


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(result: dict) -> str:
    """The per-family table (pooled over seeds), then each world's line."""
    lines = [f"Dutch link per family: seeds {','.join(map(str, result['seeds']))}, scale "
             f"{result['scale']}, hops {result['hops']}; model: labels for half the subjects "
             "(2-fold); best: the truth's posterior",
             f"{'family':<11}{'n':>6}{'linked':>7}  {'AUC best':>8}{'model':>7}{'gap':>7}"
             f"{'evid.':>7}  {'Brier best':>10}{'model':>7}{'gap':>7}{'evid.*':>7}"
             f"  {'hub-only':>8}{'above direct':>13}"]
    for family, row in result["pooled"].items():
        s, gap, hubs = row["scorers"], row["gap"], row["hub_check"]
        lines.append(
            f"{family:<11}{row['judged']:>6}{row['linked']:>7}  {_f(s['best']['auc']):>8}"
            f"{_f(s['model']['auc']):>7}{_f(gap['auc']):>7}{_f(s['evidence']['auc']):>7}  "
            f"{_f(s['best']['brier']):>10}{_f(s['model']['brier']):>7}{_f(gap['brier']):>7}"
            f"{_f(s['evidence']['brier']):>7}  {hubs['hub_only']:>8}"
            f"{hubs['hub_only_above_direct']:>13}")
    lines.append("* the evidence score read as if it were a probability (it is not one)")
    lines.append("per world: family seed  n linked traced  AUC best/model/evidence  "
                 "Brier best/model/evidence")
    for w in result["worlds"]:
        s = w["scorers"]
        lines.append(f"  {w['family']:<11}{w['seed']:>4}{w['judged']:>6}{w['linked']:>6}"
                     f"{_f(w['traced_share']):>7}  "
                     + "/".join(_f(s[n]["auc"]) for n in SCORERS) + "  "
                     + "/".join(_f(s[n]["brier"]) for n in SCORERS))
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help=f"comma-separated, of {', '.join(FAMILIES)} (default: all)")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("--scale", type=float, default=1.0, help="world size (1: the study's "
                        "case material)")
    parser.add_argument("--hops", type=int, default=DEFAULT_HOPS, help="longest evidence path")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    families = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families {', '.join(unknown)}; one of {', '.join(FAMILIES)}")
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    result = evaluate(families, seeds, args.scale, hops=args.hops)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
