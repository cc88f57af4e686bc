"""Give a load's large statement texts back to the system as soon as they are freed.

Each batch the loader sends is a few megabytes of text, and again as bytes on the socket.
glibc serves such a block from ``mmap`` and returns it on ``free``, but its first free
also raises the threshold for ``mmap`` to the block's size (its "dynamic mmap threshold"),
so every later batch comes from the heap of whichever thread built it. Freed there, the
blocks stay in the process, split among small objects, and the loader's resident memory
grew with the largest batches it had met: 110 MB against 132 MB for one 100k-entity load
(docs/scaling.md). Fixing the threshold at glibc's own starting value keeps large blocks
out of the heap for the rest of the process.
"""

from __future__ import annotations

import ctypes

#: ``mallopt``'s parameter number for the mmap threshold (glibc's malloc.h)
M_MMAP_THRESHOLD = -3
#: glibc's default starting threshold: blocks from 128 KiB up are mapped on their own
LARGE_BLOCK = 128 * 1024


def return_large_blocks(threshold: int = LARGE_BLOCK) -> bool:
    """Serve blocks of ``threshold`` bytes and more from ``mmap`` for good (glibc only).

    True if the C library took the setting; False elsewhere (macOS, musl), where nothing
    changes and loads still work, with a higher peak.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # no C library to ask (Windows)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1
