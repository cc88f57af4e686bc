"""``make bench``: every benchmark of the repo in one run, figures in ``bench/results.json``.

    python -m bench [--scale 1] [--runs 10] [--out bench/results.json]
    python -m bench --smoke          # tiny sizes, a minute: what ``make test`` runs

Sizes at ``--scale 1`` (about 12 minutes on 2 cores): a generated world of 100,000 entities
loaded through the full loader (and the raw baseline, re-load and memory series), every saved
query on that graph, the network export and the neighbourhood view on it, the network
measures on 1,000-, 10,000- and 100,000-node graphs (plain networkx beside them at 1,000),
and the explorer's drawing of 100, 500 and 1,000 nodes in headless Chromium. ``--scale 10``
loads and queries 1,000,000 entities (an hour and more: the load slows as hubs grow, see
docs/scaling.md).

Every figure sits beside a baseline measured in the same run on the same engine, so ratios
hold across machines; the absolute numbers are for reference. The results file is written
after each section, so a run stopped part-way keeps what it measured; the targets of issue 9
are checked at the end and printed as met or MISS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import explorer, export, load, metrics, queries, report
from graph.model.ontology import load_ontology

RESULTS = Path(__file__).resolve().parent / "results.json"
ENTITIES_AT_SCALE_1 = 100_000
#: Network sizes for the measures; plain networkx runs beside them up to METRIC_BASELINE
#: nodes (at 10,000 its exact betweenness alone takes minutes).
METRIC_SIZES = (1_000, 10_000, 100_000)
METRIC_BASELINE = 1_000
VIEW_SIZES = (100, 500, 1000)


def _plan(args: argparse.Namespace) -> dict[str, Any]:
    if args.smoke:
        return {"entities": 2_000, "metric_sizes": [1_000], "exact_max": 1_000,
                "metric_baseline": 1_000, "view_sizes": [100], "runs": 2, "view_runs": 1}
    return {"entities": round(ENTITIES_AT_SCALE_1 * args.scale),
            "metric_sizes": list(METRIC_SIZES), "exact_max": 10_000,
            "metric_baseline": METRIC_BASELINE,
            "view_sizes": list(VIEW_SIZES), "runs": args.runs, "view_runs": 3}


def _machine() -> dict[str, Any]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=Path(__file__).parent, check=False).stdout.strip()
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit,
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


class Run:
    """The results of one run, saved after every section."""

    def __init__(self, out: Path, plan: dict[str, Any]) -> None:
        self.out = out
        self.results: dict[str, Any] = {"machine": _machine(), "plan": plan, "seconds": {}}

    def section(self, name: str, measure) -> Any:
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        self.results[name] = measure()
        self.results["seconds"][name] = round(time.perf_counter() - started, 1)
        self.save()
        return self.results[name]

    def save(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.out.write_text(json.dumps(self.results, indent=2, default=str) + "\n",
                            encoding="utf-8")


def run_all(plan: dict[str, Any], out: Path, *, browser: bool = True) -> dict[str, Any]:
    ontology = load_ontology()
    bench = Run(out, plan)
    with tempfile.TemporaryDirectory(prefix="dismark-bench-") as tmp:
        folder = Path(tmp)
        bench.section("load", lambda: load.run(plan["entities"], folder))
        store = load.open_bench_store(folder / "graph.db")
        try:
            bench.section("queries", lambda: queries.run(store, ontology, plan["runs"]))
            busiest = queries.busiest(store, ontology, "Person", 1)[0]
            bench.section("neighbourhood", lambda: explorer.neighbourhood(
                store, ontology, busiest, plan["runs"]))
            bench.section("export", lambda: export.run(store, ontology))
        finally:
            store.close()
    bench.section("metrics", lambda: metrics.run(plan["metric_sizes"], plan["exact_max"],
                                                 seed=1, baseline_max=plan["metric_baseline"]))
    bench.section("explorer", lambda: explorer.run(plan["view_sizes"], plan["view_runs"],
                                                   browser=browser))
    bench.results["targets"] = report.targets(bench.results)
    bench.save()
    return bench.results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1: 100,000 entities loaded and queried; 10: 1,000,000")
    parser.add_argument("--runs", type=int, default=10, help="runs per query (p50/p95)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to prove it runs")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the headless-Chromium drawing times")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    results = run_all(_plan(args), args.out, browser=not args.no_browser)
    print(report.summary(results))
    print(f"\nfigures: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
