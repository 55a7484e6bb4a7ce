"""Reading back the folder of an own organisation's run, verified, for the check step.

``run.json`` must be the run's (``"kind": "run"``) and match its own checksum, and
``predictions.csv`` the SHA-256 that ``run.json`` recorded for it
(:mod:`llo_sim.storage.checksums`). Whatever the checksums say, the predictions must also have
the shape the run gives them (:func:`check_shape`): one row for every team of at least
``min_group`` people and ``all``, every predicted quantity and every recorded month, with the
median inside its 90% interval on the 0-1 scale. So a folder from before the checksums is
checked too, and a damaged or foreign file is refused in one line instead of giving a verdict
(a team whose rows are missing would otherwise read as *suppressed (small team)*).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.storage.checksums import read_sealed, verify_file
from llo_sim.storage.csv_text import excel_text

COLUMNS = ("team", "n", "quantity", "month", "median", "p05", "p95")
REDO = ("run `llo-sim run ... --workforce ... --scan ...` again for a sound run folder, or "
        "give another")


class RunFolderError(LloSimError, ValueError):
    """A run folder that cannot be read back as the run wrote it."""


def read_run(run_dir: Path) -> tuple[dict, pd.DataFrame]:
    """``run.json`` and ``predictions.csv`` of ``run_dir``, verified (see the module text)."""
    meta_file, pred_file = run_dir / "run.json", run_dir / "predictions.csv"
    if not meta_file.is_file():
        raise RunFolderError(f"{run_dir}: no run.json; expected the folder of `llo-sim run "
                             "--workforce ... --scan ...`")
    meta = read_sealed(meta_file, "run", REDO)
    if "organisation" not in meta or not pred_file.is_file():
        raise RunFolderError(f"{run_dir}: has no predictions.csv; run with --workforce FILE "
                             "and --scan FILE (the first scan) to get predictions to check")
    org = organisation(meta, meta_file)
    if "checksums" in meta:
        verify_file(pred_file, meta["checksums"], meta_file, REDO)
    pred = read_predictions(pred_file)
    check_shape(pred, org, meta.get("predictions"), pred_file, meta_file)
    return meta, pred


def organisation(meta: dict, meta_file: Path) -> dict:
    """The ``organisation`` record of ``run.json``, checked for what the check uses."""
    org = meta["organisation"]
    try:
        names, sizes = org["team_names"], org["team_sizes"]
        ok = (isinstance(names, list) and isinstance(sizes, list) and len(names) == len(sizes)
              and all(isinstance(n, str) for n in names)
              and all(s is None or (isinstance(s, int) and not isinstance(s, bool)
                                    and s >= 0) for s in sizes)
              and isinstance(org["min_group"], int) and isinstance(org["files"], list)
              and all(isinstance(f, dict) for f in org["files"]))
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise RunFolderError(f"{meta_file}: its 'organisation' (team names and sizes, "
                             f"min_group, files) is not as llo-sim writes it; {REDO}")
    return org


def read_predictions(path: Path) -> pd.DataFrame:
    """``predictions.csv`` as a table with numeric columns; one line for any damage."""
    try:
        text = path.read_bytes().decode("utf-8")
        pred = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                           dtype={"team": str, "quantity": str})
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
        raise RunFolderError(f"{path}: damaged ({reason}); {REDO}") from None
    for col in COLUMNS:
        if col not in pred.columns:
            raise RunFolderError(f"{path}: column '{col}' is missing; {REDO}")
    for col in COLUMNS[1:2] + COLUMNS[3:]:
        values = pd.to_numeric(pred[col], errors="coerce")
        bad = np.flatnonzero(~np.isfinite(values.to_numpy(dtype=float)))
        if len(bad):
            raise RunFolderError(f"{path}: row {bad[0] + 2}, column '{col}': value "
                                 f"{pred[col].iloc[bad[0]]!r} is not a number; {REDO}")
        pred[col] = values
    return pred


def check_shape(pred: pd.DataFrame, org: dict, info: dict | None, path: Path,
                meta_file: Path) -> None:
    """Every expected row once, nothing else, and sound values (see the module text)."""
    if not isinstance(info, dict) or not isinstance(info.get("months"), list) \
            or not isinstance(info.get("quantities"), list):
        raise RunFolderError(f"{meta_file}: has no record of its predictions (months and "
                             f"quantities); {REDO}")
    # the names as predictions.csv has them (text cells made safe for a spreadsheet)
    sizes = dict(zip(map(excel_text, org["team_names"]), org["team_sizes"]))
    # teams whose size the run kept (a hidden team's is null: small teams and their
    # complements, llo_sim.own.privacy); older runs recorded every size
    teams = {t: s for t, s in sizes.items() if s is not None and s >= org["min_group"]}
    teams["all"] = org.get("employees", sum(s or 0 for s in org["team_sizes"]))
    got = pred.set_index(["team", "quantity", "month"]).index
    if got.has_duplicates:
        key = got[got.duplicated()][0]
        raise RunFolderError(f"{path}: team {key[0]!r}, quantity {key[1]!r}, month {key[2]} "
                             f"appears more than once; {REDO}")
    want = pd.MultiIndex.from_product([list(teams), info["quantities"], info["months"]])
    missing, extra = want.difference(got), got.difference(want)
    if len(missing):
        t, q, m = missing[0]
        raise RunFolderError(f"{path}: no prediction for team {t!r}, quantity {q!r}, month "
                             f"{m} ({len(missing):,} rows missing); {REDO}")
    if len(extra):
        t, q, m = extra[0]
        raise RunFolderError(f"{path}: team {t!r}, quantity {q!r}, month {m} is not a "
                             f"prediction of this run; {REDO}")
    wrong_n = pred["n"].to_numpy() != pred["team"].map(teams).to_numpy()
    low, mid, high = (pred[c].to_numpy() for c in ("p05", "median", "p95"))
    unsound = wrong_n | (low < 0) | (high > 1) | (low > mid) | (mid > high)
    if unsound.any():
        row = int(np.flatnonzero(unsound)[0])
        raise RunFolderError(f"{path}: row {row + 2} is not a sound prediction (n, or p05 <= "
                             f"median <= p95 on 0-1); {REDO}")
