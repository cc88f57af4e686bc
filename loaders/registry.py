"""Which reader handles which input: one small reader per format behind this registry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.case import Case
from graph.errors import InvalidInput, Problem
from graph.ontology import Ontology
from loaders.csvbundle import is_bundle, read_bundle
from loaders.dossier import SUFFIXES, read_dossier

Reader = Callable[[Path, Ontology], list[Case]]
#: Files inside a folder that are never case files: the answer key ``dismark synth`` writes
#: beside its case files.
NOT_CASE_FILES = frozenset({"truth.json"})


def reader_for(path: Path) -> Reader | None:
    if is_bundle(path):
        return read_bundle
    if path.is_file() and path.suffix.lower() in SUFFIXES:
        return read_dossier
    return None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the inputs inside them (dossiers and bundles), in a stable order.

    A path named explicitly that no reader handles is kept, so the loader reports it.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not is_bundle(path):
            found.extend(_inputs_under(path))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _inputs_under(folder: Path) -> list[Path]:
    """Dossiers and bundles under ``folder``, sorted; a bundle's own files are not walked
    into. One walk of the tree: a load of many thousand files does not stat each file's
    parents again and again."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        bundles = {d for d in dirs if is_bundle(here / d)}
        found += [here / d for d in bundles]
        dirs[:] = sorted(d for d in dirs if d not in bundles)
        found += [here / f for f in files
                  if Path(f).suffix.lower() in SUFFIXES and f not in NOT_CASE_FILES]
    return sorted(found)


def read_input(path: Path, ontology: Ontology) -> list[Case]:
    reader = reader_for(path)
    if reader is None:
        what = "does not exist" if not path.exists() else "is not a dossier or a bundle"
        raise InvalidInput([Problem(str(path), None, "", what,
                                    f"give a {', '.join(SUFFIXES)} file or a folder with "
                                    "entities.csv")])
    return reader(path, ontology)
