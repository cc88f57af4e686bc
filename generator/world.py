"""The synthetic world's fixed parts: places, people, groups, shops and enforcement effort.

Everything is a pure function of (seed, scale, kind, index), computed when a case file needs
it, so the world can be as large as the scale asks without being held in memory. Figures that
follow the DISMARK study are marked "study:"; the rest are documented choices
(docs/synthetic-data.md).
"""

from __future__ import annotations

import csv
import math
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.casefile import CaseFile
from generator.effects import STUDY_EFFECTS, Row
from generator.rng import keyed
from generator.scenario import STUDY, Scenario

HERE = Path(__file__).parent
#: study: Antwerp and Limburg provinces have the most dismantled plantations.
PROVINCE_WEIGHT = {("BE", "Antwerpen"): 3.0, ("BE", "Limburg"): 3.0}
FIRST_NAMES = {
    "BE": ["Jan", "Wouter", "Koen", "Bart", "Pieter", "Lien", "Anke", "Els", "Sofie", "Kevin",
           "Dries", "Joris", "Jens", "Noël", "Hélène", "Zoë", "Maxime", "Mehdi", "Youssef",
           "Ines", "Stijn", "Tom", "Wim", "Griet", "Nathalie"],
    "NL": ["Jeroen", "Ruud", "Sander", "Bas", "Niels", "Joost", "Sanne", "Lotte", "Fleur",
           "Daan", "Thijs", "Ruben", "Mohamed", "Anouk", "Iris", "Maarten", "Gijs", "Noor",
           "Floor", "Mels", "Chloë", "René", "Ilse", "Kees", "Ferdi"],
}
LAST_NAMES = {
    "BE": ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
           "Wouters", "De Smet", "Van den Broeck", "Dubois", "Lambert", "Vermeulen", "Dupré",
           "Van Damme", "Michiels", "Hendrickx", "El Amrani", "Vandenberghe"],
    "NL": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
           "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
           "Brouwer", "de Wit", "Dijkstra", "van der Heijden"],
}
#: study: most links are evaluated as reasonably reliable; some are low-graded (C/X).
GRADINGS = (("A1", 4), ("A2", 8), ("B2", 40), ("B3", 20), ("C3", 14), ("C4", 6), ("X4", 8))


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str
    province: str
    district: str
    lat: float
    lon: float
    km_to_border: float
    urban: bool


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


