"""One visitor's simulation (the whole answer of a setting), and the longer runs behind the
comparison views.

The running views compute a setting's whole horizon at once (:class:`Simulation`, through
:mod:`llo_sim.dashboard.runs`). The comparisons, the workshop and the searches run in a
thread that checks a cancel event every month, so a new setting or a closed tab stops the
work within one month's computation; the cost tab checks it between its whole runs.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from llo_sim.dashboard import runs
from llo_sim.dashboard.runs import Runner, has_history  # noqa: F401 - has_history: for callers
from llo_sim.engine.measures import HEADLINE, WINDOW
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.parameters import DEFAULTS, REGISTRY
from llo_sim.engine.policy import is_lever

GAP_MEASURE = "ratio_formal_theoretical_practical"   # the education gap, in every tab

# columns the running charts band across the replications
BANDED = (HEADLINE, "gini_learning", "budget_uptake", "ratio_practical_theoretical",
          "ratio_old_young", "ratio_flex_permanent", "share_in_position_learning")


HORIZON = 120            # months of every run the running views show: ten years

# months shown by Play in this process, all visits together: a probe for the test that a
# closed tab leaves the server idle (server.py shows it when asked to)
MONTHS_SHOWN = [0]


class Cancelled(Exception):
    """The visitor no longer wants this result (paused, changed a setting, left)."""


def build(params: dict, seed: int) -> LearningCultureModel:
    """A fresh model at month 0."""
    return LearningCultureModel(rng=seed, agents=False, **params)


@dataclass
class Frame:
    """What one picture of the running simulation needs, at the month shown.

    ``ts`` and ``ref`` are the runs with the chosen seed up to that month; ``bands`` maps a
    column of ``BANDED`` to (current, reference): the mean over all replications with its
    95% interval (empty with one replication); ``diff`` the paired difference of the
    headline, current - reference, at this month: (mean, low, high)."""

    month: int
    ts: pd.DataFrame
    ref: pd.DataFrame | None
    blocks: dict
    teams: dict
    measured: bool
    reps: int = 1
    bands: dict = field(default_factory=dict)
    diff: tuple[float, float, float] | None = None

    @property
    def band(self) -> pd.DataFrame | None:
        return self.bands.get(HEADLINE, (None, None))[0]


def replications_for(n_employees: int) -> int:
    """How many replications the running views and the workshop compute: 4 up to 5,000
    employees (two per core: the whole 10-year answer of 1,000 employees within 300 ms on
    two cores, ``docs/dashboard.md``), fewer above, one at 20,000."""
    return max(1, min(4, 20_000 // max(n_employees, 1)))


class Simulation:
    """The whole answer of a setting: the run and its reference run (same employees, other
    settings) to :data:`HORIZON`, each with ``reps`` replications (other employees;
    replication 0 uses the seed itself, replication ``i`` > 0 the calibrated ensemble's
    parameter set ``i`` for everything the settings leave at its default, the same world for
    current and reference, so the bands hold what we do not know about the weights too).

    Everything is computed when the simulation is made (:mod:`llo_sim.dashboard.runs`: in
    worker processes, runs seen before are kept). What remains is *which month is shown*:
    the whole horizon at first; Play and the step buttons move through the finished runs,
    to watch the answer unfold, without computing anything."""

    def __init__(self, params: dict, seed: int, ref_params: dict | None, reps: int | None = None,
                 runner: Runner | None = None):
        self.params, self.seed, self.ref_params = params, seed, ref_params
        self.reps = reps or replications_for(params["n_employees"])
        seeds = replication_seeds(seed, self.reps)
        jobs = [(in_world(params, i), seeds[i], i == 0, i) for i in range(self.reps)]
        if ref_params is not None:
            jobs += [(in_world(ref_params, i), seeds[i], False, i) for i in range(self.reps)]
        done = (runner or runs.runner()).runs(jobs, HORIZON)
        self.runs, self.ref_runs = done[:self.reps], done[self.reps:]
        self.month = HORIZON
        current = [r.ts for r in self.runs]
        reference = [r.ts for r in self.ref_runs]
        self._bands = {} if self.reps == 1 else {
            col: (mean_band(current, col), mean_band(reference, col) if reference else None)
            for col in BANDED}

    def step(self, months: int, horizon: int = HORIZON) -> None:
        """Show up to ``months`` months more, never beyond ``horizon``."""
        self.month = max(self.month, min(self.month + max(0, months), horizon, HORIZON))

    def reset(self) -> None:
        """Back to month 0, to watch the run unfold from the start."""
        self.month = 0

    def at(self, month: int) -> tuple[float, float | None, tuple | None]:
        """(headline, the reference's headline or None, the paired difference current -
        reference with its interval, or None) at ``month``, whichever month is shown: means
        over the replications, so the headline minus the reference's is the difference."""
        now = [float(r.ts[HEADLINE].iloc[month]) for r in self.runs]
        if not self.ref_runs:
            return float(np.mean(now)), None, None
        ref = [float(r.ts[HEADLINE].iloc[month]) for r in self.ref_runs]
        return float(np.mean(now)), float(np.mean(ref)), mean_interval(np.subtract(now, ref))

    def frame(self) -> Frame:
        """The month shown. The banded columns (:data:`BANDED`) of ``ts`` and ``ref`` are
        the means over the replications, the centre of their bands, so that a line, its band,
        the answer and a hover tell one number; the other columns are the seed's own run."""
        m, first = self.month, self.runs[0]
        upto = m + 1
        ts = _with_means(first.ts.iloc[:upto], self._bands, 0)
        ref = (_with_means(self.ref_runs[0].ts.iloc[:upto], self._bands, 1)
               if self.ref_runs else None)
        frame = Frame(m, ts, ref, first.blocks[m], first.teams[m], first.measured or m > 0,
                      self.reps)
        frame.bands = {col: tuple(None if b is None else b.iloc[:upto] for b in pair)
                       for col, pair in self._bands.items()}
        if self.ref_runs:
            frame.diff = self.at(m)[2]
        return frame


