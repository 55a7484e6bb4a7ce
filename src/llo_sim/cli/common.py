"""What every command of the command line shares: options read the same way, the output
folder checked before anything runs, a progress bar, the estimate of a large job, and the
way a mean with its range is printed."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from llo_sim.engine import toml_text
from llo_sim.engine.limits import MAX_MONTHS
from llo_sim.errors import LloSimError, ParameterError


def parse_set(items: list[str]) -> dict:
    """``KEY=VALUE`` pairs; VALUE is read as TOML (``0.5``, ``"direct"``, ``true``)."""
    out = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise LloSimError(f"--set {item!r}: expected KEY=VALUE, e.g. --set budget_amount=1000")
        try:
            value = toml_text.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word such as direct
        out[key.strip()] = value
    return out


def progress(total: int, enabled: bool, unit: str = "month", desc: str = "simulating"):
    """A tqdm bar on standard error (only on a terminal), and the callback that moves it one
    step; ``(None, None)`` when not ``enabled`` (``--quiet``)."""
    if not enabled:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc=desc, disable=None, leave=False)
    return bar, (lambda *_done: bar.update(1))


def add_scheduler(group, note: str = "") -> None:
    """``--scheduler ADDRESS``: the one name of the Dask option in every command (``--dask``,
    its former name in discover and optimise, still works)."""
    group.add_argument("--scheduler", "--dask", dest="scheduler", metavar="ADDRESS",
                       help="run on a Dask cluster at this address instead of this computer, "
                       "e.g. tcp://host:8786 (pip install 'llo-sim[distributed]')" + note)


def output_folder(path: str, overwrite: bool = False, allow_existing: bool = False, *,
                  kind: str, inputs=()) -> Path:
    """Check the output folder before anything is computed: never one that is or holds an
    input, and with ``--overwrite`` only llo-sim's result of ``kind`` (see
    :mod:`llo_sim.storage.kinds`), whose files are then listed on standard error."""
    from llo_sim.storage.folders import check_out_folder
    from llo_sim.storage.kinds import replaced

    out = check_out_folder(path, overwrite, "--out", allow_existing, kind=kind, inputs=inputs)
    gone = replaced(out) if overwrite else []
    if gone:
        shown = ", ".join(gone[:8]) + (", ..." if len(gone) > 8 else "")
        print(f"llo-sim: note: --overwrite replaces {out} (it holds {shown})", file=sys.stderr)
    return out


def scenario_inputs(*scenarios) -> list[str]:
    """The files of the scenarios' ``extends`` chains: inputs that ``--out`` may not hold."""
    return [f["path"] for sc in scenarios for f in sc.files if f.get("path")]


def notes(scenario) -> None:
    """Tell the user about scenario files that shadow the library's (on standard error)."""
    for note in scenario.notes:
        print(f"llo-sim: note: {note}", file=sys.stderr)


def run_options(args) -> dict:
    """Parameter overrides from ``--set`` and ``--employees``; checks ``--months`` and
    ``--seed``."""
    if args.seed < 0:
        raise ParameterError("command line", "--seed", args.seed, "an integer, 0 or more")
    if not 0 <= args.months <= MAX_MONTHS:
        raise ParameterError("command line", "--months", args.months,
                             f"0 to {MAX_MONTHS:,} months")
    overrides = parse_set(args.set or [])
    if args.employees is not None:
        if "n_employees" in overrides:
            raise LloSimError(f"--employees {args.employees} and --set n_employees="
                              f"{overrides['n_employees']!r} both given; use one of them")
        overrides["n_employees"] = args.employees
    return overrides


def announce(job) -> None:
    """Print the estimate of a large job's time and memory before it starts (also with
    ``--quiet``: it is the moment to stop a job that will not fit)."""
    if job.large:
        print(f"llo-sim: {job}", file=sys.stderr, flush=True)


def check_workers(workers) -> None:
    if workers is not None and workers < 1:
        raise ParameterError("command line", "--workers", workers, "1 or more processes")


def cell(mean: float, low: float, high: float, sign: str) -> str:
    """``mean [low,high]``, with fewer decimals for large numbers (costs)."""
    big = abs(mean) >= 10
    m, ci = (f"{sign}.0f", f"{sign}.0f") if big else (f"{sign}.3f", f"{sign}.2f")
    return f"{mean:{m}} [{low:{ci}},{high:{ci}}]"


def command(sub, name: str, summary: str, description: str, examples=()):
    """A command's parser: ``summary`` in the list of ``llo-sim --help``, ``description`` at
    the top of its own ``--help`` and the ``examples`` (command, what it does) at the end."""
    import textwrap

    lines = [f"  {cmd}\n      {what}" if what else f"  {cmd}" for cmd, what in examples]
    return sub.add_parser(name, help=summary, description=textwrap.fill(description, 88),
                          epilog=("examples:\n" + "\n".join(lines)) if lines else None,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``llo-sim run: error: ...``), exit code 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")
