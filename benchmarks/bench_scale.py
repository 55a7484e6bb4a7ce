"""Speed at every scale (issue 22): each row of the issue's table next to its goal, in one run.

Every row is a whole command as a user types it (``llo-sim run ...`` in a fresh process,
spin-up included, outputs written), timed by its wall clock, with the peak memory of the
process (``/usr/bin/time``-like, from ``resource.getrusage`` of the child):

- *start-up*: ``llo-sim run baseline --months 1`` at 1,000 employees (goal: under 1 s);
- *an organisation*: 1,000 x 120 months;
- *100,000 x 120*: employee-months per second of the whole command, spin-up months counted
  (goal: at least 10 million a second);
- *a sector*: 1,400,000 x 120 (goal: under 30 s and 2 GB; ``--no-sector`` leaves it out);
- *compiling*: the 100,000 run again with an empty kernel folder (``LLO_SIM_KERNEL_DIR``):
  what a first large run on a fresh install pays for compiling (goal: a few seconds);
- *the per-agent Mesa loop* (``mesa_loop.py``) at 10,000 employees x 12 months, for the ratio
  of employee-months per second (the engine's from its 100,000 row).

    python benchmarks/bench_scale.py [--no-sector] [--json out.json]

Nothing is asserted; the figures go to docs/performance.md with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPINUP = 60               # months every run simulates before month 0 (the registry default)


def command(employees: int, months: int, env: dict | None = None) -> dict:
    """Run ``llo-sim run baseline`` in a fresh process; its wall time and peak memory."""
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "llo_sim", "run", "baseline", "--months",
                        str(months), "--employees", str(employees), "--out", out, "--quiet"],
                       check=True, env={**os.environ, **(env or {})},
                       stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    months_run = employees * (months + SPINUP)
    return {"employees": employees, "months": months, "wall_s": round(wall, 2),
            "employee_months_per_s": round(months_run / wall),
            # the largest child so far: exact when this row is the largest yet
            "peak_rss_mb": round(max(peak, before) / 1024)}


def mesa_loop(employees: int = 10_000, months: int = 12) -> dict:
    sys.path.insert(0, str(HERE))
    from mesa_loop import time_mesa_loop

    r = time_mesa_loop(employees, months)
    return {"employees": employees, "months": months, "step_s": round(r["step_s"], 2),
            "employee_months_per_s": round(employees * months / r["step_s"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-sector", action="store_true", help="leave out 1.4 M employees")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    rows = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    command(1_000, 1)                                     # warm the disk cache
    rows["start_up"] = min((command(1_000, 1) for _ in range(3)), key=lambda r: r["wall_s"])
    rows["organisation"] = command(1_000, 120)
    rows["hundred_thousand"] = command(100_000, 120)
    with tempfile.TemporaryDirectory() as kernels:
        rows["first_large_run_fresh_kernels"] = command(100_000, 120,
                                                        {"LLO_SIM_KERNEL_DIR": kernels})
    if not args.no_sector:
        rows["sector"] = command(1_400_000, 120)
    rows["mesa_loop"] = mesa_loop()
    rows["load_after"] = os.getloadavg()[0]

    compile_s = rows["first_large_run_fresh_kernels"]["wall_s"] - rows["hundred_thousand"]["wall_s"]
    speed = rows["hundred_thousand"]["employee_months_per_s"]
    mesa = rows["mesa_loop"].get("employee_months_per_s") or 0
    lines = [
        ("start-up, 1,000 x 1 month", f"{rows['start_up']['wall_s']} s", "< 1 s"),
        ("an organisation, 1,000 x 120", f"{rows['organisation']['wall_s']} s", ""),
        ("100,000 x 120, whole command", f"{rows['hundred_thousand']['wall_s']} s, "
         f"{speed / 1e6:.1f} M employee-months/s", ">= 10 M/s"),
        ("compiling on a fresh install (extra wall time)", f"{compile_s:.1f} s", "a few s"),
    ]
    if "sector" in rows:
        s = rows["sector"]
        lines.append(("a sector, 1,400,000 x 120", f"{s['wall_s']} s, {s['peak_rss_mb']} MB",
                      "< 30 s, < 2 GB"))
    if mesa:
        lines.append(("per-agent Mesa loop, 10,000 x 12", f"{mesa / 1e6:.2f} M/s; engine "
                      f"{speed / mesa:.0f}x", ""))
    for what, value, goal in lines:
        print(f"{what:<48} {value:<34} {goal}")
    print(json.dumps(rows, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