def _with_means(ts: pd.DataFrame, bands: dict, which: int) -> pd.DataFrame:
    """``ts`` with each banded column replaced by the replications' mean (none: unchanged)."""
    if not bands:
        return ts
    ts = ts.copy()
    for col, pair in bands.items():
        if pair[which] is not None:
            ts[col] = pair[which][col].to_numpy()[: len(ts)]
    return ts


def warm_up() -> None:
    """Compute the first view (the baseline at its own size, seed 1, against itself), so
    the first visitor finds it ready and the worker processes have started, warmed up that
    organisation and loaded their compiled kernels. The server runs this at start, in a
    thread; a failure only costs the first visitor the wait."""
    from llo_sim.engine.scenario import load

    params = load("baseline").parameters
    Simulation(params, 1, reference_parameters(params, params))


def reference_parameters(reference: dict, params: dict) -> dict:
    """The reference run's parameters: the policy levers of the ``reference`` scenario in the
    organisation of ``params`` (its employees, workforce, conversion factors and weights), so
    the reference differs from the current settings only in policy and starts from the same
    warmed-up month 0."""
    return {**params, **{k: v for k, v in reference.items() if is_lever(k, REGISTRY[k].group)}}


def run_series(params: dict, seed: int, months: int, cancel: threading.Event | None = None
               ) -> tuple[pd.DataFrame, LearningCultureModel]:
    """Run ``months`` months; raise :class:`Cancelled` as soon as ``cancel`` is set."""
    model = build(params, seed)
    for _ in range(months):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        model.step()
    return model.timeseries(), model


@functools.cache
def shipped_ensemble():
    from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble

    return load_ensemble(ENSEMBLE_FILE) if ENSEMBLE_FILE.exists() else None


