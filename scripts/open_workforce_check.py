"""The calibration targets with the workforce closed and open (issue 19): the baseline in the
first N members of the shipped ensemble (calibrated with a closed workforce), 3,000 employees,
30 years, each closed and open, every target as validation_report.py computes it. Writes
docs/results/open-workforce-targets.csv and prints the medians and the share of members inside
each band.

    python scripts/open_workforce_check.py [N=40]
"""
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).resolve().parent))
from validation_report import one
from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble

def job(args):
    i, params, open_ = args
    return one((i, {**params, "open_workforce": open_}, 3000, 360)).assign(open=open_)

if __name__ == "__main__":
    ens = load_ensemble(ENSEMBLE_FILE)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    jobs = [(i, ens.member(i), o) for i in range(n) for o in (False, True)]
    with ProcessPoolExecutor(2) as ex:
        frames = list(ex.map(job, jobs))
    df = pd.concat(frames)
    df.to_csv(str(Path(__file__).resolve().parent.parent / "docs" / "results" / "open-workforce-targets.csv"), index=False)
    table = df.groupby(["id", "open"]).agg(median=("value", "median"),
                                            inside=("inside", "mean")).unstack()
    print(table.round(3).to_string())
