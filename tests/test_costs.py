"""Costs and cost-effectiveness (llo_sim.study.costs): per instrument, per knob, per euro."""

import re

import numpy as np
import pandas as pd
import pytest

from llo_sim import run
from llo_sim.study.costs import (KNOBS, cost_effectiveness, instruments, per_employee_year,
                            per_replication)
from llo_sim.study.compare import compare
from llo_sim.engine.instruments import INSTRUMENTS

SMALL = dict(replications=3, seed=5, months=14, n_employees=150, workers=1)


@pytest.fixture(scope="module")
def integrated_run():
    return run("integrated", months=14, seed=3, n_employees=150)


def test_instrument_costs_add_up_to_the_knobs_every_month(integrated_run):
    ts = integrated_run.timeseries
    for knob in KNOBS:
        keys = [f"cost_{c.key}" for c in INSTRUMENTS if c.knob == knob]
        np.testing.assert_allclose(ts[keys].sum(axis=1), ts[f"cost_{knob}"], rtol=1e-12)
    np.testing.assert_allclose(ts[[f"cost_{k}" for k in KNOBS]].sum(axis=1), ts["cost_month"],
                               rtol=1e-12)
    assert (ts["cost_budget"] > 0).any() and (ts["cost_coaches"] > 0).any()


def test_costs_per_employee_year_add_up_across_instruments_knobs_and_total(integrated_run):
    c = per_employee_year(integrated_run.timeseries)
    for knob in KNOBS:
        parts = [c[cls.key] for cls in INSTRUMENTS if cls.knob == knob]
        assert sum(parts) == pytest.approx(c[knob], rel=1e-12)
    assert sum(c[k] for k in KNOBS) == pytest.approx(c["total"], rel=1e-12)
    # fixed-coverage instruments cost intensity x price for everyone: counted by hand
    assert c["future_of_work"] == pytest.approx(0.7 * 40)
    assert c["dev_time"] == pytest.approx(0.6 * 1500)
    assert 0 < c["coaches"] < 0.6 * 250          # only teams whose leader cannot coach


def test_every_cost_names_its_source():
    table = instruments()
    assert set(table["instrument"]) == {c.key for c in INSTRUMENTS}
    assert (table.loc[table["instrument"] != "budget", "source"] == "assumption").all()
    assert table.loc[table["instrument"] == "budget", "source"].str.startswith(
        "spending in the run").all()


@pytest.fixture(scope="module")
def comparison():
    return compare(["baseline", "integrated"], **SMALL)


def test_comparison_cost_table_adds_up_per_scenario(comparison):
    costs = comparison.costs()
    for name in comparison.names:
        rows = costs[costs["scenario"] == name].set_index("item")
        knobs = rows[rows["level"] == "knob"]["mean"].sum()
        instr = rows[rows["level"] == "instrument"]["mean"].sum()
        assert knobs == pytest.approx(rows.loc["total", "mean"], rel=1e-9)
        assert instr == pytest.approx(rows.loc["total", "mean"], rel=1e-9)


def test_cost_effectiveness_is_the_paired_difference_per_euro(comparison):
    eff = cost_effectiveness(comparison).set_index("figure")
    final = comparison.final()

    cost = per_replication(comparison.timeseries)["total"]
    extra_cost = (cost.loc["integrated"] - cost.loc["baseline"]).to_numpy()
    extra = (final.loc["integrated", "share_learning_a_lot"]
             - final.loc["baseline", "share_learning_a_lot"]).to_numpy()
    assert eff.loc["extra_cost_per_employee_year", "value"] == pytest.approx(extra_cost.mean())
    assert eff.loc["extra_learners_per_eur_1000", "value"] == pytest.approx(
        extra.mean() / extra_cost.mean() * 1000)
    low, high = eff.loc["extra_learners_per_eur_1000", ["p05", "p95"]]
    assert low <= eff.loc["extra_learners_per_eur_1000", "value"] <= high or np.isclose(low, high)


def test_no_extra_cost_gives_no_per_euro_figure(tmp_path):
    (tmp_path / "same.toml").write_text('extends = "baseline"\n[parameters]\n'
                                        'budget_procedure = "leader"\n')
    cmp = compare(["baseline", str(tmp_path / "same.toml")], **SMALL)
    eff = cost_effectiveness(cmp).set_index("figure")
    assert eff.loc["extra_cost_per_employee_year", "value"] == 0
    assert np.isnan(eff.loc["extra_learners_per_eur_1000", "value"])


def test_compare_writes_costs_and_cost_effectiveness(comparison, tmp_path):
    comparison.write(tmp_path / "cmp", figure=False)
    costs = pd.read_csv(tmp_path / "cmp" / "costs.csv")
    eff = pd.read_csv(tmp_path / "cmp" / "cost_effectiveness.csv")
    assert {"scenario", "item", "mean", "p05", "p95", "source"} <= set(costs.columns)
    assert set(eff["figure"]) == {"cost_per_employee_year", "extra_cost_per_employee_year",
                                  "extra_learners_per_eur_1000", "extra_learning_months_per_eur",
                                  "gap_change_per_eur_1000"}


def test_compare_and_run_print_the_costs(tmp_path, capsys):
    from llo_sim.cli import main

    assert main(["compare", "baseline", "integrated", "--replications", "2", "--employees",
                 "60", "--months", "3", "--workers", "1", "--no-figure", "--out",
                 str(tmp_path / "cmp")]) == 0
    printed = capsys.readouterr().out
    assert "cost per employee per year (EUR)" in printed
    assert "extra learners per EUR 1,000" in printed and "cost_effectiveness.csv" in printed
    assert main(["run", "integrated", "--employees", "60", "--months", "3", "--out",
                 str(tmp_path / "run")]) == 0
    assert re.search(r"EUR [\d,]+ per employee per year \(richting", capsys.readouterr().out)
