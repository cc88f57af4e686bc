"""The synthetic generator keeps its promises: reproducible, valid, and true to the study."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from loaders.load import load_paths
from loaders.synthetic import generate
from loaders.synthetic.casework import STUDY_FILES


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, dict]:
    """Scale 3: enough plantations for the statistics below, still quick."""
    out = tmp_path_factory.mktemp("synth")
    generate(out, seed=11, scale=3)
    return out, json.loads((out / "truth.json").read_text(encoding="utf-8"))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for fmt in ("dossier", "csv"):
        generate(tmp_path / f"a-{fmt}", seed=5, scale=0.3, fmt=fmt)
        generate(tmp_path / f"b-{fmt}", seed=5, scale=0.3, fmt=fmt)
        generate(tmp_path / f"c-{fmt}", seed=6, scale=0.3, fmt=fmt)
        assert _digest(tmp_path / f"a-{fmt}") == _digest(tmp_path / f"b-{fmt}")
        assert _digest(tmp_path / f"a-{fmt}") != _digest(tmp_path / f"c-{fmt}")


@pytest.mark.parametrize("fmt", ["dossier", "csv"])
def test_everything_written_passes_the_loaders_checks(tmp_path, ontology, fmt):
    generate(tmp_path, seed=2, scale=0.5, fmt=fmt)
    report = load_paths(None, [tmp_path], ontology, dry_run=True)
    failed = [problem for f in report.failed for problem in f.problems]
    assert not failed, failed[:10]
    assert sum(len(f.cases) for f in report.files) > 300


def test_everything_written_loads_into_the_graph(falkor_store, ontology, tmp_path):
    summary = generate(tmp_path, seed=3, scale=0.2)
    report = load_paths(falkor_store, [tmp_path], ontology)
    assert report.exit_code == 0
    assert falkor_store.read("MATCH (c:CaseFile) WHERE c.digest IS NOT NULL "
                             "RETURN count(c)").scalar() == sum(summary.case_files.values())


def test_scale_one_has_the_studys_case_material(tmp_path):
    summary = generate(tmp_path, seed=1, scale=1)
    files = summary.case_files
    assert files["BE prosecutor_file"] == STUDY_FILES["BE"] == 59
    assert files["NL prosecutor_file"] == STUDY_FILES["NL"] == 63
    assert files["BE mla_request"] + files["NL mla_request"] == STUDY_FILES["MLA"] == 92
    assert files["BE police_report"] > 100 and files["NL police_report"] > 100


def test_dutch_link_rate_rises_with_plantation_size(world):
    _, truth = world
    sites = sorted((r["plant_count"], r["dutch_link"]) for r in truth["dutch_links"]
                   if r["kind"] == "plantation")
    assert len(sites) > 400
    quarter = len(sites) // 4
    rates = [sum(d for _, d in sites[i * quarter:(i + 1) * quarter]) / quarter
             for i in range(4)]
    assert rates == sorted(rates) and rates[3] - rates[0] > 0.25, rates


def test_antwerp_and_limburg_lead_belgian_plantations(world):
    _, truth = world
    by_province = Counter(r["province"] for r in truth["dutch_links"]
                          if r["kind"] == "plantation")
    assert {p for p, _ in by_province.most_common(2)} == {"Antwerpen", "Limburg"}


def test_the_retail_shift_after_2012_shows_in_the_raw_series(world):
    out, _ = world
    per_year = Counter(int(p.parent.name) for p in (out / "cases").rglob("*-cannabis-delivery-*"))
    before = sum(per_year[y] for y in range(2008, 2012)) / 4
    after = sum(per_year[y] for y in range(2016, 2020)) / 4
    assert after > 3 * before, per_year


def test_antwerps_share_of_seizures_drops_after_the_stroomplan(world):
    out, _ = world
    seizures = [(int(p.parent.name), p.name.startswith("be-"))
                for p in (out / "cases").rglob("*-seizure-*")]
    def share(years):
        found = [be for year, be in seizures if year in years]
        return sum(found) / len(found)
    assert share(range(2008, 2018)) > share(range(2018, 2023)) + 0.05


def test_every_dutch_link_names_its_paths_and_every_variant_its_person(world):
    _, truth = world
    linked = [r for r in truth["dutch_links"] if r["dutch_link"]]
    assert linked and all(r["paths"] for r in linked)
    assert all(not r["paths"] for r in truth["dutch_links"] if not r["dutch_link"])
    variants = truth["name_variants"]
    assert variants and all(v["id"].startswith(v["person"] + "-as-") for v in variants)
    assert {(e["market"], e["echelon"]) for e in truth["planted_effects"]} == {
        (market, echelon) for market in ("cannabis", "synthetic", "cocaine")
        for echelon in ("production" if market != "cocaine" else "middle_market", "retail")}


def test_belgian_conversion_labs_serve_several_dutch_groups_near_the_border(world):
    _, truth = world
    labs = [r for r in truth["dutch_links"] if r["kind"] == "conversion_lab"]
    assert labs and all(len([p for p in r["paths"] if p[1] == "-PRODUCES_FOR->"]) >= 2
                        for r in labs)
    be_labs = [r for r in truth["dutch_links"] if r["kind"].endswith("_lab")]
    assert sum(r["km_to_border"] for r in be_labs) / len(be_labs) < 25


def test_the_two_milieus_integrate_over_the_years(world):
    out, _ = world
    def foreign_share(years):
        members = foreign = 0
        for path in (out / "cases").rglob("be-*-prosecutor-*.json"):
            if int(path.parent.name) in years:
                people = [e for e in json.loads(path.read_text())["entities"]
                          if e["type"] == "Person"]
                members += len(people)
                foreign += sum(e["id"].startswith("person-nl-") for e in people)
        return foreign / members
    assert foreign_share(range(2018, 2023)) > foreign_share(range(2008, 2013)) + 0.1


def test_every_belgian_organisation_has_a_verdict(world):
    _, truth = world
    verdicts = {r["entity"]: r for r in truth["dutch_links"] if r["kind"] == "organisation"}
    crews = [v for k, v in verdicts.items() if k.startswith("org-be-crew-")]
    assert crews and any(v["dutch_link"] for v in crews)
    assert all(k.startswith("org-be-") for k in verdicts)
    assert all(bool(v["paths"]) == v["dutch_link"] for v in verdicts.values())
