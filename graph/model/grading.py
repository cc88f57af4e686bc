"""The Europol 4x4 evaluation code of a link: source reliability and information reliability.

Source: A (reliable), B (mostly reliable), C (not reliable), X (cannot be judged).
Information: 1 (known true), 2 (known personally to the source), 3 (not known personally,
corroborated), 4 (cannot be judged). ``B2`` is a mostly reliable source reporting what it saw.
A and 1 are the best of each, and both scales sort as text, which the Cypher uses too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GRADING = re.compile(r"^[ABCX][1-4]$")
#: Every grading, best first along each scale: what a form offers.
GRADINGS = tuple(f"{source}{information}" for source in "ABCX" for information in "1234")
WEAKEST = "X4"

#: How much a link's grading lets it count in a weighted measure: the product of the two
#: scales, from 1 (A1) down to 1/16 (X4). A documented convention, not a probability.
_SOURCE = {"A": 1.0, "B": 0.75, "C": 0.5, "X": 0.25}
_INFORMATION = {"1": 1.0, "2": 0.75, "3": 0.5, "4": 0.25}


def at_least(grading: str | None, minimum: str) -> bool:
    """True when ``grading`` is as good as ``minimum`` on both scales (a missing one is X4)."""
    grading = grading or WEAKEST
    return grading[0] <= minimum[0] and grading[1] <= minimum[1]


def best(gradings: Iterable[str]) -> str:
    """The most reliable grading of a link asserted by several case files (entries such as
    ``case-7=B2`` or plain ``B2``): text order on the last two characters, X4 if none.
    ``graph.store.cypher`` computes the same in Cypher.

    Examples
    --------
    >>> best(["be-2016-001=C3", "nl-2019-004=B4", "be-2018-002=B2"])
    'B2'
    >>> best([])
    'X4'
    """
    return min([WEAKEST, *(g[-2:] for g in gradings)])


def reliability(grading: str | None) -> float:
    """The weight factor of a grading: 1.0 for A1, 0.5625 for B2, 0.0625 for X4."""
    grading = grading or WEAKEST
    return _SOURCE[grading[0]] * _INFORMATION[grading[1]]
