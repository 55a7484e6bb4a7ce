"""Feedback: experiences shape traits and motivation; colleagues act as role models.

Traits are partly personality but developable (001, 000): positive learning experiences raise
self-efficacy and lead to repetition (000, 001: "positieve leerervaringen leiden tot
herhaling"); challenging work and a stimulating environment raise curiosity; failures in an
unsafe climate lower self-efficacy. Each trait is pulled back toward the person's own level
(personality), so without a change in policy the workforce stays as it is (T9).
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate


def efficacy_after(p, efficacy, efficacy0, success, failure, refused, climate):
    """Self-efficacy moves toward 1 after a positive experience and toward 0 after a failure
    or a refusal, the more so the less safe the climate (000, 001), and back toward the
    person's own level."""
    rate, wr, back = p["trait_learning_rate"], p["w_efficacy_refused"], p["trait_reversion"]
    new = evaluate("efficacy + rate * success * (1.0 - efficacy)"                        # up
                   " - rate * (failure + wr * refused) * (1.0 - climate) * efficacy"   # down
                   " + back * (efficacy0 - efficacy)", locals())                       # back
    return np.clip(new, 0.0, 1.0, out=new)


def locus_after(p, locus, locus0, success, failure):
    """Acting successfully on one's own initiative strengthens internal locus of control and
    failing weakens it, more slowly than self-efficacy; it returns toward the person's own
    level. The seeds say locus is developable (001) but tie it to job characteristics; linking
    it to learning experiences is the modellers' assumption."""
    rate, back = p["w_locus_rate"] * p["trait_learning_rate"], p["trait_reversion"]
    new = evaluate("locus + rate * (success * (1.0 - locus) - failure * locus)"
                   " + back * (locus0 - locus)", locals())
    return np.clip(new, 0.0, 1.0, out=new)


def stimulation(p, autonomy, variety, richting, peer_share):
    """How stimulating work and environment are: active jobs (high autonomy and variety,
    Karasek in 004), direction, and learning colleagues (001, 000)."""
    wr, wp = p["w_stimulation_richting"], p["w_stimulation_peers"]
    # either(autonomy x variety, wr x richting, wp x peer_share)
    return evaluate("1.0 - (1.0 - autonomy * variety) * (1.0 - wr * richting)"
                    " * (1.0 - wp * peer_share)", locals())


def curiosity_after(curiosity, curiosity0, stimulus, drift, anchor):
    """Curiosity drifts toward a mix of the person's own starting level (personality) and
    the stimulation of the environment (001)."""
    other = 1.0 - anchor       # target = anchor x curiosity0 + (1 - anchor) x stimulus
    new = evaluate("curiosity + drift * (anchor * curiosity0 + other * stimulus - curiosity)",
                   locals())
    return np.clip(new, 0.0, 1.0, out=new)


def momentum_after(momentum, success, boost, decay):
    """Willen carried over from positive experiences: boosted by a success, fading each
    month (000, 001: positive learning experiences lead to repetition)."""
    new = evaluate("momentum * decay + boost * success", locals())
    return np.minimum(new, 1.0, out=new)


def team_learning_share(team, learned, team_counts):
    """Share of each team that learned this month: the role models employees see (000)."""
    return np.bincount(team, weights=learned, minlength=len(team_counts)) / team_counts
