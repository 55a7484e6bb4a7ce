"""The model: a ``mesa.Model`` that owns the state arrays and runs the rules each month.

Order of the steps within one month (the only place it is written down)::

    0. people           (an open workforce only) ageing, retirement, leavers  turnover
                        and hires, flex contracts made permanent
    1. instruments      instruments that change state over time step          instruments
                        (leader training raises coaching); budget year starts
    2. environment      reorganisation, downturn, technology shift          rules.environment
    3. knobs            richting, ruimte, ruggensteun per employee from        rules.knobs
                        the instruments, the employee's leader and job; then
                        each instrument's ``adjust`` hook                   instruments
    4. conversion       resources x conversion factors -> capabilities        conversion
    5. building blocks  weten, willen, kunnen, durven, mogen -> agency        rules.blocks
    6. decisions        formal (organised, own request, budget), informal,    rules.decisions
                        career
    7. learning         positive experiences, skill growth, obsolescence      rules.learning
    8. feedback         traits, momentum, colleagues as role models           rules.feedback
    9. measures         participation, intensity, uptake, inequality, groups  record, measures

A warmed-up start: before month 0 the model runs ``spinup_months`` months under the baseline
policy (the registry's lever values; every other parameter as given), so month 0 is a steady
organisation with real 12-month histories. The scenario's instruments take effect from month
1 (or their later start month). Each ``step()`` is one month. The state at month 0 is cached
for models that differ only in policy (:mod:`llo_sim.engine.warm_start`).
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import mesa
import numpy as np

from llo_sim.engine import conversion as conv
from llo_sim.engine import warm_start
from llo_sim.engine.agents import Employee, Leader
from llo_sim.engine.actions import ActionSteps
from llo_sim.engine.experience import ExperienceSteps
from llo_sim.engine.instruments import make_instruments
from llo_sim.engine.leaders import draw_leaders
from llo_sim.engine.limits import RUN_MONTHS
from llo_sim.engine.measures import groups_frame, static_cells
from llo_sim.engine.parameters import REGISTRY_LIST, validate
from llo_sim.engine.policy import spinup_policy
from llo_sim.engine.record import month_measures
from llo_sim.engine.sector import with_employer_training
from llo_sim.engine.streams import make_streams
from llo_sim.engine.turnover import MOVES, live_month
from llo_sim.engine.workforce import budget_holders, draw_workforce
from llo_sim.errors import ParameterError

KNOBS = ("richting", "ruimte", "ruggensteun")


class LearningCultureModel(ExperienceSteps, ActionSteps, mesa.Model):
    """Employees deciding each month whether to learn, shaped by leaders and HR policy.

    Every keyword argument is a parameter of the registry (:mod:`llo_sim.engine.parameters`) and
    defaults to its registry value; ``rng`` is Mesa's seed argument. State lives in numpy
    arrays (``self.workforce``, ``self.leaders``); ``self.agents`` holds an ``Employee`` and a
    ``Leader`` view per person for inspection, made when first asked for (``agents=False``:
    never). ``organisation``: an own organisation read from files (:mod:`llo_sim.own`),
    instead of a drawn one. ``months``: where the run ends, as Mesa expects of a model: after
    that month ``running`` is False, so Mesa's SolaraViz stops there (default ``None``: no
    end, step as you like; ``run_model()`` then runs the command line's
    :data:`~llo_sim.engine.limits.RUN_MONTHS`).
    """

    def __init__(self, *, rng=None, agents: bool = True, organisation=None,
                 months: int | None = None, **params):
        if months is not None and (isinstance(months, bool) or not isinstance(
                months, (int, np.integer)) or months < 1):
            raise ParameterError("model parameters", "months", months,
                                 "a whole number of months, 1 or more (or None: no end)")
        self.months = None if months is None else int(months)
        if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng < 0:
            raise ParameterError("model parameters", "rng", rng, "an integer, 0 or more")
        super().__init__(rng=rng)
        self.organisation = organisation
        if organisation is not None:
            params = {**params, "n_employees": organisation.n}
        self.p = with_employer_training(validate(params, "model parameters"))
        self._gathered: dict = {}     # last month's team values per employee (_team_to_employees)
        self.seed = rng if isinstance(rng, (int, np.integer)) else None
        base_seed = int(self.rng.integers(2**63 - 1))
        cache_key = warm_start.key(base_seed, self.p)
        if cache_key is not None and organisation is not None:
            cache_key = (cache_key, organisation.fingerprint)
        # the same organisation warmed up before: start from its month 0
        self.warm_from_cache = warm_start.restore(self, cache_key)
        if not self.warm_from_cache:
            self._warm_up(base_seed)
            warm_start.store(self, cache_key)

        # the scenario's policy from month 1
        w = self.workforce
        w.budget_eligible[:] = budget_holders(self.p, w)
        self._use_policy(self.p, w.budget_eligible)
        w.budget_left[:] = 0.0               # the spin-up's budget year ends with it
        self._open_budget_year(0)

        reporters = {name: _reporter(name) for name in self.latest}
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)
        self._views_pending = agents      # the agent views are made when first asked for

    def _warm_up(self, base_seed: int) -> None:
        """Draw the organisation and run the spin-up under the baseline policy up to and
        including month 0 (its record is the first row of the data). Depends only on the seed
        and on the parameters that are not policy levers (:mod:`llo_sim.engine.warm_start`)."""
        self.streams = make_streams(base_seed)
        self._draw_organisation()
        self.peer_share = np.zeros(self.leaders.n)   # team share that learned last month
        self.budget_spent_this_month = 0.0
        self.moves = dict.fromkeys(MOVES, 0)          # people who came and went this month
        self._costs: list[float] = []
        self._cost_total = 0.0
        self._group_months: list[int] = []
        self._group_tables: list[np.ndarray] = []
        self._static_cells = static_cells(self.workforce)
        self._education = self.workforce.theoretical.astype(np.intp)   # 0 practical, 1 theor.
        # teams are fixed for the run: how to give each employee their team's value
        self._team_index = np.asarray(self.workforce.team, dtype=np.intp)
        self._teams_cyclic = np.array_equal(   # employees dealt to teams in turn (the usual)
            self._team_index, np.arange(self.workforce.n) % max(self.leaders.n, 1))

        w = self.workforce
        # conversion factors set by demographics alone, which do not change during a run
        self._fixed = SimpleNamespace(personal_time=conv.personal_time(self.p, w.care),
                                      institutional=conv.institutional(self.p, w.flex),
                                      investment=conv.employer_investment(
                                          self.p, w.age_band, w.flex, 1.0))
        w.position_score[:] = conv.position_score(self.p, w)
        w.in_position[:] = w.position_score >= self.p["broek_threshold"]

        # spin-up under the baseline policy
        self.spinup = self.p["spinup_months"]
        baseline = spinup_policy(self.p, self.spinup)
        self._use_policy(baseline, budget_holders(baseline, w))
        self._fit_scan()
        self.month = -self.spinup
        self._open_budget_year(self.month)
        if self.spinup == 0:
            self.now = self._experience(0)
            events = (np.zeros(w.n, bool),) * 4
        for _ in range(self.spinup):
            events = self._advance()
        self._fit_scan_blocks()
        self._record(*events)

    def _draw_organisation(self) -> None:
        """The employees and their leaders: drawn, or an own organisation's people with what
        is not known of them drawn (:mod:`llo_sim.own.organisation`)."""
        if self.organisation is None:
            self.workforce = draw_workforce(self.p, self.streams)
        else:
            self.workforce = self.organisation.make_workforce(self.p, self.streams)
        self.team_counts = np.bincount(self.workforce.team).astype(np.float64)
        self.leaders = draw_leaders(self.p, len(self.team_counts), self.streams)
        if self.organisation is not None:
            self.organisation.set_leaders(self.p, self.leaders)

    def _fit_scan(self) -> None:
        """Per-team shifts of richting, autonomy and support that make the knobs as
        experienced match a measured scan (None: no scan), from the organisation's hook
        (:meth:`llo_sim.own.organisation.Organisation.fit_knob_shift`)."""
        self.knob_shift = None
        if self.organisation is not None:
            self.knob_shift = self.organisation.fit_knob_shift(self)

    def _fit_scan_blocks(self) -> None:
        """At month 0: the traits of a scan's teams shifted so that their building blocks
        match it; nothing without a scan (the organisation's hook)."""
        if self.organisation is not None:
            self.organisation.fit_block_traits(self)

    def _scan_shifted(self, team: tuple) -> tuple:
        """The team-level knobs with the scan's shifts added (richting, autonomy, support)."""
        shift = getattr(self, "knob_shift", None)
        if shift is None:
            return team
        team = list(team)
        for index, delta in zip((0, 1, 3), shift):
            team[index] = np.clip(team[index] + delta, 0.0, 1.0)
        return tuple(team)

    # --- Mesa agent views, made on first use -------------------------------------------------------
    def _make_views(self) -> None:
        """An ``Employee`` and a ``Leader`` view per person (see :mod:`llo_sim.engine.agents`)."""
        self._views_pending = False
        for i in range(self.workforce.n):
            Employee(self, i)
        for j in range(self.leaders.n):
            Leader(self, j)

    @property
    def agents(self):
        """Every agent view (made on first use: a million views take seconds and memory)."""
        if getattr(self, "_views_pending", False):
            self._make_views()
        return super().agents

    @agents.setter
    def agents(self, value):
        mesa.Model.agents.fset(self, value)

    @property
    def agents_by_type(self):
        if getattr(self, "_views_pending", False):
            self._make_views()
        return super().agents_by_type

    @property
    def agent_types(self):
        if getattr(self, "_views_pending", False):
            self._make_views()
        return super().agent_types

    def set_trial(self, instrument: str, treated: np.ndarray) -> None:
        """A virtual trial (:mod:`llo_sim.study.trials`): from now on ``instrument`` reaches
        only the ``treated`` employees (yes/no per employee). Team-level effects reach a team
        when its employees are treated, so a trial of an instrument that acts on teams treats
        whole teams."""
        inst = self.instruments[instrument]
        treated = np.asarray(treated, dtype=bool)
        inst.arm_employee = treated
        inst.arm_team = np.bincount(self._team_index, weights=treated,
                                    minlength=self.leaders.n) > 0

    def _use_policy(self, params: dict, holders: np.ndarray) -> None:
        """Put a policy in place: the parameters the rules read and the instruments."""
        self.rule_p = params
        self.instruments = make_instruments(params)
        self._holders = holders

    def _team_to_employees(self, key, team_values) -> np.ndarray:
        """:meth:`_to_employees`, or last month's array for ``key`` when the team values are
        the same (most months most team values do not change: only with events, instruments
        that start, leader training, and the share of each team that learned). The arrays are
        read-only: an instrument's ``adjust`` hook replaces them (``now.support = ...``)."""
        v = np.asarray(team_values, dtype=np.float64)
        last = self._gathered.get(key)
        if last is not None and last[0].shape == v.shape and np.array_equal(last[0], v):
            return last[1]
        out = self._to_employees(v)
        out.flags.writeable = False
        self._gathered[key] = (v.copy(), out)
        return out

    def _to_employees(self, team_values) -> np.ndarray:
        """One value per team (or one for everyone) -> one float per employee, each
        employee getting their team's value."""
        v = np.asarray(team_values, dtype=np.float64)
        n = self.workforce.n
        if v.ndim == 0:
            return np.full(n, v)
        if not self._teams_cyclic:
            return v.take(self._team_index)
        # employees dealt to teams in turn: v[team] is v repeated (copied row by row)
        out = np.empty(n)
        whole = n - n % len(v)
        out[:whole].reshape(-1, len(v))[:] = v
        out[whole:] = v[:n - whole]
        return out

    def _open_budget_year(self, month: int) -> None:
        """Fill every budget holder's budget at the start of each budget period (a year, or
        a voucher's validity: ``budget_period_months``)."""
        budget = self.instruments["budget"]
        if budget.active(month) and (month - budget.start_month) % budget.period == 0:
            w = self.workforce
            w.budget_left[:] = np.where(budget.reach(self._holders), budget.amount, 0.0)

    # --- one month ---------------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month, in the order given in the module docstring."""
        if not self.running:
            from llo_sim.errors import LloSimError

            ended = ("" if self.months is None or self.month < self.months
                     else f"the run ended at month {self.month} (months={self.months}); ")
            raise LloSimError(f"the model was stopped: {ended}model.running is False; set "
                              "model.running = True to go on")
        events = self._advance()
        self._record(*events)                                                          # 9
        self._collect()
        if self.months is not None and self.month >= self.months:
            self.running = False                  # the run's last month: Mesa's loops end

    def run_model(self) -> None:
        """Mesa's loop: step month by month until the run ends, at ``months`` (given to the
        model, else the command line's :data:`~llo_sim.engine.limits.RUN_MONTHS`)."""
        if self.months is None:
            self.months = RUN_MONTHS
        while self.running and self.month < self.months:
            self.step()
        self.running = False

    def _collect(self) -> None:
        """``self.datacollector.collect(self)``, without a reporter call and a deep copy per
        measure: each reporter reads ``self.latest``, whose values are plain numbers. A data
        collector that someone replaced or extended collects the usual way."""
        dc = self.datacollector
        ours = dc.model_vars.keys() <= self.latest.keys()
        if dc.agent_reporters or dc.agenttype_reporters or not ours:
            dc.collect(self)
            return
        for name, values in dc.model_vars.items():
            values.append(self.latest[name])

    def _advance(self):
        """Steps 1-8 of one month. Returns this month's ``(formal, informal, refused,
        career)`` for the measures."""
        self.month += 1
        month = self.month
        if self.p["open_workforce"]:                                                    # 0
            self.moves = live_month(self)
        for inst in self.instruments.values():                                        # 1
            inst.step(self, month)
        self._open_budget_year(month)
        now = self.now = self._experience(month)                                        # 2-5
        events = self._decide(month, now)                                               # 6
        self._learn(month, now, events)                                                 # 7
        self._feed_back(now, events)                                                    # 8
        return events.formal, events.informal, events.refused, events.career

    # --- measures ------------------------------------------------------------------------------------
    def _record(self, formal, informal, refused, career) -> None:
        """Step 9: this month's measures (:func:`llo_sim.engine.record.month_measures`) and its
        table of participation by group."""
        self.latest, table = month_measures(self, formal, informal, refused, career)
        self._group_months.append(self.month)
        self._group_tables.append(table)

    # --- results ---------------------------------------------------------------------------------------
    def timeseries(self):
        """One row per month (month 0 = initial state), as a pandas DataFrame."""
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    def groups(self):
        """Tidy participation by education, age, contract and Broek group, per month."""
        return groups_frame(self._group_months, self._group_tables)


def _reporter(name: str):
    def report(model: LearningCultureModel):
        return model.latest[name]

    report.__name__ = name
    return report


def _signature() -> inspect.Signature:
    """The model's signature, built from the registry: one keyword per parameter."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(p.name, kw, default=p.default) for p in REGISTRY_LIST]
    params += [inspect.Parameter("rng", kw, default=None),
               inspect.Parameter("agents", kw, default=True),
               inspect.Parameter("organisation", kw, default=None),
               inspect.Parameter("months", kw, default=None)]
    return inspect.Signature(params)


LearningCultureModel.__init__.__signature__ = _signature()
