"""A generated world loaded into a fresh embedded store: what every evaluation starts from.

The evaluations (``dismark eval``), the query benchmark and the tests all need the same
steps: generate case files with known answers, load them through the real loader into a
store of their own, read ``truth.json`` (which is never loaded), and close the store after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator import generate
from generator.scenario import Scenario
from graph.model.ontology import load_ontology
from graph.store import GraphStore, open_store
from graph.store.config import Settings
from loaders.load import load_paths


@contextmanager
def loaded_world(folder: Path, *, seed: int, scale: float,
                 effects: Mapping[Any, str] | None = None, scenario: Scenario | None = None
                 ) -> Iterator[tuple[GraphStore, dict[str, Any]]]:
    """Generate a world (of an evaluation family's ``scenario``, default the study's) into
    ``folder/world``, load it into ``folder/graph.db``; yield the store and the world's
    truth, and close the store afterwards."""
    world = folder / "world"
    generate(world, seed=seed, scale=scale, effects=effects, scenario=scenario)
    truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    store = open_store(f"falkordb-lite:{folder / 'graph.db'}", Settings())
    try:
        report = load_paths(store, [world], load_ontology())
        if report.exit_code != 0:
            raise RuntimeError(f"the world of seed {seed}, scale {scale} did not load: "
                               f"{report.as_dict()['summary']}")
        yield store, truth
    finally:
        store.close()
