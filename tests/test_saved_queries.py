"""The saved query library: its registry's checks, parameter typing, the CLI and the docs.

What each query answers on the demo graph is tested in ``test_queries_*.py``.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import REPO, embedded_url

from cli import main
from explorer.viewmodels.network import subgraph_of
from graph.errors import InvalidInput
from graph.store.docs import queries_markdown
from graph.store.saved_queries import QUERIES_DIR, load_library, parse_query, run_saved

#: The study's Table 1: every market × echelon it judged (docs/study.md).
TABLE_1 = {("cannabis", "production"), ("cannabis", "retail"), ("synthetic", "production"),
           ("synthetic", "retail"), ("cocaine", "middle_market"), ("cocaine", "retail")}

GOOD = """\
// title: Plantations of a country
// group: indicator
// description: Dismantled plantations of one country.
// tags: {market: cannabis, echelon: production, audience: analyst}
// returns: table
// params:
//   country: {type: country, default: BE, description: Where the plantations are.}
//   min_plants: {type: integer, default: 0, min: 0, description: Smallest size counted.}
MATCH (p:Plantation)
WHERE p.country = $country AND p.plant_count >= $min_plants
RETURN p.id AS plantation ORDER BY plantation
"""


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path, ontology, text) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_query(text, write(tmp_path, "q", text), ontology)
    return str(caught.value)


def test_the_library_is_complete(library):
    assert len(library.queries) >= 25
    assert {q.group for q in library.queries.values()} == {"indicator", "investigation",
                                                            "cooperation"}
    covered = {(m, e) for q in library.queries.values() if q.group == "indicator"
               for m in q.tags["market"] for e in q.tags["echelon"]}
    assert covered >= TABLE_1, f"Table 1 rows without an indicator: {TABLE_1 - covered}"


def test_every_query_has_a_test_of_its_answer(library):
    """Each query is run by name in a test that checks its answer on the demo graph."""
    tests = "".join(p.read_text(encoding="utf-8")
                    for p in (REPO / "tests").glob("test_*.py"))
    untested = [name for name in library.queries
                if not re.search(rf"\b(run_query|run_small|run)\(\s*[\"']{re.escape(name)}[\"']",
                                 tests)]
    assert not untested, f"saved queries without a test of their answer: {untested}"


def test_docs_are_generated_from_the_headers(library):
    current = (REPO / "docs" / "queries.md").read_text(encoding="utf-8")
    assert current == queries_markdown(library), "docs/queries.md is stale: run `dismark docs`"


def test_a_good_query_is_read_with_its_typed_parameters(tmp_path, ontology):
    query = parse_query(GOOD, write(tmp_path, "plantations", GOOD), ontology)
    assert (query.name, query.group, query.returns) == ("plantations", "indicator", "table")
    assert query.tags == {"market": ("cannabis",), "echelon": ("production",),
                          "audience": ("analyst",)}
    assert query.cypher.startswith("MATCH (p:Plantation)")
    assert query.bind({}) == {"country": "BE", "min_plants": 0}
    assert query.bind({"country": "NL", "min_plants": "500"}, from_text=True) == \
        {"country": "NL", "min_plants": 500}


def test_declared_and_used_parameters_must_match(tmp_path, ontology):
    text = GOOD.replace("p.plant_count >= $min_plants", "p.plant_count >= $minimum")
    message = refusal(tmp_path, ontology, text)
    assert "declared and used parameters differ" in message
    assert "declared but not used: $min_plants" in message
    assert "used but not declared: $minimum" in message


def test_parameters_in_strings_and_comments_do_not_count(tmp_path, ontology):
    text = GOOD.replace("RETURN p.id", "// $ghost in a comment\nRETURN '$not_a_param' + p.id")
    assert parse_query(text, write(tmp_path, "q", text), ontology).params.keys() == \
        {"country", "min_plants"}


@pytest.mark.parametrize(("change", "expected"), [
    (("// title: Plantations of a country\n", ""), "q.cypher:1: title: expected a non-empty"),
    (("group: indicator", "group: gossip"), "q.cypher:2: group: expected one of indicator"),
    (("returns: table", "returns: chart"), "q.cypher:5: returns: expected one of table"),
    (("market: cannabis", "market: heroin"), "q.cypher:4: tags.market: expected one or a list"),
    (("{type: country, default: BE,", "{type: colour, default: BE,"),
     "q.cypher:7: params.country.type: expected one of string"),
    (("default: 0, min: 0", "default: -5, min: 0"),
     "q.cypher:8: params.min_plants.default: expected at least 0, got -5"),
    (("description: Where the plantations are.", "descr: Where."),
     "q.cypher:7: params.country.descr: unknown key"),
    (("(p:Plantation)", "(p:Plantage)"), "q.cypher:9: node label 'Plantage' is not in the"),
    (("RETURN p.id", "MATCH (p)-[:GROWS|OPERATES]-() RETURN p.id"),
     "relationship type 'GROWS' is not in the ontology"),
    (("RETURN p.id AS plantation ORDER BY plantation", "DETACH DELETE p"),
     "q.cypher:9: refused before it ran: DETACH"),
    (("MATCH (p:Plantation)\n", "// a note\nMATCH (p:Plantation)\n"),
     "q.cypher:9: not valid YAML/JSON"),
])
def test_a_wrong_query_file_is_refused_with_its_line(tmp_path, ontology, change, expected):
    text = GOOD.replace(*change)
    assert text != GOOD
    assert expected in refusal(tmp_path, ontology, text)


def test_comments_after_a_blank_line_belong_to_the_cypher(tmp_path, ontology):
    text = GOOD.replace("MATCH (p:Plantation)\n", "\n// a note\nMATCH (p:Plantation)\n")
    query = parse_query(text, write(tmp_path, "q", text), ontology)
    assert query.cypher.startswith("// a note\nMATCH (p:Plantation)")


def test_a_file_without_a_header_is_refused(tmp_path, ontology):
    assert "expected a header of `//` comment lines" in \
        refusal(tmp_path, ontology, "MATCH (n) RETURN n")


def test_one_refused_file_does_not_hide_the_others(tmp_path, ontology):
    write(tmp_path, "good", GOOD)
    write(tmp_path, "bad", GOOD.replace("$min_plants", "$other", 1))
    library = load_library(ontology, tmp_path)
    assert list(library.queries) == ["good"]
    with pytest.raises(InvalidInput, match=r"bad\.cypher.*declared and used parameters differ"):
        library.get("bad")
    with pytest.raises(InvalidInput, match="nothing: no saved query has this name"):
        library.get("nothing")


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "Belgium"}, "country: expected a two-letter ISO country code"),
    ({"min_plants": "many"}, "min_plants: expected a whole number, got 'many'"),
    ({"min_plants": "-1"}, "min_plants: expected at least 0, got -1"),
    ({"plants": "5"}, "plants: no such parameter (this query takes $country, $min_plants)"),
])
def test_parameters_are_type_checked_with_clear_errors(tmp_path, ontology, params, expected):
    query = parse_query(GOOD, write(tmp_path, "plantations", GOOD), ontology)
    with pytest.raises(InvalidInput) as caught:
        query.bind(params, from_text=True)
    assert f"query plantations: {expected}" in str(caught.value)


def test_enum_lists_and_required_ids(library):
    query = library.get("network-around")
    with pytest.raises(InvalidInput, match=r"id: is required \(expected id"):
        query.bind({})
    with pytest.raises(InvalidInput, match=r"types: expected one of Person.*got 'Submarine'"):
        query.bind({"id": "x", "types": "Person,Submarine"}, from_text=True)
    assert query.bind({"id": "x", "types": '["Person", "Phone"]'}, from_text=True)["types"] \
        == ["Person", "Phone"]
    assert query.bind({"id": "x", "types": "Person, Phone"}, from_text=True)["types"] \
        == ["Person", "Phone"]


def test_subgraph_queries_give_a_drawable_network(demo_store, library):
    result = run_saved(demo_store, library.get("network-around"),
                       {"id": "person-jeroen-vos", "hops": 1})
    network = subgraph_of(result)
    ids = {n.properties["id"] for n in network.nodes.values()}
    assert "person-jeroen-vos" in ids and "org-kempen-crew" in ids
    assert network.relationships
    assert all(r.start in network.nodes and r.end in network.nodes
               for r in network.relationships)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path))
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    assert run("load", REPO / "data" / "demo").exit_code == 0
    return run


def test_cli_lists_shows_and_runs_queries(cli, library):
    listed = cli("query", "list", "--json")
    assert listed.exit_code == 0
    assert [q["name"] for q in json.loads(listed.output)] == sorted(library.queries)
    cocaine = json.loads(cli("query", "list", "--market", "cocaine", "--json").output)
    assert cocaine and all({"cocaine", "all"} & set(q["tags"]["market"]) for q in cocaine)
    assert any("all" in q["tags"]["market"] for q in cocaine)

    shown = cli("query", "show", "network-around")
    assert shown.exit_code == 0
    assert "-p hops=…  integer 1–3, default 2" in shown.output
    assert "MATCH (centre {id: $id})" in shown.output

    ran = cli("query", "run", "network-around", "-p", "id=person-jeroen-vos", "-p", "hops=1",
              "-p", "types=Organisation,Phone", "--format", "json")
    assert ran.exit_code == 0, ran.output
    nodes = sorted(row["node"]["properties"]["id"] for row in json.loads(ran.output))
    # be-2014-lim-plantation-lommel and the 2008 Valkenswaard police report: Vos is a member
    # of the Kempen-crew and uses a Belgian and a Dutch phone.
    assert nodes == ["org-kempen-crew", "person-jeroen-vos", "phone-be-0470000412",
                     "phone-nl-0600003391"]
    csv_out = cli("query", "run", "network-around", "-p", "id=person-jeroen-vos", "-p",
                  "hops=1", "-p", "types=Phone", "--format", "csv").output
    assert csv_out.splitlines()[0] == "node,relationships"
    assert "Phone:phone-nl-0600003391,[]" in csv_out


def test_cli_refuses_bad_parameters_and_unknown_queries_with_exit_2(cli):
    bad = cli("query", "run", "network-around", "-p", "id=person-jeroen-vos", "-p", "hops=9")
    assert bad.exit_code == 2
    assert "query network-around: hops: expected at most 3, got 9" in bad.output
    unknown = cli("query", "run", "no-such-query")
    assert unknown.exit_code == 2
    assert "no-such-query: no saved query has this name" in unknown.output


def test_cli_reports_a_refused_file_in_a_team_library(cli, tmp_path, monkeypatch):
    folder = tmp_path / "team"
    folder.mkdir()
    write(folder, "good", GOOD)
    write(folder, "bad", GOOD.replace("$country", "$land"))
    monkeypatch.setenv("DISMARK_QUERIES", str(folder))
    listed = cli("query", "list")
    assert listed.exit_code == 2
    assert listed.output.startswith("refused: ")
    assert "used but not declared: $land" in listed.output
    assert "good  indicator" in listed.output
    ran = cli("query", "run", "good", "-p", "min_plants=1000", "--format", "csv")
    # be-2014 Lommel (2,400 plants) and be-2017 Baarle-Hertog (4,800); Mol has 150.
    assert ran.output.splitlines()[-2:] == ["plantation-be-baarle-hertog-2017",
                                            "plantation-be-lommel-2014"]


def test_library_files_are_the_only_queries_read(tmp_path, ontology):
    (tmp_path / "notes.md").write_text("not a query", encoding="utf-8")
    write(tmp_path, "good", GOOD)
    assert list(load_library(ontology, tmp_path).queries) == ["good"]
    assert QUERIES_DIR == REPO / "queries"
