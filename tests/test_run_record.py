"""A load run's bookkeeping: inputs once each in the order given, case ids claimed once, and
no Python objects kept per file (the reason it lives in SQLite)."""

from __future__ import annotations

import tracemalloc

from loaders.run_record import RunRecord


def test_each_input_once_where_first_named():
    names = ["in/b.yaml", "in/a.yaml", "in/b.yaml", "other.json", "in/a.yaml"]
    with RunRecord(names) as record:
        assert record.count == 3
        assert list(record.inputs()) == [(1, "in/b.yaml"), (2, "in/a.yaml"), (3, "other.json")]


def test_inputs_come_in_chunks_without_gaps_or_repeats():
    names = [f"in/{i:05d}.yaml" for i in range(2_500)]
    with RunRecord(names) as record:
        assert [name for _, name in record.inputs()] == names


def test_a_case_claimed_twice_names_the_first_input_and_a_refused_claim_takes_nothing():
    with RunRecord(["a.yaml", "b.yaml", "c.yaml"]) as record:
        assert record.claim(1, ["case-1", "case-2"]) == {}
        # b claims case-2 again (refused) and case-3: case-3 stays free, b fails whole
        assert record.claim(2, ["case-2", "case-3"]) == {"case-2": "a.yaml"}
        assert record.claim(3, ["case-3"]) == {}
        assert record.claim(3, ["case-1"]) == {"case-1": "a.yaml"}


def test_the_run_keeps_no_python_objects_per_file():
    """A hundred thousand files and their case ids, and the Python heap holds next to
    nothing more (held as a list of names and a map of ids, they took 21 MB)."""
    files = 100_000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        with RunRecord(f"cases/{i // 1000}/be-2016-lim-{i:06d}.yaml" for i in range(files)
                       ) as record:
            for number, name in record.inputs():
                assert record.claim(number, [name.rsplit("/", 1)[1][:-5]]) == {}
            held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert record.count == files
    assert held < 1_000_000, f"{held:,} bytes of Python objects for {files:,} files"
