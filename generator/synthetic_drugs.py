"""Synthetic drugs (xtc, amphetamine): labs near the border, precursors, dumps and parcels.

study: production spreads into BE, mostly near the border and mostly run by (southern) Dutch
groups, while NL production persists (expansion); Belgian conversion labs serve several Dutch
groups; BE is a supply route of (pre-)precursors, originally from China and India, to NL;
chemicals such as acetone are bought from Belgian suppliers (who have a duty to report
suspicious orders); waste is dumped on both sides of the border; Dutch sellers post
online-ordered parcels from Belgian postal and courier services worldwide (a shift). Our
choice: parcels from BE rise from 2014. Planted otherwise (effects.py): NL labs fall as BE labs
rise (shift) or neither rises (none); Belgian dealers' parcels take the rise (expansion).
"""

from __future__ import annotations

import math

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.effects import production_level
from generator.link_traces import Traces, lab_configurations, posterior
from generator.rng import day_in, keyed, poisson
from generator.world import Place, World

CHEMICALS = (  # id, name, regulated, category
    ("chemical-acetone", "Aceton", False, "solvent"),
    ("chemical-pmk-glycidate", "PMK-glycidaat", True, "pre_precursor"),
    ("chemical-bmk-glycidate", "BMK-glycidaat", True, "pre_precursor"),
    ("chemical-hydrochloric-acid", "Zoutzuur", False, "reagent"),
    ("chemical-caustic-soda", "Natronloog", False, "reagent"),
)
PARCELS_FROM = 2014
#: A Belgian production lab serves a Dutch group with this chance; a lab leaves a dump site
#: with the next, across the border with the last.
DUTCH_CLIENT, DUMP_SHARE, DUMP_ABROAD = 0.75, 0.6, 0.4
PARCEL_DESTINATIONS = ("US", "AU", "GB", "DE", "FR", "JP", "CA")


def true_labs(world: World, country: str, year: int) -> float:
    """Labs in operation. Expansion (study): rising in BE, persisting in NL; shift: the labs
    BE gains are the ones NL loses; none: both flat."""
    return world.scale * production_level(
        world.effect("synthetic", "production"), country,
        world.progress(year, world.years.start), be_base=3, be_growth=0.1, nl_base=8)


def labs(world: World, emit: Emit) -> None:
    for year in world.years:
        for country in ("BE", "NL"):
            mean = world.noisy(true_labs(world, country, year), "labs", country, year)
            for i in range(poisson(keyed(world.seed, "labs", country, year), mean)):
                _lab(world, emit, country, year, i)


def _near_border(world: World, rng, country: str) -> Place:
    places = world.in_country(country)
    return rng.choices(places, [math.exp(-p.km_to_border / 15) for p in places])[0]


