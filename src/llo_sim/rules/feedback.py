"""Feedback: experiences shape traits and motivation; colleagues act as role models.

Traits are partly personality but developable (001, 000): positive learning experiences raise
self-efficacy and lead to repetition (000, 001: "positieve leerervaringen leiden tot
herhaling"); challenging work and a stimulating environment raise curiosity; failures in an
unsafe climate lower self-efficacy. Each trait is pulled back toward the person's own level
(personality), so without a change in policy the workforce stays as it is (T9).
"""

from __future__ import annotations

import numpy as np

from .combine import either


def efficacy_after(p, efficacy, efficacy0, success, failure, refused, climate):
    """Self-efficacy moves toward 1 after a positive experience and toward 0 after a failure
    or a refusal, the more so the less safe the climate (000, 001), and back toward the
    person's own level."""
    rate = p["trait_learning_rate"]
    up = rate * success * (1.0 - efficacy)
    down = rate * (failure + p["w_efficacy_refused"] * refused) * (1.0 - climate) * efficacy
    back = p["trait_reversion"] * (efficacy0 - efficacy)
    return np.clip(efficacy + up - down + back, 0.0, 1.0)


def locus_after(p, locus, locus0, success, failure):
    """Acting successfully on one's own initiative strengthens internal locus of control and
    failing weakens it, more slowly than self-efficacy; it returns toward the person's own
    level. The seeds say locus is developable (001) but tie it to job characteristics; linking
    it to learning experiences is the modellers' assumption."""
    rate = p["w_locus_rate"] * p["trait_learning_rate"]
    step = rate * (success * (1.0 - locus) - failure * locus)
    return np.clip(locus + step + p["trait_reversion"] * (locus0 - locus), 0.0, 1.0)


def stimulation(p, autonomy, variety, richting, peer_share):
    """How stimulating work and environment are: active jobs (high autonomy and variety,
    Karasek in 004), direction, and learning colleagues (001, 000)."""
    return either(autonomy * variety, p["w_stimulation_richting"] * richting,
                  p["w_stimulation_peers"] * peer_share)


def curiosity_after(curiosity, curiosity0, stimulus, drift, anchor):
    """Curiosity drifts toward a mix of the person's own starting level (personality) and
    the stimulation of the environment (001)."""
    target = anchor * curiosity0 + (1.0 - anchor) * stimulus
    return np.clip(curiosity + drift * (target - curiosity), 0.0, 1.0)


def momentum_after(momentum, success, boost, decay):
    """Willen carried over from positive experiences: boosted by a success, fading each
    month (000, 001: positive learning experiences lead to repetition)."""
    return np.minimum(momentum * decay + boost * success, 1.0)


def team_learning_share(team, learned, team_counts):
    """Share of each team that learned this month: the role models employees see (000)."""
    return np.bincount(team, weights=learned, minlength=len(team_counts)) / team_counts
