"""``make bench`` at smoke size on every ``make test``, so the benchmark never rots.

The full run (``python -m bench``, 100,000 entities) takes ten minutes and is not part of
the suite; this runs the same code on a tiny world and checks that every section measured
what it says, with each figure beside its same-run baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO, embedded_url

from bench import explorer
from graph.model.ontology import load_ontology
from graph.store import open_store
from graph.store.config import Settings
from graph.store.saved_queries import load_library
from loaders.load import load_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> tuple[dict, str]:
    """One smoke run: its ``results.json`` and the table it printed."""
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


@pytest.fixture(scope="module")
def results(smoke) -> dict:
    return smoke[0]


def test_the_load_is_measured_against_a_raw_baseline_of_the_same_rows(results):
    load = results["load"]
    assert load["first_load"]["summary"]["loaded"] == load["files"] > 100
    assert load["replace_one"]["summary"]["updated"] == 1, "the corrected copy replaced its case"
    assert load["first_load"]["rows_written"] > load["entities_and_links"] > load["entities"]
    raw, first = load["raw_baseline"], load["first_load"]
    assert raw["rows"] == load["entities_and_links"]
    # the baseline writes the graph the loader made, MENTIONED_IN included
    assert raw["rows"] == load["server"]["nodes"] + load["server"]["relationships"]
    # Each figure is a timing of its own, taken one after the other inside the load
    # section: none is missing or reused for another, and together they fit in the
    # section's wall-clock time (a figure in the wrong unit, or not timed in this run,
    # would not).
    timings = {"raw by property": raw["by_property_s"],
               "raw by internal id": raw["by_internal_id_s"], "MERGE": raw["merge_s"],
               "reading and checking": load["read_check"]["seconds"],
               "first load": first["seconds"], "re-load": load["reload"]["seconds"],
               "replacing one case file": load["replace_one"]["seconds"],
               **{f"load of {m['share']:.0%} of the files": m["seconds"]
                  for m in load["memory"][:-1]},
               "server start": load["server"]["open_s"]}
    assert all(seconds > 0 for seconds in timings.values()), timings
    assert len(set(timings.values())) == len(timings), f"a timing reported twice: {timings}"
    assert sum(timings.values()) <= results["seconds"]["load"] + 0.05, timings
    # the baseline is the faster raw way, and says which
    assert raw["seconds"] == raw[f"{raw['fastest']}_s"] == min(raw["by_property_s"],
                                                                 raw["by_internal_id_s"])
    # Every ratio from the measured seconds: the loader's rate and the baseline's count the
    # same rows, the graph's (not the loader's rows_written), so loader / raw is the raw
    # baseline's seconds over the first load's.
    rows = load["entities_and_links"]
    assert first["rows_per_s"] == pytest.approx(rows / first["seconds"])
    assert raw["rows_per_s"] == pytest.approx(rows / raw["seconds"])
    assert load["loader_vs_raw"] == pytest.approx(raw["seconds"] / first["seconds"])
    assert load["read_check"]["ceiling_vs_raw"] == pytest.approx(
        raw["seconds"] / load["read_check"]["seconds"])
    assert raw["merge_vs_raw"] == pytest.approx(raw["seconds"] / raw["merge_s"])
    assert load["loader_vs_merge"] == pytest.approx(raw["merge_s"] / first["seconds"])
    assert load["memory_growth"] == pytest.approx(
        first["peak_rss_mb"] / load["memory"][0]["peak_rss_mb"])


def test_each_target_is_judged_on_its_own_figure_and_printed_as_judged(smoke):
    results, printed = smoke
    load, view = results["load"], results["neighbourhood"]
    figures = {"loader / raw baseline, first load": load["loader_vs_raw"],
               "re-load time / first load time": load["reload"]["ratio_to_first"],
               "loader peak RSS, all files / 10 % of them": load["memory_growth"],
               "replacing one case file": load["replace_one"]["seconds"],
               f"neighbourhood view ({view['nodes']} nodes), server": view["total_s"],
               **{f"query {name} p95": q["p95_ms"]
                  for name, q in results["queries"]["queries"].items()}}
    targets = {t["target"]: t for t in results["targets"]}
    assert set(figures) <= set(targets)
    for name, figure in figures.items():
        assert targets[name]["value"] == figure, name
    lines = printed.splitlines()
    for name, t in targets.items():
        met = t["value"] is not None and (t["value"] >= t["limit"] if t["rule"] == ">="
                                          else t["value"] < t["limit"])
        assert t["met"] is met, name
        verdict = f"  {'met ' if met else 'MISS'} {name}: "
        assert sum(line.startswith(verdict) for line in lines) == 1, (verdict, printed)
    # the load table printed is this run's
    assert f"  loader / raw {load['loader_vs_raw']:.2f}" in lines
    assert f"  re-load      {load['reload']['seconds']:8.1f} s  = " \
           f"{load['reload']['ratio_to_first']:.2f} x first" in lines


def test_the_reload_writes_nothing_and_memory_is_measured_as_input_grows(results):
    load = results["load"]
    again = load["reload"]
    assert again["rows_written"] == 0
    assert again["summary"]["unchanged"] == load["files"]
    assert again["ratio_to_first"] == pytest.approx(
        again["seconds"] / load["first_load"]["seconds"])
    files = [point["files"] for point in load["memory"]]
    assert files == sorted(files) and files[-1] == load["files"]
    assert all(point["peak_rss_mb"] > 20 for point in load["memory"])


def test_every_saved_query_is_timed_without_error(results):
    names = set(load_library(load_ontology()).queries)
    timed = results["queries"]["queries"]
    assert set(timed) == names
    for name, q in timed.items():
        assert "error" not in q, name
        assert 0 < q["p50_ms"] <= q["p95_ms"], name
    assert {t["target"] for t in results["targets"]} >= {f"query {n} p95" for n in names}
    scan = results["queries"]["scan_baseline"]
    assert scan["relationships"] > 0 and 0 < scan["p50_ms"] <= scan["p95_ms"]


def test_export_view_metrics_and_drawing_have_their_baselines(results):
    assert results["export"]["edges"] > 0 and results["export"]["baseline_rows"] > 0
    view = results["neighbourhood"]
    assert view["nodes"] > 1 and view["total_s"] == pytest.approx(
        view["query_s"] + view["page_s"])
    measures = results["metrics"]["measures"]
    assert {"degree", "pagerank", "louvain"} <= set(measures)
    drawn = results["explorer"]["100"]
    assert drawn["server_s"] > 0 and drawn["browser_ms"] > 0 and drawn["raw_json_s"] > 0
    assert all(isinstance(t["met"], bool) for t in results["targets"])


def test_the_load_profile_names_where_the_time_went():
    done = subprocess.run([sys.executable, "-m", "bench.load", "--entities", "300",
                           "--profile"], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    first = done.stdout.splitlines()[0]
    assert " rows in " in first and "reading" in first and "writing" in first
    assert "load_paths" in done.stdout and "read_dossier" in done.stdout


def test_the_server_profile_splits_a_batch_into_its_operators():
    done = subprocess.run([sys.executable, "-m", "bench.server_profile", "--entities", "300",
                           "--at", "0,0.5", "--top", "3"], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    headers = [line for line in lines if " on the server, its operators " in line]
    assert headers[0].startswith("after 0 files")
    assert len(headers) == 2 and len(lines) == 2 + 2 * 3
    assert any("Merge" in line for line in lines)


def test_profile_lines_are_read_as_operators_with_their_own_times():
    from bench.server_profile import operators

    found = operators([
        "Results | Records produced: 1, Execution time: 0.001642 ms",
        "    Aggregate | Records produced: 14127, Execution time: 29.576447 ms",
        "        Conditional Traverse | (p)->(p) | Records produced: 20667, "
        "Execution time: 43.345831 ms",
        "            Node By Label Scan | (ph:Phone) | Records produced: 17211, "
        "Execution time: 1.400099 ms"])
    assert [(op["operator"], op["args"], op["records"]) for op in found] == [
        ("Results", "", 1), ("Aggregate", "", 14127),
        ("Conditional Traverse", "(p)->(p)", 20667), ("Node By Label Scan", "(ph:Phone)", 17211)]
    assert sum(op["ms"] for op in found) == pytest.approx(74.324034)


def test_the_two_hop_view_is_timed_on_a_graph_already_loaded(tmp_path, capsys):
    url = embedded_url(tmp_path / "graph")
    store = open_store(url, Settings())
    try:
        load_paths(store, [REPO / "data" / "demo"], load_ontology())
    finally:
        store.close()
    assert explorer.main(["--store", url, "--runs", "1"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["nodes"] > 1 and view["relationships"] > 0
    assert view["total_s"] == pytest.approx(view["query_s"] + view["page_s"])
