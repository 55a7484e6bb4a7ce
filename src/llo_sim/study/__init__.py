"""Studies: many runs and what they say. One run and its tables (:mod:`runs`), replications
compared with common random numbers (:mod:`compare`), sweeps (:mod:`sweep`), sensitivity
indices, the calibration and its ensemble, scenario discovery (:mod:`discover`) and the search
for the best mix (:mod:`optimise`). Studies return data; the faces draw and print it
(docs/architecture.md). The big studies are independent of each other.
"""
