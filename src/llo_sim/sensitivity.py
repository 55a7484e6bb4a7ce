"""Sensitivity analysis of a sweep with SALib: Morris screening or Sobol indices.

The experiment file chooses the method through its design (``design = "morris"`` or
``"sobol"``); :func:`run_sensitivity` runs the sweep (or what is left of it, see
:mod:`llo_sim.sweep`), averages each design point's replications, and computes per measure:

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

import numpy as np
import pandas as pd

from .errors import LloSimError
from .experiment_file import load_experiment
from .results_store import read_table, write_files
from .sweep import SweepResult, run_sweep
from .sweep_design import Experiment

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


def sensitivity_figure(table: pd.DataFrame, method: str, title: str = ""):
    """One panel per measure: a bar per parameter (Morris ``mu_star`` with its interval and
    ``sigma``; Sobol ``S1`` and ``ST`` with intervals), largest effect on top."""
    from .plots import plt  # the Agg backend and stable SVG ids

    measures = list(dict.fromkeys(table["measure"]))
    n_params = table["parameter"].nunique()
    fig, axes = plt.subplots(1, len(measures), figsize=(5.5 * len(measures),
                                                        1.2 + 0.45 * n_params),
                             layout="constrained", squeeze=False)
    a, b = ("mu_star", "sigma") if method == "morris" else ("S1", "ST")
    labels = ({"mu_star": "mu* (mean |effect|)", "sigma": "sigma (spread of effects)"}
              if method == "morris" else {"S1": "S1 (first order)", "ST": "ST (total)"})
    for ax, measure in zip(axes[0], measures):
        t = table[table["measure"] == measure].sort_values(a, na_position="first")
        y = np.arange(len(t))
        h = 0.38
        ax.barh(y + h / 2, t[a], h, xerr=t[f"{a}_conf"], color="C0", label=labels[a],
                error_kw={"lw": 1})
        ax.barh(y - h / 2, t[b], h, xerr=t.get(f"{b}_conf"), color="C1", label=labels[b],
                error_kw={"lw": 1})
        ax.set_yticks(y, t["parameter"])
        ax.set_title(measure.replace("[", "\n["))   # group measures on two lines
        ax.axvline(0, color="black", lw=0.6)
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].legend(loc="lower right", fontsize="small")
    if title:
        fig.suptitle(title)
    return fig


@dataclass
class SensitivityResult:
    """The sweep behind an analysis, the indices, and the files written."""

    sweep: SweepResult
    method: str
    table: pd.DataFrame
    files: list[Path]


def run_sensitivity(experiment, out: str | Path, *, measures: list[str] | None = None,
                    workers: int | None = None, scheduler: str | None = None, executor=None,
                    progress: bool = False, figure: bool = True,
                    overwrite: bool = False) -> SensitivityResult:
    """Run (or finish) the sweep of a Morris or Sobol experiment in ``out`` and write
    ``sensitivity.csv`` and ``sensitivity.png`` / ``.svg`` there: the three are replaced
    together, only once all are on disk (:func:`llo_sim.results_store.write_files`)."""
    exp = load_experiment(experiment)
    method = check_method(exp)
    sweep = run_sweep(exp, out, workers=workers, scheduler=scheduler, executor=executor,
                      progress=progress, overwrite=overwrite)
    table = indices(exp, read_table(out, "summary"), measures)
    out = Path(out)
    files = {out / "sensitivity.csv": table.to_csv(index=False, float_format="%.6g",
                                                    lineterminator="\n").encode()}
    if figure:
        title = (f"{exp.name}: {method} indices, {len(exp.points())} design points x "
                 f"{exp.replications} replications, {exp.months} months")
        files.update(_figure_bytes(sensitivity_figure(table, method, title),
                                   out / "sensitivity"))
    write_files(files)
    return SensitivityResult(sweep, method, table, list(files))


def _figure_bytes(fig, stem: Path) -> dict[Path, bytes]:
    """The PNG and SVG of a figure in memory, as :func:`llo_sim.plots.save_figure` would
    write them."""
    import io

    from .plots import plt

    files = {}
    for suffix, options in ((".png", {"dpi": 120}), (".svg", {"metadata": {"Date": None}})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], **options)
        files[stem.with_suffix(suffix)] = buffer.getvalue()
    plt.close(fig)
    return files
