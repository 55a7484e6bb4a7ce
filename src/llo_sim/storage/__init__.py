"""Storage: result folders written all or nothing, the Parquet parts of sweeps and the
evaluations of a search, folder locks, worker processes that die with the program, and the
provenance every result file records. Used by the studies and the faces; it imports neither
(docs/architecture.md).
"""
