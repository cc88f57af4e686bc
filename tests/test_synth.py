"""The synthetic generator keeps its promises: reproducible, valid, and true to the study."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from generator import EFFECTS, STUDY_EFFECTS, generate, parse_effect
from generator.cannabis import true_count as plantations_in_operation
from generator.casework import STUDY_FILES
from generator.effects import resolve_effects
from generator.synthetic_drugs import true_labs as labs_in_operation
from generator.world import World
from loaders.load import load_paths, read_all


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


# -- planted effects: counterfactual scenarios ---------------------------------------------
FIRST_THIRD, LAST_THIRD = range(2008, 2013), range(2018, 2023)
#: the direction each effect must show in the case files, per series and country (retail:
#: the country the suppliers run from); "flat" means neither "rises" nor "falls" (see trend)
PLANTED_DIRECTIONS = {
    "shift": {("plantations", "BE"): {"rises"}, ("plantations", "NL"): {"falls"},
              ("shipments via port", "BE"): {"rises"}, ("shipments via port", "NL"): {"falls"},
              ("shipments destined", "BE"): {"rises"}, ("shipments destined", "NL"): {"falls"},
              ("cannabis deliveries", "NL"): {"rises"}, ("cannabis deliveries", "BE"): {"flat"},
              ("cocaine deliveries", "NL"): {"rises"}, ("cocaine deliveries", "BE"): {"flat"},
              ("parcels", "NL"): {"rises"}, ("parcels", "BE"): {"flat"}},
    "expansion": {("plantations", "BE"): {"rises"}, ("plantations", "NL"): {"flat", "rises"},
                  # the study's own expansion: flat prosecutor files dilute the Belgian rise
                  ("shipments destined", "BE"): {"flat", "rises"},
                  ("shipments destined", "NL"): {"flat", "rises"},
                  ("cannabis deliveries", "BE"): {"rises"},
                  ("cannabis deliveries", "NL"): {"flat", "rises"},
                  ("cocaine deliveries", "BE"): {"rises"},
                  ("cocaine deliveries", "NL"): {"flat", "rises"},
                  ("parcels", "BE"): {"rises"}, ("parcels", "NL"): {"flat", "rises"}},
    "none": {(series, country): {"flat"} for country in ("BE", "NL")
             for series in ("plantations", "shipments via port", "shipments destined",
                            "cannabis deliveries", "cocaine deliveries", "parcels")},
}


def activity(out: Path, ontology) -> Counter:
    """Counts per (series, country, year), read back through the loader's own readers."""
    reports, cases = read_all([out], ontology)
    assert not [p for r in reports for p in r.problems]
    counts: Counter = Counter()
    for case in cases:
        year = int(case.opened_on[:4])
        for entity in case.entities.values():
            props = entity.properties
            if entity.label == "Plantation":
                counts["plantations", props["country"], year] += 1
            elif entity.label == "CallCentre":
                counts[f"{props['drug']} deliveries", props["run_from_country"], year] += 1
            elif entity.label == "Shipment" and props.get("parcel"):
                counts["parcels", props["origin_country"], year] += 1
        for link in case.links.values():
            if link.type not in ("VIA", "DESTINED_FOR"):
                continue
            shipment, other = case.entities[link.source], case.entities[link.target]
            if shipment.properties.get("drug") != "cocaine":
                continue
            seized = int(shipment.properties["seized_on"][:4])
            if link.type == "VIA":
                counts["shipments via port", other.properties["country"], seized] += 1
            elif link.type == "DESTINED_FOR":
                counts["shipments destined", other.properties["base_country"], seized] += 1
    return counts


def trend(counts: Counter, series: str, country: str) -> str:
    """Last third of the years against the first: "rises" when up by a quarter and by more
    than three standard deviations of the noise, "falls" when down likewise, else "flat".

    Shipments come in clusters (a prosecutor file holds 1-4), which triples their variance
    over a Poisson count's (E[k²]/E[k] = 7.5/2.5)."""
    first = sum(counts[series, country, year] for year in FIRST_THIRD)
    last = sum(counts[series, country, year] for year in LAST_THIRD)
    dispersion = 3 if series.startswith("shipments") else 1
    beyond_noise = abs(last - first) > 3 * (dispersion * (first + last)) ** 0.5
    if beyond_noise and last >= 1.25 * first:
        return "rises"
    if beyond_noise and 1.25 * last <= first:
        return "falls"
    return "flat"


@pytest.fixture(scope="module")
def planted(tmp_path_factory, ontology) -> dict[str, tuple[Counter, dict]]:
    """One world per effect, every row planted with it (seed 11, scale 3): counts and truth."""
    worlds = {}
    for effect in EFFECTS:
        out = tmp_path_factory.mktemp(effect)
        generate(out, seed=11, scale=3, effects={row: effect for row in STUDY_EFFECTS})
        worlds[effect] = (activity(out, ontology),
                          json.loads((out / "truth.json").read_text(encoding="utf-8")))
    return worlds


