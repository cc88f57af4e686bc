"""Person records with the spelling and notation variants the person model must see
through, one family per duplicate: what ``graph/resolution/person_model.json`` is learnt on
and what its precision and recall are measured on (docs/resolution.md).

Persons are drawn as ``dismark synth`` draws them (its first and last name pools, born
1960-2003, 15 % of the other nationality); each record is written by one case file, whose
country decides the phone notation and is the region the number is read in; birth dates are
missing from 30 % of records, nationalities from 10 %, phones from 30 %. A share of persons
gets a second record, written in the way of one family:

- initial: "J. Vos" / "J. VOS"
- particle: "Jeroen van der Vos" vs "Jeroen Vos", "Van den Broeck" vs "Vandenbroeck"
- swapped: "Vos Jeroen" (no comma), "VOS Jeroen"
- diacritics: "Noël" -> "Noel", all capitals
- typo: one edit in the surname (substitution, deletion or adjacent swap)
- birth_transposed: day and month swapped (day <= 12, else year off by one)
- phone_notation: the same number as "0470 12 34 56", "+32470123456" or "0032 470 12 34 56"
- cross_border: the other country's file: "Vos, Jeroen", phone in international notation,
  residence as that file saw it (moved across the border in half of them)

    python -m evaluation.person_variants train       # learn and write the shipped model
    python -m evaluation.person_variants measure     # precision and recall per threshold
    python -m evaluation.person_variants world STORE TRUTH   # the same on a loaded
                                                             # `dismark synth` world
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from itertools import combinations
from typing import Any

from generator.world import FIRST_NAMES, LAST_NAMES, strip_accents
from graph.model.identifiers import phone_e164
from graph.resolution import person_model
from graph.resolution.candidates import model_record

FAMILIES = ("initial", "particle", "swapped", "diacritics", "typo", "birth_transposed",
            "phone_notation", "cross_border")
OTHER = {"BE": "NL", "NL": "BE"}
PARTICLED = {"Vos": "van der Vos", "Bos": "van den Bos", "Dijk": "van Dijk", "Smit": "de Smit",
             "Wit": "de Wit", "Meijer": "de Meijer", "Jansen": "Janssen"}


def national(e164: str) -> str:
    """+32470123456 -> 0470 12 34 56 ; +31612345678 -> 06-12345678."""
    if e164.startswith("+32"):
        rest = e164[3:]
        return f"0{rest[:3]} {rest[3:5]} {rest[5:7]} {rest[7:]}"
    return f"0{e164[3]}-{e164[4:]}"


def notation(e164: str, style: str) -> str:
    if style == "national":
        return national(e164)
    if style == "plus":
        return e164
    rest = e164[3:]
    return f"00{e164[1:3]} {rest[:3]} {rest[3:5]} {rest[5:7]} {rest[7:]}"


def typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(["sub", "del", "swap"])
    if kind == "sub":
        return text[:i] + rng.choice("aeiounrst") + text[i + 1:]
    if kind == "del":
        return text[:i] + text[i + 1:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def base_person(index: int, rng: random.Random) -> dict:
    country = rng.choice(["BE", "NL"])
    last = rng.choice(LAST_NAMES[country])
    return {"index": index, "country": country, "first": rng.choice(FIRST_NAMES[country]),
            "last": last, "birth": f"{rng.randint(1960, 2003)}-{rng.randint(1, 12):02d}-"
                                   f"{rng.randint(1, 28):02d}",
            "nationality": country if rng.random() < 0.85 else OTHER[country],
            "phone": (f"+32 4{rng.randrange(10**8):08d}" if country == "BE"
                      else f"+31 6{rng.randrange(10**8):08d}").replace(" ", "")}


def record(person: dict, rid: str, rng: random.Random, *, family: str | None = None) -> dict:
    """One case file's record of the person; ``family`` says how this one is written."""
    source = person["country"]
    first, last, birth = person["first"], person["last"], person["birth"]
    name = f"{first} {last}"
    phone_style = "national"
    residence = person["country"]
    if family == "initial":
        name = rng.choice([f"{first[0]}. {last}", f"{first[0]}. {last.upper()}"])
    elif family == "particle":
        core = last.split()[-1].capitalize()
        if last in PARTICLED:
            name = f"{first} {PARTICLED[last]}"
        elif " " in last:
            name = rng.choice([f"{first} {core}", f"{first} {last.replace(' ', '')}"])
        else:
            name = f"{first} {rng.choice(['van', 'de', 'van der'])} {last}"
    elif family == "swapped":
        name = rng.choice([f"{last} {first}", f"{last.upper()} {first}"])
    elif family == "diacritics":
        name = rng.choice([strip_accents(name), strip_accents(name).upper()])
    elif family == "typo":
        *particles, core = last.split()
        name = " ".join([first, *particles, typo(core, rng)])
    elif family == "birth_transposed":
        year, month, day = birth.split("-")
        birth = f"{year}-{day}-{month}" if int(day) <= 12 and day != month else \
            f"{int(year) + rng.choice([-1, 1])}-{month}-{day}"
    elif family == "phone_notation":
        phone_style = rng.choice(["plus", "zerozero"])
    elif family == "cross_border":
        source = OTHER[person["country"]]
        name = f"{last}, {first}"
        phone_style = rng.choice(["plus", "zerozero"])
        if rng.random() < 0.5:
            residence = source
    phones = [notation(person["phone"], phone_style)] if rng.random() < 0.7 else []
    return {"id": rid, "name": name,
            "birth_date": birth if rng.random() > 0.3 else None,
            "nationality": person["nationality"] if rng.random() > 0.1 else None,
            "residence_country": residence,
            "phones": [phone_e164(p, source) for p in phones],
            "cluster": f"p{person['index']}", "family": family or "original"}


