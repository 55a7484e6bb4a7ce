"""What the model predicts a later scan will measure: per team and for the whole organisation,
per month, across replications in the calibrated ensemble's worlds (:mod:`llo_sim.study.compare`:
replication ``i`` takes world ``i mod K`` and the ``i``-th derived seed), so each prediction has
a median and a 90% interval. Recorded from the model's state each month: the knobs as
experienced, the building blocks, agency (``eigen_regie``) and the headline measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from llo_sim.engine.histories import YEAR
from llo_sim.engine.model import LearningCultureModel
from llo_sim.own.scan_file import QUANTITIES
from llo_sim.own.start import team_means
from llo_sim.study.compare import world_parameters
from llo_sim.study.parallel import run_all
from llo_sim.study.seeds import derived_seed

PREDICTED = QUANTITIES + ("share_learning_a_lot",)
MAX_CELLS = 20_000_000       # teams x quantities x months x replications held at once


def observe(model) -> np.ndarray:
    """This month's team means (columns 0..k-1) and organisation mean (column k) of every
    predicted quantity; shape ``(len(PREDICTED), k + 1)``."""
    w, now = model.workforce, model.now
    any_months = np.bitwise_count((w.hist_formal & YEAR).astype(np.uint16)
                                  | (w.hist_informal & np.uint32(0xFFF)).astype(np.uint16))
    per_employee = (now.richting, now.ruimte, now.support, w.weten, w.willen, w.kunnen,
                    w.durven, w.mogen, w.agency,
                    (any_months >= model.p["a_lot_months"]).astype(np.float64))
    out = np.empty((len(PREDICTED), model.leaders.n + 1))
    for i, values in enumerate(per_employee):
        out[i, :-1] = team_means(values, model._team_index, model.team_counts)
        out[i, -1] = values.mean()
    return out


def record_months(months: int, n_teams: int, replications: int) -> list[int]:
    """Every month, or every 12th month (and the last) when that would not fit in memory."""
    every = 1 if (months + 1) * (n_teams + 1) * len(PREDICTED) * replications <= MAX_CELLS else 12
    return sorted(set(range(0, months + 1, every)) | {months})


def predict_one(task) -> np.ndarray:
    """One replication: ``(params, seed, months, organisation, recorded)`` -> array of shape
    ``(len(recorded), len(PREDICTED), k + 1)`` (float32)."""
    params, seed, months, organisation, recorded = task
    model = LearningCultureModel(rng=seed, agents=False, organisation=organisation, **params)
    out, keep = [], set(recorded)
    if 0 in keep:
        out.append(observe(model))
    for _ in range(months):
        model.step()
        if model.month in keep:
            out.append(observe(model))
    return np.asarray(out, dtype=np.float32)


@dataclass
class Predictions:
    months: list[int]
    replications: int
    seed: int
    worlds: list[int] | None
    values: np.ndarray          # (replications, months, quantities, teams + 1)

    def table(self, team_names, team_sizes, hidden) -> pd.DataFrame:
        """Tidy ``team, n, quantity, month, median, p05, p95``; the ``hidden`` teams (small
        teams and their complements: :func:`llo_sim.own.privacy.hidden_teams`) are left out,
        the organisation (``all``) is always in."""
        q = np.percentile(self.values, [50, 5, 95], axis=0)        # (3, months, Q, k+1)
        keep = [j for j in range(len(team_sizes)) if not hidden[j]]
        names = [str(team_names[j]) for j in keep] + ["all"]
        sizes = [int(team_sizes[j]) for j in keep] + [int(sum(team_sizes))]
        cols = keep + [len(team_sizes)]
        m, nq = len(self.months), len(PREDICTED)
        sel = q[:, :, :, cols]                                      # (3, months, Q, teams)
        shape = (m, nq, len(cols))
        return pd.DataFrame({
            "team": np.broadcast_to(np.array(names, dtype=object), shape).ravel(),
            "n": np.broadcast_to(np.array(sizes), shape).ravel(),
            "quantity": np.broadcast_to(np.array(PREDICTED, dtype=object)[None, :, None],
                                        shape).ravel(),
            "month": np.broadcast_to(np.array(self.months)[:, None, None], shape).ravel(),
            "median": sel[0].ravel(), "p05": sel[1].ravel(), "p95": sel[2].ravel(),
        }).sort_values(["team", "quantity", "month"], kind="stable", ignore_index=True)


def predict(scenario, organisation, *, months: int, seed: int, replications: int,
            ensemble=None, workers: int | None = 1, on_done=None) -> Predictions:
    """Run ``replications`` replications of ``scenario`` in ``organisation``, in the ensemble's
    worlds when given, and keep the predicted quantities per team and month; ``on_done`` is
    called after each replication (for a progress bar)."""
    worlds = None if ensemble is None else [i % len(ensemble) for i in range(replications)]
    recorded = record_months(months, organisation.n_teams, replications)
    tasks = [(world_parameters(scenario, ensemble, worlds, i), derived_seed(seed, i), months,
              organisation, recorded) for i in range(replications)]
    done = on_done or (lambda: None)
    results = run_all(predict_one, [(t,) for t in tasks], workers or 1,   # Ctrl-C stops at once
                      on_done=lambda _args: done())
    return Predictions(recorded, replications, seed, worlds, np.stack(results))
