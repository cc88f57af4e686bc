"""Load held: the explorer's reads from several client processes while a batch loads.

The slow test runs ``bench.load_held`` small (3 clients and a prober, 30 case files onto
the demo, and once more with an adversary running the worst analyst queries); ``pytest -s``
prints its latency table, and the figures are attached to the test report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphdump import dump

from bench.load_held import (
    BATCH_PROBE,
    PROVENANCE,
    STATS,
    Read,
    inconsistencies,
    phase,
    print_table,
    run,
)

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_explorer_reads_stay_whole_and_answered_while_a_batch_loads(tmp_path, record_property):
    result = run(tmp_path, [REPO / "data" / "demo"], clients=3, batch=30, persons=100, idle=2,
                 adversaries=1, rounds=1, fingerprint=dump)
    print()
    print_table(result)
    record_property("load_held", json.dumps({k: result[k] for k in (
        "clients", "probers", "reads", "loader_alone", "loader_with_readers", "write_statements",
        "latency", "attack")}))

    assert result["reads"]["errors"] == 0, result["errors"]
    # a person there before the load is always found, counts never go down for a client,
    # and a case file of the batch is seen with none or all of its entities
    assert result["inconsistencies"] == []
    # the graph read under load equals, node for node, the same load with no readers
    assert result["no_lost_writes"]
    # the readers really raced the load: every kind ran during it, some inside a write
    assert all(row["load"]["count"] for row in result["latency"].values()), result["latency"]
    assert sum(row["in_write"]["count"] for row in result["latency"].values()) >= 3
    assert result["latency"][BATCH_PROBE]["in_write"]["count"] >= 1
    # under attack by the worst analyst queries: the store's server never went down, every
    # explorer read was answered, and the attacks were stopped, not answered
    attack = result["attack"]
    assert attack["store_server_survived"] and attack["read_errors"] == []
    assert attack["attacks"] and set(attack["attacks"]) <= {"QueryAborted", "QueryTimeout"}
    assert attack["loader"]["rows"] == result["loader_with_readers"]["rows"]
    assert attack["p95_ms_without"] and set(attack["p95_ms_with"]) == set(
        attack["p95_ms_without"])


def _read(kind: str, seen, start: float, client: int = 0) -> Read:
    return Read(client, kind, start, start + 0.01, None, seen)


def test_the_check_catches_half_files_falling_counts_and_lost_entities():
    rows, parts = {"held-001": 41}, {"held-001": (40, 120), "held-002": (40, 118)}
    reads = [
        _read(PROVENANCE, ("held-001", 0), 1.0),    # not there yet: fine
        _read(PROVENANCE, ("held-001", 41), 2.0),   # whole: fine
        _read(PROVENANCE, ("held-001", 17), 3.0),   # part of the file
        _read(BATCH_PROBE, {}, 1.0),                # none loaded yet: fine
        _read(BATCH_PROBE, {"held-001": (40, 120), "held-002": (40, 60)}, 2.0),  # 002 half
        _read(STATS, {"Person": 10, "-CONTACT-": 4}, 1.0),
        _read(STATS, {"Person": 12, "-CONTACT-": 4}, 2.0),
        _read(STATS, {"Person": 9, "-CONTACT-": 4}, 3.0),          # went down
        _read(STATS, {"Person": 5, "-CONTACT-": 1}, 2.5, client=1),  # another client: own
        _read("network 2 hops", 0, 4.0),            # the centre was not found
        _read("network 1 hop", 12, 4.0),
    ]
    problems = inconsistencies(reads, rows, parts)
    assert len(problems) == 4, problems
    assert "held-002 with (40, 60) of (40, 118)" in problems[0]
    assert "17 of 41 rows of case file held-001" in problems[1]
    assert "counts go down: Person" in problems[2]
    assert "network 2 hops lost its centre" in problems[3]


def test_reads_are_placed_before_during_or_after_the_load():
    assert phase(_read(STATS, {}, 1.0), 2.0, 5.0) == "idle"
    assert phase(_read(STATS, {}, 1.995), 2.0, 5.0) == "load"   # ends inside it
    assert phase(_read(STATS, {}, 3.0), 2.0, 5.0) == "load"
    assert phase(_read(STATS, {}, 5.0), 2.0, 5.0) == "after"
