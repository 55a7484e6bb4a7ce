"""The figure of one run (``run.png``): the headline over time, and formal and informal
learning over time for the practically and the theoretically educated.

It is drawn from the run's own tables, so an own organisation's figure shows only what its
tables show: a group the privacy rules left out (:mod:`llo_sim.own.privacy`) is a gap in its
line, or is named in the legend as not shown."""

from __future__ import annotations

from pathlib import Path

from llo_sim.engine.measures import HEADLINE
from llo_sim.figures.render import figure_bytes, subplots

PNG = ((".png", {"dpi": 110}),)
EDUCATION = (("practical", "practically educated", "C0"),
             ("theoretical", "theoretically educated", "C1"))
KINDS = (("participation_formal", "a course", "-"),
         ("participation_informal", "on the job", "--"))
MONTH_AXIS = "month (0 = the organisation today)"


def run_figure(result):
    """Two panels: the share who learned in at least 6 of the last 12 months, and the share
    who took a course / learned on the job in the last 12 months, by education."""
    ts, groups = result.timeseries, result.groups
    fig, (left, right) = subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    left.plot(ts["month"], 100 * ts[HEADLINE], color="C2", lw=2)
    left.set_title("Learned in at least 6 of the last 12 months")
    left.set_ylabel("% of employees")
    edu = groups[groups["dimension"] == "education"]
    for level, label, color in EDUCATION:
        rows = edu[edu["level"] == level].sort_values("month")
        for column, what, style in KINDS:
            hidden = rows.empty or rows[column].isna().all()
            name = f"{label}: {what}" + (" (not shown: small group)" if hidden else "")
            right.plot(rows["month"], 100 * rows[column], color=color, ls=style, lw=2,
                       label=name)
    right.set_title("Learned in the last 12 months, by education")
    right.set_ylabel("% of the group")
    right.legend(loc="lower right", fontsize=8)
    for ax in (left, right):
        ax.set_xlabel(MONTH_AXIS)
        ax.set_ylim(0, 103)
        ax.grid(alpha=0.3)
    fig.suptitle(f"{result.scenario}: {result.months} months, seed {result.seed}", fontsize=10)
    return fig


def run_files(result, folder: Path) -> dict[Path, bytes]:
    """``{folder/run.png: bytes}``: the hook :attr:`llo_sim.study.runs.RunResult.figures`."""
    return figure_bytes(run_figure(result), Path(folder) / "run", formats=PNG)
