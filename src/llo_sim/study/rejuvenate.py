"""Spreading out the final population of an ABC-SMC calibration: resample, then move.

The last generation of ABC-SMC carries importance weights. When they are uneven, resampling
it to an equally weighted ensemble repeats a few members many times, and the ensemble then
holds fewer distinct worlds than members. The standard remedy in sequential Monte Carlo is a
*move* step after resampling (Del Moral, Doucet & Jasra 2012, "An adaptive sequential Monte
Carlo method for approximate Bayesian computation", Statistics and Computing 22).
:func:`move` applies it: every member takes a few Metropolis steps that keep the ABC posterior
at the final tolerance. A step proposes a nearby parameter set (a normal step scaled to the
population's spread) and runs it. The step is accepted when the proposal lies inside the
prior and its run is within the tolerance; with a uniform prior and a symmetric step, that is
the Metropolis rule. Each member's steps are seeded by the member's index, so the result does
not depend on where they run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class MoveTask:
    index: int
    start: np.ndarray
    distance: float
    names: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    chol: np.ndarray
    tolerance: float
    steps: int
    seed: int
    distance_of: Callable[[dict], float]


def move_member(task: MoveTask) -> tuple[int, np.ndarray, float, int]:
    """A member's Metropolis steps: its final parameters, distance and accepted steps."""
    rng = np.random.default_rng([task.seed, task.index])
    theta, distance, accepted = task.start.copy(), task.distance, 0
    for _ in range(task.steps):
        proposal = theta + task.chol @ rng.standard_normal(len(theta))
        if np.any(proposal < task.low) or np.any(proposal > task.high):
            continue
        d = task.distance_of(dict(zip(task.names, proposal)))
        if d <= task.tolerance:
            theta, distance, accepted = proposal, d, accepted + 1
    return task.index, theta, distance, accepted


def move(members: np.ndarray, distances: np.ndarray, names: list[str], priors: dict,
         distance_of: Callable[[dict], float], tolerance: float, steps: int, seed: int,
         map_=map) -> tuple[np.ndarray, np.ndarray, float]:
    """Every member after ``steps`` Metropolis steps at ``tolerance``; returns the members,
    their distances and the share of steps accepted."""
    low = np.array([priors[n][0] for n in names])
    high = np.array([priors[n][1] for n in names])
    cov = np.cov(members, rowvar=False) + np.diag(((high - low) * 1e-6) ** 2)
    chol = np.linalg.cholesky(cov * 2.38 ** 2 / len(names))     # the usual optimal scale
    tasks = [MoveTask(i, members[i], float(distances[i]), tuple(names), low, high, chol,
                      tolerance, steps, seed, distance_of) for i in range(len(members))]
    results = sorted(map_(move_member, tasks), key=lambda r: r[0])
    moved = np.array([r[1] for r in results])
    dist = np.array([r[2] for r in results])
    share = sum(r[3] for r in results) / max(steps * len(members), 1)
    return moved, dist, float(share)
