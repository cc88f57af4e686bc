"""A load reports each file as soon as it is final, in input order, and can keep only the
failed ones: the loader's memory does not grow with the number of files."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from click.testing import CliRunner
from conftest import embedded_url
from dossiers import BROKEN, plantation_case, write
from test_loader import BUNDLE

from cli import main
from graph.errors import StoreError
from graph.store import open_store
from graph.store.config import Settings
from loaders import load
from loaders.load import load_paths

#: seconds and rates differ from run to run; everything else in a report must not
TIMINGS = ("seconds", "rows_per_second", "read_seconds", "write_seconds")


def _folder(root):
    """a.yaml, b.yaml (one case each), c.yaml broken, d-bundle (two cases, CSV)."""
    write(root, "a.yaml", plantation_case("be-2016-lim-001"))
    write(root, "b.yaml", plantation_case("be-2016-lim-002"))
    (root / "c.yaml").write_text(BROKEN, encoding="utf-8")
    bundle = root / "d-bundle"
    bundle.mkdir()
    for name, text in BUNDLE.items():
        (bundle / name).write_text(text, encoding="utf-8")
    return root


def _streamed(store, root, ontology, **options):
    """The load's report and what ``on_file`` saw: (name, status at that moment)."""
    seen: list[tuple[str, str]] = []
    report = load_paths(store, [root], ontology,
                        on_file=lambda f: seen.append((f.path.removeprefix(f"{root}/"),
                                                       f.status)), **options)
    return report, seen


@pytest.mark.parametrize("batch_cases", [load.BATCH_CASES, 1])
def test_each_file_is_reported_once_in_input_order_with_its_final_status(
        store, ontology, tmp_path, monkeypatch, batch_cases):
    """One case per batch too: files then wait on several writes in flight."""
    monkeypatch.setattr(load, "BATCH_CASES", batch_cases)
    root = _folder(tmp_path / "in")
    report, seen = _streamed(store, root, ontology)
    assert seen == [("a.yaml", "loaded"), ("b.yaml", "loaded"), ("c.yaml", "failed"),
                    ("d-bundle", "loaded")]
    assert [(f.path, f.status) for f in report.files] == [(f"{root}/{n}", s) for n, s in seen]
    write(root, "b.yaml", plantation_case("be-2016-lim-002", grading="C3"))
    write(root, "e.yaml", plantation_case("be-2016-lim-005"))
    _, seen = _streamed(store, root, ontology)
    assert seen == [("a.yaml", "unchanged"), ("b.yaml", "updated"), ("c.yaml", "failed"),
                    ("d-bundle", "unchanged"), ("e.yaml", "loaded")]


def test_a_dry_run_reports_each_file_too(ontology, tmp_path):
    _, seen = _streamed(None, _folder(tmp_path / "in"), ontology, dry_run=True)
    assert seen == [("a.yaml", "valid"), ("b.yaml", "valid"), ("c.yaml", "failed"),
                    ("d-bundle", "valid")]


def test_a_file_is_reported_before_the_load_ends(store, ontology, tmp_path, monkeypatch):
    """Not all at the end: the first file comes out while later ones are still written."""
    monkeypatch.setattr(load, "BATCH_CASES", 1)
    for i in range(6):
        write(tmp_path / "in", f"{i}.yaml", plantation_case(f"be-2016-lim-10{i}"))
    events: list[str] = []
    load_paths(store, [tmp_path / "in"], ontology, on_file=lambda f: events.append(f.path),
               progress=lambda done, total, case: events.append(f"progress {done}"))
    assert events.index(str(tmp_path / "in" / "0.yaml")) < events.index("progress 6")


def test_a_case_the_store_refuses_fails_its_file_alone(store, ontology, tmp_path,
                                                       monkeypatch):
    """Refused inside a shared batch: written one by one, and that file alone is failed."""
    def refusing(text, params=None):
        # the loader sends statements as the engine takes them (``store.prepare``): on
        # FalkorDB the parameters are in the text
        if "be-2016-lim-002" in text + json.dumps(params or {}, default=str):
            raise StoreError("refused for the test")
        return write(text, params)

    write = store.write
    monkeypatch.setattr(store, "write", refusing)
    root = _folder(tmp_path / "in")
    report, seen = _streamed(store, root, ontology, keep_files=False)
    assert seen == [("a.yaml", "loaded"), ("b.yaml", "failed"), ("c.yaml", "failed"),
                    ("d-bundle", "loaded")]
    assert [f.path for f in report.files] == [f"{root}/b.yaml", f"{root}/c.yaml"]
    assert "refused for the test" in report.files[0].problems[0]


