"""The load ledger: which input files are in the graph, told by their SHA-256.

Every loaded case file node records the SHA-256 of the input its content came from and when
that content was written (``graph.store.cypher.cases_statement``). The node is written in the same
atomic statement as the rest of the case, so an entry in the ledger means the whole file is
in the graph. An analyst can then answer "is this exported file already loaded?" from the
bytes of the file alone, and an auditor can tie the graph back to the files it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher
from loaders.csvbundle import is_bundle
from loaders.registry import discover

_CHUNK = 1 << 20


@dataclass(frozen=True)
class LedgerEntry:
    case_id: str
    #: SHA-256 (hex) of the input the case's current content came from; None for a case
    #: loaded before the ledger existed, until it is loaded again
    file_sha256: str | None
    #: when this content was written (UTC, ISO 8601); a reload of the same content keeps it
    loaded_at: str | None
    #: the content digest (``graph.model.case.Case.digest``)
    digest: str


@dataclass(frozen=True)
class FileCheck:
    path: str
    sha256: str
    #: the loaded cases whose content came from a file with these bytes (empty: not loaded)
    cases: tuple[str, ...]

    @property
    def in_graph(self) -> bool:
        return bool(self.cases)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def input_sha256(path: Path) -> str:
    """SHA-256 of a dossier's bytes; for a CSV bundle (a folder), of its manifest.

    The manifest has one ``<sha256>  <relative path>`` line per file in the folder, sorted
    by path: what ``cd BUNDLE && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs
    sha256sum | sha256sum`` prints, so anyone can check a bundle's hash without dismark.
    """
    if not is_bundle(path):
        return _file_sha256(path)
    files = sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*") if p.is_file())
    manifest = "".join(f"{_file_sha256(p)}  {name}\n" for name, p in files)
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def ledger(store: GraphStore, ontology: Ontology) -> list[LedgerEntry]:
    """Every case file in the graph with the hash of its input and when it was loaded."""
    result = store.read(cypher.ledger_entries_query(ontology),
                        max_rows=store.settings.row_ceiling)
    return [LedgerEntry(**record) for record in result.records()]


def check_files(store: GraphStore, paths: Iterable[Path], ontology: Ontology
                ) -> list[FileCheck]:
    """For each input under ``paths`` (folders expanded as the loader does): is a file with
    exactly these bytes in the graph, and as which cases. Files are hashed, not parsed."""
    inputs = discover(paths)
    missing = [Problem(str(p), None, "", "does not exist",
                       "give a dossier, a CSV bundle or a folder of them") for p in inputs
               if not p.exists()]
    if missing:
        raise InvalidInput(missing)
    hashed = [(str(path), input_sha256(path)) for path in inputs]
    found: dict[str, list[str]] = {}
    if hashed:
        rows = store.read(cypher.cases_from_files_query(ontology),
                          {"hashes": sorted({sha for _, sha in hashed})},
                          max_rows=store.settings.row_ceiling).rows
        for sha, case_id in rows:
            found.setdefault(sha, []).append(case_id)
    return [FileCheck(path, sha, tuple(found.get(sha, ()))) for path, sha in hashed]
