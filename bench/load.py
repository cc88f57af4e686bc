"""Load throughput, re-load and loader memory, against a raw baseline measured in the same run.

    python -m bench.load [--entities 100000] [--json]
    python -m bench.load --entities 20000 --profile   # where a load's time goes

Input is generator output: ``dismark synth`` case files sized to about ``--entities``
distinct entities (many small case files sharing entities, as real case material). Figures:

* **first load**: the full loader (discover, read, validate, digest, MERGE with provenance,
  ledger) into a fresh embedded store, in a child process so its peak RSS is its own;
  its rate counts the nodes and relationships of the graph it makes: the distinct entities,
  case files and links the files hold, and the ``MENTIONED_IN`` of each entity to each case
  file naming it.
* **reading and checking alone**: every file read, validated and digested, nothing written;
  a loader that reads in one thread cannot be faster, so raw / this is the best loader / raw
  it could reach.
* **re-load** of the same files into the same store: the idempotent path, every case
  found unchanged by its digest.
* **raw baseline**: the same nodes and relationships written the plainest ways FalkorDB
  allows, with bare ``UNWIND … CREATE`` in 10k-row batches (no reading, no validation, no
  provenance, no MERGE, no atomicity): relationships between nodes matched by indexed ``id``,
  and between nodes matched by internal id (the ids the node CREATE returned). The faster of
  the two is the baseline.
* **MERGE baseline**: the same rows with ``MERGE`` on ``id`` instead of ``CREATE`` (nodes, then
  relationships between nodes matched by ``id``), each row once, nothing else. Any loader that
  can run twice without duplicating must find each row first, so merge / raw is about the best
  loader / raw an idempotent loader can reach on this engine; loader / merge is what reading,
  checking, provenance and atomic case files cost on top.
* **memory**: the loader's peak RSS when loading the first 10 %, 30 % and all of the files,
  each into a fresh store (streaming: it should not grow with the input).
* **the embedded server** holding the loaded graph: how long it takes to start from its
  append-only file, and its resident memory (FalkorDB keeps the whole graph in RAM).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.clock import timed
from generator import generate
from graph.model.case import Case
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, cypher, open_store
from graph.store.config import Settings
from loaders.load import load_paths, read_all
from loaders.registry import discover

REPO = Path(__file__).resolve().parent.parent
BATCH = 10_000
#: Distinct entities ``dismark synth`` writes per unit of ``--scale`` (seed 1, 2008–2022):
#: 3,934 at scale 1, 15,765 at scale 4.
ENTITIES_PER_SCALE = 3_940
MEMORY_SHARES = (0.1, 0.3, 1.0)


def world(folder: Path, entities: int, seed: int = 1) -> list[Path]:
    """Synthetic case files holding about ``entities`` distinct entities; their paths."""
    generate(folder, seed=seed, scale=max(0.01, entities / ENTITIES_PER_SCALE))
    return discover([folder])


def open_bench_store(db: Path) -> GraphStore:
    return open_store(f"falkordb-lite:{db}", Settings())


def load_in_child(paths: list[Path], db: Path) -> dict[str, Any]:
    """Load ``paths`` into ``db`` in a fresh Python process: seconds, rows, peak RSS (MB)."""
    listing = db.with_suffix(".inputs")
    listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench.load", "--child", str(db), str(listing)],
                          cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the loader child failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _child(db: Path, listing: Path) -> None:
    """One load as ``dismark load`` runs it: counts only, no report kept per file, and no
    list of ``Path`` held here for the whole load (the loader keeps the names in its run
    record, ``loaders.run_record``)."""
    paths = map(Path, listing.read_text(encoding="utf-8").splitlines())
    store = open_bench_store(db)
    try:
        report = load_paths(store, paths, load_ontology(), keep_files=False)
    finally:
        store.close()
    if report.exit_code:
        raise SystemExit(f"load failed: {report.summary}")
    print(json.dumps({"seconds": report.seconds, "rows_written": report.rows_written,
                      "read_s": report.read_seconds, "write_s": report.write_seconds,
                      "summary": report.summary, "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (``VmHWM``). Not ``ru_maxrss``:
    Linux carries that over from the parent a child was forked from, across ``exec``."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status: peak memory needs Linux")


def profile(paths: list[Path], db: Path) -> str:
    """The loader's call tree on ``paths`` (pyinstrument, both threads), as text."""
    from pyinstrument import Profiler

    store = open_bench_store(db)
    profiler = Profiler(interval=0.001)
    try:
        store.ensure_schema(load_ontology())
        profiler.start()
        report = load_paths(store, paths, load_ontology())
        profiler.stop()
    finally:
        store.close()
    summary = (f"{report.rows_written:,} rows in {report.seconds:.1f} s: reading "
               f"{report.read_seconds:.1f} s, writing {report.write_seconds:.1f} s\n")
    return summary + profiler.output_text(unicode=False, color=False)


