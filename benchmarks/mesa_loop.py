"""An idiomatic per-agent Mesa model with a simplified version of llo-sim's rules.

This is the yardstick for ``bench_engine.py``: how fast would the model run if it were
written the usual Mesa way, with every employee a ``mesa.Agent`` that holds its own state
as attributes and steps itself (``self.agents.shuffle_do("step")``)?

It is *not* the model. It keeps the core of each month and drops the rest:

- knobs: richting, ruimte and ruggensteun from a few knob values (the baseline parameters)
  and the employee's own leader (coaching, target pressure, style);
- the five building blocks from the employee's traits and the knobs, combined into agency
  by the harmonic mean (``agency_complementarity = -1``);
- formal learning (wanting a course, the leader's approval), informal learning and
  whether the experience is positive, each with its own random draw (``model.random``);
- skill growth and obsolescence, self-efficacy and momentum feedback, the team's share of
  learners as role models, and a few monthly measures in a ``mesa.DataCollector``.

It leaves out the HR instruments, the environment events, budgets in euros, conversion
factors beyond a few multipliers, career steps, curiosity drift and the group tables, so it
does less work per employee-month than the array engine; the speed ratio printed by the
benchmark therefore flatters this loop, if anything.

Run on its own: ``python benchmarks/mesa_loop.py [N] [MONTHS]``.
"""

from __future__ import annotations

import sys
import time

import mesa

from llo_sim.engine.scenario import load_scenario

SUPPORTIVE, DIRECTIVE, STIMULATING = range(3)


def either(*terms: float) -> float:
    """Noisy OR of influences in [0, 1], as in ``llo_sim.engine.rules.combine.either``."""
    rest = 1.0
    for t in terms:
        rest *= 1.0 - t
    return 1.0 - rest


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


class Team:
    """A team and its direct leader: plain attributes, read by the team's employees."""

    def __init__(self, model: "MesaLoopModel"):
        rnd, p = model.random, model.p
        m, k = p["leader_coaching_mean"], p["leader_coaching_concentration"]
        self.coaching = rnd.betavariate(m * k, (1 - m) * k)
        u = rnd.random()
        sup, dire = p["share_style_supportive"], p["share_style_directive"]
        self.style = SUPPORTIVE if u < sup else DIRECTIVE if u < sup + dire else STIMULATING
        self.pressure = (p["target_pressure_level"]
                         if rnd.random() < p["share_leaders_target_pressure"] else 0.0)
        self.peer_share = 0.0     # share of the team that learned last month
        self.learned = 0          # learners this month
        self.size = 0
        # team knobs (fixed here: no instruments, no environment events)
        se = p["style_effect"]
        self.attention = self.coaching * (1.0 - self.pressure)
        self.climate = clip01(p["base_climate"] + se * (self.style == SUPPORTIVE)
                              - 0.5 * se * (self.style == DIRECTIVE))
        self.richting = either(p["base_richting"], 2 * se * (self.style == STIMULATING),
                               0.3 * self.attention)
        self.autonomy = clip01(p["base_autonomy"] + se * (self.style == STIMULATING)
                               - se * (self.style == DIRECTIVE))
        self.support = either(self.attention, 0.3 * self.climate)
        self.approval = clip01(p["approval_base"] + 0.3 * self.coaching
                               - p["approval_pressure_penalty"] * self.pressure)


