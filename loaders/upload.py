"""Case files uploaded through the explorer: staged in a private folder, checked, then loaded.

The explorer hands over (name, bytes) pairs from the browser. Names are the user's: only the
base name is kept and reduced to safe characters, so nothing is written outside the folder
staged for this upload (a fresh ``tempfile.TemporaryDirectory``, never a path shared between
sessions). Dossiers (``.yaml``, ``.yml``, ``.json``) are staged as they are; ``cases.csv``,
``entities.csv`` and ``links.csv`` together form one CSV bundle. Checking and loading are
``loaders.load.load_paths`` itself (dry run, then write), so an upload is judged exactly as
``dismark load`` would judge the same files, and a file still enters whole or not at all.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphStore
from loaders.csvbundle import CASES, ENTITIES, LINKS
from loaders.dossier import SUFFIXES
from loaders.load import FileReport, LoadReport, Progress, load_paths

#: Largest upload, all files together: beyond it, load on the server with ``dismark load``.
MAX_UPLOAD_MB = 50
#: The folder an upload's CSV files are staged in, as one bundle.
BUNDLE = "bundle"
BUNDLE_FILES = (CASES, ENTITIES, LINKS)
ACCEPTED = (*SUFFIXES, ".csv")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    data: bytes


@dataclass
class UploadResult:
    """What became of an upload: the loader's report (a dry run when only checked), and every
    problem with the file named as the user named it."""

    report: LoadReport
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def loadable(self) -> list[FileReport]:
        """Files that passed every check (valid in a dry run)."""
        return [f for f in self.report.files if f.status != "failed"]


def safe_name(name: str) -> str:
    """The base name of an uploaded file, in safe characters: ``../../etc/x.yaml`` →
    ``x.yaml``, ``C:\\cases\\a b.yaml`` → ``a_b.yaml``. ``InvalidInput`` when nothing is left."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip(".")
    if not cleaned or not Path(cleaned).suffix or Path(cleaned).stem in ("", "_"):
        raise InvalidInput([Problem(name or "(no name)", None, "", "not a usable file name",
                                    "name the file like be-2024-ant-0031.yaml")])
    return cleaned


def stage(uploads: Iterable[Upload], folder: Path) -> tuple[list[Path], list[Problem]]:
    """Write the uploads into ``folder`` (dossiers at its top, CSV files in one bundle
    folder) and return the paths to load and the problems that keep a file out."""
    uploads = list(uploads)
    problems: list[Problem] = []
    total = sum(len(u.data) for u in uploads)
    if total > MAX_UPLOAD_MB * 1024 * 1024:
        return [], [Problem("upload", None, "", f"{total / 1024 / 1024:.1f} MB in all; the "
                            f"limit is {MAX_UPLOAD_MB} MB",
                            "upload fewer files at a time, or load them on the server with "
                            "`dismark load`")]
    paths: list[Path] = []
    seen: set[str] = set()
    for upload in uploads:
        try:
            name = safe_name(upload.name)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        suffix = Path(name).suffix.lower()
        if suffix not in ACCEPTED:
            problems.append(Problem(name, None, "", "not a dossier or a bundle file",
                                    f"upload {', '.join(SUFFIXES)} dossiers or a bundle's "
                                    f"{', '.join(BUNDLE_FILES)}"))
            continue
        if suffix == ".csv" and name not in BUNDLE_FILES:
            problems.append(Problem(name, None, "", "a CSV file that is not part of a bundle",
                                    f"a bundle's files are named {', '.join(BUNDLE_FILES)}"))
            continue
        if name in seen:
            problems.append(Problem(name, None, "", "uploaded twice",
                                    "give each file its own name"))
            continue
        seen.add(name)
        target = folder / BUNDLE / name if suffix == ".csv" else folder / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(upload.data)
        if suffix != ".csv":
            paths.append(target)
    csv_names = seen & set(BUNDLE_FILES)
    if csv_names and ENTITIES not in csv_names:
        problems.append(Problem(BUNDLE, None, "", f"{ENTITIES} is missing",
                                f"a bundle needs {', '.join(BUNDLE_FILES)}"))
    elif csv_names:
        paths.append(folder / BUNDLE)
    return paths, problems


def problems_of(file_report: FileReport) -> list[Problem]:
    """A failed file's problems with line and field apart; a failure the reader did not
    word as problems (a store error) keeps the report's text."""
    return file_report.issues or [Problem(file_report.path, None, "", text)
                                  for text in file_report.problems]


def as_uploaded(problem: Problem, folder: Path) -> Problem:
    """The problem with the staging folder taken out of its file name and message."""
    prefix = f"{folder}/"
    return Problem(problem.source.removeprefix(prefix), problem.line, problem.field,
                   problem.message.replace(prefix, ""), problem.fix)


def upload_cases(uploads: Iterable[Upload], ontology: Ontology,
                 store: GraphStore | None = None, *,
                 progress: Progress | None = None) -> UploadResult:
    """Check the uploads and, given a store, load every file that passes (each whole or not
    at all). Without a store nothing is written: the dry run the explorer shows first."""
    with tempfile.TemporaryDirectory(prefix="dismark-upload-") as tmp:
        folder = Path(tmp)
        paths, problems = stage(uploads, folder)
        report = load_paths(store, paths, ontology, dry_run=store is None, progress=progress)
        for file_report in report.files:
            problems.extend(problems_of(file_report))
            file_report.path = file_report.path.removeprefix(f"{folder}/")
            file_report.problems = [p.replace(f"{folder}/", "") for p in file_report.problems]
        return UploadResult(report, [as_uploaded(p, folder) for p in problems])