def _lab(world: World, emit: Emit, country: str, year: int, i: int) -> None:
    rng = keyed(world.seed, "lab", country, year, i)
    place = _near_border(world, rng, country)
    if not world.found(rng, 0.5, country, place.district, year):
        return
    found = day_in(rng, year)
    kind = "conversion" if country == "BE" and rng.random() < 0.5 else "production"
    case = CaseFile(f"{country.lower()}-{year}-pv-lab-{i:05d}", country, "police_report", found,
                    f"{'Federale gerechtelijke politie' if country == 'BE' else 'Politie'} "
                    f"{place.district}", world.grading("case", "lab", country, year, i),
                    title=f"Dismantled {kind} lab in {place.name}")
    lab = case.entity("Lab", f"lab-{country.lower()}-{year}-{i}", kind=kind,
                      drug=rng.choice(["mdma", "mdma", "amphetamine"]), dismantled_on=found,
                      country=country)
    case.link("LOCATED_IN", lab, world.declare_place(case, place), grading="A1")
    paths: list[list[str]] = []
    traces = Traces(world, case)
    served = rng.randint(2, 3) if kind == "conversion" else 1
    for k, index in enumerate(rng.sample(range(world.pool("org")), served)):
        dutch_group = country == "NL" or kind == "conversion" or rng.random() < DUTCH_CLIENT
        if not traces.recorded(f"client{k}", "NL" if dutch_group else "BE"):
            continue
        group = world.organisation(case, "NL" if dutch_group else "BE", index, "synthetic")
        case.link("PRODUCES_FOR", lab, group, grading=world.grading(case.id, "for", k))
        if group.startswith("org-be-"):
            world.note_organisation(group)
        if dutch_group and country == "BE":
            paths.append([lab, "-PRODUCES_FOR->", group])
    cook_country = rng.choice(["NL", "NL", "BE"])
    cook_index = rng.randrange(world.pool("person"))
    cook = None
    if traces.recorded("operator", cook_country):
        cook = world.person(case, cook_country, cook_index, role="cook")
        case.link("OPERATES", cook, lab, grading=world.grading(case.id, "cook"))
        if cook_country == "NL" and country == "BE":
            paths.append([lab, "<-OPERATES-", cook])
    supplier_index = rng.randrange(world.pool("company"))
    supplier = case.entity("Company", f"company-be-chemicals-{supplier_index}",
                           name=f"Chemiehandel {supplier_index} BV", kind="chemical_supplier",
                           country="BE",
                           reports_suspicious_orders=keyed(world.seed, "reports",
                                                           supplier_index).random() < 0.5)
    for chem_id, name, regulated, category in rng.sample(CHEMICALS, 3):
        chemical = case.entity("Chemical", chem_id, name=name, regulated=regulated,
                               category=category)
        case.link("USES_CHEMICAL", lab, chemical, litres=round(rng.uniform(20, 2000)),
                  grading=world.grading(case.id, "uses", chem_id))
        if not regulated:
            case.link("SUPPLIES", supplier, lab, chemical=name,
                      kg=round(rng.uniform(50, 3000)), grading=world.grading(case.id, "supply"))
    if rng.random() < DUMP_SHARE:
        abroad = rng.random() >= 1 - DUMP_ABROAD
        dump_country = ("NL" if country == "BE" else "BE") if abroad else country
        dump_place = _near_border(world, rng, dump_country)
        if traces.recorded("dump", dump_country):
            dump = case.entity("DumpSite", f"dumpsite-{case.id}", found_on=found,
                               litres=round(rng.uniform(100, 5000)), country=dump_country)
            case.link("DUMPS_AT", lab, dump, grading=world.grading(case.id, "dump"))
            case.link("LOCATED_IN", dump, world.declare_place(case, dump_place), grading="A1")
            if country == "BE" and dump_country == "NL":
                paths.append([lab, "-DUMPS_AT->", dump, "country=NL"])
    truth = []
    if country == "BE":
        decoy, hubs = traces.decoy(cook), traces.hubs(cook)
        certain = kind == "conversion"  # it serves Dutch groups only, whatever it shows
        truth.append(("dutch_links", {
            "case": case.id, "entity": lab, "kind": f"{kind}_lab", "year": year,
            "province": place.province, "district": place.district,
            "km_to_border": place.km_to_border, "dutch_link": bool(paths) or certain,
            "paths": paths, "visible": bool(paths), "decoy": decoy, "hubs": hubs,
            "true_probability": 1.0 if certain else round(posterior(lab_configurations(
                DUTCH_CLIENT, DUMP_SHARE, DUMP_ABROAD, 2 / 3), traces.recorded_facts,
                world.scenario.visibility), 6)}))
    emit(case, truth)


