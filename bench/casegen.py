"""Bulk dossiers of a known shape, for load benchmarks and the kill tests.

Not the synthetic world of the study (that is ``dismark synth``); just many valid rows:
persons in organisations, phones they use and contacts between them, so every row goes
through the real reader, validation and write path.
"""

from __future__ import annotations

import json
import random
from pathlib import Path


def bulk_dossier(case_id: str, persons: int, *, seed: int = 7) -> dict:
    """A dossier with ``persons`` persons, a phone each, organisations and contacts.

    Rows: 1 case + persons + persons phones + persons/50 organisations, and links:
    persons MEMBER_OF + persons USES + persons CONTACT.
    """
    rng = random.Random(seed)
    orgs = max(1, persons // 50)
    entities = [{"type": "Organisation", "id": f"{case_id}-org-{i}",
                 "properties": {"name": f"Groep {i}", "base_country": rng.choice(["BE", "NL"])}}
                for i in range(orgs)]
    links = []
    for i in range(persons):
        person, phone = f"{case_id}-p-{i}", f"{case_id}-ph-{i}"
        entities.append({"type": "Person", "id": person, "properties": {
            "name": f"Persoon {i} Van Dijk-Dupré", "nationality": rng.choice(["BE", "NL"]),
            "roles": [rng.choice(["courier", "grower", "dealer"])]}})
        entities.append({"type": "Phone", "id": phone, "properties": {"number": f"+32 4{i:08d}"}})
        links.append({"type": "MEMBER_OF", "source": person, "target": f"{case_id}-org-{i % orgs}"})
        links.append({"type": "USES", "source": person, "target": phone})
        links.append({"type": "CONTACT", "source": person,
                      "target": f"{case_id}-p-{rng.randrange(persons)}",
                      "id": f"{case_id}-c-{i}", "properties": {"kind": "call", "count": i % 9 + 1}})
    return {"case": {"id": case_id, "country": "BE", "kind": "police_report",
                     "opened_on": f"20{10 + seed % 12}-03-0{1 + seed % 9}",
                     "agency": "Federale Gerechtelijke Politie", "grading": "B2"},
            "entities": entities, "links": links}


def rows_of(persons: int) -> int:
    """Rows a ``bulk_dossier`` of that size holds (entities + links + the case)."""
    return 1 + max(1, persons // 50) + 2 * persons + 3 * persons


def write_bulk(folder: Path, files: int, persons: int) -> list[Path]:
    """Write ``files`` bulk dossiers as JSON (quicker to parse than YAML at this size)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        path = folder / f"bulk-{n:03d}.json"
        path.write_text(json.dumps(bulk_dossier(f"bulk-{n:03d}", persons, seed=n),
                                   ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths
