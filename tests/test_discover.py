"""Which files a load reads from a folder, and in which order: the order decides which case's
properties win when two name the same entity, so it must not depend on how it is computed."""

from __future__ import annotations

import shutil
from pathlib import Path

from loaders.registry import discover, input_names

REPO = Path(__file__).resolve().parent.parent
DOSSIER = REPO / "data" / "demo" / "be-2014-lim-plantation-lommel.yaml"
BUNDLE = REPO / "data" / "demo" / "bundle-nl-police-export"


def _folder(root: Path) -> Path:
    """Names whose path order differs from their text order ('a/…' < 'a-b/…' < 'a.yaml'
    by parts, not by characters), a bundle, upper case, a link to a folder and the answer
    key ``dismark synth`` writes."""
    for name in ("a/x.yaml", "a-b/y.yaml", "a.yaml", "B/z.YAML"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DOSSIER, root / name)
    shutil.copytree(BUNDLE, root / "B" / "bundle")
    (root / "notes.txt").write_text("not a case file", encoding="utf-8")
    (root / "truth.json").write_text("{}", encoding="utf-8")
    (root / "linked").symlink_to(root / "a", target_is_directory=True)
    return root


def test_a_folder_yields_its_inputs_in_path_order_without_bundles_insides_or_links(tmp_path):
    root = _folder(tmp_path)
    assert discover([root]) == [root / "B" / "bundle", root / "B" / "z.YAML",
                                root / "a" / "x.yaml", root / "a-b" / "y.yaml",
                                root / "a.yaml"]
    assert discover([root]) == sorted(discover([root]))


def test_names_are_the_discovered_paths_as_text_once_each(tmp_path):
    root = _folder(tmp_path)
    again = root / "a.yaml"
    names = input_names([root, again, root / "missing.yaml"])
    assert names == [str(p) for p in discover([root])] + [str(root / "missing.yaml")]
    assert all(type(name) is str for name in names)
