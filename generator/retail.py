"""Retail: Dutch call centres whose couriers deliver to Belgian customers.

study: after the 2012 residence criterion closed southern Dutch coffee shops to
non-residents, Dutch suppliers brought cannabis to Belgian demand through online orders and
couriers (a shift); cocaine retail shifted the same way, through call centres run from NL
that dispatch couriers, often vulnerable youths, to customers' homes. Our choice: cocaine's
shift starts in 2014. Planted otherwise (effects.py), Belgian-run call centres take the rise
(expansion) or nothing rises (none).
"""

from __future__ import annotations

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.link_traces import Traces
from generator.rng import day_in, keyed, poisson
from generator.world import World

SHIFT_FROM = {"cannabis": 2012, "cocaine": 2014}


def true_count(world: World, drug: str, year: int, run_from: str = "NL") -> float:
    """Delivery operations into BE run from ``run_from``. Shift (study): the NL-run ones are few
    before the shift year and rise after it; expansion: they stay few while BE-run ones rise
    as much; none: only the few NL-run ones."""
    start = SHIFT_FROM[drug]
    base = 2.0 if run_from == "NL" else 0.0
    rising = world.effect(drug, "retail") == ("shift" if run_from == "NL" else "expansion")
    if year < start or not rising:
        return world.scale * base
    return world.scale * (base + 3.0 * (world.progress(year, start) + 1))


def deliveries(world: World, emit: Emit, drug: str) -> None:
    for year in world.years:
        for run_from, keys in (("NL", ()), ("BE", ("BE",))):
            mean = world.noisy(true_count(world, drug, year, run_from), "retail", drug,
                               run_from, year)
            for i in range(poisson(keyed(world.seed, "retail", drug, year, *keys), mean)):
                _operation(world, emit, drug, year, i, run_from)


def _operation(world: World, emit: Emit, drug: str, year: int, i: int, run_from: str) -> None:
    own = () if run_from == "NL" else ("BE",)  # the study's keys stay as they were
    rng = keyed(world.seed, "retail-op", drug, year, i, *own)
    belgian = world.in_country("BE")
    weights = [3.0 if p.km_to_border < 30 else 1.0 for p in belgian]
    areas = list(dict.fromkeys(rng.choices(belgian, weights, k=rng.randint(1, 3))))
    if not world.found(rng, 0.6, "BE", areas[0].district, year):
        return
    opened = day_in(rng, year)
    local = "" if run_from == "NL" else "local-"
    case = CaseFile(f"be-{year}-pv-{drug}-delivery-{local}{i:05d}", "BE", "police_report",
                    opened, f"Lokale politie {areas[0].district}",
                    world.grading("case", drug, year, i, *own),
                    title=f"Couriers delivering {drug} in {areas[0].name}")
    index = rng.randrange(world.pool("callcentre"))
    home = rng.choice([p for p in world.in_country(run_from) if p.km_to_border < 60])
    tag = "" if run_from == "NL" else "be-"
    centre = case.entity("CallCentre", f"callcentre-{run_from.lower()}-{drug}-{index}",
                         name=f"Lijn {index} ({drug})", run_from_country=run_from, drug=drug)
    case.link("LOCATED_IN", centre, world.declare_place(case, home),
              grading=world.grading(case.id, "centre"))
    dispatcher = world.person(case, run_from, rng.randrange(world.pool("person")),
                              role="dispatcher")
    case.link("EMPLOYS", centre, dispatcher, role="dispatcher",
              grading=world.grading(case.id, "dispatcher"))
    prefix = "+31 6" if run_from == "NL" else "+32 4"
    phone = case.entity("Phone", f"phone-callcentre-{tag}{drug}-{index}",
                        number=f"{prefix} {rng.randrange(10**8):08d}", encrypted=False)
    case.link("USES", dispatcher, phone, grading=world.grading(case.id, "phone"))
    paths = [[centre, "run_from_country=NL"]] if run_from == "NL" else []
    for k in range(rng.randint(1, 3)):
        young = rng.random() < 0.3
        courier_country = rng.choice(["BE", "NL"])
        courier = world.person(case, courier_country, rng.randrange(world.pool("person")),
                               role="courier", vulnerable=True if young else None)
        case.link("EMPLOYS", centre, courier, role="courier",
                  grading=world.grading(case.id, "courier", k))
        for area in areas:
            case.link("DELIVERS_IN", courier, world.declare_place(case, area),
                      grading=world.grading(case.id, "area", k, area.id))
        if run_from == "NL":
            paths.append([courier, "<-EMPLOYS-", centre])
        elif courier_country == "NL":
            paths.append([centre, "-EMPLOYS->", courier])
    forms = ["callcentre"] if run_from == "NL" else ["person"] if paths else []
    traces = Traces(world, case)
    decoy, hubs = traces.decoy(dispatcher), traces.hubs(dispatcher)
    emit(case, [("dutch_links", {"case": case.id, "entity": centre, "kind": f"{drug}_retail",
                                 "year": year, "province": areas[0].province,
                                 "district": areas[0].district, "dutch_link": bool(paths),
                                 "forms": forms, "paths": paths, "decoy": decoy,
                                 "hubs": hubs})])
