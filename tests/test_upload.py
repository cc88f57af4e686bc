"""Uploaded case files (loaders/upload.py): staged privately under safe names, checked like
``dismark load --dry-run``, then loaded whole or not at all."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO
from dossiers import BROKEN, plantation_case
from graphdump import dump

from graph.errors import InvalidInput
from loaders import upload
from loaders.upload import Upload, safe_name, stage, upload_cases

BUNDLE = REPO / "data" / "demo" / "bundle-nl-police-export"


def good(case_id: str = "be-2016-lim-007") -> Upload:
    return Upload("good.yaml", yaml.safe_dump(plantation_case(case_id)).encode())


@pytest.mark.parametrize("name, expected", [
    ("be-2024-ant-0031.yaml", "be-2024-ant-0031.yaml"),
    ("../../etc/cron.d/evil.yaml", "evil.yaml"),
    ("C:\\cases\\a b.yaml", "a_b.yaml"),
    ("/abs/.hidden.json", "hidden.json"),
    ("zaak <script>.yml", "zaak_script_.yml"),
])
def test_file_names_keep_only_a_safe_base_name(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["", "..", "../", "noext", "/etc/passwd", "....yaml"])
def test_unusable_file_names_are_refused(name):
    with pytest.raises(InvalidInput):
        safe_name(name)


def test_nothing_is_written_outside_the_staging_folder(tmp_path):
    folder = tmp_path / "stage"
    folder.mkdir()
    paths, problems = stage([Upload("../../escape.yaml", b"case: {}"),
                             Upload("notes.txt", b"x"), Upload("other.csv", b"a,b")], folder)
    assert paths == [folder / "escape.yaml"]
    assert [(p.source, p.message) for p in problems] == [
        ("notes.txt", "not a dossier or a bundle file"),
        ("other.csv", "a CSV file that is not part of a bundle")]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["escape.yaml", "stage"]


def test_a_bad_dossier_is_reported_by_file_line_and_field_and_writes_nothing(
        falkor_store, ontology):
    checked = upload_cases([Upload("broken.yaml", BROKEN.encode())], ontology)
    assert checked.report.dry_run and not checked.loadable
    # tests/dossiers.py BROKEN: a broken date, an unknown type, a dangling link
    assert [(p.source, p.line, p.field) for p in checked.problems] == [
        ("broken.yaml", 5, "case.opened_on"), ("broken.yaml", 12, "entities[1].type"),
        ("broken.yaml", 17, "links[0].target")]
    assert "YYYY-MM-DD" in checked.problems[0].message
    assert checked.report.files[0].path == "broken.yaml"
    loaded = upload_cases([Upload("broken.yaml", BROKEN.encode())], ontology, falkor_store)
    assert [f.status for f in loaded.report.files] == ["failed"]
    assert loaded.report.rows_written == 0
    assert falkor_store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_a_good_dossier_loads_whole_and_loading_it_again_changes_nothing(falkor_store,
                                                                         ontology):
    checked = upload_cases([good()], ontology)
    assert checked.ok and [f.status for f in checked.report.files] == ["valid"]
    assert falkor_store.read("MATCH (n) RETURN count(n)").scalar() == 0  # a dry run
    seen = []
    first = upload_cases([good()], ontology, falkor_store,
                         progress=lambda done, total, case: seen.append((done, total, case)))
    assert [f.status for f in first.report.files] == ["loaded"]
    # the case file, a person, a plantation and a grow shop, and two links
    assert first.report.rows_written == checked.report.files[0].rows == 6
    assert seen == [(1, 1, "be-2016-lim-007")]
    assert falkor_store.read("MATCH (p:Plantation {id: 'pl-lommel'}) RETURN p.plant_count"
                             ).scalar() == 1200
    before = dump(falkor_store)
    again = upload_cases([good()], ontology, falkor_store)
    assert [f.status for f in again.report.files] == ["unchanged"]
    assert again.report.rows_written == 0 and dump(falkor_store) == before


def test_one_bad_file_does_not_keep_a_good_one_out(falkor_store, ontology):
    result = upload_cases([good(), Upload("broken.yaml", BROKEN.encode())], ontology,
                          falkor_store)
    assert {f.path: f.status for f in result.report.files} == {"broken.yaml": "failed",
                                                               "good.yaml": "loaded"}
    assert {p.source for p in result.problems} == {"broken.yaml"}
    assert falkor_store.read("MATCH (c:CaseFile) RETURN collect(c.id)").scalar() == [
        "be-2016-lim-007"]


def test_a_case_id_claimed_twice_names_the_other_file_not_the_staging_folder(ontology):
    twin = Upload("twin.yaml", good().data)
    checked = upload_cases([good(), twin], ontology)
    [problem] = checked.problems
    assert problem.source == "twin.yaml"
    assert "is also in good.yaml" in problem.message and "dismark-upload" not in str(problem)


def test_a_csv_bundle_uploads_as_one_input(falkor_store, ontology):
    files = [Upload(name, (BUNDLE / name).read_bytes())
             for name in ("cases.csv", "entities.csv", "links.csv")]
    checked = upload_cases(files, ontology)
    assert checked.ok and [f.path for f in checked.report.files] == ["bundle"]
    cases = len((BUNDLE / "cases.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert len(checked.report.files[0].cases) == cases
    loaded = upload_cases(files, ontology, falkor_store)
    assert loaded.report.files[0].status == "loaded"
    assert falkor_store.read("MATCH (c:CaseFile) WHERE c.digest IS NOT NULL "
                             "RETURN count(c)").scalar() == cases
    missing = upload_cases(files[:1], ontology)
    assert [(p.source, p.message) for p in missing.problems] == [
        ("bundle", "entities.csv is missing")]


def test_a_bad_bundle_row_is_named_by_file_and_line(ontology):
    rows = (BUNDLE / "entities.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",Growshop,", ",Submarine,", 1)
    files = [Upload("cases.csv", (BUNDLE / "cases.csv").read_bytes()),
             Upload("entities.csv", "\n".join(rows).encode()),
             Upload("links.csv", (BUNDLE / "links.csv").read_bytes())]
    checked = upload_cases(files, ontology)
    assert (checked.problems[0].source, checked.problems[0].line,
            checked.problems[0].field) == ("bundle/entities.csv", 2, "type")


def test_an_upload_over_the_limit_is_refused_with_the_way_out(monkeypatch, ontology):
    monkeypatch.setattr(upload, "MAX_UPLOAD_MB", 0.001)  # about 1 kB
    result = upload_cases([Upload("big.yaml", b"#" * 2000)], ontology)
    [problem] = result.problems
    assert "limit is 0.001 MB" in problem.message and "dismark load" in problem.fix
    assert result.report.files == []
