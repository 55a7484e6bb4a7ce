"""Monthly decisions: formal learning, informal learning, career steps (000, 001).

Capability (real opportunity, from :mod:`llo_sim.conversion`) times agency (the building
blocks) gives the chance of a *functioning*: actual participation (004, Sen). Every decision
compares a probability with a uniform draw from its own stream, one draw per employee per
month, so scenarios share random numbers.
"""

from __future__ import annotations

import numpy as np

from .combine import either


def functioning_chance(rate, agency, capability):
    """Chance to act this month: agency times capability, scaled by the rate (at most 1)."""
    return np.minimum(rate * agency * capability, 1.0)


def formal_learning(u_want, u_approve, p_want, has_budget, budget_left, course_cost,
                    direct, approval):
    """Who takes a course this month, and who is refused by their leader.

    An employee who wants a course needs the leader's approval, unless they pay it from their
    own budget under a direct, low-threshold procedure (000, 002: a leader who does not see
    the value can block the budget). A budget holder with money left pays (part of) the
    course from it. Returns ``(formal, refused, uses_budget)``.
    """
    wants = u_want < p_want
    can_pay = has_budget & (budget_left > 0)
    own_way = can_pay & direct
    approved = own_way | (u_approve < approval)
    formal = wants & approved
    return formal, wants & ~approved, formal & can_pay


def informal_learning(u, p_informal):
    """Who learns informally this month: new tasks, experimenting, reflecting (000, 001)."""
    return u < p_informal


def career_chance(rate, agency, variety, platform, richting):
    """Chance of a career step (growing in the role, changing role, moving on, 001): agency
    times the opportunities that varied work, a career platform and direction open up."""
    return rate * agency * either(0.3 * variety, 0.5 * platform, 0.3 * richting)


def career_step(u, p_career):
    """Who takes a career step this month."""
    return u < p_career