def in_world(params: dict, replication: int) -> dict:
    """``params`` in the ensemble's parameter set ``replication`` (none for replication 0):
    values the user or the scenario set (different from the registry default) are kept."""
    ens = shipped_ensemble()
    if replication == 0 or ens is None:
        return params
    member = ens.member((replication - 1) % len(ens))
    return {**params, **{k: v for k, v in member.items() if params.get(k) == DEFAULTS[k]}}


def replication_seeds(seed: int, n: int) -> list[int]:
    """Seeds of ``n`` replications, derived from one base seed (replication 0 is the seed
    itself, so one replication shows the same run as the main view)."""
    extra = np.random.SeedSequence(seed).generate_state(max(n - 1, 1))
    return [seed] + [int(s) for s in extra[: n - 1]]


def mean_band(runs: list[pd.DataFrame], col: str = HEADLINE, level: float = 0.95
              ) -> pd.DataFrame:
    """Per month: the mean of ``col`` over the runs and the t-interval of that mean."""
    values = np.vstack([r[col].to_numpy() for r in runs])
    mean = values.mean(axis=0)
    out = {"month": runs[0]["month"].to_numpy(), col: mean}
    if len(runs) > 1:
        half = _t_quantile(level, len(runs) - 1) * values.std(axis=0, ddof=1) \
            / np.sqrt(len(runs))
        out["low"], out["high"] = mean - half, mean + half
    return pd.DataFrame(out)


@functools.lru_cache(maxsize=64)
def _t_quantile(level: float, df: int) -> float:
    """The t quantile of a two-sided ``level`` interval (scipy's ``ppf`` costs milliseconds:
    asked once per level and degrees of freedom)."""
    return float(stats.t.ppf(0.5 + level / 2, df))


def paired_difference(a: list[pd.DataFrame], b: list[pd.DataFrame], col: str = HEADLINE,
                      level: float = 0.95) -> tuple[float, float, float]:
    """Mean final-month difference b - a over paired replications, with its t-interval
    (NaN bounds for one replication)."""
    return mean_interval([rb[col].iloc[-1] - ra[col].iloc[-1] for ra, rb in zip(a, b)], level)


def mean_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): the mean of ``values`` with its t-interval (NaN bounds for one)."""
    d = np.asarray(values, dtype=float)
    if len(d) < 2:
        return float(d.mean()), float("nan"), float("nan")
    half = _t_quantile(level, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


def cost_and_effect_at(ts: pd.DataFrame, month: int) -> tuple[float, float, float]:
    """(cost per employee in the 12 months up to ``month``, headline, education gap) of a
    run's time series read at ``month``: the same numbers as the run stopped there. The gap
    is :data:`GAP_MEASURE`, the one definition every tab uses (``docs/measures.md``): how many
    times more often the theoretically than the practically educated learned formally in the
    last 12 months (1 = equal). Formal learning, because nearly everyone learns something
    informally within a year."""
    upto = ts.iloc[: month + 1]
    cost = float(upto["cost_month"].iloc[-WINDOW:].sum()) / float(upto["n_employees"].iloc[-1])
    return cost, float(upto[HEADLINE].iloc[-1]), float(upto[GAP_MEASURE].iloc[-1])


def budget_offered_at(ts: pd.DataFrame, month: int, params: dict) -> float:
    """EUR per employee per year the personal budget of ``params`` offers at ``month``: the
    amount times the share of holders, per year of the budget's period (what is spent is the
    cost)."""
    amount = float(params["budget_amount"])
    if amount <= 0:
        return 0.0
    return amount * float(ts["budget_holders"].iloc[month]) * 12.0 / int(
        params["budget_period_months"])


def cost_and_effect(model: LearningCultureModel, ts: pd.DataFrame) -> tuple[float, float, float]:
    """:func:`cost_and_effect_at` at the last month of a finished run."""
    return cost_and_effect_at(ts, len(ts) - 1)


def budget_offered(model: LearningCultureModel) -> float:
    """:func:`budget_offered_at` at the last month of a finished run, for its policy."""
    ts = model.timeseries()
    return budget_offered_at(ts, len(ts) - 1, model.rule_p)
