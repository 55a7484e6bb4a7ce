"""``llo-sim scenarios`` and ``llo-sim params``: the scenario library and the parameter
registry."""

from __future__ import annotations

import sys

from llo_sim.engine.parameters import REGISTRY_LIST
from llo_sim.engine.scenario import available, load
from llo_sim.errors import LloSimError


def add_parsers(sub) -> None:
    """Add the ``scenarios`` and ``params`` commands to the command line's subparsers."""
    p = sub.add_parser("scenarios", help="list the scenario library")
    p.add_argument("--lang", choices=("nl", "en"), default="en")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("params", help="list every parameter with its range and source")
    p.add_argument("--group", help="only parameters whose group starts with this")
    p.set_defaults(func=cmd_params)


def cmd_scenarios(args) -> int:
    """List the library; a file that cannot be read is listed with its error (on standard
    error too) and does not stop the others."""
    from llo_sim.engine.scenario import shadowing

    for name in available():
        try:
            sc = load(name)
        except LloSimError as exc:
            print(f"{name:<24} [cannot be used: see the error below]")
            print(f"llo-sim: error: {exc}", file=sys.stderr)
            continue
        print(f"{name:<24} {sc.title.get(args.lang, '')}")
    for note in shadowing():
        print(f"llo-sim: note: {note}", file=sys.stderr)
    return 0


def cmd_params(args) -> int:
    chosen = [p for p in REGISTRY_LIST if not args.group or p.group.startswith(args.group)]
    if not chosen:
        groups = sorted({p.group.split(":")[0] for p in REGISTRY_LIST})
        raise LloSimError(f"--group {args.group}: no such group; expected one of "
                          + ", ".join(groups))
    for p in chosen:
        print(f"{p.name:<32} {p.default!s:<10} {p.allowed():<34} {p.unit}")
        print(f"{'':<32} {p.meaning} [{p.source}]")
    return 0
