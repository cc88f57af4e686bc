"""The dismark command as a user runs it: help everywhere, exit codes, JSON shapes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import REPO, embedded_url
from dossiers import BROKEN, plantation_case, write

from cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert len(main.commands[command].help or "") > 20, f"{command} needs a real docstring"


def test_loading_the_demo_twice_gives_identical_stats(run, ontology):
    first = run("load", REPO / "data" / "demo")
    assert first.exit_code == 0, first.output
    stats = run("stats", "--json")
    again = run("load", REPO / "data" / "demo", "--json")
    assert again.exit_code == 0
    assert json.loads(again.output)["summary"]["loaded"] == 0
    assert run("stats", "--json").output == stats.output
    counts = json.loads(stats.output)
    assert set(counts) == {"nodes", "relationships"}
    assert set(counts["nodes"]) == set(ontology.nodes)
    assert set(counts["relationships"]) == set(ontology.relationships)
    empty = [name for section in counts.values() for name, n in section.items() if n == 0]
    # SAME_AS comes from `dismark resolve`, not from loading (tests/test_resolution.py)
    assert empty == ["SAME_AS"], f"the demo should show every type; missing {empty}"


def test_a_store_lost_half_way_still_prints_json_that_parses(run, monkeypatch):
    """The files written before the store went away are listed, then the error; exit 1."""
    from cli import base
    from graph.errors import StoreError
    from graph.model.ontology import load_ontology
    from graph.store import cypher

    opened, look_up = base.connect, cypher.ledger_query(load_ontology())

    def failing_after_first_batch(url, **kwargs):
        store, reads = opened(url, **kwargs), []
        real_read = store.read

        def read(text, *args, **kw):
            reads.append(text)
            if reads.count(look_up) > 1:  # the second batch's ledger look-up
                raise StoreError("connection lost")
            return real_read(text, *args, **kw)

        store.read = read
        return store

    monkeypatch.setattr(base, "connect", failing_after_first_batch)
    monkeypatch.setattr("loaders.load.BATCH_CASES", 5)
    result = CliRunner().invoke(main, ["load", str(REPO / "data" / "demo"), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["error"] == "connection lost" and "summary" not in document
    assert [f["status"] for f in document["files"]] == ["loaded"] * 5
    assert "error: connection lost" in result.stderr


def test_bad_input_exits_2_and_leaves_the_graph_unchanged(run, tmp_path):
    """A broken date, an unknown type and a dangling link: three precise errors."""
    run("load", write(tmp_path / "in", "good.yaml", plantation_case()))
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    before = run("stats", "--json").output
    result = run("load", path)
    assert result.exit_code == 2
    assert f"{path}:5: case.opened_on: expected a date as YYYY-MM-DD" in result.output
    assert f"{path}:12: entities[1].type: unknown entity type 'Submarine'" in result.output
    assert f"{path}:17: links[0].target: unknown entity 'p-404'" in result.output
    assert run("stats", "--json").output == before


def test_wipe_asks_for_confirmation(run, tmp_path):
    run("load", write(tmp_path / "in", "a.yaml", plantation_case()))
    refused = CliRunner().invoke(main, ["wipe"])
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert run("wipe", "--yes").exit_code == 0
    assert sum(json.loads(run("stats", "--json").output)["nodes"].values()) == 0


def test_an_unknown_store_is_a_clear_error(run):
    result = CliRunner().invoke(main, ["stats", "--store", "mysql://db"])
    assert result.exit_code == 1
    assert "store URL 'mysql://db' is not understood" in result.output


def test_docs_check_passes_on_the_committed_docs(run):
    result = run("docs", "--check", "--dir", REPO / "docs")
    assert result.exit_code == 0, result.output


def test_cypher_refuses_writes_with_exit_3(run, tmp_path):
    run("load", write(tmp_path / "in", "a.yaml", plantation_case()))
    refused = run("cypher", "MATCH (n) DETACH DELETE n")
    assert refused.exit_code == 3 and "DETACH" in refused.output
    answer = run("cypher", "MATCH (p:Person {id: $id}) RETURN p.name", "-p", "id=p-vos",
                 "--format", "json")
    assert answer.exit_code == 0 and json.loads(answer.output) == [{"p.name": "Jeroen Vos"}]
