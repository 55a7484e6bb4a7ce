"""Take the screenshots of docs/dashboard.md: start the dashboard, run two years, and
photograph every view (and the workshop and side-by-side tabs after they have run).

    python scripts/dashboard_screenshots.py [--out docs/img] [--lang nl]

Needs Debian's Chromium and Playwright for Python, like the browser tests.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TABS = {"nl": ("Deelname", "Ongelijkheid", "Vier groepen", "Bouwstenen", "Teams",
               "Budget en kosten", "Naast elkaar", "Workshop"),
        "en": ("Participation", "Inequality", "Four groups", "Building blocks", "Teams",
               "Budget and cost", "Side by side", "Workshop")}
FILES = ("participation", "inequality", "broek-groups", "building-blocks", "teams", "budget",
         "side-by-side", "workshop")


@contextmanager
def dashboard():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "llo_sim", "dashboard", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(180):
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="docs/img")
    ap.add_argument("--lang", choices=("nl", "en"), default="nl")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with dashboard() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.set_default_timeout(60_000)
        page.goto(url)
        page.locator(".llo-month").wait_for()
        if args.lang == "en":
            page.locator(".llo-lang").get_by_text("EN").click()
        page.locator(".llo-year").click()
        page.locator(".llo-year").click()
        expect(page.locator(".llo-month")).to_contain_text("24")
        for tab, name in zip(TABS[args.lang], FILES):
            page.get_by_role("tab", name=tab).click()
            if name == "side-by-side":
                page.locator(".llo-compare-run").click()
                page.locator(".v-window-item--active img").wait_for()
            if name == "workshop":
                for _ in range(4):
                    page.locator(".llo-workshop-next").click()
                    time.sleep(1.5)
            time.sleep(1.0)
            path = out / f"dashboard-{name}-{args.lang}.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"wrote {path}")
        browser.close()


if __name__ == "__main__":
    main()