@pytest.mark.parametrize("effect", EFFECTS)
def test_each_planted_effect_shows_in_the_case_files(planted, effect):
    counts, _ = planted[effect]
    seen = {key: trend(counts, *key) for key in PLANTED_DIRECTIONS[effect]}
    wrong = {key: found for key, found in seen.items()
             if found not in PLANTED_DIRECTIONS[effect][key]}
    assert not wrong, (wrong, seen)


@pytest.mark.parametrize("effect", EFFECTS)
def test_truth_records_the_planted_effects(planted, effect):
    _, truth = planted[effect]
    records = truth["planted_effects"]
    assert [(r["market"], r["echelon"]) for r in records] == list(STUDY_EFFECTS)
    assert all(r["effect"] == effect for r in records)
    assert all(set(r) == {"market", "echelon", "effect", "from", "interventions", "how"}
               for r in records)
    if effect == "none":
        assert all(r["from"] == 2008 and r["interventions"] == [] for r in records)
        assert truth["displacement_paths"] == []  # no crew rises into importing


def test_default_effects_are_the_studys_explicit_ones(tmp_path):
    generate(tmp_path / "default", seed=5, scale=0.3)
    generate(tmp_path / "explicit", seed=5, scale=0.3, effects=dict(STUDY_EFFECTS))
    generate(tmp_path / "named", seed=5, scale=0.3,
             effects={"cannabis/production": "expansion", "cocaine/retail": "shift"})
    assert _digest(tmp_path / "default") == _digest(tmp_path / "explicit") == \
        _digest(tmp_path / "named")
    truth = json.loads((tmp_path / "default" / "truth.json").read_text(encoding="utf-8"))
    assert {(r["market"], r["echelon"]): r["effect"] for r in truth["planted_effects"]} == {
        ("cannabis", "production"): "expansion", ("cannabis", "retail"): "shift",
        ("synthetic", "production"): "expansion", ("synthetic", "retail"): "shift",
        ("cocaine", "middle_market"): "expansion", ("cocaine", "retail"): "shift"}


def test_planting_one_row_leaves_the_other_rows_case_files_alone(tmp_path):
    generate(tmp_path / "study", seed=4, scale=0.5)
    generate(tmp_path / "moved", seed=4, scale=0.5, effects={"cannabis/production": "shift"})

    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (folder / "cases").rglob("*.json")}
    study, moved = files(tmp_path / "study"), files(tmp_path / "moved")
    changed = {name for name in study.keys() | moved.keys()
               if study.get(name) != moved.get(name)}
    assert changed and all(name.startswith("nl-") and "-pv-plantation-" in name
                           for name in changed)
    truth = json.loads((tmp_path / "moved" / "truth.json").read_text(encoding="utf-8"))
    assert [r["effect"] for r in truth["planted_effects"]] == [
        "shift", "shift", "expansion", "shift", "expansion", "shift"]


def test_an_unknown_row_or_effect_is_refused(tmp_path):
    with pytest.raises(ValueError, match="cannabis/production"):
        generate(tmp_path, effects={"heroin/retail": "shift"})
    with pytest.raises(ValueError, match="expansion, shift, none"):
        generate(tmp_path, effects={("cocaine", "retail"): "contraction"})
    assert not (tmp_path / "truth.json").exists()
    assert parse_effect("cocaine/middle_market=none") == (("cocaine", "middle_market"), "none")
    with pytest.raises(ValueError, match="market/echelon=effect"):
        parse_effect("cocaine/middle_market")


def test_belgian_run_retail_names_its_dutch_couriers_only(planted):
    _, truth = planted["expansion"]
    retail = [r for r in truth["dutch_links"] if r["kind"] in ("cannabis_retail",
                                                               "cocaine_retail")]
    local = [r for r in retail if r["entity"].startswith("callcentre-be-")]
    assert local and any(r["dutch_link"] for r in local) and not all(
        r["dutch_link"] for r in local)
    assert all(bool(r["paths"]) == r["dutch_link"] for r in retail)
    assert all(p[2].startswith("person-nl-") for r in local for p in r["paths"])


@pytest.mark.parametrize(("effect", "plantations_2022", "labs_2022"), [
    # t = 14 years after 2008; worked out by hand from docs/synthetic-data.md
    ("expansion", (40 * 2.12, 60 * 0.93), (3 * 2.4, 8)),
    ("shift", (40 * 2.12, 60 - 44.8), (3 * 2.4, 8 - 4.2)),
    ("none", (40, 60), (3, 8)),
])
def test_planted_production_rates(effect, plantations_2022, labs_2022):
    """Labs are too few for the case-file counts above to show a trend at a quick scale, so
    the rates themselves are checked, plantations alongside."""
    world = World(1, 1.0, range(2008, 2023), resolve_effects(
        {"cannabis/production": effect, "synthetic/production": effect}))
    for country, plantations, labs in zip(("BE", "NL"), plantations_2022, labs_2022,
                                          strict=True):
        assert plantations_in_operation(world, country, 2022) == pytest.approx(plantations)
        assert labs_in_operation(world, country, 2022) == pytest.approx(labs)
        assert plantations_in_operation(world, country, 2008) == (40 if country == "BE" else 60)
        assert labs_in_operation(world, country, 2008) == (3 if country == "BE" else 8)
