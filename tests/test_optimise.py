"""llo-sim optimise (llo_sim.study.optimise.search): the search finds a known best mix on a synthetic
cost-effect problem, resumes without redoing runs, refuses bad input before any run, and a
tiny real search writes a front, a figure and scenario files that run."""

import numpy as np
import pandas as pd
import pytest

from llo_sim import optimise, run
from llo_sim.cli import main
from llo_sim.study.ensemble import load_ensemble
from llo_sim.study.optimise.search import representative_worlds
from llo_sim.study.optimise.front import pareto
from llo_sim.study.optimise.space import fit_to_budget, planned_cost
from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import load

# --- a synthetic cost-effect problem -----------------------------------------------------------
# Two instruments. The career platform (EUR 60 at full intensity) raises learning; role-model
# campaigns (EUR 20) narrow the gap and do nothing for learning. With EUR 30 a year the mix
# with the most learners is platform 0.5, role models 0: the known best.
SEARCHED = ["career_platform", "role_models"]
BUDGET = 30.0
CALLS = {"n": 0, "fail_after": None}


def synthetic(params: dict, seed: int, months: int) -> dict:
    """Figures of a mix without the simulation; worlds differ by a seed-dependent factor."""
    CALLS["n"] += 1
    if CALLS["fail_after"] is not None and CALLS["n"] > CALLS["fail_after"]:
        raise KeyboardInterrupt
    p, r = params["career_platform_intensity"], params["role_models_intensity"]
    strength = 0.9 + 0.2 * (seed % 5) / 4
    cost = 60 * p + 20 * r
    return {"headline": 0.3 + 0.5 * p * strength, "gap": 2.0 - 0.5 * r, "months": 5 + p,
            "cost": cost, "cost_richting": 20 * r, "cost_ruimte": 60 * p,
            "cost_ruggensteun": 0.0}


def search(**kw):
    args = dict(base="baseline", employees=50, months=1, evaluations=60, worlds=4,
                ensemble=False, workers=1, shipped=False, instruments=SEARCHED,
                evaluate=synthetic, seed=3)
    return optimise(BUDGET, **{**args, **kw})


def test_the_search_finds_the_known_best_mix():
    result = search()
    best = result.front.loc[result.front["headline_p10"].idxmax()]
    assert best["career_platform_intensity"] == pytest.approx(0.5, abs=0.05)
    assert best["role_models_intensity"] <= 0.05
    assert best["cost_p90"] <= BUDGET
    # the other end of the front: the narrowest gap puts the money into role models
    narrow = result.front.loc[result.front["gap_p90"].idxmin()]
    assert narrow["role_models_intensity"] >= 1.0 - 0.15
    assert (result.front["cost_p90"] <= BUDGET).all()
    assert len(result.scenarios) == len(result.front)


def test_the_same_seed_gives_the_same_search_and_another_seed_another():
    a, b, c = search(evaluations=20), search(evaluations=20), search(evaluations=20, seed=4)
    pd.testing.assert_frame_equal(a.evaluations, b.evaluations)
    assert not a.evaluations["mix"].equals(c.evaluations["mix"])


def test_an_interrupted_search_resumes_without_running_again(tmp_path):
    whole = search(evaluations=30)
    CALLS.update(n=0, fail_after=45)                # stop in the middle of the search
    with pytest.raises(KeyboardInterrupt):
        search(evaluations=30, out=tmp_path / "opt")
    CALLS.update(n=0, fail_after=None)
    resumed = search(evaluations=30, out=tmp_path / "opt", resume=True)
    runs = 30 * 4 + len(resumed.front) * 4 + 4     # search, then the front and the base
    assert CALLS["n"] < runs - 40                   # the 45 runs made before were kept
    pd.testing.assert_frame_equal(whole.front, resumed.front)
    pd.testing.assert_frame_equal(whole.evaluations, resumed.evaluations)


def test_a_folder_with_other_settings_is_refused(tmp_path):
    search(evaluations=10, out=tmp_path / "opt")
    with pytest.raises(Exception, match="other settings.*months"):
        search(evaluations=10, out=tmp_path / "opt", resume=True, months=2)


