"""Browser check: `sextant dashboard` opened from file:// in Debian's chromium, driven by Selenium through
chromium-driver (headless, --no-sandbox: CI runs as root).

Checks, on a store with a slice of the bundled optics history, a 1200-run series (more runs than a chart
draws) and a benchmark with a hostile name:
  - the page loads with no console error (and the per-series data files load from file://);
  - the filter box narrows the table to the matching rows, and the status choice to that status;
  - sorting by the Runs column orders the rows;
  - opening a row builds its chart; zoom (button and wheel) changes the x axis, pan moves it, the date
    axis shows dates; a zoomed window draws every run (LTTB only when there are more runs than
    points drawn), the full view of the 1200-run series says it is downsampled;
  - hovering shows run, commit (linked with --commit-url), value and the level interval;
  - the hostile name stays text (no element made from it, nothing executed), in the table and the chart;
  - with scripts off the table and the attention charts are still there, the controls hidden.
Screenshots go to .build/screenshots/ (not committed). Exits non-zero on any failure.
"""
import csv
import re
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, SEXTANT, check, failures, sextant  # noqa: E402

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for a driver online
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

OPTICS = os.path.join(ROOT, "datasets", "optics")
SHOTS = os.path.join(ROOT, ".build", "screenshots")
HOSTILE = '<img src=x onerror="window.__pwned=1"> & "q" </td>'
COMMIT_URL = "https://github.com/OWNER/REPO/commit/{commit}"


def find(name, candidates):
    for c in candidates:
        path = shutil.which(c)
        if path:
            return path
    raise SystemExit(f"{name} not found (tried {', '.join(candidates)}): `make setup` installs chromium and chromium-driver")


def browser(javascript=True):
    opts = webdriver.ChromeOptions()
    opts.binary_location = find("chromium", ["chromium", "chromium-browser"])
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
              "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"]:
        opts.add_argument(a)
    opts.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="sextant-chromium-"))
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=find("chromedriver", ["chromedriver"]))
    d = webdriver.Chrome(service=service, options=opts)
    d.set_page_load_timeout(30)
    return d


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def visible_rows(d):
    return d.execute_script("return Array.from(document.querySelectorAll('#overview tbody tr.row')).filter(r => !r.hidden)"
                            ".map(r => [r.getAttribute('data-name'), r.getAttribute('data-status')])")


def x_ticks(d, container):
    return d.execute_script("return Array.from(arguments[0].querySelectorAll('svg.live g.axis.x text.tick')).map(t => t.textContent)",
                            container)


def make_store(tmp):
    store = os.path.join(tmp, "h.sqlite")
    files = [os.path.join(OPTICS, f"run-{k:04d}.json") for k in range(161, 221)]
    sextant("ingest", *files, "--store", store, "--quiet")
    hostile = []
    for day in range(1, 9):
        path = os.path.join(tmp, f"hostile{day}.json")
        avg = 0.002 * (1 + 0.01 * (day % 3))
        with open(path, "w") as f:
            json.dump([{"testName": HOSTILE, "operation": "get", "iterations": 100, "totalTimeMs": avg * 100,
                        "avgTimeMs": avg, "minTimeMs": avg, "maxTimeMs": avg, "throughput": 1000 / avg,
                        "memoryUsage": 4096, "timestamp": f"2026-12-0{day}T10:00:00Z",
                        "leanVersion": "4.9.0", "gitCommit": f"abc{day}def"}], f)
        hostile.append(path)
    sextant("ingest", *hostile, "--store", store, "--quiet")
    # 1200 runs of one benchmark, hourly, with a +20% step at run 800 (deterministic noise).
    long_csv = os.path.join(tmp, "long.csv")
    with open(long_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["run", "commit", "branch", "timestamp", "benchmark", "metric", "unit", "value"])
        for r in range(1200):
            noise = 1 + 0.02 * (((r * 7919) % 101) / 50.0 - 1)
            level = 1000.0 * (1.2 if r >= 800 else 1.0)
            ts = f"2026-01-{1 + r // 24:02d}T{r % 24:02d}:00:00Z" if r < 24 * 31 else \
                f"2026-02-{1 + (r - 744) // 24:02d}T{(r - 744) % 24:02d}:00:00Z"
            w.writerow([f"L{r}", f"{r:04x}cafe", "main", ts, "long.series", "time", "ns", f"{level * noise:.3f}"])
    sextant("ingest", long_csv, "--store", store, "--quiet")
    return store


