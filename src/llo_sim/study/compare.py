"""Comparing scenarios: replications with common random numbers, in parallel, with intervals.

Replication ``i`` of every scenario uses the same seed, so every random decision draws the
same numbers in every scenario (see :mod:`llo_sim.engine.streams`): differences between scenarios
are due to the policy, not to noise, and paired differences have narrow intervals. Runs go
to a pool of processes; the numbers do not depend on how many (each run is seeded by its
replication alone).

Across the calibrated ensemble (:mod:`llo_sim.study.ensemble`), replication ``i`` also takes
parameter set ``i mod K`` of the ensemble's ``K``: one plausible world and one seed, the same
for every scenario. A scenario's own parameters (its file, ``--set``) win over the ensemble's.
The spread across replications then holds both kinds of uncertainty: chance and what we do not
know about the weights. The summary gives the 90% range of the worlds (``p05``, ``p95``) beside
the interval of the mean, and the differences the share of worlds in which a scenario beats
the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import Scenario, load_scenario
from llo_sim.errors import LloSimError
from llo_sim.storage.checksums import checksums, seal
from llo_sim.storage.csv_text import excel_safe
from llo_sim.storage.folders import FLOAT_FORMAT, named, result_folder, to_json
from llo_sim.storage.provenance import environment, package_version
from llo_sim.study.ensemble import Ensemble
from llo_sim.study.parallel import run_all
from llo_sim.study.runs import simulate
from llo_sim.study.seeds import replication_seeds
from llo_sim.study.statistics import mean_ci, share_higher, spread

NOT_MEASURES = ("month", "n_employees")
GROUP_MEASURES = ("participation_any", "participation_formal", "participation_informal",
                  "budget_uptake")


@dataclass(frozen=True)
class Task:
    """One run: a scenario's parameters, one replication."""

    scenario: str
    replication: int
    seed: int
    months: int
    params: dict


def run_task(task: Task) -> tuple[Task, pd.DataFrame, pd.DataFrame]:
    """Run one replication (in a worker process) and return its two tables."""
    model = simulate(task.params, task.seed, task.months)
    return task, model.timeseries(), model.groups()


