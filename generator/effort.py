"""Enforcement effort as the police publish it: one statistics case file per country-year.

The figure is the number of drug controls the police ran in the year: a thousand per unit of
the world's mean effort over the country's districts (times a scenario's rise in
enforcement), with a few per cent of reporting noise. It is how hard the police looked, not
what they found, so the verdicts can read counts per unit of effort
(``graph.study.effort``). The files go to a folder of their own (``effort/``), so an
evaluation can load a world with or without them.
"""

from __future__ import annotations

from generator.cannabis import Emit
from generator.casefile import CaseFile
from generator.rng import keyed
from generator.world import World

AGENCY = {"BE": "Federale politie - beleidsgegevens", "NL": "Politie - jaarverantwoording"}


def controls(world: World, country: str, year: int) -> float:
    """Drug controls the police of ``country`` ran in ``year``."""
    districts = sorted({d for c, d in world.districts if c == country})
    mean = sum(world.effort(country, d, year) for d in districts) / len(districts)
    noise = keyed(world.seed, "effort-figure", country, year).uniform(0.97, 1.03)
    return round(1000 * mean * world.enforcement_factor(country, year) * noise)


def statistics(world: World, emit: Emit) -> None:
    for country in ("BE", "NL"):
        for year in world.years:
            case = CaseFile(f"{country.lower()}-{year}-statistics-drug-controls", country,
                            "statistics", f"{year}-12-31", AGENCY[country], "A1",
                            title=f"Drug controls {year}")
            case.entity("EnforcementEffort", f"effort-{country.lower()}-{year}-controls",
                        country=country, year=year, measure="controls",
                        value=float(controls(world, country, year)), market="all",
                        unit="drug controls")
            emit(case, [])
