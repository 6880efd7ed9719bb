import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SextantNumerics
import SextantAnalysis
import SextantGate
@testable import SextantReport

/// Fixtures for the dashboard: a step regression, a hostile benchmark name, a trend towards an SLA limit.
enum DashboardFixture {
    static let hostile = "<script>alert(\"x&y\")</script> 'q' & <b>"

    /// Log-normal noise around `level(i)`: deterministic (xoshiro seeded).
    static func series(_ n: Int, seed: UInt64, sd: Double, level: (Int) -> Double) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { i in
            let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
            return level(i) * exp(sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
    }

    static func inputs() -> [AnalysisInput] {
        let labels = (0..<60).map { "c\(String(format: "%04d", $0))" }
        return [
            // Flat, well inside the limit.
            AnalysisInput(benchmark: "prism.preview", metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: series(60, seed: 1, sd: 0.01) { _ in 2e-7 }, labels: labels, iterations: 1000),
            // A +30% step at run 31 (index 30).
            AnalysisInput(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: series(60, seed: 2, sd: 0.01) { $0 < 30 ? 1e-6 : 1.3e-6 }, labels: labels, iterations: 1000),
            // A hostile name, flat.
            AnalysisInput(benchmark: hostile, metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: series(60, seed: 3, sd: 0.01) { _ in 3e-7 }, labels: labels, iterations: 1000),
            // A steady climb of 0.65% per run from 0.7 ms towards the 1 ms limit.
            AnalysisInput(benchmark: "traversal.over", metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: series(60, seed: 4, sd: 0.004) { 7e-4 * (1 + 0.0065 * Double($0)) }, labels: labels, iterations: 10),
        ]
    }

    static let policy = GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0), forecastHorizon: 20)

    static func panels() -> [DashboardPanel] { DashboardPanel.panels(for: inputs(), policy: policy) }

    static func html() -> String {
        Dashboard.render(panels(), context: ["store: fixture"], confidence: policy.confidence)
    }
}

/// Elements and attributes seen by an XML parser: the page must be well-formed XML.
final class ElementCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String]) {
        elements.append((e, a))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ html: String) -> (ok: Bool, collector: ElementCollector, error: String) {
        let c = ElementCollector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = c
        let ok = parser.parse()
        return (ok, c, parser.parserError.map { "\($0) line \(parser.lineNumber)" } ?? "")
    }
}

