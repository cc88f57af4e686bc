"""Streaming writers: each case file goes to disk as soon as it is complete.

Memory stays flat however large the scale: nothing but the current case is held. Output is
byte-for-byte reproducible (insertion order, no timestamps, fixed formatting).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

from generator.casefile import CaseFile
from graph.model.ontology import Ontology
from graph.model.values import LIST_SEPARATOR
from loaders.csvbundle import CASES, ENTITIES, LINKS

CASE_COLUMNS = ("id", "country", "kind", "opened_on", "agency", "title", "grading")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class DossierWriter:
    """One JSON dossier per case, one entity or link per line (readable, quick to load)."""

    def __init__(self, out: Path):
        self.root = out / "cases"

    def write(self, case: CaseFile) -> None:
        folder = self.root / case.opened_on[:4]
        folder.mkdir(parents=True, exist_ok=True)
        d = case.dossier()
        lines = ["{", f' "case": {_json(d["case"])},', ' "entities": [']
        lines.append(",\n".join(f"  {_json(e)}" for e in d["entities"]))
        lines += [" ],", ' "links": [', ",\n".join(f"  {_json(x)}" for x in d["links"]),
                  " ]", "}"]
        (folder / f"{case.id}.json").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def close(self) -> None:
        pass


class BundleWriter:
    """One CSV bundle (cases.csv, entities.csv, links.csv) for the whole world."""

    def __init__(self, out: Path, ontology: Ontology):
        folder = out / "bundle"
        folder.mkdir(parents=True, exist_ok=True)
        self.entity_columns = sorted({p for n in ontology.nodes.values() for p in n.properties}
                                     - {"id", "type", "reference", "case_id"})
        self.link_columns = sorted({p for r in ontology.relationships.values()
                                    if not r.derived for p in r.properties})
        self._files: list[TextIO] = []
        self.cases = self._open(folder / CASES, CASE_COLUMNS)
        self.entities = self._open(folder / ENTITIES,
                                   ("case_id", "type", "id", "reference", *self.entity_columns))
        self.links = self._open(folder / LINKS, ("case_id", "type", "source", "target", "id",
                                                 "date", "grading", *self.link_columns))

    def _open(self, path: Path, columns: tuple[str, ...]) -> csv.DictWriter:
        handle = path.open("w", newline="", encoding="utf-8")
        self._files.append(handle)
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        return writer

    def write(self, case: CaseFile) -> None:
        header = case.dossier()["case"]
        self.cases.writerow({k: header.get(k, "") for k in CASE_COLUMNS})
        for e in case.entities.values():
            row = {"case_id": case.id, "type": e["type"], "id": e["id"],
                   "reference": "true" if e.get("reference") else ""}
            row.update({k: _cell(v) for k, v in e.get("properties", {}).items()})
            self.entities.writerow(row)
        for link in case.links.values():
            row = {"case_id": case.id, **{k: link[k] for k in ("type", "source", "target")},
                   "id": link.get("id", ""), "date": link.get("date", ""),
                   "grading": link.get("grading", "")}
            row.update({k: _cell(v) for k, v in link.get("properties", {}).items()})
            self.links.writerow(row)

    def close(self) -> None:
        for handle in self._files:
            handle.close()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


class TruthWriter:
    """``truth.json``, with its long lists streamed through part files and joined at the end."""

    STREAMED = ("dutch_links", "name_variants")

    def __init__(self, out: Path):
        self.path = out / "truth.json"
        self._parts = {name: (out / f".truth.{name}.part").open("w", encoding="utf-8")
                       for name in self.STREAMED}
        self._counts = dict.fromkeys(self.STREAMED, 0)

    def add(self, section: str, record: dict[str, Any]) -> None:
        part = self._parts[section]
        part.write((",\n" if self._counts[section] else "") + "  " + _json(record))
        self._counts[section] += 1

    def close(self, summary: dict[str, Any]) -> None:
        with self.path.open("w", encoding="utf-8") as out:
            out.write("{\n")
            for key, value in summary.items():
                out.write(f' "{key}": {json.dumps(value, ensure_ascii=False, indent=1)},\n')
            for i, name in enumerate(self.STREAMED):
                part = self._parts[name]
                part.close()
                out.write(f' "{name}": [\n')
                with open(part.name, encoding="utf-8") as source:
                    for line in source:
                        out.write(line)
                out.write("\n ]" + ("," if i < len(self.STREAMED) - 1 else "") + "\n")
                Path(part.name).unlink()
            out.write("}\n")
