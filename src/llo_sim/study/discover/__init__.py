"""Scenario discovery: when does a scenario not beat another? The design of uncertain inputs
(:mod:`design`), the paired runs (:mod:`runs`), the boxes of a classification tree
(:mod:`boxes`) in plain words (:mod:`words`), and the whole (:mod:`discovery`)."""
