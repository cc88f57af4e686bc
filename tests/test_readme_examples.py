"""The README's saved-query examples answer on the demo case files: a reader who copies one
gets rows, not an empty table that looks like a bug."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import REPO

_RUN = re.compile(r"^dismark query run .*$", re.M)


def _examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    return [line.split("#")[0].split(">")[0].strip() for block in blocks
            for line in _RUN.findall(block)]


def test_the_readme_has_saved_query_examples():
    assert len(_examples()) >= 2


@pytest.mark.parametrize("line", _examples())
def test_a_readme_example_answers_on_the_demo(line, run_query):
    words = shlex.split(line)
    name = words[3]
    params = dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "-p")
    assert run_query(name, **params), f"the README's `{line}` finds nothing on the demo"
