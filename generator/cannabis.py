"""Cannabis production: plantations on both sides of the border, found as enforcement allows.

study: Belgian plantations rise while Dutch ones persist (expansion); the chance of a Dutch
link rises with plantation size; Dutch links come as Dutch persons involved, growth material
bought at Dutch grow shops and harvest sold to Dutch coffee shops; Belgian grow shops appear.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from generator.casefile import CaseFile
from generator.effects import production_level
from generator.link_traces import (
    PLANTATION_FORMS,
    Traces,
    plantation_configurations,
    posterior,
)
from generator.rng import day_in, keyed, logistic, poisson
from generator.world import Place, World

#: First year Belgian grow shops sell growth material (they appear over the period), and the
#: share of plantations without a Dutch grow shop that buy there from then on.
BE_GROWSHOPS_FROM = 2011
BE_SHOP_SHARE = 0.6
#: study: southern Dutch coffee shops closed to non-residents (residence criterion).
SOUTHERN_PROVINCES = {"Limburg", "Noord-Brabant", "Zeeland"}
COFFEESHOP_NAMES = ("De Kroon", "Het Anker", "De Vlinder", "Groen Licht", "De Molen")

Emit = Callable[[CaseFile, list[tuple[str, dict]]], None]


def true_count(world: World, country: str, year: int) -> float:
    """Plantations in operation. Expansion (study): rising in BE, persisting in NL; shift: the
    plantations BE gains are the ones NL loses; none: both flat."""
    return world.scale * production_level(
        world.effect("cannabis", "production"), country,
        world.progress(year, world.years.start), be_base=40, be_growth=0.08, nl_base=60,
        nl_drift=0.005)


def dutch_link_probability(plant_count: int, km_to_border: float) -> float:
    """study: rises with the plantation's size; our choice: falls with distance to NL."""
    return logistic(-3.2 + 0.55 * math.log(plant_count) - 0.02 * km_to_border)


def plantations(world: World, emit: Emit) -> None:
    for year in world.years:
        for country in ("BE", "NL"):
            n = poisson(keyed(world.seed, "plantations", country, year),
                        world.noisy(true_count(world, country, year), "plantations", country,
                                    year))
            for i in range(n):
                _plantation(world, emit, country, year, i)


def _choose_place(world: World, rng, country: str) -> Place:
    places = world.in_country(country)
    return rng.choices(places, [world.plantation_weight(p) for p in places])[0]


def growshop(world: World, case: CaseFile, country: str, index: int) -> str:
    rng = keyed(world.seed, "growshop", country, index)
    place = _choose_place(world, rng, country)
    shop = case.entity("Growshop", f"growshop-{country.lower()}-{index}",
                       name=f"Growshop {place.name} {index}", country=country,
                       bona_fide=rng.random() < 0.4)
    case.link("LOCATED_IN", shop, world.declare_place(case, place), grading="A1")
    return shop


def coffeeshop(world: World, case: CaseFile, index: int) -> str:
    rng = keyed(world.seed, "coffeeshop", index)
    place = _choose_place(world, rng, "NL")
    shop = case.entity("Coffeeshop", f"coffeeshop-nl-{index}",
                       name=f"Coffeeshop {rng.choice(COFFEESHOP_NAMES)} {index}",
                       municipality=place.name, country="NL",
                       residence_criterion=place.province in SOUTHERN_PROVINCES)
    case.link("LOCATED_IN", shop, world.declare_place(case, place), grading="A1")
    return shop


