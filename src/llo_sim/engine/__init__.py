"""The engine: what one run is. The parameter registry and scenario files, the employees and
leaders as arrays, the HR instruments, the rules (one module per mechanism), the conversion
factors, the month's steps and the measures. It imports nothing of the studies, storage, the
own organisation or the faces (docs/architecture.md); the model is :mod:`llo_sim.engine.model`.
"""
