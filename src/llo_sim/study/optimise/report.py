"""What an optimisation reports: the Pareto front over every world, the recommended mix, the
mixes as scenario files, and the library's policy scenarios beside them at equal cost.

The *recommended* mix answers the policy maker's question ("which mix gets the most people
learning, without widening the gap?"): of the Pareto mixes within budget, the one with the
highest robust headline whose robust education gap is no wider than the base scenario's; if
every mix widens it, the one with the narrowest gap.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.policy import is_lever
from llo_sim.engine.scenario import Scenario, available, find, load
from llo_sim.storage.folders import FLOAT_FORMAT, to_json
from llo_sim.storage.provenance import environment
from llo_sim.study.costs import effectiveness
from llo_sim.study.optimise.front import OptimiseResult, pareto, robust
from llo_sim.study.optimise.space import levers


def reference_mixes(base: Scenario) -> dict[str, dict]:
    """The base (no change) and every library scenario that changes only policy levers, as
    the lever values it sets (put on top of the base organisation)."""
    refs = {"base": {}}
    for name in available():
        try:
            sc = load(name)
        except Exception:           # a broken library file is reported by `llo-sim scenarios`
            continue
        own = {k: v for k, v in sc.overrides.items()}
        if name == "baseline" or not all(is_lever(k, REGISTRY[k].group) for k in own):
            continue
        refs[name] = own
    return refs


def _figures_table(keys, figures, robust) -> pd.DataFrame:
    return pd.DataFrame([{"mix": k, **robust(figures[k])} for k in keys])


def build_result(budget, base, table, mixes, refs, figures, settings, search_worlds,
                 all_worlds, searched, out, figure_files=None):
    """The :class:`~llo_sim.study.optimise.front.OptimiseResult` of a search, written to
    ``out`` (with the figures ``figure_files(result, out)`` draws, if given)."""

    names = [lever.name for lever in levers(searched)]
    base_fig = robust(figures["ref:base"])
    rows = []
    for key, mix in mixes.items():
        fig = robust(figures[key])
        extra = _per_euro(figures[key], figures["ref:base"])
        rows.append({"mix": key, **fig, "within_budget": fig["cost_p90"] <= budget, **extra,
                     **{n: mix.get(n) for n in names}})
    front = pd.DataFrame(rows)
    if len(front):
        inside = front[front["within_budget"]]
        front = pareto(inside if len(inside) else front)
        front.insert(0, "name", [f"mix_{i + 1:02d}" for i in range(len(front))])
        front["recommended"] = False
        if front["within_budget"].any():       # nothing is recommended over the budget
            front.loc[_recommended(front, base_fig["gap_p90"]), "recommended"] = True
    else:
        front = pd.DataFrame(columns=["name", "mix", "recommended"])
    scenarios = [_scenario(base, r, names) for _, r in front.iterrows()]
    shipped = _shipped(refs, figures, front, budget, base.name)
    result = OptimiseResult(budget, base, front.reset_index(drop=True), scenarios, table,
                            shipped, settings, search_worlds, all_worlds)
    if out is not None:
        result.files = write(result, Path(out), names, figure_files)
    return result


def _per_euro(mix_figs: list[dict], base_figs: list[dict]) -> dict:
    """Extra learners per EUR 1,000 and gap change per EUR 1,000 against the base, paired by
    world (mean and 90% range of the worlds)."""
    d = {f: np.array([m[f] - b[f] for m, b in zip(mix_figs, base_figs)], dtype=float)
         for f in ("headline", "gap", "cost")}
    eff = effectiveness(d["cost"], {"learners": (d["headline"], 1000.0),
                                    "gap": (d["gap"], 1000.0)})
    return {"extra_cost": float(d["cost"].mean()),
            "extra_learners_per_eur_1000": eff["learners"][0],
            "extra_learners_per_eur_1000_p05": eff["learners"][1],
            "extra_learners_per_eur_1000_p95": eff["learners"][2],
            "gap_change_per_eur_1000": eff["gap"][0]}


def _recommended(front: pd.DataFrame, base_gap: float) -> int:
    """Index of the recommended mix of a front (see the module's text)."""
    no_wider = front[front["gap_p90"] <= base_gap]
    if len(no_wider):
        return int(no_wider["headline_p10"].idxmax())
    return int(front["gap_p90"].idxmin())


def _scenario(base: Scenario, row, names) -> Scenario:
    mix = {n: row[n] for n in names}
    mix = {k: (v.item() if hasattr(v, "item") else v) for k, v in mix.items()}
    sc = base.with_overrides("optimise", **mix)
    title = {"en": f"{row['name']}: a mix for EUR {row['cost_per_employee_year']:,.0f} per "
                   f"employee per year on {base.name}",
             "nl": f"{row['name']}: een mix voor EUR {row['cost_per_employee_year']:,.0f} per "
                   f"medewerker per jaar op {base.name}"}
    return replace(sc, name=row["name"], path=None, title=title, chain=[*sc.chain, row["name"]])


def _shipped(refs, figures, front, budget, base_name) -> pd.DataFrame:
    """Each reference scenario beside the best front mix that costs no more (paired by
    world): the difference in the robust headline and the share of worlds the mix is ahead."""

    rows = []
    for name in refs:
        fig = robust(figures[f"ref:{name}"])
        row = {"scenario": base_name if name == "base" else name, **fig,
               "within_budget": fig["cost_p90"] <= budget}
        if name != "base":
            row.update(_per_euro(figures[f"ref:{name}"], figures["ref:base"]))
        cheaper = front[front["cost_per_employee_year"] <= fig["cost_per_employee_year"]]
        if len(cheaper):
            best = cheaper.loc[cheaper["headline_p10"].idxmax()]
            h_mix = np.array([f["headline"] for f in figures[best["mix"]]])
            h_ref = np.array([f["headline"] for f in figures[f"ref:{name}"]])
            row.update({"best_mix_at_equal_cost": best["name"],
                        "mix_cost_per_employee_year": best["cost_per_employee_year"],
                        "headline_p10_difference": best["headline_p10"] - fig["headline_p10"],
                        "share_worlds_mix_ahead": float(np.mean(h_mix > h_ref))})
        rows.append(row)
    return pd.DataFrame(rows)


def write(result, out: Path, names, figure_files=None) -> list[Path]:
    """front.csv, evaluations.csv, shipped.csv, result.json, mixes/*.toml and the figures
    ``figure_files(result, out)`` draws (``front.png``)."""
    out.mkdir(parents=True, exist_ok=True)
    opts = dict(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    files = []
    for name, table in (("front.csv", result.front), ("evaluations.csv", result.evaluations),
                        ("shipped.csv", result.shipped)):
        _atomic(out / name, table.to_csv(**opts))
        files.append(out / name)
    mixes = out / "mixes"
    mixes.mkdir(exist_ok=True)
    for sc, (_, row) in zip(result.scenarios, result.front.iterrows()):
        path = mixes / f"{sc.name}.toml"
        _atomic(path, scenario_toml(result.base, sc, row, names))
        files.append(path)
    rec = result.recommended
    _atomic(out / "result.json", to_json({
        "budget": result.budget, "settings": result.settings,
        "search_worlds": result.search_worlds, "final_worlds": result.final_worlds,
        "recommended": None if rec is None else rec["name"], "environment": environment()}))
    files.append(out / "result.json")
    for path, data in (figure_files(result, out) if figure_files else {}).items():
        _atomic_bytes(path, data)
        files.append(path)
    return files


def scenario_toml(base: Scenario, sc: Scenario, row, names) -> str:
    """A ready-to-run scenario file of a mix: it extends the base and sets the levers."""
    if base.path is not None and _library_name(base) is not None:
        extends = _library_name(base)
    elif base.path is not None:
        extends = str(base.path)
    else:
        extends = None
    lines = [f"# Found by `llo-sim optimise`: costs EUR {row['cost_per_employee_year']:,.0f} "
             "per employee per year on average (prices are assumptions); over the ensemble:",
             f"# share_learning_a_lot p10 {row['headline_p10']:.3f} (mean "
             f"{row['headline_mean']:.3f}), education gap p90 {row['gap_p90']:.3f}."]
    if extends is not None:
        lines.append(f"extends = {json.dumps(extends)}")
    lines += ["", "[title]", f"nl = {json.dumps(sc.title['nl'])}",
              f"en = {json.dumps(sc.title['en'])}", "", "[parameters]"]
    params = {n: sc.overrides[n] for n in names} if extends is not None else sc.overrides
    for key, value in params.items():
        value = value.item() if hasattr(value, "item") else value
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def _library_name(base: Scenario) -> str | None:
    try:
        return base.name if find(base.name).resolve() == Path(base.path).resolve() else None
    except Exception:
        return None


def _atomic(path: Path, text: str) -> None:
    _atomic_bytes(path, text.encode("utf-8"))


def _atomic_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
