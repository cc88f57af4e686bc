"""Small dossiers for loader tests, written as real YAML files."""

from __future__ import annotations

from pathlib import Path

import yaml

HEADER = {"country": "BE", "kind": "prosecutor_file", "opened_on": "2016-04-12",
          "agency": "Parket Limburg", "grading": "B2"}


#: A dossier with exactly three problems: a broken date, an unknown type, a dangling link.
BROKEN = """case:
  id: be-2017-ant-001
  country: BE
  kind: prosecutor_file
  opened_on: 2017-13-45
  agency: Parket Antwerpen
  grading: B2
entities:
  - type: Person
    id: p-1
    properties: {name: Anke Peeters}
  - type: Submarine
    id: s-1
links:
  - type: CONTACT
    source: p-1
    target: p-404
"""


def plantation_case(case_id: str = "be-2016-lim-007", **header) -> dict:
    """A Limburg plantation run by a Dutch grower, equipped from a Dutch grow shop."""
    return {
        "case": {"id": case_id, **HEADER, **header},
        "entities": [
            {"type": "Person", "id": "p-vos", "properties": {
                "name": "Jeroen Vos", "nationality": "NL", "roles": ["grower"]}},
            {"type": "Plantation", "id": "pl-lommel", "properties": {
                "plant_count": 1200, "indoor": True, "dismantled_on": "2016-04-10"}},
            {"type": "Growshop", "id": "gs-eindhoven", "properties": {
                "name": "Groene Vingers", "country": "NL", "bona_fide": False}},
        ],
        "links": [
            {"type": "OPERATES", "source": "p-vos", "target": "pl-lommel"},
            {"type": "BOUGHT_EQUIPMENT_AT", "source": "pl-lommel", "target": "gs-eindhoven",
             "grading": "A1", "date": "2016-01-03"},
        ],
    }


def write(folder: Path, name: str, dossier: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(dossier, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path
