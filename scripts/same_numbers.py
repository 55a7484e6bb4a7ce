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
With ``--studies`` it also runs small studies through the command line (a comparison over the
ensemble, a sweep, a sensitivity analysis, a discovery, an optimisation and an own
organisation with its check) and keeps every CSV and Parquet table they write, so that a
change to the studies or their layout can be checked the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
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


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "zorginstelling"
# (name, command-line arguments; OUT is replaced by the output folder)
STUDIES = [
    ("compare", ["compare", "budget_only", "integrated", "--employees", "300", "--months", "24",
                 "--replications", "6", "--seed", "3", "--workers", "2", "--out", "OUT"]),
    ("sweep", ["sweep", "budget_grid", "--out", "OUT", "--workers", "2"]),
    ("discover", ["discover", "integrated", "--against", "budget_only", "--design", "12",
                  "--employees", "200", "--months", "24", "--seed", "2", "--workers", "2",
                  "--out", "OUT"]),
    ("optimise", ["optimise", "--budget", "400", "--evaluations", "8", "--worlds", "3",
                  "--final-worlds", "4", "--employees", "200", "--months", "24", "--seed", "5",
                  "--workers", "2", "--out", "OUT"]),
    ("own", ["run", "baseline", "--workforce", str(EXAMPLE / "workforce.csv"), "--teams",
             str(EXAMPLE / "teams.csv"), "--scan", str(EXAMPLE / "scan_0.csv"), "--months", "12",
             "--replications", "3", "--seed", "4", "--workers", "1", "--out", "OUT"]),
]


def write_studies(out: Path) -> None:
    """Run every study case through the command line and keep its tables under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in STUDIES:
            folder = Path(tmp) / name
            cmd = [sys.executable, "-m", "llo_sim", *(str(folder) if a == "OUT" else a
                                                        for a in args), "--quiet"]
            subprocess.run(cmd, check=True)
            if name == "own":
                check = Path(tmp) / "own_check"
                subprocess.run([sys.executable, "-m", "llo_sim", "check", str(folder), "--scan",
                                str(EXAMPLE / "scan_1.csv"), "--out", str(check)], check=True,
                               stdout=subprocess.DEVNULL)
                _keep(check, out, "own_check")
            _keep(folder, out, name)
            print(f"{name}: done", flush=True)


def _keep(folder: Path, out: Path, name: str) -> None:
    """Copy the CSV tables and Parquet tables (as CSV) of ``folder`` into ``out``."""
    import pandas as pd

    for f in sorted(folder.rglob("*.csv")):
        rel = "__".join(f.relative_to(folder).parts)
        shutil.copy(f, out / f"{name}.{rel}")
    for f in sorted(folder.rglob("*.parquet")):
        rel = "__".join(f.relative_to(folder).parts)
        frame = pd.read_parquet(f)
        (out / f"{name}.{rel}.csv").write_text(_csv(frame.map(repr)))


def _csv(frame) -> str:
    return frame.to_csv(index=False, float_format=None)


def write(out: Path) -> None:
    """Run every case and write its numbers under ``out``."""
    import llo_sim
    from llo_sim import LearningCultureModel

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
    w.add_argument("--studies", action="store_true", help="also the command-line studies")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "write":
        write(args.out)
        if args.studies:
            write_studies(args.out)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
