"""Prosecutor files, mutual-legal-assistance requests and the interventions.

study: the case material was 59 Belgian prosecutor files on the cocaine middle market, 92 MLA
requests and 63 Dutch prosecutor files; at ``--scale 1`` we write exactly as many (times the
scale otherwise). Every MLA request ties one Belgian and one Dutch prosecutor file.
"""

from __future__ import annotations

import math
from itertools import pairwise

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.cocaine import add_shipment
from generator.rng import keyed
from generator.world import World

STUDY_FILES = {"BE": 59, "NL": 63, "MLA": 92}
#: (id, name, date, country, market, echelon, kind, provinces, agency)
INTERVENTIONS = (
    ("intervention-nl-residence-criterion", "Residence criterion (I-criterion)", "2012-05-01",
     "NL", "cannabis", "retail", "policy", ("Limburg", "Noord-Brabant", "Zeeland"),
     "OM Zuid-Nederland"),
    ("intervention-nl-taskforce-brabant-zeeland", "Taskforce Brabant-Zeeland", "2012-01-01",
     "NL", "all", "all", "enforcement", ("Noord-Brabant", "Zeeland"),
     "Taskforce Brabant-Zeeland"),
    ("intervention-be-stroomplan", "Stroomplan Antwerpen", "2018-02-01", "BE", "cocaine",
     "middle_market", "enforcement", ("Antwerpen",), "Federale gerechtelijke politie Antwerpen"),
)


def _all(world: World) -> tuple[tuple, ...]:
    rise = world.scenario.enforcement
    if rise is None:
        return INTERVENTIONS
    provinces = tuple(sorted({p.province for p in world.in_country(rise.country)}))
    extra = (f"intervention-{rise.country.lower()}-enforcement-{rise.year}",
             f"Intensified drug enforcement {rise.year}", rise.on, rise.country, "all", "all",
             "enforcement", provinces, "Federale politie" if rise.country == "BE" else "Politie")
    return (*INTERVENTIONS, extra)


def integration(world: World, year: int) -> float:
    """Share of a group's members from the other country: the two milieus integrate over
    the years (study: actors from both countries integrate where a market expands); they stay
    apart where the cocaine middle market is planted as a shift or as no change."""
    if world.effect("cocaine", "middle_market") != "expansion":
        return 0.15
    return min(0.5, 0.15 + 0.02 * (year - world.years.start))


def file_count(world: World, kind: str) -> int:
    return max(1, round(STUDY_FILES[kind] * world.scale))


