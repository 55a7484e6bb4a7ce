"""Steps 6-8 of a month: what employees do and what it does to them (the order is in
:mod:`llo_sim.engine.model`). Decisions: formal learning by three routes, informal learning,
career steps; then learning (skill, experiences) and feedback (traits, momentum, colleagues).

Like :mod:`llo_sim.engine.experience`, these are methods of the model (it inherits them from
:class:`ActionSteps`), so that a subclass can change one step and call ``super()``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from llo_sim.engine.histories import record_history
from llo_sim.engine.rules import decisions, feedback, learning


class ActionSteps:
    """Steps 6-8 of :class:`llo_sim.engine.model.LearningCultureModel`: they read the month
    as experienced (``self.now``) and write the model's arrays."""

    def _decide(self, month: int, now: SimpleNamespace) -> SimpleNamespace:
        """Step 6: who learns formally (three routes), informally, and who takes a career
        step this month. Returns the month's events, one yes/no array each."""
        p, w, s, n = self.rule_p, self.workforce, self.streams, self.workforce.n
        budget = self.instruments["budget"]
        free = w.course_left == 0                 # not in a course already
        need = decisions.training_need(p, w.job_level, w.skill, now.env.skill_demand)
        invest = self._fixed.investment * now.env.economic_health
        organised = free & (s["organised"].random(n) < decisions.organised_chance(
            p, need, invest, w.agency, w.propensity_formal))
        free &= ~organised
        has_money = now.has_budget & (w.budget_left > 0)
        direct = budget.procedure == "direct"
        pull = decisions.budget_pull(p["w_want_budget"], now.money)
        friction = decisions.choice_friction(p["budget_choice_friction"], w.kunnen,
                                             now.attention, has_money & direct)
        started, from_budget, wanted, _, refused = decisions.own_course(
            s["formal"].random(n), s["can"].random(n), s["approval"].random(n),
            s["choice"].random(n),
            decisions.wanting_chance(p["formal_rate"], w.agency, w.propensity_formal, pull),
            w.cap_formal, now.approval, friction, has_money, direct)
        started &= free
        from_budget &= free
        wanted &= free
        refused &= free
        months = self._start_courses(organised | started, from_budget)
        formal = w.course_left > 0                # in a course this month (new or going on)
        employer = formal & w.course_employer
        np.subtract(w.course_left, formal, out=w.course_left, casting="unsafe")   # a month on

        informal = s["informal"].random(n) < decisions.informal_chance(
            p["informal_rate"], w.agency, w.cap_informal, w.propensity_informal)
        p_car = decisions.career_chance(p, p["career_rate"], w.agency, now.variety,
                                        now.levels["career_platform"], now.richting)
        career = s["career"].random(n) < p_car
        return SimpleNamespace(formal=formal, informal=informal, refused=refused,
                               career=career, from_budget=from_budget, employer=employer,
                               wanted=wanted, course_months=months)

    def _start_courses(self, new_course: np.ndarray, from_budget: np.ndarray) -> np.ndarray:
        """Courses that start this month: their length, who pays, and what a budget pays.

        A budget holder picks a course the budget left can pay (its price drawn from the
        price distribution below what is left); a dearer course is a longer one. Other
        courses have the usual length. Returns the months of the new courses (0 elsewhere)."""
        p, w, s, n = self.rule_p, self.workforce, self.streams, self.workforce.n
        u_price = s["price"].random(n)            # one draw each, used by those who pay
        u_months = s["duration"].random(n)
        price = decisions.affordable_price(u_price[from_budget], w.budget_left[from_budget],
                                           p["course_price_median"], p["course_price_sd"])
        w.budget_left[from_budget] -= price
        np.maximum(w.budget_left, 0.0, out=w.budget_left)        # rounding below zero
        self.budget_spent_this_month = float(price.sum())
        mean = np.full(n, p["course_months_mean"])
        mean[from_budget] *= price / p["course_price_median"]
        new = np.flatnonzero(new_course)
        months = np.zeros(n, dtype=np.int16)
        months[new] = decisions.course_months(u_months[new], mean[new])
        w.course_left[new] = months[new]
        w.course_employer[new] = ~from_budget[new]
        return months

    def _learn(self, month: int, now: SimpleNamespace, ev: SimpleNamespace) -> None:
        """Step 7: learning experiences (positive or not), skill, and the learning records."""
        p, w, s, n = self.rule_p, self.workforce, self.streams, self.workforce.n
        learned = ev.formal | ev.informal
        ev.success = learned & (s["success"].random(n) < learning.success_chance(
            p, w.kunnen, now.support))
        ev.failure = learned & ~ev.success
        ev.learned = learned
        w.skill[:] = learning.skill_after(w.skill, ev.formal, ev.informal, ev.career, p)
        np.putmask(w.last_formal, ev.formal, month)
        np.putmask(w.last_informal, ev.informal, month)
        np.putmask(w.last_budget, ev.from_budget, month)
        w.cum_learning += learned
        w.n_career += ev.career
        record_history(w, ev.formal, ev.informal, ev.from_budget, ev.employer, ev.wanted)

    def _feed_back(self, now: SimpleNamespace, ev: SimpleNamespace) -> None:
        """Step 8: experiences shape self-efficacy, locus, curiosity and momentum; colleagues
        who learned this month are next month's role models."""
        p, w = self.rule_p, self.workforce
        w.efficacy[:] = feedback.efficacy_after(p, w.efficacy, w.efficacy0, ev.success,
                                                ev.failure, ev.refused, now.climate)
        w.locus[:] = feedback.locus_after(p, w.locus, w.locus0, ev.success, ev.failure)
        stimulus = feedback.stimulation(p, now.autonomy, now.variety, now.richting,
                                        now.peer_share)
        w.curiosity[:] = feedback.curiosity_after(w.curiosity, w.curiosity0, stimulus,
                                                  p["curiosity_drift"], p["trait_anchor"])
        w.momentum[:] = feedback.momentum_after(w.momentum, ev.success, p["momentum_boost"],
                                                p["momentum_decay"])
        self.peer_share = feedback.team_learning_share(self._team_index, ev.learned,
                                                       self.team_counts)
