"""Benchmark of ``llo-sim discover``: the dashboard's small discovery, and the cost per point.

Usage::

    python benchmarks/bench_discover.py            # the small discovery, three sizes
    python benchmarks/bench_discover.py --json     # also write results/discover-<stamp>.json

What is timed: ``discover("integrated", "budget_only", ...)`` from the call to the result
(design, both scenarios at every point on a local pool of one worker per core, the boxes, no
files written: ``out=None``), with the ``progress`` callback counting its calls, for the
sizes a dashboard could offer. Nothing here asserts a time; the target (issue 11: the
dashboard's small search answers within 60 s, with progress shown) is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 60
SIZES = ((60, 300, 60), (100, 300, 60), (100, 500, 120))   # design points, employees, months


def time_one(design: int, employees: int, months: int) -> dict:
    from llo_sim.study.discover.discovery import discover

    calls = []
    t0 = time.perf_counter()
    result = discover("integrated", "budget_only", design_size=design, employees=employees,
                      months=months, margin=25, seed=0, progress=lambda d, n: calls.append(d))
    seconds = time.perf_counter() - t0
    return {"design": design, "employees": employees, "months": months,
            "seconds": round(seconds, 1), "progress_calls": len(calls),
            "boxes": len(result.boxes), "failures": int(result.fails.sum())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="write results/discover-*.json")
    args = parser.parse_args()
    rows = [time_one(*size) for size in SIZES]
    print(f"{'design':>7} {'employees':>9} {'months':>6} {'seconds':>8} {'progress':>8}  "
          f"(target: < {TARGET_SECONDS} s on {os.cpu_count()} cores)")
    for r in rows:
        print(f"{r['design']:>7} {r['employees']:>9} {r['months']:>6} {r['seconds']:>8} "
              f"{r['progress_calls']:>8}")
    if args.json:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = HERE / "results" / f"discover-{stamp}.json"
        path.write_text(json.dumps({"machine": platform.platform(), "cores": os.cpu_count(),
                                    "rows": rows}, indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
