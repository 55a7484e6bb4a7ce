"""``llo-sim copy``: the files that come with llo-sim, copied into a folder of your own.

After ``pip install llo-sim`` the blank templates, the worked example and the experiment files
are inside the installed package (the commands find experiments and scenarios there by
name); ``llo-sim copy templates`` puts a copy where you can fill it in, and
``llo-sim copy examples`` makes the documented example commands work from the current folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from llo_sim.engine.files import CHECKOUT, PACKAGE
from llo_sim.errors import LloSimError

WHAT = {
    "templates": ("blank CSV files for your own organisation, every column explained in "
                  "Dutch and English (README.md)",
                  "fill in {to}/workforce.csv, then: llo-sim run baseline --workforce "
                  "{to}/workforce.csv --out out/mine"),
    "examples": ("a worked example: De Linde, a fictitious care organisation (workforce, "
                 "teams, a first and a later scan)",
                 "cd {to}/zorginstelling && llo-sim run integrated --workforce workforce.csv "
                 "--teams teams.csv --scan scan_0.csv --months 24 --out out/plan"),
    "experiments": ("experiment files for `llo-sim sweep` and `llo-sim sensitivity`, and "
                    "example scripts",
                    "llo-sim sweep {to}/budget_grid.toml --out out/budget_grid"),
}
LEFT_BEHIND = shutil.ignore_patterns("__pycache__", "*.pyc", "out", ".*")


def add_parser(sub) -> None:
    from llo_sim.cli.common import command

    p = command(sub, "copy", "copy the templates, the worked example or the experiment files "
                "into a folder of your own",
                "Copy files that come with llo-sim into a new folder, to fill in or to run: "
                + "; ".join(f"{k}: {v[0]}" for k, v in WHAT.items()) + ".",
                [("llo-sim copy templates", "into ./templates"),
                 ("llo-sim copy examples", "into ./examples; then follow "
                  "docs/own-organisation.md")])
    p.add_argument("what", choices=list(WHAT), help="what to copy: " + ", ".join(WHAT))
    p.add_argument("--to", metavar="DIR", help="a new (or empty) folder (default: ./WHAT)")
    p.set_defaults(func=cmd_copy)


def shipped(what: str) -> Path:
    """The folder ``what`` that came with llo-sim: in the installed package, or in the source
    checkout llo-sim runs from."""
    for folder in (PACKAGE / what, CHECKOUT / what):
        if folder.is_dir():
            return folder
    raise LloSimError(f"{what}: not found in this installation of llo-sim ({PACKAGE}); "
                      "reinstall llo-sim")


def cmd_copy(args) -> int:
    source = shipped(args.what)
    to = Path(args.to if args.to is not None else args.what)
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise LloSimError(f"--to {to}: exists and is not an empty folder; give a new folder, "
                          f"e.g. --to my-{args.what}")
    shutil.copytree(source, to, ignore=LEFT_BEHIND, dirs_exist_ok=True)
    files = sorted(str(p.relative_to(to)) for p in to.rglob("*") if p.is_file())
    print(f"copied {len(files)} files to {to}/: {', '.join(files)}")
    print("next: " + WHAT[args.what][1].format(to=to))
    return 0
