"""Retail: Dutch call centres whose couriers deliver to Belgian customers.

study: after the 2012 residence criterion closed southern Dutch coffee shops to
non-residents, Dutch suppliers brought cannabis to Belgian demand through online orders and
couriers (a shift); cocaine retail shifted the same way, through call centres run from NL
that dispatch couriers, often vulnerable youths, to customers' homes. Our choice: cocaine's
shift starts in 2014.
"""

from __future__ import annotations

from loaders.synthetic.cannabis import Emit
from loaders.synthetic.casefile import CaseFile
from loaders.synthetic.rng import day_in, keyed, poisson
from loaders.synthetic.world import World

SHIFT_FROM = {"cannabis": 2012, "cocaine": 2014}


def true_count(world: World, drug: str, year: int) -> float:
    """Delivery operations from NL into BE: low before the shift, rising after it."""
    start = SHIFT_FROM[drug]
    return world.scale * (2.0 if year < start else 2.0 + 3.0 * (year - start + 1))


def deliveries(world: World, emit: Emit, drug: str) -> None:
    for year in world.years:
        n = poisson(keyed(world.seed, "retail", drug, year), true_count(world, drug, year))
        for i in range(n):
            _operation(world, emit, drug, year, i)


def _operation(world: World, emit: Emit, drug: str, year: int, i: int) -> None:
    rng = keyed(world.seed, "retail-op", drug, year, i)
    belgian = world.in_country("BE")
    weights = [3.0 if p.km_to_border < 30 else 1.0 for p in belgian]
    areas = list(dict.fromkeys(rng.choices(belgian, weights, k=rng.randint(1, 3))))
    if rng.random() >= 0.6 * world.effort("BE", areas[0].district, year):
        return
    opened = day_in(rng, year)
    case = CaseFile(f"be-{year}-pv-{drug}-delivery-{i:05d}", "BE", "police_report", opened,
                    f"Lokale politie {areas[0].district}", world.grading("case", drug, year, i),
                    title=f"Couriers delivering {drug} in {areas[0].name}")
    index = rng.randrange(world.pool("callcentre"))
    home = rng.choice([p for p in world.in_country("NL") if p.km_to_border < 60])
    centre = case.entity("CallCentre", f"callcentre-nl-{drug}-{index}",
                         name=f"Lijn {index} ({drug})", run_from_country="NL", drug=drug)
    case.link("LOCATED_IN", centre, world.declare_place(case, home),
              grading=world.grading(case.id, "centre"))
    dispatcher = world.person(case, "NL", rng.randrange(world.pool("person")),
                              role="dispatcher")
    case.link("EMPLOYS", centre, dispatcher, role="dispatcher",
              grading=world.grading(case.id, "dispatcher"))
    phone = case.entity("Phone", f"phone-callcentre-{drug}-{index}",
                        number=f"+31 6 {rng.randrange(10**8):08d}", encrypted=False)
    case.link("USES", dispatcher, phone, grading=world.grading(case.id, "phone"))
    paths = [[centre, "run_from_country=NL"]]
    for k in range(rng.randint(1, 3)):
        young = rng.random() < 0.3
        courier = world.person(case, rng.choice(["BE", "NL"]),
                               rng.randrange(world.pool("person")), role="courier",
                               vulnerable=True if young else None)
        case.link("EMPLOYS", centre, courier, role="courier",
                  grading=world.grading(case.id, "courier", k))
        for area in areas:
            case.link("DELIVERS_IN", courier, world.declare_place(case, area),
                      grading=world.grading(case.id, "area", k, area.id))
        paths.append([courier, "<-EMPLOYS-", centre])
    emit(case, [("dutch_links", {"case": case.id, "entity": centre, "kind": f"{drug}_retail",
                                 "year": year, "province": areas[0].province,
                                 "district": areas[0].district, "dutch_link": True,
                                 "forms": ["callcentre"], "paths": paths})])
