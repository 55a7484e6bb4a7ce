"""Sector differences in the training the employer provides, relative to the calibrated world.

The calibrated ensemble gives every plausible world its own employer course offer
(``base_offer``) and its own rate of employer-organised training (``organised_rate``). A
sector preset must not overwrite those with a fixed number: a value tuned to one world would
raise training in one world and lower it in another. It says instead how much *more or less*
the employer provides than in the average Dutch organisation the calibration describes, as one
ratio, ``employer_training_ratio`` (seed 003 sections 5.1-5.2: compulsory training in care,
HR steering mainly in large organisations; seed 004: most training in public sectors such as
health care, less in SMEs).

The ratio multiplies the monthly hazard of organised training and the odds of the course
offer (odds, so the offer stays a share below 1). A ratio of 1 leaves the world as it is.
"""

from __future__ import annotations


def offer_with_ratio(offer: float, ratio: float) -> float:
    """The course offer with its odds multiplied by ``ratio`` (stays in [0, 1])."""
    return ratio * offer / (1.0 - offer + ratio * offer) if offer > 0 else 0.0


def with_employer_training(p: dict) -> dict:
    """Parameters with the sector's employer training applied to the world's values.

    Returns ``p`` itself when the ratio is 1, so the default organisation is untouched."""
    ratio = float(p["employer_training_ratio"])
    if ratio == 1.0:
        return p
    return {**p, "organised_rate": min(1.0, p["organised_rate"] * ratio),
            "base_offer": offer_with_ratio(p["base_offer"], ratio)}
