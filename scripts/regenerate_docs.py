"""Regenerate every number in docs/: one command for every generated part of every page.

    python scripts/regenerate_docs.py                # the full runs (about an hour and a half on 2 cores)
    python scripts/regenerate_docs.py --small --docs /tmp/docs-copy   # a quick check (CI)

Each page's generated parts sit between ``<!-- BEGIN GENERATED name -->`` and
``<!-- END GENERATED name -->`` and end with the script, the commit and the settings they came
from. ``--small`` runs every script on a few members, employees and months, so that CI checks
that every generator still works; its numbers are not for reading, so it writes into a copy of
the docs (``--docs``) and leaves docs/ alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import claims  # noqa: E402
import evidence_report  # noqa: E402
import policy_report  # noqa: E402
import readme_example  # noqa: E402
import research_report  # noqa: E402
import validation_report  # noqa: E402
from generated import DOCS, ROOT  # noqa: E402

FULL = {
    "validation": ["--employees", "5000", "--months", "360"],
    "evidence": ["--employees", "1500", "--seeds", "5"],
    "claims": ["--employees", "1000", "--months", "120"],
    "readme": ["--employees", "1000", "--months", "120"],
}
SMALL = {
    "validation": ["--employees", "200", "--months", "36", "--members", "3"],
    "evidence": ["--employees", "300", "--members", "3", "--seeds", "2"],
    "claims": ["--employees", "150", "--months", "24", "--members", "3"],
    "readme": ["--employees", "150", "--months", "24", "--replications", "3"],
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--small", action="store_true", help="a quick run of every generator")
    ap.add_argument("--docs", help="write into this copy of docs/ (made if missing)")
    ap.add_argument("--workers", default="2")
    args = ap.parse_args(argv)
    docs, readme = DOCS, ROOT / "README.md"
    if args.docs:
        docs = Path(args.docs)
        if not docs.exists():
            shutil.copytree(DOCS, docs)
        readme = docs / "README.project.md"
        shutil.copy(ROOT / "README.md", readme)
    elif args.small:
        raise SystemExit("--small writes numbers not meant for reading: give --docs DIR")
    settings = SMALL if args.small else FULL
    common = ["--workers", args.workers]
    results = docs / "results"
    validation_report.main([*settings["validation"], *common, "--page",
                            str(docs / "validation.md"), "--out", str(results)])
    evidence_report.main([*settings["evidence"], *common, "--page", str(docs / "evidence.md"),
                          "--out", str(results)])
    claims.main([*settings["claims"], *common, "--page", str(docs / "results.md"),
                 "--out", str(results)])
    research_report.main(["--page", str(docs / "research.md"), "--workers", args.workers,
                          *(["--small"] if args.small else [])])
    policy_report.main(["--workers", args.workers,
                        *(["--small", "--docs", str(docs)] if args.small else [])])
    readme_example.main([*settings["readme"], "--workers", args.workers, "--readme",
                         str(readme), "--figure", str(docs / "img" /
                                                      "budget_only_vs_integrated.png")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
