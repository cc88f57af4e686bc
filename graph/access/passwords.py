"""The explorer's password mode for a small office: a file of users, each with a role and a
salted scrypt hash (``DISMARK_PASSWORDS_FILE``), kept by ``dismark users``.

Why scrypt from the standard library: a memory-hard key derivation function that needs no
extra dependency; every hash carries its own parameters and salt, so raising the cost later
leaves old entries readable. A user the file does not list costs the same check as one it
does, so the time a sign-in takes does not tell which names exist.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from graph.access.private_files import private_dir, replace_private
from graph.access.roles import ROLES
from graph.errors import InvalidInput, Problem

#: scrypt cost (2**15), block size and parallelism: ~32 MiB and ~0.1 s per check
COST, BLOCK, PARALLEL = 2**15, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MIN_LENGTH = 12
_SCHEME = "scrypt"


@dataclass(frozen=True)
class Account:
    """One user of the password file: their role and the hash of their password."""

    role: str
    hash: str


def hash_password(password: str) -> str:
    """``scrypt$cost$block$parallel$salt$key`` (salt and key base64) for ``password``."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, COST, BLOCK, PARALLEL)
    return "$".join([_SCHEME, str(COST), str(BLOCK), str(PARALLEL), _b64(salt), _b64(key)])


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` gives ``stored``; compared in constant time."""
    try:
        scheme, cost, block, parallel, salt, key = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(key)
        derived = _derive(password, base64.b64decode(salt), int(cost), int(block), int(parallel))
    except ValueError:
        return False
    return hmac.compare_digest(derived, expected)


class PasswordFile:
    """``{"users": {name: {"role": …, "hash": …}}}`` as JSON, written 0600 and replaced
    whole, so a reader never sees half a file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def accounts(self) -> dict[str, Account]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {name: Account(str(entry["role"]), str(entry["hash"]))
                    for name, entry in data["users"].items()}
        except FileNotFoundError:
            raise self._problem("the passwords file does not exist",
                                "create it with `dismark users set NAME --role ROLE`") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._problem(f"not a dismark passwords file ({exc})",
                                "rewrite it with `dismark users set`") from None

    def role_for(self, user: str, password: str) -> str | None:
        """The user's role when ``password`` is theirs, else None (same cost either way)."""
        account = self.accounts().get(user)
        matches = password_matches(password, account.hash if account else _decoy())
        return account.role if account and matches and account.role in ROLES else None

    def set(self, user: str, role: str, password: str) -> None:
        """Add ``user`` or reset their role and password."""
        problems = []
        if not user.strip() or user != user.strip():
            problems.append(Problem(str(self.path), None, "user",
                                    "a user name is needed, without leading or trailing spaces"))
        if role not in ROLES:
            problems.append(Problem(str(self.path), None, "role",
                                    f"expected one of {', '.join(ROLES)}, got {role!r}"))
        if len(password) < MIN_LENGTH:
            problems.append(Problem(str(self.path), None, "password",
                                    f"at least {MIN_LENGTH} characters are needed"))
        if problems:
            raise InvalidInput(problems)
        accounts = self.accounts() if self.path.exists() else {}
        accounts[user] = Account(role, hash_password(password))
        self._write(accounts)

    def remove(self, user: str) -> bool:
        """Take ``user`` out of the file; False when it did not list them."""
        accounts = self.accounts()
        if accounts.pop(user, None) is None:
            return False
        self._write(accounts)
        return True

    def _write(self, accounts: dict[str, Account]) -> None:
        private_dir(self.path.parent)
        text = json.dumps({"users": {n: {"role": a.role, "hash": a.hash}
                                     for n, a in sorted(accounts.items())}}, indent=2)
        replace_private(self.path, text + "\n")

    def _problem(self, message: str, fix: str) -> InvalidInput:
        return InvalidInput([Problem(str(self.path), None, "DISMARK_PASSWORDS_FILE",
                                     message, fix)])


@functools.cache
def _decoy() -> str:
    """Checked for a user the file does not list, so an unknown name costs as much as a
    known one."""
    return hash_password(secrets.token_urlsafe(16))


def _derive(password: str, salt: bytes, cost: int, block: int, parallel: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=cost, r=block, p=parallel,
                          maxmem=256 * cost * block + 2**20, dklen=KEY_BYTES)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
