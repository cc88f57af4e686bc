"""The ``dismark`` command: one verb per command, each a few lines over the library.

``cli.base`` holds the group, its options and the one place errors become messages and exit
codes; each other module adds one command group's commands to it.
"""

from cli import (  # noqa: F401
    audit,
    docs,
    facts,
    load,
    metrics,
    query,
    resolve,
    store,
    study,
    synthetic,
    users,
)
from cli.base import main

__all__ = ["main"]
