"""The smoke size of ``dismark eval displacement``: one enforcement-only world, judged with its
effort figures and without, as the full evaluation judges every family."""

from __future__ import annotations

import pytest

from evaluation.displacement import evaluate, format_table


@pytest.fixture(scope="module")
def enforcement_only():
    return evaluate(["enforcement"], [1], scale=3.0)


def test_an_enforcement_only_world_raises_no_strong_alarm_and_is_flagged_without_effort(
        enforcement_only):
    used = enforcement_only["tallies"]["enforcement (effort figures used)"]
    ignored = enforcement_only["tallies"]["enforcement (no effort figures)"]
    assert used.judged == ignored.judged == 6
    assert used.strong_false_alarms == ignored.strong_false_alarms == 0
    assert used.wrong <= 1  # the bound: at most 1 false alarm in 18 with effort figures
    assert ignored.flagged == 6  # every row says it may be the police's doing
    assert all(r["effort_used"] for r in used.rows)
    assert not any(r["effort_used"] for r in ignored.rows)
    assert all(r["effort_notes"] for r in ignored.rows)


def test_the_table_says_what_its_columns_count(enforcement_only):
    table = format_table(enforcement_only, 3.0, [1], 0.15)
    assert "(1 seed: 1; scale 3 unless said; 15% noise)" in table
    assert "enforcement (no effort figures)" in table
    assert "over none, shift, expansion, enforcement: right " in table
    assert "strong FA: a wrong call labelled strong" in " ".join(table.split())
