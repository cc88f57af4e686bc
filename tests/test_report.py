"""The crime picture on the demo graph (read-only), on hostile names, and on an empty store.

Expected answers: the six verdicts are the study's Table 1 (DOMAIN.md); the brokers, the
Lommel plantation's Dutch grow shop and the Kempen-crew's move are what the demo dossiers
state (org-dekker-group, be-2014-lim-plantation-lommel, the Kempen-crew dossiers).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TABLE_1
from dossiers import plantation_case, write

from graph.study.report import write_report

#: Table 1 as the report's table shows it (echelons in words)
SHOWN = {(market, echelon.replace("_", " ")): verdict
         for (market, echelon), verdict in TABLE_1.items()}
HOSTILE = "<script>alert(1)</script>"


class _Tables(HTMLParser):
    """Rows of each ``<table id=…>`` as lists of cell texts (entities decoded)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(page: str) -> dict[str, list[dict[str, str]]]:
    parser = _Tables()
    parser.feed(page)
    return {name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
            for name, rows in parser.tables.items() if rows}


@pytest.fixture(scope="module")
def demo_report(demo_store, ontology, tmp_path_factory) -> tuple[Path, str]:
    index = write_report(demo_store, ontology, tmp_path_factory.mktemp("report"))
    return index, index.read_text(encoding="utf-8")


def test_report_has_one_valid_png_per_table_1_row(demo_report):
    index, page = demo_report
    assert index.name == "index.html"
    charts = sorted(index.parent.glob("*.png"))
    assert len(charts) == len(SHOWN)
    for chart in charts:
        assert chart.read_bytes().startswith(b"\x89PNG")
        assert f'src="{chart.name}"' in page
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_header_names_the_store_and_what_the_report_rests_on(demo_report, demo_store):
    _, page = demo_report
    assert demo_store.url in page
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", page)
    # data/demo: 13 be-*.yaml, 7 nl-*.yaml and 3 rows in bundle-nl-police-export/cases.csv
    assert re.search(r"Rests on 23 case files \(BE 13, NL 10\) and \d+ entities", page)


def test_verdicts_reproduce_the_studys_table_1(demo_report):
    rows = tables_of(demo_report[1])["verdicts"]
    found = {(r["market"], r["echelon"]): r["verdict"] for r in rows}
    assert found == SHOWN
    for row in rows:
        assert row["confidence"] in ("weak", "strong")
        assert row["reason"] and row["test p-value"]


def test_dekker_group_is_among_the_cross_border_brokers(demo_report):
    rows = tables_of(demo_report[1])["brokers"]
    dekker = [r for r in rows if "org-dekker-group" in r["actor"]]
    assert len(dekker) == 1 and "Groep Dekker" in dekker[0]["actor"]
    roles = sum(int(dekker[0][k]) for k in ("representative", "gatekeeper", "liaison"))
    assert roles == int(dekker[0]["cross-border"]) > 0


def test_lommel_plantation_is_a_dutch_link_case_because_of_het_groene_licht(demo_report):
    page = demo_report[1]
    rows = tables_of(page)["dutch-link"]
    assert 10 <= len(rows) <= 20
    lommel = [r for r in rows if r["subject"] == "plantation-be-lommel-2014"]
    assert len(lommel) == 1
    reasons = lommel[0]["reasons"]
    assert "Het Groene Licht" in reasons and "BOUGHT_EQUIPMENT_AT" in reasons
    assert "be-2014-lim-plantation-lommel" in reasons  # the case file behind the path
    assert "Method: <strong>evidence-only</strong>" in page


def test_kempen_crew_move_from_nl_into_be_is_a_displacement_path(demo_report):
    rows = tables_of(demo_report[1])["displacement-paths"]
    kempen = [r for r in rows if "org-kempen-crew" in r["organisation"]]
    assert len(kempen) == 1
    move = kempen[0]
    assert move["kind"] == "sites across the border"
    assert move["from → to"] == "NL → BE"
    assert move["switch date"] == "2014-03-14"  # the Lommel plantation, its first in BE
    assert "plantation-nl-tilburg-2011" in move["dated steps"]
    assert "plantation-be-lommel-2014" in move["dated steps"]


