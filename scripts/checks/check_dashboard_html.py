"""Cross-check: `sextant dashboard` of a slice of the bundled optics history is well-formed and
self-contained, read by two independent parsers (Python's html.parser and xml.etree).

Checks: every non-void element is closed in order (html.parser), the page parses as XML, one
<figure class="panel ..."> per series of the store (`sextant series --format json`), the
last change-point marker of each panel at the index `sextant analyze --format json` reports, no <script>/<img>/<link>/<iframe>, no URL other than the
SVG namespace, a hostile benchmark name escaped, and the same store giving byte-identical pages.

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

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "figure":
            self.figures.append(a)
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
        check(len(p.figures) == len(series), f"{len(p.figures)} panels for {len(series)} series")
        names = {(s["benchmark"]) for s in series}
        check({f.get("data-benchmark") for f in p.figures} == names, "panel names differ from the store's series")
        check(HOSTILE in names, "hostile benchmark not ingested")
        check(not (p.tags & {"script", "img", "link", "iframe", "object", "embed"}), f"external elements: {p.tags}")
        rest = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        check("http" not in rest and "@import" not in rest, "a URL other than the SVG namespace")
        check("lens&lt;get&gt; &amp; &quot;set&quot; &lt;/figure&gt;" in page, "hostile name not escaped")
        try:
            ET.fromstring(page.split("\n", 1)[1])  # drop the HTML5 doctype line
        except ET.ParseError as e:
            check(False, f"not well-formed XML: {e}")
        # Each panel marks the analysis' last change point (`sextant analyze`), and only panels with a
        # change point have markers.
        analysis = json.loads(sextant("analyze", "--store", store, "--policy", policy, "--format", "json"))["series"]
        check(len(analysis) == len(series), "analyze and series disagree on the number of series")
        with_change = 0
        for st in analysis:
            panel = page.split(f'data-benchmark="{escape(st["benchmark"])}" data-metric="{escape(st["metric"])}"')
            check(len(panel) == 2, f"no single panel for {st['benchmark']} {st['metric']}")
            body = panel[1].split("</figure>")[0] if len(panel) == 2 else ""
            idx = [int(x.split('"')[0]) for x in body.split('" data-index="')[1:]]
            if "lastChangeIndex" in st:
                with_change += 1
                check(idx and idx[-1] == st["lastChangeIndex"],
                      f"{st['benchmark']} {st['metric']}: markers {idx}, analysis {st['lastChangeIndex']}")
            else:
                check(not idx, f"{st['benchmark']} {st['metric']}: markers without a change point")
        check(with_change > 0, "no series with a change point in the slice")
        again = sextant("dashboard", "--store", store, "--policy", policy)
        check(again == page, "two renderings of the same store differ")
        print(f"dashboard: {len(p.figures)} panels, {len(p.markers)} change-point markers, {with_change} with a change point, "
              f"{len(page)} bytes")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
