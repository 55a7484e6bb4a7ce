"""Time of one whole run at 1,000 employees: what the policy optimiser and the dashboard pay
per run.

Usage::

    python benchmarks/bench_run.py                 # 10 runs of 1,000 employees x 120 months
    python benchmarks/bench_run.py --runs 20 --employees 2000 --months 60

Each run is ``llo_sim.run("baseline", months=120, seed=s, n_employees=1000)`` with its own
seed and the warm-start cache emptied first, so it includes building the organisation and the
60-month spin-up before month 0, as a run in a fresh worker does. Prints the median wall time
and the median CPU time of the process (less sensitive to other jobs on a shared machine), and
the load average. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def time_runs(runs: int, employees: int, months: int) -> dict:
    import llo_sim
    from llo_sim.engine import warm_start

    llo_sim.run("baseline", months=12, seed=0, n_employees=employees)    # imports, caches
    wall, cpu = [], []
    for seed in range(1, runs + 1):
        warm_start.clear()
        t, c = time.perf_counter(), time.process_time()
        llo_sim.run("baseline", months=months, seed=seed, n_employees=employees)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"runs": runs, "employees": employees, "months": months,
            "wall_median_s": statistics.median(wall), "cpu_median_s": statistics.median(cpu),
            "wall_s": wall, "cpu_s": cpu}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--months", type=int, default=120)
    args = ap.parse_args(argv)
    r = time_runs(args.runs, args.employees, args.months)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{r['runs']} runs of {r['employees']:,} employees x {r['months']} months "
          f"(+ spin-up): median {1e3 * r['wall_median_s']:.0f} ms wall, "
          f"{1e3 * r['cpu_median_s']:.0f} ms CPU; load average {load}")
    return r


if __name__ == "__main__":
    main()