def _plantation(world: World, emit: Emit, country: str, year: int, i: int) -> None:
    rng = keyed(world.seed, "plantation", country, year, i)
    place = _choose_place(world, rng, country)
    plants = int(min(30_000, max(10, rng.lognormvariate(math.log(250), 1.1))))
    if not world.found(rng, 0.5, country, place.district, year, size=plants):
        return  # never found: no case file mentions it
    found = day_in(rng, year)
    case = CaseFile(f"{country.lower()}-{year}-pv-plantation-{i:05d}", country, "police_report",
                    found, f"{'Lokale politie' if country == 'BE' else 'Politie'} "
                    f"{place.district}", world.grading("case", country, year, i),
                    title=f"Dismantled plantation in {place.name}")
    site = case.entity("Plantation", f"plantation-{country.lower()}-{year}-{i}",
                       plant_count=plants, indoor=rng.random() < 0.9, dismantled_on=found,
                       country=country, professional=plants >= 1000)
    case.link("LOCATED_IN", site, world.declare_place(case, place), grading="A1")
    dutch = country == "NL" or rng.random() < dutch_link_probability(plants,
                                                                     place.km_to_border)
    forms = _dutch_forms(rng) if dutch else set()
    traces = Traces(world, case)
    paths: list[list[str]] = []
    grower_country = "NL" if "person" in forms or country == "NL" else "BE"
    grower_index, grower = rng.randrange(world.pool("person")), None
    if traces.recorded("operator", grower_country):
        grower = world.person(case, grower_country, grower_index, role="grower")
        case.link("OPERATES", grower, site, grading=world.grading(case.id, "grower"))
        if "person" in forms:
            paths.append([site, "<-OPERATES-", grower])
    org = None
    if plants >= 1000:
        org_index = rng.randrange(world.pool("org"))
        if grower:  # the group is known with its member
            org = world.organisation(case, grower_country, org_index, "cannabis")
            case.link("OPERATES", org, site, grading=world.grading(case.id, "org"))
            case.link("MEMBER_OF", grower, org, grading=world.grading(case.id, "member"))
    if "growshop" in forms or country == "NL":
        shop_index = rng.randrange(world.pool("growshop"))
        if traces.recorded("equipment", "NL"):
            shop = growshop(world, case, "NL", shop_index)
            case.link("BOUGHT_EQUIPMENT_AT", site, shop, grading=world.grading(case.id, "shop"))
            if country == "BE":
                paths.append([site, "-BOUGHT_EQUIPMENT_AT->", shop])
    elif year >= BE_GROWSHOPS_FROM and rng.random() < BE_SHOP_SHARE:
        opened = max(1, round(world.pool("growshop") * (year - BE_GROWSHOPS_FROM + 1) / 8))
        shop_index = rng.randrange(min(opened, world.pool("growshop")))
        if traces.recorded("equipment", "BE"):
            shop = growshop(world, case, "BE", shop_index)
            case.link("BOUGHT_EQUIPMENT_AT", site, shop, grading=world.grading(case.id, "shop"))
    if "coffeeshop" in forms or (country == "NL" and rng.random() < 0.5):
        outlet_index = rng.randrange(world.pool("coffeeshop"))
        if traces.recorded("outlet", "NL"):
            outlet = coffeeshop(world, case, outlet_index)
            case.link("SELLS_TO", site, outlet, drug="cannabis",
                      kg=round(plants * 0.03, 1), grading=world.grading(case.id, "harvest"))
            if country == "BE":
                paths.append([site, "-SELLS_TO->", outlet])
    truth = []
    if org and org.startswith("org-be-"):
        world.note_organisation(org, *([org, "-OPERATES->", *path] for path in paths))
    if country == "BE":
        decoy, hubs = traces.decoy(grower), traces.hubs(grower)
        be_shop = BE_SHOP_SHARE if year >= BE_GROWSHOPS_FROM else 0.0
        truth.append(("dutch_links", {
            "case": case.id, "entity": site, "kind": "plantation", "year": year,
            "province": place.province, "district": place.district,
            "km_to_border": place.km_to_border, "plant_count": plants,
            "dutch_link": dutch, "forms": sorted(forms), "paths": paths,
            "visible": bool(paths), "decoy": decoy, "hubs": hubs,
            "true_probability": round(posterior(plantation_configurations(
                dutch_link_probability(plants, place.km_to_border), be_shop),
                traces.recorded_facts, world.scenario.visibility), 6)}))
    emit(case, truth)


def _dutch_forms(rng) -> set[str]:
    """Which forms a Dutch link takes (at least one)."""
    forms = {form for form, p in PLANTATION_FORMS if rng.random() < p}
    return forms or {rng.choice(["person", "growshop", "coffeeshop"])}
