"""Privacy that holds against differencing (issue 17, point 1).

The organisation of the issue: 103 employees, 3 of them practically educated, 2 under 35,
4 on a flex contract, and a team "Tiny" of 3. Run with the default ``--min-group 5``, then do
what an attacker with the output files would: totals minus the shown groups, Broek shares
times ``n_employees``, ratios times the other group's share, the ``all`` row of
``check.csv``, ``predictions.csv`` and the time series minus the shown teams, team sizes
from ``run.json``. Nothing under the threshold may come out exactly. Each attack is also run
on the same outputs with only the small group blanked (what the code did before), where it
does recover the value, and on ``--min-group 1``, where the value is shown: so each test can
fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llo_sim.cli import main
from llo_sim.own.check import SUPPRESSED

N = 103
TEAMS = {"Tiny": 3, "Alpha": 20, "Beta": 30, "Gamma": 50}
SCAN0 = {"Tiny": (2.0, 4.5, 1.5), "Alpha": (3.0, 3.1, 3.0), "Beta": (3.5, 3.3, 3.1),
         "Gamma": (3.2, 2.9, 3.6)}
SCAN1 = {"Tiny": (1.1, 4.9, 1.3), "Alpha": (3.2, 3.0, 3.1), "Beta": (3.4, 3.5, 3.0),
         "Gamma": (3.3, 3.0, 3.5)}
KNOBS = ("richting", "ruimte", "ruggensteun")
SMALL = {("education", "practical"): 3, ("age", "<35"): 2, ("contract", "flex"): 4}


def organisation(folder):
    """The issue's workforce and two scans (the later one 12 months on)."""
    rng = np.random.default_rng(17)
    wf = pd.DataFrame({
        "id": [f"P{i:03d}" for i in range(N)],
        "team": [t for t, n in TEAMS.items() for _ in range(n)],
        "education": rng.permutation(["mbo"] * 3 + ["hbo"] * (N - 3)),
        "age": rng.permutation([30, 31] + [45] * 80 + [60] * (N - 82)),
        "contract": rng.permutation(["flex"] * 4 + ["permanent"] * (N - 4)),
    })
    wf.to_csv(folder / "workforce.csv", index=False)
    for name, scan, month in (("scan_0.csv", SCAN0, 0), ("scan_1.csv", SCAN1, 12)):
        rows = [{"team": t, "month": month, **dict(zip(KNOBS, v))} for t, v in scan.items()]
        pd.DataFrame(rows).to_csv(folder / name, index=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The organisation run and checked with the default threshold and with --min-group 1."""
    folder = tmp_path_factory.mktemp("issue17")
    organisation(folder)
    out = {}
    for label, extra in (("default", []), ("everything", ["--min-group", "1"])):
        out[label] = folder / label
        assert main(["run", "baseline", "--workforce", str(folder / "workforce.csv"),
                     "--scan", str(folder / "scan_0.csv"), "--months", "12",
                     "--replications", "4", "--seed", "5", "--out", str(out[label]),
                     "--quiet", *extra]) == 0
        assert main(["check", str(out[label]), "--scan", str(folder / "scan_1.csv"),
                     "--quiet"]) == 0
    out["folder"] = folder
    return out


def outputs(run):
    """What an attacker reads: the files of a run folder and its check."""
    return {"groups": pd.read_csv(run / "groups.csv"),
            "ts": pd.read_csv(run / "timeseries.csv"),
            "pred": pd.read_csv(run / "predictions.csv", dtype={"team": str}),
            "start": pd.read_csv(run / "start.csv", dtype={"team": str}),
            "check": pd.read_csv(run / "check-12" / "check.csv", dtype={"team": str}),
            "meta": json.loads((run / "run.json").read_text())["organisation"]}


def as_before(out):
    """The outputs of ``--min-group 1`` with only the small groups blanked, as the code did
    before issue 17: the target an attack must reach."""
    old = {k: (v.copy() if hasattr(v, "copy") else v) for k, v in out.items()}
    g = old["groups"]
    small = g["n"] < 5
    g.loc[small, ["n", "participation_any", "participation_formal", "participation_informal",
                  "budget_uptake"]] = np.nan
    for key in ("pred", "start"):
        old[key] = old[key][old[key]["team"] != "Tiny"]
    c = old["check"]
    c.loc[c["team"] == "Tiny", ["measured", "predicted_median", "p05", "p95"]] = np.nan
    return old


# --- the attacks -------------------------------------------------------------------------------
def group_size(out, dim, level, month=0):
    """A group's n: shown, or ``n_employees`` minus the shown groups when it is the only
    blank of its dimension; None when it cannot be computed."""
    g = out["groups"].query("month == @month and dimension == @dim").set_index("level")
    if not np.isnan(g.loc[level, "n"]):
        return g.loc[level, "n"]
    if g["n"].isna().sum() != 1:
        return None
    return out["ts"].set_index("month").loc[month, "n_employees"] - g["n"].sum()


def group_share(out, dim, level, column, month):
    """A group's participation: shown, or (overall x n - the shown groups' x n) / its n."""
    g = out["groups"].query("month == @month and dimension == @dim").set_index("level")
    if not np.isnan(g.loc[level, column]):
        return g.loc[level, column]
    n = group_size(out, dim, level, month)
    if n is None:
        return None
    ts = out["ts"].set_index("month").loc[month]
    others = g.drop(index=level)
    return (ts[column] * ts["n_employees"] - (others["n"] * others[column]).sum()) / n


def flex_share_from_ratio(out, month):
    """ratio_flex_permanent x the permanent group's participation = the flex group's."""
    ratio = out["ts"].set_index("month").loc[month, "ratio_flex_permanent"]
    g = out["groups"].query("month == @month and dimension == 'contract'").set_index("level")
    value = ratio * g.loc["permanent", "participation_any"]
    return None if np.isnan(value) else value


def broek_sizes(out, month):
    """Each Broek group's size: shown in groups.csv, its share x n_employees, or solved from
    a margin: the learning groups sum to participation_any x n, the not-learning ones to the
    rest, and the in-position groups to the same number every month (read in any month
    that shows both)."""
    ts = out["ts"].set_index("month")
    g = out["groups"].query("dimension == 'broek_group'").pivot(
        index="month", columns="level", values="n")
    n, row = ts.loc[month, "n_employees"], g.loc[month].copy()
    for level in row.index:
        if np.isnan(row[level]):
            row[level] = np.round(ts.loc[month, f"share_{level}"] * n)   # NaN stays NaN
    both = g[["in_position_learning", "in_position_not_learning"]].dropna()
    in_position = both.sum(axis=1).iloc[0] if len(both) else np.nan
    learning = np.round(ts.loc[month, "participation_any"] * n)
    for pair, total in ((("in_position_learning", "not_in_position_learning"), learning),
                        (("in_position_not_learning", "not_in_position_not_learning"),
                         n - learning),
                        (("in_position_learning", "in_position_not_learning"), in_position)):
        a, b = pair
        if np.isnan(row[a]) and not np.isnan(row[b]):
            row[a] = total - row[b]
        elif np.isnan(row[b]) and not np.isnan(row[a]):
            row[b] = total - row[a]
    return row


def team_from_all(table, value, team="Tiny"):
    """A team's value: shown, or (all x n - the shown teams' x n) / its n when it is the only
    team missing (its n: its row's, or the total minus the shown teams')."""
    rows = table[table["team"] != "all"].set_index("team")
    everyone = table[table["team"] == "all"].iloc[0]
    if team in rows.index and not np.isnan(rows.loc[team, value]):
        return rows.loc[team, value]
    shown = rows[rows[value].notna()]
    if set(TEAMS) - set(shown.index) != {team} or np.isnan(everyone[value]):
        return None
    n = (rows.loc[team, "n"] if team in rows.index and not pd.isna(rows.loc[team, "n"])
         else everyone["n"] - shown["n"].sum())
    return (everyone[value] * everyone["n"] - (shown["n"] * shown[value]).sum()) / n


def check_rows(out, quantity):
    return out["check"].query("quantity == @quantity")


def prediction_rows(out, quantity, month=0):
    return out["pred"].query("quantity == @quantity and month == @month")


# --- the tests ---------------------------------------------------------------------------------
def test_small_group_sizes_are_not_totals_minus_the_shown_groups(runs):
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    for (dim, level), n in SMALL.items():
        assert group_size(everyone, dim, level) == n                  # shown with --min-group 1
        assert group_size(as_before(everyone), dim, level) == n       # recovered before
        assert group_size(default, dim, level) is None, (dim, level)


def test_small_group_shares_are_not_recovered_from_the_overall_shares(runs):
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    for month in (0, 12):
        for (dim, level) in SMALL:
            for column in ("participation_any", "participation_formal",
                           "participation_informal"):
                truth = group_share(everyone, dim, level, column, month)
                assert group_share(as_before(everyone), dim, level, column,
                                   month) == pytest.approx(truth, abs=1e-6)    # 10 digits
                assert group_share(default, dim, level, column, month) is None
        assert flex_share_from_ratio(default, month) is None
        assert flex_share_from_ratio(everyone, month) == pytest.approx(
            group_share(everyone, "contract", "flex", "participation_any", month), abs=1e-6)


def test_no_small_broek_group_follows_from_shares_or_margins(runs):
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    small_months = 0
    for month in range(13):
        truth = broek_sizes(everyone, month)
        small = (truth > 0) & (truth < 5)
        small_months += bool(small.any())
        recovered = broek_sizes(as_before(everyone), month)
        assert (recovered[small] == truth[small]).all()                # before: all back
        attacked = broek_sizes(default, month)
        assert attacked[small].isna().all(), (month, attacked)
    assert small_months > 0                                            # the test is not idle


def test_the_all_row_of_check_does_not_give_the_small_teams_later_scan(runs):
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    for quantity, later in zip(KNOBS, SCAN1["Tiny"]):
        assert team_from_all(check_rows(everyone, quantity), "measured") == pytest.approx(later)
        assert team_from_all(check_rows(as_before(everyone), quantity),
                             "measured") == pytest.approx(later)
        attacked = check_rows(default, quantity)
        assert team_from_all(attacked, "measured") is None
        assert attacked.query("team == 'all'")["measured"].notna().all()   # all is shown
        assert attacked["measured"].isna().sum() >= 2                     # Tiny + another


def test_the_all_row_of_predictions_does_not_give_the_small_teams_first_scan(runs):
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    for quantity, first in zip(KNOBS, SCAN0["Tiny"]):
        for out in (everyone, as_before(everyone)):
            value = team_from_all(prediction_rows(out, quantity), "median")
            assert round(1 + 4 * value, 1) == first                 # month 0 = the scan
        assert team_from_all(prediction_rows(default, quantity), "median") is None
    hidden = set(TEAMS) - set(default["pred"]["team"])
    assert "Tiny" in hidden and len(hidden) >= 2
    assert sum(TEAMS[t] for t in hidden) >= 5


def test_start_and_the_time_series_do_not_give_the_small_teams_month_0(runs):
    """timeseries' organisation mean at month 0 minus start.csv's teams."""
    def attack(out, quantity):
        start = out["start"].query("quantity == @quantity")
        mean = out["ts"].set_index("month").loc[0, quantity]
        rows = pd.concat([start.rename(columns={"model_month_0": "v"})[["team", "n", "v"]],
                          pd.DataFrame([{"team": "all", "n": N, "v": 1 + 4 * mean}])])
        return team_from_all(rows, "v")

    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    for quantity, first in zip(KNOBS, SCAN0["Tiny"]):
        assert attack(as_before(everyone), quantity) == pytest.approx(first, abs=0.02)
        assert attack(default, quantity) is None


def test_run_json_keeps_no_small_teams_size(runs):
    meta = outputs(runs["default"])["meta"]
    sizes = dict(zip(meta["team_names"], meta["team_sizes"]))
    assert sizes["Tiny"] is None
    unknown = [t for t, n in sizes.items() if n is None]
    assert len(unknown) >= 2
    rest = meta["employees"] - sum(n for n in sizes.values() if n is not None)
    assert rest >= 5                       # the total gives only their sum
    everyone = outputs(runs["everything"])["meta"]
    assert dict(zip(everyone["team_names"], everyone["team_sizes"]))["Tiny"] == 3


def test_check_without_the_workforce_file_does_not_guess_the_weights(runs, tmp_path):
    """run.json has no size for the teams it left out; when the workforce file is not where
    run.json says, 'all' is left blank rather than weighted wrongly, with a note."""
    import shutil

    from llo_sim.own import check
    from llo_sim.own.check import NO_SIZES

    moved = tmp_path / "run"
    shutil.copytree(runs["default"], moved)
    recorded = Path(json.loads((moved / "run.json").read_text())["organisation"]["files"][0]
                    ["path"])
    aside = tmp_path / "aside.csv"
    shutil.move(recorded, aside)            # the workforce file is no longer where it was
    try:
        table = check(moved, runs["folder"] / "scan_1.csv")
    finally:
        shutil.move(aside, recorded)
    assert (table.query("team == 'all'")["verdict"] == NO_SIZES).all()
    assert any("give --workforce" in n for n in table.attrs["notes"])
    exact = check(moved, runs["folder"] / "scan_1.csv",
                  workforce=runs["folder"] / "workforce.csv")
    expected = check(runs["default"], runs["folder"] / "scan_1.csv")
    pd.testing.assert_frame_equal(exact, expected)


def test_the_dashboard_check_table_does_not_give_the_small_team_away(runs):
    from llo_sim.dashboard.own_upload import run_uploads
    from llo_sim.engine.scenario import load

    folder = runs["folder"]
    uploads = {role: (name, (folder / name).read_bytes()) for role, name in (
        ("workforce", "workforce.csv"), ("scan", "scan_0.csv"), ("later", "scan_1.csv"))}
    own = run_uploads(uploads, "baseline", load("baseline").parameters, 5, 12)
    for quantity in KNOBS:
        table = own.check.query("quantity == @quantity")
        assert team_from_all(table, "measured") is None
        assert table["measured"].isna().sum() >= 2
    assert not {"Tiny"} & set(own.start["team"])
    assert len(set(TEAMS) - set(own.start["team"])) >= 2


def test_every_number_shown_is_the_models(runs):
    """Suppression blanks, it never changes: every value shown with the default threshold is
    the value of --min-group 1 (nothing suppressed), file by file."""
    default, everyone = outputs(runs["default"]), outputs(runs["everything"])
    keys = {"groups": ["month", "dimension", "level"], "ts": ["month"],
            "pred": ["team", "quantity", "month"], "start": ["team", "quantity"],
            "check": ["team", "quantity"]}
    for name, key in keys.items():
        shown, full = default[name], everyone[name].set_index(key)
        full = full.loc[shown.set_index(key).index]
        for col in shown.columns.drop(key):
            values = shown[col].to_numpy()
            blank = pd.isna(values) | (values == SUPPRESSED)
            assert (values[~blank] == full[col].to_numpy()[~blank]).all(), (name, col)


@settings(deadline=None, max_examples=300)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=8), st.integers(1, 12))
def test_no_single_blank_and_no_small_sum_of_blanks(sizes, min_group):
    """The rule itself: either nothing small, or at least two blanks that together hold at
    least min_group people (or every cell blank and the total too small: then not safe)."""
    from llo_sim.own.privacy import complementary

    sizes = np.array(sizes, dtype=float)
    hidden, safe = complementary(sizes, min_group)
    small = (sizes > 0) & (sizes < min_group)
    assert hidden[small].all()
    assert not hidden[sizes == 0].any()
    if not small.any():
        assert not hidden.any() and safe
    elif safe:
        assert hidden.sum() >= 2 and sizes[hidden].sum() >= min_group
    else:
        assert hidden[sizes > 0].all() and sizes.sum() < min_group
