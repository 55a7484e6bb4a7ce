"""What a result file records about the program that made it."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def package_version() -> str:
    """The installed llo-sim version (``0.0.0+unknown`` in a source tree not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llo-sim")
    except PackageNotFoundError:
        return "0.0.0+unknown"
