"""Benchmark of the llo-sim engine: speed at 1,000 and 100,000 employees, memory at 100,000,
and the speed ratio to an idiomatic per-agent Mesa loop (``mesa_loop.py``).

Usage::

    python benchmarks/bench_engine.py            # full run (under a minute on 2 cores)
    python benchmarks/bench_engine.py --quick    # fewer repeats, shorter Mesa loop
    python benchmarks/bench_engine.py --json     # also write benchmarks/results/<stamp>.json
    python benchmarks/bench_engine.py --json out.json --label after

What is timed, for the ``baseline`` scenario:

- *init*: ``llo_sim.build_model("baseline", seed=1, agents=False, n_employees=N)``;
- *steps*: ``model.step()`` 120 times (120 months, measures and data collection included).

Each is the best of a few repeats. Speed is ``N * 120 / steps`` employee-months per second.
Memory at 100,000 employees is measured in fresh subprocesses that import llo_sim, build the
model and run 120 months: the peak resident set size while building and running (Linux
``VmHWM``, reset after the imports; it includes the ~110 MiB that Python, numpy, pandas and
Mesa hold before the model exists), and the peak of memory allocated during build and run
as seen by ``tracemalloc`` (numpy reports its array buffers to tracemalloc). ``ru_maxrss``
is stored in the JSON too, but on Linux it also counts the memory of the benchmark process
that forked the subprocess, so it is not printed when ``VmHWM`` is available.

Nothing here asserts a time: it only measures and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MONTHS = 120
SIZES = (1_000, 100_000)          # the sizes the targets are set for
TARGETS = {1_000: 1e6, 100_000: 1e7}   # employee-months per second (docs/performance.md)
MEMORY_TARGET = 2**30                  # bytes at 100,000 employees
EXTRA_SIZES = (10_000,)           # timed too in a full run, to compare with the Mesa loop
MEMORY_N = 100_000


# --- the engine ----------------------------------------------------------------------------------
def time_engine(n: int, months: int = MONTHS, repeats: int = 3, seed: int = 1) -> dict:
    """Best-of-``repeats`` seconds to build the baseline model and to run ``months`` steps."""
    import llo_sim

    inits, steps, cpu = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        model = llo_sim.build_model("baseline", seed=seed, agents=False, n_employees=n)
        t1, c1 = time.perf_counter(), time.process_time()
        for _ in range(months):
            model.step()
        t2, c2 = time.perf_counter(), time.process_time()
        inits.append(t1 - t0)
        steps.append(t2 - t1)
        cpu.append(c2 - c1)
        del model
    best = min(steps)
    return {"n": n, "months": months, "repeats": repeats, "init_s": min(inits),
            "step_s": best, "step_s_all": steps, "ms_per_month": 1e3 * best / months,
            "employee_months_per_s": n * months / best,
            # CPU time of the process: less sensitive than wall time to other jobs on the cores
            "step_cpu_s": min(cpu), "cpu_ms_per_month": 1e3 * min(cpu) / months}


def _status_bytes(key: str) -> int | None:
    """A ``kB`` line of /proc/self/status (Linux), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _memory_child(mode: str, n: int, months: int) -> None:
    """Runs in a fresh process: build and run one model, print memory figures as JSON."""
    import resource
    import tracemalloc

    import llo_sim

    rss_imports = _status_bytes("VmRSS")
    reset = False
    try:  # reset the peak RSS (VmHWM) so that it covers the build and run only
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        pass
    if mode == "tracemalloc":
        tracemalloc.start()
    model = llo_sim.build_model("baseline", seed=1, agents=False, n_employees=n)
    for _ in range(months):
        model.step()
    out = {"state_bytes": model.workforce.nbytes()}
    if mode == "tracemalloc":
        out["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        out["rss_after_imports_bytes"] = rss_imports
        out["maxrss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out["peak_rss_build_run_bytes"] = _status_bytes("VmHWM") if reset else None
    print(json.dumps(out))


def measure_memory(n: int = MEMORY_N, months: int = MONTHS) -> dict:
    """Peak memory of building and running one model of ``n`` employees (two subprocesses)."""
    result = {"n": n, "months": months}
    for mode in ("rss", "tracemalloc"):
        proc = subprocess.run([sys.executable, __file__, "--memory-child", mode, str(n),
                               str(months)], capture_output=True, text=True, check=True)
        result.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    return result


# --- the per-agent Mesa loop -----------------------------------------------------------------------
def time_loop(n: int, months: int, repeats: int) -> dict:
    sys.path.insert(0, str(HERE))
    from mesa_loop import time_mesa_loop

    runs = [time_mesa_loop(n, months) for _ in range(repeats)]
    best = min(r["step_s"] for r in runs)
    return {"n": n, "months": months, "repeats": repeats,
            "init_s": min(r["init_s"] for r in runs), "step_s": best,
            "employee_months_per_s": n * months / best}


# --- the machine -----------------------------------------------------------------------------------
def machine() -> dict:
    import mesa
    import numpy

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    try:
        import llo_sim
        version, where = llo_sim.__version__, str(Path(llo_sim.__file__).parent)
    except Exception:  # pragma: no cover - only informative
        version, where = "?", "?"
    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": cpu, "platform": platform.platform(),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "mesa": mesa.__version__, "llo_sim": version, "llo_sim_path": where,
            "git_commit": commit}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer repeats and a shorter per-agent Mesa loop")
    ap.add_argument("--json", nargs="?", const="", default=None, metavar="PATH",
                    help="write the results as JSON (default: benchmarks/results/<stamp>.json)")
    ap.add_argument("--label", default="", help="a label stored in the JSON (e.g. 'after')")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory subprocesses")
    ap.add_argument("--no-loop", action="store_true", help="skip the per-agent Mesa loop")
    ap.add_argument("--memory-child", nargs=3, metavar=("MODE", "N", "MONTHS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        mode, n, months = args.memory_child
        _memory_child(mode, int(n), int(months))
        return {}

    repeats = {1_000: 3 if args.quick else 7, 10_000: 5, 100_000: 2 if args.quick else 4}
    sizes = SIZES if args.quick else tuple(sorted(SIZES + EXTRA_SIZES))
    loop_runs = [(1_000, 24 if args.quick else MONTHS)]
    if not args.quick:
        loop_runs.append((10_000, 12))
    loop_repeats = 1 if args.quick else 2

    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}; Python {info['python']}, "
          f"numpy {info['numpy']}, mesa {info['mesa']}, llo_sim {info['llo_sim']} "
          f"(from {info['llo_sim_path']}, git {info['git_commit']})")
    results = {"label": args.label, "quick": args.quick, "machine": info,
               "time": time.strftime("%Y-%m-%dT%H:%M:%S"), "engine": [], "loop": []}

    time_engine(1_000, months=12, repeats=1)  # warm up imports and caches
    for n in sizes:
        results["engine"].append(time_engine(n, repeats=repeats[n]))
    if not args.no_loop:
        for n, months in loop_runs:
            results["loop"].append(time_loop(n, months, loop_repeats))
    if not args.no_memory:
        results["memory"] = measure_memory()

    print()
    print(f"engine, baseline scenario, {MONTHS} months, best of repeats")
    print(f"{'employees':>10} {'init ms':>9} {'steps s':>9} {'ms/month':>9} "
          f"{'employee-months/s':>18} {'cpu ms/month':>13}")
    for r in results["engine"]:
        print(f"{r['n']:>10,} {1e3 * r['init_s']:>9.1f} {r['step_s']:>9.3f} "
              f"{r['ms_per_month']:>9.3f} {r['employee_months_per_s']:>18,.0f} "
              f"{r['cpu_ms_per_month']:>13.3f}")
    print(f"load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
          if Path("/proc/loadavg").exists() else "")
    if results["loop"]:
        engine_rate = {r["n"]: r["employee_months_per_s"] for r in results["engine"]}
        print()
        print("per-agent Mesa loop (benchmarks/mesa_loop.py, simplified rules)")
        print(f"{'employees':>10} {'months':>7} {'init s':>8} {'steps s':>9} "
              f"{'employee-months/s':>18} {'engine is x faster':>19}")
        for r in results["loop"]:
            ref = engine_rate.get(r["n"])
            if ref is None:  # no engine run at this size: compare with the nearest
                ref = engine_rate[min(engine_rate, key=lambda k: abs(k - r["n"]))]
            r["engine_speedup"] = ref / r["employee_months_per_s"]
            print(f"{r['n']:>10,} {r['months']:>7} {r['init_s']:>8.2f} {r['step_s']:>9.2f} "
                  f"{r['employee_months_per_s']:>18,.0f} {r['engine_speedup']:>19.1f}")
    if "memory" in results:
        m = results["memory"]
        print()
        print(f"memory at {m['n']:,} employees, {m['months']} months")
        mib = 2**20
        if m.get("peak_rss_build_run_bytes") and m.get("rss_after_imports_bytes"):
            print(f"  peak RSS of the process, build + run (VmHWM)  "
                  f"{m['peak_rss_build_run_bytes'] / mib:8.1f} MiB")
            print(f"  ... of which Python + imports, before build   "
                  f"{m['rss_after_imports_bytes'] / mib:8.1f} MiB")
        else:  # no /proc: ru_maxrss, which also counts what the process held before exec
            print(f"  peak RSS of the process (ru_maxrss)           {m['maxrss_bytes'] / mib:8.1f} MiB")
        print(f"  allocated at peak, build + run (tracemalloc)  "
              f"{m['tracemalloc_peak_bytes'] / mib:8.1f} MiB")
        print(f"  employee state arrays                         {m['state_bytes'] / mib:8.1f} MiB")

    print()
    rates = {r["n"]: r["employee_months_per_s"] for r in results["engine"]}
    for n, target in TARGETS.items():
        if n in rates:
            print(f"target {n:,} employees >= {target:,.0f} employee-months/s: "
                  f"{'met' if rates[n] >= target else 'NOT met'} ({rates[n] / target:.2f}x)")
    if results.get("memory", {}).get("peak_rss_build_run_bytes"):
        peak = results["memory"]["peak_rss_build_run_bytes"]
        print(f"target memory at {MEMORY_N:,} employees < 1 GiB: "
              f"{'met' if peak < MEMORY_TARGET else 'NOT met'} ({peak / 2**20:.0f} MiB peak RSS)")

    if args.json is not None:
        path = Path(args.json) if args.json else (
            HERE / "results" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nwrote {path}")
    return results


if __name__ == "__main__":
    main()