def precursors(world: World, emit: Emit) -> None:
    """(Pre-)precursors from China and India through Antwerp, destined for Dutch groups."""
    for year in world.years:
        for i in range(poisson(keyed(world.seed, "precursors", year), 2 * world.scale)):
            rng = keyed(world.seed, "precursor", year, i)
            seized = day_in(rng, year)
            case = CaseFile(f"be-{year}-seizure-precursor-{i:05d}", "BE", "seizure_report",
                            seized, "Douane Antwerpen", world.grading("case", "pre", year, i),
                            title="Pre-precursors in a container")
            port_row = world.ports["port-be-antwerpen"]
            port = case.entity("Port", "port-be-antwerpen", name=port_row["name"],
                               kind=port_row["kind"], country="BE")
            case.link("LOCATED_IN", port, world.declare_place(
                case, world.places[port_row["municipality_id"]]), grading="A1")
            shipment = case.entity("Shipment", f"shipment-precursor-{year}-{i}",
                                   drug="precursor", kg=round(rng.uniform(200, 8000)),
                                   seized_on=seized, origin_country=rng.choice(["CN", "IN"]),
                                   country="BE")
            case.link("VIA", shipment, port, date=seized, grading=world.grading(case.id, "via"))
            group = world.organisation(case, "NL", rng.randrange(world.pool("org")), "synthetic")
            case.link("DESTINED_FOR", shipment, group, grading=world.grading(case.id, "dest"))
            emit(case, [("dutch_links", {"case": case.id, "entity": shipment,
                                         "kind": "precursor_shipment", "year": year,
                                         "dutch_link": True,
                                         "paths": [[shipment, "-DESTINED_FOR->", group]]})])


def parcel_count(world: World, year: int, seller: str = "NL") -> float:
    """Parcels posted from BE by ``seller``'s dealers. Shift (study): Dutch sellers' parcels are
    few before 2014 and rise after; expansion: they stay few while Belgian sellers' rise as
    much; none: only the few Dutch ones."""
    base = 1.0 if seller == "NL" else 0.0
    rising = world.effect("synthetic", "retail") == ("shift" if seller == "NL" else "expansion")
    if year < PARCELS_FROM or not rising:
        return world.scale * base
    return world.scale * (base + 2.0 * (world.progress(year, PARCELS_FROM) + 1))


def parcels(world: World, emit: Emit) -> None:
    """Dealers posting parcels from Belgian postal and courier services."""
    for year in world.years:
        for seller, keys in (("NL", ()), ("BE", ("BE",))):
            mean = world.noisy(parcel_count(world, year, seller), "parcels", seller, year)
            for i in range(poisson(keyed(world.seed, "parcels", year, *keys), mean)):
                _parcel(world, emit, year, i, seller)


def _parcel(world: World, emit: Emit, year: int, i: int, seller_country: str) -> None:
    own = () if seller_country == "NL" else ("BE",)  # the study's keys stay as they were
    rng = keyed(world.seed, "parcel", year, i, *own)
    place = _near_border(world, rng, "BE")
    if not world.found(rng, 0.6, "BE", place.district, year):
        return
    seized = day_in(rng, year)
    local = "" if seller_country == "NL" else "local-"
    case = CaseFile(f"be-{year}-pv-parcels-{local}{i:05d}", "BE", "police_report", seized,
                    f"Lokale politie {place.district}",
                    world.grading("case", "parcels", year, i, *own),
                    title=f"Drug parcels posted in {place.name}")
    company_index = rng.randrange(world.pool("company"))
    carrier = case.entity("Company", f"company-be-post-{company_index}",
                          name=f"Pakjesdienst {company_index} NV",
                          kind="postal_courier", country="BE")
    case.link("LOCATED_IN", carrier, world.declare_place(case, place), grading="A1")
    seller = world.person(case, seller_country, rng.randrange(world.pool("person")),
                          role="dealer")
    parcel = case.entity("Shipment", f"shipment-parcel-{year}-{local}{i}",
                         drug=rng.choice(["mdma", "amphetamine"]),
                         kg=round(rng.uniform(0.05, 3), 2), seized_on=seized,
                         origin_country=seller_country, country="BE", parcel=True)
    case.link("SENDS", seller, parcel, date=seized, grading=world.grading(case.id, "s"))
    case.link("CARRIED_BY", parcel, carrier, grading=world.grading(case.id, "c"))
    destination = rng.choice(PARCEL_DESTINATIONS)
    abroad = case.entity("Location", f"loc-{destination.lower()}", name=destination,
                         level="country", country=destination)
    case.link("DESTINED_FOR", parcel, abroad, grading=world.grading(case.id, "d"))
    paths = [[parcel, "<-SENDS-", seller]] if seller_country == "NL" else []
    emit(case, [("dutch_links", {"case": case.id, "entity": parcel, "kind": "parcel",
                                 "year": year, "province": place.province,
                                 "dutch_link": bool(paths), "paths": paths})])
