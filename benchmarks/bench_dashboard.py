"""How long the dashboard takes to show one more month, in a real browser.

Starts the dashboard, clicks "+1 month" repeatedly with 1,000 employees (the default) and
measures the time from the click until the month label on the screen has changed: the whole
round trip of browser -> server -> model step -> figures -> browser.

    python benchmarks/bench_dashboard.py [--clicks 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from dashboard_screenshots import ARGS, dashboard  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clicks", type=int, default=20)
    args = ap.parse_args()
    times = []
    with dashboard() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url)
        page.locator(".llo-month").wait_for(timeout=60_000)
        for month in range(1, args.clicks + 1):
            start = time.perf_counter()
            page.locator(".llo-step").click()
            expect(page.locator(".llo-month")).to_have_text(f"Maand {month} van de simulatie")
            times.append(time.perf_counter() - start)
        browser.close()
    print(f"one month, 1,000 employees, participation view, {args.clicks} clicks:")
    print(f"  median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms, mean {statistics.mean(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
