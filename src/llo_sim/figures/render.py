"""Matplotlib set up for files (no screen), and a figure turned into the bytes of its files."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
matplotlib.rcParams["svg.hashsalt"] = "llo-sim"  # stable ids in SVG files: identical reruns
import matplotlib.pyplot as plt  # noqa: E402

PNG_SVG = ((".png", {"dpi": 120}), (".svg", {"metadata": {"Date": None}}))  # no SVG timestamp


def figure_bytes(fig, stem: Path, formats=PNG_SVG, **options) -> dict[Path, bytes]:
    """``{stem.png: bytes, stem.svg: bytes}`` of ``fig`` (``formats``: suffix and savefig
    options; ``options`` go to every format), and the figure closed."""
    files = {}
    for suffix, opts in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], **opts, **options)
        files[stem.with_suffix(suffix)] = buffer.getvalue()
    plt.close(fig)
    return files
