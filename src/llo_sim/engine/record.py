"""Step 9 of a month: what the month leaves in the data. Every model-level measure (one row
of the time series) is computed here from the model's arrays; the definitions are in
``docs/measures.md``, the functions they use in :mod:`llo_sim.engine.measures` and
:mod:`llo_sim.engine.histories`.
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.histories import intensity_measures, last_year
from llo_sim.engine.measures import (
    BROEK_GROUPS,
    broek_shares,
    gini_of_histogram,
    group_table,
    histograms,
    level_counts,
    mean,
    participation_ratio,
    theil_of_histograms,
)

KNOBS = ("richting", "ruimte", "ruggensteun")


def month_measures(model, formal, informal, refused, career) -> tuple[dict, np.ndarray]:
    """Every model-level measure of this month (one row of the time series, by name) and
    the month's table of participation by group (:func:`llo_sim.engine.measures.group_table`).
    ``formal``, ``informal``, ``refused``, ``career``: this month's events per employee."""
    month, w, now = model.month, model.workforce, model.now
    formal_recent = last_year(w.hist_formal)
    informal_recent = last_year(w.hist_informal)
    any_recent = formal_recent | informal_recent
    holders = now.has_budget
    used = holders & last_year(w.hist_budget)
    n_holders = int(np.count_nonzero(holders))
    costs = {k: 0.0 for k in KNOBS}
    by_instrument = {}
    for key, inst in model.instruments.items():
        by_instrument[key] = inst.monthly_cost(model, month) if month > 0 else 0.0
        costs[inst.knob] += by_instrument[key]
    model._costs.append(sum(costs.values()))
    model._cost_total += model._costs[-1]
    n, n_any = w.n, int(np.count_nonzero(any_recent))
    year_cost = sum(model._costs[-12:])
    table = group_table(model._static_cells, w.in_position, any_recent, formal_recent,
                        informal_recent, holders, used)
    levels = level_counts(table)
    # cumulative learning per education level: one histogram gives Gini and Theil
    hist = histograms(w.cum_learning, model._education, 2, month + model.spinup + 1)
    theil, theil_between, theil_within = theil_of_histograms(hist)
    latest = {
        "month": month,
        "n_employees": n,
        "participation_any": n_any / n,
        "participation_formal": np.count_nonzero(formal_recent) / n,
        "participation_informal": np.count_nonzero(informal_recent) / n,
        "participation_any_month": np.count_nonzero(formal | informal) / n,
        "participation_formal_month": np.count_nonzero(formal) / n,
        "participation_informal_month": np.count_nonzero(informal) / n,
        "budget_holders": n_holders / n,
        "budget_uptake": (np.count_nonzero(used) / n_holders) if n_holders else float("nan"),
        "refused_month": np.count_nonzero(refused) / n,
        "career_steps_month": np.count_nonzero(career) / n,
        **{f"{k}_month": v / n for k, v in model.moves.items()},
        "gini_learning": gini_of_histogram(hist.sum(axis=0)),
        "theil_learning": theil,
        "theil_between_education": theil_between,
        "theil_within_education": theil_within,
        "ratio_practical_theoretical": participation_ratio(levels, "education",
                                                           "practical", "theoretical"),
        "ratio_old_young": participation_ratio(levels, "age", "55+", "<35"),
        "ratio_flex_permanent": participation_ratio(levels, "contract", "flex",
                                                    "permanent"),
        **{f"share_{g}": v for g, v in zip(BROEK_GROUPS, broek_shares(levels))},
        **{b: mean(getattr(w, b))
           for b in ("weten", "willen", "kunnen", "durven", "mogen", "agency")},
        "capability_formal": mean(w.cap_formal),
        "capability_informal": mean(w.cap_informal),
        "locus": mean(w.locus),
        "curiosity": mean(w.curiosity),
        "efficacy": mean(w.efficacy),
        "skill": mean(w.skill),
        "richting": mean(now.richting),
        "ruimte": mean(now.ruimte),
        "ruggensteun": mean(now.support),
        "leader_coaching": mean(model.leaders.coaching),
        **intensity_measures(model.p, w, now, formal_recent, informal_recent),
        **{f"cost_{k}": v for k, v in costs.items()},
        **{f"cost_{k}": v for k, v in by_instrument.items()},
        "cost_month": model._costs[-1],
        "cost_cumulative": model._cost_total,
        "cost_per_participant": year_cost / n_any if n_any else float("nan"),
    }
    return latest, table
