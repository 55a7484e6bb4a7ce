"""Scenario discovery: boxes found in planted data, plain words, a tiny real discovery,
resume, and bad input (llo_sim.study.discover.discovery and its modules)."""

import numpy as np
import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim import discover
from llo_sim.study.discover.discovery import analyse
from llo_sim.study.discover.boxes import Box, Restriction, find_boxes, split_half
from llo_sim.study.discover.words import describe

TINY = dict(design_size=4, employees=100, months=12, seed=3)


def planted(n=600, seed=1, noise=0.02):
    """Six uniform inputs and an organisation type; the outcome difference drops below 0
    when x1 > 0.7 and x2 < 0.3, with noise on the difference."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, 6)), columns=[f"x{i}" for i in range(1, 7)])
    x["organisation"] = rng.choice(["sme", "care_organisation", "baseline"], n)
    inside = (x["x1"] > 0.7) & (x["x2"] < 0.3)
    difference = np.where(inside, -0.05, 0.05) + rng.normal(0, noise, n)
    return x, difference


def test_a_planted_box_is_recovered_with_high_coverage_and_density():
    x, difference = planted()
    boxes = find_boxes(x, difference <= 0, difference=difference)
    box = boxes[0]
    assert set(box.restrictions) == {"x1", "x2"}
    assert box.restrictions["x1"].low == pytest.approx(0.7, abs=0.05)
    assert box.restrictions["x1"].high is None
    assert box.restrictions["x2"].high == pytest.approx(0.3, abs=0.05)
    assert box.restrictions["x2"].low is None
    assert box.coverage > 0.8 and box.density > 0.8
    assert box.mean_difference < 0
    # coverage and density are what they say, counted on the data
    inside, fails = box.contains(x), difference <= 0
    assert box.density == pytest.approx(fails[inside].mean())
    assert box.coverage == pytest.approx(inside[fails].mean())


def test_the_split_half_check_keeps_a_real_box_and_exposes_noise():
    x, difference = planted()
    for check in split_half(x, difference <= 0):
        assert set(check["box"].restrictions) == {"x1", "x2"}
        assert check["held_out_density"] > 0.8 and check["held_out_coverage"] > 0.8
    # failures that have nothing to do with the inputs: whatever a tree finds in one half
    # does not hold in the other
    noise = np.random.default_rng(7).random(len(x)) < 0.3
    held = [c["held_out_density"] for c in split_half(x, noise, min_density=0.4)
            if c["box"] is not None]
    assert held and all(d < 0.45 for d in held)


def test_a_box_on_the_organisation_type_names_the_levels():
    x, _ = planted(seed=2)
    fails = ((x["organisation"] == "sme") & (x["x3"] > 0.5)).to_numpy()
    box = find_boxes(x, fails)[0]
    assert box.restrictions["organisation"].levels == ("sme",)
    assert box.restrictions["x3"].low == pytest.approx(0.5, abs=0.05)
    assert box.coverage == 1.0 and box.density == 1.0


def test_no_failures_or_only_failures_give_no_box_and_say_so():
    x, _ = planted(n=100)
    assert find_boxes(x, np.zeros(100, bool)) == []
    assert find_boxes(x, np.ones(100, bool)) == []
    assert "in all 100 cases" in describe([], "integrated", "budget_only", 2, 0, 100, "en")[0]
    assert "in geen van de 100" in describe([], "integrated", "budget_only", 2, 100, 100,
                                            "nl")[0]


def test_plain_words_name_the_inputs_and_directions_in_both_languages():
    box = Box({"leader_coaching_mean": Restriction("leader_coaching_mean", low=0.7),
               "share_flex": Restriction("share_flex", high=0.3),
               "organisation": Restriction("organisation", levels=("care_organisation",
                                                                    "sme"))},
              coverage=0.6, density=0.8, cases=50, of_interest=40)
    en = describe([box], "budget_only", "integrated", 2, 40, 200, "en")[0]
    assert en.startswith("budget_only does not beat integrated by more than 2 points when ")
    assert "the leaders' mean coaching skill is above 0.7" in en
    assert "the share on a flex contract is at most 0.3" in en
    assert "it is a care organisation or an SME" in en
    assert "in 80% of such cases" in en and "60% of all cases" in en
    nl = describe([box], "budget_only", "integrated", 2, 40, 200, "nl")[0]
    assert "het gemiddelde coachend vermogen van leidinggevenden hoger dan 0,7 is" in nl
    assert "het aandeel met een flexcontract hoogstens 0,3 is" in nl
    assert "het een zorgorganisatie of een mkb-bedrijf is" in nl
    assert "in 80% van zulke gevallen" in nl
    with pytest.raises(ValueError):
        describe([box], "a", "b", 2, 40, 200, "de")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny real discovery, run once: 4 points, 100 employees, 12 months."""
    out = tmp_path_factory.mktemp("discover") / "out"
    return discover("integrated", "budget_only", margin=25, out=out, workers=1, **TINY), out


