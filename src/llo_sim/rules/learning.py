"""What learning does: experiences, skill growth and obsolescence (000, 001, 004)."""

from __future__ import annotations

import numpy as np


def success_chance(p, kunnen, support):
    """Chance a learning experience is positive: planning ability and backing (000: small
    steps and support make positive learning experiences)."""
    return np.clip(p["w_success_base"] + p["w_success_kunnen"] * kunnen
                   + p["w_success_support"] * support, 0.0, 1.0)


def skill_after(skill, formal, informal, career, p):
    """Skill after a month: obsolescence as work changes (000 introduction, 001 chapter 1:
    technology), then gains from a month of formal or informal learning and from a new role,
    with diminishing returns (each gain closes part of the distance to full skill)."""
    gained = (p["skill_gain_formal"] * (formal | career) + p["skill_gain_informal"] * informal)
    return np.clip(skill * (1.0 - p["skill_obsolescence"]) + gained * (1.0 - skill), 0.0, 1.0)
