"""The dashboard's figures: plain functions from data to a matplotlib Figure and its text.

Each view returns ``(figure, alt)``: ``alt`` states in words the numbers the figure shows, for
a screen reader and for anyone who cannot see the picture. The time-series views draw the
current run and, dashed grey, a reference run with the same employees (the baseline unless
another is chosen), so every chart answers "compared with what?".

They use ``matplotlib.figure.Figure`` directly (no pyplot state), so figures made for many
browser sessions at once never interfere and are freed with the session.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from llo_sim.dashboard.controls import number
from llo_sim.dashboard.i18n import t
from llo_sim.dashboard.readout import band_of as _band_of
from llo_sim.dashboard.readout import keep as _readout
from llo_sim.dashboard.readout import readout_spec  # noqa: F401 - for the chart widget
from llo_sim.engine.leaders import STYLES
from llo_sim.engine.measures import BROEK_GROUPS, HEADLINE

BLOCKS = ("weten", "willen", "kunnen", "durven", "mogen")
SIZE = (8.0, 3.6)
REF = dict(color="0.45", lw=1.8, ls="--")


def _figure(size=SIZE, cols: int = 1, right: float = 0.98):
    """A figure with fixed margins: a third faster to draw than a constrained layout, which
    counts while playing."""
    fig = Figure(figsize=size)
    fig.subplots_adjust(left=0.075 * cols if cols > 1 else 0.08, right=right, bottom=0.14,
                        top=0.91, wspace=0.28)
    axes = fig.subplots(1, cols) if cols > 1 else fig.add_subplot()
    return fig, axes


def _months(ax, ts: pd.DataFrame) -> None:
    """Month axis from 0 to at least a year; a single month shows as dots, not nothing."""
    ax.set_xlim(-0.5, max(12, int(ts["month"].max())))
    ax.set_xlabel("")


def _pct(x: float) -> str:
    return "-" if x != x else f"{100 * x:.0f}%"


def _line(ax, ts, col, scale=100.0, **kw):
    marker = "o" if len(ts) == 1 else None
    ax.plot(ts["month"], scale * ts[col], marker=marker, **kw)


def _bands(ax, bands: dict | None, col: str, color: str, scale: float = 100.0,
           lang: str = "en") -> str:
    """Shade the 95% bands of ``col`` (current in ``color``, reference grey); return the
    words for the text alternative ('' without replications)."""
    current, reference = (bands or {}).get(col, (None, None))
    for band, c in ((current, color), (reference, "0.45")):
        if band is not None and len(band) > 1:
            ax.fill_between(band["month"], scale * band["low"], scale * band["high"], color=c,
                            alpha=0.18, lw=0)
    if current is None:
        return ""
    lo, hi = current["low"].iloc[-1], current["high"].iloc[-1]
    if scale == 100:
        return f"{scale * lo:.0f} - {scale * hi:.0f}"
    return f"{number(lo, lang, 2)} - {number(hi, lang, 2)}"


def mark_horizon(fig: Figure, month: int, label: str) -> None:
    """A dotted vertical line at ``month`` on every time-series axes of ``fig`` (those with a
    read-out), where the answer is read; none at the chart's right edge or beyond the data."""
    for item in getattr(fig, "llo_readout", []):
        ax = item["ax"]
        if month < ax.get_xlim()[1] and month <= item["months"][-1]:
            ax.axvline(month, color="0.25", lw=1, ls=":")
            ax.annotate(label, (month, 1), xycoords=("data", "axes fraction"),
                        xytext=(3, -10), textcoords="offset points", fontsize=8, color="0.25")


