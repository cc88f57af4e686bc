"""The ``dismark`` command: one verb per command, each a few lines over the library.

``cli.base`` holds the group, its options and the one place errors become messages and exit
codes; each other module adds one command group's commands to it.
"""

from cli import audit, docs, facts, load, metrics, query, store, study, synthetic, users  # noqa: F401
from cli.base import main

__all__ = ["main"]
