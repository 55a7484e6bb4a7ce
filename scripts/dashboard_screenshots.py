"""Take the screenshots of docs/dashboard.md at 1280 x 720: start the dashboard (it shows the
whole ten years), a hover read-out and a term's definition, and
photograph every view (and the comparison, cost, best-mix and workshop tabs after they have
run), the workshop in presenting mode on a projector and at 1280 x 720, and the phone layout
(a running view and the best-mix view).

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
TABS = (("participation", "participation"), ("inequality", "inequality"),
        ("broek", "broek-groups"), ("blocks", "building-blocks"), ("teams", "teams"),
        ("budget", "budget"), ("cost", "cost-effect"), ("policy", "best-mix"),
        ("compare", "side-by-side"),
        ("workshop", "workshop"))
expect.set_options(timeout=120_000)


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


def settle(page) -> None:
    """Wait until no job is running and the page has drawn."""
    expect(page.locator(".llo-busy")).to_have_count(0)
    time.sleep(1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="docs/img")
    ap.add_argument("--lang", choices=("nl", "en"), default="nl")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lang = f"?lang={args.lang}&s=budget_only"
    with dashboard() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})   # a laptop, a beamer
        page.goto(url + lang)
        expect(page.locator(".llo-month")).to_contain_text("120")          # the whole run
        settle(page)
        path = out / f"dashboard-start-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        img = page.locator(".llo-chart img").bounding_box()                # a hover read-out
        page.mouse.move(img["x"] + img["width"] * 0.62, img["y"] + img["height"] * 0.45)
        page.locator(".llo-readout").wait_for()
        path = out / f"dashboard-hover-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        page.mouse.move(1, 1)
        page.locator(".llo-glossary .llo-term").first.focus()              # a term's meaning
        path = out / f"dashboard-glossary-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        for key, name in TABS:
            page.locator(f".llo-tab-{key}").click()
            if key == "compare":
                page.locator(".llo-compare-run").click()
                page.locator(".llo-difference").wait_for()
            if key == "cost":
                page.locator(".llo-cost-run").click()
                page.locator(".llo-table").wait_for()
            if key == "policy":
                page.locator(".llo-search").click()
                page.locator(".llo-front").wait_for(timeout=300_000)
                page.locator(".llo-discover").click()
                page.locator(".llo-fail-summary").wait_for(timeout=300_000)
                settle(page)
                page.locator(".llo-box-line").last.scroll_into_view_if_needed()
                path = out / f"dashboard-best-mix-fails-{args.lang}.png"
                page.screenshot(path=str(path))
                print(f"wrote {path}")
                page.locator(".llo-policy .llo-note").first.scroll_into_view_if_needed()
            if key == "workshop":
                for step in range(4):
                    page.locator(".llo-workshop-next").click()
                    expect(page.locator(".llo-step-line")).to_have_count(step)
                    settle(page)
            settle(page)
            path = out / f"dashboard-{name}-{args.lang}.png"
            page.screenshot(path=str(path), full_page=key in ("cost", "workshop"))
            print(f"wrote {path}")
        page.locator(".llo-tab-participation").click()          # a setting changed: the mark
        slider = page.locator(".llo-param-job-crafting-intensity [role=slider]").first
        slider.focus()
        for _ in range(6):
            slider.press("ArrowRight")
        expect(page.locator(".llo-changed li")).to_have_count(1)
        page.locator(".llo-changed").scroll_into_view_if_needed()
        settle(page)
        path = out / f"dashboard-changed-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        page.set_viewport_size({"width": 1920, "height": 1080})     # a projector, not presenting
        settle(page)
        path = out / f"dashboard-projector-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        page.locator(".llo-tab-workshop").click()
        page.locator(".llo-present").click()
        settle(page)
        path = out / f"dashboard-presenting-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        page.set_viewport_size({"width": 1280, "height": 720})
        settle(page)
        path = out / f"dashboard-presenting-1280x720-{args.lang}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path}")
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(url + lang + "&tab=policy")
        phone.locator(".llo-search").click()
        phone.locator(".llo-policy .llo-chart img").wait_for(timeout=300_000)
        phone.locator(".llo-policy .llo-chart img").scroll_into_view_if_needed()
        settle(phone)
        path = out / f"dashboard-phone-best-mix-{args.lang}.png"
        phone.screenshot(path=str(path))
        print(f"wrote {path}")
        phone.goto(url + lang + "&tab=broek")
        expect(phone.locator(".llo-month")).to_contain_text("120")
        settle(phone)
        path = out / f"dashboard-phone-{args.lang}.png"
        phone.screenshot(path=str(path))
        print(f"wrote {path}")
        browser.close()


if __name__ == "__main__":
    main()
