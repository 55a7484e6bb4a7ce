"""The check step: a later scan against what the run predicted for its month.

``llo-sim check RUN_DIR --scan LATER.csv`` reads the run's ``predictions.csv`` (median and 90%
interval across the ensemble's worlds, per team, quantity and month) and the later scan (its
``month`` column: months after the first scan). Per measured team and for the whole
organisation, for every quantity both have, it gives the measured value, the predicted median
and 90% interval (on the scan's scale) and a verdict in plain words: *better than predicted*
(above the interval: more richting, ruimte, ruggensteun, building blocks, self-direction),
*worse than predicted* (below it), *as predicted* (inside it). Teams the run left out of its
predictions (small teams and their complements, :mod:`llo_sim.own.privacy`) are reported as
suppressed, and so are as many more measured teams as keep ``all`` from giving one away.

The run folder is read back verified (:mod:`llo_sim.own.run_folder`): a damaged or foreign
``run.json`` or ``predictions.csv`` is refused in one line, never checked against.
:func:`write_check` writes ``check.csv`` and ``check.json`` (what was checked, with checksums).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.own.messages import Message
from llo_sim.own.privacy import MIN_GROUP, complementary
from llo_sim.own.run_folder import read_run
from llo_sim.own.scan_file import read_scan
from llo_sim.own.workforce_file import People, read_as_before
from llo_sim.storage.csv_text import excel_safe, excel_text

BETTER, AS_PREDICTED, WORSE = "better than predicted", "as predicted", "worse than predicted"
SUPPRESSED = "suppressed (privacy)"
NO_SIZES = "not computed (give --workforce)"


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


def _people(meta: dict, workforce, run_dir: Path) -> People:
    """The run's teams (and, with ``workforce``, its people, for scans per respondent)."""
    org = meta["organisation"]
    if workforce is not None:
        sha = hashlib.sha256(Path(workforce).read_bytes()).hexdigest()
        used = next((f for f in org["files"] if f.get("role") == "workforce"), {})
        if used.get("sha256") != sha:
            raise CheckError(f"{workforce}: is not the workforce file of {run_dir} "
                             f"({used.get('path')}); give that file")
        return read_as_before(workforce, org.get("reading"))
    names = np.array(org["team_names"], dtype=object).astype(str)
    none = np.zeros(0)
    return People(np.array([], dtype=object), names, np.zeros(0, np.intp), none.astype(bool),
                  none.astype(np.int8), none.astype(bool), none.astype(np.int8), none, none)


