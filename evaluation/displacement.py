"""How the shift-versus-expansion verdicts hold on worlds they were not tuned on, per family.

``dismark eval displacement [--families …] [--seeds 1,2,3] [--scale 10] [--json]`` generates a
world per family and seed (``generator.generate`` with the family's scenario), loads it into
a fresh embedded store in a temporary folder and judges the six rows against truth.json's
``planted_effects`` (the generator's ``none`` is our ``no change``). Every family has 15 %
year-to-year noise. A row is **right** when its verdict is the planted one; in the
enforcement family (effort doubles in Belgium, the markets do not move) it is right when it
says "no change", or, judged without the effort figures, when a shift or expansion says it
may be a detection effect (it is then **flagged**). **Wrong calls** are verdicts that are
neither right nor "insufficient data"; a **strong false alarm** is a wrong call labelled
strong. Rows are also counted apart by whether their counts **carry** a call (more than
twelve events a year on the deciding side: BE, or for retail both sides together) or are
**thin** (the 3-12 a year of a thin series). The generator's planted displacement paths
are scored by ``evaluation.displacement_paths`` over all worlds (recall and precision of
findings; its own command, ``dismark eval displacement-paths``, plants moves and decoys of
every kind).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from evaluation import displacement_paths
from generator.effects import EFFECTS, STUDY_EFFECTS
from generator.scenario import Enforcement, Scenario
from graph.study.displacement import verdicts

#: truth.json's effect names → the verdicts' names
PLANTED_AS = {"none": "no change"}
NOISE = 0.15
#: the scale of every family but thin: enough events on most sides for a call
SCALE = 10.0
#: the scale of the thin family: 3-12 events a year on most sides
THIN_SCALE = 1.0
#: a row's counts carry a call with more events a year than this on its deciding side (BE;
#: for retail, both sides together): fewer is thin (the issue's 3-12 a year)
CARRIED = 12


@dataclass(frozen=True)
class Family:
    """A kind of world: its scenario, the effect planted on every row (None: the study's)
    and its scale (None: the run's)."""

    name: str
    scenario: Scenario
    effect: str | None = None
    scale: float | None = None
    what: str = ""


FAMILIES = {f.name: f for f in (
    Family("study", Scenario(noise=NOISE), None, None, "the study's six effects"),
    Family("none", Scenario(noise=NOISE), "none", None, "no row changes"),
    Family("shift", Scenario(noise=NOISE), "shift", None, "every row shifts"),
    Family("expansion", Scenario(noise=NOISE), "expansion", None, "every row expands"),
    Family("enforcement", Scenario(noise=NOISE, enforcement=Enforcement(), effort_data=True),
           "none", None, "no row changes; Belgian enforcement effort doubles from 2015"),
    Family("step", Scenario(noise=NOISE, shape="step"), None, None,
           "the study's effects arriving as a jump"),
    Family("thin", Scenario(noise=NOISE), None, THIN_SCALE,
           f"the study's effects at scale {THIN_SCALE}"),
)}


@dataclass
class Tally:
    """A family's rows: all of them, and apart those whose counts carry a call (more than
    ``CARRIED`` events a year on the deciding side) and the thin ones."""

    judged: int = 0
    right: int = 0
    insufficient: int = 0
    wrong: int = 0
    strong_false_alarms: int = 0
    flagged: int = 0
    carried: int = 0
    carried_right: int = 0
    thin: int = 0
    thin_wrong: int = 0
    rows: list[dict] = field(default_factory=list)

    def add(self, record: dict) -> None:
        self.judged += 1
        self.right += record["right"]
        self.insufficient += record["verdict"] == "insufficient data"
        self.wrong += record["wrong"]
        self.strong_false_alarms += record["wrong"] and record["confidence"] == "strong"
        self.flagged += bool(record["caveats"])
        if record["events_a_year"] > CARRIED:
            self.carried += 1
            self.carried_right += record["right"]
        else:
            self.thin += 1
            self.thin_wrong += record["wrong"]
        self.rows.append(record)

    def as_dict(self, *, with_rows: bool) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "rows"}
        out["accuracy"] = _share(self.right, self.judged)
        out["carried_accuracy"] = _share(self.carried_right, self.carried)
        out["thin_wrong_share"] = _share(self.thin_wrong, self.thin)
        if with_rows:
            out["rows"] = self.rows
        return out


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def planted(truth: dict) -> dict[tuple[str, str], str]:
    return {(e["market"], e["echelon"]): PLANTED_AS.get(e["effect"], e["effect"])
            for e in truth["planted_effects"]}


def judge_world(store, truth: dict, *, family: Family, seed: int, use_effort: bool
                ) -> list[dict]:
    """One record per row: planted, verdict, confidence, caveats, right or wrong."""
    expected = planted(truth)
    enforcement_only = family.scenario.enforcement is not None
    records = []
    for v in verdicts(store, use_effort=use_effort):
        want = expected[(v.market, v.echelon)]
        deciding = v.changes[:1] if v.series.reading == "countries" else v.changes
        years = max(1, len(v.series.years()))
        flagged = bool(v.caveats)
        right = v.verdict == want or (enforcement_only and flagged
                                      and v.verdict in ("shift", "expansion"))
        records.append({"family": family.name, "seed": seed, "effort_used": bool(v.effort),
                        "effort_notes": v.effort_notes,
                        "market": v.market, "echelon": v.echelon, "planted": want,
                        "verdict": v.verdict, "confidence": v.confidence, "leaning": v.leaning,
                        "caveats": v.caveats, "right": right,
                        "events_a_year": round(sum(c.before + c.after for c in deciding) / years,
                                               1),
                        "wrong": not right and v.verdict != "insufficient data",
                        "test_p": v.test.p_adjusted, "reason": v.reason})
    return records


def evaluate(families: Iterable[str], seeds: Iterable[int], scale: float,
             noise: float = NOISE) -> dict:
    """Every family over every seed: tallies per family (the enforcement family twice:
    with its effort figures and without) and the recall of planted displacement paths."""
    tallies: dict[str, Tally] = {}
    paths: list[dict] = []
    for name in families:
        family = FAMILIES[name]
        family = replace(family, scenario=replace(family.scenario, noise=noise))
        effects = {row: family.effect for row in STUDY_EFFECTS} if family.effect else None
        for seed in seeds:
            with tempfile.TemporaryDirectory(prefix="dismark-eval-") as tmp:
                from evaluation.worlds import loaded_world

                with loaded_world(Path(tmp), seed=seed, scale=family.scale or scale,
                                  effects=effects, scenario=family.scenario) as (store, truth):
                    runs = [(name, True)]
                    if family.scenario.effort_data:
                        runs = [(f"{name} (effort figures used)", True),
                                (f"{name} (no effort figures)", False)]
                    for label, use_effort in runs:
                        for record in judge_world(store, truth, family=family, seed=seed,
                                                  use_effort=use_effort):
                            tallies.setdefault(label, Tally()).add(record)
                    paths += displacement_paths.evaluate_store(store, truth)
    return {"tallies": tallies, "paths": displacement_paths.summary(paths)}


#: what the table's columns count (printed under it)
LEGEND = (
    "right: the planted verdict (enforcement family: no change, or a shift/expansion flagged "
    "as possibly detection-driven); insuff.: insufficient data; wrong: any other call; "
    "strong FA: a wrong call labelled strong; flagged: rows with a detection caveat; "
    f"carried right: right among rows with more than {CARRIED} events a year on the deciding "
    "side (BE; retail: both sides); thin wrong: wrong among the others")
#: the families the headline accuracy is read over
HEADLINE = ("none", "shift", "expansion", "enforcement")


def format_table(result: dict, scale: float, seeds: list[int], noise: float) -> str:
    seeds_text = f"{len(seeds)} seed{'s' if len(seeds) != 1 else ''}: {', '.join(map(str, seeds))}"
    lines = [f"Shift or expansion, per family ({seeds_text}; scale {scale:g} unless said; "
             f"{noise:.0%} noise)",
             f"{'family':<34}{'rows':>5}{'right':>6}{'insuff.':>8}{'wrong':>6}{'strong FA':>10}"
             f"{'flagged':>8}{'carried right':>15}{'thin wrong':>12}"]
    headline = Tally()
    for name, tally in result["tallies"].items():
        t = tally.as_dict(with_rows=False)
        carried = f"{t['carried_right']}/{t['carried']}"
        thin = f"{t['thin_wrong']}/{t['thin']}"
        lines.append(f"{name:<34}{t['judged']:>5}{t['right']:>6}{t['insufficient']:>8}"
                     f"{t['wrong']:>6}{t['strong_false_alarms']:>10}{t['flagged']:>8}"
                     f"{carried:>15}{thin:>12}")
        if name.split(" ")[0] in HEADLINE:
            for record in tally.rows:
                headline.add(record)
    if headline.judged:
        h = headline.as_dict(with_rows=False)
        lines.append(f"over {', '.join(HEADLINE)}: right {h['right']}/{h['judged']}, carried "
                     f"rows right {h['carried_right']}/{h['carried']}, wrong {h['wrong']} "
                     f"(strong {h['strong_false_alarms']})")
    p = result["paths"]
    lines.append(f"displacement paths: {p['found']} of {p['real_moves']} planted moves found "
                 f"as findings, {p['findings']} findings on planted or decoy groups")
    lines += ["", *textwrap.wrap(LEGEND, 100)]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help=f"comma-separated, of: {', '.join(FAMILIES)}")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("--scale", type=float, default=SCALE,
                        help=f"world scale of every family but thin (default {SCALE:g})")
    parser.add_argument("--noise", type=float, default=NOISE,
                        help=f"year-to-year noise of every series (default {NOISE})")
    parser.add_argument("--json", action="store_true",
                        help="print the tallies and every row's record as JSON")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.families.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        parser.error(f"unknown families {unknown}; choose from {', '.join(FAMILIES)}")
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    result = evaluate(names, seeds, args.scale, args.noise)
    if args.json:
        print(json.dumps({"families": {n: t.as_dict(with_rows=True)
                                       for n, t in result["tallies"].items()},
                          "paths": result["paths"], "seeds": seeds, "scale": args.scale,
                          "noise": args.noise,
                          "effects": list(EFFECTS)}, indent=2, ensure_ascii=False))
    else:
        print(format_table(result, args.scale, seeds, args.noise))
    return 0


if __name__ == "__main__":
    sys.exit(main())
