"""The explorer's Load page (AppTest), on a fresh store per test: never the shared demo."""

from __future__ import annotations

import pytest
import yaml
from dossiers import BROKEN, plantation_case


@pytest.fixture
def load_page(falkor_store, explorer_on):
    """The app on this test's own empty store, opened on the Load page."""
    return explorer_on(falkor_store.url, "load.py")


def good() -> bytes:
    return yaml.safe_dump(plantation_case()).encode()


def test_without_files_the_page_says_what_to_upload(load_page):
    assert not load_page.exception
    assert "Upload one or more dossiers" in load_page.info[0].value
    assert not load_page.main.button


def test_a_bad_dossier_shows_each_problem_and_offers_no_load(load_page, falkor_store):
    load_page.file_uploader[0].upload("../broken.yaml", BROKEN.encode()).run()
    assert not load_page.exception
    assert "3 problem(s)" in load_page.error[0].value
    problems = load_page.dataframe[0].value
    # tests/dossiers.py BROKEN: line 5 opened_on, line 12 an unknown type, line 17 a link
    assert list(problems["file"]) == ["broken.yaml"] * 3
    assert list(problems["line"]) == [5, 12, 17]
    assert list(problems["field"]) == ["case.opened_on", "entities[1].type", "links[0].target"]
    assert "Submarine" in problems["problem"][1]
    assert not load_page.main.button
    assert falkor_store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_a_good_dossier_is_checked_then_loaded_and_other_pages_see_it(load_page,
                                                                      falkor_store):
    app = load_page
    # the Markets page has nothing to judge on the empty store (and caches that answer)
    app.switch_page("explorer/pages/markets.py").run()
    assert "no dated case files" in app.info[0].value
    app.switch_page("explorer/pages/load.py").run()
    app.file_uploader[0].upload("be-2016-lim-007.yaml", good()).run()
    assert not app.error and not app.exception
    checked = app.dataframe[0].value
    assert list(checked["status"]) == ["valid"] and list(checked["rows"]) == [6]
    assert falkor_store.read("MATCH (n) RETURN count(n)").scalar() == 0  # checked only
    app.button[0].click().run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["loaded"] == "1" and metrics["failed"] == "0"
    assert metrics["rows written"] == "6"
    assert falkor_store.read("MATCH (p:Plantation {id: 'pl-lommel'}) RETURN count(p)"
                             ).scalar() == 1
    # the cached answers were cleared: Markets now judges the new case file's year
    app.switch_page("explorer/pages/markets.py").run()
    assert not app.info and app.dataframe[0].value.shape[0] == 6


def test_loading_the_same_file_again_changes_nothing(load_page, falkor_store):
    app = load_page
    app.file_uploader[0].upload("good.yaml", good()).run()
    app.button[0].click().run()
    app.button[0].click().run()
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["loaded"], metrics["unchanged"], metrics["rows written"]) == ("0", "1", "0")
    assert falkor_store.read("MATCH (c:CaseFile) RETURN count(c)").scalar() == 1


def test_a_good_and_a_bad_file_load_the_good_one_only(load_page, falkor_store):
    app = load_page
    app.file_uploader[0].upload("good.yaml", good()).upload("broken.yaml", BROKEN.encode())
    app.run()
    assert app.button[0].label == "Load 1 valid file(s), skip 1 failed"
    app.button[0].click().run()
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["loaded"], metrics["failed"]) == ("1", "1")
    assert falkor_store.read("MATCH (c:CaseFile) RETURN collect(c.id)").scalar() == [
        "be-2016-lim-007"]
