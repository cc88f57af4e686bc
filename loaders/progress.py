"""A progress bar for loads on a terminal; silent when output is piped or JSON."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from loaders.load import Progress


@contextmanager
def terminal_progress(enabled: bool = True) -> Iterator[Progress | None]:
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    with Bar(TextColumn("loading {task.description}"), BarColumn(), MofNCompleteColumn(),
             transient=True) as bar:
        task = bar.add_task("case files", total=None)

        def update(done: int, total: int, case_id: str) -> None:
            bar.update(task, completed=done, total=total, description=case_id)

        yield update