@Suite struct DashboardTests {
    @Test func oneRowPerSeriesChartsForAttentionAndWellFormed() {
        let html = DashboardFixture.html()
        let (ok, c, error) = ElementCollector.parse(html)
        #expect(ok, "not well-formed XML: \(error)")
        // Every series has a row; the two that need attention (breach forecast, regression) a static chart.
        let rows = c.elements.filter { $0.name == "tr" && ($0.attributes["class"] ?? "").hasPrefix("row ") }
        #expect(rows.count == 4)
        let figures = c.elements.filter { $0.name == "figure" }
        #expect(figures.count == 2)
        #expect(c.elements.filter { $0.name == "svg" && $0.attributes["class"] == "chart" }.count == 2)
        // The parser unescapes attributes: the names come back exactly.
        #expect(Set(figures.compactMap { $0.attributes["data-benchmark"] }) == ["lens.get", "traversal.over"])
        #expect(Set(rows.compactMap { $0.attributes["data-name"] })
                == ["prism.preview time", "lens.get time", DashboardFixture.hostile.lowercased() + " time", "traversal.over time"])
        // Rows link to their chart when it is on the page, else to themselves (the script opens them).
        let links = c.elements.filter { $0.name == "a" }.compactMap { $0.attributes["href"] }
        #expect(links == ["#series-0", "#series-1", "#row-2", "#row-3"])
        #expect(Set(figures.compactMap { $0.attributes["id"] }) == ["series-0", "series-1"])
        // A sparkline per row.
        #expect(c.elements.filter { $0.name == "svg" && $0.attributes["class"] == "spark" }.count == 4)
    }

    @Test func constantSeriesCollapseToOneLine() throws {
        let inputs = [
            AnalysisInput(benchmark: "zero", metric: "memory", unit: "B", direction: .lowerIsBetter, values: Array(repeating: 0, count: 40)),
            AnalysisInput(benchmark: "moving", metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: DashboardFixture.series(40, seed: 9, sd: 0.01) { _ in 1e-6 }),
        ]
        let panels = DashboardPanel.panels(for: inputs, policy: GatePolicy())
        #expect(panels.map(\.isConstant) == [true, false])
        let site = Dashboard.site(panels, data: .files(directory: "d"))
        #expect(site.index.contains("constant: 0 B in all 40 runs (no chart)"))
        let (ok, c, _) = ElementCollector.parse(site.index)
        #expect(ok)
        let zeroRow = try #require(c.elements.first { $0.name == "tr" && $0.attributes["data-name"] == "zero memory" })
        #expect(zeroRow.attributes["data-status"] == "constant")
        #expect(c.elements.filter { $0.name == "svg" && $0.attributes["class"] == "spark" }.count == 1)
        // No data file for it: the run table and the one moving series.
        #expect(site.files.map(\.path) == ["d/runs.js", "d/s0.js"])
        // Constant series sort after the other ok ones.
        #expect(Dashboard.order(panels).map(\.status.benchmark) == ["moving", "zero"])
    }

    @Test func perSeriesDataFilesCarryTheAnalysis() throws {
        let panels = Dashboard.order(DashboardFixture.panels())
        let site = Dashboard.site(panels, commitURL: "https://example.invalid/c/{commit}", data: .files(directory: "x-data"))
        #expect(site.files.count == 5)
        #expect(site.index.contains("var SEXTANT_CONFIG={\"dir\":\"x-data/\",\"commitUrl\":\"https://example.invalid/c/{commit}\""))
        for (k, p) in panels.enumerated() {
            let file = try #require(site.files.first { $0.path == "x-data/s\(k).js" })
            let prefix = "Sextant.series(\(k),"
            #expect(file.contents.hasPrefix(prefix) && file.contents.hasSuffix(");\n"))
            let json = String(file.contents.dropFirst(prefix.count).dropLast(3))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["b"] as? String == p.status.benchmark)
            #expect((object["v"] as? [Double])?.count == p.values.count)
            let cps = try #require(object["cp"] as? [[Any]])
            #expect(cps.map { $0[0] as? Int } == p.changePoints.map(\.index))
            let segments = try #require(object["seg"] as? [[Double]])
            #expect(segments.count == p.segments.count)
            for (a, b) in zip(segments, p.segments) { #expect(abs(a[2] - b.mean) <= 1e-5 * abs(b.mean)) }
        }
        // Embedded: the same data inside the page, nothing beside it.
        let embedded = Dashboard.site(panels, data: .embedded)
        #expect(embedded.files.isEmpty)
        #expect(embedded.index.contains("Sextant.series(3,{"))
    }

    @Test func commitsAreLinkedWithTheTemplate() throws {
        var input = DashboardFixture.inputs()[1]
        input.labels = input.labels.map { _ in "x" }
        let runs = (0..<60).map { DashboardRun(id: "\($0)", commit: $0 == 30 ? "a/b?c\"<d>" : "c\($0)", time: Double($0) * 3600) }
        let panels = DashboardPanel.panels(for: [input], runs: [runs], policy: DashboardFixture.policy)
        let page = Dashboard.render(panels, commitURL: "https://github.com/OWNER/REPO/commit/{commit}")
        // The commit is percent-encoded into the link and escaped in the attribute.
        #expect(page.contains("<a class=\"commit\" href=\"https://github.com/OWNER/REPO/commit/a%2Fb%3Fc%22%3Cd%3E\">"))
        #expect(!Dashboard.render(panels).contains("class=\"commit\""))
        #expect(Dashboard.commitLink("e2589a0", template: nil) == nil)
    }

    @Test func scriptStringsCannotCloseTheScript() throws {
        let hostile = "</script><!-- ]]> \u{2028}\"\\\n\u{1}"
        let literal = Format.scriptString(hostile)
        #expect(!literal.contains("<") && !literal.contains(">") && !literal.contains("&") && !literal.contains("\u{2028}"))
        let back = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(back == [hostile])
        // The whole page with the hostile name: one script element, and the name only as escaped text.
        let html = DashboardFixture.html()
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.components(separatedBy: "</script>").count == 2)
        #expect(html.components(separatedBy: "]]>").count == 2)
    }

    @Test func largestTriangleThreeBuckets() throws {
        // Fewer points than the threshold: all of them.
        #expect(LargestTriangleThreeBuckets.indices([1, 2, 3], threshold: 5) == [0, 1, 2])
        #expect(LargestTriangleThreeBuckets.indices([1, 2, 3, 4], threshold: 2) == [0, 1, 2, 3])
        // One bucket between the ends: the spike makes the largest triangle.
        #expect(LargestTriangleThreeBuckets.indices([0, 0, 0, 10, 0, 0, 0, 0], threshold: 3) == [0, 3, 7])
        // Worked by hand: 8 points, 4 kept; buckets {1,2,3} and {4,5,6} (every = 3).
        // Bucket 1 against a = (0, 0) and the mean of bucket 2 (5, 2): areas |0*y - (0-x)*2| ... picks x = 2 (y = 5).
        let y: [Double] = [0, 1, 5, 1, 2, 2, 2, 0]
        #expect(LargestTriangleThreeBuckets.indices(y, threshold: 4) == [0, 2, 4, 7])
        // A step survives downsampling 1000 -> 50, and the result has exactly the threshold's count.
        let step = (0..<1000).map { $0 < 700 ? 1.0 : 2.0 }
        let kept = LargestTriangleThreeBuckets.indices(step, threshold: 50)
        #expect(kept.count == 50 && kept.first == 0 && kept.last == 999)
        // The step is drawn within two buckets (about 21 runs each) of where it is.
        let j = try #require(kept.firstIndex { step[$0] == 2 })
        #expect(kept[j] >= 700 && kept[j] <= 742 && j > 0 && kept[j - 1] >= 700 - 42)
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func staticChartsDrawAtMostMaxPoints() throws {
        let values = DashboardFixture.series(1000, seed: 11, sd: 0.01) { $0 < 500 ? 1e-6 : 1.2e-6 }
        let input = AnalysisInput(benchmark: "long", metric: "time", unit: "s", direction: .lowerIsBetter, values: values)
        let panel = try #require(DashboardPanel.panels(for: [input], policy: GatePolicy()).first)
        let svg = SVGChart(panel: panel, id: "l").render()
        #expect(svg.contains("data-drawn=\"\(SVGChart.maxPoints)\" data-runs=\"1000\""))
        let dots = svg.components(separatedBy: "h0").count - 1
        let clipped = svg.components(separatedBy: "class=\"clipped\"").count - 1
        #expect(dots + clipped == SVGChart.maxPoints)
        // The statistics still use every run.
        #expect(panel.status.runs == 1000 && panel.changePoints.map(\.index) == [500])
        // And the page says that drawing is downsampled.
        let html = Dashboard.render([panel])
        #expect(html.contains("largest-triangle-three-buckets (Steinarsson 2013, O(n))"))
        #expect(html.contains("\(SVGChart.maxPoints) of 1000 runs drawn (LTTB)"))
    }

    @Test func changePointMarkerAtTheRightX() throws {
        let panels = DashboardFixture.panels()
        let step = try #require(panels.first { $0.status.benchmark == "lens.get" })
        #expect(step.changePoints.map(\.index) == [30])
        #expect(step.changePoints.first?.label == "c0030")
        #expect(step.status.lastChangeIndex == 30)
        let rel = try #require(step.changePoints.first?.relativeChange)
        #expect(abs(rel - 0.3) < 0.02)
        #expect(step.isRegression && step.attention <= .regression)
        // The flat series have no change point.
        #expect(panels.first { $0.status.benchmark == "prism.preview" }?.changePoints.isEmpty == true)

        // x of the boundary between index 29 and 30 on a 60-run axis extended by the 20-run horizon:
        // the plot spans [-0.5, 79.5] over pixels [74, 624].
        let expected = 74 + (29.5 + 0.5) / 80 * (640 - 74 - 16)
        let html = DashboardFixture.html()
        let (ok, c, _) = ElementCollector.parse(html)
        #expect(ok)
        // The markers of the lens.get panel: the elements between its <figure> and the next.
        let start = try #require(c.elements.firstIndex { $0.name == "figure" && $0.attributes["data-benchmark"] == "lens.get" })
        let end = c.elements[(start + 1)...].firstIndex { $0.name == "figure" } ?? c.elements.endIndex
        let markers = c.elements[start..<end].filter { $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("cp ") }
        #expect(markers.count == 1)
        let marker = try #require(markers.first)
        #expect(marker.attributes["data-index"] == "30")
        #expect(marker.attributes["class"] == "cp worse")
        let x = try #require(Double(marker.attributes["data-x"] ?? ""))
        #expect(abs(x - expected) <= 0.051) // pixel coordinates have one decimal
        // The marker is labelled with the commit and the relative change.
        #expect(html.contains(">c0030 +\(String(format: "%.1f", rel * 100))%</text>"))
    }

    @Test func hostileNamesAreEscaped() {
        let html = DashboardFixture.html()
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("\\u003cscript\\u003ealert(\\\"x\\u0026y\\\")\\u003c/script\\u003e 'q' \\u0026 \\u003cb\\u003e"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &apos;q&apos; &amp; &lt;b&gt;"))
        let (ok, c, _) = ElementCollector.parse(html)
        #expect(ok)
        #expect(!c.elements.contains { $0.name == "b" })
        #expect(c.elements.filter { $0.name == "script" }.count == 1)
        #expect(c.text.contains(DashboardFixture.hostile))
    }

    @Test func selfContained() {
        let html = DashboardFixture.html()
        let (_, c, _) = ElementCollector.parse(html)
        let names = Set(c.elements.map(\.name))
        #expect(names.isDisjoint(with: ["img", "link", "iframe", "object", "embed"]))
        // One inline script, loading nothing from elsewhere.
        let scripts = c.elements.filter { $0.name == "script" }
        #expect(scripts.count == 1 && scripts[0].attributes["src"] == nil)
        // The only URL is the SVG namespace; links are in-page anchors.
        var rest = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        rest = rest.replacingOccurrences(of: "var NS = \"http://www.w3.org/2000/svg\"", with: "")
        rest = rest.replacingOccurrences(of: "href=\"#series-", with: "").replacingOccurrences(of: "href=\"#row-", with: "")
        #expect(!rest.contains("http"))
        #expect(!rest.contains("href=\""))
        #expect(!rest.contains("@import"))
        #expect(!rest.replacingOccurrences(of: "url(#clip-", with: "").contains("url("), "only clip-path references")
    }

    @Test func longCommitHashesAreShortenedInTheTable() throws {
        var input = DashboardFixture.inputs()[1]
        let hash = "e2589a0e401e27457618920e66caa0f14e9a69ad"
        input.labels = input.labels.map { _ in hash }
        let panel = try #require(DashboardPanel.panels(for: [input], policy: DashboardFixture.policy).first)
        let cell = Dashboard.lastChange(panel)
        #expect(cell.hasPrefix("<span title=\"\(hash)\">e2589a0e40</span> "))
        #expect(SVGChart(panel: panel, id: "h").render().contains(">e2589a0 +"))
    }

    @Test func deterministic() {
        let a = DashboardFixture.html()
        let b = DashboardFixture.html()
        #expect(a == b)
        // Input order does not matter: the page sorts by attention, then name.
        let reversed = Dashboard.render(DashboardPanel.panels(for: DashboardFixture.inputs().reversed(), policy: DashboardFixture.policy),
                                        context: ["store: fixture"], confidence: 0.95)
        #expect(a == reversed)
    }

    @Test func mostUrgentFirst() {
        let ordered = Dashboard.order(DashboardFixture.panels())
        #expect(ordered.map(\.status.benchmark) == ["traversal.over", "lens.get", DashboardFixture.hostile, "prism.preview"])
        #expect(ordered.map(\.attention) == [.forecastBreach, .regression, .ok, .ok])
        let html = DashboardFixture.html()
        let table = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        let rows = table.components(separatedBy: "<tr").dropFirst()
        #expect(rows.first?.contains("traversal.over") == true)
        #expect(rows.first?.contains("breach forecast") == true)
    }

    @Test func forecastFanAgreesWithTheAnalysis() throws {
        let panels = DashboardFixture.panels()
        let climb = try #require(panels.first { $0.status.benchmark == "traversal.over" })
        #expect(climb.status.trend == .worsening)
        #expect(climb.forecast.count == 21)
        let last = try #require(climb.forecast.last)
        // The analysis' forecast is the 95% interval at the horizon.
        #expect(abs(last.estimate - (climb.status.forecast ?? .nan)) <= 1e-12 * abs(last.estimate))
        #expect(abs(last.lower95 - (climb.status.forecastLower ?? .nan)) <= 1e-12 * abs(last.estimate))
        #expect(abs(last.upper95 - (climb.status.forecastUpper ?? .nan)) <= 1e-12 * abs(last.estimate))
        // The fan starts at the last run (step 0, zero width); from step 1 the 80% band is inside the
        // 95% band, and both widen with the step.
        #expect(climb.forecast[0].estimate == climb.values.last && climb.forecast[0].lower95 == climb.forecast[0].upper95)
        for f in climb.forecast.dropFirst() {
            #expect(f.lower95 < f.lower80 && f.lower80 < f.estimate && f.estimate < f.upper80 && f.upper80 < f.upper95)
        }
        #expect(last.upper95 - last.lower95 > climb.forecast[0].upper95 - climb.forecast[0].lower95)
        // The 1 ms limit on a series in seconds is drawn at 1e-3, with the breach marker on it.
        #expect(climb.limits.map(\.value) == [1e-3])
        let breach = try #require(climb.status.breaches.first)
        let html = DashboardFixture.html()
        #expect(html.contains("expected to cross maxAvgTimeMs in ~\(breach.runsToBreach) runs"))
        #expect(html.contains("class=\"limit pass\""), "the last run is below the 1 ms limit: the line is drawn as a pass")
    }

    @Test func limitsFarFromTheDataAreNamedNotDrawn() throws {
        let panels = DashboardFixture.panels()
        let flat = try #require(panels.first { $0.status.benchmark == "prism.preview" })
        let chart = SVGChart(panel: flat, id: "t")
        let (scale, on, off) = chart.yDomain()
        // 200 ns against a 1 ms limit: the axis stays near the data.
        #expect(on.isEmpty && off.count == 1)
        #expect(scale.domain.upper < 1e-6)
        #expect(chart.render().contains("SLA maxAvgTimeMs 1.000 ms ↑ above the axis"))
    }

    @Test func axisLabelsInReadableUnits() {
        #expect(DisplayScale(unit: "s", magnitude: 2e-7).label(2e-7, step: 1e-8) == "200 ns")
        #expect(DisplayScale(unit: "s", magnitude: 1.3e-6).label(1.25e-6, step: 5e-8) == "1.25 µs")
        #expect(DisplayScale(unit: "B", magnitude: 3 * 1024 * 1024).label(3 * 1024 * 1024, step: 1024 * 1024) == "3 MiB")
        #expect(LinearScale.niceStep(0.013) == 0.02)
        #expect(LinearScale(domain: (0.9, 2.1), range: (0, 1)).ticks(4) == [1.0, 1.5, 2.0])
    }

    @Test func heavyTailedSeriesGetALogAxis() throws {
        // 3 ns typical runs with a few 50 ns runs of a loaded machine: a factor of 17.
        let values = DashboardFixture.series(80, seed: 7, sd: 0.02) { $0 % 20 == 7 ? 5e-8 : 3e-9 }
        let input = AnalysisInput(benchmark: "lens_get", metric: "time", unit: "s", direction: .lowerIsBetter, values: values)
        let panel = try #require(DashboardPanel.panels(for: [input], policy: GatePolicy()).first)
        let chart = SVGChart(panel: panel, id: "log")
        let (scale, _, _) = chart.yDomain()
        #expect(scale.log)
        // Every run is on the axis (none drawn as a clipped triangle).
        #expect(scale.domain.lower <= values.min()! && scale.domain.upper >= values.max()!)
        let svg = chart.render()
        #expect(!svg.contains("class=\"clipped\""))
        #expect(svg.contains(">log scale</text>"))
        // Ticks at 1, 2, 5 times powers of ten, each in its own readable unit, equally spaced per decade.
        let ticks = scale.ticks(4)
        #expect(ticks.contains(1e-8))
        for t in ticks {
            let m = t / pow(10, floor(log10(t) + 1e-9))
            #expect([1.0, 2, 5].contains { abs(m - $0) < 1e-9 })
        }
        #expect(svg.contains(">10 ns</text>"))
        #expect(abs((scale(1e-8) - scale(1e-9)) - (scale(1e-7) - scale(1e-8))) < 1e-9)
        // A series within a factor of 4 keeps a linear axis.
        let flat = try #require(DashboardFixture.panels().first { $0.status.benchmark == "lens.get" })
        #expect(!SVGChart(panel: flat, id: "lin").yDomain().scale.log)
    }

    @Test func emptyAndTinySeriesDoNotCrash() {
        let inputs = [
            AnalysisInput(benchmark: "one", metric: "time", unit: "s", direction: .lowerIsBetter, values: [1e-6]),
            AnalysisInput(benchmark: "two", metric: "memory", unit: "B", direction: .lowerIsBetter, values: [4096, 4096]),
            AnalysisInput(benchmark: "nonfinite", metric: "time", unit: "s", direction: .lowerIsBetter, values: [.nan, 1e-6, .infinity, 2e-6, 3e-6]),
        ]
        let panels = DashboardPanel.panels(for: inputs, policy: GatePolicy(limits: SLALimits(maxMemoryUsage: 1e6)))
        #expect(panels.map(\.values.count) == [1, 2, 3])
        let html = Dashboard.render(panels)
        let (ok, c, error) = ElementCollector.parse(html)
        #expect(ok, "\(error)")
        // "two" is constant (collapsed to a line); "one" has a single run; "nonfinite" three finite ones.
        #expect(c.elements.filter { $0.name == "tr" && $0.attributes["data-k"] != nil }.count == 3)
        #expect(html.contains("constant: 4.000 KiB in all 2 runs"))
        // A single run has no interval: the page says so instead of showing "± 0".
        #expect(html.contains("1.000 µs (one run: no interval)"))
        #expect(html.range(of: "[=\" ,>](-?nan|-?inf)", options: .regularExpression) == nil)
    }
}