def test_a_tiny_discovery_writes_its_files_and_pairs_the_scenarios(tiny):
    result, out = tiny
    for name in ("cases.csv", "boxes.csv", "discovery.png", "discovery.svg", "summary.txt"):
        assert (out / name).stat().st_size > 0
    cases = pd.read_csv(out / "cases.csv")
    assert len(cases) == 4 and list(cases["point"]) == [0, 1, 2, 3]
    assert np.allclose(cases["difference"], cases["outcome_scenario"] - cases["outcome_other"])
    assert (cases["fails"] == (cases["difference"] <= 0.25)).all()
    assert set(cases["organisation"]) <= {"baseline", "care_organisation",
                                          "technical_organisation", "sme",
                                          "large_organisation"}
    # every varied input stays in its range; the world's values come from the ensemble
    for name, (lo, hi) in result.definition["ranges"].items():
        assert cases[name].between(lo, hi).all(), name
    # integrated costs more than a budget alone in every world
    assert (cases["cost_scenario"] > cases["cost_other"]).all()
    text = (out / "summary.txt").read_text()
    assert "integrated --against budget_only" in text and "procentpunt" in text


def test_the_same_seed_gives_the_same_cases_serial_parallel_or_on_dask(tiny):
    result, _ = tiny
    parallel = discover("integrated", "budget_only", margin=25, out=None, workers=2, **TINY)
    pd.testing.assert_frame_equal(result.cases, parallel.cases)
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = discover("integrated", "budget_only", margin=25,
                           dask=cluster.scheduler_address, **TINY)
    pd.testing.assert_frame_equal(result.cases, on_dask.cases)


def test_resume_runs_only_the_missing_points_and_refuses_another_design(tiny, tmp_path, capsys):
    result, out = tiny
    parts = sorted((out / "cases").glob("part-*.parquet"))
    parts[1].unlink()
    parts[2].write_bytes(parts[2].read_bytes()[:40])       # a part cut off: run again
    resumed = discover("integrated", "budget_only", margin=25, out=out, workers=1,
                       resume=True, **TINY)
    assert resumed.ran == 2
    pd.testing.assert_frame_equal(result.cases, resumed.cases)
    # another margin re-reads the same cases without running
    wider = discover("integrated", "budget_only", margin=100, out=out, workers=1,
                     resume=True, **TINY)
    assert wider.ran == 0 and wider.fails.all()
    # another design in the same folder, or no --resume, is refused before running
    code = main(["discover", "integrated", "--against", "budget_only", "--design", "5",
                 "--employees", "100", "--months", "12", "--seed", "3", "--out", str(out),
                 "--resume", "--quiet"])
    assert code == 2
    assert "another design" in capsys.readouterr().err
    code = main(["discover", "integrated", "--against", "budget_only", "--out", str(out),
                 "--quiet"])
    assert code == 2
    assert "exists and is not empty" in capsys.readouterr().err


def test_analyse_finds_the_box_of_a_margin_in_real_cases(tiny):
    result, _ = tiny
    everything = analyse(result.cases, _design(), margin=100)
    assert everything.fails.all() and everything.boxes == []
    assert "in none of the 4 cases" in everything.describe("en")[0]


def _design():
    from llo_sim.study.discover.discovery import make_design

    return make_design("integrated", "budget_only", design_size=4, employees=100, months=12,
                       seed=3)


