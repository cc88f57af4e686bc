"""Load throughput on the embedded store, against a raw baseline measured in the same run.

    python -m bench.load [--persons 20000] [--json]

Measures, each in a fresh FalkorDB Lite database in a temporary folder:

* the demo case files (``data/demo``) through ``dismark load``'s code path;
* one generated dossier of ``5 * persons`` rows (persons, phones, organisations,
  memberships, phone use, contacts) through the same path: read, validate, write;
* the raw baseline: the same nodes and relationships written with bare ``UNWIND … CREATE``
  in 10k-row batches (no validation, no provenance, no MERGE, no atomicity).

The ratio loader/raw is the figure to watch; absolute rows/s depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.casegen import bulk_dossier, rows_of, write_bulk
from graph.config import Settings
from graph.ontology import load_ontology
from graph.store import open_store
from loaders.load import load_paths, read_all

REPO = Path(__file__).resolve().parent.parent
BATCH = 10_000


def _store(folder: Path):
    return open_store(f"falkordb-lite:{folder / 'bench.db'}", Settings())


def measure_loader(paths: list[Path], folder: Path) -> dict:
    ontology = load_ontology()
    started = time.perf_counter()
    _, cases = read_all(paths, ontology)
    checked = time.perf_counter() - started
    store = _store(folder)
    try:
        report = load_paths(store, paths, ontology)
    finally:
        store.close()
    assert report.exit_code == 0, report.as_dict()
    rows = sum(c.rows for c in cases)
    return {"rows": rows, "seconds": round(report.seconds, 3),
            "rows_per_second": round(rows / report.seconds),
            "read_and_validate_seconds": round(checked, 3)}


def measure_raw(dossier: dict, folder: Path) -> dict:
    """The same rows written the plainest way FalkorDB allows."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    label_of = {}
    for e in dossier["entities"]:
        by_label[e["type"]].append({"id": e["id"], **e["properties"]})
        label_of[e["id"]] = e["type"]
    by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for link in dossier["links"]:
        key = (link["type"], label_of[link["source"]], label_of[link["target"]])
        by_type[key].append({"s": link["source"], "t": link["target"],
                             **link.get("properties", {})})
    store = _store(folder)
    try:
        store.ensure_schema(load_ontology())
        started = time.perf_counter()
        for name, rows in by_label.items():
            for i in range(0, len(rows), BATCH):
                store.write(f"UNWIND $rows AS row CREATE (n:`{name}`) SET n = row",
                            {"rows": rows[i:i + BATCH]})
        for (name, source, target), rows in by_type.items():
            for i in range(0, len(rows), BATCH):
                store.write(f"UNWIND $rows AS row MATCH (a:`{source}` {{id: row.s}}) "
                            f"MATCH (b:`{target}` {{id: row.t}}) CREATE (a)-[:`{name}`]->(b)",
                            {"rows": rows[i:i + BATCH]})
        seconds = time.perf_counter() - started
    finally:
        store.close()
    rows = 1 + len(dossier["entities"]) + len(dossier["links"])
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_second": round(rows / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=20_000,
                        help="size of the generated dossier (rows = 5 x persons)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results = {"demo": measure_loader([REPO / "data" / "demo"], tmp / "demo")}
        bulk = write_bulk(tmp / "bulk", 1, args.persons)
        results["bulk"] = measure_loader(bulk, tmp / "bulk-db")
        results["raw_baseline"] = measure_raw(bulk_dossier("bulk-000", args.persons, seed=0),
                                              tmp / "raw-db")
    results["bulk"]["expected_rows"] = rows_of(args.persons)
    results["loader_vs_raw"] = round(results["bulk"]["rows_per_second"]
                                     / results["raw_baseline"]["rows_per_second"], 3)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name in ("demo", "bulk", "raw_baseline"):
        r = results[name]
        print(f"{name:<13} {r['rows']:>8,} rows  {r['seconds']:>8.2f} s  "
              f"{r['rows_per_second']:>8,} rows/s")
    print(f"loader / raw baseline: {results['loader_vs_raw']:.2f}")


if __name__ == "__main__":
    main()
