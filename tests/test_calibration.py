"""The calibration (ABC-SMC, small), the ensemble file and comparisons across the ensemble."""

from __future__ import annotations

import json

import numpy as np
import pytest

from llo_sim import __version__
from llo_sim.study.priors import (POLICY_PRIORS_FILE, TRIAL_PRIORS_FILE, CalibrationError,
                                  load_priors)
from llo_sim.study.calibrate import Setup, calibrate, simulate
from llo_sim.cli import main
from llo_sim.study.ensemble import ENSEMBLE_FILE, EnsembleError, load_ensemble
from llo_sim.study.compare import compare
from llo_sim.study.statistics import share_higher, spread
from llo_sim.study.targets import load_targets

SMALL = Setup(n_employees=100, months=24)


@pytest.fixture(scope="module")
def small_calibration(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration")
    ens = calibrate(out, population=10, generations=2, setup=SMALL, workers=1, seed=3,
                    max_minutes=5)
    return out, ens


def test_small_calibration_writes_an_ensemble_with_provenance(small_calibration):
    out, ens = small_calibration
    assert len(ens) == 10
    assert (out / "abc.db").exists()
    loaded = load_ensemble(out / "ensemble.json")
    assert loaded.parameters == list(load_priors()) + [
        k for k in load_priors(POLICY_PRIORS_FILE) if k not in load_priors()] + list(
        load_priors(TRIAL_PRIORS_FILE))
    np.testing.assert_array_equal(loaded.members, ens.members)
    prov = loaded.provenance
    assert prov["version"] == __version__ and prov["seed"] == 3
    # two generations, then the last, larger one at the final tolerance
    assert len(prov["targets_sha256"]) == 64 and prov["generations"] == 3
    # every member lies inside its prior, and the second generation is no worse than the first
    priors = {**load_priors(POLICY_PRIORS_FILE), **load_priors(TRIAL_PRIORS_FILE),
              **load_priors()}
    for j, name in enumerate(loaded.parameters):
        lo, hi = priors[name]
        assert np.all((loaded.members[:, j] >= lo) & (loaded.members[:, j] <= hi))
    assert prov["final_epsilon"] >= 0


def test_calibration_resumes_and_refuses_to_overwrite(small_calibration, tmp_path):
    out, _ = small_calibration
    with pytest.raises(CalibrationError, match="--resume"):
        calibrate(out, population=10, generations=1, setup=SMALL, workers=1)
    with pytest.raises(CalibrationError, match="nothing to resume"):
        calibrate(tmp_path / "new", population=10, generations=1, setup=SMALL, workers=1,
                  resume=True)
    more = calibrate(out, population=10, generations=1, setup=SMALL, workers=1, resume=True,
                     max_minutes=5)
    # one more generation on the same run, and again the last, larger one
    assert more.provenance["generations"] == 5


def test_a_particle_is_reproducible():
    params = {"formal_rate": 0.4, "informal_rate": 3.0}
    a = simulate(params, SMALL, load_targets())
    b = simulate(params, SMALL, load_targets())
    assert a == b and set(a) == {t.id for t in load_targets()}


def test_shipped_ensemble_is_valid_and_large_enough():
    ens = load_ensemble(ENSEMBLE_FILE)
    assert len(ens) >= 50
    assert ens.provenance["targets_sha256"]
    assert set(ens.parameters) == (set(load_priors()) | set(load_priors(POLICY_PRIORS_FILE))
                                   | set(load_priors(TRIAL_PRIORS_FILE)))
    prov = ens.provenance
    assert prov["evidence_sha256"] and prov["trials"] and prov["trial_weights"]["fit"]
    assert prov["effective_sample_size"] > 0 and prov["move"]["distinct_members_after"] >= 50
    # the trial-sized weights are fitted within their priors, member by member
    for name, (lo, hi) in load_priors(TRIAL_PRIORS_FILE).items():
        v = ens.members[:, ens.parameters.index(name)]
        assert np.all((v >= lo) & (v <= hi))
    # the instrument weights are drawn within their ranges, one draw per member
    for name, (lo, hi) in load_priors(POLICY_PRIORS_FILE).items():
        v = ens.members[:, ens.parameters.index(name)]
        assert np.all((v >= lo) & (v <= hi)) and len(np.unique(v)) == len(v)


@pytest.mark.parametrize("content, message", [
    ("not json", "cannot read"),
    (json.dumps({"format": 99}), "format"),
    (json.dumps({"format": 1, "provenance": {"version": "0.0.1"}}), "made by llo-sim"),
    (json.dumps({"format": 1, "provenance": {"version": __version__},
                 "parameters": ["no_such_weight"], "members": [[1.0]]}), "no_such_weight"),
    (json.dumps({"format": 1, "provenance": {"version": __version__},
                 "parameters": ["formal_rate"], "members": [[99.0]]}), "formal_rate = 99"),
    (json.dumps({"format": 1, "provenance": {"version": __version__},
                 "parameters": ["formal_rate"], "members": [[0.1, 0.2]]}), "one number per"),
])
def test_bad_ensemble_files_name_the_problem(tmp_path, content, message):
    path = tmp_path / "ensemble.json"
    path.write_text(content)
    with pytest.raises(EnsembleError, match=message) as err:
        load_ensemble(path)
    assert str(path) in str(err.value)


def test_bad_priors_and_targets_exit_2_before_running(tmp_path, capsys):
    priors = tmp_path / "priors.toml"
    priors.write_text("formal_rate = [3.0, 1.0]\n")
    assert main(["calibrate", "--priors", str(priors), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "formal_rate" in err and str(priors) in err and err.count("\n") == 1
    targets = tmp_path / "targets.toml"
    targets.write_text("[[target]]\nid = 'X'\n")
    assert main(["calibrate", "--targets", str(targets), "--out", str(tmp_path / "o")]) == 2
    assert str(targets) in capsys.readouterr().err
    assert not (tmp_path / "o").exists()                 # nothing ran, nothing written


def test_compare_over_the_ensemble_pairs_worlds_and_seeds():
    ens = load_ensemble()
    c = compare(["baseline", "budget_only"], replications=4, months=6, workers=1,
                ensemble=ens, n_employees=100)
    assert c.worlds == [0, 1, 2, 3]
    ts = c.timeseries
    # month 0 is the same warm organisation in both scenarios of a world (same seed, same set)
    m0 = ts[ts["month"] == 0].set_index(["scenario", "replication"])["participation_formal"]
    np.testing.assert_array_equal(m0["baseline"].to_numpy(), m0["budget_only"].to_numpy())
    # different worlds differ
    assert m0["baseline"].nunique() > 1
    d = c.differences()
    assert {"p05", "p95", "share_higher"} <= set(d.columns)
    s = c.summary()
    assert {"p05", "p95"} <= set(s.columns)


def test_scenario_settings_win_over_the_ensemble():
    ens = load_ensemble()
    c = compare(["baseline"], replications=2, months=1, workers=1, ensemble=ens,
                n_employees=50, formal_rate=0.0123)
    meta = c.metadata()
    assert meta["ensemble"]["members"] == [0, 1]
    from llo_sim.study.compare import world_parameters
    from llo_sim.engine.scenario import load_scenario
    sc = load_scenario("baseline").with_overrides(formal_rate=0.0123)
    p = world_parameters(sc, ens, [0, 1], 1)
    assert p["formal_rate"] == 0.0123
    other = [n for n in ens.parameters if n != "formal_rate"][0]
    assert p[other] == pytest.approx(ens.member(1)[other])


def test_spread_and_share_higher():
    assert spread(np.arange(101.0)) == (5.0, 95.0)
    assert share_higher(np.array([1.0, -1.0, 0.0, 2.0])) == pytest.approx(0.625)
    assert np.isnan(share_higher(np.array([np.nan])))


def test_dashboard_replications_run_in_ensemble_worlds_keeping_the_users_settings():
    from llo_sim.dashboard.simulation import in_world
    from llo_sim.engine.parameters import DEFAULTS

    ens = load_ensemble()
    params = dict(DEFAULTS, formal_rate=0.0123, budget_amount=900.0)
    assert in_world(params, 0) is params                   # the main view: settings as shown
    world = in_world(params, 1)
    assert world["formal_rate"] == 0.0123 and world["budget_amount"] == 900.0   # user's own
    member = ens.member(0)
    other = [k for k in member if k != "formal_rate"]
    assert all(world[k] == pytest.approx(member[k]) for k in other)
    assert in_world(params, 2)[other[0]] == pytest.approx(ens.member(1)[other[0]])


def test_compare_with_a_bad_ensemble_file_exits_2_in_one_line(tmp_path, capsys):
    bad = tmp_path / "ensemble.json"
    bad.write_text(json.dumps({"format": 1, "provenance": {"version": __version__},
                               "parameters": ["no_such_weight"], "members": [[1.0]]}))
    code = main(["compare", "baseline", "budget_only", "--ensemble", str(bad), "--months", "1",
                 "--employees", "50", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "no_such_weight" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_the_command_line_defaults_are_the_shipped_ensembles_setup():
    """`llo-sim calibrate` without options must re-run the calibration that made the shipped
    ensemble (its provenance records the run size), not a larger one."""
    from llo_sim.cli import build_parser
    from llo_sim.study.ensemble import load_ensemble

    args = build_parser().parse_args(["calibrate"])
    provenance = load_ensemble().provenance
    assert (args.employees, args.months) == (provenance["n_employees"], provenance["months"])
