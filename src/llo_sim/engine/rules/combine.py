"""Two ways of combining influences in [0, 1], used by every rule.

``either`` adds influences that can each bring something about on their own (a noisy OR):
each one raises the result, none can push it past 1, and more of any never lowers it.
``complementary_mean`` combines things that must all be present (the building blocks, 000).
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate


def either(*terms):
    """Noisy OR: ``1 - prod(1 - t)``. Each term in [0, 1] is one independent influence."""
    rest = 1.0                   # chance that none of the influences brings it about
    for t in terms:
        rest = rest * (1.0 - t)
    return 1.0 - rest


def complementary_mean(blocks, rho: float, floor: float = 1e-6):
    """Power mean of the rows of ``blocks`` with exponent ``rho`` (a CES aggregate).

    ``rho = 1`` is the plain mean (blocks substitute for each other); ``rho = 0`` the
    geometric mean; ``rho < 0`` lets a block near zero pull the result toward zero and stops
    a strong block from making up for a missing one (self-determination theory in 000: all
    must be present). ``rho = -1`` is the harmonic mean. Exponents within 1e-6 of zero use
    the geometric mean, their limit.

    ``blocks`` is a 2-d array with one row per block, or a sequence of equally shaped arrays
    (the rows are then never copied into one big array). Each block is floored at ``floor``.
    """
    k = len(blocks)
    if rho in (1, -1):      # the plain or the harmonic mean: one pass (llo_sim.engine.expressions)
        names = {f"b{i}": block for i, block in enumerate(blocks)}
        names.update(k=k, least=floor)
        return evaluate(_MEAN[rho](k), names)
    if abs(rho) < 1e-6:  # the power mean tends to the geometric mean; powers lose precision
        return np.exp(_sum_of(blocks, floor, np.log) / k)
    return (_sum_of(blocks, floor, lambda b: np.power(b, rho)) / k) ** (1.0 / rho)


def _floored(i: int) -> str:
    return f"where(b{i} > least, b{i}, least)"          # np.maximum(b_i, floor)


# the sums of _sum_of as expressions over blocks b0, b1, ...: the same additions in the same order
_MEAN = {1: lambda k: "(" + " + ".join(_floored(i) for i in range(k)) + ") / k",
         -1: lambda k: "k / (" + " + ".join(f"1.0 / {_floored(i)}" for i in range(k)) + ")"}


def _sum_of(blocks, floor, transform):
    """``sum(transform(max(block, floor)))`` over the blocks, one block at a time (no stacked
    copy of all blocks is made)."""
    total = 0.0
    for block in blocks:
        total = total + transform(np.maximum(block, floor))
    return total
