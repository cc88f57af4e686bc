"""Which reader handles which input: one small reader per format behind this registry."""

from __future__ import annotations

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
            inner = sorted(p for p in path.rglob("*")
                           if (p.is_file() and p.suffix.lower() in SUFFIXES
                               and p.name not in NOT_CASE_FILES
                               and not any(is_bundle(parent) for parent in p.parents))
                           or is_bundle(p))
            found.extend(inner)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_input(path: Path, ontology: Ontology) -> list[Case]:
    reader = reader_for(path)
    if reader is None:
        what = "does not exist" if not path.exists() else "is not a dossier or a bundle"
        raise InvalidInput([Problem(str(path), None, "", what,
                                    f"give a {', '.join(SUFFIXES)} file or a folder with "
                                    "entities.csv")])
    return reader(path, ontology)
