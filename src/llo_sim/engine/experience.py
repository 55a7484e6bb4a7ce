"""Steps 2-5 of a month: the month as employees experience it (the order is in
:mod:`llo_sim.engine.model`). The knobs are composed per team from the instruments and the
leader, given to each team's employees and then to each person's own job; the instruments'
``adjust`` hooks act on them; conversion factors turn resources into capabilities; and the five
building blocks combine into agency.

These are methods of the model (it inherits them from :class:`ExperienceSteps`), so that a
subclass can change one step and call ``super()`` for the rest (``docs/extending.md``).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from llo_sim.engine import conversion as conv
from llo_sim.engine.leaders import DIRECTIVE
from llo_sim.engine.rules import blocks, knobs
from llo_sim.engine.rules.environment import environment


class ExperienceSteps:
    """Steps 2-5 of :class:`llo_sim.engine.model.LearningCultureModel`: read and write its
    arrays (``self.workforce``, ``self.leaders``, ``self.instruments``, ``self.rule_p``)."""

    def _experience(self, month: int) -> SimpleNamespace:
        """Steps 2-5: the month as employees experience it."""
        now = self._knobs(month)
        for inst in self.instruments.values():
            inst.adjust(self, now, month)
        self._capabilities(now)
        self._blocks(now)
        self._agency()
        return now

    def _knobs(self, month: int) -> SimpleNamespace:
        """Steps 2 and 3: environment, then the knobs per employee (team level first, then
        gathered to each team's employees, then each person's own job)."""
        p, w, ld = self.rule_p, self.workforce, self.leaders
        env = environment(p, month)
        lv = {key: inst.team_level(month) for key, inst in self.instruments.items()}
        pressure_t = knobs.leader_pressure(p, ld.pressure, env)
        attention_t = knobs.leader_attention(ld.coaching, pressure_t)
        climate_t = knobs.team_climate(p, lv, ld.style, env)
        team = (
            knobs.team_richting(p, lv, ld.style, attention_t),
            knobs.team_autonomy(p, lv, ld.style, env),
            knobs.team_variety(p, lv),
            knobs.team_support(p, lv, ld.coaching, attention_t, climate_t),
            climate_t,
            pressure_t,
            knobs.team_approval(p, ld.coaching, pressure_t),
            ld.style == DIRECTIVE,
            self.peer_share,
            knobs.team_buddy(p, lv, ld.coaching),
            attention_t,
        )
        team = self._scan_shifted(team)
        if any(inst.arm_employee is not None for inst in self.instruments.values()):
            lv = {key: inst.employee_level(month) for key, inst in self.instruments.items()}
        now = SimpleNamespace(env=env, levels=lv)
        (now.richting, autonomy_t, variety_t, now.support, now.climate, now.pressure,
         approval_t, now.directive, now.peer_share, now.buddy,
         now.attention) = map(self._team_to_employees, range(len(team)), team)
        now.autonomy = knobs.personal_job(autonomy_t, w.autonomy_offset)
        now.variety = knobs.personal_job(variety_t, w.variety_offset)
        now.approval = knobs.approval_chance(p, approval_t, w.skill)
        budget = self.instruments["budget"]
        now.has_budget = (budget.reach(self._holders).copy() if budget.level(month) > 0
                          else np.zeros(w.n, dtype=bool))          # holder & budget on
        now.time = knobs.development_time(lv, w.n)
        now.money = knobs.budget_money(now.has_budget, w.budget_left, p["course_price_median"],
                                       p["course_price_sd"])
        now.ruimte = knobs.ruimte(now.autonomy)
        return now

    def _capabilities(self, now: SimpleNamespace) -> None:
        """Step 4: resources x conversion factors -> capabilities."""
        p, w, lv, env = self.rule_p, self.workforce, now.levels, now.env
        organisational = conv.organisational(p, now.climate)
        w.cap_formal[:] = conv.formal_capability(
            conv.formal_resources(p, lv, now.money, now.time),
            conv.personal_formal(p, w.theoretical, w.age_band, w.skill),
            self._fixed.personal_time, organisational, env.economic_health,
            self._fixed.institutional)
        w.cap_informal[:] = conv.informal_capability(
            conv.informal_resources(p, now.variety, now.time),
            conv.social(p, now.peer_share, now.buddy), organisational)

    def _blocks(self, now: SimpleNamespace) -> None:
        """Step 5: the five building blocks."""
        p, w, lv = self.rule_p, self.workforce, now.levels
        insight = blocks.insight(p, now.richting, lv["career_checkup"])
        pull = blocks.peer_pull(now.peer_share, p["peer_influence"], lv["role_models"])
        w.weten[:] = blocks.weten(p, w.curiosity, insight, w.skill, now.env.skill_demand)
        w.willen[:] = blocks.willen(p, w.curiosity, now.richting, pull, w.momentum,
                                    now.autonomy, now.directive)
        w.kunnen[:] = blocks.kunnen(p, w.locus, w.skill, now.support, lv["skills_training"])
        w.durven[:] = blocks.durven(p, w.efficacy, now.support, now.climate)
        w.mogen[:] = blocks.mogen(p, now.ruimte, now.pressure)

    def _agency(self) -> None:
        """Step 5, end: the building blocks combined into agency."""
        w = self.workforce
        w.agency[:] = blocks.agency(w.weten, w.willen, w.kunnen, w.durven, w.mogen,
                                    self.rule_p["agency_complementarity"])
