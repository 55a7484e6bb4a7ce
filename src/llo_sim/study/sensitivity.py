"""Sensitivity analysis of a sweep with SALib: Morris screening or Sobol indices.

The experiment file chooses the method through its design (``design = "morris"`` or
``"sobol"``); :func:`run_sensitivity` runs the sweep (or what is left of it, see
:mod:`llo_sim.study.sweep.run`), averages each design point's replications, and computes per measure:

- Morris: ``mu_star`` (mean absolute elementary effect: how much the measure moves when the
  parameter moves across its range), its 95% interval ``mu_star_conf``, ``mu`` (signed) and
  ``sigma`` (spread of the effects: interactions or non-linearity);
- Sobol: ``S1`` (share of the variance due to the parameter alone) and ``ST`` (including its
  interactions), with 95% intervals.

Elementary effects are in units of the measure per whole range of the parameter (SALib scales
the design to [0, 1] per parameter), so parameters with different units can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.storage.sweep_store import read_table, write_files
from llo_sim.study.sweep.design import Experiment
from llo_sim.study.sweep.file import load_experiment
from llo_sim.study.sweep.run import SweepResult, run_sweep

METHODS = ("morris", "sobol")
COLUMNS = {"morris": ["mu_star", "mu_star_conf", "mu", "sigma"],
           "sobol": ["S1", "S1_conf", "ST", "ST_conf"]}


def check_method(exp: Experiment) -> str:
    """The method of an experiment: its design, which must be Morris or Sobol."""
    if exp.design not in METHODS:
        raise LloSimError(f"{exp.path}: design = {exp.design!r} cannot be analysed; "
                          "sensitivity needs design = 'morris' or 'sobol'")
    return exp.design


def point_means(exp: Experiment, summary: pd.DataFrame, measure: str) -> np.ndarray:
    """The mean of ``measure`` over the replications of each design point, in design order."""
    n_points = len(exp.points())
    means = summary.groupby("point")[measure].mean().reindex(range(n_points))
    return means.to_numpy(dtype=float)


def indices(exp: Experiment, summary: pd.DataFrame,
            measures: list[str] | None = None) -> pd.DataFrame:
    """Sensitivity indices of every factor for each measure, one row per (measure, factor).

    A measure that is undefined at some design point (NaN, e.g. budget uptake without budget
    holders) gets NaN indices rather than an error.
    """
    from SALib.analyze import morris, sobol

    method = check_method(exp)
    problem = exp.problem
    x = exp.samples_matrix()
    rows = []
    for measure in measures or list(exp.measures):
        if measure not in summary.columns:
            raise LloSimError(f"{measure}: not a measure of this sweep; expected one of "
                              + ", ".join(exp.measures))
        y = point_means(exp, summary, measure)
        if np.isnan(y).any():
            res = {c: [np.nan] * len(exp.factors) for c in COLUMNS[method]}
        elif method == "morris":
            res = morris.analyze(problem, x, y, num_levels=exp.levels, seed=exp.seed)
        else:
            res = sobol.analyze(problem, y, calc_second_order=exp.second_order, seed=exp.seed)
        for j, factor in enumerate(exp.factors):
            rows.append({"measure": measure, "parameter": factor.name,
                         **{c: float(np.asarray(res[c])[j]) for c in COLUMNS[method]}})
    return pd.DataFrame(rows, columns=["measure", "parameter", *COLUMNS[method]])


@dataclass
class SensitivityResult:
    """The sweep behind an analysis, the indices, and the files written."""

    sweep: SweepResult
    method: str
    table: pd.DataFrame
    files: list[Path]
    title: str = ""


def run_sensitivity(experiment, out: str | Path, *, measures: list[str] | None = None,
                    workers: int | None = None, scheduler: str | None = None, executor=None,
                    progress: bool = False, figures: Callable | None = None,
                    overwrite: bool = False) -> SensitivityResult:
    """Run (or finish) the sweep of a Morris or Sobol experiment in ``out`` and write
    ``sensitivity.csv`` there, with the figures ``figures(result, out) -> {path: bytes}``
    draws (the faces pass :func:`llo_sim.figures.sensitivity.sensitivity_files`): the files
    are replaced together, only once all are on disk
    (:func:`llo_sim.storage.sweep_store.write_files`)."""
    exp = load_experiment(experiment)
    method = check_method(exp)
    sweep = run_sweep(exp, out, workers=workers, scheduler=scheduler, executor=executor,
                      progress=progress, overwrite=overwrite)
    table = indices(exp, read_table(out, "summary"), measures)
    out = Path(out)
    files = {out / "sensitivity.csv": table.to_csv(index=False, float_format="%.6g",
                                                    lineterminator="\n").encode()}
    title = (f"{exp.name}: {method} indices, {len(exp.points())} design points x "
             f"{exp.replications} replications, {exp.months} months")
    result = SensitivityResult(sweep, method, table, [], title)
    if figures is not None:
        files.update(figures(result, out))
    write_files(files)
    result.files = list(files)
    return result
