"""The crime picture on the demo graph (read-only), on hostile names, and on an empty store.

Expected answers: twenty dossiers are too few for a verdict, so every row says
"insufficient data" and leans to the study's Table 1 (docs/study.md), with the counts and
pivot that follow from the events the demo dossiers hold (read by hand); the
brokers are counted here from the stored relationships with a direct query, not through the
report's export; the Lommel plantation's Dutch grow shop and the Kempen-crew's move are what
the demo dossiers state (org-dekker-group, be-2014-lim-plantation-lommel, the Kempen-crew
dossiers).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
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
#: the years the demo's case files cover (a 2008 police report to 2022; statistics aside)
DEMO_YEARS = (2008, 2022)
TASKFORCE = "2012 (Taskforce Brabant-Zeeland, 2012-01-01)"
#: Each Table 1 row on the demo: the years of the events its series count, Belgian side
#: first, read by hand from the dossiers (dossier by dossier in
#: tests/test_queries_activity_series.py), and the intervention it must be compared around,
#: the one that fits the row best (market and echelon named beat "all"; docs/displacement.md).
DEMO_SERIES = {
    # plantations dismantled: BE Lommel 2014, Mol 2015, Baarle-Hertog 2017; NL Tilburg 2011,
    # Venlo and Maastricht 2015 (the 2008 Valkenswaard plantation has no dismantling date)
    ("cannabis", "production"): ({"BE": [2014, 2015, 2017], "NL": [2011, 2015, 2015]},
                                 TASKFORCE),
    # case files of Dutch-run couriers delivering in BE: 2012, 2013, 2020; none run from BE
    ("cannabis", "retail"): ({"BE→BE": [], "NL→BE": [2012, 2013, 2020]},
                             "2012 (Ingezetenencriterium coffeeshops (I-criterium), 2012-05-01)"),
    # labs dismantled: BE Maasmechelen 2017, Lommel 2018; NL Venlo 2018
    ("synthetic", "production"): ({"BE": [2017, 2018], "NL": [2018]}, TASKFORCE),
    # the one parcel posted in BE, 2019, by a sender living in NL
    ("synthetic", "retail"): ({"BE→BE": [], "NL→BE": [2019]}, TASKFORCE),
    # cocaine loads in seizure reports: the 2020 marina load for BE, the 2018 Rotterdam
    # load for the Dutch Dekker group
    ("cocaine", "middle_market"): ({"BE": [2020], "NL": [2018]},
                                   "2018 (Stroomplan Antwerpen, 2018-02-01)"),
    # case files of the Dutch-run call centres' couriers in BE: 2021, 2022
    ("cocaine", "retail"): ({"BE→BE": [], "NL→BE": [2021, 2022]}, TASKFORCE),
}
#: docs/displacement.md: with fewer events than this on its Belgian side (retail: on both
#: sides) a row has insufficient data; its leaning reads presence alone
MIN_EVENTS = 10


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
    # data/demo: 14 be-*.yaml, 7 nl-*.yaml and 3 rows in bundle-nl-police-export/cases.csv
    assert re.search(r"Rests on 24 case files \(BE 14, NL 10\) and \d+ entities", page)


def _read(side: str, years: list[int], pivot: int) -> str:
    """A thin side as the reason gives it: its events before and after the pivot, and too few
    (absent when there is none)."""
    before = sum(year < pivot for year in years)
    first, last = DEMO_YEARS
    return (f"{side} {before} in {pivot - first} y → {len(years) - before} in {last - pivot + 1} "
            f"y ({'too few' if years else 'absent'})")


def test_verdicts_say_the_data_are_insufficient_and_lean_to_table_1(demo_report):
    rows = tables_of(demo_report[1])["verdicts"]
    shown = {(r["market"], r["echelon"]): r for r in rows}
    assert list(shown) == list(SHOWN)
    for (market, echelon), (series, around) in DEMO_SERIES.items():
        key = (market, echelon.replace("_", " "))
        row = shown[key]
        assert all(len(years) < MIN_EVENTS for years in series.values())
        pivot = int(around.split()[0])
        assert (row["verdict"], row["confidence"]) == ("insufficient data", "weak")
        assert row["the counts lean to"] == SHOWN[key]
        assert row["compared around"] == around
        assert row["reason"].startswith("; ".join(_read(side, years, pivot)
                                                  for side, years in series.items()))
        assert row["may be a detection effect"] == ""


def _id(cell: str) -> str:
    """The entity id of an actor or subject cell (``name id`` or ``id``; ids hold no space)."""
    return cell.split()[-1]


def _cross_border_brokerage(store, ontology) -> dict[str, dict]:
    """Brokerage between BE and NL counted straight from the stored relationships (one
    query), not through the report's export: for every actor b, the two-paths a → b → c
    over the ties between actors (the ontology's operational relationships; places, case
    files and interventions are not actors) with a and c in the two countries, a != c and
    no tie a → c (Gould–Fernandez). Representative: a in b's country; gatekeeper: c in b's
    country; liaison: neither."""
    rows = store.read("MATCH (x)-[r]->(y) WHERE type(r) IN $ties "
                      "RETURN x.id, labels(x)[0], properties(x), y.id, labels(y)[0], "
                      "properties(y)", {"ties": list(ontology.operational_relationships)},
                      max_rows=100_000).rows
    actor: dict[str, tuple[str, str | None]] = {}
    ties: dict[str, set[str]] = defaultdict(set)
    back: dict[str, set[str]] = defaultdict(set)
    for a, label_a, props_a, c, label_c, props_c in rows:
        if a == c or {label_a, label_c} & set(ontology.non_actors):
            continue
        actor[a] = (label_a, ontology.country_of(label_a, props_a))
        actor[c] = (label_c, ontology.country_of(label_c, props_c))
        ties[a].add(c)
        back[c].add(a)
    found = {}
    for b, (label, country) in actor.items():
        counts: Counter[str] = Counter()
        for a in back[b]:
            for c in ties[b] - {a} - ties[a]:
                ca, cc = actor[a][1], actor[c][1]
                if {ca, cc} != {"BE", "NL"}:
                    continue
                counts["representative" if ca == country else
                       "gatekeeper" if cc == country else "liaison"] += 1
                counts[f"{ca}→{cc}"] += 1
        if counts:
            found[b] = {"type": label, "country": country or "",
                        "cross-border": counts["BE→NL"] + counts["NL→BE"],
                        **{k: counts[k] for k in ("representative", "gatekeeper", "liaison",
                                                  "BE→NL", "NL→BE")}}
    return found


def test_dekker_group_is_among_the_cross_border_brokers(demo_report, demo_store, ontology):
    rows = tables_of(demo_report[1])["brokers"]
    dekker = [r for r in rows if "org-dekker-group" in r["actor"]]
    assert len(dekker) == 1 and "Groep Dekker" in dekker[0]["actor"]
    counted = _cross_border_brokerage(demo_store, ontology)
    top = sorted(counted, key=lambda b: (-counted[b]["cross-border"], b))[:10]
    assert [(r["rank"], _id(r["actor"])) for r in rows] == [
        (str(rank), b) for rank, b in enumerate(top, start=1)]
    for row in rows:
        expected = counted[_id(row["actor"])]
        assert {k: row[k] for k in expected} == {k: str(v) for k, v in expected.items()}
    # the Dutch group lets Belgian actors reach Dutch ones more than the other way round
    assert dekker[0]["rank"] == "1"
    assert int(dekker[0]["gatekeeper"]) > int(dekker[0]["representative"]) > 0


#: Belgian subjects of the Dutch-link analysis (docs: case files, sites, shipments, call
#: centres and organisations placed in BE)
SUBJECTS = ("CaseFile", "Plantation", "Lab", "DumpSite", "Premises", "Shipment", "CallCentre",
            "Organisation")


def _is_subject(ontology, label: str, props: dict) -> bool:
    return label in SUBJECTS and ontology.country_of(label, props) == "BE"


def _is_dutch_target(ontology, label: str, props: dict) -> bool:
    """A person living in or national of NL, any coffee shop, anything else but a place
    or an intervention placed in NL (places are weaker targets: left out here)."""
    if label == "Person":
        return "NL" in (ontology.country_of(label, props), props.get("nationality"))
    if label == "Coffeeshop":
        return True
    return label not in ("Location", "Intervention") and \
        ontology.country_of(label, props) == "NL"


def _belgian_subjects_tied_to_a_dutch_target(store, ontology) -> set[str]:
    """Belgian subjects with a one-link path to a Dutch target that no grading can weaken
    below the analysis' threshold (a relationship followed the way its kind weighs 0.5 or
    more: 0.5 x X4's 1/16 > 0.02), read from the store directly: a lower bound of the
    subjects the Dutch-link analysis scores."""
    either_way = ["MEMBER_OF", "OPERATES", "SUPPLIES", "EMPLOYS", "IMPORTS", "SENDS",
                  "EXTRACTS", "DUMPS_AT", "MENTIONED_IN", "ASSISTANCE_REQUEST", "RENTS",
                  "CONTACT", "SELLS_TO", "PRODUCES_FOR"]
    forward_only = ["BOUGHT_EQUIPMENT_AT", "DESTINED_FOR"]
    rows = store.read("MATCH (s)-[r]->(t) WHERE type(r) IN $types RETURN s.id, labels(s)[0], "
                      "properties(s), type(r), t.id, labels(t)[0], properties(t)",
                      {"types": either_way + forward_only}, max_rows=100_000).rows
    found = set()
    for a, label_a, props_a, kind, c, label_c, props_c in rows:
        if _is_subject(ontology, label_a, props_a) and \
                _is_dutch_target(ontology, label_c, props_c):
            found.add(a)
        if kind in either_way and _is_subject(ontology, label_c, props_c) and \
                _is_dutch_target(ontology, label_a, props_a):
            found.add(c)
    return found


def test_lommel_plantation_is_a_dutch_link_case_because_of_het_groene_licht(
        demo_report, demo_store, ontology):
    page = demo_report[1]
    rows = tables_of(page)["dutch-link"]
    # at least 20 Belgian subjects have Dutch evidence: the report shows its 20 best, each a
    # Belgian subject of the type it names
    assert len(_belgian_subjects_tied_to_a_dutch_target(demo_store, ontology)) >= 20
    assert [r["rank"] for r in rows] == [str(rank) for rank in range(1, 21)]
    scores = [float(r["evidence score"]) for r in rows]  # no labels: not a probability
    assert scores == sorted(scores, reverse=True) and "probability" not in rows[0]
    stored = {i: (label, props) for i, label, props in demo_store.read(
        "MATCH (n) WHERE n.id IN $ids RETURN n.id, labels(n)[0], properties(n)",
        {"ids": [_id(r["subject"]) for r in rows]}).rows}
    assert len(stored) == 20
    for row in rows:
        label, props = stored[_id(row["subject"])]
        assert row["type"] == label and _is_subject(ontology, label, props), row["subject"]
    lommel = [r for r in rows if _id(r["subject"]) == "plantation-be-lommel-2014"]
    assert len(lommel) == 1
    reasons = lommel[0]["reasons"]
    assert "Het Groene Licht" in reasons and "BOUGHT_EQUIPMENT_AT" in reasons
    assert "be-2014-lim-plantation-lommel" in reasons  # the case file behind the path
    assert (lommel[0]["place"], lommel[0]["year"], lommel[0]["plants"]) == ("Lommel", "2014",
                                                                            "2400")
    assert "Plantation in Lommel" in lommel[0]["subject"]
    assert "Score: <strong>evidence score</strong> (method: <strong>evidence-only</strong>" \
        in page
    assert "33 Belgian subjects scored" in page


def test_kempen_crew_move_from_nl_into_be_is_a_lead_read_through_a_member(demo_report):
    """Its first Dutch site (Tilburg, 2011) is Bart Mutsaers', in an interview that does not
    name the crew: the move NL → BE is a lead, listed apart from findings (the demo has none),
    with both sides' counts and why it is not a finding."""
    tables = tables_of(demo_report[1])
    assert "displacement-paths" not in tables
    assert "No organisation's operations moved clearly enough" in demo_report[1]
    kempen = [r for r in tables["displacement-leads"] if "org-kempen-crew" in r["organisation"]]
    assert [r["from → to"] for r in kempen] == ["BE → NL", "NL → BE"]
    move = kempen[1]
    assert move["kind"] == "sites across the border"
    assert move["switch date"] == "2014-03-14"  # the Lommel plantation, its first in BE
    assert (move["before"], move["after"]) == ("NL 1", "BE 2, NL 1")  # Valkenswaard stayed
    assert "through members: 1 of 4" in move["why not a finding"]
    assert "plantation-nl-tilburg-2011" in move["dated steps"]
    assert "a member's; the case file does not name the group" in move["dated steps"]
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
                           entities=1, use_effort=True, interventions=[], verdicts=[],
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
