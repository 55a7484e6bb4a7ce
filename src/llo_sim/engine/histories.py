"""Rolling histories of learning, one bit per month, and the measures read from them.

Each employee carries a few small integers whose bits say what happened in each recent month
(bit 0 = this month, bit 1 = last month, ...). Shifting them once a month keeps 12, 24 or 60
months of history at the cost of one array operation, and ``np.bitwise_count`` counts the
months. The measures here look at *how much* people learn and *who keeps learning*, not only
whether they learned at all in a year, so they do not saturate (``docs/measures.md``):

- months with learning in the last 12 (mean, share learning a lot);
- formal learning by education over the last 12 months; informal learning gaps;
- the share of formal learning organised or paid by the employer (T3);
- why non-learners do not learn: the share who did not even want to (T7);
- persistence: no formal learning in 5 years, and last year's learners learning again (T10);
- the Gini of learning months, and the part of it that equal chances would not give.
"""

from __future__ import annotations

import functools

import numpy as np

from llo_sim.engine.measures import gini_of_histogram

YEAR = np.uint64(0xFFF)                   # the 12 most recent months
LAST_YEAR = np.uint64(0xFFF << 12)        # months 13-24 ago
FIVE_YEARS = np.uint64((1 << 60) - 1)     # the 60 most recent months


def _push(history: np.ndarray, happened: np.ndarray) -> None:
    """Shift a history one month on and set this month's bit where ``happened``."""
    np.left_shift(history, history.dtype.type(1), out=history)
    history |= happened.astype(history.dtype)


def record_history(w, formal, informal, from_budget, employer, wanted) -> None:
    """Add this month to every employee's histories."""
    _push(w.hist_formal, formal)
    _push(w.hist_informal, informal)
    _push(w.hist_budget, from_budget)
    _push(w.hist_employer, employer)
    _push(w.hist_wanted, wanted)


def last_year(history: np.ndarray) -> np.ndarray:
    """Whether the event happened at least once in the last 12 months (bool per employee)."""
    return (history & history.dtype.type(0xFFF)) != 0


def months_in_year(history: np.ndarray) -> np.ndarray:
    """Number of months with the event in the last 12 months (0-12 per employee)."""
    return np.bitwise_count(history & history.dtype.type(0xFFF))


def _share(mask, of=None) -> float:
    """Share of ``of`` (or of everyone) for whom ``mask`` holds; NaN when ``of`` is empty."""
    if of is None:
        return np.count_nonzero(mask) / mask.size
    k = np.count_nonzero(of)
    return np.count_nonzero(mask & of) / k if k else float("nan")


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def binomial_gini(n_months: int, p: float) -> float:
    """Gini of the months learned when everyone had the same monthly chance ``p``: the
    inequality chance alone gives."""
    # binom.pmf(k, n, p) is clip(binom._pmf(k, n, p), 0, 1) after checks of its arguments,
    # which hold here (0 <= p <= 1, k = 0..n); the checks cost more than the rest each month
    pmf = np.clip(_binomial_pmf()(np.arange(n_months + 1), n_months, p), 0.0, 1.0)
    return gini_of_histogram(pmf)


@functools.cache
def _binomial_pmf():
    """The function behind ``scipy.stats.binom._pmf`` (Boost's binomial density, a ufunc of
    ``scipy.special``), without importing ``scipy.stats``: that costs a third of a second at
    every start of the command line, and gives the same numbers."""
    try:
        from scipy.special._ufuncs import _binom_pmf
    except ImportError:                          # an older scipy: where it lived then
        from scipy.stats import binom

        return binom._pmf
    return _binom_pmf


def intensity_measures(p: dict, w, now, formal=None, informal=None) -> dict:
    """The history-based measures of this month (see the module docstring). ``formal`` and
    ``informal`` (learned in the last 12 months) are computed when not given."""
    formal = last_year(w.hist_formal) if formal is None else formal
    informal = last_year(w.hist_informal) if informal is None else informal
    any_months = np.bitwise_count((w.hist_formal & YEAR).astype(np.uint16)
                                  | (w.hist_informal & np.uint32(0xFFF)).astype(np.uint16))
    informal_months = months_in_year(w.hist_informal)
    theoretical, practical = w.theoretical, ~w.theoretical
    young, old = w.age_band == 0, w.age_band == 2
    formal_before = (w.hist_formal & LAST_YEAR) != 0
    hist = np.bincount(any_months, minlength=13).astype(np.float64)
    mean_months = float(any_months.mean())
    gini = gini_of_histogram(hist)
    return {
        "learning_months_mean": mean_months,
        "share_learning_a_lot": _share(any_months >= p["a_lot_months"]),
        "share_informal_a_lot": _share(informal_months >= p["a_lot_months"]),
        "formal_theoretical": _share(formal, theoretical),
        "formal_practical": _share(formal, practical),
        "ratio_formal_theoretical_practical": _ratio(_share(formal, theoretical),
                                                     _share(formal, practical)),
        "informal_gap_education": _share(informal, theoretical) - _share(informal, practical),
        "informal_gap_age": _share(informal, young) - _share(informal, old),
        "share_formal_employer": _share(last_year(w.hist_employer), formal),
        "share_nonlearners_no_wish": _share(~last_year(w.hist_wanted), ~formal),
        "share_high_autonomy": _share(now.autonomy >= 0.5),
        "share_high_variety": _share(now.variety >= 0.5),
        "share_leader_stimulates": _share(now.attention >= p["stimulates_threshold"]),
        "share_no_formal_5y": _share((w.hist_formal & FIVE_YEARS) == 0),
        "formal_persistence_ratio": _ratio(_share(formal, formal_before),
                                           _share(formal, ~formal_before)),
        "gini_learning_months": gini,
        "gini_learning_excess": gini - binomial_gini(12, mean_months / 12.0),
    }
