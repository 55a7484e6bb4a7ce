"""Benchmark of ``llo-sim optimise``: the issue's size (1,000 employees, 120 months, 200
evaluations over the ensemble) on all cores, with the machine's load beside the time.

Usage::

    python benchmarks/bench_optimise.py --out DIR            # full size (care organisation,
                                                             # EUR 400), writes DIR as the CLI
    python benchmarks/bench_optimise.py --out DIR --quick    # 200 employees, 36 months, 20
                                                             # evaluations, 5 worlds (dashboard)

What is timed: ``optimise(...)`` from the call to the written folder: the search (every mix in
the 25 search worlds), then the Pareto mixes, the base and the library's policy scenarios in
all 100 worlds. The load average is sampled every 5 s while it runs: the machine is shared,
and a load above the number of cores means the benchmark did not have them to itself.
Nothing is asserted; the numbers go to docs/performance.md (target: under 15 minutes on 2
cores; the dashboard's small search under 60 s).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    from llo_sim.study.optimise.search import optimise

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args()
    size = (dict(employees=200, months=36, evaluations=20, worlds=5, final_worlds=5)
            if args.quick else dict(employees=1000, months=120, evaluations=200, worlds=25))
    loads, stop = [], threading.Event()

    def sample():
        while not stop.wait(5):
            loads.append(os.getloadavg()[0])

    threading.Thread(target=sample, daemon=True).start()
    t0, c0 = time.perf_counter(), os.times()
    result = optimise(400, base="care_organisation", out=args.out, resume=args.resume,
                      seed=0, **size)
    seconds = time.perf_counter() - t0
    stop.set()
    c1 = os.times()
    record = {"what": "optimise care_organisation EUR 400", **size, "seconds": seconds,
              "cores": os.cpu_count(), "python": platform.python_version(),
              "parent_cpu_seconds": c1.user - c0.user + c1.system - c0.system,
              "children_cpu_seconds": (c1.children_user - c0.children_user
                                       + c1.children_system - c0.children_system),
              "load_average_mean": sum(loads) / len(loads) if loads else None,
              "load_average_max": max(loads) if loads else None,
              "pareto_mixes": len(result.front),
              "recommended": None if result.recommended is None else
              result.recommended["name"]}
    print(json.dumps(record, indent=1))
    name = "optimise-quick.json" if args.quick else "optimise.json"
    (HERE / "results" / name).write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
