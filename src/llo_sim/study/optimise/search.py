"""The best mix for a budget: a multi-objective search over the levers of HR policy.

``optimise(budget)`` looks for the mixes of instruments (their intensities, and the personal
budget's amount, coverage and procedure: :mod:`llo_sim.study.optimise.space`) that get the most
employees learning a lot (the headline, ``share_learning_a_lot``) with the smallest education
gap (``ratio_formal_theoretical_practical``, T2), at a cost per employee per year within the
budget. It judges a mix by **robust figures** across the calibrated ensemble, not by one lucky
world: the 10th percentile of the headline, the 90th percentile of the gap, and the 90th
percentile of the cost (the mix stays within budget in 9 of 10 worlds).

How (``docs/policy.md`` says why):

1. Optuna's multi-objective TPE sampler proposes mixes in batches of ``BATCH``; the budget is
   a constraint. Batches have a fixed size and the sampler a fixed seed, so the mixes proposed
   do not depend on the number of processes.
2. Every mix runs in the same ``worlds`` members of the ensemble, chosen once to span it
   (:func:`representative_worlds`), each with the seed compare gives that member: common
   random numbers, so mixes differ by policy, not by luck. The runs of one world go to one
   process, where all mixes after the first start from the warmed-up organisation
   (:mod:`llo_sim.engine.warm_start`).
3. The Pareto mixes within budget are then run in every world of the ensemble
   (``final_worlds``), with the base scenario and the library's policy scenarios beside them,
   and the front, the recommended mix and the comparison at equal cost come from those runs
   (:mod:`llo_sim.study.optimise.report`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from llo_sim.engine.limits import MAX_EMPLOYEES, MAX_MONTHS, check_whole
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import Scenario, load_scenario
from llo_sim.storage.evaluations import Evaluations
from llo_sim.study.costs import GAP, MONTHS_MEASURE, per_employee_year
from llo_sim.study.ensemble import ENSEMBLE_FILE, Ensemble, load_ensemble
from llo_sim.study.optimise.front import OptimiseResult, pareto, robust, spaced
from llo_sim.study.optimise.report import build_result, reference_mixes
from llo_sim.study.optimise.space import (
    check_budget,
    check_instruments,
    fit_to_budget,
    levers,
    mix_key,
    mix_overrides,
    planned_cost,
)
from llo_sim.study.parallel import WorkerDied, as_finished, executor_for
from llo_sim.study.runs import simulate
from llo_sim.study.seeds import derived_seed

BATCH = 10                 # mixes proposed and evaluated together
DEFAULT_WORLDS = 25        # ensemble members each mix runs in during the search
MAX_FRONT = 10             # Pareto mixes re-evaluated in every world
MAX_EVALUATIONS = 100_000


@dataclass(frozen=True)
class WorldTask:
    """The runs of several mixes in one world (one process; the spin-up is shared)."""

    world: int
    seed: int
    months: int
    params: dict                       # the base scenario in this world
    mixes: tuple                       # (key, overrides) pairs
    evaluate: Callable


def run_mix(params: dict, seed: int, months: int) -> dict:
    """The figures of one run: the headline, the gap, learning months and the cost per
    employee per year (in total and per knob)."""
    ts = simulate(params, seed, months).timeseries()
    final = ts.iloc[-1]
    cost = per_employee_year(ts)
    return {"headline": float(final[HEADLINE]), "gap": float(final[GAP]),
            "months": float(final[MONTHS_MEASURE]), "cost": float(cost["total"]),
            **{f"cost_{k}": float(cost[k]) for k in ("richting", "ruimte", "ruggensteun")}}


def run_world(task: WorldTask) -> list[tuple[str, int, dict]]:
    """Run every mix of ``task`` in its world (in a worker process)."""
    out = []
    for key, overrides in task.mixes:
        params = validate({**task.params, **overrides}, "optimise")
        out.append((key, task.world, task.evaluate(params, task.seed, task.months)))
    return out


def representative_worlds(ensemble: Ensemble | None, k: int) -> list[int]:
    """``k`` members that span the ensemble: evenly spaced ranks along the first principal
    component of its standardised parameters (the direction in which the plausible worlds
    differ most), so the search sees weak and strong worlds alike. Without an ensemble:
    ``0 .. k-1`` (replications with the registry's values)."""
    if ensemble is None or k >= len(ensemble):
        return list(range(k))
    x = ensemble.members
    sd = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    order = np.argsort(z @ vt[0], kind="stable")
    picks = [int(order[int((j + 0.5) * len(order) / k)]) for j in range(k)]
    return sorted(set(picks))


class Runner:
    """Runs mixes in worlds, reading what is already known from the evaluations."""

    def __init__(self, base: Scenario, ensemble, seed: int, months: int, employees: int,
                 evaluate: Callable, store: Evaluations, executor, progress):
        self.base, self.ensemble, self.seed, self.months = base, ensemble, seed, months
        self.employees, self.evaluate, self.store = employees, evaluate, store
        self.executor, self.progress = executor, progress
        self.done, self.total = 0, 0
        self.base_params = base.parameters

    def world_params(self, world: int) -> dict:
        own = {**self.base.overrides, "n_employees": self.employees}
        if self.ensemble is None:
            return validate(own, str(self.base.path or self.base.name))
        return validate({**self.ensemble.member(world), **own},
                        str(self.base.path or self.base.name))

    def figures(self, mixes: dict[str, dict], worlds: list[int]) -> dict[str, list[dict]]:
        """Every mix's figures in every world, running those not known yet."""
        tasks = []
        for w in worlds:
            todo = tuple((k, m) for k, m in mixes.items() if self.store.get(k, w) is None)
            self.done += len(mixes) - len(todo)
            if todo:
                tasks.append(WorldTask(w, derived_seed(self.seed, w), self.months,
                                       self.world_params(w), todo, self.evaluate))
        self._tick()
        for rows in self._run(tasks):
            self.store.add(rows)
            self.done += len(rows)
            self._tick()
        return {k: [self.store.get(k, w) for w in worlds] for k in mixes}

    def _run(self, tasks):
        if self.executor is None:
            yield from map(run_world, tasks)
            return
        try:
            yield from as_finished(self.executor, run_world, ((t,) for t in tasks))
        except WorkerDied as exc:
            if self.store.out is None:
                raise
            raise exc.kept(f"the finished runs are kept in {self.store.out}: run the same "
                           "command with --resume to continue") from None

    def _tick(self):
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


def _sampler(seed: int, evaluations: int):
    import optuna
    from optuna.samplers import TPESampler

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    return TPESampler(seed=seed, multivariate=True, constant_liar=True,
                      n_startup_trials=min(max(BATCH, evaluations // 5), 40))


def search(runner: Runner, budget: float, space, evaluations: int, worlds: list[int],
           seed: int) -> pd.DataFrame:
    """The multi-objective search: one row per mix proposed, with its robust figures over
    ``worlds`` and whether it is within budget."""
    import optuna

    study = optuna.create_study(directions=["maximize", "minimize"],
                                sampler=_sampler(seed, evaluations))
    dists = {lever.name: lever.distribution() for lever in space}
    rows = []
    while len(rows) < evaluations:
        trials = [study.ask(dists) for _ in range(min(BATCH, evaluations - len(rows)))]
        target = budget / _plan_ratio(rows, runner.base_params)
        fitted = [fit_to_budget(runner.base_params, t.params, target) for t in trials]
        figures = runner.figures({mix_key(m): m for m in fitted}, worlds)
        for t, mix in zip(trials, fitted):
            fig = robust(figures[mix_key(mix)])
            t.set_constraint("budget", fig["cost_p90"] - budget)
            gap = fig["gap_p90"] if np.isfinite(fig["gap_p90"]) else 1e6
            study.tell(t, [fig["headline_p10"], gap])
            rows.append({"evaluation": len(rows), "mix": mix_key(mix), **fig,
                         "within_budget": fig["cost_p90"] <= budget, **mix})
    return pd.DataFrame(rows)


def _plan_ratio(rows: list[dict], base: dict) -> float:
    """How the simulated cost (90th percentile) of the mixes run so far compares with their
    plan (median of the ratios; 1 before any run): the plan is an upper bound for partial
    instruments and a guess for the budget's spending, so mixes are fitted to ``budget /
    ratio`` to use the budget, not the plan."""
    ratios = [r["cost_p90"] / c for r in rows
              for c in [planned_cost(base, {k: r[k] for k in r if k in base})] if c > 0]
    return float(np.clip(np.median(ratios), 0.25, 4.0)) if ratios else 1.0


def optimise(budget: float, *, base: str | Path | Scenario = "baseline", employees: int = 1000,
             months: int = 120, evaluations: int = 200, worlds: int | None = None,
             seed: int = 0, out: str | Path | None = None, workers: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             instruments: list[str] | None = None, final_worlds: int | None = None,
             resume: bool = False, scheduler: str | None = None, shipped: bool = True,
             ensemble: Ensemble | None | bool = True,
             evaluate: Callable[[dict, int, int], dict] = run_mix,
             figures: Callable | None = None) -> OptimiseResult:
    """Search the mixes within ``budget`` (EUR per employee per year) that maximise the robust
    headline and minimise the robust education gap; see the module's text.

    ``worlds``: ensemble members each mix runs in during the search (default 25);
    ``final_worlds``: members the Pareto mixes then run in (default: all). ``ensemble``: True
    for the package's, an :class:`Ensemble`, or False/None for the registry's values.
    ``evaluate(params, seed, months) -> figures`` replaces the simulation (tests).
    ``progress(done, total)`` counts runs. Bad input raises :class:`LloSimError` before any
    run starts. With ``out``, every run is kept there and ``resume`` continues a search
    (:mod:`llo_sim.storage.evaluations`: records verified, one process per folder);
    ``final_worlds=0`` is refused.
    ``figures(result, out) -> {path: bytes}`` draws the figures written beside the tables
    (the faces pass :func:`llo_sim.figures.optimisation.front_files`).
    """
    figure_files = figures
    scenario = load_scenario(base)
    employees = check_whole("optimise", "employees", employees, 1, MAX_EMPLOYEES)
    months = check_whole("optimise", "months", months, 1, MAX_MONTHS, "months")
    evaluations = check_whole("optimise", "evaluations", evaluations, 1, MAX_EVALUATIONS)
    seed = check_whole("optimise", "seed", seed, 0, 2**63 - 1)
    searched = check_instruments(instruments)
    budget = check_budget(budget, scenario.parameters, searched)
    if ensemble is True:
        ensemble = load_ensemble(ENSEMBLE_FILE) if ENSEMBLE_FILE.exists() else None
    ensemble = ensemble or None
    size = len(ensemble) if ensemble is not None else 1000
    k = check_whole("optimise", "worlds", DEFAULT_WORLDS if worlds is None else worlds, 1,
                    size, "worlds")
    k = min(k, size)
    default_final = size if ensemble is not None else k
    final = check_whole("optimise", "final_worlds",
                        default_final if final_worlds is None else final_worlds, k, size,
                        "worlds")
    settings = {"base": scenario.name, "base_parameters": dict(sorted(scenario.overrides.items())),
                "employees": employees, "months": months, "seed": seed,
                "ensemble": None if ensemble is None else ensemble.provenance,
                "evaluate": f"{evaluate.__module__}.{evaluate.__qualname__}"}
    # the final worlds: all of the ensemble, or as many spanning it (the search's when as many)
    search_worlds = representative_worlds(ensemble, k)
    all_worlds = (list(range(final)) if ensemble is not None and final == size else
                  search_worlds if final == k else representative_worlds(ensemble, final))
    inputs = [f["path"] for f in scenario.files if f.get("path")]
    with Evaluations(None if out is None else Path(out), settings, resume, inputs) as store:
        with executor_for(workers, scheduler, MAX_EVALUATIONS) as executor:
            runner = Runner(scenario, ensemble, seed, months, employees, evaluate, store,
                            executor, progress)
            refs = reference_mixes(scenario) if shipped else {"base": {}}
            runner.total = (evaluations * len(search_worlds)
                            + (MAX_FRONT + len(refs)) * len(all_worlds))
            table = search(runner, budget, levers(searched), evaluations, search_worlds, seed)
            feasible = table[table["within_budget"]]
            # no mix within budget (the base's fixed spending): the nearest, flagged as over it
            chosen = spaced(pareto(feasible if len(feasible) else table), MAX_FRONT)
            mixes = {r["mix"]: mix_overrides({c: r[c] for c in _lever_names(searched)})
                     for _, r in chosen.iterrows()}
            figures = runner.figures({**mixes, **{f"ref:{n}": m for n, m in refs.items()}},
                                     all_worlds)
            runner.done = runner.total
            runner._tick()
        result = build_result(budget, scenario, table, mixes, refs, figures, settings,
                              search_worlds, all_worlds, searched, out, figure_files)
    result.damaged = list(store.damaged)
    return result


def _lever_names(searched: list[str]) -> list[str]:
    return [lever.name for lever in levers(searched)]
