"""A load folder cannot smuggle in other files: a symbolic link or a special file inside it
is refused with a clear error, and nothing of what it points to is read or quoted back
(issue 21, finding 7: a link to /etc/shadow had its lines echoed in error messages)."""

from __future__ import annotations

import os
import shutil

from click.testing import CliRunner
from conftest import REPO, embedded_url

from cli import main

DOSSIER = REPO / "data" / "demo" / "be-2014-lim-plantation-lommel.yaml"
BUNDLE = REPO / "data" / "demo" / "bundle-nl-police-export"
#: what a file outside the load folder holds: /etc/shadow's shape, YAML a parser accepts
SECRET = "root:$6$TOPSECRET-HASH:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n"


def test_links_and_special_files_in_a_load_folder_are_refused_unread(tmp_path, monkeypatch):
    secret = tmp_path / "elsewhere" / "shadow"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(DOSSIER, folder / "good.yaml")
    (folder / "shadow.yaml").symlink_to(secret)
    (folder / "linked-bundle").symlink_to(BUNDLE, target_is_directory=True)
    bundle = folder / "bundle"
    shutil.copytree(BUNDLE, bundle)
    (bundle / "entities.csv").unlink()
    (bundle / "entities.csv").symlink_to(secret)
    os.mkfifo(folder / "pipe.yaml")  # would block a plain read for ever
    monkeypatch.setenv("DISMARK_STORE", embedded_url(tmp_path))

    result = CliRunner().invoke(main, ["load", "--json", str(folder)])

    assert result.exit_code == 2, result.output
    assert "TOPSECRET" not in result.output and "daemon" not in result.output
    import json
    files = {os.path.basename(f["path"]): f for f in json.loads(result.stdout)["files"]}
    assert files["good.yaml"]["status"] == "loaded"
    for name, why in (("shadow.yaml", "is a symbolic link"),
                      ("linked-bundle", "is a symbolic link"),
                      ("bundle", "entities.csv: is a symbolic link"),
                      ("pipe.yaml", "is not a regular file")):
        assert files[name]["status"] == "failed", name
        assert any(why in p and "loads only regular files" in p
                   for p in files[name]["problems"]), (name, files[name]["problems"])


def test_a_yaml_file_that_is_no_case_file_is_not_quoted_back(tmp_path):
    stray = tmp_path / "notes.yaml"
    stray.write_text(SECRET, encoding="utf-8")
    result = CliRunner().invoke(main, ["load", "--dry-run", str(stray)])
    assert result.exit_code == 2
    assert "not a case file" in result.output and "TOPSECRET" not in result.output