def test_fitting_to_the_budget_keeps_the_plan_within_it():
    base = validate({})
    mix = {"dev_time_intensity": 1.0, "coaches_intensity": 0.8, "budget_amount": 2000.0,
           "budget_coverage": 1.0, "budget_procedure": "direct"}
    fitted = fit_to_budget(base, mix, 400.0)
    assert planned_cost(base, fitted) <= 400.0
    assert planned_cost(base, fitted) > 400.0 * 0.8          # it uses the budget
    assert fitted["budget_procedure"] == "direct" and fitted["budget_coverage"] == 1.0
    cheap = {"role_models_intensity": 0.5}
    assert fit_to_budget(base, cheap, 400.0) == cheap


def test_pareto_keeps_only_undominated_mixes():
    t = pd.DataFrame({"mix": list("abcd"), "headline_p10": [0.5, 0.6, 0.4, 0.6],
                      "gap_p90": [2.0, 2.5, 2.1, 2.4], "cost_per_employee_year": [1, 2, 3, 4]})
    assert list(pareto(t)["mix"]) == ["a", "d"]


def test_representative_worlds_span_the_ensemble():
    ens = load_ensemble()
    picks = representative_worlds(ens, 10)
    assert picks == representative_worlds(ens, 10) and len(picks) == 10
    assert representative_worlds(None, 3) == [0, 1, 2]


# --- bad input: one line, exit 2, before any run -------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["--budget", "-5"], "--budget '-5': expected EUR per employee per year"),
    (["--budget", "lots"], "--budget 'lots': expected EUR per employee per year"),
    (["--budget", "100", "--scenario", "integrated", "--instruments", "budget"],
     "below the cost of the cheapest mix"),
    (["--budget", "100", "--instruments", "budget,teleportation"],
     "unknown instrument 'teleportation'"),
    (["--budget", "100", "--instruments", ","], "the design is empty"),
    (["--budget", "100", "--scenario", "nowhere.toml"], "nowhere.toml: scenario file not found"),
    (["--budget", "100", "--organisation", "bakery"], "--organisation bakery: no such preset"),
    (["--budget", "100", "--evaluations", "0"], "evaluations = 0 is not allowed"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, capsys):
    out = tmp_path / "opt"
    assert main(["optimise", *args, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_a_used_folder_needs_resume(tmp_path, capsys):
    (tmp_path / "opt").mkdir()
    (tmp_path / "opt" / "x.txt").write_text("x")
    assert main(["optimise", "--budget", "100", "--out", str(tmp_path / "opt"), "--quiet"]) == 2
    assert "use --resume" in capsys.readouterr().err


# --- a tiny real search ---------------------------------------------------------------------------
def test_a_tiny_real_search_writes_front_figure_and_runnable_scenarios(tmp_path, capsys):
    out = tmp_path / "opt"
    assert main(["optimise", "--budget", "400", "--organisation", "care", "--employees", "100",
                 "--months", "12", "--evaluations", "4", "--worlds", "2", "--final-worlds", "2",
                 "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "recommended" in printed and "integrated" in printed
    front = pd.read_csv(out / "front.csv")
    assert len(front) >= 1 and front["recommended"].sum() == 1
    assert {"cost_per_employee_year", "headline_p10", "gap_p90", "dev_time_intensity",
            "budget_procedure"} <= set(front.columns)
    assert (out / "front.png").stat().st_size > 10_000
    shipped = pd.read_csv(out / "shipped.csv")
    assert {"care_organisation", "integrated", "budget_only"} <= set(shipped["scenario"])
    for name in front["name"]:
        sc = load(out / "mixes" / f"{name}.toml")
        assert sc.chain[:2] == ["baseline", "care_organisation"]
        assert sc.parameters["share_style_supportive"] == 0.5      # the care organisation
        row = front.set_index("name").loc[name]
        assert sc.parameters["dev_time_intensity"] == pytest.approx(row["dev_time_intensity"])
    res = run(out / "mixes" / f"{front['name'][0]}.toml", months=3, n_employees=60)
    assert np.isfinite(res.final()["share_learning_a_lot"])


def test_serial_and_parallel_searches_give_the_same_numbers():
    args = dict(base="baseline", employees=60, months=3, evaluations=3, worlds=2,
                final_worlds=2, shipped=False)
    serial, parallel = optimise(300, workers=1, **args), optimise(300, workers=2, **args)
    pd.testing.assert_frame_equal(serial.evaluations, parallel.evaluations)
    pd.testing.assert_frame_equal(serial.front, parallel.front)
