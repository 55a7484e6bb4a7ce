"""The command line (``llo-sim``): one module per command; :mod:`llo_sim.cli.main` puts them
together."""

from llo_sim.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