def test_hostile_names_are_escaped(falkor_store, ontology, tmp_path):
    dossier = plantation_case("be-2016-lim-666")
    dossier["entities"][0]["properties"]["name"] = HOSTILE
    dossier["entities"][2]["properties"]["name"] = 'Groene "Vingers" <b>&</b>'
    write(tmp_path / "cases", "hostile.yaml", dossier)
    from loaders.load import load_paths

    assert load_paths(falkor_store, [tmp_path / "cases"], ontology).exit_code == 0
    page = write_report(falkor_store, ontology, tmp_path / "out").read_text(encoding="utf-8")
    assert HOSTILE not in page and "<b>&</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Groene &quot;Vingers&quot; &lt;b&gt;&amp;&lt;/b&gt;" in page


def test_empty_store_says_there_is_no_data(falkor_store, ontology, tmp_path):
    index = write_report(falkor_store, ontology, tmp_path / "out")
    page = index.read_text(encoding="utf-8")
    assert "There is no data in this store" in page
    assert "Rests on 0 case files" in page
    assert not list(index.parent.glob("*.png"))
    assert "verdicts" not in tables_of(page)


def test_the_page_template_escapes_every_value_it_is_given():
    """Autoescape is on for ``templates/report.html``: no value needs escaping by hand."""
    from graph.study.report import CrimePicture, render_html

    broker = {"rank": 1, "id": HOSTILE, "cross_border": 1, "representative": 1,
              "gatekeeper": 0, "liaison": 0}
    picture = CrimePicture(store=HOSTILE, generated=HOSTILE, case_files={HOSTILE: 1},
                           entities=1, correct_effort=False, interventions=[], verdicts=[],
                           brokers=[broker], dutch_link=[], moves=[],
                           names={HOSTILE: 'Groene "Vingers" <b>&</b>'})
    page = render_html(picture, {})
    assert HOSTILE not in page and "<b>&</b>" not in page
    # the store, the time, the country of the case files and the broker's id
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4
    assert "Groene &quot;Vingers&quot; &lt;b&gt;&amp;&lt;/b&gt;" in page
    row = tables_of(page)["brokers"][0]
    assert row["type"] == row["country"] == row["BE→NL"] == ""  # missing is empty, not "None"


def test_a_site_without_a_country_does_not_break_the_chart_caption(falkor_store, ontology,
                                                                    tmp_path):
    """A plantation whose case file gives no country (and no location) counts as
    ``unknown``; beside BE and NL a None key made sorting the caption's counts, and the
    verdicts' JSON, raise TypeError."""
    from graph.study.activity import ActivityReader
    from graph.study.report import _yearly_counts
    from loaders.load import load_paths

    placed = plantation_case("be-2014-ant-001")
    placed["entities"][1]["properties"].update(country="BE", dismantled_on="2014-05-02")
    placed["entities"][1]["id"] = "pl-mol"
    for link in placed["links"]:
        link.update({k: "pl-mol" for k in ("source", "target") if link[k] == "pl-lommel"})
    write(tmp_path / "cases", "placed.yaml", placed)
    write(tmp_path / "cases", "nowhere.yaml", plantation_case())
    assert load_paths(falkor_store, [tmp_path / "cases"], ontology).exit_code == 0
    series = ActivityReader(falkor_store).series("cannabis", "production")
    assert series.by_country == {"BE": {2014: 1}, "unknown": {2016: 1}}
    assert series.as_dict()["by_country"] == {"BE": {"2014": 1}, "unknown": {"2016": 1}}
    assert _yearly_counts(series) == "BE: 2014 1; unknown: 2016 1"
