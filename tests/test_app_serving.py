"""How the explorer is served: ``streamlit run app.py`` as ``make run`` starts it listens on
127.0.0.1 alone (no "Network URL"), and its configuration turns off the tables' own download.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from conftest import REPO

from bench.browser import running_explorer

LISTEN = "0A"


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (IPv4 and IPv6, as hex)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == LISTEN and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_explorer_listens_on_loopback_only(tmp_path: Path) -> None:
    log = tmp_path / "streamlit.log"
    # as the Makefile runs it, minus the address it now names
    with running_explorer(os.environ, log) as base:
        assert listening_addresses(urlsplit(base).port) == {"0100007F"}  # 127.0.0.1, nothing else
        assert "Network URL" not in log.read_text()


def test_make_run_and_the_config_keep_it_local_and_downloads_logged() -> None:
    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"]["disableDataExport"] is True
    run = (REPO / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "--server.address $(ADDRESS)" in run and "--client.disableDataExport true" in run
    assert "\nADDRESS ?= 127.0.0.1\n" in (REPO / "Makefile").read_text()


def test_make_run_writes_a_fresh_private_token_and_prints_its_address(tmp_path: Path) -> None:
    token_file = tmp_path / "data" / "explorer.token"

    def make_run_token() -> str:
        printed = subprocess.run([sys.executable, "-m", "explorer.local_token", str(token_file),
                                  "http://127.0.0.1:8501"], cwd=REPO, check=True,
                                 capture_output=True, text=True).stdout
        assert printed.startswith("Open the explorer at http://127.0.0.1:8501/?token=")
        token = printed.strip().rsplit("=", 1)[1]
        assert token_file.read_text().strip() == token and len(token) >= 40
        return token

    assert make_run_token() != make_run_token()  # one per run
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    run = (REPO / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "-m explorer.local_token $(TOKEN_FILE)" in run
    assert "DISMARK_LOCAL_TOKEN_FILE=$(TOKEN_FILE)" in run