class Employee(mesa.Agent):
    """One employee holding its own traits and state as attributes."""

    def __init__(self, model: "MesaLoopModel", team: Team):
        super().__init__(model)
        rnd, p = model.random, model.p
        k = p["trait_concentration"]

        def beta(mean: float) -> float:
            mean = min(max(mean, 0.01), 0.99)
            return rnd.betavariate(mean * k, (1 - mean) * k)

        self.team = team
        team.size += 1
        self.theoretical = rnd.random() < p["share_theoretical"]
        self.care = rnd.random() < p["share_care_duties"]
        self.budget = rnd.random() < p["budget_coverage"]
        self.locus = beta(p["locus_mean"])
        self.curiosity = beta(p["curiosity_mean"])
        self.efficacy = beta(p["efficacy_mean"]
                             - (0.0 if self.theoretical else p["practical_efficacy_gap"]))
        self.skill = clip01(rnd.gauss(p["skill_mean"], p["skill_sd"]))
        self.momentum = 0.0
        self.agency = 0.0
        self.learned = False
        self.months_learned = 0

    def step(self) -> None:
        p, t, rnd = self.model.p, self.team, self.model.random
        se = p["style_effect"]
        directive = t.style == DIRECTIVE
        # building blocks from traits and knobs
        insight = t.richting
        gap_seen = clip01(2.0 * (p["skill_demand"] - self.skill)) * insight
        weten = either(0.3 * self.curiosity, 0.5 * insight, 0.5 * gap_seen)
        pull = clip01(p["peer_influence"] * t.peer_share)
        willen = (either(0.5 * self.curiosity, 0.3 * t.richting, pull, self.momentum)
                  * (0.7 + 0.3 * t.autonomy) * (1.0 - se * directive))
        kunnen = either(0.4 * self.locus, 0.3 * self.skill, 0.5 * t.support)
        durven = either(0.6 * self.efficacy, 0.4 * t.support) * (0.6 + 0.4 * t.climate)
        approval = clip01(t.approval + 0.2 * (self.skill - 0.5))
        money = min(1.0, p["budget_amount"] / p["course_price_median"]) if self.budget else 0.0
        ruimte = either(0.5 * t.autonomy, 0.6 * money * approval)
        mogen = ruimte * (1.0 - 0.4 * t.pressure)
        blocks = (weten, willen, kunnen, durven, mogen)
        self.agency = agency = 5.0 / sum(1.0 / max(b, 1e-6) for b in blocks)  # harmonic mean
        # capabilities: resources x a few conversion factors
        organisational = (0.5 + 0.5 * t.climate) * (1.0 - 0.5 * t.pressure)
        personal = ((1.0 if self.theoretical else p["practical_formal_conversion"])
                    * (0.5 + 0.5 * self.skill))
        time_conv = p["care_time_conversion"] if self.care else 1.0
        cap_formal = either(money, p["base_offer"]) * personal * time_conv * organisational
        cap_informal = (p["base_variety"] * (0.4 + 0.6 * t.autonomy)
                        * (0.6 + 0.4 * t.peer_share) * organisational)
        # decisions: one draw per decision per employee per month
        u_want, u_approve, u_informal, u_success = (rnd.random(), rnd.random(), rnd.random(),
                                                    rnd.random())
        wants = u_want < min(p["formal_rate"] * agency * cap_formal, 1.0)
        approved = u_approve < approval
        formal = wants and approved
        informal = u_informal < min(p["informal_rate"] * agency * cap_informal, 1.0)
        self.learned = learned = formal or informal
        success = learned and u_success < clip01(0.3 + 0.35 * kunnen + 0.35 * t.support)
        # learning and feedback
        gained = p["skill_gain_formal"] * formal + p["skill_gain_informal"] * informal
        self.skill = clip01(self.skill * (1.0 - p["skill_obsolescence"]) + gained)
        rate = p["trait_learning_rate"]
        if success:
            self.efficacy += rate * (1.0 - self.efficacy)
            self.locus += 0.5 * rate * (1.0 - self.locus)
        elif learned or (wants and not approved):
            down = 1.0 if learned else 0.5
            self.efficacy -= rate * down * (1.0 - t.climate) * self.efficacy
        self.momentum = min(self.momentum * p["momentum_decay"]
                            + p["momentum_boost"] * success, 1.0)
        if learned:
            self.months_learned += 1
            t.learned += 1


class MesaLoopModel(mesa.Model):
    """Employees as Mesa agents, stepped one by one in random order each month."""

    def __init__(self, n_employees: int = 1000, seed: int = 1, scenario: str = "baseline"):
        super().__init__(rng=seed)
        self.p = dict(load_scenario(scenario).parameters)
        n_teams = -(-n_employees // self.p["team_size"])
        self.teams = [Team(self) for _ in range(n_teams)]
        for i in range(n_employees):
            Employee(self, self.teams[i % n_teams])
        self.month = 0
        self.datacollector = mesa.DataCollector(model_reporters={
            "participation_month": lambda m: m.agents.agg("learned", sum) / len(m.agents),
            "agency": lambda m: m.agents.agg("agency", sum) / len(m.agents),
            "skill": lambda m: m.agents.agg("skill", sum) / len(m.agents),
        })

    def step(self) -> None:
        self.month += 1
        self.agents.shuffle_do("step")
        for t in self.teams:                         # role models for next month
            t.peer_share = t.learned / t.size
            t.learned = 0
        self.datacollector.collect(self)


def time_mesa_loop(n_employees: int, months: int, seed: int = 1) -> dict:
    """Build and run the per-agent model; seconds for init and for the months."""
    t0 = time.perf_counter()
    model = MesaLoopModel(n_employees, seed=seed)
    t1 = time.perf_counter()
    for _ in range(months):
        model.step()
    t2 = time.perf_counter()
    return {"n": n_employees, "months": months, "init_s": t1 - t0, "step_s": t2 - t1,
            "final_participation_month":
                model.datacollector.get_model_vars_dataframe()["participation_month"].iloc[-1]}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    months = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    r = time_mesa_loop(n, months)
    rate = n * months / r["step_s"]
    print(f"per-agent Mesa loop: {n} employees x {months} months: init {r['init_s']:.3f} s, "
          f"steps {r['step_s']:.3f} s, {rate:,.0f} employee-months/s, "
          f"participation last month {r['final_participation_month']:.3f}")
