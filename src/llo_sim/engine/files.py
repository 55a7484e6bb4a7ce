"""Where the files that come with llo-sim are: the scenario library, the calibration, the
experiments. Installed, they are inside the package; in a source checkout, the scenario
library and the experiments are in the project's root folder."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]      # src/llo_sim, or site-packages/llo_sim
CHECKOUT = PACKAGE.parents[1]                      # the project root, in a source checkout
CALIBRATION = PACKAGE / "calibration"              # targets, priors and the shipped ensemble


def search_dirs(name: str) -> list[Path]:
    """The folders named ``name`` searched for a file given by name, in order: the current
    folder's, the installed package's, the source checkout's (those that exist, once each)."""
    dirs = [Path.cwd() / name, PACKAGE / name, CHECKOUT / name]
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]
