"""Cross-check: `sextant dashboard` of a slice of the bundled optics history is well-formed and
self-contained, read by two independent parsers (Python's html.parser and xml.etree).

Checks: every non-void element is closed in order (html.parser), the page parses as XML, one overview
row per series of the store (`sextant series --format json`), a <figure class="panel ..."> for each series
that needs attention, the last change point of each series (in its data file, and the last marker of its
figure) at the index `sextant analyze --format json` reports, one inline <script> and no <img>/<link>/<iframe>
nor script src, no URL other than the SVG namespace, a hostile benchmark name escaped in the markup and in
the data files (JSON with <, >, & written as unicode escapes), and the same store giving byte-identical outputs.

Runs the built debug binary (.build/debug/sextant); exits non-zero on any failure.
"""
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, SEXTANT, check, failures, sextant  # noqa: E402

OPTICS = os.path.join(ROOT, "datasets", "optics")
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
HOSTILE = 'lens<get> & "set" </figure>'


class Balance(html.parser.HTMLParser):
    """Tracks the open-element stack; records mismatches, figures and change-point markers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.figures, self.markers, self.tags = [], [], [], [], set()
        self.rows, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "figure":
            self.figures.append(a)
        if tag == "tr" and "data-k" in a:
            self.rows.append(a)
        if tag == "script":
            self.scripts.append(a)
        if tag == "g" and (a.get("class") or "").startswith("cp "):
            self.markers.append(a)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '(nothing)'}> at {self.getpos()}")
        else:
            self.stack.pop()


def escape(text):
    """The page's escaping of attribute text (& < > " ')."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def main():
    if not os.path.exists(SEXTANT):
        raise SystemExit(f"{SEXTANT} is missing: run `swift build` first")
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "h.sqlite")
        files = [os.path.join(OPTICS, f"run-{k:04d}.json") for k in range(161, 221)]
        sextant("ingest", *files, "--store", store)
        hostile = []
        for day in range(1, 7):
            path = os.path.join(tmp, f"hostile{day}.json")
            avg = 0.002 * (1 + 0.01 * (day % 3))
            with open(path, "w") as f:
                json.dump([{"testName": HOSTILE, "operation": "get", "iterations": 100, "totalTimeMs": avg * 100,
                            "avgTimeMs": avg, "minTimeMs": avg, "maxTimeMs": avg, "throughput": 1000 / avg,
                            "memoryUsage": 4096, "timestamp": f"2026-12-0{day}T10:00:00Z",
                            "leanVersion": "4.9.0", "gitCommit": f"h{day}"}], f)
            hostile.append(path)
        sextant("ingest", *hostile, "--store", store)
        policy = os.path.join(tmp, "sla.json")
        with open(policy, "w") as f:
            f.write('{\n  "maxAvgTimeMs": 1.0, // per operation\n  "regressionThreshold": 0.1\n}\n')
        out = os.path.join(tmp, "dashboard.html")
        sextant("dashboard", "--store", store, "--policy", policy, "--output", out)
        with open(out, encoding="utf-8") as f:
            page = f.read()
        series = json.loads(sextant("series", "--format", "json", "--store", store))

        p = Balance()
        p.feed(page)
        p.close()
        check(not p.errors, f"unbalanced tags: {p.errors[:3]}")
        check(p.stack == [], f"unclosed elements at the end: {p.stack}")
        check(len(p.rows) == len(series), f"{len(p.rows)} rows for {len(series)} series")
        names = {(s["benchmark"]) for s in series}
        check({r.get("data-name").rsplit(" ", 1)[0] for r in p.rows} == {n.lower() for n in names}, "row names differ from the store's series")
        check(HOSTILE in names, "hostile benchmark not ingested")
        attention = [r for r in p.rows if r.get("data-status") not in ("ok", "constant")]
        check(len(p.figures) == len(attention) > 0, f"{len(p.figures)} charts for {len(attention)} series that need attention")
        check(not (p.tags & {"img", "link", "iframe", "object", "embed"}), f"external elements: {p.tags}")
        check(len(p.scripts) == 1 and "src" not in p.scripts[0], f"scripts: {p.scripts}")
        rest = page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace('var NS = "http://www.w3.org/2000/svg"', "")
        check("http" not in rest and "@import" not in rest, "a URL other than the SVG namespace")
        check("lens&lt;get&gt; &amp; &quot;set&quot; &lt;/figure&gt;" in page, "hostile name not escaped")
        try:
            ET.fromstring(page.split("\n", 1)[1])  # drop the HTML5 doctype line
        except ET.ParseError as e:
            check(False, f"not well-formed XML: {e}")
        data_dir = os.path.join(tmp, "dashboard-data")

        def data(k):
            with open(os.path.join(data_dir, f"s{k}.js"), encoding="utf-8") as f:
                text = f.read()
            prefix = f"Sextant.series({k},"
            check(text.startswith(prefix) and text.endswith(");\n"), f"s{k}.js is not one Sextant.series call")
            check("<" not in text and ">" not in text and "&" not in text, f"s{k}.js has raw < > &")
            return json.loads(text[len(prefix):-3])

        # Each series' data carries the analysis' last change point (`sextant analyze`); a figure's last
        # marker is at the same index; constant series have no data file and no change point.
        analysis = json.loads(sextant("analyze", "--store", store, "--policy", policy, "--format", "json"))["series"]
        check(len(analysis) == len(series), "analyze and series disagree on the number of series")
        with_change = 0
        hostile_seen = False
        for st in analysis:
            name = f"{st['benchmark']} {st['metric']}".lower()
            row = [r for r in p.rows if r.get("data-name") == name]
            check(len(row) == 1, f"no single row for {name}")
            if len(row) != 1:
                continue
            k = row[0]["data-k"]
            if row[0].get("data-status") == "constant":
                check(not os.path.exists(os.path.join(data_dir, f"s{k}.js")), f"{name}: constant series has a data file")
                check("lastChangeIndex" not in st, f"{name}: constant series with a change point")
                continue
            d = data(k)
            hostile_seen |= d["b"] == HOSTILE
            idx = [c[0] for c in d["cp"]]
            check(len(d["v"]) == st["runs"], f"{name}: {len(d['v'])} values for {st['runs']} runs")
            if "lastChangeIndex" in st:
                with_change += 1
                check(idx and idx[-1] == st["lastChangeIndex"], f"{name}: data {idx}, analysis {st['lastChangeIndex']}")
            else:
                check(not idx, f"{name}: change points in the data without one in the analysis")
            figure = page.split(f'id="series-{k}" data-k="{k}"')
            if len(figure) == 2:
                body = figure[1].split("</figure>")[0]
                marks = [int(x.split('"')[0]) for x in body.split('" data-index="')[1:]]
                check(marks == idx, f"{name}: figure markers {marks}, data {idx}")
        check(with_change > 0, "no series with a change point in the slice")
        check(hostile_seen, "the hostile name does not come back from its data file")
        before = {f: open(os.path.join(data_dir, f), "rb").read() for f in sorted(os.listdir(data_dir))}
        sextant("dashboard", "--store", store, "--policy", policy, "--output", out)
        with open(out, encoding="utf-8") as f:
            check(f.read() == page, "two renderings of the same store differ")
        after = {f: open(os.path.join(data_dir, f), "rb").read() for f in sorted(os.listdir(data_dir))}
        check(before == after, "two renderings of the same store wrote different data files")
        print(f"dashboard: {len(p.rows)} rows, {len(p.figures)} charts, {len(p.markers)} change-point markers, "
              f"{with_change} with a change point, {len(page)} bytes + {len(before)} data files")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
