"""A one-time token for the explorer's local mode, as Jupyter does: on a machine with several
accounts, any of them can reach 127.0.0.1, so ``make run`` writes a fresh random token to a
file only its own account can read (0600) and prints the address that carries it; a browser
session without it gets nothing.

``python -m explorer.local_token FILE URL`` writes the token and prints ``URL/?token=…``; the
explorer checks it when ``DISMARK_LOCAL_TOKEN_FILE`` names the file.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
from pathlib import Path

from graph.access.private_files import private_dir, replace_private
from graph.errors import InvalidInput, Problem

ENVIRONMENT = "DISMARK_LOCAL_TOKEN_FILE"


def write_token(path: Path | str) -> str:
    """A fresh token in ``path`` (replacing any earlier one), readable by this account only."""
    path = Path(path)
    private_dir(path.parent)
    token = secrets.token_urlsafe(32)
    replace_private(path, token + "\n")
    return token


def expected_token() -> str | None:
    """The token this explorer asks for, or None when ``DISMARK_LOCAL_TOKEN_FILE`` is unset."""
    path = os.environ.get(ENVIRONMENT)
    if not path:
        return None
    try:
        token = Path(path).read_text(encoding="ascii").strip()
    except OSError as exc:
        raise InvalidInput([Problem(path, None, ENVIRONMENT,
                                    f"the token file cannot be read ({exc.strerror or exc})",
                                    "start the explorer with `make run`, which writes it")]
                           ) from None
    if not token:
        raise InvalidInput([Problem(path, None, ENVIRONMENT, "the token file is empty",
                                    "start the explorer with `make run`, which writes it")])
    return token


def token_matches(given: str, expected: str) -> bool:
    """Compared in constant time."""
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


if __name__ == "__main__":
    file, url = sys.argv[1:3]
    print(f"Open the explorer at {url.rstrip('/')}/?token={write_token(file)}", flush=True)
