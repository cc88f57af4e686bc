"""``dismark synth``: synthetic case files with known answers, calibrated on the DISMARK study.

Real dossiers are confidential; analyses, benchmarks and demos need case files whose true
answers are known. ``generate`` writes them in the project's own formats (so they go through
the real loader) and ``truth.json`` beside them. See docs/synthetic-data.md.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import (
    cannabis,
    casework,
    cocaine,
    effort,
    link_traces,
    moves,
    retail,
    synthetic_drugs,
)
from generator.casefile import CaseFile
from generator.effects import EFFECTS, STUDY_EFFECTS, Row, parse_effect, resolve_effects
from generator.planted import planted_effects
from generator.scenario import STUDY, Scenario
from generator.world import World
from generator.writers import BundleWriter, DossierWriter, TruthWriter
from graph.model.ontology import load_ontology

FORMATS = ("dossier", "csv")
__all__ = ["EFFECTS", "FORMATS", "STUDY_EFFECTS", "Summary", "generate", "parse_effect",
           "planted_effects"]


@dataclass
class Summary:
    case_files: Counter = field(default_factory=Counter)
    entities: int = 0
    links: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"case_files": dict(sorted(self.case_files.items())),
                "case_files_total": sum(self.case_files.values()), "entities": self.entities,
                "links": self.links, "seconds": round(self.seconds, 2)}


def generate(out: Path, *, seed: int = 1, scale: float = 1.0, years: range = range(2008, 2023),
             fmt: str = "dossier", effects: Mapping[Row | str, str] | None = None,
             scenario: Scenario | None = None) -> Summary:
    """Write the synthetic world's case files and ``truth.json`` into ``out``.

    ``effects`` plants a counterfactual per market × echelon (``{"cannabis/production":
    "shift"}``: expansion, shift or none); rows not named keep the study's verdict.
    ``scenario`` departs from the study's world in the ways of an evaluation family
    (``generator.scenario``); without it the world is the study's.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    chosen = resolve_effects(effects)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed, scale, years, chosen, scenario or STUDY)
    writer = DossierWriter(out) if fmt == "dossier" else BundleWriter(out, load_ontology())
    truth = TruthWriter(out)
    summary = Summary()
    variants: set[str] = set()

    def emit(case: CaseFile, records: list[tuple[str, dict]]) -> None:
        writer.write(case)
        summary.case_files[f"{case.country} {case.kind}"] += 1
        summary.entities += len(case.entities)
        summary.links += len(case.links)
        for section, record in records:
            if section == "dutch_links":  # the case shows the tie itself: no doubt left
                record.setdefault("true_probability", float(record["dutch_link"]))
            truth.add(section, record)
        for entity_id in case.entities:
            canonical = world.variant_of(entity_id)
            if canonical and entity_id not in variants:
                variants.add(entity_id)
                truth.add("name_variants", {"id": entity_id, "person": canonical})

    casework.interventions(world, emit)
    cannabis.plantations(world, emit)
    for drug in ("cannabis", "cocaine"):
        retail.deliveries(world, emit, drug)
    cocaine.shipments(world, emit)
    synthetic_drugs.labs(world, emit)
    synthetic_drugs.precursors(world, emit)
    synthetic_drugs.parcels(world, emit)
    casework.prosecutor_files(world, emit)
    casework.mla_requests(world, emit)
    moved, decoys = moves.plant(world, emit)
    link_traces.hub_file(world, emit)
    if world.scenario.effort_data:  # in a folder of its own: loaded or not, as asked
        figures = DossierWriter(out / "effort")

        def emit_figures(case: CaseFile, records: list[tuple[str, dict]]) -> None:
            figures.write(case)
            summary.case_files[f"{case.country} {case.kind}"] += 1
            summary.entities += len(case.entities)

        effort.statistics(world, emit_figures)
    for org, paths in sorted(world.belgian_organisations.items()):
        truth.add("dutch_links", {"entity": org, "kind": "organisation",
                                  "dutch_link": bool(paths), "paths": paths,
                                  "true_probability": float(bool(paths))})
    writer.close()
    meta = {"seed": seed, "scale": scale, "years": [years.start, years.stop - 1], "format": fmt}
    if world.scenario != STUDY:
        meta["scenario"] = world.scenario.as_dict()
    decoy_moves = {"decoy_moves": decoys} if world.scenario.decoy_moves else {}
    truth.close({"meta": meta,
                 "planted_effects": planted_effects(world),
                 "displacement_paths": displacement_paths(world) + moved, **decoy_moves,
                 "enforcement_effort": {f"{c} {d}": {str(y): round(world.effort(c, d, y), 3)
                                                     for y in years}
                                        for c, d in world.districts}})
    summary.seconds = time.perf_counter() - started
    return summary


def displacement_paths(world: World) -> list[dict]:
    """Antwerp extraction crews that rise into importing, from the year of their first
    recorded import (a crew that rose but never imported in the years has not moved); the
    moves planted by a scenario are added by ``generator.moves``."""
    out = []
    for crew in range(world.pool("crew")):
        year = world.crew_first_import.get(crew)
        if year is not None:
            out.append({"organisation": f"org-be-crew-{crew}", "kind": "extraction_to_import",
                        "from_year": year, "before": "EXTRACTS", "after": "IMPORTS",
                        "how": "EXTRACTS shipments on behalf of others, paid in cocaine, "
                               "then IMPORTS shipments itself"})
    return out
