"""Check that a change to the engine leaves its numbers bit for bit the same.

Runs a fixed set of scenarios and seeds with whichever ``llo_sim`` is importable and writes,
per case, the time series and the group table as CSV (``repr`` of every float, so that any
difference in the last bit shows) and a hash of every employee state array at the end::

    PYTHONPATH=/path/to/old/src python scripts/same_numbers.py write before/
    python scripts/same_numbers.py write after/
    python scripts/same_numbers.py compare before/ after/     # exit 1 on any difference

The cases cover the baseline, the scenario library (every instrument, targeted support, a
reorganisation), the power-mean path of agency (``agency_complementarity = -0.5``) and one
large organisation (50,000 employees, where the engine evaluates its rules with numexpr).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np

# (name, scenario, seed, months, overrides)
CASES = [
    ("baseline_s1", "baseline", 1, 120, {"n_employees": 2000}),
    ("baseline_s2", "baseline", 2, 120, {"n_employees": 2000}),
    ("integrated_s7", "integrated", 7, 120, {"n_employees": 2000}),
    ("integrated_targeted_s3", "integrated_targeted", 3, 120, {"n_employees": 2000}),
    ("budget_only_s4", "budget_only", 4, 120, {"n_employees": 2000}),
    ("reorganisation_s5", "reorganisation", 5, 120, {"n_employees": 2000}),
    ("leader_training_s6", "leader_training_only", 6, 120, {"n_employees": 1500}),
    ("power_mean_s8", "integrated_targeted", 8, 60,
     {"n_employees": 1500, "agency_complementarity": -0.5}),
    ("large_s9", "integrated_targeted", 9, 24, {"n_employees": 50_000}),
]


def _csv(frame) -> str:
    return frame.to_csv(index=False, float_format=None)


def write(out: Path) -> None:
    """Run every case and write its numbers under ``out``."""
    import llo_sim
    from llo_sim.model import LearningCultureModel

    out.mkdir(parents=True, exist_ok=True)
    for name, scenario, seed, months, overrides in CASES:
        sc = llo_sim.load_scenario(scenario).with_overrides("same_numbers", **overrides)
        model = LearningCultureModel(rng=seed, agents=False, **sc.parameters)
        for _ in range(months):
            model.step()
        ts = model.timeseries()
        (out / f"{name}.timeseries.csv").write_text(_csv(ts.map(repr)))
        (out / f"{name}.groups.csv").write_text(_csv(model.groups().map(repr)))
        w = model.workforce
        digest = {f.name: hashlib.sha256(np.ascontiguousarray(getattr(w, f.name)).tobytes())
                  for f in fields(w)}
        lines = [f"{name} {h.hexdigest()}" for name, h in digest.items()]
        (out / f"{name}.state.txt").write_text("\n".join(lines) + "\n")
        print(f"{name}: {len(ts)} months, {sc.parameters['n_employees']} employees", flush=True)
    print(f"llo_sim from {Path(llo_sim.__file__).parent}")


def compare(a: Path, b: Path) -> int:
    """0 when every file in ``a`` has an identical twin in ``b``, else 1 (differences listed)."""
    bad = 0
    files = sorted(p.name for p in a.iterdir())
    for name in files:
        other = b / name
        if not other.exists():
            print(f"missing in {b}: {name}")
            bad += 1
        elif other.read_bytes() != (a / name).read_bytes():
            print(f"DIFFERENT: {name}")
            bad += 1
    print(f"{len(files) - bad} of {len(files)} files identical")
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "write":
        write(args.out)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
