"""The EMA workbench on llo-sim: uncertainties, levers and outcomes (optional example).

Exploratory modelling asks which policies (*levers*) hold up across many possible worlds
(*uncertainties*). Here the levers are HR choices an organisation makes (job crafting, leader
training, the budget procedure) and the uncertainties are things it does not control (how
well the practically educated convert formal learning resources, how many leaders are judged
on short-term targets, the economy). The outcomes are participation and inequality after ten
years. ::

    pip install ema_workbench        # needs Python 3.12 or newer for current releases
    python experiments/ema_example.py --scenarios 50 --policies 4

The model function runs one simulation with a fixed seed (a ``Constant``), so every
experiment draws the same people: differences between experiments come from the parameters,
not from noise (common random numbers). For replications, run it with several seeds.
This is an example of fitting llo-sim into a tool researchers use; ``llo-sim sweep`` and
``llo-sim sensitivity`` (``docs/research.md``) are the supported path.
"""

from __future__ import annotations

import argparse

from llo_sim import load_scenario
from llo_sim.study.runs import simulate

OUTCOMES = ("participation_any", "gini_learning", "participation_practical",
            "participation_theoretical")


def llo_model(n_employees: int = 1000, months: int = 120, seed: int = 1,
              **parameters) -> dict:
    """One run of the baseline with ``parameters`` changed; the outcomes at the last month."""
    scenario = load_scenario("baseline").with_overrides("EMA workbench",
                                                        n_employees=n_employees,
                                                        **parameters)
    model = simulate(scenario.parameters, seed, months)
    final = model.timeseries().iloc[-1]
    groups = model.groups()
    edu = groups[(groups["month"] == months) & (groups["dimension"] == "education")]
    by_level = edu.set_index("level")["participation_any"]
    return {"participation_any": float(final["participation_any"]),
            "gini_learning": float(final["gini_learning"]),
            "participation_practical": float(by_level["practical"]),
            "participation_theoretical": float(by_level["theoretical"])}


def ema_model(employees: int = 1000, months: int = 120, seed: int = 1):
    """llo-sim as an EMA workbench ``Model`` with uncertainties, levers and outcomes."""
    from ema_workbench import (CategoricalParameter, Constant, Model, RealParameter,
                               ScalarOutcome)

    model = Model("llosim", function=llo_model)
    model.uncertainties = [
        RealParameter("practical_formal_conversion", 0.4, 1.0),
        RealParameter("share_leaders_target_pressure", 0.0, 0.8),
        RealParameter("economic_health", 0.6, 1.0),
    ]
    model.levers = [
        RealParameter("job_crafting_intensity", 0.0, 1.0),
        RealParameter("leader_training_intensity", 0.0, 1.0),
        CategoricalParameter("budget_procedure", ["leader", "direct"]),
    ]
    model.outcomes = [ScalarOutcome(name) for name in OUTCOMES]
    model.constants = [Constant("n_employees", employees), Constant("months", months),
                       Constant("seed", seed)]
    return model


def explore(scenarios: int = 50, policies: int = 4, employees: int = 1000,
            months: int = 120, seed: int = 1):
    """``perform_experiments`` in this process: the experiments table and the outcomes."""
    from ema_workbench import perform_experiments

    return perform_experiments(ema_model(employees, months, seed), scenarios=scenarios,
                               policies=policies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", type=int, default=50)
    parser.add_argument("--policies", type=int, default=4)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    import pandas as pd

    experiments, outcomes = explore(args.scenarios, args.policies, args.employees, args.months)
    table = pd.concat([experiments.reset_index(drop=True), pd.DataFrame(outcomes)], axis=1)
    print(table.groupby("policy")[list(OUTCOMES)].describe().round(3).T.to_string())


if __name__ == "__main__":
    main()