def test_the_next_batchs_ledger_look_up_is_answered_before_the_last_batch_is_written(
        store, ontology, tmp_path, monkeypatch):
    """A batch is looked up while the one before waits for the writer: the writer holds its
    next write until the look-up is answered, so the look-up never queues behind it."""
    monkeypatch.setattr(load, "BATCH_CASES", 1)
    ids = [f"be-2016-lim-10{i}" for i in range(6)]
    for i, case_id in enumerate(ids):
        write(tmp_path / "in", f"{i}.yaml", plantation_case(case_id))
    events: list[tuple[str, str, str]] = []
    read, write_ = store.read, store.write

    def logged(kind, run):
        def call(text, params=None, **options):
            payload = text + json.dumps(params or {}, default=str)
            case = next((c for c in ids if c in payload), "")
            events.append(("start", kind, case))
            try:
                return run(text, params, **options)
            finally:
                events.append(("end", kind, case))
        return call

    monkeypatch.setattr(store, "read", logged("read", read))
    monkeypatch.setattr(store, "write", logged("write", write_))
    report = load_paths(store, [tmp_path / "in"], ontology)

    assert report.summary["loaded"] == 6
    for earlier, later in pairwise(ids):
        assert (events.index(("end", "read", later))
                < events.index(("start", "write", earlier))), events


def test_keep_files_false_keeps_only_failed_files_and_the_same_counts(ontology, tmp_path):
    root = _folder(tmp_path / "in")
    reports = {}
    for keep in (True, False):
        store = open_store(embedded_url(tmp_path / f"keep-{keep}"), Settings())
        try:
            reports[keep] = load_paths(store, [root], ontology, keep_files=keep)
        finally:
            store.close()
    kept, counted = reports[True], reports[False]
    assert [f.path for f in counted.files] == [f"{root}/c.yaml"]
    assert counted.files == kept.failed
    assert counted.summary == kept.summary == kept.as_dict()["summary"]
    assert counted.as_dict()["summary"] == {"valid": 0, "loaded": 3, "updated": 0,
                                            "unchanged": 0, "failed": 1}
    assert counted.exit_code == kept.exit_code == 2
    assert counted.rows_written == kept.rows_written


def test_the_duplicate_id_check_spans_the_whole_run(ontology, tmp_path):
    write(tmp_path / "in", "a.yaml", plantation_case())
    for i in range(3):
        write(tmp_path / "in", f"b{i}.yaml", plantation_case(f"be-2016-lim-20{i}"))
    write(tmp_path / "in", "c.yaml", plantation_case())
    report = load_paths(None, [tmp_path / "in"], ontology, dry_run=True, keep_files=False)
    assert [f.path for f in report.files] == [str(tmp_path / "in" / "c.yaml")]
    assert (f"case 'be-2016-lim-007' is also in {tmp_path / 'in' / 'a.yaml'}"
            in report.files[0].problems[0])


def _without_timings(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in TIMINGS}


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_cli_streams_the_json_document_as_dumped_whole(ontology, tmp_path, monkeypatch,
                                                           dry_run):
    """The same keys in the same order, ``files`` with the same objects, as ``as_dict()``
    of a run keeping every file, on the same input in a fresh store."""
    root = _folder(tmp_path / "in")
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path / "cli"))
    args = ["load", str(root), "--json"] + (["--dry-run"] if dry_run else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2
    streamed = json.loads(result.stdout)
    store = None if dry_run else open_store(embedded_url(tmp_path / "lib"), Settings())
    try:
        whole = load_paths(store, [root], ontology, dry_run=dry_run).as_dict()
    finally:
        if store is not None:
            store.close()
    assert list(streamed) == list(whole)
    assert _without_timings(streamed) == _without_timings(whole)
    assert len(streamed["files"]) == 4


def test_the_json_writer_writes_what_json_dumps_writes(ontology, tmp_path, capsys):
    """Byte for byte, an empty list of files included."""
    from cli.load import _JsonLoadReport

    for paths in ([_folder(tmp_path / "in")], []):
        report = load_paths(None, paths, ontology, dry_run=True)
        document = _JsonLoadReport()
        for f in report.files:
            document.file(f)
        document.end(report)
        assert capsys.readouterr().out == json.dumps(report.as_dict(), indent=2,
                                                     ensure_ascii=False) + "\n"


def test_the_cli_lists_each_file_and_the_summary(tmp_path, monkeypatch):
    root = _folder(tmp_path / "in")
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path / "cli"))
    result = CliRunner().invoke(main, ["load", str(root)], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[:4] == [f"loaded    {root}/a.yaml  (1 case(s), 6 rows)",
                         f"loaded    {root}/b.yaml  (1 case(s), 6 rows)",
                         f"failed    {root}/c.yaml  (0 case(s), 0 rows)",
                         f"loaded    {root}/d-bundle  (2 case(s), 8 rows)"]
    assert lines[4].startswith("3 loaded, 1 failed; ")
    assert f"{root}/c.yaml:5: case.opened_on" in result.stderr
