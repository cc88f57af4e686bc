"""Every ``>>>`` example in the project's modules runs, and shows what the code does.

The modules are found by scanning the packages' source for ``>>>`` (no list to keep up: a
new doctest runs by itself), imported by their dotted name and run with the standard
``doctest`` module, one test per module. ``--doctest-modules`` is not used: it would import
the Streamlit page scripts (``explorer/pages``) and ``app.py``, and importing one runs the
page. Those scripts are checked instead to hold no example that would silently never run.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest
from conftest import REPO

#: Streamlit scripts: importing one runs the page, so their examples cannot run here.
SCRIPTS = ("explorer/pages",)
SKIPPED_DIRS = {".git", ".venv", "build", "node_modules", "tests", "__pycache__"}


def _package_modules() -> list[Path]:
    """Every ``.py`` file importable by a dotted name from the repository root: inside a
    package whose parents up to the root are packages too."""
    found = []
    for init in sorted(REPO.glob("*/__init__.py")):
        if init.parent.name in SKIPPED_DIRS:
            continue
        found += _walk(init.parent)
    return found


def _walk(package: Path) -> list[Path]:
    found = sorted(package.glob("*.py"))
    for child in sorted(p for p in package.iterdir() if p.is_dir()):
        if child.name not in SKIPPED_DIRS and (child / "__init__.py").is_file():
            found += _walk(child)
    return found


def _is_script(path: Path) -> bool:
    relative = path.relative_to(REPO).as_posix()
    return any(relative.startswith(f"{folder}/") for folder in SCRIPTS)


def _has_examples(path: Path) -> bool:
    return ">>>" in path.read_text(encoding="utf-8")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = [_module_name(p) for p in _package_modules()
           if not _is_script(p) and _has_examples(p)]


def test_the_scan_finds_the_known_examples():
    """A scan that found nothing would make every test below vanish, not fail."""
    assert {"graph.analysis.brokerage", "graph.analysis.metrics",
            "graph.model.grading"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    tests = [t for t in finder.find(module, name) if t.examples]
    assert tests, f"{name} has '>>>' in its source but doctest found no example in it"
    failed = attempted = 0
    for test in sorted(tests, key=lambda t: t.name):
        result = runner.run(test, out=report.append)
        failed, attempted = failed + result.failed, attempted + result.attempted
    assert failed == 0, "".join(report)
    assert attempted == sum(len(t.examples) for t in tests)


def test_scripts_hold_no_examples():
    """Page scripts and top-level scripts cannot be imported to run their examples."""
    scripts = [p for p in _package_modules() if _is_script(p)]
    scripts += sorted(REPO.glob("*.py"))
    assert scripts, "no script found: the scan is broken"
    holding = [p.relative_to(REPO).as_posix() for p in scripts if _has_examples(p)]
    assert not holding, f"examples that would never run (move them to a module): {holding}"
