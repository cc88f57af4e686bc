"""Cocaine middle market: container shipments through the twin ports Antwerp and Rotterdam.

study: most cocaine through Antwerp is destined for NL but a growing part stays in BE
(expansion); Antwerp extraction crews, paid in cocaine, rise into importing; foreign buyers are
supplied in Antwerp; tighter port controls (the Antwerp Stroomplan, February 2018) move
routes between the twin ports (the waterbed effect). Rarely controlled routes (marinas,
airfields) carry a small share. Planted otherwise (effects.py): a steady trade moving from
Rotterdam to Antwerp and from Dutch to Belgian importers (shift), or nothing changing (none).
"""

from __future__ import annotations

import math

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.rng import day_in, keyed, poisson
from generator.world import World

STROOMPLAN = 2018
ANTWERP_SHARE = {False: 0.55, True: 0.38}  # before / from the Stroomplan
#: a planted shift: Antwerp's share in the first year and its rise per year (at most 0.85)
SHIFT_SHARE = (0.25, 0.04)
FOREIGN_BUYERS = ("FR", "DE", "GB", "IT", "ES")


def antwerp_share(world: World, year: int) -> float:
    """Antwerp's share of the twin ports' traffic. Expansion (study): the Stroomplan moves
    routes to Rotterdam; shift: traffic moves from Rotterdam to Antwerp year by year; none:
    steady."""
    effect = world.effect("cocaine", "middle_market")
    if effect == "shift":
        return min(0.85, SHIFT_SHARE[0] + SHIFT_SHARE[1]
                   * world.progress(year, world.years.start))
    return ANTWERP_SHARE[year >= STROOMPLAN and effect == "expansion"]


def stays_in_belgium(world: World, year: int) -> float:
    """Share of shipments destined for Belgian groups: rising (expansion: on top of a growing
    trade; shift: faster, taken from Dutch groups in a steady trade), steady with no effect."""
    effect = world.effect("cocaine", "middle_market")
    t = world.progress(year, world.years.start)
    if effect == "none":
        return 0.15
    return min(0.5, 0.15 + 0.025 * t) if effect == "expansion" else min(0.65, 0.15 + 0.035 * t)


def crew_rises_in(world: World, crew: int) -> int | None:
    """The year an Antwerp extraction crew starts importing itself (half of them never; none
    of them where no effect is planted, as rising crews would make Belgian activity rise)."""
    rng = keyed(world.seed, "crew-rise", crew)
    rises = rng.randint(2013, 2020) if rng.random() < 0.5 else None
    return None if world.effect("cocaine", "middle_market") == "none" else rises


def _risen(world: World, crew: int, year: int) -> bool:
    rises = crew_rises_in(world, crew)
    return rises is not None and year >= rises


def _extracting_crew(world: World, crew: int, year: int) -> int | None:
    """The next crew (by index, wrapping round) that does not import for itself yet."""
    pool = world.pool("crew")
    return next((c % pool for c in range(crew + 1, crew + pool)
                 if not _risen(world, c % pool, year)), None)


def shipments(world: World, emit: Emit) -> None:
    for year in world.years:
        growth = 1 + 0.07 * world.progress(year, world.years.start)
        mean = world.scale * 10 * (growth if world.effect("cocaine", "middle_market") ==
                                   "expansion" else 1)
        mean = world.noisy(mean, "shipments", year)
        for i in range(poisson(keyed(world.seed, "shipments", year), mean)):
            _shipment(world, emit, year, i)


def route(world: World, year: int, key: tuple) -> tuple[str, str]:
    """The port a shipment came through and the day it was seized there."""
    rng = keyed(world.seed, "route", year, *key)
    antwerp = rng.random() < antwerp_share(world, year)
    port_id = "port-be-antwerpen" if antwerp else "port-nl-rotterdam"
    if rng.random() < 0.05:
        port_id = rng.choice(sorted(p for p, row in world.ports.items()
                                    if row["kind"] in ("marina", "airfield")))
    return port_id, day_in(rng, year)


