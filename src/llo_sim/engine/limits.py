"""The caps on the size of a job, in one place for the command line, the API, sweeps and the
dashboard. A value beyond a cap is a typo or a mistake more often than a question, and it can
tie up a machine for hours; every face of the program refuses it with the same numbers.
"""

MAX_MONTHS = 1200                 # a century of months: a run, a comparison, a sweep
RUN_MONTHS = 120                  # a run's months when none are given (llo-sim run, run_model)
MAX_EMPLOYEES = 2_000_000         # the registry's upper bound of n_employees
MAX_REPLICATIONS = 10_000         # runs per scenario in a comparison
MAX_RUNS = 1_000_000              # runs in one sweep design
DASHBOARD_MAX_EMPLOYEES = 20_000  # keeps a month well under a second on the screen
DASHBOARD_MAX_MONTHS = 240        # the dashboard's month sliders

# What a run costs, measured on the engine with the warm spin-up start (Linux, Python 3.11;
# CPU time, see docs/reliability.md): about 190 MB for Python and the libraries and 560 bytes
# per employee; about 17 us per employee to set up (the spin-up included), and per month
# 0.45 ms plus 0.28 us per employee. Rough: the engine changes; re-measure when it does.
BASE_MB = 190
BYTES_PER_EMPLOYEE = 560
SECONDS_PER_EMPLOYEE = 17e-6
SECONDS_PER_MONTH = 0.45e-3
SECONDS_PER_EMPLOYEE_MONTH = 0.28e-6
OWN_BYTES_PER_EMPLOYEE = 400      # an own organisation's people, held beside each model
                                  # (a run of 1,000,000 read from a workforce file, 120
                                  # months: peak RSS 1.13 GB, 38 s CPU; 2026-12)
LARGE_MB = 500                    # jobs above this memory or this time get an estimate printed
LARGE_SECONDS = 60


def check_whole(origin: str, key: str, value, low: int, high: int, unit: str = "") -> int:
    """``value`` as an int within ``[low, high]``; numpy integers are accepted. Raises a
    ParameterError naming ``origin`` and ``key`` otherwise."""
    from llo_sim.errors import ParameterError

    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterError(origin, key, value, f"a whole number from {low:,} to {high:,}"
                             + (f" {unit}" if unit else ""))
    return value


class Estimate:
    """The expected memory (per process) and time of a job of ``runs`` runs."""

    def __init__(self, employees: int, months: int, runs: int = 1, workers: int | None = None,
                 own: bool = False):
        import os

        parallel = max(1, min(runs, workers or os.cpu_count() or 1))
        self.processes = parallel
        per_employee = BYTES_PER_EMPLOYEE + (OWN_BYTES_PER_EMPLOYEE if own else 0)
        self.mb = BASE_MB + employees * per_employee / 1e6
        self.total_mb = self.mb * parallel
        per_run = (employees * SECONDS_PER_EMPLOYEE
                   + months * (SECONDS_PER_MONTH + employees * SECONDS_PER_EMPLOYEE_MONTH))
        self.seconds = per_run * -(-runs // parallel)
        self.available_mb = available_mb()

    @property
    def large(self) -> bool:
        return self.total_mb >= LARGE_MB or self.seconds >= LARGE_SECONDS

    def __str__(self) -> str:
        mem = f"{self.total_mb:,.0f} MB" + (f" ({self.processes} processes of "
                                            f"{self.mb:,.0f} MB)" if self.processes > 1 else "")
        text = f"a large job: about {_duration(self.seconds)} and {mem} of memory"
        if self.available_mb is not None and self.total_mb > self.available_mb:
            text += (f"; only {self.available_mb:,.0f} MB is free, so it may fail or swap "
                     "(fewer employees or --workers)")
        return text + " (Ctrl-C stops it)"


def estimate(employees: int, months: int, runs: int = 1, workers: int | None = None,
             own: bool = False) -> Estimate:
    """The estimate of a job's time and memory, printed before large jobs start; ``own``
    for a run of your own organisation (its people are held beside each model)."""
    return Estimate(employees, months, runs, workers, own)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


MEMINFO = "/proc/meminfo"


def available_mb() -> float | None:
    """Memory available to new processes (Linux: MemAvailable; without ``/proc``, as on
    Windows and macOS, psutil's estimate of the same), or None where unknown."""
    try:
        with open(MEMINFO) as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return _psutil_available_mb()
    except (OSError, ValueError, IndexError):
        pass
    return None


def _psutil_available_mb() -> float | None:
    try:
        import psutil

        return psutil.virtual_memory().available / 2**20
    except Exception:        # noqa: BLE001 (no psutil, or a system it cannot read)
        return None
