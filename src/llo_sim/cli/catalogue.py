"""``llo-sim scenarios`` and ``llo-sim params``: the scenario library and the parameter
registry, the parameters grouped under headings (or as CSV or JSON for a spreadsheet or a
script)."""

from __future__ import annotations

import json
import sys

from llo_sim.engine.parameters import REGISTRY_LIST
from llo_sim.engine.scenario import available, load
from llo_sim.errors import LloSimError

# the registry's groups as headings; an instrument's group is "knob:instrument"
HEADINGS = {
    "workforce": "Workforce: who works in the organisation",
    "traits": "Traits: locus of control, curiosity, self-efficacy",
    "skills": "Skills and their obsolescence",
    "organisation": "Organisation: teams and the training the employer provides",
    "work": "Work: what the job asks and allows",
    "formal": "Formal learning: courses, their price and duration",
    "leaders": "Leaders: styles and coaching",
    "decisions": "Decisions: when people learn",
    "conversion": "Conversion factors: how far resources become real opportunities",
    "environment": "Environment: reorganisation, downturn, technology",
    "measures": "Measures: how the outputs are counted",
    "weights": "Weights of the rules (calibrated)",
}
KNOBS = {"richting": "Richting (direction)", "ruimte": "Ruimte (room)",
         "ruggensteun": "Ruggensteun (backing)"}
COLUMNS = ("name", "group", "heading", "default", "kind", "low", "high", "choices", "unit",
           "allowed", "meaning", "source")


def add_parsers(sub) -> None:
    """Add the ``scenarios`` and ``params`` commands to the command line's subparsers."""
    from llo_sim.cli.common import command

    p = command(sub, "scenarios", "list the scenarios that come with llo-sim",
                "List the scenario library: the policies and organisations `llo-sim run` and "
                "`llo-sim compare` take by name.", [("llo-sim scenarios --lang nl", "")])
    p.add_argument("--lang", choices=("nl", "en"), default="en", help="language of the titles "
                   "(default en)")
    p.set_defaults(func=cmd_scenarios)

    p = command(sub, "params", "list every model parameter: default, range, unit, source",
                "List every parameter a scenario file or --set may change, under headings: "
                "its default, the values allowed, the unit, what it means and where it comes "
                "from.",
                [("llo-sim params --group ruimte", "the instruments of the knob ruimte"),
                 ("llo-sim params --format csv > params.csv", "for a spreadsheet")])
    p.add_argument("--group", metavar="G", help="only the groups whose name starts with G "
                   "(e.g. ruimte, ruimte:budget, workforce)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text",
                   help="text under headings (default), csv or json")
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


def heading(group: str) -> str:
    """The heading of a registry group: ``Ruimte (room): Personal development budget``."""
    knob, _, key = group.partition(":")
    if key:
        from llo_sim.engine.instruments import INSTRUMENTS

        label = next((c.label for c in INSTRUMENTS if c.key == key), key)
        return f"{KNOBS.get(knob, knob)}: {label}"
    return HEADINGS.get(group, group)


def rows(params) -> list[dict]:
    """One plain record per parameter (the columns of :data:`COLUMNS`)."""
    return [{"name": p.name, "group": p.group, "heading": heading(p.group),
             "default": p.default, "kind": p.kind, "low": p.low, "high": p.high,
             "choices": list(p.choices) if p.choices else None, "unit": p.unit,
             "allowed": p.allowed(), "meaning": p.meaning, "source": p.source}
            for p in params]


def cmd_params(args) -> int:
    chosen = [p for p in REGISTRY_LIST if not args.group or p.group.startswith(args.group)]
    if not chosen:
        groups = sorted({p.group.split(":")[0] for p in REGISTRY_LIST})
        raise LloSimError(f"--group {args.group}: no such group; expected one of "
                          + ", ".join(groups))
    records = rows(chosen)
    if args.format == "json":
        print(json.dumps(records, indent=1, ensure_ascii=False))
    elif args.format == "csv":
        import pandas as pd

        from llo_sim.storage.csv_text import excel_safe

        table = pd.DataFrame(records, columns=list(COLUMNS))
        table["choices"] = table["choices"].map(lambda c: "|".join(c) if c else "")
        sys.stdout.write(excel_safe(table).to_csv(index=False, lineterminator="\n"))
    else:
        print_text(chosen)
    return 0


def print_text(params) -> None:
    """The parameters under a heading per group, groups in the registry's order."""
    groups: dict[str, list] = {}
    for p in params:
        groups.setdefault(p.group, []).append(p)
    for i, (group, members) in enumerate(groups.items()):
        print(("\n" if i else "") + f"{heading(group)}  [--group {group}]")
        for p in members:
            unit = f" ({p.unit})" if p.unit and p.unit != "-" else ""
            print(f"  {p.name:<34} default {p.default!s:<10} {p.allowed()}{unit}")
            print(f"  {'':<34} {p.meaning} [{p.source}]")
