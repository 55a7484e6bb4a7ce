"""The check step: a later scan against what the run predicted for its month.

``llo-sim check RUN_DIR --scan LATER.csv`` reads the run's ``predictions.csv`` (median and 90%
interval across the ensemble's worlds, per team, quantity and month) and the later scan (its
``month`` column: months after the first scan). Per measured team and for the whole
organisation, for every quantity both have, it gives the measured value, the predicted median
and 90% interval (on the scan's scale) and a verdict in plain words: *better than predicted*
(above the interval: more richting, ruimte, ruggensteun, building blocks, self-direction),
*worse than predicted* (below it), *as predicted* (inside it). Teams smaller than the run's
``min_group`` are not in the predictions (privacy) and are reported as suppressed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.own.scan_file import read_scan
from llo_sim.own.workforce_file import People, read_workforce

BETTER, AS_PREDICTED, WORSE = "better than predicted", "as predicted", "worse than predicted"
SUPPRESSED = "suppressed (small team)"


class CheckError(LloSimError, ValueError):
    """A run folder that cannot be checked, or a scan that does not fit it."""


TOLERANCE = 0.1


def verdict(measured: float, low: float, high: float, tol: float = TOLERANCE) -> str:
    """Plain words for where ``measured`` falls against the 90% interval, widened by the
    measurement tolerance ``tol`` (on the scan's scale)."""
    if np.isnan(measured) or np.isnan(low):
        return "not measured"
    tol += 1e-6
    return BETTER if measured > high + tol else WORSE if measured < low - tol else AS_PREDICTED


def _run_info(run_dir: Path) -> tuple[dict, pd.DataFrame]:
    meta_file, pred_file = run_dir / "run.json", run_dir / "predictions.csv"
    if not meta_file.is_file():
        raise CheckError(f"{run_dir}: no run.json; expected the folder of `llo-sim run "
                         "--workforce ... --scan ...`")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if "organisation" not in meta or not pred_file.is_file():
        raise CheckError(f"{run_dir}: has no predictions.csv; run with --workforce FILE and "
                         "--scan FILE (the first scan) to get predictions to check")
    return meta, pd.read_csv(pred_file, keep_default_na=False, na_values=[""],
                             dtype={"team": str})


def _people(meta: dict, workforce, run_dir: Path) -> People:
    """The run's teams (and, with ``workforce``, its people, for scans per respondent)."""
    org = meta["organisation"]
    if workforce is not None:
        sha = hashlib.sha256(Path(workforce).read_bytes()).hexdigest()
        used = next((f for f in org["files"] if f["role"] == "workforce"), {})
        if used.get("sha256") != sha:
            raise CheckError(f"{workforce}: is not the workforce file of {run_dir} "
                             f"({used.get('path')}); give that file")
        return read_workforce(workforce)
    names = np.array(org["team_names"], dtype=object).astype(str)
    none = np.zeros(0)
    return People(np.array([], dtype=object), names, np.zeros(0, np.intp), none.astype(bool),
                  none.astype(np.int8), none.astype(bool), none.astype(np.int8), none, none)


def check(run_dir, scan, workforce=None, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """Compare the later ``scan`` with the run's predictions; returns the tidy table
    ``team, n, quantity, month, measured, predicted_median, p05, p95, verdict``."""
    run_dir = Path(run_dir)
    meta, pred = _run_info(run_dir)
    org = meta["organisation"]
    people = _people(meta, workforce, run_dir)
    if "id" in _header(scan) and workforce is None:
        raise CheckError(f"{scan}: is a scan per respondent (column 'id'); give --workforce "
                         "FILE (the run's workforce file) to find each respondent's team")
    later = read_scan(scan, people, first=False)
    return compare_scan(pred, later, np.asarray(org["team_sizes"]), people.team_names,
                        tolerance, str(run_dir))


def compare_scan(pred: pd.DataFrame, later, sizes: np.ndarray, team_names,
                 tolerance: float = TOLERANCE, run: str = "the run") -> pd.DataFrame:
    """The check itself: ``pred`` (the tidy predictions), a later :class:`Scan`, the team
    sizes and names; one row per measured team and quantity, and the organisation (``all``)."""
    months = sorted(set(pred["month"]))
    if later.month not in months:
        every = ("" if len(months) == months[-1] - months[0] + 1 else
                 f" (only months {', '.join(map(str, months))}: a large organisation)")
        raise CheckError(f"{later.path}: month = {later.month} is not allowed; {run} predicts "
                         f"months {months[0]} to {months[-1]}{every}"
                         + ("" if later.month <= months[-1] else
                            f"; run at least {later.month} months (--months {later.month})"))
    pred = pred[pred["month"] == later.month].set_index(["team", "quantity"])
    rows = []
    teams = [] if later.teams is None else list(later.teams)
    for r, j in enumerate(teams):
        name = str(team_names[j])
        for q in later.quantities:
            rows.append(_row(pred, later, name, int(sizes[j]), q, later.values[q][r],
                             tolerance))
    for q in later.quantities:                                   # the whole organisation
        v = later.values[q]
        if later.teams is None:
            measured = v[0]
        else:
            w = sizes[later.teams] * ~np.isnan(v)
            measured = float(np.nansum(v * w) / w.sum()) if w.sum() else np.nan
        rows.append(_row(pred, later, "all", int(sizes.sum()), q, measured, tolerance))
    return pd.DataFrame(rows)


def _row(pred, later, team: str, n: int, quantity: str, measured: float, tol: float) -> dict:
    row = {"team": team, "n": n, "quantity": quantity, "month": later.month,
           "measured": later.to_scale(measured)}
    if (team, quantity) not in pred.index:
        return {**row, "measured": np.nan, "predicted_median": np.nan, "p05": np.nan,
                "p95": np.nan, "verdict": SUPPRESSED}
    p = pred.loc[(team, quantity)]
    low, high = later.to_scale(p["p05"]), later.to_scale(p["p95"])
    return {**row, "predicted_median": later.to_scale(p["median"]), "p05": low, "p95": high,
            "verdict": verdict(row["measured"], low, high, tol)}


def _header(path) -> list[str]:
    from llo_sim.own.csv_input import read_csv

    return list(read_csv(path).columns)


def summary_lines(table: pd.DataFrame) -> list[str]:
    """The check as plain lines: one per team and quantity."""
    lines = []
    for r in table.itertuples():
        if r.verdict == SUPPRESSED:
            lines.append(f"  {r.team:<24} {r.quantity:<12} {SUPPRESSED}")
            continue
        lines.append(f"  {r.team:<24} {r.quantity:<12} measured {r.measured:5.2f}, predicted "
                     f"{r.predicted_median:5.2f} (90%: {r.p05:.2f} to {r.p95:.2f}): {r.verdict}")
    return lines