def add_shipment(world: World, case: CaseFile, year: int, key: tuple, *,
                 importer_country: str | None = None) -> tuple[str, list[list[str]]]:
    """Declare one shipment with its route, importer or extractors, and destination.

    Returns the shipment id and the paths that tie it to the Netherlands.
    """
    rng = keyed(world.seed, "shipment", year, *key)
    port_id, seized = route(world, year, key)
    port_row = world.ports[port_id]
    port = case.entity("Port", port_id, name=port_row["name"], kind=port_row["kind"],
                       country=port_row["country"])
    case.link("LOCATED_IN", port, world.declare_place(
        case, world.places[port_row["municipality_id"]]), grading="A1")
    shipment = case.entity("Shipment", f"shipment-{year}-{'-'.join(map(str, key))}",
                           drug="cocaine", kg=round(rng.lognormvariate(math.log(300), 1.0), 1),
                           seized_on=seized, origin_country=rng.choice(["CO", "EC", "BR", "PA"]),
                           container=f"MSCU{rng.randrange(10**7):07d}",
                           country=port_row["country"])
    case.link("VIA", shipment, port, date=seized, grading=world.grading(case.id, "via", key))
    paths: list[list[str]] = []
    stays = rng.random() < stays_in_belgium(world, year)
    owner_country = importer_country or ("BE" if stays else "NL")
    owner = world.organisation(case, owner_country, rng.randrange(world.pool("org")), "cocaine")
    crew_index = rng.randrange(world.pool("crew")) \
        if port_row["country"] == "BE" and port_row["kind"] == "seaport" else None
    if crew_index is not None and owner_country != "BE" and _risen(world, crew_index, year):
        # a crew that imports for itself takes Belgian-bound loads, not the Dutch importers':
        # another crew (one still extracting) takes this one out, if there is one
        crew_index = _extracting_crew(world, crew_index, year)
    if crew_index is not None:
        crew = case.entity("Organisation", f"org-be-crew-{crew_index}",
                           name=f"Extractieploeg {crew_index}", base_country="BE",
                           markets=["cocaine"])
        if _risen(world, crew_index, year):
            owner, owner_country = crew, "BE"  # the crew now imports for itself
            first = world.crew_first_import.get(crew_index, year)
            world.crew_first_import[crew_index] = min(first, year)
        else:
            case.link("EXTRACTS", crew, shipment, on_behalf_of=owner, paid_in_cocaine=True,
                      date=seized, grading=world.grading(case.id, "extract", key))
            if owner_country == "NL":
                paths.append([crew, "-EXTRACTS(on_behalf_of)->", owner])
        world.note_organisation(crew, *paths)
    case.link("IMPORTS", owner, shipment, date=seized,
              grading=world.grading(case.id, "import", key))
    case.link("DESTINED_FOR", shipment, owner, grading=world.grading(case.id, "dest", key))
    if owner.startswith("org-nl-"):
        paths.append([shipment, "-DESTINED_FOR->", owner])
    elif owner.startswith("org-be-"):
        world.note_organisation(owner)  # a Belgian importer: in Belgium, for Belgium
    if owner_country == "BE" and year >= 2015 and rng.random() < 0.2:
        buyer_country = rng.choice(FOREIGN_BUYERS)
        buyer = case.entity("Organisation", f"org-{buyer_country.lower()}-{key[-1]}",
                            name=f"Buyers {buyer_country} {key[-1]}",
                            base_country=buyer_country, markets=["cocaine"])
        case.link("SUPPLIES", owner, buyer, drug="cocaine",
                  grading=world.grading(case.id, "buyer", key))
    return shipment, paths


def _shipment(world: World, emit: Emit, year: int, i: int) -> None:
    rng = keyed(world.seed, "seizure", year, i)
    port_id, seized_on = route(world, year, ("s", i))
    port = world.ports[port_id]
    country = port["country"]
    if rng.random() >= min(0.95, 0.3 * world.enforcement_factor(country, year)):
        return  # not seized: no seizure report (customs look harder where effort rose)
    case = CaseFile(f"{country.lower()}-{year}-seizure-{i:05d}", country, "seizure_report",
                    seized_on, f"Douane {port['name']}", world.grading("case", "seizure", year, i),
                    title=f"Cocaine found at {port['name']}")
    shipment, paths = add_shipment(world, case, year, ("s", i))
    truth = []
    if country == "BE":
        truth.append(("dutch_links", {"case": case.id, "entity": shipment,
                                      "kind": "shipment", "year": year,
                                      "dutch_link": bool(paths), "paths": paths}))
    emit(case, truth)
