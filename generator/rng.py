"""Keyed, deterministic randomness: the same seed and keys give the same draws anywhere.

Every entity and event draws from a generator keyed by what it is (``keyed(seed, "plantation",
2014, 37)``), not from one shared stream, so generating one part of the world never shifts
the numbers of another, and nothing has to be kept in memory to stay reproducible.
"""

from __future__ import annotations

import hashlib
import math
import random


def keyed(seed: int, *keys: object) -> random.Random:
    digest = hashlib.blake2b(repr((seed, *keys)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large ones)."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def day_in(rng: random.Random, year: int) -> str:
    """A date in ``year`` (days 1-28 of each month, so every draw is a valid date)."""
    day = rng.randint(1, 360)
    return f"{year}-{min(12, day // 30 + 1):02d}-{min(28, day % 30 + 1):02d}"
