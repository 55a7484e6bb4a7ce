"""Benchmark of sweeps: a 1,000-run sweep on all cores, and Dask against the local pool.

Usage::

    python benchmarks/bench_sweep.py               # full: 1,000 runs, then 200 runs x 2 engines
    python benchmarks/bench_sweep.py --quick       # 200 runs, then 60 runs x 2 engines
    python benchmarks/bench_sweep.py --json        # also write results/sweep-<stamp>.json

What is timed (1,000 employees, 120 months, a Latin hypercube through four instrument
intensities around the baseline; results written as Parquet parts in a temporary folder):

(a) **the whole sweep** as ``llo-sim sweep`` runs it on a local process pool with one worker
    per core: ``run_sweep(..., workers=cores)`` from loading the experiment to the last part
    file, pool start-up included. It is set against the *serial run time*: the same runs'
    model time in this process (``simulate`` + ``timeseries``, measured on a sample of runs),
    divided by the number of cores; the difference is the sweep's overhead.
(b) **time per run on a Dask LocalCluster against the plain local pool**: the same sweep
    through ``run_sweep(..., executor=...)`` on an already started executor, so that start-up
    (reported separately) is not counted: a ``ProcessPoolExecutor`` (the default runner) and
    ``distributed.Client(LocalCluster(n_workers=cores, threads_per_worker=1)).get_executor()``.
    Both are run twice, alternating, and the faster of each is kept.

Nothing here asserts a time: it only measures and prints, with the targets of issue 5
(a: under 3 minutes for 1,000 runs on 2 cores; b: Dask within 20% of the local pool).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SWEEP_SECONDS = 180
TARGET_DASK_RATIO = 1.2

EXPERIMENT = """\
scenario = "baseline"
design = "lhs"
samples = {samples}
months = {months}
employees = {employees}
seed = 1
measures = ["participation_any", "participation_formal", "budget_uptake", "gini_learning",
            "theil_learning", "ratio_practical_theoretical",
            "participation_any[education=practical]"]

