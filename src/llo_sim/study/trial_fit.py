"""Fitting the weights of instruments that published studies size, member by member.

An instrument that is off in the baseline (leader training, coaches, the career check-up, job
crafting) leaves the baseline targets untouched, and its weights act only in its own virtual
trial. So, given a world (a member of the ensemble), each instrument's weights can be fitted
on their own: the joint posterior of world and weights is the world's posterior times, per
instrument, the weights' posterior given that world. For each member and instrument,
``candidates`` draws from the prior (``calibration/trial_priors.toml``; a seeded Latin
hypercube) are each run in the study's trial in the member's world and seed, and one of the
draws whose simulated effects all fall in their bands is kept, chosen at random (ABC rejection
with tolerance 0: a draw from the posterior). When no draw falls in the bands the closest is
kept and the member is counted as outside, so the report shows it.

The trials of one member share its warmed-up organisation (the warm-start cache ignores the
weights of instruments that are off during the spin-up), so a trial costs only its months.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from llo_sim.study.ensemble import Ensemble
from llo_sim.study.trials import Study, run_trials

CANDIDATES = 48


@dataclass(frozen=True)
class FitTask:
    """One member's fit of every instrument: its world, seed and the studies per weight."""

    member: int
    world: dict
    seed: int
    groups: tuple            # ((instrument, weights, studies), ...)
    priors: dict
    candidates: int
    base_seed: int


def fit_member(task: FitTask) -> tuple[int, dict, dict]:
    """The fitted weights of one member and, per instrument, how many draws fell inside."""
    from scipy.stats import qmc

    chosen, inside = {}, {}
    for instrument, weights, studies in task.groups:
        rng = np.random.default_rng([task.base_seed, task.member,
                                     zlib.crc32(instrument.encode())])
        lo = np.array([task.priors[w][0] for w in weights])
        hi = np.array([task.priors[w][1] for w in weights])
        draws = qmc.scale(qmc.LatinHypercube(d=len(weights), seed=rng).random(task.candidates),
                          lo, hi)
        distances = []
        for draw in draws:
            values = run_trials({**task.world, **dict(zip(weights, draw))}, task.seed,
                                list(studies))
            distances.append(sum(_outside(values[s.id], s.band) for s in studies))
        distances = np.array(distances)
        ok = np.flatnonzero(distances == 0)
        pick = rng.choice(ok) if len(ok) else int(np.argmin(distances))
        chosen.update({w: float(v) for w, v in zip(weights, draws[pick])})
        inside[instrument] = int(len(ok))
    return task.member, chosen, inside


def _outside(value: float, band) -> float:
    if value != value:
        return 10.0
    low, high = band
    return max(low - value, value - high, 0.0) / (high - low)


def fit_trial_weights(ensemble: Ensemble, studies: list[Study], priors: dict,
                      seeds: list[int], world_extra: dict, map_=map, candidates: int = CANDIDATES,
                      base_seed: int = 1) -> tuple[Ensemble, dict]:
    """The ensemble with the trial-sized weights added to every member, and a summary of the
    fit: per instrument, the members with at least one draw inside the bands."""
    groups = []
    for inst in dict.fromkeys(s.instrument for s in studies):
        mine = tuple(s for s in studies if s.instrument == inst)
        weights = tuple(w for w in priors if _sizes(inst, w))
        if weights:
            groups.append((inst, weights, mine))
    tasks = [FitTask(i, {**ensemble.member(i), **world_extra}, seeds[i], tuple(groups),
                     priors, candidates, base_seed) for i in range(len(ensemble))]
    results = sorted(map_(fit_member, tasks))
    names = [w for _, weights, _ in groups for w in weights]
    extra = np.array([[chosen[w] for w in names] for _, chosen, _ in results])
    summary = {inst: {"members_inside": sum(1 for *_, ins in results if ins[inst] > 0),
                      "draws_inside_median": float(np.median([ins[inst]
                                                              for *_, ins in results])),
                      "candidates": candidates}
               for inst, _, _ in groups}
    provenance = {**ensemble.provenance, "trial_weights": {
        "method": "ABC rejection per member and instrument (tolerance 0), candidates from a "
                  "seeded Latin hypercube over trial_priors.toml",
        "priors": {w: list(priors[w]) for w in names}, "fit": summary}}
    return Ensemble(ensemble.parameters + names, np.hstack([ensemble.members, extra]),
                    ensemble.distances, provenance), summary


def _sizes(instrument: str, weight: str) -> bool:
    """Whether ``weight`` acts through ``instrument`` (its class lists it)."""
    from llo_sim.engine.instruments import INSTRUMENTS

    return any(cls.key == instrument and weight in cls.weights for cls in INSTRUMENTS)