@dataclass
class Comparison:
    """The runs of a comparison and what is derived from them."""

    scenarios: list[Scenario]
    replications: int
    seed: int
    months: int
    timeseries: pd.DataFrame            # scenario, replication, month, measures...
    groups: pd.DataFrame                # scenario, replication, month, dimension, level, ...
    seeds: list[int] = field(default_factory=list)
    worlds: list[int] | None = None     # ensemble member of each replication (None: defaults)
    provenance: dict | None = None      # of the ensemble
    # draws the figures written with the tables: (comparison, folder) -> {path: bytes}; the
    # faces set it (llo_sim.figures.comparison.comparison_files)
    figures: Callable | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    def final(self) -> pd.DataFrame:
        """One row per scenario and replication: every measure at the final month, the
        organisation-level ones and participation per group (``measure[dimension=level]``)."""
        ts = self.timeseries[self.timeseries["month"] == self.months]
        ts = ts.drop(columns=list(NOT_MEASURES)).set_index(["scenario", "replication"])
        g = self.groups[self.groups["month"] == self.months]
        long = g.melt(id_vars=["scenario", "replication", "dimension", "level"],
                      value_vars=list(GROUP_MEASURES), var_name="measure")
        long["name"] = long["measure"] + "[" + long["dimension"] + "=" + long["level"] + "]"
        wide = long.pivot(index=["scenario", "replication"], columns="name", values="value")
        wide = wide[list(dict.fromkeys(long["name"]))]  # in the order of the groups table
        return ts.join(wide).reindex(pd.MultiIndex.from_product(
            [self.names, range(self.replications)], names=["scenario", "replication"]))

    def summary(self) -> pd.DataFrame:
        """``scenario, measure, mean, ci_low, ci_high, p05, p95`` at the final month: the mean
        with its 95% interval, and the range that holds 90% of the replications (worlds)."""
        final = self.final()
        rows = [(name, measure, *mean_ci(v), *spread(v))
                for name in self.names for measure in final.columns
                for v in [final.loc[name, measure].to_numpy()]]
        return pd.DataFrame(rows, columns=["scenario", "measure", "mean", "ci_low", "ci_high",
                                           "p05", "p95"])

    def differences(self) -> pd.DataFrame:
        """Paired differences of each scenario against the first, per replication (the same
        seed and world): ``scenario, reference, measure, mean_difference, ci_low, ci_high``
        (95% interval of the mean), ``p05, p95`` (90% of the worlds) and ``share_higher``
        (share of the worlds in which the scenario's value is higher than the reference's)."""
        final = self.final()
        ref = self.names[0]
        rows = []
        for name in self.names[1:]:
            diff = final.loc[name].to_numpy() - final.loc[ref].to_numpy()
            for j, measure in enumerate(final.columns):
                d = diff[:, j]
                rows.append((name, ref, measure, *mean_ci(d), *spread(d), share_higher(d)))
        return pd.DataFrame(rows, columns=["scenario", "reference", "measure",
                                           "mean_difference", "ci_low", "ci_high", "p05", "p95",
                                           "share_higher"])

    def bands(self, measure: str) -> pd.DataFrame:
        """``measure`` per scenario and month (for plots): the mean with its 95% interval
        (``ci_low``, ``ci_high``) and the range of 90% of the runs (``p05``, ``p95``)."""
        rows = []
        for (name, month), v in self.timeseries.groupby(["scenario", "month"], sort=False)[
                measure]:
            rows.append((name, month, *mean_ci(v.to_numpy()), *spread(v.to_numpy())))
        return pd.DataFrame(rows, columns=["scenario", "month", "mean", "ci_low", "ci_high",
                                           "p05", "p95"])

    def costs(self) -> pd.DataFrame:
        """EUR per employee per year of every scenario, per instrument, knob and in total,
        with the source of each figure (:func:`llo_sim.study.costs.cost_table`)."""
        from llo_sim.study.costs import cost_table

        return cost_table(self)

    def cost_effectiveness(self, reference: str | None = None) -> pd.DataFrame:
        """What each euro buys against ``reference`` (default: the first scenario), with the
        90% range of the worlds (:func:`llo_sim.study.costs.cost_effectiveness`)."""
        from llo_sim.study.costs import cost_effectiveness

        return cost_effectiveness(self, reference)

    def metadata(self) -> dict[str, Any]:
        return {"llo_sim_version": package_version(), "seed": self.seed,
                "ensemble": ({"members": self.worlds, "provenance": self.provenance}
                             if self.worlds is not None else None),
                "replications": self.replications, "replication_seeds": self.seeds,
                "months": self.months,
                "scenarios": {s.name: {"extends_chain": s.chain,
                                       "parameters": dict(sorted(s.parameters.items()))}
                              for s in self.scenarios},
                "environment": environment()}

    def write(self, out_dir: str | Path, figure: bool = True, overwrite: bool = False) -> Path:
        """Write summary.csv, differences.csv, costs.csv, cost_effectiveness.csv,
        timeseries.csv, groups.csv, compare.json and (with ``figure``) the figures of
        :attr:`figures` (comparison.png and comparison.svg) into ``out_dir``, all or nothing
        (see :mod:`llo_sim.storage.folders`): an existing non-empty folder is refused unless
        ``overwrite``, and then replaced as a whole."""
        opts = dict(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        tables = (("summary.csv", self.summary()), ("differences.csv", self.differences()),
                  ("costs.csv", self.costs()),
                  ("cost_effectiveness.csv", self.cost_effectiveness()),
                  ("timeseries.csv", self.timeseries), ("groups.csv", self.groups))
        inputs = [f["path"] for s in self.scenarios for f in s.files if f.get("path")]
        with result_folder(out_dir, overwrite, option="out_dir", kind="compare",
                           inputs=inputs) as tmp:
            for name, table in tables:
                with named(tmp / name):
                    excel_safe(table).to_csv(tmp / name, **opts)
            if figure and self.figures is not None:
                for path, data in self.figures(self, tmp).items():
                    with named(path):
                        path.write_bytes(data)
            written = [p.name for p in tmp.iterdir()]
            meta = seal("compare", self.metadata(), checksums(tmp, written))
            with named(tmp / "compare.json"):
                (tmp / "compare.json").write_text(to_json(meta))
        return Path(out_dir)


def compare(scenarios: list[str | Path | Scenario], *, replications: int = 10, seed: int = 0,
            months: int = 120, workers: int | None = None,
            on_done: Callable[[Task], None] | None = None, ensemble: Ensemble | None = None,
            scheduler: str | None = None, **overrides: Any) -> Comparison:
    """Run every scenario ``replications`` times with common random numbers.

    ``overrides`` (e.g. ``n_employees=2000``) apply to every scenario. ``workers`` is the
    number of processes (default: the number of cores; 1 runs in this process);
    ``scheduler`` the address of a Dask cluster to run on instead (the same numbers: each run
    is seeded by its replication alone). With an
    ``ensemble`` (:func:`llo_sim.study.ensemble.load_ensemble`), replication ``i`` runs in its
    parameter set ``i mod K``; the scenarios' own settings win over the ensemble's.
    """
    from llo_sim.engine.limits import MAX_MONTHS, MAX_REPLICATIONS, check_whole

    months = check_whole("compare()", "months", months, 0, MAX_MONTHS, "months")
    replications = check_whole("compare()", "replications", replications, 1, MAX_REPLICATIONS)
    seed = check_whole("compare()", "seed", seed, 0, 2**63 - 1)
    loaded = [load_scenario(s) for s in scenarios]
    if overrides:
        loaded = [s.with_overrides(**overrides) for s in loaded]
    names = [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise LloSimError(f"each scenario can be compared once; got {', '.join(names)}")
    seeds = replication_seeds(seed, replications)
    worlds = None if ensemble is None else [i % len(ensemble) for i in range(replications)]
    tasks = [Task(s.name, i, seeds[i], months, world_parameters(s, ensemble, worlds, i))
             for s in loaded for i in range(replications)]
    results = _execute(tasks, workers, on_done, scheduler)
    ts, gs = [], []
    for task, t, g in results:
        keys = {"scenario": task.scenario, "replication": task.replication}
        ts.append(t.assign(**keys))
        gs.append(g.assign(**keys))
    order = ["scenario", "replication"]
    timeseries = pd.concat(ts, ignore_index=True)
    groups = pd.concat(gs, ignore_index=True)
    timeseries = timeseries[order + [c for c in timeseries.columns if c not in order]]
    groups = groups[order + [c for c in groups.columns if c not in order]]
    return Comparison(loaded, replications, seed, months, timeseries, groups, seeds, worlds,
                      None if ensemble is None else ensemble.provenance)


def world_parameters(scenario: Scenario, ensemble: Ensemble | None, worlds, i: int) -> dict:
    """The parameters of replication ``i``: the scenario's, in its ensemble world if any."""
    if ensemble is None:
        return scenario.parameters
    return validate({**ensemble.member(worlds[i]), **scenario.overrides},
                    str(scenario.path or scenario.name))


def _execute(tasks: list[Task], workers: int | None, on_done, scheduler=None) -> list:
    """Run the tasks, in processes unless ``workers == 1`` (or on a Dask cluster); results
    in task order. Ctrl-C stops at once; a dead worker is a one-line
    :class:`~llo_sim.study.parallel.WorkerDied`."""
    done = None if on_done is None else (lambda args: on_done(args[0]))
    return run_all(run_task, [(t,) for t in tasks], workers, done, scheduler)
