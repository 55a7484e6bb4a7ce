"""Sweeps: an experiment file (:mod:`file`), its design points and seeds (:mod:`design`), and
running them in batches on any executor, each batch written at once (:mod:`run`)."""