class World:
    """Places, the population pools, enforcement effort and the planted effects."""

    def __init__(self, seed: int, scale: float, years: range,
                 effects: dict[Row, str] | None = None, scenario: Scenario = STUDY):
        self.seed, self.scale, self.years = seed, scale, years
        #: per (market, echelon): expansion, shift or none (see effects.py)
        self.effects = effects or dict(STUDY_EFFECTS)
        #: how this world departs from the study's (evaluation families, see scenario.py)
        self.scenario = scenario
        #: Antwerp crew → the year of its first import for itself (truth.json's move)
        self.crew_first_import: dict[int, int] = {}
        #: Belgian organisations seen so far, with the paths that tie them to NL (few
        #: thousand at the largest scales): truth.json lists each once, at the end.
        self.belgian_organisations: dict[str, list[list[str]]] = {}
        #: persons the hubs family names in its Dutch prosecutor file (generator.link_traces)
        self.hub_named: list[str] = []

    def effect(self, market: str, echelon: str) -> str:
        return self.effects[(market, echelon)]

    def note_organisation(self, org_id: str, *paths: list[str]) -> None:
        """Remember a Belgian organisation and, if any, paths that tie it to NL (max 3)."""
        known = self.belgian_organisations.setdefault(org_id, [])
        known += [p for p in paths if p not in known][:3 - len(known)]

    # -- places --------------------------------------------------------------------------
    @cached_property
    def places(self) -> dict[str, Place]:
        with (HERE / "places.csv").open(encoding="utf-8") as handle:
            return {row["id"]: Place(row["id"], row["name"], row["country"], row["province"],
                                     row["district"], float(row["lat"]), float(row["lon"]),
                                     float(row["km_to_border"]), row["urban"] == "1")
                    for row in csv.DictReader(handle)}

    @cached_property
    def ports(self) -> dict[str, dict[str, str]]:
        with (HERE / "ports.csv").open(encoding="utf-8") as handle:
            return {row["id"]: row for row in csv.DictReader(handle)}

    def in_country(self, country: str) -> list[Place]:
        return [p for p in self.places.values() if p.country == country]

    @cached_property
    def districts(self) -> list[tuple[str, str]]:
        return sorted({(p.country, p.district) for p in self.places.values()})

    def plantation_weight(self, place: Place) -> float:
        """Where plantations are: study hotspots and the border strip."""
        return PROVINCE_WEIGHT.get((place.country, place.province), 1.0) * \
            (1.0 + 2.0 * math.exp(-place.km_to_border / 15.0))

    def declare_province(self, case: CaseFile, country: str, province: str) -> str:
        """A province with its country above it (PART_OF)."""
        country_id = case.entity("Location", f"loc-{country.lower()}",
                                 name={"BE": "België", "NL": "Nederland"}[country],
                                 level="country", country=country)
        province_id = case.entity("Location", f"loc-{country.lower()}-prov-{_slug(province)}",
                                  name=province, level="province", country=country)
        case.link("PART_OF", province_id, country_id, grading="A1")
        return province_id

    def declare_place(self, case: CaseFile, place: Place) -> str:
        """A municipality with its province and country above it (PART_OF)."""
        if place.id not in case.entities:
            province_id = self.declare_province(case, place.country, place.province)
            case.entity("Location", place.id, name=place.name, level="municipality",
                        country=place.country, lat=place.lat, lon=place.lon,
                        km_to_border=place.km_to_border)
            case.link("PART_OF", place.id, province_id, grading="A1")
        return place.id

    # -- enforcement ---------------------------------------------------------------------
    def effort(self, country: str, district: str, year: int) -> float:
        """How hard the police look in this district-year, 0.05-0.95 (the chance an event is
        found scales with it): districts differ, effort drifts over the years, and a
        scenario's enforcement multiplies it from its date (``enforcement_factor``)."""
        base = keyed(self.seed, "effort", country, district).uniform(0.25, 0.85)
        drift = keyed(self.seed, "effort", country, district, year).uniform(-0.1, 0.1)
        return min(0.95, max(0.05, base + drift))

    def enforcement_factor(self, country: str, year: int) -> float:
        """How many times the usual effort the police of ``country`` spend in ``year``: the
        scenario's enforcement factor from its year on, else 1."""
        rise = self.scenario.enforcement
        return rise.factor if rise and rise.country == country and year >= rise.year else 1.0

    def found(self, rng, share: float, country: str, district: str, year: int,
              size: float | None = None) -> bool:
        """Whether the police find an event: with chance ``share`` × effort (× the
        enforcement factor), for a site of ``size`` plants also × (size / 250)^0.4 (large
        sites are found more surely), at most 0.95. Findings follow effort in proportion
        until that ceiling."""
        effort = self.effort(country, district, year) * self.enforcement_factor(country, year)
        weight = 1.0 if size is None else (size / 250) ** 0.4
        return rng.random() < min(0.95, share * effort * weight)

    # -- how planted changes arrive, and year-to-year noise ------------------------------
    def progress(self, year: int, start: int) -> float:
        """Years of a planted change reached by ``year`` when it starts at ``start``: the
        years since (gradual, the study's), or, for a step, none before the change year and
        from it the gradual path's mean over the years after (the same change on average,
        arriving at once). The change year is ``start`` if the change starts inside the
        years, else their middle."""
        last = self.years.stop - 1
        if self.scenario.shape == "gradual":
            return max(0.0, year - start)
        jump = start if start > self.years.start else (self.years.start + last + 1) // 2
        if year < jump:
            return 0.0
        return sum(y - start for y in range(jump, last + 1)) / (last - jump + 1)

    def noisy(self, mean: float, *keys: object) -> float:
        """``mean`` times the scenario's year-to-year noise (a gamma draw of mean 1 and its
        coefficient of variation, keyed by the series and year); unchanged without noise."""
        cv = self.scenario.noise
        if not cv or mean <= 0:
            return mean
        return mean * keyed(self.seed, "noise", *keys).gammavariate(1 / cv ** 2, cv ** 2)

    # -- people --------------------------------------------------------------------------
    def pool(self, kind: str) -> int:
        """How many persons or groups of a kind exist at this scale."""
        per_unit = {"person": 400, "org": 25, "growshop": 6, "coffeeshop": 8,
                    "crew": 6, "callcentre": 4, "company": 5}[kind]
        return max(3, round(per_unit * self.scale))

    def person(self, case: CaseFile, country: str, index: int, *, role: str | None = None,
               vulnerable: bool | None = None) -> str:
        """A person of the pool, as this case file writes them (sometimes spelled otherwise).

        A case spells one in ten persons differently (no accents, an initial, or surname
        first) and gives them its own id: telling those apart is the analysts' job, and
        ``truth.json`` says who is who.
        """
        rng = keyed(self.seed, "person", country, index)
        first, last = rng.choice(FIRST_NAMES[country]), rng.choice(LAST_NAMES[country])
        canonical = f"person-{country.lower()}-{index}"
        birth = f"{rng.randint(1960, 2003)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        nationality = country if rng.random() < 0.85 else ("NL" if country == "BE" else "BE")
        variant = keyed(self.seed, "spelling", case.id, canonical)
        name, entity_id = f"{first} {last}", canonical
        if variant.random() < 0.1:
            name = variant.choice([strip_accents(name), f"{first[0]}. {last}",
                                   f"{last}, {first}"])
            entity_id = f"{canonical}-as-{_slug(name)}"
        optional = keyed(self.seed, "missing", case.id, canonical)
        case.entity("Person", entity_id, name=name,
                    birth_date=birth if optional.random() > 0.3 else None,
                    nationality=nationality if optional.random() > 0.1 else None,
                    residence_country=country,
                    roles=[role] if role else None, vulnerable=vulnerable)
        return entity_id

    def variant_of(self, entity_id: str) -> str | None:
        """The canonical person id behind a spelling variant's id, if it is one."""
        head, sep, _ = entity_id.partition("-as-")
        return head if sep else None

    def organisation(self, case: CaseFile, country: str, index: int, market: str) -> str:
        rng = keyed(self.seed, "org", country, index)
        name = f"{rng.choice(LAST_NAMES[country]).split()[-1].capitalize()}-groep" \
            if country == "NL" else f"Bende {rng.choice(LAST_NAMES[country]).split()[-1]}"
        return case.entity("Organisation", f"org-{country.lower()}-{index}",
                           name=f"{name} {index}", base_country=country, markets=[market])

    def grading(self, case_id: str, *keys: object) -> str:
        rng = keyed(self.seed, "grading", case_id, *keys)
        return rng.choices([g for g, _ in GRADINGS], [w for _, w in GRADINGS])[0]


def _slug(text: str) -> str:
    cleaned = strip_accents(text).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in cleaned).split())