def distinct_rows(cases: list[Case], ontology: Ontology
                  ) -> tuple[dict[str, list[dict]], dict[tuple, list[dict]]]:
    """The distinct nodes (by label) and relationships (by type and end labels) ``cases``
    make, as the raw baseline writes them: every entity and case file, every link, and the
    ``MENTIONED_IN`` of each entity to each case file naming it (the loader's graph has
    them, so the baseline writes them too); a later case's properties win, as in the loader.
    """
    mentioned = set(cypher.entity_labels(ontology))
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)
    links: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for case in cases:
        nodes["CaseFile"].setdefault(case.id, {"id": case.id}).update(case.header)
        for e in case.entities.values():
            nodes[e.label].setdefault(e.id, {"id": e.id}).update(e.properties)
            if e.label in mentioned and e.id != case.id:
                mention = cypher.mention_id(e.id, case.id)
                links[("MENTIONED_IN", e.label, "CaseFile")][mention] = {
                    "s": e.id, "t": case.id, "p": {"id": mention}}
        for link in case.links.values():
            links[(link.type, link.source_label, link.target_label)][link.id] = {
                "s": link.source, "t": link.target, "p": {"id": link.id, **link.properties}}
    return ({k: list(v.values()) for k, v in nodes.items()},
            {k: list(v.values()) for k, v in links.items()})


def _batched(store: GraphStore, statement: str, rows: list[dict]) -> list[list]:
    out: list[list] = []
    for i in range(0, len(rows), BATCH):
        out += store.write(statement, {"rows": rows[i:i + BATCH]}).rows
    return out


def _written_by_property(store: GraphStore, nodes: dict, links: dict, node_write: str,
                         link_write: str) -> None:
    """Nodes, then relationships between nodes matched by indexed ``id``: ``node_write`` and
    ``link_write`` say how each row is written (``{label}``, ``{type}``: its label or type)."""
    for name, rows in nodes.items():
        _batched(store, "UNWIND $rows AS row " + node_write.replace("{label}", name), rows)
    for (name, source, target), rows in links.items():
        _batched(store, f"UNWIND $rows AS row MATCH (a:`{source}` {{id: row.s}}) "
                        f"MATCH (b:`{target}` {{id: row.t}}) "
                        + link_write.replace("{type}", name), rows)


def raw_by_property(store: GraphStore, nodes: dict, links: dict) -> None:
    _written_by_property(store, nodes, links, "CREATE (n:`{label}`) SET n = row",
                         "CREATE (a)-[r:`{type}`]->(b) SET r = row.p")


def merge_baseline(store: GraphStore, nodes: dict, links: dict) -> None:
    """The idempotent baseline: each row found by its ``id`` first, as a second run must."""
    _written_by_property(store, nodes, links, "MERGE (n:`{label}` {id: row.id}) SET n = row",
                         "MERGE (a)-[r:`{type}` {id: row.p.id}]->(b) SET r = row.p")


def raw_by_internal_id(store: GraphStore, nodes: dict, links: dict) -> None:
    """FalkorDB finds a node by its internal id with no index at all (NodeByIdSeek)."""
    internal: dict[str, int] = {}
    for name, rows in nodes.items():
        internal.update(_batched(store, f"UNWIND $rows AS row CREATE (n:`{name}`) SET n = row "
                                        "RETURN row.id, id(n)", rows))
    for (name, _, _), rows in links.items():
        by_id = [{"s": internal[r["s"]], "t": internal[r["t"]], "p": r["p"]} for r in rows]
        _batched(store, "UNWIND $rows AS row MATCH (a) WHERE id(a) = row.s "
                        "MATCH (b) WHERE id(b) = row.t "
                        f"CREATE (a)-[r:`{name}`]->(b) SET r = row.p", by_id)


def measure_raw(nodes: dict[str, list[dict]], links: dict[tuple, list[dict]],
                folder: Path) -> dict[str, Any]:
    """Both raw ways and the MERGE baseline, each in a fresh store (``id`` indexed as the
    loader's schema has it)."""
    rows = sum(map(len, nodes.values())) + sum(map(len, links.values()))
    out: dict[str, Any] = {"rows": rows}
    for name, write in (("by_property", raw_by_property), ("by_internal_id", raw_by_internal_id),
                        ("merge", merge_baseline)):
        store = open_bench_store(folder / f"raw-{name}.db")
        try:
            store.ensure_schema(load_ontology())
            out[f"{name}_s"] = timed(lambda w=write, s=store: w(s, nodes, links))[0]
        finally:
            store.close()
    out["fastest"] = min(("by_property", "by_internal_id"), key=lambda n: out[f"{n}_s"])
    out["seconds"] = out[f"{out['fastest']}_s"]
    out["rows_per_s"] = rows / out["seconds"]
    out["merge_vs_raw"] = out["seconds"] / out["merge_s"]
    return out


