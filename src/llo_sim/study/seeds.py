"""Seeds of many runs, derived from one base seed: the same run gets the same seed however
many runs there are, in whichever order or place they run (serial, in processes, on a
cluster)."""

from __future__ import annotations

import numpy as np


def derived_seed(seed: int, index: int) -> int:
    """The seed of run ``index`` derived from a base ``seed``.

    It is the ``index``-th child of ``numpy.random.SeedSequence(seed)`` (what ``spawn`` would
    give), so it depends on the base seed and the index alone: not on how many runs there
    are, in which order they run, or where.
    """
    child = np.random.SeedSequence(seed, spawn_key=(index,))
    return int(child.generate_state(1, np.uint64)[0] >> 1)


def replication_seeds(seed: int, replications: int) -> list[int]:
    """The seed of each replication, derived from one base seed; the same for every scenario."""
    return [derived_seed(seed, i) for i in range(replications)]
