"""The words of docs/results.md's generated parts, computed from the claims' numbers
(scripts/claims.py), so that they say what the numbers say whichever way they come out."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from generated import markdown_table, num, pct, write_block

from llo_sim.engine.measures import HEADLINE
from llo_sim.study.statistics import spread

SCRIPT = "scripts/claims.py"
NAMES = {"baseline": "baseline", "budget_only": "budget alone (EUR 1,000 for everyone, via "
         "the leader)", "budget_only_direct": "budget alone, direct procedure",
         "richting_only": "richting only", "ruimte_only": "ruimte only",
         "ruggensteun_only": "ruggensteun only", "integrated": "integrated",
         "integrated_targeted": "integrated, targeted"}
MEASURE_WORDS = {HEADLINE: "learning a lot", "participation_formal": "formal learning",
                 "learning_months_mean": "months with learning",
                 "ratio_formal_theoretical_practical": "ratio theoretical / practical",
                 "formal_gap_education": "gap in points"}


def _claim_table(table, claim: str, higher: str) -> str:
    rows = [{"measure": MEASURE_WORDS[r.measure], "diff": f"{r.mean_a_minus_b:+.3f}",
             "range": f"{r.p05:+.3f} to {r.p95:+.3f}", "share": pct(r.share_a_higher)}
            for r in table[table["claim"] == claim].itertuples()]
    return markdown_table(rows, {"measure": "measure", "diff": "difference (mean)",
                                 "range": "90% of worlds", "share": higher}, "lrrr")


def _share(table, claim: str, measure: str) -> float:
    return float(table[(table["claim"] == claim) & (table["measure"] == measure)]
                 ["share_a_higher"].iloc[0])


def _verdict(share: float, yes: str, no: str, mixed: str) -> str:
    """A sentence for a share of worlds: clearly one way, clearly the other, or it depends."""
    if share >= 0.9:
        return yes
    if share <= 0.1:
        return no
    return mixed


def _dependence(rows: list[dict]) -> str:
    strong = [r for r in rows if abs(r["rho"]) >= 0.3]
    if not strong:
        return ("None of the structural and calibrated parameters explains much of the "
                "difference across the worlds (every rank correlation below 0.3 in size).")
    return "It depends most on " + "; ".join(
        f"`{r['parameter']}` (rank correlation {r['rho']:+.2f})" for r in strong[:3]) + "."


def write_results(page: Path, f, fs, euro, table, amount, reached, cost, levels, depend,
                  settings: str) -> None:
    base = levels[0]
    rows = [{"scenario": NAMES.get(r["scenario"], r["scenario"]), "a_lot": num(r[HEADLINE], 3),
             "formal": num(r["participation_formal"], 3),
             "months": num(r["learning_months_mean"]),
             "ratio": num(r["ratio_formal_theoretical_practical"]),
             "gap": num(r["formal_gap_education"], 3), "spend": f"{r['spend']:,.0f}"}
            for r in levels]
    write_block(page, "scenarios", markdown_table(rows, {
        "scenario": "scenario", "a_lot": "learning a lot", "formal": "formal learning, 12 months",
        "months": "months with learning (of 12)", "ratio": "formal: theoretical / practical",
        "gap": "formal gap, points", "spend": "spent, EUR per employee per year"}, "lrrrrrr"),
        SCRIPT, settings)

    euro_rows = sorted(euro, key=lambda r: -np.nan_to_num(r["per_1000"], nan=-1e9))
    best = euro_rows[0]
    text = markdown_table([{
        "instrument": f"`{r['instrument']}`", "spend": f"{r['extra_spend']:,.0f}",
        "gain": f"{r['headline_gain']:+.3f}", "formal": f"{r['formal_gain']:+.3f}",
        "per": num(r["per_1000"], 3),
        "range": f"{num(r['per_1000_p05'], 3)} to {num(r['per_1000_p95'], 3)}"}
        for r in euro_rows], {"instrument": "instrument alone", "spend":
                              "extra spend, EUR per employee per year",
                              "gain": "learning a lot", "formal": "formal learning",
                              "per": "learning a lot per EUR 1,000 spent (median)",
                              "range": "90% of worlds"}, "lrrrrr")
    text += (f"\n\nPer euro actually spent, `{best['instrument']}` buys the most: "
             f"{num(best['per_1000'], 3)} more of the workforce learning a lot per EUR 1,000 "
             "per employee per year (median over the worlds). A budget counts what its "
             "holders spend, not what is offered. Instruments whose weights no study sizes "
             "(docs/evidence.md) have the widest ranges here.")
    write_block(page, "per-euro", text, SCRIPT, settings)

    share = _share(table, "equal spend", HEADLINE)
    lo, hi = spread(cost)
    text = (f"`integrated` spends EUR {np.median(cost):,.0f} per employee per year (median; "
            f"{lo:,.0f}-{hi:,.0f} in 90% of the worlds). ")
    if reached < 0.95 * np.median(cost):
        text += (f"A budget alone cannot spend that much: even at EUR {amount:,.0f} a year for "
                 f"everyone its holders spend EUR {reached:,.0f}, because those who do not "
                 "want to learn do not claim it. The comparison below is at that largest "
                 "budget, which still spends less.\n\n")
    else:
        text += (f"The budget alone (for everyone, via the leader, nothing else) spends as "
                 f"much at EUR {amount:,.0f} offered per employee per year: its holders use "
                 f"EUR {reached:,.0f} of it (median).\n\n")
    text += _claim_table(table, "equal spend", "integrated higher in") + "\n\n"
    text += _verdict(share,
                     f"**At equal spend the integrated mix is ahead in {pct(share)} of the "
                     "worlds.**",
                     f"**At equal spend the budget alone is ahead in {pct(1 - share)} of the "
                     "worlds.**",
                     f"**At equal spend neither wins everywhere: the integrated mix is ahead "
                     f"in {pct(share)} of the worlds.**")
    text += " " + _dependence(depend["equal spend"])
    write_block(page, "equal-spend", text, SCRIPT, settings)

    share = _share(table, "interaction", HEADLINE)
    text = _claim_table(table, "interaction", "integrated effect larger in") + "\n\n"
    text += _verdict(share,
                     f"**Synergy: the integrated effect exceeds the sum of the knob effects in "
                     f"{pct(share)} of the worlds.**",
                     f"**No synergy: the integrated effect is below the sum of the knob "
                     f"effects in {pct(1 - share)} of the worlds.**",
                     f"**Synergy depends on the world: the integrated effect exceeds the sum of "
                     f"the knob effects in {pct(share)} of the worlds.**")
    text += " " + _dependence(depend["interaction"])
    write_block(page, "interaction", text, SCRIPT, settings)

    share = _share(table, "budget procedure", "participation_formal")
    text = _claim_table(table, "budget procedure", "direct higher in") + "\n\n"
    text += _verdict(share,
                     f"**The direct procedure gives more formal learning in {pct(share)} of "
                     "the worlds.**",
                     f"**The procedure via the leader gives more formal learning in "
                     f"{pct(1 - share)} of the worlds.**",
                     f"**Which procedure gives more formal learning depends on the world: the "
                     f"direct one in {pct(share)} of them.**")
    text += " " + _dependence(depend["procedure"])
    write_block(page, "procedure", text, SCRIPT, settings)

    share = _share(table, "who benefits", "ratio_formal_theoretical_practical")
    gap = _share(table, "who benefits", "formal_gap_education")
    text = _claim_table(table, "who benefits", "targeted integrated higher in") + "\n\n"
    text += (f"The education ratio of formal learning is lower under the targeted integrated "
             f"mix than under the budget alone in {pct(1 - share)} of the worlds; the gap in "
             f"percentage points is smaller in {pct(1 - gap)}. The baseline's ratio is "
             f"{num(base['ratio_formal_theoretical_practical'])}.")
    write_block(page, "who-benefits", text, SCRIPT, settings)
