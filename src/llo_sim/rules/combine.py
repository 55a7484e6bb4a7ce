"""Two ways of combining influences in [0, 1], used by every rule.

``either`` adds influences that can each bring something about on their own (a noisy OR):
each one raises the result, none can push it past 1, and more of any never lowers it.
``complementary_mean`` combines things that must all be present (the building blocks, 000).
"""

from __future__ import annotations

import numpy as np


def either(*terms):
    """Noisy OR: ``1 - prod(1 - t)``. Each term in [0, 1] is one independent influence."""
    rest = 1.0
    for t in terms:
        rest = rest * (1.0 - t)
    return 1.0 - rest


def complementary_mean(blocks, rho: float, floor: float = 1e-6):
    """Power mean of the rows of ``blocks`` with exponent ``rho`` (a CES aggregate).

    ``rho = 1`` is the plain mean (blocks substitute for each other); ``rho = 0`` the
    geometric mean; ``rho < 0`` lets a block near zero pull the result toward zero and stops
    a strong block from making up for a missing one (self-determination theory in 000: all
    must be present). ``rho = -1`` is the harmonic mean.
    """
    b = np.maximum(np.asarray(blocks), floor)
    k = b.shape[0]
    if rho == 1:
        return b.sum(axis=0) / k
    if rho == -1:
        return k / (1.0 / b).sum(axis=0)
    if rho == 0:
        return np.exp(np.log(b).sum(axis=0) / k)
    return (np.power(b, rho).sum(axis=0) / k) ** (1.0 / rho)
