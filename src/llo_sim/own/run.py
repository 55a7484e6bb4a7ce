"""A run of an own organisation: the usual run, plus what the check step needs.

``run_own`` runs the scenario once in the organisation (registry weights, the given seed:
``timeseries.csv``, ``groups.csv`` and ``run.json`` with small groups and their complements
suppressed: :mod:`llo_sim.own.privacy`), and with a scan
also ``replications`` runs in the calibrated ensemble's worlds whose per-team predictions of
the scanned quantities go to ``predictions.csv`` (median and 90% interval per team, quantity
and month), and ``start.csv``: per team, the scan as measured and the model at month 0.
``--per-employee`` adds ``employees.csv`` (pseudonymous id and final state per person).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from llo_sim.engine.histories import YEAR
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.scenario import load_scenario
from llo_sim.own.organisation import Organisation, load_organisation
from llo_sim.own.predictions import PREDICTED, observe, predict
from llo_sim.own.privacy import (
    MIN_GROUP,
    check_min_group,
    hidden_teams,
    suppress_groups,
    suppress_timeseries,
)
from llo_sim.study.runs import RunResult

DEFAULT_REPLICATIONS = 20


@dataclass
class OwnRunResult(RunResult):
    organisation: dict = field(default_factory=dict)
    min_group: int = MIN_GROUP
    predictions: pd.DataFrame | None = None
    start: pd.DataFrame | None = None
    employees: pd.DataFrame | None = None
    prediction_info: dict | None = None
    notes: list[str] = field(default_factory=list)   # team names merged or respelled

    def metadata(self) -> dict:
        meta = super().metadata()
        meta["organisation"] = {**self.organisation, "min_group": self.min_group}
        if self.prediction_info is not None:
            meta["predictions"] = self.prediction_info
        return meta

    def tables(self) -> dict:
        """The CSV files of the run by name (None: not written)."""
        return {**super().tables(), "predictions.csv": self.predictions,
                "start.csv": self.start, "employees.csv": self.employees}

    def inputs(self) -> list[str]:
        """The scenario's files and the organisation's (workforce, teams, scan)."""
        return [*super().inputs(), *(f["path"] for f in self.organisation.get("files", ()))]


def run_own(scenario="baseline", *, workforce, teams=None, scan=None, months: int = 120,
            seed: int | None = 0, replications: int = DEFAULT_REPLICATIONS, ensemble="package",
            min_group: int = MIN_GROUP, per_employee: bool = False, workers: int | None = 1,
            on_month=None, organisation: Organisation | None = None, mapping=None,
            reference_date=None, external: str | None = None, on_replication=None,
            **overrides) -> OwnRunResult:
    """Run ``scenario`` in the organisation of ``workforce`` (a CSV path), optionally with
    ``teams`` and a first ``scan``; see the module docstring for what comes back. An HR
    export is read through ``mapping`` (a shipped name or a TOML file; None: recognised),
    with ages on ``reference_date`` and ``external`` workers left out or counted as flex
    (:func:`llo_sim.own.workforce_file.read_workforce`). ``on_month`` is called after every
    month of the run, ``on_replication`` after every replication of the predictions (for
    progress bars)."""
    from llo_sim.engine.limits import MAX_MONTHS, MAX_REPLICATIONS, check_whole

    months = check_whole("run()", "months", months, 0, MAX_MONTHS, "months")
    if seed is None:              # fresh randomness, recorded in run.json like any seed
        seed = int(np.random.SeedSequence().entropy % 2**63)
    seed = check_whole("run()", "seed", seed, 0, 2**63 - 1)
    min_group = check_min_group(min_group, "run()")
    replications = check_whole("run()", "replications", replications, 1, MAX_REPLICATIONS)
    org = organisation or load_organisation(workforce, teams, scan, mapping=mapping,
                                            reference_date=reference_date, external=external)
    sc = load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides("run() argument", **overrides)
    model = LearningCultureModel(rng=seed, agents=False, organisation=org, **sc.parameters)
    month0 = observe(model)
    for _ in range(months):
        model.step()
        if on_month is not None:
            on_month(model.month)
    groups = model.groups()
    sizes = np.bincount(org.people.team, minlength=org.n_teams)
    hidden = hidden_teams(sizes, min_group)
    result = OwnRunResult(sc.name, seed, months, model.p,
                          suppress_timeseries(model.timeseries(), groups, min_group),
                          suppress_groups(groups, min_group), list(sc.chain),
                          list(sc.files), describe(org, hidden), min_group)
    result.notes = org.notes
    if org.scan is not None:
        result.start = start_table(org, month0, sizes, hidden)
        pred = predict(sc, org, months=months, seed=seed, replications=replications,
                       ensemble=_ensemble(ensemble), workers=workers, on_done=on_replication)
        result.predictions = pred.table(org.people.team_names, sizes, hidden)
        result.prediction_info = {"replications": replications, "seed": seed,
                                  "worlds": pred.worlds, "months": pred.months,
                                  "quantities": list(PREDICTED)}
    if per_employee:
        result.employees = employee_table(model, org)
    return result


def _ensemble(ensemble):
    """``"package"``: the shipped ensemble; None: registry defaults; or an Ensemble or path."""
    from llo_sim.study.ensemble import ENSEMBLE_FILE, Ensemble, load_ensemble

    if ensemble is None or isinstance(ensemble, Ensemble):
        return ensemble
    if ensemble == "package":
        return load_ensemble(ENSEMBLE_FILE) if ENSEMBLE_FILE.exists() else None
    return load_ensemble(ensemble)


def describe(org: Organisation, hidden) -> dict:
    """What run.json records of the organisation; the sizes of the ``hidden`` teams are not
    kept (null), so that no small team's size is in it or follows from the total."""
    info = org.describe()
    info["team_sizes"] = [None if h else n for n, h in zip(info["team_sizes"], hidden)]
    return info


def start_table(org: Organisation, month0: np.ndarray, sizes, hidden) -> pd.DataFrame:
    """Per measured team (and ``all``): each scanned quantity as measured and as the model
    has it at month 0, both on the scan's scale. The ``hidden`` teams are left out."""
    scan, rows = org.scan, []
    teams = [-1] if scan.teams is None else list(scan.teams)
    for r, j in enumerate(teams):
        if j >= 0 and hidden[j]:
            continue
        name = "all" if j < 0 else str(org.people.team_names[j])
        col = -1 if j < 0 else j
        for q in scan.quantities:
            measured = scan.values[q][r]
            rows.append({"team": name, "n": int(org.n if j < 0 else sizes[j]), "quantity": q,
                         "measured": scan.to_scale(measured),
                         "model_month_0": scan.to_scale(month0[PREDICTED.index(q), col])})
    return pd.DataFrame(rows)


def employee_table(model, org: Organisation) -> pd.DataFrame:
    """Per employee, by the input's pseudonymous id only: team and final state."""
    w = model.workforce
    any_months = np.bitwise_count((w.hist_formal & YEAR).astype(np.uint16)
                                  | (w.hist_informal & np.uint32(0xFFF)).astype(np.uint16))
    return pd.DataFrame({
        "id": org.people.ids, "team": org.people.team_names[org.people.team],
        "learning_months_last_year": any_months,
        "learning_a_lot": any_months >= model.p["a_lot_months"],
        **{b: getattr(w, b) for b in ("weten", "willen", "kunnen", "durven", "mogen")},
        "eigen_regie": w.agency,
    })
