"""Starting from a scan: team shifts that make the knobs as experienced match the measurement.

The model composes each team's richting, autonomy (ruimte) and support (ruggensteun) from the
policy's instruments and the leader (:mod:`llo_sim.engine.rules.knobs`). A scan measures what the
team's employees experience. What the scan measures beyond what the model's leader and policy
explain is taken to be the team's own culture: a constant shift per team and knob, added to
the team's level every month (before and after month 0), whatever the policy does on top.
The shifts are found before the spin-up, under the baseline policy, by a few fixed-point
steps on the team means (the personal part of autonomy makes ruimte a clipped mean, so one
subtraction is not exact). Teams the scan does not name get no shift; a whole-organisation
scan gives every team the same shift, matching the organisation's mean.

Measured building blocks (weten, willen, kunnen, durven) are matched at month 0, after the
spin-up, by shifting the trait each rests on in the team's employees (:func:`fit_block_traits`).
"""

from __future__ import annotations

import numpy as np

from llo_sim.own.scan_file import KNOBS

STEPS = 8
# the model's name of each knob as experienced, per employee (``model.now``)
EXPERIENCED = {"richting": "richting", "ruimte": "ruimte", "ruggensteun": "support"}


def team_means(values: np.ndarray, team: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Mean of a per-employee array per team."""
    return np.bincount(team, weights=values, minlength=len(counts)) / np.maximum(counts, 1)


def fit_knob_shift(model, scan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-team shifts of (richting, autonomy, support) so that the mean experienced knobs of
    each measured team at month 0 match ``scan`` (on 0-1); knobs the scan does not measure
    keep a shift of 0."""
    k = model.leaders.n
    counts = model.team_counts
    team = model._team_index
    shift = tuple(np.zeros(k) for _ in KNOBS)
    model.knob_shift = shift
    for _ in range(STEPS):
        now = model._knobs(0)
        for s, knob in zip(shift, KNOBS):
            target = scan.values.get(knob)
            if target is None:
                continue
            experienced = getattr(now, EXPERIENCED[knob])
            if scan.teams is None:           # the whole organisation: one common shift
                gap = target[0] - experienced.mean()
                s += 0.0 if np.isnan(gap) else gap
            else:
                gap = target - team_means(experienced, team, counts)[scan.teams]
                s[scan.teams] += np.where(np.isnan(gap), 0.0, gap)
            np.clip(s, -1.0, 1.0, out=s)
    return shift


# the building blocks a scan may measure, and the personal trait that carries each (000 table
# 1; rules/blocks.py): weten and willen rest on curiosity, kunnen on the locus of control,
# durven on self-efficacy. mogen follows ruimte (fitted above) and eigen_regie the blocks.
BLOCK_TRAIT = {"weten": "curiosity", "willen": "curiosity", "kunnen": "locus",
               "durven": "efficacy"}
GAIN = 2.0          # blocks move less than their trait: a step of twice the gap converges


def fit_block_traits(model, scan) -> None:
    """At month 0, after the spin-up: shift the traits of each measured team's employees (and
    their anchors, so the shift lasts) so that the team's mean building blocks match ``scan``.
    Recomputes the month as employees experience it; traits stay within 0.01-0.99."""
    measured = [b for b in BLOCK_TRAIT if b in scan.values]
    if not measured:
        return
    w, counts, team = model.workforce, model.team_counts, model._team_index
    for _ in range(12):
        model.now = model._experience(model.month)
        for trait in sorted({BLOCK_TRAIT[b] for b in measured}):
            gaps = []
            for block in (b for b in measured if BLOCK_TRAIT[b] == trait):
                current = getattr(w, block)
                if scan.teams is None:
                    gaps.append(np.full(len(counts), scan.values[block][0] - current.mean()))
                else:
                    gap = np.zeros(len(counts))
                    gap[scan.teams] = scan.values[block] - team_means(current, team,
                                                                      counts)[scan.teams]
                    gaps.append(gap)
            step = GAIN * np.nan_to_num(np.mean(gaps, axis=0))
            for name in (trait, trait + "0"):
                values = getattr(w, name)
                values[:] = np.clip(values + step.take(team), 0.01, 0.99)
    model.now = model._experience(model.month)