def participation(ts: pd.DataFrame, lang: str, ref: pd.DataFrame | None = None,
                  ref_label: str = "", bands: dict | None = None) -> tuple[Figure, str]:
    """Participation over time: formal, informal and any, in the last 12 months; the
    reference run's headline dashed; with replications, the 95% bands of the mean headline
    of both (shaded)."""
    fig, ax = _figure()
    band = _bands(ax, bands, HEADLINE, "C0")
    for col, style in ((HEADLINE, "-"), ("participation_formal", "--"),
                       ("participation_informal", ":")):
        _line(ax, ts, col, ls=style, lw=2.2, label=t(col, lang))
    if ref is not None:
        _line(ax, ref, HEADLINE, label=f"{ref_label}: {t(HEADLINE, lang).lower()}", **REF)
    rows = [(t(HEADLINE, lang), "C0", ts[HEADLINE], "pct", _band_of(bands, HEADLINE)),
            (t("participation_formal", lang), "C1", ts["participation_formal"], "pct"),
            (t("participation_informal", lang), "C2", ts["participation_informal"], "pct")]
    if ref is not None:
        rows.append((ref_label, "0.45", ref[HEADLINE], "pct", _band_of(bands, HEADLINE, 1)))
    _readout(ax, ts, rows, lang)
    ax.set_ylim(0, 100)
    _months(ax, ts)
    ax.set_xlabel(t("month", lang))
    ax.set_ylabel(t("share_12m", lang))
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    last = ts.iloc[-1]
    items = [f"{t(c, lang)} {_pct(last[c])}" for c in
             (HEADLINE, "participation_formal", "participation_informal")]
    if ref is not None:
        items.append(f"{ref_label} {_pct(ref[HEADLINE].iloc[-1])}")
    if band:
        items.append(t("alt_band", lang).format(band=band + "%"))
    return fig, t("alt_lines", lang).format(m=int(last["month"]), items="; ".join(items))


def inequality(ts: pd.DataFrame, lang: str, ref: pd.DataFrame | None = None,
               ref_label: str = "", bands: dict | None = None) -> tuple[Figure, str]:
    """The Gini of cumulative learning (and the reference's, with bands across replications)
    and the participation ratios."""
    fig, (left, right) = _figure(cols=2)
    band = _bands(left, bands, "gini_learning", "C3", scale=1.0, lang=lang)
    _line(left, ts, "gini_learning", scale=1.0, lw=2.2, color="C3", label=t("current_line", lang))
    if ref is not None:
        _line(left, ref, "gini_learning", scale=1.0, label=ref_label, **REF)
        left.legend(fontsize=8, loc="lower right")
    rows = [(t("gini", lang), "C3", ts["gini_learning"], "ratio",
             _band_of(bands, "gini_learning"))]
    if ref is not None:
        rows.append((ref_label, "0.45", ref["gini_learning"], "ratio"))
    _readout(left, ts, rows, lang)
    left.set_title(t("gini", lang), fontsize=10)
    left.set_ylabel(t("inequality_axis", lang))
    left.set_ylim(0, 1)
    cols = ("ratio_practical_theoretical", "ratio_old_young", "ratio_flex_permanent")
    for i, col in enumerate(cols):
        _bands(right, {col: (bands or {}).get(col, (None, None))[:1] + (None,)}, col, f"C{i}",
               scale=1.0)                     # the current run's band (the reference: no line)
        _line(right, ts, col, scale=1.0, lw=2, color=f"C{i}", label=t(col, lang))
    _readout(right, ts, [(t(col, lang), f"C{i}", ts[col], "ratio", _band_of(bands, col))
                         for i, col in enumerate(cols)], lang)
    right.axhline(1, color="black", lw=0.8)
    right.set_ylabel(t("ratio_axis", lang))
    right.legend(fontsize=8, loc="lower right")
    for ax in (left, right):
        _months(ax, ts)
        ax.set_xlabel(t("month", lang))
        ax.grid(alpha=0.3)
    last = ts.iloc[-1]
    items = [f"{t('gini', lang)} {number(last['gini_learning'], lang, 2)}"]
    if band:
        items.append(t("alt_band", lang).format(band=band))
    items += [f"{t(c, lang)} {number(last[c], lang, 2)}" for c in cols]
    return fig, t("alt_lines", lang).format(m=int(last["month"]), items="; ".join(items))


