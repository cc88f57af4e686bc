"""The load ledger: which input files are in the graph, by SHA-256 of their bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from conftest import REPO
from dossiers import plantation_case, write

from graph.errors import InvalidInput
from loaders.ledger import check_files, input_sha256, ledger
from loaders.load import load_paths

BUNDLE = REPO / "data" / "demo" / "bundle-nl-police-export"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_ledger_lists_every_loaded_case_with_its_file_hash(falkor_store, ontology,
                                                               tmp_path):
    a = write(tmp_path / "in", "a.yaml", plantation_case("be-2016-lim-007"))
    b = write(tmp_path / "in", "b.yaml", plantation_case("be-2016-lim-008"))
    before = datetime.now(UTC).replace(microsecond=0)
    report = load_paths(falkor_store, [tmp_path / "in"], ontology)
    assert [f.sha256 for f in report.files] == [_sha(a), _sha(b)]
    entries = ledger(falkor_store, ontology)
    assert [(e.case_id, e.file_sha256) for e in entries] == [
        ("be-2016-lim-007", _sha(a)), ("be-2016-lim-008", _sha(b))]
    digests = dict(falkor_store.read("MATCH (c:CaseFile) RETURN c.id, c.digest").rows)
    assert all(e.digest == digests[e.case_id] for e in entries)
    assert all(before <= datetime.fromisoformat(e.loaded_at) <= datetime.now(UTC)
               for e in entries)


def test_a_case_file_only_referenced_is_not_in_the_ledger(falkor_store, ontology, tmp_path):
    dossier = plantation_case()
    dossier["entities"].append({"type": "CaseFile", "id": "nl-2015-ref-001", "reference": True})
    dossier["links"].append({"type": "MENTIONED_IN", "source": "p-vos",
                             "target": "nl-2015-ref-001"})
    write(tmp_path, "a.yaml", dossier)
    assert load_paths(falkor_store, [tmp_path / "a.yaml"], ontology).exit_code == 0
    assert falkor_store.read("MATCH (c:CaseFile) RETURN count(c)").scalar() == 2
    assert [e.case_id for e in ledger(falkor_store, ontology)] == ["be-2016-lim-007"]


def test_check_tells_which_files_are_in_the_graph_by_their_bytes(falkor_store, ontology,
                                                                 tmp_path):
    loaded = write(tmp_path / "in", "a.yaml", plantation_case())
    other = write(tmp_path / "new", "b.yaml", plantation_case("be-2016-lim-008"))
    load_paths(falkor_store, [loaded], ontology)
    checks = check_files(falkor_store, [loaded, tmp_path / "new"], ontology)
    assert [(c.path, c.sha256, c.cases, c.in_graph) for c in checks] == [
        (str(loaded), _sha(loaded), ("be-2016-lim-007",), True),
        (str(other), _sha(other), (), False)]


def test_the_same_content_from_other_bytes_moves_the_ledger_without_a_reload(
        falkor_store, ontology, tmp_path):
    original = write(tmp_path / "v1", "a.yaml", plantation_case())
    load_paths(falkor_store, [original], ontology)
    [first] = ledger(falkor_store, ontology)
    reformatted = tmp_path / "v2" / "a.json"
    reformatted.parent.mkdir()
    reformatted.write_text(json.dumps(plantation_case(), indent=4), encoding="utf-8")
    assert not check_files(falkor_store, [reformatted], ontology)[0].in_graph
    report = load_paths(falkor_store, [reformatted], ontology)
    assert report.files[0].status == "unchanged" and report.rows_written == 0
    [moved] = ledger(falkor_store, ontology)
    assert (moved.file_sha256, moved.loaded_at, moved.digest) == (
        _sha(reformatted), first.loaded_at, first.digest)
    assert [c.in_graph for c in check_files(falkor_store, [original, reformatted],
                                            ontology)] == [False, True]


def test_changed_content_records_the_new_file(falkor_store, ontology, tmp_path):
    path = write(tmp_path, "a.yaml", plantation_case())
    load_paths(falkor_store, [path], ontology)
    [first] = ledger(falkor_store, ontology)
    write(tmp_path, "a.yaml", plantation_case(title="Plantage Lommel, herzien"))
    assert load_paths(falkor_store, [path], ontology).files[0].status == "updated"
    [second] = ledger(falkor_store, ontology)
    assert second.file_sha256 == _sha(path) != first.file_sha256
    assert second.digest != first.digest and second.loaded_at >= first.loaded_at


def test_a_failed_file_leaves_no_ledger_entry(falkor_store, ontology, tmp_path):
    broken = plantation_case()
    broken["links"][0]["target"] = "pl-nowhere"
    path = write(tmp_path, "a.yaml", broken)
    assert load_paths(falkor_store, [path], ontology).exit_code == 2
    assert ledger(falkor_store, ontology) == []
    assert not check_files(falkor_store, [path], ontology)[0].in_graph


def test_a_bundle_hash_is_the_documented_manifest_hash(falkor_store, ontology):
    if not (shutil.which("find") and shutil.which("sha256sum")):
        pytest.skip("GNU find and sha256sum are needed to check the documented command")
    shell = subprocess.run(
        "find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs sha256sum | sha256sum",
        shell=True, cwd=BUNDLE, capture_output=True, text=True, check=True)
    assert input_sha256(BUNDLE) == shell.stdout.split()[0]
    assert "LC_ALL=C sort | xargs sha256sum | sha256sum" in (
        REPO / "docs" / "security.md").read_text(encoding="utf-8")
    load_paths(falkor_store, [BUNDLE], ontology)
    [check] = check_files(falkor_store, [BUNDLE], ontology)
    assert check.in_graph and {e.file_sha256 for e in ledger(falkor_store, ontology)} == {
        input_sha256(BUNDLE)}


def test_checking_a_missing_file_is_a_clear_error(falkor_store, ontology, tmp_path):
    with pytest.raises(InvalidInput, match=r"nope\.yaml: does not exist"):
        check_files(falkor_store, [tmp_path / "nope.yaml"], ontology)


def test_the_content_digest_hashes_what_earlier_versions_hashed(ontology):
    """Graphs loaded before keep matching: the digest is the hash of ``dataclasses.asdict``
    of every entity and link without its line, as it always was, and without the fields a
    link has only when given (``period``, ``reported_in``; a new field on Entity or Link
    that the digest forgot would make this fail)."""
    import dataclasses

    from loaders.registry import read_input

    case = read_input(REPO / "data" / "demo" / "be-2016-ant-container-extraction.yaml", ontology)[0]

    def without_line(record):
        return {k: v for k, v in dataclasses.asdict(record).items()
                if k != "line" and not (k in ("period", "reported_in") and v is None)}

    content = {"id": case.id, "header": case.header,
               "entities": [without_line(e) for _, e in sorted(case.entities.items())],
               "links": [without_line(link) for _, link in sorted(case.links.items())]}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    assert case.digest == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    link_id = next(iter(case.links))
    observed = dataclasses.replace(case.links[link_id], period=("2016-01-01", "2016-03-31"))
    repeated = dataclasses.replace(case.links[link_id], reported_in="nl-2016-other")
    digests = {case.digest}
    for link in (observed, repeated):
        changed = dataclasses.replace(case, links={**case.links, link_id: link})
        changed.__dict__.pop("digest", None)
        digests.add(changed.digest)
    assert len(digests) == 3, "a period or a repeated observation is content"
