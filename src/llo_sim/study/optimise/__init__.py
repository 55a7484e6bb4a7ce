"""The best mix for a budget: what is searched (:mod:`space`), the multi-objective search
(:mod:`search`), the Pareto front and robust figures (:mod:`front`) and what is reported and
written (:mod:`report`)."""
