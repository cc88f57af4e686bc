"""Which reader handles which input: one small reader per format behind this registry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.errors import InvalidInput, Problem
from graph.model.case import Case
from graph.model.ontology import Ontology
from loaders.csvbundle import is_bundle, read_bundle
from loaders.dossier import SUFFIXES, read_dossier
from loaders.validate import not_a_regular_file

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
    return [Path(name) for name in input_names(paths)]


def input_names(paths: Iterable[Path]) -> list[str]:
    """``discover`` by name, each once: a ``Path`` that has been sorted keeps about 1 KB of
    parsed parts. A load holds not even the names (``loaders.run_record``)."""
    return list(dict.fromkeys(each_input_name(paths)))


def each_input_name(paths: Iterable[Path]) -> Iterator[str]:
    """The names ``input_names`` lists, as they are found: an input named twice (a folder
    and a file in it) comes twice."""
    for path in paths:
        if path.is_dir() and not is_bundle(path):
            yield from _inputs_under(str(path))
        else:
            yield str(path)


def _inputs_under(folder: str) -> Iterator[str]:
    """Dossiers and bundles under ``folder`` in path order (each folder's entries by name,
    a folder's inputs where its name sorts); a bundle's own files are not walked into, nor
    are links to folders. One listing per folder, no sort of the whole tree."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return  # unreadable, as os.walk skips it
    for entry in entries:
        if entry.is_dir():
            if is_bundle(Path(entry.path)):
                yield entry.path
            elif not entry.is_symlink():
                yield from _inputs_under(entry.path)
        elif (Path(entry.name).suffix.lower() in SUFFIXES
              and entry.name not in NOT_CASE_FILES):
            yield entry.path


def read_input(path: Path, ontology: Ontology) -> list[Case]:
    if path.is_symlink():  # a linked bundle folder; a linked file is refused on opening too
        raise not_a_regular_file(path, "is a symbolic link")
    if path.exists() and not (path.is_file() or path.is_dir()):
        raise not_a_regular_file(path, "is not a regular file")  # a FIFO, socket or device
    reader = reader_for(path)
    if reader is None:
        what = "does not exist" if not path.exists() else "is not a dossier or a bundle"
        raise InvalidInput([Problem(str(path), None, "", what,
                                    f"give a {', '.join(SUFFIXES)} file or a folder with "
                                    "entities.csv")])
    return reader(path, ontology)
