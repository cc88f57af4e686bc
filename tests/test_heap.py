"""A load gives its large statement texts back to the system: after one, a large block freed
and asked for again is mapped on its own, not carved from the heap (``loaders.heap``).

Each check runs in a fresh interpreter, since the setting lasts for the process.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc",
                                reason="the mmap threshold is glibc's")

#: Frees one 4 MiB block (which raises glibc's dynamic threshold to its size), asks for
#: another and prints how many bytes glibc holds in mapped blocks while it is held.
PROBE = """
import ctypes, sys
class Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Mallinfo2
if sys.argv[1] == "load":
    from graph.model.ontology import load_ontology
    from loaders.load import load_paths
    load_paths(None, [], load_ontology(), dry_run=True)
block = bytearray(4 << 20)
del block
block = bytearray(4 << 20)
print(libc.mallinfo2().hblkhd)
"""


def mapped_bytes_of_a_second_large_block(mode: str) -> int:
    # glibc's own defaults, whatever the environment running the tests sets
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_after_a_load_a_large_block_asked_for_again_is_mapped_on_its_own():
    assert mapped_bytes_of_a_second_large_block("load") >= 4 << 20


def test_without_the_setting_glibc_serves_it_from_the_heap():
    """The probe tells the two apart: glibc's own default keeps the second block."""
    assert mapped_bytes_of_a_second_large_block("default") < 4 << 20
