"""The model's rules: one module per mechanism, each rule a small documented function.

=================  ==============================================================
``environment``    reorganisation, downturn, technology shift
``knobs``          richting, ruimte, ruggensteun as each employee experiences them
``blocks``         weten, willen, kunnen, durven, mogen, and agency
``decisions``      formal and informal learning, career steps
``learning``       positive experiences, skill growth and obsolescence
``feedback``       traits, momentum, role models
=================  ==============================================================

Conversion factors and capabilities are in :mod:`llo_sim.engine.conversion`. The order in which the
rules run within a month is written down once, in :mod:`llo_sim.engine.model`.
"""
