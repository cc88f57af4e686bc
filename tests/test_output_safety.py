"""What leaves dismark is safe to open: CSV cells a spreadsheet would run are neutralised,
GraphML is well-formed XML whatever the names, no secret is in the repository, and every
setting the code reads is documented in .env.example."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import REPO

from explorer.viewmodels.downloads import csv_bytes, graphml_bytes
from explorer.viewmodels.network import Network
from graph.store import GraphNode, GraphRelationship, QueryResult
from graph.store.tables import render, spreadsheet_safe

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+31 6 0000 0001", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_cells_become_text(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell
    rows = list(csv.reader(io.StringIO(render(QueryResult(["name"], [(cell,)]), "csv"))))
    assert rows == [["name"], ["'" + cell.replace("\r", "\\u000d")]]  # \r would act on a terminal


def test_ordinary_cells_and_numbers_are_left_alone() -> None:
    result = QueryResult(["name", "plants", "balance"], [("Noël de Vries", 2400, -3)])
    assert list(csv.reader(io.StringIO(render(result, "csv")))) == [
        ["name", "plants", "balance"], ["Noël de Vries", "2400", "-3"]]


def test_csv_download_opens_with_its_diacritics_in_a_spreadsheet() -> None:
    data = csv_bytes(QueryResult(["name"], [("Désiré Maës",), ("=cmd|' /C calc'!A0",)]))
    assert data.startswith("\ufeff".encode())  # the BOM spreadsheets need for UTF-8
    text = data.decode("utf-8-sig")
    assert "Désiré Maës" in text and "'=cmd" in text


def test_graphml_of_hostile_names_is_well_formed() -> None:
    hostile = '<img src=x onerror=alert(1)> & "quotes" ]]>'
    a = GraphNode("1", ("Person",), {"id": "person-a", "name": hostile, "roles": ["a", "b"]})
    b = GraphNode("2", ("Organisation",), {"id": "org-b", "name": "Crew & Co"})
    network = Network({"1": a, "2": b}, (GraphRelationship("r", "MEMBER_OF", "1", "2", {}),))
    root = ET.fromstring(graphml_bytes(network))
    names = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert hostile in names and "Crew & Co" in names and "a; b" in names


def test_every_html_template_is_rendered_with_autoescape() -> None:
    """The HTML dismark writes itself comes from jinja2 templates whose environment escapes
    every value; a template folder no known environment renders fails here."""
    from explorer.viewmodels.drawing import TEMPLATES as EXPLORER
    from graph.study.report import TEMPLATES as REPORT

    environments = {REPO / "graph" / "study" / "templates": REPORT,
                    REPO / "explorer" / "viewmodels" / "templates": EXPLORER}
    folders = {path.parent for package in ("graph", "explorer", "loaders", "cli", "evaluation")
               for path in (REPO / package).rglob("templates/*.html")}
    assert folders == set(environments)
    for folder, env in environments.items():
        for path in folder.glob("*.html"):
            on = env.autoescape(path.name) if callable(env.autoescape) else env.autoescape
            assert on, path
            env.get_template(path.name)  # it parses
        shown = env.from_string("<p>{{ name }}</p>").render(name=HOSTILE)
        assert shown == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.split()
    return [f for f in listed if (REPO / f).is_file()]


#: A private key, an AWS key, or a password given a value; placeholders such as
#: ``NEO4J_PASSWORD=...`` or ``=<password>`` are documentation, not secrets.
SECRETS = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|"
                     r"^[ \t]*(NEO4J_PASSWORD|DISMARK_[A-Z_]*PASSWORD)[ \t]*=[ \t]*"
                     r"(?![.…<$])\S{6,}", re.M)


def test_no_secret_is_committed() -> None:
    found = []
    for name in tracked_files():
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{name}: {m.group(0)[:40]}" for m in SECRETS.finditer(text)]
    assert found == []
    assert ".env" not in tracked_files()


def test_every_setting_the_code_reads_is_documented() -> None:
    used = set()
    for name in tracked_files():
        if name.endswith(".py") and not name.startswith("tests/"):
            used |= set(re.findall(r"\b(?:DISMARK|NEO4J)_[A-Z_]+\b",
                                   (REPO / name).read_text(encoding="utf-8")))
    documented = set(re.findall(r"\b(?:DISMARK|NEO4J)_[A-Z_]+\b",
                                (REPO / ".env.example").read_text(encoding="utf-8")))
    assert sorted(used - documented) == []


@pytest.mark.parametrize(("url", "shown"), [
    ("falkordb://dismark-reader:s3cr3t-pw@db.example:6379",
     "falkordb://dismark-reader:***@db.example:6379"),
    ("bolt://neo4j:p%40ss@10.0.0.5:7687", "bolt://neo4j:***@10.0.0.5:7687"),
    ("falkordb-lite:data/dismark.db", "falkordb-lite:data/dismark.db"),
    ("neo4j+s://abc.databases.neo4j.io", "neo4j+s://abc.databases.neo4j.io"),
])
def test_store_urls_are_printed_and_logged_without_their_password(url: str, shown: str) -> None:
    from graph.store.config import redacted

    assert redacted(url) == shown


#: a name that, printed raw, clears the screen, retitles the terminal, starts a C1 control
#: sequence and reverses the text after it (issue 21, finding 7)
TERMINAL_ATTACK = "Vos\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eraw\x7fend"
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def test_cli_prints_control_characters_escaped_in_every_format(tmp_path, monkeypatch):
    """The real CLI on a real store holding a hostile name: table, CSV and JSON show the
    name with its controls escaped, and the JSON still parses back to the true name."""
    import json

    from click.testing import CliRunner
    from conftest import embedded_url
    from dossiers import plantation_case, write

    from cli import main

    case = plantation_case()
    case["entities"][0]["properties"]["name"] = TERMINAL_ATTACK
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(write(tmp_path / "in", "a.yaml", case))]
                         ).exit_code == 0
    query = "MATCH (p:Person) RETURN p.name AS name"
    for fmt in ("table", "csv", "json"):
        out = runner.invoke(main, ["cypher", query, "--format", fmt]).output
        assert not ACTING.search(out), (fmt, out)
        assert "Vos\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u202eraw" in out
        if fmt == "json":
            assert json.loads(out) == [{"name": TERMINAL_ATTACK}]
    refused = runner.invoke(main, ["cypher", f"MATCH (n:`{TERMINAL_ATTACK}`) SET n.x = 1"])
    assert refused.exit_code == 3 and not ACTING.search(refused.output)
    hostile_name = tmp_path / "in2" / f"{TERMINAL_ATTACK}.yaml"  # a file name is text too
    hostile_name.parent.mkdir()
    hostile_name.write_text("case: {}\n", encoding="utf-8")
    for args in (["load", str(hostile_name.parent)], ["load", "--json", str(hostile_name)]):
        report = runner.invoke(main, args)
        assert report.exit_code == 2 and not ACTING.search(report.output), report.output
    assert json.loads(report.stdout)["files"][0]["path"] == str(hostile_name)


def test_graphml_and_csv_of_control_characters_are_valid() -> None:
    from xml.dom.minidom import parseString

    a = GraphNode("1", ("Person",), {"id": "person\x0b-a", "name": TERMINAL_ATTACK,
                                     "aliases": ["x\x1by", "z"], "note": "line\nbreak\ttab"})
    b = GraphNode("2", ("Organisation",), {"id": "org-b", "name": "\ufffeCrew\x00"})
    network = Network({"1": a, "2": b}, (GraphRelationship("r", "MEMBER_OF", "1", "2",
                                                            {"role": "\x08boss"}),))
    data = graphml_bytes(network)
    parseString(data)  # a strict second parser: expat refuses any character XML 1.0 forbids
    root = ET.fromstring(data)
    texts = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    ids = [n.get("id") for n in root.iter("{http://graphml.graphdrawing.org/xmlns}node")]
    assert "Vos\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u202eraw\\u007fend" in texts
    assert {"x\\u001by; z", "line\nbreak\ttab", "\\ufffeCrew\\u0000", "\\u0008boss"} <= set(texts)
    assert "person\\u000b-a" in ids
    rows = list(csv.reader(io.StringIO(csv_bytes(QueryResult(
        ["name", "note"], [(TERMINAL_ATTACK, "a\nb")])).decode("utf-8-sig"))))
    assert rows[1] == ["Vos\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u202eraw\\u007fend",
                       "a\nb"]