[parameters]
career_checkup_intensity = {{ low = 0, high = 1 }}
job_crafting_intensity = {{ low = 0, high = 1 }}
leader_training_intensity = {{ low = 0, high = 1 }}
budget_amount = {{ low = 0, high = 3000 }}
"""


def write_experiment(folder: Path, samples: int, employees: int, months: int) -> Path:
    path = folder / f"bench_{samples}.toml"
    path.write_text(EXPERIMENT.format(samples=samples, employees=employees, months=months))
    return path


def serial_seconds_per_run(path: Path, sample: int = 20) -> float:
    """Mean model time of the first ``sample`` runs of the experiment, in this process."""
    from llo_sim.study.runs import simulate
    from llo_sim.study.sweep.file import load_experiment

    exp = load_experiment(path)
    runs = exp.runs()[:sample]
    base = exp.base_parameters
    t0 = time.perf_counter()
    for r in runs:
        simulate({**base, **r.values}, r.seed, exp.months).timeseries()
    return (time.perf_counter() - t0) / len(runs)


def bench_whole_sweep(path: Path, out: Path, cores: int) -> dict:
    from llo_sim.study.sweep.file import load_experiment
    from llo_sim.study.sweep.run import run_sweep

    t0 = time.perf_counter()
    result = run_sweep(path, out, workers=cores)
    wall = time.perf_counter() - t0
    n = result.runs
    serial = serial_seconds_per_run(path)
    ideal = serial * n / cores
    parts = len(list((out / "summary").glob("part-*.parquet")))
    return {"runs": n, "batch_size": load_experiment(path).resolved_batch_size(n),
            "parts": parts, "wall_s": wall, "serial_s_per_run": serial,
            "ideal_wall_s": ideal, "overhead_s": wall - ideal,
            "efficiency": ideal / wall, "runs_per_s": n / wall}


def bench_engines(path: Path, folder: Path, cores: int, rounds: int = 2) -> dict:
    """Seconds per run through a started local pool and a started Dask LocalCluster."""
    from distributed import Client, LocalCluster

    from llo_sim.study.parallel import local_pool
    from llo_sim.study.sweep.run import run_sweep

    def timed(executor, name: str) -> float:
        out = folder / name
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        result = run_sweep(path, out, executor=executor)
        return (time.perf_counter() - t0) / result.runs

    t0 = time.perf_counter()
    pool = local_pool(cores, cores)
    list(pool.map(abs, range(cores)))                 # workers up and llo_sim imported
    pool_start = time.perf_counter() - t0
    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=cores, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: __import__("llo_sim.study.sweep.run"))   # the same warm start as the pool
    dask_start = time.perf_counter() - t0
    times = {"pool": [], "dask": []}
    try:
        for i in range(rounds):
            times["pool"].append(timed(pool, f"pool{i}"))
            times["dask"].append(timed(client.get_executor(), f"dask{i}"))
    finally:
        client.close()
        cluster.close()
        pool.shutdown()
    pool_s, dask_s = min(times["pool"]), min(times["dask"])
    return {"pool_start_s": pool_start, "dask_start_s": dask_start,
            "pool_s_per_run": pool_s, "dask_s_per_run": dask_s, "all": times,
            "dask_over_pool": dask_s / pool_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 + 60 runs instead of "
                        "1,000 + 200")
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--json", nargs="?", const="", metavar="FILE",
                        help="also write the results as JSON (default "
                             "benchmarks/results/sweep-<stamp>.json)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    n_sweep, n_engines = (200, 60) if args.quick else (1000, 200)
    folder = Path(tempfile.mkdtemp(prefix="llo-bench-sweep-"))
    try:
        a = bench_whole_sweep(write_experiment(folder, n_sweep, args.employees, args.months),
                              folder / "sweep", cores)
        print(f"(a) sweep of {a['runs']} runs, {args.employees} employees x {args.months} "
              f"months, {cores} workers: {a['wall_s']:.1f} s ({a['runs_per_s']:.1f} runs/s; "
              f"{a['parts']} parts of {a['batch_size']} runs)")
        print(f"    serial model time {a['serial_s_per_run'] * 1000:.1f} ms per run -> ideal "
              f"{a['ideal_wall_s']:.1f} s on {cores} cores; overhead {a['overhead_s']:.1f} s, "
              f"efficiency {a['efficiency']:.0%}")
        if a["runs"] == 1000:
            ok = a["wall_s"] < TARGET_SWEEP_SECONDS
            print(f"    target: under {TARGET_SWEEP_SECONDS} s: {'met' if ok else 'NOT met'}")
        b = bench_engines(write_experiment(folder, n_engines, args.employees, args.months),
                          folder, cores)
        print(f"(b) {n_engines} runs on started executors, best of 2: local pool "
              f"{b['pool_s_per_run'] * 1000:.1f} ms per run, Dask LocalCluster "
              f"{b['dask_s_per_run'] * 1000:.1f} ms per run: Dask / pool = "
              f"{b['dask_over_pool']:.2f} (target <= {TARGET_DASK_RATIO}: "
              f"{'met' if b['dask_over_pool'] <= TARGET_DASK_RATIO else 'NOT met'})")
        print(f"    start-up: local pool {b['pool_start_s']:.1f} s, Dask LocalCluster "
              f"{b['dask_start_s']:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json is not None:
        import llo_sim

        path = Path(args.json) if args.json else (
            HERE / "results" / f"sweep-{time.strftime('%Y%m%dT%H%M%S')}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        info = {"llo_sim_version": llo_sim.__version__, "python": platform.python_version(),
                "cores": cores, "employees": args.employees, "months": args.months,
                "load_average": os.getloadavg(), "sweep": a, "engines": b}
        path.write_text(json.dumps(info, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
