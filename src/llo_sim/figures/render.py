"""Matplotlib set up for files (no screen), and a figure turned into the bytes of its files.

Figures are made with ``matplotlib.figure.Figure`` (:func:`subplots`), not pyplot: no global
state to close, and the command line starts without importing pyplot and its backends (about
0.2 s of every ``llo-sim run``)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
matplotlib.rcParams["svg.hashsalt"] = "llo-sim"  # stable ids in SVG files: identical reruns
from matplotlib.figure import Figure  # noqa: E402

PNG_SVG = ((".png", {"dpi": 120}), (".svg", {"metadata": {"Date": None}}))  # no SVG timestamp


def figure_bytes(fig, stem: Path, formats=PNG_SVG, **options) -> dict[Path, bytes]:
    """``{stem.png: bytes, stem.svg: bytes}`` of ``fig`` (``formats``: suffix and savefig
    options; ``options`` go to every format)."""
    files = {}
    for suffix, opts in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], **opts, **options)
        files[stem.with_suffix(suffix)] = buffer.getvalue()
    return files


def subplots(nrows: int = 1, ncols: int = 1, *, figsize=None, layout=None, **options):
    """``(figure, axes)`` as ``pyplot.subplots`` gives them, on a figure of its own."""
    fig = Figure(figsize=figsize, layout=layout)
    return fig, fig.subplots(nrows, ncols, **options)
