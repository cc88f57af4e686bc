"""Organisations whose operations move, and organisations that only seem to.

The evaluation of displacement paths needs both (``Scenario.planted_moves`` and
``Scenario.decoy_moves``): groups that really move their sites from the Netherlands into
Belgium or back, or their imports from Rotterdam to Antwerp or back, in a known year; and
groups whose case files would fool a careless reader into seeing a move:

- ``single_operation_after``: years of operations in one place, then a single one elsewhere;
- ``both_countries``: labs in both countries every year, most of them first in one, then in
  the other;
- ``member_other_group``: a group whose own sites never leave the Netherlands, while one of its
  members later runs Belgian sites for another group (those case files name only the other);
- ``transshipment_only``: imports that always arrive at the same port, whose route stops
  passing a transshipment port.

Port moves may pass transshipment ports too, so the port that changed must be read from the
route's legs. A third of the seizure reports state the ports without their legs (the reader
falls back on the country of seizure). Every group is a new organisation (ids after the
pool's), every operation a case file of its own; ``truth.json`` lists the real moves in
``displacement_paths`` and the decoys in ``decoy_moves``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.rng import day_in, keyed
from generator.world import World

TWIN_PORTS = {"NL": "port-nl-rotterdam", "BE": "port-be-antwerpen"}
#: ports abroad on a route: where cocaine is loaded, and where containers are transshipped
ORIGINS = {"port-ec-guayaquil": ("Puerto de Guayaquil", "EC"),
           "port-br-santos": ("Porto de Santos", "BR")}
TRANSSHIPMENTS = {"port-es-algeciras": ("Puerto de Algeciras", "ES"),
                  "port-es-valencia": ("Puerto de Valencia", "ES")}
#: the real moves planted in turn: what moves, from where, to where
MOVES = (("sites", "NL", "BE"), ("ports", "NL", "BE"), ("sites", "BE", "NL"),
         ("ports", "BE", "NL"))
DECOYS = ("single_operation_after", "both_countries", "member_other_group",
          "transshipment_only")
KIND = {"sites": "sites_across_border", "ports": "shipments_between_ports"}
#: share of seizure reports that name a route's ports without their legs and order
NO_LEGS = 1 / 3


@dataclass(frozen=True)
class Op:
    """One operation to write: a site (Plantation, Lab) or an imported shipment."""

    year: int
    where: str  # a country (sites) or the port of arrival (shipments)
    site: str  # Plantation, Lab or Shipment
    org: int  # the index of the organisation whose case file it is
    on_the_way: tuple[str, ...] = ()  # origin and transshipment ports before the arrival


@dataclass
class Group:
    """An organisation planted to move or to seem to, its member and its operations."""

    index: int
    country: str
    member: int
    ops: list[Op] = field(default_factory=list)
    truth: dict = field(default_factory=dict)
    #: another organisation the member works for (member_other_group), with its country
    other: tuple[int, str] | None = None


def plan(world: World) -> list[Group]:
    """Every planted and decoy group of the world (none unless its scenario asks)."""
    scenario, groups = world.scenario, []
    org, person = world.pool("org"), world.pool("person")
    for k in range(scenario.planted_moves):
        groups.append(_move(world, keyed(world.seed, "moves", k), MOVES[k % len(MOVES)],
                            org + k, person + k, scenario.decoy_moves))
    if scenario.decoy_moves:
        per_kind = max(2, scenario.planted_moves // 4)
        for j in range(per_kind * len(DECOYS)):  # two ids each: a decoy may need another
            groups.append(_DECOY[DECOYS[j % len(DECOYS)]](
                world, keyed(world.seed, "decoys", j), org + scenario.planted_moves + 2 * j,
                person + scenario.planted_moves + j, j))
    return groups


def _years(world: World, rng: random.Random) -> tuple[range, range]:
    """Two to five years before a switch year and two to five from it, inside the period."""
    first, last = world.years.start, world.years.stop - 1
    switch = rng.randint(first + 2, last - 1)
    return (range(max(first, switch - rng.randint(2, 5)), switch),
            range(switch, min(last, switch + rng.randint(2, 5) - 1) + 1))


def _per_year(rng: random.Random, years: range) -> list[int]:
    """The years of operations: one or two a year."""
    return [y for y in years for _ in range(rng.choice((1, 1, 2)))]


def _value(what: str, country: str) -> str:
    return TWIN_PORTS[country] if what == "ports" else country


def _site(rng: random.Random, what: str) -> str:
    return "Shipment" if what == "ports" else rng.choice(("Plantation", "Lab"))


def _on_the_way(rng: random.Random, transshipped: bool) -> tuple[str, ...]:
    """The ports a shipment passes before it arrives: an origin (half of the reports name
    one) and, if it is transshipped, a transshipment port."""
    origin = (rng.choice(sorted(ORIGINS)),) if rng.random() < 0.5 else ()
    return origin + ((rng.choice(sorted(TRANSSHIPMENTS)),) if transshipped else ())


def _move(world: World, rng: random.Random, spec: tuple[str, str, str], index: int,
          member: int, transshipments: bool) -> Group:
    """A group that moves: its operations before the switch in one place, after it in the
    other; one in five leaves one operation behind in the old place for a year more."""
    what, old, new = spec
    before, after = _years(world, rng)
    site = _site(rng, what)
    transshipped = what == "ports" and transshipments and rng.random() < 0.5
    group = Group(index, old if what == "sites" else rng.choice(("NL", "BE")), member)
    for years, country in ((before, old), (after, new)):
        group.ops += [Op(y, _value(what, country), site, index,
                         _on_the_way(rng, transshipped) if what == "ports" else ())
                      for y in _per_year(rng, years)]
    left_behind = rng.random() < 0.2 and len(after) > 1
    if left_behind:
        group.ops.append(Op(after[1], _value(what, old), site, index,
                            _on_the_way(rng, transshipped) if what == "ports" else ()))
    group.truth = {"organisation": f"org-{group.country.lower()}-{index}", "kind": KIND[what],
                   "from_year": after.start, "before": _value(what, old),
                   "after": _value(what, new), "planted": "move",
                   "transshipment": transshipped, "how": f"{what} {old} to {new}",
                   "operations": {"before": sum(op.year < after.start for op in group.ops),
                                  "after": sum(op.year >= after.start for op in group.ops),
                                  "left_behind": int(left_behind)}}
    return group


def _single_operation_after(world: World, rng: random.Random, index: int, member: int,
                            j: int) -> Group:
    what = ("sites", "ports")[j // len(DECOYS) % 2]
    old, new = rng.sample(("NL", "BE"), 2)
    before, _ = _years(world, rng)
    site = _site(rng, what)
    once = min(world.years.stop - 1, before.stop + rng.randint(0, 1))
    group = Group(index, old, member, [Op(y, _value(what, old), site, index)
                                       for y in _per_year(rng, before)])
    group.ops.append(Op(once, _value(what, new), site, index))
    return _decoy(group, what, "single_operation_after",
                  f"{what} in {old} for years, then one in {new} ({once})")


def _both_countries(world: World, rng: random.Random, index: int, member: int,
                    j: int) -> Group:
    """Labs in both countries every year, and one more in the country that leads: NL until
    a year, BE from it (two in three of a side's labs, never all)."""
    before, after = _years(world, rng)
    group = Group(index, rng.choice(("NL", "BE")), member)
    for years, leading in ((before, "NL"), (after, "BE")):
        group.ops += [Op(y, country, "Lab", index) for y in years
                      for country in ("NL", "BE", leading)]
    return _decoy(group, "sites", "both_countries",
                  f"labs in NL and in BE every year, {before.start}-{after.stop - 1}; "
                  f"one more in NL until {after.start}, in BE from then")


def _member_other_group(world: World, rng: random.Random, index: int, member: int,
                        j: int) -> Group:
    """A Dutch group's own sites, all in NL; its member's later Belgian sites are for another
    group, and their case files name only that one."""
    before, after = _years(world, rng)
    site = _site(rng, "sites")
    group = Group(index, "NL", member, [Op(y, "NL", site, index)
                                        for y in _per_year(rng, before)],
                  other=(index + 1, "BE"))
    group.ops += [Op(y, "BE", site, index + 1) for y in rng.sample(list(after),
                                                                     min(len(after), 2))]
    return _decoy(group, "sites", "member_other_group",
                  f"own sites in NL; from {after.start} a member runs sites in BE for "
                  f"org-be-{index + 1}")


def _transshipment_only(world: World, rng: random.Random, index: int, member: int,
                        j: int) -> Group:
    """Imports that always arrive at one port; before the switch they pass a transshipment
    port, after it they come direct."""
    before, after = _years(world, rng)
    country = rng.choice(("NL", "BE"))
    group = Group(index, country, member)
    for years, transshipped in ((before, True), (after, False)):
        group.ops += [Op(y, TWIN_PORTS[country], "Shipment", index,
                         _on_the_way(rng, transshipped)) for y in _per_year(rng, years)]
    return _decoy(group, "ports", "transshipment_only",
                  f"imports through {TWIN_PORTS[country]} throughout; transshipped until "
                  f"{after.start}, direct from then")


def _decoy(group: Group, what: str, decoy: str, how: str) -> Group:
    group.truth = {"organisation": f"org-{group.country.lower()}-{group.index}",
                   "kind": KIND[what], "decoy": decoy, "real": False, "how": how}
    return group


_DECOY = {"single_operation_after": _single_operation_after,
          "both_countries": _both_countries, "member_other_group": _member_other_group,
          "transshipment_only": _transshipment_only}


# -- the case files -------------------------------------------------------------------------

def plant(world: World, emit: Emit) -> tuple[list[dict], list[dict]]:
    """Write every planted group's case files; (real moves, decoys) for truth.json."""
    real, decoys = [], []
    for group in plan(world):
        for n, op in enumerate(group.ops):
            _write(world, emit, group, op, n)
        (decoys if "decoy" in group.truth else real).append(group.truth)
    return real, decoys


def _write(world: World, emit: Emit, group: Group, op: Op, n: int) -> None:
    rng = keyed(world.seed, "moves-case", group.index, n)
    org_country = group.other[1] if group.other and op.org == group.other[0] else group.country
    country = op.where if op.site != "Shipment" else world.ports[op.where]["country"]
    date = day_in(rng, op.year)
    kind, seized = op.site.lower(), op.site == "Shipment"
    case = CaseFile(f"{country.lower()}-{op.year}-g{op.org:04d}-{kind}-{n:02d}", country,
                    "seizure_report" if seized else "police_report", date,
                    f"{'Douane' if seized else 'Politie'} {country}",
                    world.grading("case", "moves", op.org, n),
                    title="Seized shipment" if seized else f"Dismantled {kind}")
    market = {"Plantation": "cannabis", "Lab": "synthetic", "Shipment": "cocaine"}[op.site]
    org = world.organisation(case, org_country, op.org, market)
    person = world.person(case, group.country, group.member, role="leader")
    case.link("MEMBER_OF", person, org, grading=world.grading(case.id, "member"))
    if seized:
        entity = _shipment(world, case, rng, op, date, org)
        case.link("IMPORTS", org, entity, date=date, grading=world.grading(case.id, "imports"))
        case.link("DESTINED_FOR", entity, org, grading=world.grading(case.id, "dest"))
    else:
        entity = _site_entity(world, case, rng, op, date)
        case.link("OPERATES", org, entity, grading=world.grading(case.id, "org"))
        case.link("OPERATES", person, entity, grading=world.grading(case.id, "person"))
    truth = []
    if country == "BE":
        if org_country == "BE":
            world.note_organisation(org)
        paths = [[entity, "<-IMPORTS-" if seized else "<-OPERATES-", org]] \
            if org_country == "NL" else []
        truth.append(("dutch_links", {"case": case.id, "entity": entity,
                                      "kind": kind if op.site != "Lab" else "production_lab",
                                      "year": op.year, "dutch_link": bool(paths),
                                      "paths": paths}))
    emit(case, truth)


def _site_entity(world: World, case: CaseFile, rng: random.Random, op: Op, date: str) -> str:
    places = world.in_country(op.where)
    place = rng.choices(places, [math.exp(-p.km_to_border / 15) for p in places])[0]
    entity_id = f"{op.site.lower()}-{op.where.lower()}-{op.year}-g{op.org}-{case.id[-2:]}"
    if op.site == "Plantation":
        plants = int(min(30_000, max(1000, rng.lognormvariate(math.log(2500), 0.6))))
        case.entity("Plantation", entity_id, plant_count=plants, indoor=True,
                    dismantled_on=date, country=op.where, professional=True)
    else:
        case.entity("Lab", entity_id, kind="production", drug=rng.choice(["mdma",
                                                                           "amphetamine"]),
                    dismantled_on=date, country=op.where)
    case.link("LOCATED_IN", entity_id, world.declare_place(case, place), grading="A1")
    return entity_id


def _shipment(world: World, case: CaseFile, rng: random.Random, op: Op, date: str,
              org: str) -> str:
    """The shipment and its route: ports on the way, then the port of arrival (its legs and
    order stated, except in a third of the reports)."""
    arrival = world.ports[op.where]
    entity_id = f"shipment-{op.year}-g{op.org}-{case.id[-2:]}"
    case.entity("Shipment", entity_id, drug="cocaine",
                kg=round(rng.lognormvariate(math.log(300), 1.0), 1), seized_on=date,
                origin_country=rng.choice(["CO", "EC", "BR", "PA"]), country=arrival["country"])
    case.link("LOCATED_IN", case.entity("Port", op.where, name=arrival["name"],
                                        kind=arrival["kind"], country=arrival["country"]),
              world.declare_place(case, world.places[arrival["municipality_id"]]),
              grading="A1")
    legs = rng.random() >= NO_LEGS
    route = [*op.on_the_way, op.where]
    for order, port in enumerate(route, 1):
        if port != op.where:
            name, country = {**ORIGINS, **TRANSSHIPMENTS}[port]
            case.entity("Port", port, name=name, kind="seaport", country=country)
        leg = "destination" if port == op.where else \
            "origin" if port in ORIGINS else "transshipment"
        case.link("VIA", entity_id, port, date=date if port == op.where else None,
                  grading=world.grading(case.id, "via", port),
                  leg=leg if legs else None, order=order if legs else None)
    return entity_id
