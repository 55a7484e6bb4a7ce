"""One visitor's simulation, and the longer runs behind the comparison views.

The dashboard never runs a long job in an event handler: playing, comparing and the workshop
run in a thread that checks a cancel event every month, so a pause, a new setting or a closed
tab stops the work within one month's computation.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from llo_sim.dashboard import views
from llo_sim.engine.measures import HEADLINE, WINDOW, recent
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.parameters import DEFAULTS, REGISTRY
from llo_sim.engine.policy import is_lever

GAP_MEASURE = "ratio_formal_theoretical_practical"   # the education gap, in every tab

# columns the running charts band across the replications
BANDED = (HEADLINE, "gini_learning", "budget_uptake", "ratio_practical_theoretical",
          "ratio_old_young", "ratio_flex_permanent", "share_in_position_learning")


# months stepped by the running simulations of this process, all visits together: a probe
# for the test that a closed tab leaves the server idle (server.py shows it when asked to)
MONTHS_STEPPED = [0]


class Cancelled(Exception):
    """The visitor no longer wants this result (paused, changed a setting, left)."""


def build(params: dict, seed: int) -> LearningCultureModel:
    """A fresh model at month 0."""
    return LearningCultureModel(rng=seed, agents=False, **params)


def has_history(model: LearningCultureModel) -> bool:
    """Whether the 12-month measures describe the organisation now: the model has run, or it
    started with learning already in the past (a warm start). A cold start at month 0 has no
    history, and its "0% learn" would be a wrong picture of the organisation."""
    if model.month > 0:
        return True
    w = model.workforce
    last = np.maximum(w.last_formal, w.last_informal)
    return bool(np.any(recent(last, model.month) & (last < model.month)))


@dataclass
class Frame:
    """What one picture of the running simulation needs, copied under the lock.

    ``ts`` and ``ref`` are the runs with the chosen seed; ``bands`` maps a column of
    ``BANDED`` to (current, reference): the mean over all replications with its 95% interval
    (empty with one replication); ``diff`` the paired difference of the headline, current -
    reference, at this month: (mean, low, high)."""

    month: int
    ts: pd.DataFrame
    ref: pd.DataFrame | None
    blocks: dict
    teams: dict
    measured: bool
    reps: int = 1
    bands: dict = field(default_factory=dict)
    diff: tuple[float, float, float] | None = None
    pending: bool = False     # more replications are being built: bands follow

    @property
    def band(self) -> pd.DataFrame | None:
        return self.bands.get(HEADLINE, (None, None))[0]


def replications_for(n_employees: int) -> int:
    """How many replications the running views keep: 5 up to 4,000 employees, fewer above,
    one at 20,000 (a month stays well under a second)."""
    return max(1, min(5, 20_000 // max(n_employees, 1)))


class Simulation:
    """A model and its reference run (same employees, other settings), stepped together, each
    with ``reps`` replications (other employees; replication 0 uses the seed itself).

    Replication 0 is built at once. The others are too when their organisation was warmed up
    before (a policy setting changed: a copy of the cached month 0). When the organisation
    itself changed (a workforce share, a conversion factor), each world needs its own
    spin-up: those replications are *pending*, the views show replication 0 without bands,
    and :meth:`fill` (run by the page in a thread) builds them, brings them to the month on
    screen and adds them, so the slider answers without waiting for them."""

    def __init__(self, params: dict, seed: int, ref_params: dict | None, reps: int | None = None):
        self.lock = threading.Lock()
        self.params, self.seed, self.ref_params = params, seed, ref_params
        self.reps_wanted = reps or replications_for(params["n_employees"])
        self.generation = 0               # bumped by every reset: a fill for an older one is void
        self.reset()

    def reset(self) -> None:
        """Back to month 0, the same employees. Replication 0 runs the settings as shown;
        replication ``i`` > 0 runs them in parameter set ``i`` of the calibrated ensemble, for
        everything the settings leave at its default (the same world for current and
        reference), so the bands hold what we do not know about the weights too."""
        models, refs = self._build(range(1))
        if models[0].warm_from_cache and all(r.warm_from_cache for r in refs):
            more, more_refs = self._build(range(1, self.reps_wanted))
            models, refs = models + more, refs + more_refs
        with self.lock:
            self.models, self.refs = models, refs
            self.generation += 1

    def _build(self, replications, cancel: threading.Event | None = None):
        """The current and reference models of these replications, at month 0."""
        seeds = replication_seeds(self.seed, self.reps_wanted)
        models, refs = [], []
        for i in replications:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            models.append(build(in_world(self.params, i), seeds[i]))
            if self.ref_params is not None:
                refs.append(build(in_world(self.ref_params, i), seeds[i]))
        return models, refs

    @property
    def pending(self) -> bool:
        """Whether replications are still to be built by :meth:`fill`."""
        return len(self.models) < self.reps_wanted

    def fill(self, cancel: threading.Event | None = None) -> bool:
        """Build the pending replications, step them to the month on screen and add them.
        Slow work (the spin-ups, catching up) runs outside the lock, so playing and stepping
        go on meanwhile; False when cancelled, reset meanwhile, or nothing was pending."""
        generation, have = self.generation, len(self.models)
        if have >= self.reps_wanted:
            return False
        try:
            models, refs = self._build(range(have, self.reps_wanted), cancel)
            while models[0].month < self.month:            # catch up, unlocked
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                for model in models + refs:
                    model.step()
                MONTHS_STEPPED[0] += 1
        except Cancelled:
            return False
        with self.lock:
            if generation != self.generation or len(self.models) != have:
                return False
            for model in models + refs:                     # the last months, if any
                while model.month < self.model.month:
                    model.step()
            self.models, self.refs = self.models + models, self.refs + refs
        return True

    @property
    def model(self) -> LearningCultureModel:
        return self.models[0]

    @property
    def ref(self) -> LearningCultureModel | None:
        return self.refs[0] if self.refs else None

    @property
    def month(self) -> int:
        return self.model.month

    def step(self, months: int, horizon: int) -> None:
        """Up to ``months`` months more, never beyond ``horizon``."""
        with self.lock:
            for _ in range(max(0, min(months, horizon - self.model.month))):
                for model in self.models + self.refs:
                    model.step()
                MONTHS_STEPPED[0] += 1

    def frame(self) -> Frame:
        with self.lock:
            runs = [m.timeseries() for m in self.models]
            refs = [m.timeseries() for m in self.refs]
            frame = Frame(self.model.month, runs[0], refs[0] if refs else None,
                          views.block_means(self.model), views.team_points(self.model),
                          has_history(self.model), len(runs), pending=self.pending)
        if frame.reps > 1:
            frame.bands = {col: (mean_band(runs, col), mean_band(refs, col) if refs else None)
                           for col in BANDED}
        if refs:
            frame.diff = paired_difference(refs, runs)
        return frame


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
    out = pd.DataFrame({"month": runs[0]["month"].to_numpy(), col: mean})
    if len(runs) > 1:
        half = stats.t.ppf(0.5 + level / 2, len(runs) - 1) * values.std(axis=0, ddof=1) \
            / np.sqrt(len(runs))
        out["low"], out["high"] = mean - half, mean + half
    return out


def paired_difference(a: list[pd.DataFrame], b: list[pd.DataFrame], col: str = HEADLINE,
                      level: float = 0.95) -> tuple[float, float, float]:
    """Mean final-month difference b - a over paired replications, with its t-interval
    (NaN bounds for one replication)."""
    d = np.array([rb[col].iloc[-1] - ra[col].iloc[-1] for ra, rb in zip(a, b)])
    if len(d) < 2:
        return float(d.mean()), float("nan"), float("nan")
    half = stats.t.ppf(0.5 + level / 2, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


def cost_and_effect(model: LearningCultureModel, ts: pd.DataFrame) -> tuple[float, float, float]:
    """(cost per employee in the last 12 months, headline, education gap) of a finished run.
    The gap is :data:`GAP_MEASURE`, the one definition every tab uses (``docs/measures.md``):
    how many times more often the theoretically than the practically educated learned formally
    in the last 12 months (1 = equal). Formal learning, because nearly everyone learns
    something informally within a year."""
    cost = float(ts["cost_month"].iloc[-WINDOW:].sum()) / model.workforce.theoretical.size
    return cost, float(ts[HEADLINE].iloc[-1]), float(ts[GAP_MEASURE].iloc[-1])


def budget_offered(model: LearningCultureModel) -> float:
    """EUR per employee per year the personal budget offers at the end of a run: the amount
    times the share of holders, per year of the budget's period (what is spent is the cost)."""
    budget = model.instruments["budget"]
    if budget.amount <= 0:
        return 0.0
    return budget.amount * float(model.latest["budget_holders"]) * 12.0 / budget.period
