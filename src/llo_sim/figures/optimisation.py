"""The figure of an optimisation: the cost-effect plane and the headline-gap trade-off."""

from __future__ import annotations

from pathlib import Path

from llo_sim.figures.render import PNG_SVG, figure_bytes, subplots


def front_figure(result):
    """Left: every mix of the search (grey, over the search worlds) and the Pareto mixes and
    the library's scenarios (over every world) by cost and robust headline, with the budget.
    Right: the Pareto mixes' trade-off between the robust headline and the robust gap."""
    fig, (ax, bx) = subplots(1, 2, figsize=(14, 5.5), layout="constrained")
    ev, front, shipped = result.evaluations, result.front, result.shipped
    ax.scatter(ev["cost_per_employee_year"], ev["headline_p10"] * 100, s=10, color="0.75",
               label=f"mixes tried ({len(ev)}, search worlds)")
    ax.scatter(shipped["cost_per_employee_year"], shipped["headline_p10"] * 100, marker="s",
               color="C1", label="library scenarios on this organisation")
    for _, r in shipped.iterrows():
        ax.annotate(r["scenario"], (r["cost_per_employee_year"], r["headline_p10"] * 100),
                    fontsize=7, xytext=(4, -8), textcoords="offset points", color="C1")
    _front(ax, front, "cost_per_employee_year", 1.0)
    ax.axvline(result.budget, color="C3", ls="--", lw=1,
               label=f"budget EUR {result.budget:,.0f}")
    ax.set_xscale("log")
    ax.set_xlim(left=max(10.0, 0.5 * min([result.budget, *ev["cost_per_employee_year"],
                                          *shipped["cost_per_employee_year"]])))
    ax.set_xlabel("cost per employee per year (EUR; prices are assumptions)")
    ax.set_ylabel("% learning a lot, 10th percentile of the worlds")
    ax.set_title("What each mix costs and gets, in a weak world")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")

    _front(bx, front, "gap_p90", 1.0)
    base = shipped.iloc[0] if len(shipped) else None
    if base is not None:
        bx.scatter([base["gap_p90"]], [base["headline_p10"] * 100], marker="s", color="C1",
                   label=f"{base['scenario']} (no change)")
    bx.set_xlabel("education gap: formal learning theoretical / practical, 90th percentile")
    bx.set_ylabel("% learning a lot, 10th percentile of the worlds")
    bx.set_title(f"Pareto mixes within EUR {result.budget:,.0f}: more learners or a smaller gap")
    bx.grid(alpha=0.3)
    bx.legend(fontsize=8, loc="lower left")
    return fig


def _front(ax, front, x: str, scale: float) -> None:
    if not len(front):
        return
    f = front.sort_values(x)
    ax.plot(f[x] * scale, f["headline_p10"] * 100, "o-", color="C0", label="Pareto mixes "
            "(every world)")
    for _, r in f.iterrows():
        ax.annotate(r["name"][4:], (r[x] * scale, r["headline_p10"] * 100), fontsize=7,
                    xytext=(3, 3), textcoords="offset points", color="C0")
    rec = f[f["recommended"]]
    if len(rec):
        ax.scatter(rec[x] * scale, rec["headline_p10"] * 100, s=160, facecolors="none",
                   edgecolors="C2", lw=2, label="recommended")


def front_files(result, folder: Path) -> dict[Path, bytes]:
    """front.png of an optimisation, as bytes (written with its tables)."""
    return figure_bytes(front_figure(result), Path(folder) / "front", formats=PNG_SVG[:1])
