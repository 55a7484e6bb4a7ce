"""How fast the dashboard answers, in a real browser, with 1,000 employees (the default).

Starts ``llo-sim dashboard`` on a free port, opens it in Debian's Chromium (Playwright) at
1280 x 800 and measures, from the click until the screen shows the new state:

- *slider*: a key press on a slider (job crafting up one step) until the value label and the
  new chart are on screen: the whole 10-year run of every replication, with the reference and
  the bands, and the answer at the horizon (the image is replaced only once all of it is
  computed and drawn);
- *organisation slider*: the same for the flexible-contract share (a new workforce, so each
  world needs its own spin-up before its ten years, for the current and the reference runs);
- *+1 month*: after "Reset" (month 0), the month label and the chart's text alternative both
  show the next month (showing a month of the finished run);
- *play*: months per second shown on screen while playing 30 months (every month counted in
  the browser by a MutationObserver);
- *burst*: 20 "+1 month" clicks as fast as Playwright can click, until month 20 is shown;
- *first chart*: from opening the address until the first chart is on screen;
- with ``--policy``: the Best mix tab's small search (click to front on screen, progress
  updates seen, a +1 month in the running view meanwhile), its discovery, and the same search
  again (its runs are read back).

    python benchmarks/bench_dashboard.py [--clicks 20] [--json out.json] [--policy]

Nothing here asserts a time; the numbers go to docs/dashboard.md. The budget of issue 21 is a
median of 300 ms or less from letting go of a slider to the whole 10-year chart with bands,
and at least 4 months a second while playing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import expect, sync_playwright

expect.set_options(timeout=60_000)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RECORD = """() => {
  window.seen = [];
  const note = () => {
    const el = document.querySelector('.llo-month');
    const m = el && el.textContent.match(/\\d+/);
    if (m && window.seen[window.seen.length - 1]?.[0] !== +m[0]) {
      window.seen.push([+m[0], performance.now()]);
    }
  };
  new MutationObserver(note).observe(document.body,
                                     {subtree: true, childList: true, characterData: true});
  note();
}"""


def start() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "llo_sim", "dashboard", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the dashboard did not start")


def summary(times: list[float]) -> dict:
    ms = [1000 * t for t in times]
    return {"median_ms": round(statistics.median(ms)), "max_ms": round(max(ms)),
            "mean_ms": round(statistics.mean(ms)), "n": len(ms)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clicks", type=int, default=20)
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--policy", action="store_true",
                    help="also time the Best mix tab's search and discovery (about 2 minutes)")
    args = ap.parse_args()
    proc, url = start()
    results: dict = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(60_000)
            t0 = time.perf_counter()
            page.goto(url)
            page.locator(".llo-chart img").wait_for()
            results["first_chart_ms"] = round(1000 * (time.perf_counter() - t0))
            month = page.locator(".llo-month")
            img = page.locator(".llo-chart img")
            expect(month).to_have_text("Maand 120 van de simulatie")
            page.evaluate(CHANGES)

            # a policy slider: the whole answer of the new setting
            times = []
            control = page.locator(".llo-param-job-crafting-intensity")
            slider = control.locator("[role=slider]").first
            for i in range(1, 11):
                slider.focus()
                times.append(timed_press(page, slider, "ArrowRight"))
                expect(control.locator(".llo-value")).to_have_text(f"{0.05 * i:.2f}"
                                                                   .replace(".", ","))
                expect(month).to_have_text("Maand 120 van de simulatie")
                expect(img).to_have_attribute("alt", re.compile("95%"))   # with its bands
            results["slider_whole_run"] = summary(times)

            # a slider that changes the organisation: each press a new workforce, so every
            # world needs its spin-up before its ten years
            times = []
            page.get_by_text("Samenstelling personeel").click()
            control = page.locator(".llo-param-share-flex")
            slider = control.locator("[role=slider]").first
            for i in range(1, 11):
                value = control.locator(".llo-value").inner_text()
                slider.focus()
                times.append(timed_press(page, slider, "ArrowRight"))   # a new value: no cache
                expect(control.locator(".llo-value")).not_to_have_text(value)
            results["organisation_slider_whole_run"] = summary(times)

            times = []
            page.locator(".llo-reset").click()
            expect(month).to_have_text("Maand 0 van de simulatie")
            for m in range(1, args.clicks + 1):
                start_t = time.perf_counter()
                page.locator(".llo-step").click()
                expect(month).to_have_text(f"Maand {m} van de simulatie")
                expect(img).to_have_attribute("alt", lambda_alt(m))
                times.append(time.perf_counter() - start_t)
            results["one_month"] = summary(times)

            page.locator(".llo-reset").click()
            expect(month).to_have_text("Maand 0 van de simulatie")
            page.evaluate(RECORD)
            page.locator(".llo-play").click()
            page.wait_for_function("window.seen.some(s => s[0] >= 30)", timeout=120_000)
            page.locator(".llo-play").click()
            seen = page.evaluate("window.seen")
            shown = [s for s in seen if 1 <= s[0] <= 30]
            gaps = [b[0] - a[0] for a, b in zip(shown, shown[1:])]
            span = (shown[-1][1] - shown[0][1]) / 1000
            results["play"] = {"months_per_second": round((len(shown) - 1) / span, 2),
                               "skipped_months": sum(g - 1 for g in gaps)}

            page.locator(".llo-reset").click()
            expect(month).to_have_text("Maand 0 van de simulatie")
            start_t = time.perf_counter()
            for _ in range(20):
                page.locator(".llo-step").click(no_wait_after=True)
            expect(month).to_have_text("Maand 20 van de simulatie")
            results["burst_20_clicks_ms"] = round(1000 * (time.perf_counter() - start_t))
            if args.policy:
                results["policy"] = policy(browser, url)
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    results["load_after"] = os.getloadavg()[0]
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


CHANGES = """() => {
  window.srcChanged = [];
  new MutationObserver(ms => {
    for (const m of ms) {
      if (m.attributeName === 'src' && m.target.closest('.llo-chart')) {
        window.srcChanged.push(performance.now());
      }
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['src']});
}"""


def timed_press(page, slider, key: str) -> float:
    """Seconds from a key press on ``slider`` until the chart's image changed, timed in the
    browser (a MutationObserver), not by Playwright's polling, which waits 100-1000 ms
    between its looks."""
    page.evaluate("window.srcChanged = []; window.pressed = performance.now()")
    slider.press(key)
    page.wait_for_function("window.srcChanged.length > 0", timeout=120_000)
    return page.evaluate("(window.srcChanged[0] - window.pressed) / 1000")


PROGRESS = """() => {
  window.progress = [];
  new MutationObserver(() => {
    const el = document.querySelector('.llo-progress');
    const text = el && el.textContent;
    if (text && window.progress[window.progress.length - 1]?.[0] !== text) {
      window.progress.push([text, performance.now()]);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def policy(browser, url: str) -> dict:
    """The Best mix tab at its real size: click to front on screen, how often the progress
    changed on screen, a +1 month in the running view while the search runs, and the
    discovery's click to answer."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(300_000)
    page.goto(url + "?tab=policy&s=budget_only")
    page.locator(".llo-search").wait_for()
    page.evaluate(PROGRESS)
    start_t = time.perf_counter()
    page.locator(".llo-search").click()
    page.locator(".llo-progress").wait_for()
    page.wait_for_timeout(3000)
    page.locator(".llo-tab-participation").click()          # the page answers meanwhile
    page.locator(".llo-reset").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 0 van de simulatie")
    click_t = time.perf_counter()
    page.locator(".llo-step").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")
    during = time.perf_counter() - click_t
    page.locator(".llo-tab-policy").click()
    page.locator(".llo-front").wait_for()
    search_s = time.perf_counter() - start_t
    updates = len(page.evaluate("window.progress"))
    start_t = time.perf_counter()
    page.locator(".llo-discover").click()
    page.locator(".llo-fail-summary").wait_for()
    discover_s = time.perf_counter() - start_t
    start_t = time.perf_counter()
    page.locator(".llo-search").click()                      # the same again: runs read back
    page.locator(".llo-front").wait_for()
    again_s = time.perf_counter() - start_t
    page.close()
    return {"search_s": round(search_s, 1), "progress_updates_on_screen": updates,
            "one_month_during_search_ms": round(1000 * during),
            "discovery_s": round(discover_s, 1), "same_search_again_s": round(again_s, 1)}


def lambda_alt(m: int):
    return re.compile(rf"^Maand {m}: ")


if __name__ == "__main__":
    main()
