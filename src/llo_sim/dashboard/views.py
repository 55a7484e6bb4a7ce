"""The dashboard's figures: plain functions from data to a matplotlib Figure.

They use ``matplotlib.figure.Figure`` directly (no pyplot state), so figures made for many
browser sessions at once never interfere and are freed with the session.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..leaders import STYLES
from ..measures import BROEK_GROUPS, recent
from .i18n import t

BLOCKS = ("weten", "willen", "kunnen", "durven", "mogen")
SIZE = (7.5, 3.8)


def _figure():
    fig = Figure(figsize=SIZE, layout="constrained")
    return fig, fig.add_subplot()


def _months(ax, ts: pd.DataFrame) -> None:
    """Month axis from 0 to at least a year, so a new run does not look empty."""
    ax.set_xlim(0, max(12, int(ts["month"].max())))


def participation(ts: pd.DataFrame, lang: str) -> Figure:
    """Participation over time: formal, informal and any, in the last 12 months."""
    fig, ax = _figure()
    for col, style in (("participation_any", "-"), ("participation_formal", "--"),
                       ("participation_informal", ":")):
        ax.plot(ts["month"], 100 * ts[col], style, lw=2, label=t(col, lang))
    ax.set_ylim(0, 100)
    _months(ax, ts)
    ax.set_xlabel(t("month", lang))
    ax.set_ylabel(t("share_12m", lang))
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    return fig


def inequality(ts: pd.DataFrame, lang: str) -> Figure:
    """The Gini of cumulative learning and the participation ratios between groups."""
    fig = Figure(figsize=SIZE, layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(ts["month"], ts["gini_learning"], lw=2, color="C3")
    left.set_title(t("gini", lang), fontsize=10)
    left.set_ylabel(t("inequality_axis", lang))
    left.set_ylim(bottom=0)
    for col in ("ratio_practical_theoretical", "ratio_old_young", "ratio_flex_permanent"):
        right.plot(ts["month"], ts[col], lw=2, label=t(col, lang))
    right.axhline(1, color="black", lw=0.8)
    right.set_ylabel(t("ratio_axis", lang))
    right.legend(fontsize=8, loc="lower right")
    for ax in (left, right):
        _months(ax, ts)
        ax.set_xlabel(t("month", lang))
        ax.grid(alpha=0.3)
    return fig


def broek_groups(ts: pd.DataFrame, lang: str) -> Figure:
    """The four groups of Broek et al. (2023) over time, as stacked shares."""
    fig, ax = _figure()
    shares = [100 * ts[f"share_{g}"] for g in BROEK_GROUPS]
    colors = ("#2b8cbe", "#a6bddb", "#31a354", "#de2d26")
    ax.stackplot(ts["month"], shares, labels=[t(g, lang) for g in BROEK_GROUPS], colors=colors,
                 alpha=0.85)
    ax.set_ylim(0, 100)
    _months(ax, ts)
    ax.set_xlabel(t("month", lang))
    ax.set_ylabel(t("share_axis", lang))
    ax.set_title(t("broek_note", lang), fontsize=9)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    return fig


def blocks_by_group(model, lang: str) -> Figure:
    """The five building blocks now, by education, age and contract."""
    w = model.workforce
    groups = (("practical", ~w.theoretical), ("theoretical", w.theoretical),
              ("<35", w.age_band == 0), ("55+", w.age_band == 2),
              ("permanent", ~w.flex), ("flex", w.flex))
    fig, ax = _figure()
    width = 0.8 / len(groups)
    x = np.arange(len(BLOCKS))
    for i, (name, mask) in enumerate(groups):
        values = [getattr(w, b)[mask].mean() if mask.any() else np.nan for b in BLOCKS]
        ax.bar(x + (i - (len(groups) - 1) / 2) * width, values, width, label=t(name, lang),
               color=f"C{i // 2}", alpha=0.55 if i % 2 == 0 else 1.0)
    ax.set_xticks(x, [t(b, lang) for b in BLOCKS])
    ax.set_ylim(0, 1)
    ax.set_ylabel(t("block_axis", lang))
    ax.legend(fontsize=8, ncol=3, loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    return fig


def teams(model, lang: str) -> Figure:
    """Each team: its leader's coaching (x), its participation (y), its leader's style."""
    w, ld = model.workforce, model.leaders
    learned = recent(np.maximum(w.last_formal, w.last_informal), model.month)
    share = 100 * np.bincount(w.team, weights=learned, minlength=ld.n) / model.team_counts
    fig, ax = _figure()
    for s, name in enumerate(STYLES):
        mask = ld.style == s
        ax.scatter(ld.coaching[mask], share[mask], s=28, alpha=0.75, label=t(name, lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(-2, 102)
    ax.set_xlabel(t("coaching_axis", lang))
    ax.set_ylabel(t("team_axis", lang))
    ax.set_title(t("teams_note", lang), fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return fig


def budget(ts: pd.DataFrame, lang: str) -> Figure:
    """Budget uptake and cost per participant over time."""
    fig = Figure(figsize=SIZE, layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(ts["month"], 100 * ts["budget_uptake"], lw=2, color="C2")
    left.set_ylim(0, 100)
    left.set_title(t("budget_uptake", lang), fontsize=10)
    left.set_ylabel("%")
    right.plot(ts["month"], ts["cost_per_participant"], lw=2, color="C4")
    right.set_title(t("cost_per_participant", lang), fontsize=10)
    right.set_ylim(bottom=0)
    for ax in (left, right):
        _months(ax, ts)
        ax.set_xlabel(t("month", lang))
        ax.grid(alpha=0.3)
    return fig


def lines(results: list[tuple[str, pd.DataFrame]], lang: str, big: bool = False) -> Figure:
    """Participation (solid) and formal participation (dashed) of several runs on one pair
    of axes: side-by-side scenarios and the workshop steps."""
    fig = Figure(figsize=(10, 5) if big else SIZE, layout="constrained")
    ax = fig.add_subplot()
    for i, (label, ts) in enumerate(results):
        ax.plot(ts["month"], 100 * ts["participation_any"], "-", lw=3 if big else 2,
                color=f"C{i}", label=f"{label}: {t('participation_any', lang).lower()}")
        ax.plot(ts["month"], 100 * ts["participation_formal"], "--", lw=2, color=f"C{i}",
                label=f"{label}: {t('participation_formal', lang).lower()}")
    ax.set_ylim(0, 100)
    ax.set_xlabel(t("month", lang), fontsize=14 if big else 10)
    ax.set_ylabel(t("share_12m", lang), fontsize=14 if big else 10)
    ax.tick_params(labelsize=13 if big else 9)
    ax.legend(fontsize=11 if big else 8, loc="upper left", bbox_to_anchor=(1, 1))
    ax.grid(alpha=0.3)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, for a download button."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120)
    return buf.getvalue()
