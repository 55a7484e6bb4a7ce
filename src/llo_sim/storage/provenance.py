"""What a result file records about the program that made it.

:func:`environment` is the one record every result file keeps under ``"environment"``
(``run.json``, ``compare.json``, ``check.json``, ``sweep.json``, ``discover.json`` and an
optimisation's ``result.json``): llo-sim's version, the git commit when llo-sim runs from a
source checkout (and whether its tracked files differ from that commit), the versions of
Python, numpy, pandas and Mesa, and the platform. With it a result can be reproduced, or a
difference explained, months later on another computer.

It is a record, not part of what decides the numbers: the fingerprints that let a sweep or a
discovery resume hold llo-sim's version only (a resumed study may run on another computer).
"""

from __future__ import annotations

import platform
import subprocess
from functools import lru_cache
from pathlib import Path

GIT_SECONDS = 5      # a git that does not answer in this time is treated as absent


@lru_cache(maxsize=1)
def package_version() -> str:
    """The installed llo-sim version (``0.0.0+unknown`` in a source tree not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llo-sim")
    except PackageNotFoundError:
        return "0.0.0+unknown"


def checkout_root() -> Path | None:
    """The project folder when llo-sim runs from a source checkout (``src/llo_sim`` beside a
    ``pyproject.toml`` and a ``.git``), else None (an installed package)."""
    from llo_sim.engine.files import CHECKOUT, PACKAGE

    if PACKAGE != CHECKOUT / "src" / "llo_sim":
        return None
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / ".git").exists():
        return CHECKOUT
    return None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):     # no git, or it hangs
        return None


@lru_cache(maxsize=1)
def git_state() -> tuple[str | None, bool | None]:
    """``(commit, changed)`` of the source checkout llo-sim runs from: the commit's 40 hex
    digits and whether tracked files differ from it; ``(None, None)`` when not known (an
    installed package, no git)."""
    root = checkout_root()
    if root is None:
        return None, None
    head = _git(root, "rev-parse", "--verify", "HEAD")
    if head is None or head.returncode != 0 or len(head.stdout.strip()) != 40:
        return None, None
    diff = _git(root, "diff", "--quiet", "HEAD", "--")
    changed = None if diff is None or diff.returncode not in (0, 1) else diff.returncode == 1
    return head.stdout.strip(), changed


def environment() -> dict:
    """The program that made a result: ``llo_sim`` (version), ``git_commit`` and
    ``git_changed`` (None when not run from a source checkout), ``python``, ``numpy``,
    ``pandas``, ``mesa`` and ``platform``."""
    import mesa
    import numpy
    import pandas

    commit, changed = git_state()
    return {"llo_sim": package_version(), "git_commit": commit, "git_changed": changed,
            "python": platform.python_version(), "numpy": numpy.__version__,
            "pandas": pandas.__version__, "mesa": mesa.__version__,
            "platform": platform.platform()}
