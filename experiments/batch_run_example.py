"""``mesa.batch_run`` on :class:`llo_sim.LearningCultureModel`: a small factorial experiment.

The model is a plain ``mesa.Model`` whose keyword arguments are the registry parameters, so
Mesa's own batch runner works on it unchanged. This script runs a 2 x 2 design (budget
procedure x job crafting) with three seeds and prints mean participation per cell::

    python experiments/batch_run_example.py                       # 1,000 employees, 120 months
    python experiments/batch_run_example.py --employees 200 --months 24 --processes 2

Things to know when using ``batch_run`` with this model:

- Pass ``rng`` as a list of seeds, not ``iterations``: without an ``rng`` each run draws a
  fresh seed from the operating system and nothing can be reproduced. Each seed is then one
  replication, and the same seed gives the same people in every cell (common random numbers).
- Pass ``agents=False``: the model then keeps its state only in numpy arrays (the
  ``Employee``/``Leader`` views are for inspection and cost time at 1,000s of employees).
- ``batch_run`` reports the row of month ``max_steps`` (its loop simulates one month more
  than that and discards it). ``data_collection_period=1`` gives every month.
- Mesa 3 sets the multiprocessing start method to "spawn" when ``mesa.batchrunner`` is
  imported, so with ``number_processes`` > 1 the call must sit under
  ``if __name__ == "__main__":`` (as below), and every worker imports the model afresh.
- Mesa 4 drops ``batch_run``. ``llo-sim sweep`` (see ``docs/research.md``) is the main path:
  designs beyond a full grid, seeds per run, resumable Parquet results, Dask clusters.
"""

from __future__ import annotations

import argparse

import mesa
import pandas as pd

from llo_sim import LearningCultureModel, load_scenario

MEASURES = ["participation_any", "participation_formal", "gini_learning"]


def parameters(employees: int, seeds: list[int]) -> dict:
    """The ``batch_run`` parameters: the baseline scenario, two knobs varied, the seeds."""
    base = load_scenario("baseline").parameters          # the registry defaults + baseline
    return {**base, "n_employees": employees, "agents": False, "rng": seeds,
            "budget_procedure": ["leader", "direct"], "job_crafting_intensity": [0.0, 0.8]}


def run(employees: int = 1000, months: int = 120, seeds=(1, 2, 3),
        processes: int | None = 1) -> pd.DataFrame:
    """One row per run (the final month): the varied parameters, the seed and the measures."""
    rows = mesa.batch_run(LearningCultureModel, parameters=parameters(employees, list(seeds)),
                          iterations=1, max_steps=months, number_processes=processes,
                          data_collection_period=-1, display_progress=False)
    frame = pd.DataFrame(rows)
    return frame[["RunId", "rng", "budget_procedure", "job_crafting_intensity", "month",
                  *MEASURES]].sort_values("RunId", ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--processes", type=int, default=1, help="0: all cores")
    args = parser.parse_args()
    frame = run(args.employees, args.months, args.seeds, args.processes or None)
    table = frame.groupby(["budget_procedure", "job_crafting_intensity"])[MEASURES].mean()
    print(f"mesa.batch_run: {len(frame)} runs, month {args.months}, mean over seeds "
          f"{args.seeds}")
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