def broek_groups(ts: pd.DataFrame, lang: str, ref: pd.DataFrame | None = None,
                 ref_label: str = "", bands: dict | None = None) -> tuple[Figure, str]:
    """The four groups of Broek et al. (2023) over time, as stacked shares; the reference's
    share "in a position, learns" as a dashed line."""
    fig, ax = _figure(right=0.7)
    colors = ("#2b8cbe", "#a6bddb", "#31a354", "#de2d26")
    x = ts["month"].to_numpy(dtype=float)
    shares = [100 * ts[f"share_{g}"].to_numpy() for g in BROEK_GROUPS]
    if len(x) == 1:        # one month: a bar, not an invisible sliver
        x = np.array([x[0] - 0.4, x[0] + 0.4])
        shares = [np.repeat(s, 2) for s in shares]
    ax.stackplot(x, shares, labels=[t(g, lang) for g in BROEK_GROUPS], colors=colors,
                 alpha=0.85)
    if ref is not None:
        _line(ax, ref, "share_in_position_learning", label=f"{ref_label}: "
              f"{t('in_position_learning', lang).lower()}", **{**REF, "color": "black"})
    rows = [(t(g, lang), c, ts[f"share_{g}"], "pct") for g, c in zip(BROEK_GROUPS, colors)]
    if ref is not None:
        rows.append((f"{ref_label}: {t('in_position_learning', lang).lower()}", "black",
                     ref["share_in_position_learning"], "pct"))
    _readout(ax, ts, rows, lang)
    band = _bands(ax, {"share_in_position_learning": (bands or {}).get(
        "share_in_position_learning", (None, None))}, "share_in_position_learning", "black")
    ax.set_ylim(0, 100)
    _months(ax, ts)
    ax.set_xlabel(t("month", lang))
    ax.set_ylabel(t("share_axis", lang))
    ax.set_title(t("broek_note", lang), fontsize=9)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    last = ts.iloc[-1]
    items = [f"{t(g, lang)} {_pct(last[f'share_{g}'])}" for g in BROEK_GROUPS]
    if band:
        items.append(t("alt_band", lang).format(band=band))
    return fig, t("alt_lines", lang).format(m=int(last["month"]), items="; ".join(items))