def check(run_dir, scan, workforce=None, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """Compare the later ``scan`` with the run's predictions; returns the tidy table
    ``team, n, quantity, month, measured, predicted_median, p05, p95, verdict`` (its
    ``attrs["notes"]``: what the user should know, e.g. team names spelled otherwise)."""
    run_dir = Path(run_dir)
    meta, pred = read_run(run_dir)
    org = meta["organisation"]
    people = _people(meta, workforce, run_dir)
    if "id" in _header(scan) and workforce is None:
        raise CheckError(f"{scan}: is a scan per respondent (column 'id'); give --workforce "
                         "FILE (the run's workforce file) to find each respondent's team")
    later = read_scan(scan, people, first=False)
    written = {excel_text(name): name for name in people.team_names}   # as the CSV has them
    pred["team"] = pred["team"].map(lambda t: written.get(t, t))
    sizes = _sizes(meta, people, later, run_dir)
    return compare_scan(pred, later, sizes, people.team_names, tolerance, str(run_dir),
                        min_group=org.get("min_group", MIN_GROUP), employees=org["employees"])


def _sizes(meta: dict, people: People, later, run_dir: Path) -> np.ndarray:
    """The team sizes: from the workforce file when given; else from run.json, which does
    not keep those of the teams the run left out (NaN). When the later scan measures one of
    those, the run's workforce file is read where run.json says it is (if it is still that
    file), since ``all`` weighs each measured team by its size."""
    if people.n:
        return np.bincount(people.team, minlength=len(people.team_names)).astype(float)
    org = meta["organisation"]
    sizes = np.array([np.nan if n is None else n for n in org["team_sizes"]], dtype=float)
    if later.teams is None or not np.isnan(sizes[later.teams]).any():
        return sizes
    recorded = next((f["path"] for f in org["files"] if f["role"] == "workforce"), None)
    if recorded is not None and Path(recorded).is_file():
        try:
            found = _people(meta, recorded, run_dir)
        except (CheckError, LloSimError):        # another file now: the sizes stay unknown
            return sizes
        return np.bincount(found.team, minlength=len(found.team_names)).astype(float)
    return sizes


def compare_scan(pred: pd.DataFrame, later, sizes, team_names, tolerance: float = TOLERANCE,
                 run: str = "the run", *, min_group: int = MIN_GROUP,
                 employees: int | None = None) -> pd.DataFrame:
    """The check itself: ``pred`` (the tidy predictions), a later :class:`Scan`, the team
    sizes (NaN: not kept, a team the run left out) and names; one row per measured team and
    quantity, and the organisation (``all``). Teams the run left out are suppressed, and per
    quantity as many more of the measured teams as :func:`llo_sim.own.privacy.complementary`
    asks, so that ``all`` minus the shown teams gives no small team's value."""
    months = sorted(set(pred["month"]))
    if later.month not in months:
        every = ("" if len(months) == months[-1] - months[0] + 1 else
                 Message("only_months", months=", ".join(map(str, months))))
        longer = "" if later.month <= months[-1] else Message("run_longer", month=later.month)
        raise CheckError(Message("later_month", file=later.path, month=later.month, run=run,
                                 first=months[0], last=months[-1], only=every, longer=longer))
    pred = pred[pred["month"] == later.month].set_index(["team", "quantity"])
    sizes = np.asarray(sizes, dtype=np.float64)
    employees = float(np.nansum(sizes) if employees is None else employees)
    predicted = set(pred.index.get_level_values(0))
    in_run = np.array([name in predicted for name in team_names], dtype=bool)
    teams = np.array([], dtype=np.intp) if later.teams is None else np.asarray(later.teams)
    rows, whole = [], {}
    for q in later.quantities:
        whole[q] = _measured_teams(later.values[q], teams, sizes, in_run, min_group, employees)
    for r, j in enumerate(teams):
        for q in later.quantities:
            rows.append(_row(pred, later, str(team_names[j]), sizes[j], q, later.values[q][r],
                             tolerance, SUPPRESSED if whole[q][0][r] else None))
    for q in later.quantities:                                   # the whole organisation
        rows.append(_row(pred, later, "all", employees, q, whole[q][1], tolerance,
                         whole[q][2]))
    table = pd.DataFrame(rows).astype({"n": "Int64"})
    table.attrs["notes"] = list(later.notes)
    if any(blank == NO_SIZES for _, _, blank in whole.values()):
        table.attrs["notes"].append(
            f"{run}: run.json does not keep the sizes of the teams it left out (privacy), "
            "and the run's workforce file is not where run.json says; 'all' is left blank: "
            "give --workforce FILE (the run's workforce file) to weigh the teams by size")
    return table


def _measured_teams(values, teams, sizes, in_run, min_group: int, employees: float):
    """For one quantity of the later scan (``values`` per row, NaN: not measured): which
    rows to suppress, the organisation's measured mean (the measured teams weighted by size)
    and, when that cannot be shown, its verdict; ``(hidden, measured, blank)``."""
    if teams.size == 0:                                          # one whole-organisation row
        return np.zeros(0, dtype=bool), values[0], None
    unknown = np.isnan(sizes)
    seen = ~np.isnan(values)
    idx = teams[seen]
    floor = employees - np.nansum(sizes) if unknown[idx].sum() == unknown.sum() else 0.0
    out, safe = complementary(sizes[idx], min_group, forced=~in_run[idx], unknown_floor=floor)
    hidden = ~in_run[teams]
    hidden[np.flatnonzero(seen)[out]] = True
    if not safe:
        return hidden, np.nan, SUPPRESSED
    if unknown[idx].any():
        return hidden, np.nan, NO_SIZES
    w = sizes[idx]
    return hidden, float(values[seen] @ w / w.sum()) if w.sum() else np.nan, None


def _row(pred, later, team: str, n: float, quantity: str, measured: float, tol: float,
         blank: str | None) -> dict:
    """One row of the check; ``blank``: the verdict of a row left blank (None: shown)."""
    row = {"team": team, "n": n, "quantity": quantity, "month": later.month,
           "measured": later.to_scale(measured)}
    if blank is not None or (team, quantity) not in pred.index:
        return {**row, "n": np.nan if team != "all" else n, "measured": np.nan,
                "predicted_median": np.nan, "p05": np.nan, "p95": np.nan,
                "verdict": blank or SUPPRESSED}
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
        if r.verdict in (SUPPRESSED, NO_SIZES):
            lines.append(f"  {r.team:<24} {r.quantity:<12} {r.verdict}")
            continue
        lines.append(f"  {r.team:<24} {r.quantity:<12} measured {r.measured:5.2f}, predicted "
                     f"{r.predicted_median:5.2f} (90%: {r.p05:.2f} to {r.p95:.2f}): {r.verdict}")
    return lines


def write_check(table: pd.DataFrame, out, run_dir, scan, workforce=None,
                tolerance: float = TOLERANCE, overwrite: bool = False,
                option: str = "--out", figures=None) -> Path:
    """Write ``check.csv``, the figures of ``figures`` (``(table, folder) -> {path: bytes}``:
    the command line's ``check.png``) and ``check.json`` into ``out``, all or nothing; ``out``
    may not be or hold the run folder, the scan or the workforce file, and is replaced only if
    it is a check's folder (:mod:`llo_sim.storage.kinds`). ``check.json`` records the run, the
    scan and the workforce file with their SHA-256, the month and the tolerance."""
    from llo_sim.storage.checksums import checksums, file_sha256, seal
    from llo_sim.storage.folders import FLOAT_FORMAT, named, result_folder, to_json
    from llo_sim.storage.provenance import environment, package_version

    run_dir = Path(run_dir)
    record = {"llo_sim_version": package_version(), "month": int(table["month"].iloc[0]),
              "tolerance": tolerance,
              "run": {"path": str(run_dir),
                      "run_json_sha256": file_sha256(run_dir / "run.json")},
              "scan": {"path": str(scan), "sha256": file_sha256(scan)},
              "workforce": None if workforce is None else {
                  "path": str(workforce), "sha256": file_sha256(workforce)},
              "environment": environment()}
    with result_folder(out, overwrite, option, kind="check",
                       inputs=[run_dir, scan, workforce]) as tmp:
        with named(tmp / "check.csv"):
            excel_safe(table).to_csv(tmp / "check.csv", index=False,
                                     float_format=FLOAT_FORMAT, lineterminator="\n")
        drawn = figures(table, tmp) if figures is not None else {}
        for path, data in drawn.items():
            with named(path):
                path.write_bytes(data)
        meta = seal("check", record, checksums(tmp, ["check.csv", *(p.name for p in drawn)]))
        with named(tmp / "check.json"):
            (tmp / "check.json").write_text(to_json(meta))
    return Path(out)
