"""Seeded random streams, one per kind of random decision (common random numbers).

Every random decision in the model draws from its own generator, derived from one base seed
and the decision's name. Two scenarios run with the same seed therefore see the same draws
for the same decision, whatever else differs between them, so that differences between
scenarios are due to the policy and not to noise (Starsim's ``ss.Dist`` does the same).

Each stream draws a full array of one value per employee every month, whether or not that
employee is at risk of the decision, so the number of draws never depends on the scenario.
Each drawn trait has a stream of its own too: a Beta sampler uses a varying number of random
numbers, so sharing a stream would let a change in one trait's distribution move the others.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAMS = (
    "demographics",   # education, age, contract, care duties, budget holders
    "locus",          # internal locus of control at the start
    "curiosity",      # curiosity at the start
    "efficacy",       # self-efficacy at the start
    "skill",          # skill at the start
    "leaders",        # leaders' style and target pressure
    "coaching",       # leaders' coaching capability
    "formal",         # wanting to take a course this month
    "approval",       # the leader's approval of a course
    "informal",       # informal learning this month
    "success",        # whether a learning experience is positive
    "career",         # career steps
    "propensity",     # lasting personal propensity to learn (formal and informal)
    "job",            # job complexity and the personal part of autonomy and variety
    "organised",      # training the employer organises or requires
    "can",            # whether a wanted course can be followed (capability)
    "duration",       # how many months a course lasts
    "price",          # what a course costs
    "choice",         # whether choosing and arranging a wanted course falls through
    "trial",          # who is treated in a virtual trial (llo_sim.study.trials)
    "age",            # age in years within the age band at the start
    "turnover",       # who retires, leaves or gets a permanent contract (open workforce)
    "hires",          # who is hired in a leaver's place (open workforce)
)


def make_streams(base_seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per name in :data:`STREAMS`, derived from ``base_seed``.

    The key of each stream is a checksum of its name, so adding a stream never changes the
    draws of the others.
    """
    return {
        name: np.random.default_rng(np.random.SeedSequence([base_seed, zlib.crc32(name.encode())]))
        for name in STREAMS
    }