def file_year(world: World, kind: str, j: int) -> int:
    """Files spread evenly over the years; where the cocaine middle market is planted as a
    shift, Belgian files grow three times as frequent from first year to last and Dutch
    ones the reverse (the investigations follow the trade)."""
    years, n = list(world.years), file_count(world, kind)
    if kind == "MLA" or world.effect("cocaine", "middle_market") != "shift":
        return years[j * len(years) // n]
    q = (j + 0.5) / n if kind == "BE" else 1 - (j + 0.5) / n
    x = (math.sqrt(1 + 8 * q) - 1) / 2  # inverse of F(x) = (x + x²) / 2: density (1 + 2x) / 2
    return years[min(len(years) - 1, int((x if kind == "BE" else 1 - x) * len(years)))]


def file_id(world: World, country: str, j: int) -> str:
    return f"{country.lower()}-{file_year(world, country, j)}-prosecutor-{j:05d}"


def prosecutor_files(world: World, emit: Emit) -> None:
    for country in ("BE", "NL"):
        for j in range(file_count(world, country)):
            _prosecutor_file(world, emit, country, j)


def _prosecutor_file(world: World, emit: Emit, country: str, j: int) -> None:
    rng = keyed(world.seed, "prosecutor", country, j)
    year = file_year(world, country, j)
    district = "Antwerpen" if country == "BE" else rng.choice(["Rotterdam", "Oost-Brabant",
                                                               "Zeeland-West-Brabant"])
    case = CaseFile(file_id(world, country, j), country, "prosecutor_file",
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    f"{'Parket' if country == 'BE' else 'Openbaar Ministerie'} {district}",
                    world.grading("case", "prosecutor", country, j),
                    title="Cocaine import network")
    group = world.organisation(case, country, rng.randrange(world.pool("org")), "cocaine")
    members = []
    mixed = integration(world, year)
    for k in range(rng.randint(3, 8)):
        member_country = country if rng.random() >= mixed else ("NL" if country == "BE" else "BE")
        member = world.person(case, member_country, rng.randrange(world.pool("person")),
                              role=rng.choice(["leader", "broker", "extractor", "courier",
                                               "financier"]))
        case.link("MEMBER_OF", member, group, grading=world.grading(case.id, "member", k))
        members.append((member, member_country))
        phone = case.entity("Phone", f"phone-{case.id}-{k}",
                            number=f"+{32 if member_country == 'BE' else 31} "
                                   f"{rng.randrange(10**9):09d}",
                            encrypted=rng.random() < 0.4)
        case.link("USES", member, phone, grading=world.grading(case.id, "phone", k))
    for a, b in pairwise(members):
        case.link("CONTACT", a[0], b[0], kind=rng.choice(["call", "message", "meeting"]),
                  count=rng.randint(1, 60), grading=world.grading(case.id, "contact", a[0]))
    paths = [[m, "-MEMBER_OF->", group] for m, c in members if c == "NL"]
    for k in range(rng.randint(1, 4)):
        _, shipment_paths = add_shipment(world, case, year, ("p", country, j, k),
                                            importer_country=country)
        paths += shipment_paths
    truth = []
    if country == "BE":
        world.note_organisation(group, *paths)
        truth.append(("dutch_links", {"case": case.id, "entity": group,
                                      "kind": "organisation", "year": year,
                                      "dutch_link": bool(paths), "paths": paths}))
    emit(case, truth)


def mla_requests(world: World, emit: Emit) -> None:
    """Each request names a Belgian and a Dutch prosecutor file and persons in both."""
    for j in range(file_count(world, "MLA")):
        rng = keyed(world.seed, "mla", j)
        be = file_id(world, "BE", rng.randrange(file_count(world, "BE")))
        nl = file_id(world, "NL", rng.randrange(file_count(world, "NL")))
        requester = rng.choice(["BE", "NL"])
        year = max(int(be[3:7]), int(nl[3:7]))
        case = CaseFile(f"{requester.lower()}-{year}-mla-{j:05d}", requester, "mla_request",
                        f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "Parket Antwerpen" if requester == "BE" else "Internationaal "
                        "Rechtshulpcentrum Zuid", world.grading("case", "mla", j),
                        title="Request for mutual legal assistance")
        source, target = (be, nl) if requester == "BE" else (nl, be)
        case.reference("CaseFile", source)
        case.reference("CaseFile", target)
        case.link("ASSISTANCE_REQUEST", source, target,
                  kind=rng.choice(["mla", "mla", "mirror_investigation", "jit",
                                   "information_exchange"]),
                  grading=world.grading(case.id, "request"))
        case.link("ASSISTANCE_REQUEST", case.id, target, kind="mla",
                  grading=world.grading(case.id, "self"))
        for k in range(rng.randint(1, 3)):
            person = world.person(case, rng.choice(["BE", "NL"]),
                                  rng.randrange(world.pool("person")))
            other = world.person(case, rng.choice(["BE", "NL"]),
                                 rng.randrange(world.pool("person")))
            if person != other:
                case.link("CONTACT", person, other, kind="call",
                          grading=world.grading(case.id, "contact", k))
        emit(case, [])


def interventions(world: World, emit: Emit) -> None:
    """One case file per intervention: the measure and where it applies; a scenario's rise
    in enforcement is one more, over every province of its country."""
    for key, name, on, country, market, echelon, kind, provinces, agency in _all(world):
        case = CaseFile(f"{country.lower()}-{on[:4]}-{key.split('-', 2)[2]}", country,
                        "police_report", on, agency, "A1", title=name)
        measure = case.entity("Intervention", key, name=name, on=on, country=country,
                              market=market, echelon=echelon, kind=kind)
        for province in provinces:
            case.link("APPLIES_TO", measure, world.declare_province(case, country, province),
                      grading="A1")
        emit(case, [])