def test_the_command_prints_the_boxes_and_writes(tmp_path, capsys):
    out = tmp_path / "d"
    code = main(["discover", "integrated", "--against", "budget_only", "--design", "3",
                 "--employees", "100", "--months", "12", "--margin", "30", "--workers", "1",
                 "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "3 design points, margin 30 points" in printed
    assert "integrated doet het" in printed or "integrated beats" in printed
    assert (out / "boxes.csv").exists() and (out / "cases.csv").exists()


@pytest.mark.parametrize("args, expected", [
    (["nosuch", "--against", "budget_only"], "nosuch: no such scenario"),
    (["integrated", "--against", "nosuch.toml"], "nosuch.toml"),
    (["integrated", "--against", "budget_only", "--design", "0"], "--design = 0 is not allowed"),
    (["integrated", "--against", "budget_only", "--margin", "101"], "--margin = 101.0"),
    (["integrated", "--against", "budget_only", "--margin", "nan"], "--margin = nan"),
    (["integrated", "--against", "budget_only", "--set", "share_flexx=0.1"],
     "share_flexx = 0.1 is not allowed"),
    (["integrated", "--against", "integrated"], "the same scenario"),
    (["integrated", "--against", "budget_only", "--organisation", "zorg"],
     "--organisation = 'zorg' is not allowed"),
])
def test_bad_input_is_one_line_and_exit_2_before_anything_runs(tmp_path, capsys, args,
                                                                 expected):
    out = tmp_path / "never"
    assert main(["discover", *args, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert not out.exists()


def test_the_two_scenarios_of_a_point_differ_only_in_policy_and_keep_the_organisation():
    from llo_sim.study.discover.discovery import make_design
    from llo_sim.study.discover.design import policy
    from llo_sim.engine.parameters import REGISTRY
    from llo_sim.engine.policy import is_lever
    from llo_sim.engine.scenario import load

    assert policy(load("budget_only")) == {"budget_amount": 1000.0, "budget_coverage": 1.0,
                                           "flex_budget_access": 1.0}
    design = make_design("richting_only", "budget_only", design_size=50, employees=100,
                         months=12, seed=5, fixed={"share_flex": 0.1})
    assert "share_flex" not in design.ranges()
    points = design.points()
    assert {p.organisation for p in points} == set(design.organisations)
    for p in points:
        a, b = design.parameters(p)
        assert a["share_flex"] == b["share_flex"] == 0.1
        assert all(is_lever(k, REGISTRY[k].group) for k in a if a[k] != b[k])
        assert a["w_formal_time"] == p.values["w_formal_time"]
        # richting_only leaves the organisation's own budget coverage; budget_only sets 1.0
        if p.organisation == "sme":
            assert (a["budget_coverage"], b["budget_coverage"]) == (0.2, 1.0)


def test_a_second_discovery_into_a_busy_folder_stops(tiny, capsys):
    fcntl = pytest.importorskip("fcntl")
    _, out = tiny
    with open(out / ".lock", "w") as held:            # as a running discovery holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code = main(["discover", "integrated", "--against", "budget_only", "--design", "4",
                     "--employees", "100", "--months", "12", "--seed", "3", "--out", str(out),
                     "--resume", "--quiet"])
    assert code == 2
    assert "is writing here" in capsys.readouterr().err


def test_a_killed_discovery_resumes_to_the_same_cases(tmp_path):
    """SIGKILL a real discovery once some parts exist; --resume finishes it, and the cases
    equal those of an uninterrupted discovery."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "llo_sim", "discover", "integrated", "--against",
           "budget_only", "--design", "30", "--employees", "100", "--months", "12",
           "--seed", "4", "--workers", "1", "--out", str(out), "--quiet"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((out / "cases").glob("part-*.parquet"))) < 3:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    done = len(list((out / "cases").glob("part-*.parquet")))
    assert 3 <= done < 30, "the discovery was not interrupted midway"
    resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert not list(out.rglob("*.tmp"))
    whole = discover("integrated", "budget_only", design_size=30, employees=100, months=12,
                     seed=4, workers=1)
    pd.testing.assert_frame_equal(pd.read_csv(out / "cases.csv").drop(columns="fails"),
                                  whole.cases, check_dtype=False)


def test_the_design_can_be_limited_to_one_organisation():
    """A question about one organisation (docs/policy.md: a care organisation) varies
    everything else but keeps its sector preset at every point."""
    from llo_sim.study.discover.discovery import make_design
    from llo_sim.errors import ParameterError

    design = make_design("integrated", "budget_only", design_size=20, employees=100, months=12,
                         seed=2, organisations=["care_organisation"])
    points = design.points()
    assert {p.organisation for p in points} == {"care_organisation"}
    a, _ = design.parameters(points[0])
    assert a["employer_training_ratio"] == pytest.approx(1.33)
    everywhere = make_design("integrated", "budget_only", design_size=20, employees=100,
                             months=12, seed=2)
    assert len({p.organisation for p in everywhere.points()}) > 1
    with pytest.raises(ParameterError, match="organisation"):
        make_design("integrated", "budget_only", design_size=2, employees=100, months=12,
                    seed=2, organisations=["hospital"])
