"""The export from the store to networkx and its documented semantics.

A small dossier pins each rule by hand; then a few hundred random directed, weighted
multigraphs go through the tabular bundle loader and must come out of the store exactly as
networkx builds them from the source edge list with the same semantics.
"""

from __future__ import annotations

import csv
import json
import random

import networkx as nx
import pytest

from graph.analysis.analytics import MetricsRequest, run_metrics
from graph.analysis.to_networkx import Selection, collapse, export_network, relationship_weight
from graph.errors import InvalidInput
from graph.model.grading import reliability
from loaders.load import load_paths

SMALL = """
case: {id: be-2019-test-net, country: BE, kind: police_report, opened_on: 2019-05-01,
       agency: Testpolitie, grading: B2}
entities:
  - {type: Person, id: p-anna, properties: {name: Anna Test, residence_country: BE}}
  - {type: Person, id: p-bram, properties: {name: Bram Test, residence_country: NL}}
  - {type: Person, id: p-cas, properties: {name: Cas Test}}
  - {type: Person, id: p-dirk, properties: {name: Dirk Test, residence_country: FR}}
  - {type: Organisation, id: o-crew, properties: {name: Testcrew, base_country: NL,
      markets: [cocaine]}}
  - {type: Plantation, id: s-hemp, properties: {plant_count: 900, country: BE}}
links:
  - {type: CONTACT, source: p-anna, target: p-bram, id: c1, properties: {count: 10},
     date: 2018-01-10}
  - {type: CONTACT, source: p-anna, target: p-bram, id: c2, properties: {count: 5},
     grading: C3, date: 2019-03-01}
  - {type: CONTACT, source: p-bram, target: p-anna, id: c3, date: 2019-04-01}
  - {type: CONTACT, source: p-bram, target: p-bram, id: c4}
  - {type: CONTACT, source: p-bram, target: p-dirk, id: c5, grading: A1}
  - {type: MEMBER_OF, source: p-bram, target: o-crew}
  - {type: OPERATES, source: p-cas, target: s-hemp}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory, ontology):
    from graph.store import open_store
    from graph.store.config import Settings

    folder = tmp_path_factory.mktemp("export")
    (folder / "cases").mkdir()
    (folder / "cases" / "net.yaml").write_text(SMALL, encoding="utf-8")
    store = open_store(f"falkordb-lite:{folder / 'graph.db'}", Settings())
    assert load_paths(store, [folder / "cases"], ontology).exit_code == 0
    yield store
    store.close()


def edges(graph) -> dict:
    """(a, b) → (weight, count); an undirected pair as a frozenset."""
    pair = (lambda a, b: (a, b)) if graph.is_directed() else (lambda a, b: frozenset((a, b)))
    return {pair(a, b): (d["weight"], d["count"]) for a, b, d in graph.edges(data=True)}


def test_parallel_and_reciprocal_contacts_by_hand(small, ontology):
    people = Selection(node_types=("Person",), relationship_types=("CONTACT",))
    multi = export_network(small, ontology, people)
    assert sorted(multi) == ["p-anna", "p-bram", "p-cas", "p-dirk"]  # Cas is isolated
    assert multi.nodes["p-bram"] == {"type": "Person", "name": "Bram Test", "country": "NL"}
    assert multi.nodes["p-cas"]["country"] is None
    assert sorted(k for _, _, k in multi.edges(keys=True)) == ["c1", "c2", "c3", "c4", "c5"]
    # links: c1 and c2 are parallel (2 relationships), c3 the other direction, c4 a loop
    assert edges(collapse(multi)) == {("p-anna", "p-bram"): (2.0, 2),
                                      ("p-bram", "p-anna"): (1.0, 1),
                                      ("p-bram", "p-dirk"): (1.0, 1)}
    assert edges(collapse(multi, directed=False)) == {
        frozenset(("p-anna", "p-bram")): (3.0, 3), frozenset(("p-bram", "p-dirk")): (1.0, 1)}
    # contacts: c1 counts 10 calls, c2 5, c3 and c5 have no count (1 each)
    by_contacts = collapse(export_network(small, ontology, Selection(
        node_types=("Person",), relationship_types=("CONTACT",), weight="contacts")))
    assert edges(by_contacts)[("p-anna", "p-bram")] == (15.0, 2)
    assert by_contacts["p-anna"]["p-bram"]["distance"] == pytest.approx(1 / 15)
    # graded: c1 is B2 (the case's grading, 0.75 * 0.75), c2 C3 (0.5 * 0.5), c5 A1 (1)
    graded = collapse(export_network(small, ontology, Selection(
        node_types=("Person",), relationship_types=("CONTACT",), weight="graded")))
    assert graded["p-anna"]["p-bram"]["weight"] == pytest.approx(10 * 0.5625 + 5 * 0.25)
    assert graded["p-bram"]["p-dirk"]["weight"] == pytest.approx(1.0)


def test_filters_by_hand(small, ontology):
    def export(**fields):
        return export_network(small, ontology, Selection(**fields))

    # default: ties between actors, endpoints only (no isolates)
    assert sorted(export()) == ["o-crew", "p-anna", "p-bram", "p-cas", "p-dirk", "s-hemp"]
    # BE and NL: Dirk (FR) goes; Cas (unknown country) stays, as may be either
    assert sorted(export(node_types=("Person",), countries=("BE", "NL"))) == \
        ["p-anna", "p-bram", "p-cas"]
    # cocaine: the plantation (cannabis) goes, the crew (cocaine) and persons stay, and
    # Cas, whose only tie was the plantation, is no longer an endpoint
    assert sorted(export(markets=("cocaine",))) == ["o-crew", "p-anna", "p-bram", "p-dirk"]
    # seen in 2019 or later: c1 (2018-01-10) goes, c2 (2019-03-01) and c3 stay; links
    # without a date take the case's date (2019-05-01)
    window = export(node_types=("Person",), relationship_types=("CONTACT",),
                    since="2019-01-01")
    assert sorted(k for _, _, k in window.edges(keys=True)) == ["c2", "c3", "c4", "c5"]
    assert sorted(k for _, _, k in export(relationship_types=("CONTACT",), until="2018-12-31")
                  .edges(keys=True)) == ["c1"]
    # at least B2: c2 (C3) goes
    assert sorted(k for _, _, k in export(relationship_types=("CONTACT",), min_grading="B2")
                  .edges(keys=True)) == ["c1", "c3", "c4", "c5"]
    assert export(case_files=("nl-0000-none",)).number_of_nodes() == 0
    # node types and case files: the persons the file names (their MENTIONED_IN), Cas too
    assert sorted(export(node_types=("Person",), case_files=("be-2019-test-net",))) == \
        ["p-anna", "p-bram", "p-cas", "p-dirk"]
    assert export(node_types=("Person",), case_files=("nl-0000-none",)).number_of_nodes() == 0


def test_a_wrong_selection_names_the_field(small, ontology):
    with pytest.raises(InvalidInput) as caught:
        export_network(small, ontology, Selection(node_types=("Submarine",), weight="heavy",
                                                  min_grading="Z9"))
    message = str(caught.value)
    assert "node_types: unknown node type 'Submarine'" in message
    assert "weight: expected one of links, contacts, graded" in message
    assert "min_grading: expected a 4x4 grading" in message


# -- random graphs through the tabular bundle ------------------------------------------------

GRAPHS = 300
GRADINGS = ("A1", "A2", "B2", "B3", "C3", "X4")


def random_graphs(seed: int = 7):
    """(case id, nodes, links): small directed multigraphs with parallel, reciprocal and
    self links, contact counts and gradings."""
    rng = random.Random(seed)
    for g in range(GRAPHS):
        case = f"be-2020-rand-{g:03d}"
        nodes = [f"r{g:03d}-p{i}" for i in range(rng.randint(2, 16))]
        links = []
        for i in range(rng.randint(0, 3 * len(nodes))):
            a, b = rng.choice(nodes), rng.choice(nodes)
            count = rng.choice([None, rng.randint(1, 40)])
            links.append((f"{case}-l{i}", a, b, count, rng.choice(GRADINGS)))
        yield case, nodes, links


@pytest.fixture(scope="module")
def bundle_store(tmp_path_factory, ontology):
    from graph.store import open_store
    from graph.store.config import Settings

    folder = tmp_path_factory.mktemp("bundle")
    bundle = folder / "random-bundle"
    bundle.mkdir()
    graphs = list(random_graphs())
    with (open(bundle / "cases.csv", "w", newline="", encoding="utf-8") as cases_file,
          open(bundle / "entities.csv", "w", newline="", encoding="utf-8") as entities_file,
          open(bundle / "links.csv", "w", newline="", encoding="utf-8") as links_file):
        cases, entities, links = (csv.writer(f) for f in (cases_file, entities_file, links_file))
        cases.writerow(["id", "country", "kind", "opened_on", "agency", "grading"])
        entities.writerow(["case_id", "type", "id", "name"])
        links.writerow(["case_id", "type", "source", "target", "id", "grading", "count"])
        for case, nodes, edge_list in graphs:
            cases.writerow([case, "BE", "police_report", "2020-01-01", "Testpolitie", "B2"])
            entities.writerows([case, "Person", n, f"Persoon {n}"] for n in nodes)
            links.writerows([case, "CONTACT", a, b, lid, grade, "" if c is None else c]
                            for lid, a, b, c, grade in edge_list)
    store = open_store(f"falkordb-lite:{folder / 'graph.db'}", Settings())
    report = load_paths(store, [bundle], ontology)
    assert report.exit_code == 0, report.as_dict()
    yield store, graphs
    store.close()


def expected_graph(nodes, edge_list, scheme: str, directed: bool):
    """What networkx makes of the source edge list under the documented semantics."""
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(nodes)
    for _, a, b, count, grade in edge_list:
        if a == b:
            continue
        weight = relationship_weight(scheme, count, grade)
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
            graph[a][b]["count"] += 1
        else:
            graph.add_edge(a, b, weight=weight, count=1)
    return graph


@pytest.mark.parametrize("scheme", ["links", "contacts", "graded"])
def test_random_graphs_come_out_as_networkx_builds_them(bundle_store, ontology, scheme):
    store, graphs = bundle_store
    for case, nodes, edge_list in graphs:
        selection = Selection(node_types=("Person",), relationship_types=("CONTACT",),
                              case_files=(case,), weight=scheme)
        multi = export_network(store, ontology, selection)
        for directed in (True, False):
            got, want = collapse(multi, directed=directed), expected_graph(
                nodes, edge_list, scheme, directed)
            assert sorted(got) == sorted(want), case
            assert edges(got) == {e: (pytest.approx(w), c) for e, (w, c) in edges(want).items()}
        if scheme == "graded" and edge_list:
            assert_metrics_match(multi, expected_graph(nodes, edge_list, scheme, True))


def assert_metrics_match(multi, want: nx.DiGraph) -> None:
    """What ``dismark metrics`` computes (``run_metrics``) equals networkx on the edge list."""
    report = run_metrics(multi, MetricsRequest(
        measures=("degree", "betweenness", "closeness", "pagerank"), directed=True,
        weighted=True))
    def distance(u, v, d):
        return 1 / d["weight"]

    assert report.scores["pagerank"] == pytest.approx(nx.pagerank(want))
    assert report.scores["betweenness"] == pytest.approx(
        nx.betweenness_centrality(want, weight=distance))
    assert report.scores["closeness"] == pytest.approx(
        nx.closeness_centrality(want, distance=distance))
    assert report.scores["strength"] == pytest.approx(
        {n: want.in_degree(n, weight="weight") + want.out_degree(n, weight="weight")
         for n in want})


def test_dismark_metrics_prints_what_networkx_computes(bundle_store, ontology, monkeypatch):
    """The command itself, on a few of the random graphs."""
    from click.testing import CliRunner

    from cli import main

    store, graphs = bundle_store
    monkeypatch.setenv("DISMARK_STORE", store.url)
    chosen = [g for g in graphs if len(g[2]) >= 10][:3]
    for case, nodes, edge_list in chosen:
        result = CliRunner().invoke(main, [
            "metrics", "--measure", "pagerank,betweenness", "--types", "Person",
            "--links", "CONTACT", "--case", case, "--weight", "contacts", "--directed",
            "--weighted", "--top", "100", "--json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        tables = json.loads(result.output)["tables"]
        want = expected_graph(nodes, edge_list, "contacts", True)
        assert {r["id"]: r["value"] for r in tables["pagerank"]} == pytest.approx(
            nx.pagerank(want))
        assert {r["id"]: r["value"] for r in tables["betweenness"]} == pytest.approx(
            nx.betweenness_centrality(want, weight=lambda u, v, d: 1 / d["weight"]))


def test_reliability_scale():
    assert (reliability("A1"), reliability("B2"), reliability("X4"), reliability(None)) == \
        (1.0, 0.5625, 0.0625, 0.0625)


def test_scores_are_written_back_with_the_time_computed(falkor_store, ontology, tmp_path):
    from graph.analysis.scores import write_scores

    (tmp_path / "net.yaml").write_text(SMALL, encoding="utf-8")
    assert load_paths(falkor_store, [tmp_path], ontology).exit_code == 0
    graph = export_network(falkor_store, ontology)
    written = write_scores(falkor_store, ontology, graph, "pagerank",
                           {"p-anna": 0.25, "o-crew": 0.5}, at="2026-11-22T10:00:00+00:00")
    assert written == 2
    rows = falkor_store.read("MATCH (n) WHERE n.score_pagerank IS NOT NULL RETURN n.id, "
                             "n.score_pagerank, n.score_pagerank_at ORDER BY n.id").rows
    assert rows == [("o-crew", 0.5, "2026-11-22T10:00:00+00:00"),
                    ("p-anna", 0.25, "2026-11-22T10:00:00+00:00")]
    with pytest.raises(InvalidInput, match="score: expected one of degree"):
        write_scores(falkor_store, ontology, graph, "x` = 1 DETACH DELETE n //", {})


CO_MENTIONED = {
    "one.yaml": """
