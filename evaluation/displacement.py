"""How often the shift-versus-expansion verdicts match what the generator planted, and how
many of its planted displacement paths are found.

``python -m evaluation.displacement [--seeds 1,2,3] [--scale 1] [--effects ROW=EFFECT …]
[--json]`` generates a synthetic world per seed (``generator.generate``), loads it
into a fresh embedded store in a temporary folder, computes the six verdicts (raw and
corrected for enforcement effort) and compares each with ``truth.json``'s
``planted_effects``, whatever they are: the study's six, or counterfactual ones when the
generator accepts ``effects``. The generator's ``none`` is our ``no change``. The planted
displacement paths (organisations moving from extraction to import) are scored by
``evaluation.displacement_paths`` over all worlds (recall and precision of findings).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from evaluation import displacement_paths
from graph.study.displacement import verdicts

#: truth.json's effect names → the verdicts' names
PLANTED_AS = {"none": "no change"}


def planted(truth: dict) -> dict[tuple[str, str], str]:
    return {(e["market"], e["echelon"]): PLANTED_AS.get(e["effect"], e["effect"])
            for e in truth["planted_effects"]}


def evaluate_world(folder: Path, *, seed: int, scale: float, effects: dict | None = None
                   ) -> tuple[list[dict], list[dict]]:
    """Generate, load and judge one world: one record per planted row and correction, and
    the scored displacement paths (``evaluation.displacement_paths``)."""
    from evaluation.worlds import loaded_world

    with loaded_world(folder, seed=seed, scale=scale, effects=effects) as (store, truth):
        expected = planted(truth)
        records = []
        for corrected in (False, True):
            for v in verdicts(store, correct_effort=corrected):
                want = expected.get((v.market, v.echelon))
                if want is None:
                    continue
                records.append({"seed": seed, "scale": scale, "effort_corrected": corrected,
                                "market": v.market, "echelon": v.echelon, "planted": want,
                                "verdict": v.verdict, "confidence": v.confidence,
                                "correct": v.verdict == want, "reason": v.reason,
                                "test_p": v.test.p_value})
        return records, displacement_paths.evaluate_store(store, truth)


def summary(records: list[dict]) -> dict:
    out = {}
    for corrected in (False, True):
        rows = [r for r in records if r["effort_corrected"] == corrected]
        by_row = Counter((r["market"], r["echelon"], r["planted"]) for r in rows)
        right = Counter((r["market"], r["echelon"], r["planted"]) for r in rows if r["correct"])
        out["effort_corrected" if corrected else "raw"] = {
            "accuracy": round(sum(r["correct"] for r in rows) / len(rows), 3) if rows else None,
            "judged": len(rows),
            "per_row": {f"{m}/{e} planted {p}": f"{right[(m, e, p)]}/{n}"
                        for (m, e, p), n in sorted(by_row.items())},
            "strong_and_right": sum(r["correct"] and r["confidence"] == "strong" for r in rows),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--effects", nargs="*", default=[],
                        help="market/echelon=effect rows to plant (generator permitting)")
    parser.add_argument("--json", action="store_true", help="print every record as JSON")
    args = parser.parse_args(argv)
    effects = dict(e.split("=", 1) for e in args.effects) or None
    records: list[dict] = []
    path_records: list[dict] = []
    for seed in [int(s) for s in args.seeds.split(",") if s]:
        with tempfile.TemporaryDirectory(prefix="dismark-eval-") as tmp:
            world, paths = evaluate_world(Path(tmp), seed=seed, scale=args.scale,
                                          effects=effects)
        records += world
        path_records += paths
    result = {"seeds": args.seeds, "scale": args.scale, "effects": effects,
              "summary": summary(records),
              "displacement_paths": displacement_paths.summary(path_records)}
    if args.json:
        result["records"] = records
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
