"""Finding the boxes: the conditions under which a case of interest (a failure) is common.

Scenario discovery (Bryant & Lempert 2010) looks for a few simple *boxes*, limits on a few
inputs, that hold many of the cases of interest (*coverage*: the share of all cases of interest
that lie in the box) and few others (*density*: the share of the cases in the box that are of
interest). PRIM is the classic method; the PRIM package on PyPI (``prim`` 1.0.0) is licensed
under the GPL, which this MIT package cannot depend on, and its box limits break on pandas 3.
So the boxes here are read from a classification tree (CART, scikit-learn; the alternative
that Lempert, Bryant & Bankes 2008 compare with PRIM): each leaf of a shallow tree is a box,
the path to it its restrictions. A shallow tree (depth 3 by default) keeps every box at three restrictions or
fewer, readable in one sentence; leaves hold at least 5% of the cases and at least 5 cases, so
a box never rests on a handful of runs.

A categorical input (the organisation type) enters the tree as one 0/1 column per level;
its restriction in a box is the set of levels allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Restriction:
    """The limits of one input in a box: ``low < x <= high`` (None: no limit on that side)
    for a number, or the ``levels`` allowed for a category."""

    name: str
    low: float | None = None
    high: float | None = None
    levels: tuple | None = None

    def holds(self, values: pd.Series) -> np.ndarray:
        """Which of ``values`` lie within this restriction."""
        if self.levels is not None:
            return values.isin(self.levels).to_numpy()
        v = values.to_numpy(dtype=float)
        ok = np.ones(len(v), dtype=bool)
        if self.low is not None:
            ok &= v > self.low
        if self.high is not None:
            ok &= v <= self.high
        return ok


@dataclass
class Box:
    """A box: its restrictions per input, and how well it captures the cases of interest."""

    restrictions: dict[str, Restriction]
    coverage: float        # share of all cases of interest that lie in the box
    density: float         # share of the cases in the box that are of interest
    cases: int             # cases in the box
    of_interest: int       # cases of interest in the box
    mean_difference: float = float("nan")   # mean outcome difference in the box
    extra: dict = field(default_factory=dict)

    def contains(self, x: pd.DataFrame) -> np.ndarray:
        inside = np.ones(len(x), dtype=bool)
        for r in self.restrictions.values():
            inside &= r.holds(x[r.name])
        return inside


def _encode(x: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, object]]]:
    """The inputs as a numeric matrix, categorical columns as one 0/1 column per level; and
    for each column ``(input name, level or None)``."""
    columns, meaning = [], []
    for name in x.columns:
        col = x[name]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            columns.append(col.to_numpy(dtype=float))
            meaning.append((name, None))
        else:
            for level in sorted(col.astype(str).unique()):
                columns.append((col.astype(str) == level).to_numpy(dtype=float))
                meaning.append((name, level))
    return np.column_stack(columns), meaning


def find_boxes(x: pd.DataFrame, of_interest: np.ndarray, *, max_depth: int = 3,
               min_share: float = 0.05, min_density: float = 0.5, seed: int = 0,
               difference: np.ndarray | None = None) -> list[Box]:
    """The boxes in which cases of interest are common, best first.

    A classification tree (CART) with class weights that balance the two classes is fitted
    to ``of_interest``; every leaf in which the cases of interest are more common than
    overall and make up at least ``min_density`` becomes a box. Boxes are sorted by
    coverage, then density. No cases of interest, or only such cases, give no boxes: there
    is nothing to tell apart."""
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(of_interest, dtype=bool)
    total = int(y.sum())
    if total == 0 or total == len(y):
        return []
    matrix, meaning = _encode(x)
    tree = DecisionTreeClassifier(max_depth=max_depth, class_weight="balanced",
                                  min_samples_leaf=max(5, int(np.ceil(min_share * len(y)))),
                                  random_state=seed).fit(matrix, y)
    nodes = tree.decision_path(matrix).tocsc()
    base = total / len(y)

    def qualifies(inside: np.ndarray) -> bool:
        return inside.any() and y[inside].mean() > base and y[inside].mean() >= min_density

    boxes = []
    for node, restrictions in _regions(tree, meaning, x, nodes, qualifies):
        inside = nodes[:, node].toarray().ravel().astype(bool)
        hits, n = int(y[inside].sum()), int(inside.sum())
        mean = float(np.mean(difference[inside])) if difference is not None else float("nan")
        boxes.append(Box(restrictions, hits / total, hits / n, n, hits, mean))
    return sorted(boxes, key=lambda b: (-b.coverage, -b.density))


def _regions(tree, meaning, x: pd.DataFrame, nodes, qualifies) -> list:
    """``(node, restrictions)`` of the boxes of a fitted tree: the leaves that qualify, where
    a node all of whose leaves qualify (and which qualifies itself) is one box, not several.
    The restrictions on the path to a node are merged per input (the tighter limit wins;
    category levels are intersected)."""
    t = tree.tree_
    levels = {name: tuple(sorted(x[name].astype(str).unique()))
              for name, level in meaning if level is not None}

    def walk(node: int, restrictions: dict[str, Restriction]) -> tuple[list, bool]:
        """The boxes under ``node`` and whether every leaf under it qualifies."""
        ok = qualifies(nodes[:, node].toarray().ravel().astype(bool))
        if t.children_left[node] == -1:
            return ([(node, restrictions)] if ok else []), ok
        found, all_ok = [], True
        for child, below in ((t.children_left[node], True), (t.children_right[node], False)):
            boxes, child_ok = walk(child, _narrowed(restrictions, meaning[t.feature[node]],
                                                    float(t.threshold[node]), below, levels))
            found += boxes
            all_ok &= child_ok
        if all_ok and ok:
            return [(node, restrictions)], True
        return found, False

    return walk(0, {})[0]


def _narrowed(restrictions: dict[str, Restriction], column: tuple, cut: float, below: bool,
              levels: dict) -> dict[str, Restriction]:
    """``restrictions`` with one more split: ``column <= cut`` (``below``) or ``> cut``."""
    name, level = column
    r = dict(restrictions)
    old = r.get(name)
    if level is not None:
        allowed = set(old.levels if old else levels[name])
        allowed = allowed - {level} if below else allowed & {level}
        r[name] = Restriction(name, levels=tuple(sorted(allowed)))
    else:
        low, high = (old.low, old.high) if old else (None, None)
        if below:
            high = cut if high is None else min(high, cut)
        else:
            low = cut if low is None else max(low, cut)
        r[name] = Restriction(name, low, high)
    return r


def boxes_table(boxes: list[Box]) -> pd.DataFrame:
    """One row per box and restriction: ``box, coverage, density, cases, of_interest,
    mean_difference, input, low, high, levels``."""
    rows = []
    for i, b in enumerate(boxes, start=1):
        for r in b.restrictions.values():
            rows.append({"box": i, "coverage": b.coverage, "density": b.density,
                         "cases": b.cases, "of_interest": b.of_interest,
                         "mean_difference": b.mean_difference, "input": r.name,
                         "low": r.low, "high": r.high,
                         "levels": None if r.levels is None else ";".join(r.levels)})
    return pd.DataFrame(rows, columns=["box", "coverage", "density", "cases", "of_interest",
                                       "mean_difference", "input", "low", "high", "levels"])


def split_half(x: pd.DataFrame, of_interest: np.ndarray, **options) -> list[dict]:
    """Is the first box chance? Fit on the even-numbered cases and measure the first box on
    the odd ones, then the other way round: ``fitted_on, box, coverage, density`` (on the
    half it was fitted to) and ``held_out_coverage, held_out_density`` (on the other half).
    A box that holds up keeps a held-out density well above the share of cases of interest;
    one that does not was fitted to noise."""
    y = np.asarray(of_interest, dtype=bool)
    even = np.arange(len(x)) % 2 == 0
    checks = []
    for name, fit in (("even", even), ("odd", ~even)):
        boxes = find_boxes(x[fit].reset_index(drop=True), y[fit], **options)
        row = {"fitted_on": name, "box": boxes[0] if boxes else None}
        if boxes:
            inside, held = boxes[0].contains(x[~fit]), y[~fit]
            row.update(coverage=boxes[0].coverage, density=boxes[0].density,
                       held_out_coverage=float(inside[held].mean()) if held.any() else np.nan,
                       held_out_density=float(held[inside].mean()) if inside.any() else np.nan)
        checks.append(row)
    return checks
