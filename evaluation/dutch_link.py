"""How good is the Dutch-link likelihood? Measured on synthetic worlds against truth.json.

For each seed and scale: generate a world (``generator.generate``), load it into a
fresh embedded store in a temporary folder, export it (``dutch_link_network``) and score
every Belgian subject whose answer ``truth.json`` knows (``dutch_links``: an entity's label
is true if any of its records is; a case file's, if any record of the case is).

Three scorers, each judged on held-out subjects only:

* ``model``: the calibrated model on all features, stratified k-fold cross-validation (the
  model and its calibration fitted on the training folds only);
* ``model-context``: the same on the non-evidence features (size, distance, province,
  market, type): how far the study's indicators go before any path is known;
* ``evidence-only``: the noisy-OR evidence score (needs no labels; not calibrated).

Reported: ROC AUC and Brier score per world and pooled over worlds, AUC per subject type,
and the calibration curve (``sklearn.calibration.calibration_curve``, 10 uniform bins) of
the pooled held-out probabilities.

    python -m evaluation.dutch_link [--seeds 1,2,3] [--scale 1] [--folds 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from graph.model.ontology import load_ontology
from graph.study.dutch_evidence import evidence_paths
from graph.study.dutch_link import dutch_link_network
from graph.study.dutch_model import features_of, fit_model

SCORERS = ("model", "model-context", "evidence-only")


def truth_labels(truth: dict) -> dict[str, bool]:
    """Entity id and case-file id → Dutch link, from ``truth.json``'s ``dutch_links``."""
    labels: dict[str, bool] = {}
    for record in truth["dutch_links"]:
        for key in filter(None, (record["entity"], record.get("case"))):
            labels[key] = labels.get(key, False) or bool(record["dutch_link"])
    return labels


def cross_validated(features: dict, labels: dict[str, bool], *, folds: int, seed: int
                    ) -> dict[str, dict[str, float]]:
    """Held-out probability of every labelled subject, per scorer."""
    ids = sorted(labels)
    y = np.array([labels[i] for i in ids], dtype=int)
    held_out: dict[str, dict[str, float]] = {name: {} for name in SCORERS}
    held_out["evidence-only"] = {i: float(features[i]["evidence_score"]) for i in ids}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(ids, y):
        training = {ids[i]: labels[ids[i]] for i in train}
        for name, feature_set in (("model", "all"), ("model-context", "context")):
            model = fit_model(features, training, feature_set=feature_set, seed=seed)
            for i in test:
                held_out[name][ids[i]] = model.explain(features[ids[i]])[0]
    return held_out


def _scores(y: list[int], p: list[float]) -> dict[str, float | None]:
    both = len(set(y)) == 2
    return {"n": len(y), "positives": int(sum(y)),
            "auc": round(float(roc_auc_score(y, p)), 4) if both else None,
            "brier": round(float(brier_score_loss(y, p)), 4)}


def evaluate_world(seed: int, scale: float, *, folds: int = 5, hops: int = 3) -> dict:
    """Generate, load, export and measure one world; ``held_out`` keeps the predictions."""
    from evaluation.worlds import loaded_world

    with tempfile.TemporaryDirectory(prefix="dismark-dutch-") as tmp, \
            loaded_world(Path(tmp), seed=seed, scale=scale) as (store, truth):
        graph = dutch_link_network(store, load_ontology())
    paths = evidence_paths(graph, hops=hops)
    features = features_of(graph, paths)
    labels = {s: v for s, v in truth_labels(truth).items() if s in features}
    held_out = cross_validated(features, labels, folds=folds, seed=seed)
    ids = sorted(labels)
    y = [int(labels[i]) for i in ids]
    by_type: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        by_type[graph.nodes[i]["type"]].append(i)
    return {
        "seed": seed, "scale": scale, "subjects": len(features), "labelled": len(ids),
        "scorers": {name: _scores(y, [held_out[name][i] for i in ids]) for name in SCORERS},
        "by_type": {t: {name: _scores([int(labels[i]) for i in members],
                                      [held_out[name][i] for i in members])
                        for name in SCORERS}
                    for t, members in sorted(by_type.items())},
        "held_out": {name: {"y": y, "p": [held_out[name][i] for i in ids]} for name in SCORERS},
    }


def evaluate(seeds: list[int], scale: float, *, folds: int = 5, hops: int = 3) -> dict:
    """All worlds, pooled figures and the calibration curves."""
    worlds = [evaluate_world(s, scale, folds=folds, hops=hops) for s in seeds]
    pooled, calibration = {}, {}
    for name in SCORERS:
        y = [v for w in worlds for v in w["held_out"][name]["y"]]
        p = [v for w in worlds for v in w["held_out"][name]["p"]]
        pooled[name] = _scores(y, p)
        observed, predicted = calibration_curve(y, p, n_bins=10, strategy="uniform")
        calibration[name] = {"predicted": [round(float(v), 3) for v in predicted],
                             "observed": [round(float(v), 3) for v in observed]}
    for w in worlds:
        del w["held_out"]
    return {"seeds": seeds, "scale": scale, "folds": folds, "hops": hops, "worlds": worlds,
            "pooled": pooled, "calibration": calibration}


def format_table(result: dict) -> str:
    """The figures as a plain-text table."""
    lines = [f"Dutch-link likelihood, scale {result['scale']}, {result['folds']}-fold CV, "
             f"hops {result['hops']}",
             f"{'world':<12}{'scorer':<15}{'n':>6}{'pos':>6}{'AUC':>8}{'Brier':>8}"]
    rows = [(f"seed {w['seed']}", w["scorers"]) for w in result["worlds"]]
    rows.append(("pooled", result["pooled"]))
    for world, scorers in rows:
        for name, s in scorers.items():
            auc = "-" if s["auc"] is None else f"{s['auc']:.3f}"
            lines.append(f"{world:<12}{name:<15}{s['n']:>6}{s['positives']:>6}{auc:>8}"
                         f"{s['brier']:>8.3f}")
    lines.append("AUC by subject type (seed, model / model-context / evidence-only):")
    for w in result["worlds"]:
        for t, scorers in w["by_type"].items():
            aucs = " / ".join("-" if s["auc"] is None else f"{s['auc']:.3f}"
                              for s in scorers.values())
            n, pos = scorers["model"]["n"], scorers["model"]["positives"]
            lines.append(f"  seed {w['seed']:<4}{t:<14}n={n:<5} pos={pos:<5} {aucs}")
    lines.append("calibration (held-out, pooled): predicted -> observed")
    for name, curve in result["calibration"].items():
        pairs = ", ".join(f"{p:.2f}->{o:.2f}" for p, o in
                          zip(curve["predicted"], curve["observed"], strict=True))
        lines.append(f"  {name:<14}{pairs}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--hops", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    result = evaluate(seeds, args.scale, folds=args.folds, hops=args.hops)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
