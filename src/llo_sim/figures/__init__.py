"""The figures: matplotlib drawings of what the studies return (a face of the package, like the
command line). Each module draws one kind of result and gives its files as bytes
(``*_files(result, folder) -> {path: bytes}``), which the study writes with its tables, all
or nothing. The dashboard draws its own views (:mod:`llo_sim.dashboard.views`).
"""
