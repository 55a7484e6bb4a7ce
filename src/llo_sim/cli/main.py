"""The command line: parses arguments, calls the API, prints. Nothing else lives here.
Each command is a module of this package with an ``add_parser`` and a ``cmd_*`` function:

    llo-sim run SCENARIO [--employees N] [--months M] [--seed S] [--out DIR] [--overwrite]
                         [--set KEY=VALUE]                                       run.py
    llo-sim run SCENARIO --workforce FILE [--teams FILE] [--scan FILE] ...       own.py
    llo-sim check RUN_DIR --scan LATER.csv                                       own.py
    llo-sim own inspect EXPORT.csv                                               own.py
    llo-sim compare A B [C ...] [--replications R] [--seed S] [--out DIR]        compare.py
    llo-sim dashboard [--host 127.0.0.1] [--port 8765]                           dashboard.py
    llo-sim sweep EXPERIMENT [--out DIR] [--workers N] [--scheduler ADDRESS]     sweep.py
    llo-sim sensitivity EXPERIMENT [--out DIR] [--measures M ...]                sweep.py
    llo-sim calibrate [--out DIR] [--resume]                                     calibrate.py
    llo-sim discover SCENARIO --against OTHER [--margin POINTS] [--design N]     discover.py
    llo-sim optimise --budget EUR [--organisation PRESET] [--evaluations N]      optimise.py
    llo-sim scenarios | params [--group G] [--format text|csv|json]              catalogue.py
    llo-sim copy templates|examples|experiments [--to DIR]                       copy_files.py

Bad input prints one line naming the file or option, the key, the value and what is allowed,
and exits with code 2, without a traceback. Ctrl-C prints one line and exits with 130. No
traceback reaches the user even for a bug: :func:`report_bug` prints one line that names a
file holding the traceback, to be sent with a report, and exits with code 1. Result folders are written all or nothing
(:mod:`llo_sim.storage.folders`); what is guaranteed when things go wrong is in
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from llo_sim.cli import (
    calibrate,
    catalogue,
    compare,
    copy_files,
    dashboard,
    discover,
    optimise,
    own,
    run,
    sweep,
)
from llo_sim.cli.common import Parser
from llo_sim.errors import LloSimError
from llo_sim.storage.provenance import package_version


DESCRIPTION = ("Simulate learning culture in an organisation: which mix of HR measures gets "
               "more employees to take charge of their own learning, and who is left behind? "
               "Each command has its own --help.")
EPILOG = """start here:
  llo-sim dashboard                 the dashboard in your browser (Ctrl-C stops it)
  llo-sim run baseline              one run of a typical Dutch organisation, into ./out
  llo-sim copy examples             a worked example of your own organisation's files
docs: README.md and docs/ in the source, e.g. docs/own-organisation.md"""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="llo-sim", description=textwrap.fill(DESCRIPTION, 88), epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"llo-sim {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")
    dashboard.add_parser(sub)
    run.add_parser(sub)
    own.add_check_parser(sub)
    compare.add_parser(sub)
    optimise.add_parser(sub)
    discover.add_parser(sub)
    sweep.add_parsers(sub)
    calibrate.add_parser(sub)
    own.add_own_parser(sub)
    catalogue.add_parsers(sub)
    copy_files.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LloSimError as exc:
        print(f"llo-sim: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `llo-sim scenarios | head -3`: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # e.g. the disk filled up while writing results
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"llo-sim: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("llo-sim: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("llo-sim: error: out of memory; use fewer employees, replications or --workers",
              file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line, the traceback in a file for the report
        return report_bug(exc, argv)


def report_bug(exc: Exception, argv: list[str] | None) -> int:
    """Print one line for an unexpected error (a bug in llo-sim), write its traceback with
    the version and the command to a file named in that line, and return exit code 1."""
    import tempfile
    import traceback

    command = " ".join(sys.argv[1:] if argv is None else argv)
    text = (f"llo-sim {package_version()}, Python {sys.version.split()[0]}, {sys.platform}\n"
            f"command: llo-sim {command}\n\n{''.join(traceback.format_exception(exc))}")
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="llo-sim-error-",
                                         suffix=".txt", delete=False) as fh:
            fh.write(text)
        details = f"the details in {fh.name}"
    except OSError:
        details = "the command you ran"
    first = (str(exc).splitlines() or [""])[0][:200]
    print(f"llo-sim: internal error ({type(exc).__name__}{': ' + first if first else ''}); "
          f"this is a bug in llo-sim: please report it with {details}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
