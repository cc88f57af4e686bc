"""Where the database spends a load batch's time, and how that changes as the graph grows.

    python -m bench.server_profile [--entities 100000] [--at 0,0.9] [--top 8]

Generates a world (as ``bench.load``), loads the first share of its files (``--at``, each
share into a fresh embedded store), then sends the loader's statement for the next batch
with ``GRAPH.PROFILE`` and once more, the same statement on an identical store, as a plain
query. It prints the server's own time for the statement beside the time its plan's
operators report (``GRAPH.PROFILE`` times are per operator, not including the operators
below), and the operators that took longest. What the operators do not account for is the
statement's parsing and the commit: FalkorDB's upkeep of its matrices and indexes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.load import open_bench_store, world
from graph.model.ontology import load_ontology
from graph.store import cypher
from loaders.load import batches, load_paths, read_all

_OPERATOR = re.compile(r"^(?P<indent> *)(?P<name>[^|]+?)(?: \| (?P<args>.*?))? \| "
                       r"Records produced: (?P<records>\d+), Execution time: (?P<ms>[\d.]+) ms$")


def operators(profile: list[str]) -> list[dict[str, Any]]:
    """The lines of a ``GRAPH.PROFILE`` answer as operators: name, arguments, rows, ms."""
    found = []
    for line in profile:
        match = _OPERATOR.match(line if isinstance(line, str) else line.decode())
        if match:
            found.append({"operator": match["name"].strip(), "args": match["args"] or "",
                          "records": int(match["records"]), "ms": float(match["ms"])})
    return found


def _server_ms(answer: list) -> float:
    for stat in answer[-1]:
        text = stat if isinstance(stat, str) else stat.decode()
        if text.startswith("Query internal execution time"):
            return float(text.split(":")[1].split()[0])
    raise RuntimeError(f"no execution time in FalkorDB's answer: {answer[-1]}")


def profile_at(paths: list[Path], share: float, folder: Path, top: int) -> dict[str, Any]:
    """Load ``share`` of ``paths``, then profile the next batch's statement."""
    ontology = load_ontology()
    cut = round(len(paths) * share)
    batch = next(batches(read_all(paths[cut:cut + 2_000], ontology)[1]))
    statement = cypher.cases_statement(ontology, batch, loaded_at="2026-01-01T00:00:00")
    result: dict[str, Any] = {"share": share, "files_loaded": cut, "cases": len(batch)}
    for run in ("profile", "query"):
        db = folder / f"at-{share}-{run}" / "graph.db"
        db.parent.mkdir(parents=True)
        store = open_bench_store(db)
        try:
            load_paths(store, paths[:cut], ontology, keep_files=False)
            full, _ = store.prepare(*statement)  # the text the loader sends
            command = "GRAPH.PROFILE" if run == "profile" else "GRAPH.QUERY"
            answer = store.connection().execute_command(command, store.settings.graph_name,
                                                        full)
        finally:
            store.close()
        shutil.rmtree(db.parent)
        if run == "profile":
            ops = operators(answer)
            result["operators_ms"] = sum(op["ms"] for op in ops)
            result["top"] = sorted(ops, key=lambda op: -op["ms"])[:top]
        else:
            result["statement_ms"] = _server_ms(answer)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server_profile",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--at", default="0,0.9",
                        help="shares of the files loaded before the profiled batch")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    shares = [float(s) for s in args.at.split(",")]
    if not all(0 <= s < 1 for s in shares):
        parser.error("--at takes shares from 0 up to (not including) 1, such as 0,0.9")
    with tempfile.TemporaryDirectory() as tmp:
        paths = world(Path(tmp) / "world", args.entities)
        for share in shares:
            found = profile_at(paths, share, Path(tmp), args.top)
            print(f"after {found['files_loaded']:,} files: a batch of {found['cases']} cases "
                  f"took {found['statement_ms']:.0f} ms on the server, its operators "
                  f"{found['operators_ms']:.0f} ms")
            for op in found["top"]:
                print(f"  {op['ms']:8.1f} ms {op['records']:>7,} rows  {op['operator']} "
                      f"{op['args']}")


if __name__ == "__main__":
    main()