def main():
    if not os.path.exists(SEXTANT):
        raise SystemExit(f"{SEXTANT} is missing: run `swift build` first")
    os.makedirs(SHOTS, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(tmp)
        print(f"store made in {time.time() - started:.1f} s")
        policy = os.path.join(tmp, "sla.json")
        with open(policy, "w") as f:
            f.write('{\n  "maxAvgTimeMs": 1.0, // per operation\n  "regressionThreshold": 0.1\n}\n')
        out = os.path.join(tmp, "dashboard.html")
        sextant("dashboard", "--store", store, "--policy", policy, "--output", out, "--commit-url", COMMIT_URL, "--quiet")
        series = json.loads(sextant("series", "--format", "json", "--store", store))
        url = "file://" + out

        d = browser()
        try:
            d.get(url)
            WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "controls").is_displayed())
            errors = console_errors(d)
            check(not errors, f"console errors on load: {errors}")
            total = len(visible_rows(d))
            check(total == len(series), f"{total} rows for {len(series)} series")
            d.save_screenshot(os.path.join(SHOTS, "overview.png"))

            # The filter box narrows the table.
            box = d.find_element(By.ID, "filter")
            box.send_keys("lens_get")
            rows = visible_rows(d)
            check(0 < len(rows) < total, f"filter 'lens_get' shows {len(rows)} of {total} rows")
            check(all("lens_get" in r[0] for r in rows), f"filter shows non-matching rows: {rows}")
            shown = d.find_element(By.ID, "shown").text
            check(shown == f"{len(rows)} of {total} series shown", f"count line says {shown!r}")
            d.save_screenshot(os.path.join(SHOTS, "filtered.png"))
            box.clear()
            box.send_keys(" ")  # clear() fires no input event: type and erase
            box.clear()
            d.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
            check(len(visible_rows(d)) == total, "clearing the filter does not bring every row back")
            Select(d.find_element(By.ID, "status")).select_by_value("regression")
            rows = visible_rows(d)
            check(rows and all(r[1] == "regression" for r in rows) and len(rows) < total,
                  f"status 'regression' shows {rows}")
            Select(d.find_element(By.ID, "status")).select_by_value("")

            # Sorting by Runs (column 2), ascending.
            d.find_element(By.CSS_SELECTOR, "#overview th[data-col='2']").click()
            runs = d.execute_script("return Array.from(document.querySelectorAll('#overview tbody tr.row')).map(r => Number(r.cells[2].getAttribute('data-v')))")
            check(runs == sorted(runs) and runs[0] < runs[-1], f"rows not sorted by runs: {runs[:5]}...{runs[-5:]}")

            # The hostile name stays text: the row shows it verbatim, no element came from it, nothing ran.
            hostile_row = d.execute_script("return Array.from(document.querySelectorAll('#overview a.name')).filter(a => a.textContent === arguments[0]).length", HOSTILE)
            hostile_series = sum(1 for x in series if x["benchmark"] == HOSTILE)
            check(hostile_row == hostile_series > 0, f"hostile name shown as text in {hostile_row} rows for {hostile_series} series")
            check(d.execute_script("return document.querySelectorAll('img').length") == 0, "an <img> element exists")
            check(d.execute_script("return window.__pwned === undefined"), "the hostile name's script ran")

            # Open the 1200-run series: chart from its data file, downsampled for drawing in the full view.
            row = d.find_element(By.CSS_SELECTOR, "#overview tr.row[data-name='long.series time']")
            d.execute_script("arguments[0].scrollIntoView({block: 'start'})", row)
            row.click()
            detail = WebDriverWait(d, 20).until(lambda d: d.execute_script(
                "var r = document.querySelector(\"#overview tr.row[data-name='long.series time']\").nextElementSibling;"
                "return r && r.classList.contains('detail') && r.querySelector('svg.live') ? r : null"))
            readout = detail.find_element(By.CSS_SELECTOR, ".readout").text
            check("1200 of 1200 runs in view" in readout and "drawn (LTTB" in readout, f"full view readout: {readout!r}")
            before = x_ticks(d, detail)
            check(before[:1] == ["1"] and len(before) >= 3, f"x ticks of the full view: {before}")
            for _ in range(3):
                detail.find_element(By.CSS_SELECTOR, "button.zoom-in").click()
            zoomed = x_ticks(d, detail)
            check(zoomed != before, f"zoom did not change the axis: {before} -> {zoomed}")
            span_before = int(before[-1]) - int(before[0])
            span_after = int(zoomed[-1]) - int(zoomed[0])
            check(span_after < span_before / 3, f"zoomed axis spans {span_after} runs, full {span_before}")
            readout = detail.find_element(By.CSS_SELECTOR, ".readout").text
            check("drawn" not in readout, f"a zoomed window of {readout!r} should draw every run")
            detail.find_element(By.CSS_SELECTOR, "button.pan-left").click()
            panned = x_ticks(d, detail)
            check(int(panned[0]) < int(zoomed[0]), f"pan left did not move the axis: {zoomed} -> {panned}")
            # Wheel zoom over the plot changes the axis too.
            svg = detail.find_element(By.CSS_SELECTOR, "svg.live")
            d.execute_script("arguments[0].dispatchEvent(new WheelEvent('wheel', {deltaY: -100, clientX: arguments[0].getBoundingClientRect().left + arguments[0].getBoundingClientRect().width / 2, clientY: arguments[0].getBoundingClientRect().top + 100, bubbles: true, cancelable: true}))", svg)
            wheeled = x_ticks(d, detail)
            check(wheeled != panned, f"wheel zoom did not change the axis: {panned} -> {wheeled}")
            # Hover: run, commit link, value, interval.
            ActionChains(d).move_to_element_with_offset(svg, 40, 0).perform()
            readout_el = detail.find_element(By.CSS_SELECTOR, ".readout")
            text = readout_el.text
            check(text.startswith("run ") and "commit" in text and re.search(r"\d (ns|µs|ms|s) ", text)
                  and "level" in text,
                  f"hover readout: {text!r}")
            links = readout_el.find_elements(By.CSS_SELECTOR, "a.commit")
            check(len(links) == 1 and links[0].get_attribute("href").startswith("https://github.com/OWNER/REPO/commit/")
                  and links[0].get_attribute("href").endswith("cafe"), f"commit link: {[l.get_attribute('href') for l in links]}")
            d.save_screenshot(os.path.join(SHOTS, "chart-zoomed.png"))
            # Date axis.
            Select(detail.find_element(By.CSS_SELECTOR, "select.xmode")).select_by_value("date")
            dates = x_ticks(d, detail)
            check(dates and all(t.startswith("2026-") for t in dates), f"date axis ticks: {dates}")

            # A figure's static chart becomes interactive; the hostile series' chart keeps its name as text.
            hostile_k = d.execute_script("return Array.from(document.querySelectorAll('#overview tr.row')).find(r => r.querySelector('a.name').textContent === arguments[0] && r.getAttribute('data-status') !== 'constant').getAttribute('data-k')", HOSTILE)
            d.execute_script("Sextant.toggle(arguments[0])", hostile_k)
            label = WebDriverWait(d, 20).until(lambda d: d.execute_script(
                "var r = document.getElementById('row-' + arguments[0]).nextElementSibling;"
                "var s = r && r.querySelector('svg.live'); return s ? s.getAttribute('aria-label') : null", hostile_k))
            check(label.startswith(HOSTILE), f"hostile chart label {label!r}")
            check(d.execute_script("return document.querySelectorAll('img').length") == 0, "an <img> element exists after opening charts")
            check(d.execute_script("return window.__pwned === undefined"), "the hostile name's script ran")
            fig = d.find_elements(By.CSS_SELECTOR, "figure.panel")
            check(len(fig) > 0, "no attention chart on the page")
            if fig:
                d.execute_script("arguments[0].scrollIntoView({block: 'start'})", fig[0])
                fig[0].find_element(By.CSS_SELECTOR, "button.interactive").click()
                WebDriverWait(d, 20).until(lambda d: fig[0].find_elements(By.CSS_SELECTOR, "svg.live"))
                d.save_screenshot(os.path.join(SHOTS, "attention.png"))
            errors = console_errors(d)
            check(not errors, f"console errors after interaction: {errors}")
        finally:
            d.quit()

        # Scripts off: the table and the attention charts are there, the controls stay hidden.
        d = browser(javascript=False)
        try:
            d.get(url)
            rows = d.find_elements(By.CSS_SELECTOR, "#overview tbody tr.row")
            check(len(rows) == len(series), f"scripts off: {len(rows)} rows for {len(series)} series")
            check(not d.find_element(By.ID, "controls").is_displayed(), "scripts off: the controls are shown")
            figs = d.find_elements(By.CSS_SELECTOR, "figure.panel svg.chart")
            check(len(figs) > 0 and figs[0].is_displayed(), "scripts off: no attention chart")
            d.save_screenshot(os.path.join(SHOTS, "noscript.png"))
        finally:
            d.quit()
    print(f"dashboard in chromium: {len(series)} series, screenshots in {os.path.relpath(SHOTS, ROOT)}/, "
          f"{time.time() - started:.1f} s")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