def run(entities: int, folder: Path) -> dict[str, Any]:
    """Every load figure for a world of about ``entities`` entities; leaves the loaded graph
    in ``folder / 'graph.db'`` for the query, export and view benchmarks."""
    paths = world(folder / "world", entities)
    ontology = load_ontology()
    read_check_s, (_, cases) = timed(lambda: read_all(paths, ontology))
    nodes, links = distinct_rows(cases, ontology)
    del cases
    raw = measure_raw(nodes, links, folder)
    entity_count = sum(map(len, nodes.values()))
    del nodes, links
    first = load_in_child(paths, folder / "graph.db")
    again = load_in_child(paths, folder / "graph.db")
    replaced = load_in_child([corrected(paths, folder / "corrected")], folder / "graph.db")
    memory = [{"share": share, "files": max(1, round(len(paths) * share))}
              for share in MEMORY_SHARES[:-1]]
    for i, point in enumerate(memory):
        child = load_in_child(paths[:point["files"]], folder / f"memory-{i}.db")
        point.update(peak_rss_mb=child["peak_rss_mb"], rows_written=child["rows_written"],
                     seconds=child["seconds"])
    memory.append({"share": 1.0, "files": len(paths), "peak_rss_mb": first["peak_rss_mb"],
                   "rows_written": first["rows_written"], "seconds": first["seconds"]})
    loader_rate = raw["rows"] / first["seconds"]
    server = embedded_server(folder / "graph.db")
    return {
        "files": len(paths), "entities": entity_count, "entities_and_links": raw["rows"],
        "first_load": {**first, "rows_per_s": loader_rate},
        # a loader that reads and checks its files in one thread cannot be faster than this
        "read_check": {"seconds": read_check_s,
                       "ceiling_vs_raw": raw["seconds"] / read_check_s},
        "reload": {**again, "ratio_to_first": again["seconds"] / first["seconds"]},
        # one case file sent again with other content: its earlier version is taken back
        # and the facts it stated are settled again from what the others say
        "replace_one": replaced,
        "raw_baseline": raw,
        "loader_vs_raw": loader_rate / raw["rows_per_s"],
        "loader_vs_merge": raw["merge_s"] / first["seconds"],
        "memory": memory,
        "memory_growth": first["peak_rss_mb"] / memory[0]["peak_rss_mb"],
        "server": server,
    }


def corrected(paths: list[Path], folder: Path) -> Path:
    """A copy of the world's first JSON dossier naming a person, with its title corrected and
    one person's birth date changed: the same case, other content."""
    for path in paths:
        if path.suffix != ".json":
            continue
        dossier = json.loads(path.read_text(encoding="utf-8"))
        people = [e for e in dossier["entities"]
                  if e.get("type") == "Person" and not e.get("reference")]
        if people:
            break
    else:
        raise RuntimeError("the world has no JSON dossier naming a person")
    dossier["case"]["title"] = f"{dossier['case'].get('title') or ''} (corrected)".strip()
    people[0].setdefault("properties", {})["birth_date"] = "1950-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    copy.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    return copy


def embedded_server(db: Path) -> dict[str, float]:
    """Start the embedded server on a loaded graph: seconds to answer, resident MB, and
    what it holds (the raw baseline wrote as many nodes and relationships)."""
    import psutil

    started = time.perf_counter()
    store = open_bench_store(db)
    try:
        nodes = store.read("MATCH (n) RETURN count(n)").scalar()
        seconds = time.perf_counter() - started
        rss = psutil.Process(store.server_pid()).memory_info().rss / 2**20
        relationships = store.read("MATCH ()-[r]->() RETURN count(r)").scalar()
    finally:
        store.close()
    return {"open_s": seconds, "rss_mb": rss, "nodes": nodes, "relationships": relationships}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000,
                        help="about how many distinct entities the generated files hold")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", action="store_true",
                        help="load once in this process under pyinstrument and print its "
                             "call tree instead of the figures")
    parser.add_argument("--child", nargs=2, metavar=("DB", "LISTING"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return
    import tempfile

    if args.profile:
        with tempfile.TemporaryDirectory() as tmp:
            print(profile(world(Path(tmp) / "world", args.entities), Path(tmp) / "graph.db"))
        return

    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.entities, Path(tmp))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    from bench.report import load_table

    print(load_table(result))


if __name__ == "__main__":
    main()
