"""Benchmark of loading your own organisation (issue 12): a workforce file of 100,000 rows
(teams of 12, written by a seeded generator into a temporary folder) loads in under 5 s, and
a run from it is as fast as a run from a drawn workforce of the same size.

    python benchmarks/bench_own_workforce.py [--rows 100000] [--months 24] [--repeats 3]
    python benchmarks/bench_own_workforce.py --rows 1400000 --load-only --repeats 1

What is timed (best of ``--repeats``): *load*: ``llo_sim.own.load_organisation`` (read, check,
map every column), as CSV with commas and as Dutch Excel (semicolons, BOM, CRLF); *build*:
the model with the spin-up; *months*: ``--months`` steps of a model built beforehand (the interleaved order, drawn then own, and best-of, because the machine is shared). Nothing is asserted: it measures and
prints (results go in docs/performance.md). Peak memory of the load is ``tracemalloc``'s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.model import LearningCultureModel
from llo_sim.own import load_organisation


def write_workforce(path: Path, rows: int, dutch: bool = False) -> None:
    """A fictitious workforce of ``rows`` employees in teams of 12 (seeded)."""
    rng = np.random.default_rng(12)
    frame = pd.DataFrame({
        "id": [f"E{i:07d}" for i in range(rows)],
        "team": [f"team {t:05d}" for t in rng.permutation(np.arange(rows) // 12)],
        "education": rng.choice(["low", "middle", "high"], rows, p=[0.2, 0.35, 0.45]),
        "age": rng.integers(18, 67, rows),
        "contract": rng.choice(["permanent", "flex"], rows, p=[0.8, 0.2]),
        "care": rng.choice(["yes", "no", ""], rows, p=[0.3, 0.6, 0.1]),
        "hours": rng.choice([16.0, 24.0, 32.5, 36.0], rows),
    })
    if dutch:
        text = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        frame.to_csv(path, index=False, lineterminator="\n")


def best(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def timed_run(model, months: int) -> float:
    """Seconds for ``months`` steps of a model built beforehand."""
    t = time.perf_counter()
    for _ in range(months):
        model.step()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--load-only", action="store_true", help="time the loading only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain, dutch = Path(tmp) / "workforce.csv", Path(tmp) / "workforce_nl.csv"
        write_workforce(plain, args.rows)
        write_workforce(dutch, args.rows, dutch=True)
        print(f"{args.rows:,} rows, {plain.stat().st_size / 1e6:.1f} MB")
        t_load, org = best(lambda: load_organisation(plain), args.repeats)
        t_load_nl, _ = best(lambda: load_organisation(dutch), args.repeats)
        tracemalloc.start()
        load_organisation(plain)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"load: {t_load:.2f} s (comma CSV), {t_load_nl:.2f} s (Dutch Excel CSV); "
              f"peak {peak:.0f} MB allocated while loading")
        if args.load_only:
            return
        for name, make in (
                ("drawn", lambda: LearningCultureModel(rng=1, agents=False,
                                                       n_employees=args.rows)),
                ("own file", lambda: LearningCultureModel(rng=1, agents=False,
                                                          organisation=org))):
            t_build, _ = best(make, args.repeats)
            t_run = min(timed_run(make(), args.months) for _ in range(args.repeats))
            print(f"{name:>9}: build (with spin-up) {t_build:.2f} s, {args.months} months "
                  f"{t_run:.2f} s ({t_run / args.months * 1000:.0f} ms per month)")


if __name__ == "__main__":
    main()
