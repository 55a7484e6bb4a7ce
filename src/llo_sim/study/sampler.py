"""A deterministic parallel sampler for pyabc: the same ensemble from the same seed, on one
process, a pool of processes or a Dask cluster.

pyabc's multicore samplers let workers race and reseed them from the clock, so a calibration
cannot be repeated. Here each generation asks for ``n`` accepted particles as ``n`` tasks of
a map; task ``i`` of generation ``t`` seeds numpy (which pyabc draws its proposals from) with
``(seed, t, i)`` and samples until its particle is accepted. Which worker runs a task, and
when, no longer matters: any order-keeping map gives the same population. The cost is pyabc's
static scheduling (a generation waits for its slowest task), acceptable for a calibration
that runs for tens of minutes.
"""

from __future__ import annotations

import random

import cloudpickle
import numpy as np
from pyabc import MultivariateNormalTransition, Parameter
from pyabc.sampler import MappingSampler


class SeededMappingSampler(MappingSampler):
    """pyabc's :class:`MappingSampler` with every task seeded from ``(seed, t, i)``.

    ``map_``: any map that keeps the order of its results (the built-in ``map``, a process
    pool's ``map``, a Dask executor's ``map``)."""

    def __init__(self, map_=map, seed: int = 1):
        super().__init__(map_=map_, mapper_pickles=False)
        self.seed = int(seed)

    def __getstate__(self):
        return (*super().__getstate__(), self.seed)

    def __setstate__(self, state):
        super().__setstate__(state[:-1])
        self.seed = state[-1]

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                all_accepted=False, ana_vars=None):
        simulate = cloudpickle.dumps((simulate_one, self.sample_factory))
        tasks = [(simulate, (self.seed, int(t) + 1, i)) for i in range(n)]   # t = -1: the prior
        results = list(self.map_(_sample_one, tasks))
        sample = self._create_empty_sample()
        evaluations = 0
        for result, count in results:
            sample += result
            evaluations += count
        self.nr_evaluations_ = evaluations
        return sample


def _sample_one(task):
    """One task: seed numpy and random from the task's key, then simulate until a particle
    is accepted. Returns pyabc's sample and the number of simulations it took."""
    payload, key = task
    simulate_one, sample_factory = cloudpickle.loads(payload)
    seed = np.random.SeedSequence(list(key)).generate_state(1)[0]
    np.random.seed(seed)
    random.seed(int(seed))
    sample = sample_factory()
    count = 0
    while True:
        particle = simulate_one()
        count += 1
        sample.append(particle)
        if particle.accepted:
            return sample, count


class BoxedNormalTransition(MultivariateNormalTransition):
    """pyabc's multivariate normal kernel, proposing only inside the uniform priors' box.

    pyabc draws one proposal at a time and throws away those outside the prior's support
    (density zero). With a wide kernel in 16 dimensions that is most of them: at the first
    generations about 400 proposals per valid one, 0.4 s a particle, more than its simulation
    (``docs/performance.md``). Here the proposals are drawn in batches with numpy and the first
    inside the box is kept: the same distribution (the first valid one of a sequence of
    independent proposals), so the importance weights stay as pyabc computes them."""

    BATCH = 512

    def __init__(self, box: dict[str, tuple[float, float]], scaling: float = 1.0):
        super().__init__(scaling=scaling)
        self.box = {k: (float(lo), float(hi)) for k, (lo, hi) in box.items()}

    def rvs_single(self) -> Parameter:
        names = list(self.X.columns)
        low = np.array([self.box[k][0] for k in names])
        high = np.array([self.box[k][1] for k in names])
        zero = np.zeros(len(names))
        while True:
            rows = np.random.choice(self._range, size=self.BATCH, p=self.w, replace=True)
            draws = self._X_arr[rows] + np.random.multivariate_normal(zero, self.cov,
                                                                       size=self.BATCH)
            inside = np.flatnonzero(np.all((draws >= low) & (draws <= high), axis=1))
            if len(inside):
                return Parameter(dict(zip(names, draws[inside[0]].tolist())))