def variant_records(persons: int, seed: int, duplicate_share: float = 0.3
                    ) -> list[dict[str, Any]]:
    """``persons`` persons, a ``duplicate_share`` of them with a second record."""
    rng = random.Random(seed)
    rows = []
    for index in range(persons):
        person = base_person(index, rng)
        rows.append(record(person, f"p{index}", rng))
        if rng.random() < duplicate_share:
            family = FAMILIES[index % len(FAMILIES)]
            rows.append(record(person, f"p{index}-{family}", rng, family=family))
    return rows


def measure(rows: list[dict[str, Any]], thresholds: tuple[float, ...]) -> list[dict[str, Any]]:
    """Pairwise precision and recall at each threshold (``rows`` carry their ``cluster``)."""
    return scored_against([model_record(r) for r in rows],
                          {r["id"]: r["cluster"] for r in rows}, thresholds)


def scored_against(records: list[dict[str, Any]], cluster_of: dict[str, str],
                   thresholds: tuple[float, ...]) -> list[dict[str, Any]]:
    """Pairwise precision and recall of the model on ``records`` (model records) at each
    threshold: over all true pairs (records of one cluster), and over those with evidence
    (a birth date or a phone on both sides; a name alone cannot tell a person from a
    namesake)."""
    scored = person_model.score(records)
    by_id = {r["unique_id"]: r for r in records}
    clusters = defaultdict(list)
    for record_id, cluster in cluster_of.items():
        clusters[cluster].append(record_id)
    truth = {tuple(sorted(p)) for ids in clusters.values() for p in combinations(ids, 2)}
    evident = {p for p in truth if _evidence(by_id[p[0]], by_id[p[1]])}
    out = []
    for threshold in thresholds:
        found = {(s.a, s.b) for s in scored if s.probability >= threshold}
        hits = len(found & truth)
        out.append({"threshold": threshold, "pairs": len(found),
                    "precision": round(hits / len(found), 4) if found else 1.0,
                    "recall": round(hits / len(truth), 4) if truth else 1.0,
                    "recall_with_evidence": round(len(found & evident) / len(evident), 4)
                    if evident else 1.0})
    return out


def _evidence(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool((a["birth_date"] and b["birth_date"]) or (a["phones"] and b["phones"]))


def world_clusters(records: list[dict[str, Any]], truth: dict[str, Any]) -> dict[str, str]:
    """Person id -> the person it is, from a ``dismark synth`` world's ``truth.json`` (its
    ``name_variants``: a spelling variant under an id of its own)."""
    variant_of = {v["id"]: v["person"] for v in truth.get("name_variants", ())}
    return {r["unique_id"]: variant_of.get(r["unique_id"], r["unique_id"]) for r in records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["train", "measure", "world"])
    parser.add_argument("store", nargs="?", help="world: the store the world is loaded in")
    parser.add_argument("truth", nargs="?", help="world: its truth.json")
    parser.add_argument("--persons", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.action == "train":
        rows = variant_records(args.persons, args.seed)
        model = person_model.train([model_record(r) for r in rows])
        print(f"trained on {len(rows):,} records; prior "
              f"{model['probability_two_random_records_match']:.3g}; "
              f"wrote {person_model.MODEL}")
        return
    thresholds = (0.5, 0.8, 0.9, 0.95, 0.99)
    if args.action == "world":
        import json
        from pathlib import Path

        from graph.model.ontology import load_ontology
        from graph.resolution.candidates import person_records
        from graph.store import open_store

        store = open_store(args.store)
        try:
            records = person_records(store, load_ontology())
        finally:
            store.close()
        truth = json.loads(Path(args.truth).read_text(encoding="utf-8"))
        found = scored_against(records, world_clusters(records, truth), thresholds)
    else:
        found = measure(variant_records(args.persons, args.seed + 1),  # not the training
                        thresholds)                                     # records
    print("| threshold | pairs | precision | recall | recall (with evidence) |")
    print("|---|---:|---:|---:|---:|")
    for m in found:
        print(f"| {m['threshold']} | {m['pairs']:,} | {m['precision']} | {m['recall']} | "
              f"{m['recall_with_evidence']} |")


if __name__ == "__main__":
    main()