case: {id: be-2021-test-one, country: BE, kind: police_report, opened_on: 2021-01-10,
       agency: Testpolitie, grading: B2}
entities:
  - {type: Person, id: p-anna, properties: {name: Anna Test}}
  - {type: Person, id: p-bram, properties: {name: Bram Test}}
  - {type: Person, id: p-cas, properties: {name: Cas Test}}
""",
    "two.yaml": """
case: {id: nl-2021-test-two, country: NL, kind: police_report, opened_on: 2021-02-10,
       agency: Testpolitie, grading: B2}
entities:
  - {type: Person, id: p-anna, properties: {name: Anna Test}}
  - {type: Person, id: p-bram, properties: {name: Bram Test}}
  - {type: Person, id: p-dirk, properties: {name: Dirk Test}}
""",
}


def test_co_mentioned_persons_are_tied_by_the_case_files_they_share(falkor_store, ontology,
                                                                    tmp_path):
    for name, text in CO_MENTIONED.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert load_paths(falkor_store, [tmp_path], ontology).exit_code == 0
    multi = export_network(falkor_store, ontology, Selection(
        node_types=("Person", "CaseFile"), relationship_types=("MENTIONED_IN",)))
    report = run_metrics(multi, MetricsRequest(measures=("degree",), co_mentioned=True))
    # Anna and Bram share both files (weight 2); each shares one file with Cas (file one)
    # and one with Dirk (file two); Cas and Dirk share none. Case files are not actors.
    assert report.scores["degree"] == {"p-anna": 3, "p-bram": 3, "p-cas": 2, "p-dirk": 2}
    assert report.scores["strength"] == {"p-anna": 4.0, "p-bram": 4.0, "p-cas": 2.0,
                                         "p-dirk": 2.0}
    assert (report.nodes, report.edges) == (4, 5)
