"""The explorer's reads while a batch load runs: errors, consistency, latency, lost writes.

    python -m bench.load_held [--clients 4] [--base-scale 0.5] [--batch 200] [--json]

One run, all in fresh embedded stores under a temporary folder:

1. **Loader alone**: a base world (``dismark synth`` at ``--base-scale``; 0 = the demo case
   files) and then ``--batch`` new case files are loaded into store B by ``load_paths``, as
   ``dismark load`` does, with nothing else running: the loader's throughput alone, and
   the graph every later load of the same files must equal.
2. **Load held**: the same base goes into store A; ``--clients`` reader processes run the
   explorer's typical reads in a loop (network around busy persons at 1 and 2 hops, the
   search (reading its index, then searching), four saved queries, the overview's counts) for
   ``--idle`` seconds with no load (the baseline), then while the same batch loads into A,
   then ``--idle`` seconds after it (the same reads on the bigger graph). ``--probers``
   more processes run only the probe of the batch's case files, back to back: a client
   cycling through nine reads may by chance never read the batch while a write runs, and
   that read is the one the whole-or-nothing check is about.

Readers are processes, not threads: the loader (``dismark load``) and the explorer are
separate processes in use, and a thread per client would queue the clients' and the
loader's Python work on one interpreter lock, measuring that lock rather than the store.
Each process opens its own store connection (``open_store(url)``), joining A's server.
The batch files name busy persons of the base world (``reference: true``), so the load
writes into what the readers read, as new dossiers about known suspects do.

3. **Under attack**: step 2 again on fresh stores, ``--rounds`` times with ``--adversaries``
   more processes running the worst analyst queries on repeat through ``run_read_only`` (one
   that asks FalkorDB for 32 GB and aborts its server, and a CPU-heavy nested ``reduce``) and
   as many times without them, alternating which goes first: the medians of the loader's
   throughput and of the explorer's p95 with them against without them (one run of each
   differed by up to 2.6× either way on two shared cores). The adversaries'
   queries fail by design (``QueryAborted``, ``QueryTimeout``) and are counted, not errors.

Checks: no read or load errors; every read consistent (a person that existed before the
load is always found; counts never go down for a client; a case file of the batch is seen
with none or all of its entities, never part); no lost writes (A's counts per label and
type and its ledger of case files equal B's, and the ledger has every file of the batch by
its SHA-256).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import queue
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from bench.casegen import bulk_dossier
from bench.queries import busiest
from explorer.viewmodels.network import find_entities, network_around
from explorer.viewmodels.search import read_index, search
from generator import generate
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, open_store
from graph.store.config import Settings
from graph.store.runner import run_read_only
from graph.store.saved_queries import load_library, run_saved
from graph.store.stats import graph_stats
from loaders.ledger import check_files, ledger
from loaders.load import LoadReport, load_paths

REPO = Path(__file__).resolve().parent.parent
#: busy persons of the base world that readers look at and the batch names
BUSY = 5
PROVENANCE = "saved case-file-provenance"
STATS = "stats"
BATCH_PROBE = "probe: batch case files"
#: case files of the batch each probe looks at (a rotating slice: the probe is a full read)
PROBE_SLICE = 25
#: The batch case files asked for that are in the graph, with how many entities each names
#: and how many of their relationships it asserts: one read, so one moment of the graph.
_CASE_PARTS = """MATCH (c:CaseFile) WHERE c.id IN $ids
OPTIONAL MATCH (n)-[:MENTIONED_IN]->(c)
WITH c, count(n) AS named
OPTIONAL MATCH (c)<-[:MENTIONED_IN]-()-[r]->()
WHERE c.id IN r.sources AND type(r) <> 'MENTIONED_IN'
RETURN c.id, named, count(r)"""


# -- the batch --------------------------------------------------------------------------------

def held_dossier(case_id: str, persons: int, known: list[str], *, seed: int) -> dict:
    """A ``bulk_dossier`` that also names ``known`` persons (references) and contacts them."""
    dossier = bulk_dossier(case_id, persons, seed=seed)
    for j, person in enumerate(known):
        dossier["entities"].append({"type": "Person", "id": person, "reference": True})
        dossier["links"].append({"type": "CONTACT", "source": f"{case_id}-p-{j % persons}",
                                 "target": person, "id": f"{case_id}-k-{j}",
                                 "properties": {"kind": "meeting", "count": 1}})
    return dossier


def write_batch(folder: Path, files: int, persons: int, known: list[str]) -> list[Path]:
    """``files`` held dossiers as JSON, each naming three of ``known`` in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        named = [known[(n + k) % len(known)] for k in range(min(3, len(known)))]
        path = folder / f"held-{n:03d}.json"
        path.write_text(json.dumps(held_dossier(f"held-{n:03d}", persons, named, seed=n),
                                   ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def case_parts(store: GraphStore, cases: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Case id -> (entities named, relationships asserted) for the cases in the graph."""
    rows = store.read(_CASE_PARTS, {"ids": list(cases)}, max_rows=len(cases) + 1).rows
    return {case: (named, links) for case, named, links in rows}


# -- the readers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadPlan:
    """What every reader looks at: ids that exist before the load, the batch's case ids."""

    url: str
    busy: tuple[str, ...]
    words: tuple[str, ...]
    cases: tuple[str, ...]


@dataclass(frozen=True)
class Read:
    client: int
    kind: str
    #: ``time.monotonic()`` (one clock for all processes on Linux) at start and end
    start: float
    end: float
    error: str | None
    #: what the check needs: nodes found, (case, rows) or counts
    seen: Any


Reader = Callable[[GraphStore, ReadPlan, int], Any]


def _reads(ontology: Ontology) -> dict[str, Reader]:
    """The explorer's typical reads, each returning what the consistency check looks at."""
    library = load_library(ontology)

    def network(hops: int) -> Reader:
        def read(store: GraphStore, plan: ReadPlan, i: int) -> int:
            person = plan.busy[i % len(plan.busy)]
            net = network_around(store, person, hops, ontology=ontology)
            found = [n for n in net.nodes.values() if n.properties.get("id") == person]
            return len(net.nodes) if found else 0
        return read

    def saved(name: str, params: Callable[[ReadPlan, int], dict]) -> Reader:
        return lambda store, plan, i: len(run_saved(store, library.get(name),
                                                    params(plan, i)).rows)

    def provenance(store: GraphStore, plan: ReadPlan, i: int) -> tuple[str, int]:
        case = plan.cases[i % len(plan.cases)]
        return case, len(run_saved(store, library.get("case-file-provenance"),
                                   {"case": case}).rows)

    def counts(store: GraphStore, plan: ReadPlan, i: int) -> dict[str, int]:
        stats = graph_stats(store, ontology)
        return {**stats["nodes"], **{f"-{k}-": v for k, v in stats["relationships"].items()}}

    return {
        "network 1 hop": network(1),
        "network 2 hops": network(2),
        "search index": lambda store, plan, i: len(search(read_index(store, ontology),
                                                          plan.words[i % len(plan.words)]).matches),
        "saved network-around": saved("network-around",
                                      lambda p, i: {"id": p.busy[i % len(p.busy)]}),
        "saved shortest-path": saved("shortest-path", lambda p, i: {
            "from": p.busy[i % len(p.busy)], "to": p.busy[(i + 1) % len(p.busy)]}),
        "saved entity-timeline": saved("entity-timeline",
                                       lambda p, i: {"id": p.busy[i % len(p.busy)]}),
        PROVENANCE: provenance,
        STATS: counts,
        BATCH_PROBE: lambda store, plan, i: case_parts(store, tuple(
            plan.cases[(i * PROBE_SLICE + k) % len(plan.cases)]
            for k in range(min(PROBE_SLICE, len(plan.cases))))),
    }


def read_loop(plan: ReadPlan, client: int, go: Any, stop: Any, out: Any,
              only: str | None = None) -> None:
    """One client (a process of its own): says it is ready, waits for ``go``, then runs every
    read (or ``only`` that one) in turn until ``stop``, and sends its reads to ``out``."""
    try:
        store = open_store(plan.url, Settings())
        kinds = [(kind, read) for kind, read in _reads(load_ontology()).items()
                 if only in (None, kind)]
    except Exception as exc:  # the client could not start: say why, do not hang the run
        out.put((client, f"{type(exc).__name__}: {exc}"))
        return
    out.put((client, None))
    go.wait()
    reads: list[Read] = []
    i = client  # clients start at different reads
    while not stop.is_set():
        kind, run = kinds[i % len(kinds)]
        started, error, seen = time.monotonic(), None, None
        try:
            seen = run(store, plan, i // len(kinds))
        except Exception as exc:  # a reader error is a result, counted and reported
            error = f"{type(exc).__name__}: {exc}"
        reads.append(Read(client, kind, started, time.monotonic(), error, seen))
        i += 1
    store.close()
    out.put((client, reads))


#: The worst analyst queries: one aborts a FalkorDB server (32 GB at once), one burns CPU.
WORST = ("RETURN size(range(1, 2000000000))",
         "RETURN reduce(a = 0, i IN range(1, 20000) | a + reduce(b = 0, j IN range(1, 20000) "
         "| b + j))")


def attack_loop(url: str, client: int, go: Any, stop: Any, out: Any, timeout: float) -> None:
    """An adversary (a process of its own): the worst queries on repeat until ``stop``;
    sends how each ended (the error's class name) to ``out``."""
    try:
        store = open_store(url, Settings(read_only=True))
    except Exception as exc:
        out.put((client, f"{type(exc).__name__}: {exc}"))
        return
    out.put((client, None))
    go.wait()
    ended: list[str] = []
    while not stop.is_set():
        try:
            run_read_only(store, WORST[len(ended) % len(WORST)], timeout=timeout)
            ended.append("answered")
        except Exception as exc:  # the expected outcome: stopped or aborted
            ended.append(type(exc).__name__)
    store.close()
    out.put((client, ended))


# -- figures and checks -----------------------------------------------------------------------

def _latency(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"count": 0}
    return {"count": len(ms), "p50_ms": round(ms[len(ms) // 2], 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
            "max_ms": round(ms[-1], 1)}


def phase(read: Read, load_start: float, load_end: float) -> str:
    """idle (ended before the load), load (overlapped it) or after (started after it)."""
    if read.end <= load_start:
        return "idle"
    return "after" if read.start >= load_end else "load"


def latencies(reads: list[Read], load_start: float, load_end: float,
              writes: list[tuple[float, float]]) -> dict[str, dict]:
    """Per read kind: latency per phase (and of the reads that overlapped a write statement),
    errors, and the under-load / idle ratios."""
    out: dict[str, dict] = {}
    for kind in dict.fromkeys(r.kind for r in reads):
        mine = [r for r in reads if r.kind == kind]
        row: dict[str, Any] = {"errors": sum(r.error is not None for r in mine)}
        for name in ("idle", "load", "after"):
            row[name] = _latency([r.end - r.start for r in mine if r.error is None
                                  and phase(r, load_start, load_end) == name])
        row["in_write"] = _latency([r.end - r.start for r in mine if r.error is None and any(
            r.start < end and r.end > start for start, end in writes)])
        for q in ("p50_ms", "p95_ms"):  # under load / idle before, the figure asked for
            if q in row["idle"] and q in row["load"]:
                row[f"{q[:3]}_ratio"] = round(row["load"][q] / max(row["idle"][q], 0.1), 2)
        if "p50_ms" in row["load"] and "p50_ms" in row["after"]:  # the graph has grown by then
            row["p50_vs_after"] = round(row["load"]["p50_ms"] / max(row["after"]["p50_ms"], 0.1),
                                        2)
        out[kind] = row
    return out


def inconsistencies(reads: list[Read], rows: dict[str, int],
                    parts: dict[str, tuple[int, int]]) -> list[str]:
    """Reads that saw something no single moment of the graph had.

    A batch case file must be seen with none or all of what it holds: ``rows`` is its
    provenance rows once loaded, ``parts`` its entities and relationships (``case_parts``).
    A person that existed before the load must always be found, and a client's counts must
    never go down.
    """
    problems = []
    last: dict[int, dict[str, int]] = {}
    for r in sorted((r for r in reads if r.error is None), key=lambda r: r.start):
        if r.kind == PROVENANCE and r.seen[1] not in (0, rows[r.seen[0]]):
            problems.append(f"client {r.client} saw {r.seen[1]} of {rows[r.seen[0]]} "
                            f"rows of case file {r.seen[0]}")
        elif r.kind == BATCH_PROBE:
            problems += [f"client {r.client} saw case file {case} with {got} of {parts[case]} "
                         "(entities, relationships)"
                         for case, got in sorted(r.seen.items()) if got != parts[case]]
        elif r.kind.startswith("network") and not r.seen:
            problems.append(f"client {r.client}: {r.kind} lost its centre")
        elif r.kind == STATS:
            before = last.get(r.client, {})
            fell = sorted(k for k, v in before.items() if r.seen.get(k, 0) < v)
            if fell:
                problems.append(f"client {r.client} saw counts go down: {', '.join(fell)}")
            last[r.client] = r.seen
    return problems


def landed(store: GraphStore) -> dict[str, Any]:
    """What a load leaves: counts per label and type, and the ledger (case, file hash and
    content digest; not the load time, which differs between two loads of one file)."""
    ontology = load_ontology()
    return {"stats": graph_stats(store, ontology),
            "ledger": [(e.case_id, e.file_sha256, e.digest) for e in ledger(store, ontology)]}


# -- the run ----------------------------------------------------------------------------------

def _loaded(store: GraphStore, paths: list[Path]) -> LoadReport:
    report = load_paths(store, paths, load_ontology())
    if report.exit_code:
        raise RuntimeError(f"the load failed: {report.as_dict()['summary']}")
    return report


@contextlib.contextmanager
def _store(path: Path) -> Iterator[GraphStore]:
    store = open_store(f"falkordb-lite:{path}", Settings())
    try:
        yield store
    finally:
        store.close()


def _throughput(report: LoadReport) -> dict[str, float]:
    return {"rows": report.rows_written, "seconds": round(report.seconds, 2),
            "rows_per_second": round(report.rows_per_second)}


def _plan(store: GraphStore, url: str, cases: list[str]) -> ReadPlan:
    ontology = load_ontology()
    busy = busiest(store, ontology, "Person", BUSY)
    names = [str(n.properties.get("name", "")) for n in find_entities(store, busy, ontology)]
    words = tuple(dict.fromkeys(n.split()[-1].lower() for n in names if n))
    return ReadPlan(url, tuple(busy), words or ("a",), tuple(cases))


def _receive(out: Any, workers: list) -> dict[int, Any]:
    """One message from every reader; fails instead of hanging when a reader died."""
    got: dict[int, Any] = {}
    while len(got) < len(workers):
        try:
            client, message = out.get(timeout=2)
            got[client] = message
        except queue.Empty:
            if any(not workers[c].is_alive() for c in range(len(workers)) if c not in got):
                raise RuntimeError("a reader process died; run it alone to see why") from None
    return got


class WriteClock:
    """The loader's store, noting when each write statement ran: readers may wait on those."""

    def __init__(self, store: GraphStore):
        self.store, self.writes = store, []

    def write(self, text: str, params: Any = None) -> Any:
        started = time.monotonic()
        try:
            return self.store.write(text, params)
        finally:
            self.writes.append((started, time.monotonic()))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _held_load(store: GraphStore, plan: ReadPlan, batch: list[Path], clients: int,
               probers: int, idle: float, adversaries: int = 0, attack_timeout: float = 2.0
               ) -> tuple[LoadReport, list[Read], float, float, list, list[str]]:
    """Readers (and adversaries) idle, then during the load, then idle again; the load
    report, every read and how each adversary query ended."""
    spawn = multiprocessing.get_context("spawn")
    go, stop, out = spawn.Event(), spawn.Event(), spawn.Queue()
    workers = [spawn.Process(target=read_loop, daemon=True, args=(
        plan, c, go, stop, out, None if c < clients else BATCH_PROBE))
        for c in range(clients + probers)]
    workers += [spawn.Process(target=attack_loop, daemon=True, args=(
        plan.url, c, go, stop, out, attack_timeout))
        for c in range(clients + probers, clients + probers + adversaries)]
    for w in workers:
        w.start()
    try:
        failed = [m for m in _receive(out, workers).values() if m]
        if failed:
            raise RuntimeError(f"a reader could not start: {failed[0]}")
        go.set()
        time.sleep(idle)
        load_start = time.monotonic()
        clock = WriteClock(store)
        report = _loaded(clock, batch)
        load_end = time.monotonic()
        time.sleep(idle)
        stop.set()
        got = _receive(out, workers)
        reads = [r for c, m in got.items() if c < clients + probers for r in m]
        attacks = [e for c, m in got.items() if c >= clients + probers for e in m]
    finally:
        stop.set()
        go.set()
        for w in workers:
            w.join(timeout=30)
    return report, reads, load_start, load_end, clock.writes, attacks


def _p95(latency: dict[str, dict]) -> dict[str, float]:
    return {kind: row["load"].get("p95_ms", 0.0) for kind, row in latency.items()}


def run(folder: Path, base: list[Path], *, clients: int, batch: int, persons: int,
        idle: float, probers: int = 1, adversaries: int = 0, rounds: int = 3,
        fingerprint: Callable[[GraphStore], Any] | None = None) -> dict[str, Any]:
    """The whole benchmark in ``folder``; ``fingerprint`` (default: counts and ledger) is what
    must be equal between the held load and the load alone. With ``adversaries``, the held
    load runs ``rounds`` times more under attack and as often without (step 3)."""
    attacked = _attack(folder, base, clients=clients, batch=batch, persons=persons, idle=idle,
                       probers=probers, adversaries=adversaries,
                       rounds=rounds) if adversaries else None
    with _store(folder / "alone.db") as alone, _store(folder / "held.db") as held:
        _loaded(alone, base)
        _loaded(held, base)
        ids = [f"held-{n:03d}" for n in range(batch)]
        plan = _plan(held, held.url, ids)
        paths = write_batch(folder / "batch", batch, persons, list(plan.busy))
        report_alone = _loaded(alone, paths)
        library = load_library(load_ontology())
        rows = {c: len(run_saved(alone, library.get("case-file-provenance"), {"case": c}).rows)
                for c in ids}
        parts = case_parts(alone, tuple(ids))
        report, reads, load_start, load_end, writes, _ = _held_load(held, plan, paths, clients,
                                                                    probers, idle)
        same = (fingerprint or landed)(held) == (fingerprint or landed)(alone)
        in_graph = all(f.in_graph for f in check_files(held, paths, load_ontology()))
        nodes = sum(graph_stats(held, load_ontology())["nodes"].values())
    by_phase = {p: sum(phase(r, load_start, load_end) == p for r in reads)
                for p in ("idle", "load", "after")}
    return {
        "clients": clients, "probers": probers, "batch_files": batch, "nodes_after": nodes,
        "load_seconds": round(load_end - load_start, 2), "idle_seconds": idle,
        "loader_alone": _throughput(report_alone), "loader_with_readers": _throughput(report),
        "reads": {**by_phase, "errors": sum(r.error is not None for r in reads)},
        "errors": sorted({r.error for r in reads if r.error})[:10],
        "write_statements": [round(end - start, 2) for start, end in writes],
        "latency": latencies(reads, load_start, load_end, writes),
        "inconsistencies": inconsistencies(reads, rows, parts),
        "no_lost_writes": same and in_graph,
        **({"attack": attacked} if attacked else {}),
    }


def _attack(folder: Path, base: list[Path], *, clients: int, batch: int, persons: int,
            idle: float, probers: int, adversaries: int, rounds: int) -> dict[str, Any]:
    """Step 3: the held load on fresh stores, ``rounds`` times with ``adversaries`` running
    the worst queries and as often without, in alternating order (on two noisy cores one
    run of each says little): medians of the loader's throughput and of the readers' p95,
    and how the attacks ended."""
    runs: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for n in range(rounds):
        for attacked in ((True, False) if n % 2 == 0 else (False, True)):
            runs[attacked].append(_attack_round(
                folder / f"round-{n}-{'with' if attacked else 'without'}", base,
                clients=clients, batch=batch, persons=persons, idle=idle, probers=probers,
                adversaries=adversaries if attacked else 0))
    with_, without = runs[True], runs[False]
    rate = {k: [r["loader"]["rows_per_second"] for r in rs]
            for k, rs in (("with", with_), ("without", without))}
    return {"adversaries": adversaries, "rounds": rounds,
            "loader": {"rows": with_[0]["loader"]["rows"],
                       "rows_per_second": int(median(rate["with"]))},
            "loader_without": {"rows_per_second": int(median(rate["without"]))},
            "loader_rates": rate,
            "read_errors": sorted({e for r in with_ for e in r["read_errors"]})[:10],
            "p95_ms_with": _median_p95(with_), "p95_ms_without": _median_p95(without),
            "attacks": {kind: sum(r["attacks"].get(kind, 0) for r in with_)
                        for kind in sorted({k for r in with_ for k in r["attacks"]})},
            "store_server_survived": all(r["survived"] for r in with_)}


def _median_p95(runs: list[dict[str, Any]]) -> dict[str, float]:
    kinds = dict.fromkeys(k for r in runs for k in r["p95"])
    return {k: round(median(r["p95"][k] for r in runs if k in r["p95"]), 1) for k in kinds}


def _attack_round(folder: Path, base: list[Path], *, clients: int, batch: int, persons: int,
                  idle: float, probers: int, adversaries: int) -> dict[str, Any]:
    """One held load on a store of its own, with or without adversaries."""
    folder.mkdir(parents=True)
    with _store(folder / "store.db") as store:
        _loaded(store, base)
        plan = _plan(store, store.url, [f"held-{n:03d}" for n in range(batch)])
        paths = write_batch(folder / "batch", batch, persons, list(plan.busy))
        main_pid = getattr(store, "server_pid", lambda: None)()
        report, reads, start, end, writes, attacks = _held_load(
            store, plan, paths, clients, probers, idle, adversaries)
        survived = getattr(store, "server_pid", lambda: None)() == main_pid
    return {"loader": _throughput(report), "survived": survived,
            "read_errors": sorted({r.error for r in reads if r.error}),
            "p95": _p95(latencies(reads, start, end, writes)),
            "attacks": {kind: attacks.count(kind) for kind in set(attacks)}}


def base_paths(folder: Path, scale: float) -> list[Path]:
    """The base world: the demo case files at scale 0, else a generated world (seed 1)."""
    if scale <= 0:
        return [REPO / "data" / "demo"]
    generate(folder / "world", seed=1, scale=scale)
    return [folder / "world"]


def print_table(result: dict[str, Any]) -> None:
    alone, held = result["loader_alone"], result["loader_with_readers"]
    print(f"{result['clients']} reader processes and {result['probers']} prober"
          f"{'s' if result['probers'] != 1 else ''}; batch of "
          f"{result['batch_files']} case files ({held['rows']:,} rows); "
          f"{result['nodes_after']:,} nodes after")
    print(f"loader alone        {alone['seconds']:>7.2f} s {alone['rows_per_second']:>8,} rows/s")
    print(f"loader with readers {held['seconds']:>7.2f} s {held['rows_per_second']:>8,} rows/s "
          f"({held['rows_per_second'] / max(alone['rows_per_second'], 1):.2f} of alone)")
    writes = result["write_statements"]
    print(f"{len(writes)} write statements, longest {max(writes, default=0):.2f} s; "
          "latencies in ms; x = under load / idle; in write = reads overlapping a write")
    print(f"{'read':<27} {'idle n':>6} {'p50':>6} {'p95':>6} | {'load n':>6} {'p50':>6} "
          f"{'p95':>6} {'max':>6} {'err':>3} | {'x p50':>5} {'x p95':>5} | {'in write':>8} "
          f"{'max':>6} | {'after p50':>9}")
    for kind, row in result["latency"].items():
        i, lo, w = row["idle"], row["load"], row["in_write"]
        print(f"{kind:<27} {i['count']:>6} {i.get('p50_ms', '-'):>6} {i.get('p95_ms', '-'):>6} | "
              f"{lo['count']:>6} {lo.get('p50_ms', '-'):>6} {lo.get('p95_ms', '-'):>6} "
              f"{lo.get('max_ms', '-'):>6} {row['errors']:>3} | {row.get('p50_ratio', '-'):>5} "
              f"{row.get('p95_ratio', '-'):>5} | {w['count']:>8} {w.get('max_ms', '-'):>6} | "
              f"{row['after'].get('p50_ms', '-'):>9}")
    if "attack" in result:
        attack = result["attack"]
        print(f"under attack ({attack['adversaries']} adversaries: {attack['attacks']}), "
              f"medians of {attack['rounds']} rounds each way: loader "
              f"{attack['loader']['rows_per_second']:,} rows/s against "
              f"{attack['loader_without']['rows_per_second']:,} without "
              f"({attack['loader_rates']}); store server survived: "
              f"{attack['store_server_survived']}")
        print(f"{'read':<27} {'p95 without':>11} {'p95 with':>9}")
        for kind, without in attack["p95_ms_without"].items():
            print(f"{kind:<27} {without:>11} {attack['p95_ms_with'].get(kind, '-'):>9}")
    reads = result["reads"]
    print(f"reads: {reads['idle']} idle, {reads['load']} during the load, {reads['after']} "
          f"after; errors {reads['errors']}; inconsistent reads "
          f"{len(result['inconsistencies'])}; lost writes: "
          f"{'none' if result['no_lost_writes'] else 'YES'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4, help="reader processes")
    parser.add_argument("--probers", type=int, default=1,
                        help="processes that only probe the batch's case files")
    parser.add_argument("--base-scale", type=float, default=0.5,
                        help="synthetic world to start from (0: the demo case files)")
    parser.add_argument("--batch", type=int, default=200, help="case files in the batch")
    parser.add_argument("--persons", type=int, default=50,
                        help="persons per batch case file (about 5 rows each)")
    parser.add_argument("--idle", type=float, default=10.0,
                        help="seconds of reads before and after the load")
    parser.add_argument("--adversaries", type=int, default=1,
                        help="processes running the worst analyst queries (step 3; 0: skip)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="step 3's held loads with adversaries, and as many without")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(Path(tmp), base_paths(Path(tmp), args.base_scale), clients=args.clients,
                     probers=args.probers, batch=args.batch, persons=args.persons,
                     idle=args.idle, adversaries=args.adversaries, rounds=args.rounds)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print_table(result)
        for line in result["errors"] + result["inconsistencies"][:10]:
            print("  " + line)
    attack = result.get("attack", {"read_errors": [], "store_server_survived": True})
    return 0 if not result["reads"]["errors"] and not result["inconsistencies"] \
        and result["no_lost_writes"] and not attack["read_errors"] \
        and attack["store_server_survived"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
