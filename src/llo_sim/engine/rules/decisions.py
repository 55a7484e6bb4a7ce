"""Monthly decisions: formal learning by three routes, informal learning, career steps.

Sen's capability approach (004) in two steps. *Agency* (the building blocks, and a lasting
personal propensity: habits, earlier experiences, school background, 001) decides whether a
person wants to act; *capability* (resources x conversion factors) decides whether that
wish can become a *functioning*, actual participation. Wanting is a hazard, so a chance
never needs clipping: ``chance = 1 - exp(-rate x ...)``.

Formal learning comes by three routes (CBS 82107NED: 94% of course takers had a course paid
by the employer; the personal budget is one route among several, 004):

1. training the employer organises or requires, driven by what the job asks (its complexity
   and the skill gap) and by how much the employer invests in the person (004);
2. a course the employee asks for and the employer pays, if the leader approves (000, 002);
3. a course paid from the personal budget: direct, or through the leader (000, 002).

Every decision compares a chance with a uniform draw from its own stream, one draw per
employee per month, so scenarios share random numbers.
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate


def hazard_chance(hazard):
    """Chance of at least one event in a month with the given hazard (rate per month)."""
    chance = np.negative(hazard)
    if not isinstance(chance, np.ndarray):
        return -np.expm1(chance)
    np.expm1(chance, out=chance)             # in place: -expm1(-hazard) without temporaries
    return np.negative(chance, out=chance)


def wanting_chance(rate, agency, propensity, pull=0.0):
    """Chance of wanting a course on one's own initiative this month: agency times the
    person's lasting propensity (000, 001), raised by money in hand (``pull``,
    :func:`budget_pull`)."""
    return hazard_chance(evaluate("rate * agency * propensity * (1.0 + pull)", locals()))


def budget_pull(weight, money):
    """How much a budget in hand raises the wish to take a course: ``weight`` times the
    share of courses what is left of it can pay (0 without a budget). A voucher of EUR 1,000
    raised training participation of low-skilled workers by almost 20 points in two years,
    mostly among those who had not trained before (Hidalgo, Oosterbeek & Webbink 2014), and
    more so the larger the budget (Groot & Maassen van den Brink 2009); the size of the
    weight comes from the virtual trial of that study (docs/evidence.md)."""
    return evaluate("weight * money", locals())


def choice_friction(friction, kunnen, guidance, alone):
    """Chance that a course someone wants falls through in choosing and arranging it:
    finding a suitable course, the paperwork, fitting it in. Those who can plan and set goals
    (kunnen) manage it; a leader's attention for development helps choose ("het goede
    gesprek", 000, 001), except for a budget used ``alone`` under a direct procedure, where no
    one is asked. Self-direction is assumed rather than taught, so mostly those who can
    already direct themselves manage (003); procedures and choice are barriers (004, Cross
    1981). The size is calibrated (the budget's virtual trial and T6)."""
    return evaluate("friction * (1.0 - kunnen) * (1.0 - where(alone, 0.0, guidance))",
                    locals())
def organised_chance(p, need, investment, agency, propensity):
    """Chance the employer organises or requires training for a person this month: what the
    job asks, times how much the employer invests in the person (004; CBS), times how
    readily the person takes up what is offered: part of employer training is an offer that
    the willing take and others let pass (``w_organised_agency``; 000, 001)."""
    wa, rate = p["w_organised_agency"], p["organised_rate"]
    # willing = 1 - wa + wa x agency x propensity
    return hazard_chance(evaluate("rate * need * investment * (1.0 - wa + wa * agency * propensity)",
                                  locals()))


def training_need(p, job_level, skill, skill_demand):
    """What the job asks to learn: its complexity, and a skill gap (skill below demand) that
    the employer wants closed (000, 001: where work is going)."""
    wg = p["w_need_gap"]         # the gap: max(skill_demand - skill, 0)
    need = evaluate("job_level + wg * where(skill_demand - skill > 0.0,"
                    " skill_demand - skill, 0.0)", locals())
    return np.clip(need, 0.0, 1.0, out=need)


def own_course(u_want, u_can, u_approve, u_choice, p_want, capability, approval, friction,
               has_money, direct):
    """Who takes a course on their own initiative this month, who pays, and who is blocked.

    A person who wants a course can follow it as far as their capability allows (resources
    x conversion) and as far as choosing and arranging it does not fall through
    (``friction``, :func:`choice_friction`). Someone with budget money left pays from it,
    without asking under a direct procedure and with the leader's approval otherwise; anyone
    else needs the leader to approve the employer paying (000, 002: a leader who does not see
    the value can block it). Returns ``(started, from_budget, wanted, blocked, refused)``:
    ``blocked`` wanted but could not (capability, friction or refusal), ``refused`` the part
    refused by the leader.
    """
    wanted = u_want < p_want
    can = wanted & (u_can < capability) & (u_choice >= friction)
    approved = u_approve < approval
    own_way = has_money & direct
    started = can & (own_way | approved)
    refused = can & ~started
    return started, started & has_money, wanted, wanted & ~started, refused


def informal_chance(rate, agency, capability, propensity):
    """Chance of informal learning this month (new tasks, experimenting, reflecting): agency
    x capability x the person's lasting propensity (000, 001)."""
    return hazard_chance(evaluate("rate * agency * capability * propensity", locals()))


def career_chance(p, rate, agency, variety, platform, richting):
    """Chance of a career step (growing in the role, changing role, moving on, 001): agency
    times the opportunities that varied work, a career platform and direction open up."""
    wv, wr = p["w_career_variety"], p["w_career_richting"]
    wp = p["w_career_platform"] * platform
    # rate x agency x either(wv x variety, wp, wr x richting)
    return evaluate("rate * agency * (1.0 - (1.0 - wv * variety) * (1.0 - wp)"
                    " * (1.0 - wr * richting))", locals())


def course_months(u, mean_months):
    """Duration of a course in whole months, at least 1, geometric with the given mean (one
    number, or one per course)."""
    mean = np.maximum(np.asarray(mean_months, dtype=np.float64), 1.0)
    with np.errstate(divide="ignore"):
        q = np.log1p(-1.0 / mean)            # log of the chance a course goes on a month
        months = np.where(mean <= 1.0, 1.0, 1.0 + np.floor(np.log1p(-u) / q))
    return months.clip(1, 240).astype(np.int16)


def course_price(u, median, sd):
    """Price of a course (EUR) from a uniform draw ``u``: log-normal around the median (the
    course market is skewed)."""
    from scipy.special import ndtri

    return median * np.exp(sd * ndtri(u))


def affordable_price(u, left, median, sd):
    """Price of a course paid from a budget with ``left`` euros: drawn from the course price
    distribution below what is left (the holder picks a course the budget can pay), so more
    money buys dearer, longer courses. ``u``: a uniform draw per course."""
    from scipy.special import ndtr

    share = ndtr(np.log(np.maximum(left, 1e-300) / median) / sd) if sd > 0 else 1.0
    price = course_price(u * share, median, sd)
    return np.minimum(price, left)