def blocks_by_group(means: dict[str, list[float]], month: int, lang: str) -> tuple[Figure, str]:
    """The five building blocks now, by education, age and contract."""
    fig, ax = _figure()
    width = 0.8 / len(means)
    x = np.arange(len(BLOCKS))
    for i, (name, values) in enumerate(means.items()):
        ax.bar(x + (i - (len(means) - 1) / 2) * width, values, width, label=t(name, lang),
               color=f"C{i // 2}", alpha=0.55 if i % 2 == 0 else 1.0)
    ax.set_xticks(x, [t(b, lang) for b in BLOCKS])
    ax.set_ylim(0, 1)
    ax.set_ylabel(t("block_axis", lang))
    ax.legend(fontsize=8, ncol=3, loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    items = [f"{t(name, lang)}: " + ", ".join(f"{t(b, lang)} {number(v, lang, 2)}" for b, v in
                                              zip(BLOCKS, values))
             for name, values in means.items()]
    return fig, t("alt_lines", lang).format(m=month, items="; ".join(items))


def teams(points: dict[str, np.ndarray], month: int, lang: str) -> tuple[Figure, str]:
    """Each team: its leader's coaching (x), its participation (y), its leader's style."""
    fig, ax = _figure()
    items = []
    for s, name in enumerate(STYLES):
        mask = points["style"] == s
        ax.scatter(points["coaching"][mask], points["share"][mask], s=28, alpha=0.75,
                   label=t(name, lang))
        if mask.any():
            items.append(f"{t(name, lang)}: {mask.sum()} teams, "
                         f"{points['share'][mask].mean():.0f}%")
    ax.set_xlim(0, 1)
    ax.set_ylim(-2, 102)
    ax.set_xlabel(t("coaching_axis", lang))
    ax.set_ylabel(t("team_axis", lang))
    ax.set_title(t("teams_note", lang), fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return fig, t("alt_lines", lang).format(m=month, items="; ".join(items))


def budget(ts: pd.DataFrame, lang: str, ref: pd.DataFrame | None = None,
           ref_label: str = "", bands: dict | None = None) -> tuple[Figure, str]:
    """Budget uptake (with bands across replications) and cost per participant over time,
    with the reference's."""
    fig, (left, right) = _figure(cols=2)
    band = _bands(left, bands, "budget_uptake", "C2")
    _line(left, ts, "budget_uptake", lw=2.2, color="C2", label=t("current_line", lang))
    _line(right, ts, "cost_per_participant", scale=1.0, lw=2.2, color="C4",
          label=t("current_line", lang))
    if ref is not None:
        _line(left, ref, "budget_uptake", label=ref_label, **REF)
        _line(right, ref, "cost_per_participant", scale=1.0, label=ref_label, **REF)
        left.legend(fontsize=8, loc="lower right")
    _readout(left, ts, [(t("budget_uptake", lang), "C2", ts["budget_uptake"], "pct",
                         _band_of(bands, "budget_uptake"))]
             + ([(ref_label, "0.45", ref["budget_uptake"], "pct")] if ref is not None else []),
             lang)
    _readout(right, ts, [(t("cost_per_participant", lang), "C4", ts["cost_per_participant"],
                          "eur")]
             + ([(ref_label, "0.45", ref["cost_per_participant"], "eur")]
                if ref is not None else []), lang)
    left.set_ylim(0, 100)
    left.set_title(t("budget_uptake", lang), fontsize=10)
    left.set_ylabel("%")
    right.set_title(t("cost_per_participant", lang), fontsize=10)
    right.set_ylim(bottom=0)
    for ax in (left, right):
        _months(ax, ts)
        ax.set_xlabel(t("month", lang))
        ax.grid(alpha=0.3)
    last = ts.iloc[-1]
    items = [f"{t('budget_uptake', lang)} {_pct(last['budget_uptake'])}"]
    if band:
        items.append(t("alt_band", lang).format(band=band + "%"))
    items.append(f"{t('cost_per_participant', lang)} "
                 f"{number(last['cost_per_participant'], lang)}")
    return fig, t("alt_lines", lang).format(m=int(last["month"]), items="; ".join(items))


def bands(results: list[tuple[str, pd.DataFrame]], lang: str, big: bool = False,
          reference: tuple[str, pd.DataFrame] | None = None) -> tuple[Figure, str]:
    """The headline of several runs on one pair of axes, each with its 95% band when its
    frame has ``low``/``high`` columns (replications): side by side and the workshop."""
    fig, ax = _figure((10, 6) if big else SIZE)
    fig.subplots_adjust(left=0.08 if big else 0.09, bottom=0.11 if big else 0.14)
    items = []
    for i, (label, ts) in enumerate(results):
        ax.plot(ts["month"], 100 * ts[HEADLINE], "-", lw=3 if big else 2.2, color=f"C{i}",
                label=label)
        if "low" in ts and ts["low"].notna().any():
            ax.fill_between(ts["month"], 100 * ts["low"], 100 * ts["high"], color=f"C{i}",
                            alpha=0.2, lw=0)
        items.append(f"{label} {_pct(ts[HEADLINE].iloc[-1])}")
    if reference is not None:
        label, ts = reference
        ax.plot(ts["month"], 100 * ts[HEADLINE], label=label, **{**REF, "lw": 2.5})
        items.append(f"{label} {_pct(ts[HEADLINE].iloc[-1])}")
    shown = results + ([reference] if reference is not None else [])
    if len({len(ts) for _, ts in shown}) == 1:      # the same months: one read-out per month
        _readout(ax, shown[0][1], [
            (label, f"C{i}" if i < len(results) else "0.45", ts[HEADLINE], "pct",
             ts if "low" in ts and ts["low"].notna().any() else None)
            for i, (label, ts) in enumerate(shown)], lang)
    ax.set_ylim(0, 100)
    ax.set_xlim(0, max(12, int(max(ts["month"].max() for _, ts in results))))
    fs = 15 if big else 10
    ax.set_xlabel(t("month", lang), fontsize=fs)
    ax.set_ylabel(f"% {t(HEADLINE, lang).lower()}", fontsize=fs)
    ax.tick_params(labelsize=fs - 1)
    ax.legend(fontsize=fs - 2, loc="lower right", framealpha=0.9)
    ax.grid(alpha=0.3)
    month = int(results[-1][1]["month"].iloc[-1])
    return fig, t("alt_lines", lang).format(m=month, items="; ".join(items))


PHONE_SIZE = (4.2, 5.4)        # inches: a phone shows it about 0.9 times its own width
PHONE_MIN_PT = 10              # so no text under about 12 px on a 390 px wide screen
PROJECTOR_SIZE = (6.4, 4.9)    # inches: drawn smaller, shown as large, so its text grows
PROJECTOR_MIN_PT = 15          # at the width the workshop's chart gets at 1280 x 720: 24 px


def for_phone(fig: Figure) -> Figure:
    """The same figure for a phone: narrower and taller, no text under
    :data:`PHONE_MIN_PT`, legends under the axes (see :func:`_readable`)."""
    return _readable(fig, PHONE_SIZE, PHONE_MIN_PT, columns=1, wrap=40)


def for_projector(fig: Figure) -> Figure:
    """The same figure for presenting on a projector: smaller, with no text under
    :data:`PROJECTOR_MIN_PT`, so that shown at the width the screen gives it (at least 1.2
    times its own at 1280 x 720) every label, tick and legend is 24 px or more."""
    return _readable(fig, PROJECTOR_SIZE, PROJECTOR_MIN_PT, columns=2, wrap=26)


def _readable(fig: Figure, size: tuple[float, float], min_pt: float, columns: int,
              wrap: int) -> Figure:
    """Resize ``fig`` and raise every text to ``min_pt``: titles and the y label wrap, and a
    legend moves under its axes, where it covers no line."""
    from matplotlib.text import Text

    plots = [ax for ax in fig.axes if ax.get_subplotspec() is not None]   # not colour bars
    if columns == 1 and len(plots) > 1:        # a phone: charts side by side go one under another
        grid = fig.add_gridspec(len(plots), 1)
        for i, ax in enumerate(plots):
            ax.set_subplotspec(grid[i])
        size = (size[0], size[1] * 0.8 * len(plots))
    fig.set_size_inches(*size)
    fig.set_layout_engine("constrained")
    for ax in fig.axes:
        ax.set_title(textwrap.fill(ax.get_title(), 40 if columns == 1 else 2 * wrap))
        ax.set_ylabel(textwrap.fill(ax.get_ylabel(), 24))
        legend = ax.get_legend()
        if legend is not None:
            handles = legend.legend_handles
            labels = [textwrap.fill(x.get_text(), wrap) for x in legend.get_texts()]
            legend.remove()
            ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.2),
                      ncol=columns, frameon=False)
    for text in fig.findobj(Text):
        text.set_fontsize(max(text.get_fontsize(), min_pt))
    return fig


def png_bytes(fig: Figure, dpi: int = 120) -> bytes:
    """The figure as PNG, for a download button."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


# text in the SVG as text, not as glyph outlines: a third faster to write and smaller to
# send; laid out with DejaVu Sans (matplotlib's own), shown in it or a narrower fallback
SVG_TEXT = {"svg.fonttype": "none",
            "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"]}


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG, for the screen: sharp at any size, on a phone and a projector."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(SVG_TEXT):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()
