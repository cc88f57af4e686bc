"""The compose deployment, run without Docker: each dismark service's command, with that
service's environment (from docker-compose.yml and the Dockerfile's ENV) and the image's
user id, against an embedded store in place of Neo4j (issue 21, finding 8: the loader ran
with no role or purpose, so it exited non-zero and `app` never started).

The environment is passed through as the files give it; only the store URL is swapped and
each named volume's mount point mapped to a folder of the image's user. A refusal of any
kind (a missing role, an unwritable audit log, a server that will not serve) fails here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from accounts import run_as
from conftest import REPO

from bench.browser import chromium, free_port, wait_until_healthy
from graph.access.passwords import PasswordFile

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
#: what `docker compose` reads from .env: the one value it refuses to start without
DOTENV = {"NEO4J_PASSWORD": "compose-test-only"}
#: the compose services built from ./Dockerfile, in the order compose starts them
DISMARK_SERVICES = ("loader", "app")


def dockerfile() -> dict[str, object]:
    """The Dockerfile's instructions that shape a container: ENV, USER, WORKDIR, CMD."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text(encoding="utf-8"))
    found: dict[str, object] = {"ENV": {}}
    for line in text.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word == "ENV":
            found["ENV"].update(dict(pair.split("=", 1) for pair in shlex.split(rest)))
        elif word in ("USER", "WORKDIR"):
            found[word] = rest.strip()
        elif word == "CMD":
            found["CMD"] = json.loads(rest)
        elif word == "RUN" and "useradd" in rest:
            found["user name"] = re.search(r"useradd[^&]*\s(\w+)\s*$", rest).group(1)
    return found


def interpolate(value: str) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}`` from ``DOTENV``."""
    def one(match: re.Match) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if name in DOTENV:
            return DOTENV[name]
        if op == ":?":
            raise AssertionError(f"compose would refuse to start: {arg}")
        return arg or ""
    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def test_the_compose_file_keeps_the_audit_log_on_named_volumes():
    """Both dismark services write the audit log to a named volume, and its head copy to
    another one (not the log's folder); the image makes those folders its user's."""
    image = dockerfile()
    for name in DISMARK_SERVICES:
        service = COMPOSE["services"][name]
        mounts = dict(v.split(":")[::-1] for v in service["volumes"])
        env = service["environment"]
        log, head = Path(env["DISMARK_AUDIT_LOG"]), Path(env["DISMARK_AUDIT_HEAD_COPY"])
        assert mounts.get(str(log.parent)) in COMPOSE["volumes"], (name, log)
        assert mounts.get(str(head.parent)) in COMPOSE["volumes"], (name, head)
        assert log.parent != head.parent
        for folder in (log.parent, head.parent):
            assert re.search(rf"install -d -m 0700 -o dismark -g dismark [^\n]*{folder}",
                             (REPO / "Dockerfile").read_text(encoding="utf-8"))
    assert image["USER"] == "10001:10001"


def _sign_in_form(url: str) -> list[str]:
    """The labels of the first form a browser is shown at ``url`` (empty when the page
    refuses instead: a deployment whose sign-in is not configured)."""
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(url)
        tab.get_by_text("DISMARK explorer").first.wait_for(timeout=60_000)
        tab.locator("[data-testid='stTextInput']").first.wait_for(timeout=30_000)
        labels = tab.locator("[data-testid='stTextInput'] label").all_inner_texts()
        return [label.strip() for label in labels][:3]


def _owned(path: Path, uid: int, gid: int) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    return path


@pytest.fixture
def container(tmp_path):
    """A stand-in for a container of the image: its user, a home, the named volumes as
    folders of that user and an embedded store of that user. The folder must be reachable by
    that user (pytest's own tmp folders are root's)."""
    import shutil
    import tempfile

    uid, gid = (int(part) for part in str(dockerfile()["USER"]).split(":"))
    root = Path(tempfile.mkdtemp(prefix="dismark-container-"))
    root.chmod(0o755)
    app = root / "app"  # the image's WORKDIR: the project, with data/ its user's (chown)
    # copied, as the image's `COPY . .` does: the clone may sit where that user cannot walk
    shutil.copytree(REPO, app, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "node_modules", "__pycache__", "data"))
    shutil.copytree(REPO / "data" / "demo", app / "data" / "demo")
    for path in [app / "data", *(app / "data").rglob("*")]:
        os.chown(path, uid, gid)
    yield root, uid, gid
    shutil.rmtree(root, ignore_errors=True)


def _environment(name: str, root: Path, uid: int, gid: int) -> dict[str, str]:
    """The service's environment as compose gives it, with the store swapped and each
    volume's mount point replaced by the folder standing in for the volume."""
    service = COMPOSE["services"][name]
    env = {**dockerfile()["ENV"],
           **{k: interpolate(str(v)) for k, v in service["environment"].items()}}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        here = _owned(root / "volumes" / source, uid, gid)
        env = {k: v.replace(target, str(here)) if v.startswith(target) else v
               for k, v in env.items()}
    store = _owned(root / "store", uid, gid)
    env["DISMARK_STORE"] = f"falkordb-lite:{store / 'dismark.db'}"
    env["HOME"] = str(_owned(root / "home", uid, gid))
    env["LOGNAME"] = str(dockerfile()["user name"])  # the image's /etc/passwd names uid 10001
    return env


def _command(name: str) -> tuple[str, list[str]]:
    """The service's command (or the image's CMD) as the Python module it runs."""
    command = COMPOSE["services"][name].get("command") or dockerfile()["CMD"]
    program, *args = command
    return {"dismark": "cli", "streamlit": "streamlit"}[program], args


def test_each_service_starts_as_the_image_user_with_its_environment(container):
    root, uid, gid = container
    module, args = _command("loader")
    loaded = run_as(uid, gid, module, args, _environment("loader", root, uid, gid),
                    cwd=root / "app")
    assert loaded.returncode == 0, loaded.stderr
    env = _environment("loader", root, uid, gid)
    entries = [json.loads(line) for line in
               Path(env["DISMARK_AUDIT_LOG"]).read_text(encoding="utf-8").splitlines()]
    assert {(e["user"], e["role"], e["action"]) for e in entries} == {
        ("svc-dismark-loader", "loader", "load")}
    assert entries[0]["purpose"]

    module, args = _command("app")
    env = _environment("app", root, uid, gid)
    passwords = PasswordFile(env["DISMARK_PASSWORDS_FILE"])  # as `dismark users set` leaves it
    passwords.set("l.wouters", "analyst", "correct horse battery staple")
    os.chown(passwords.path, uid, gid)
    port = free_port()
    args = [str(port) if previous == "--server.port" else arg
            for previous, arg in zip(["", *args[:-1]], args, strict=True)]
    with open(root / "app.err", "wb") as errors:
        app = run_as(uid, gid, module, args, env, cwd=root / "app", background=True,
                     stdout=subprocess.DEVNULL, stderr=errors)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", app, root / "app.err")
        assert _sign_in_form(f"http://127.0.0.1:{port}/") == ["User name", "Password",
                                                              "Purpose"]
    finally:
        app.terminate()
        app.wait(timeout=30)
