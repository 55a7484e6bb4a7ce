"""Evidence and virtual trials (issue 18): the evidence file is complete and honest, a trial
treats only its arm, its effect grows with the instrument's weight, and the calibration's
sampler gives the same ensemble wherever it runs."""

import dataclasses
import tomllib

import numpy as np
import pytest

from llo_sim.engine.instruments import INSTRUMENTS
from llo_sim.engine.scenario import load_scenario
from llo_sim.study.priors import (
    POLICY_PRIORS_FILE,
    PRIORS_FILE,
    TRIAL_PRIORS_FILE,
    load_priors,
)
from llo_sim.study.trials import (
    EVIDENCE_FILE,
    Design,
    EvidenceError,
    formal_within,
    load_evidence,
    run_trials,
    simulate_trial,
)

WORLD = load_scenario("baseline").with_overrides(n_employees=1200).parameters


def test_every_instrument_has_an_evidence_row_and_every_figure_its_source():
    ev = load_evidence()
    assert {i["key"] for i in ev.instruments} == {cls.key for cls in INSTRUMENTS}
    for inst in ev.instruments:
        studies = [s for s in ev.studies if s.instrument == inst["key"]]
        if inst["evidence"] == "none":
            assert inst.get("note") and not inst["calibrates"]
        else:
            assert studies, inst["key"]
    for s in ev.studies:
        assert s.citation and s.url.startswith("http") and s.quote, s.id
        if s.effect is not None and s.use != "context":
            assert s.band_source, s.id          # published interval, or our tolerance, said so


def test_the_calibrated_weights_are_fitted_and_the_unsized_ones_drawn():
    ev = load_evidence()
    fitted = {w for inst in ev.instruments for w in inst["calibrates"]}
    # the budget's with the world (priors.toml), the others member by member after it
    assert fitted <= set(load_priors(PRIORS_FILE)) | set(load_priors(TRIAL_PRIORS_FILE))
    assert not fitted & set(load_priors(POLICY_PRIORS_FILE))
    assert all(s.design is not None and s.band for s in ev.studies if s.use == "calibrate")


def test_a_malformed_evidence_file_names_the_study(tmp_path):
    text = EVIDENCE_FILE.read_text().replace('measure = "kunnen_smd"', 'measure = "happiness"')
    path = tmp_path / "evidence.toml"
    path.write_text(text)
    with pytest.raises(EvidenceError, match="coaching-rcts.*happiness"):
        load_evidence(path)
    assert tomllib.loads(text)


def test_a_trial_reaches_only_its_treated_arm():
    """A budget trial fills only the treated employees' budgets; a team trial trains only
    the treated teams' leaders."""
    design = Design("budget", "employee", "practical", 3,
                    (("budget_amount", 1000.0), ("budget_coverage", 1.0),
                     ("budget_procedure", "direct"), ("budget_start_month", 1),
                     ("flex_budget_access", 1.0)))
    arms = simulate_trial(design, WORLD, seed=4)
    w = arms.model.workforce
    assert np.all(w.last_budget[~arms.treated] < 1)        # nobody outside the arm paid
    assert np.any(w.last_budget[arms.treated] >= 1)
    assert not np.any(arms.treated & w.theoretical)        # only the practically educated
    design = Design("leader_training", "team", "all", 6,
                    (("leader_training_intensity", 1.0), ("leader_training_start_month", 1)))
    arms = simulate_trial(design, WORLD, seed=4)
    change = arms.model.leaders.coaching - arms.before["coaching"]
    assert np.all(change[arms.teams_control] == 0)
    assert np.all(change[arms.teams_treated] >= 0) and change[arms.teams_treated].mean() > 0.02


def test_the_untreated_twin_takes_the_draws_chance_off_the_effect():
    """The twin lives the same months on the same random numbers with nobody treated, so
    without the instrument (no money) treated and control halves differ only by the draw,
    and the twin removes exactly that difference; with money the effect stays positive."""
    design = Design("budget", "employee", "practical", 12,
                    (("budget_amount", 0.0), ("budget_coverage", 1.0),
                     ("budget_procedure", "direct"), ("budget_start_month", 1),
                     ("flex_budget_access", 1.0)))
    plain, twin = (simulate_trial(design, WORLD, seed=4, untreated=u) for u in (False, True))
    np.testing.assert_array_equal(twin.model.workforce.last_formal,
                                  twin.untreated.workforce.last_formal)
    assert formal_within(twin) == 0.0 and formal_within(plain) != 0.0
    money = dataclasses.replace(design, settings=(("budget_amount", 1000.0),)
                                + design.settings[1:])
    arms = simulate_trial(money, WORLD, seed=4, untreated=True)
    assert not np.any(arms.untreated.workforce.last_budget >= 1)
    assert formal_within(arms) > 0.02


@pytest.mark.parametrize("study, weight", [("career-choice-interventions", "w_insight_checkup"),
                                           ("coaching-rcts", "w_buddy_coaches"),
                                           ("leader-training-transfer",
                                            "leader_training_rate")])
def test_a_trials_effect_grows_with_the_weight_it_sizes(study, weight):
    studies = [s for s in load_evidence().trials() if s.id == study]
    effect = [run_trials({**WORLD, weight: w}, 6, studies)[study] for w in (0.0, 0.05, 0.5)]
    assert abs(effect[0]) < 0.25                  # no weight: chance between the halves only
    assert effect[0] < effect[1] < effect[2]


def test_the_calibration_gives_the_same_ensemble_serial_parallel_and_on_dask(tmp_path):
    """The seeded mapping sampler: the same seed, the same ensemble, on one process, two
    processes or a Dask cluster of two workers."""
    distributed = pytest.importorskip("distributed")
    from llo_sim.study.calibrate import Setup, calibrate

    options = dict(population=8, generations=2, setup=Setup(200, 24), seed=5, max_minutes=20)
    one, two = (calibrate(tmp_path / f"w{w}", workers=w, **options) for w in (1, 2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask = calibrate(tmp_path / "dask", scheduler=cluster.scheduler_address, **options)
    for other in (two, dask):
        np.testing.assert_array_equal(one.members, other.members)
        np.testing.assert_array_equal(one.distances, other.distances)
    assert one.provenance["trials"] and one.provenance["evidence_sha256"]
