import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SextantNumerics
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantChangePoint
import SextantTestSupport
@testable import SextantReport

/// Issue 12 defects 5, 7, 8 and 10: hostile names through every renderer.
@Suite struct HostileNameTests {
    static let command = HostileNames.command
    static let formula = HostileNames.formula
    static let names = HostileNames.all

    /// A noisy step at index 15.
    static func step(_ k: Int) -> Double {
        let level: Double = k < 15 ? 1 : 2
        return level * (1 + 0.01 * Double(k % 4))
    }

    static func report() -> GateReport {
        let inputs = names.enumerated().map { k, name in
            GateInput(benchmark: name, metric: k == 0 ? formula : "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [2e-3 + 1e-5 * Double(k)], baselineRuns: [[1e-3]], iterations: 10)
        }
        return Gate.evaluate(inputs, policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0)), options: GateOptions(resamples: 200),
                             baselineDescription: "window:10", candidateDescription: "=HYPERLINK(\"http://x\",\"y\")")
    }

    static func statuses() -> [SeriesStatus] {
        let values: [Double] = (0..<40).map { (i: Int) -> Double in
            let level: Double = i < 20 ? 1.0 : 1.3
            return 1e-3 * level * (1 + 0.001 * Double(i % 3))
        }
        return Analysis.run(names.map { AnalysisInput(benchmark: $0, metric: "time", unit: "s", direction: .lowerIsBetter,
                                                      values: values, labels: values.indices.map { "=c\($0)" }) },
                            policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 2)))
    }

    @Test func markdownCodeSpansAndHeadingsHold() throws {
        let gate = GateRenderer.render(Self.report(), format: .md)
        let analysis = AnalysisRenderer.render(Self.statuses(), format: .md, confidence: 0.95)
        let series = Self.names.map { name in
            Series(benchmark: name, metric: "time", unit: "s", direction: .lowerIsBetter, points: (0..<30).map {
                SeriesPoint(runID: Int64($0), commit: "c<b>\($0)", branch: nil, machine: nil, timestamp: Date(timeIntervalSince1970: 1e9 + Double($0)),
                            value: Self.step($0), samples: nil, iterations: nil)
            })
        }
        let results = try series.map { s in (series: s, result: try ChangePointDetector().detect(s.points.map(\.value))) }
        let changes = ChangePointRenderer.render(store: results, format: .md)
        for (what, md) in [("gate", gate), ("analyze", analysis), ("changepoints", changes)] {
            // Outside code spans, a backslash-escaped `\<` is literal text (CommonMark 2.4), not a tag.
            let outside = outsideCodeSpans(md).replacingOccurrences(of: "\\<", with: "")
            #expect(!outside.contains("<img"), "\(what): raw HTML outside a code span:\n\(md)")
            #expect(!outside.contains("<b>"), "\(what)")
            #expect(!md.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D }, "\(what)")
            // Every table row keeps its cell count: no unescaped `|` or newline from a name.
            let rows = md.split(separator: "\n").filter { $0.hasPrefix("|") }
            let counts = Set(rows.map { row in
                var n = 0, previous: Character = " "
                for ch in row { if ch == "|" && previous != "\\" { n += 1 }; previous = ch }
                return n
            })
            #expect(counts.count <= 2, "\(what): rows with different cell counts \(counts)")
        }
        // changepoints: one heading line per series, the HTML escaped, the newline gone.
        let headings = changes.split(separator: "\n").filter { $0.hasPrefix("### ") }
        #expect(headings.count == Self.names.count)
        #expect(headings.contains { $0.contains("\\<img src=x onerror=alert\\(1\\)\\>") })
        #expect(headings.contains { $0.hasPrefix("### a b \\[time") })
        #expect(gate.contains(Escape.markdownCode(Self.command)))
    }

    @Test func csvCellsAreNeutralisedEverywhere() throws {
        let gate = GateRenderer.render(Self.report(), format: .csv)
        let analysis = AnalysisRenderer.render(Self.statuses(), format: .csv, confidence: 0.95)
        let series = [Series(benchmark: Self.formula, metric: "@SUM(1)", unit: "s", direction: .lowerIsBetter, points: (0..<30).map {
            SeriesPoint(runID: Int64($0), commit: "=HYPERLINK(\"http://x\",\"c\($0)\")", branch: nil, machine: nil,
                        timestamp: Date(timeIntervalSince1970: 1e9 + Double($0)), value: Self.step($0), samples: nil, iterations: nil)
        })]
        let changes = ChangePointRenderer.render(store: try series.map { (series: $0, result: try ChangePointDetector().detect($0.points.map(\.value))) }, format: .csv)
        for (what, csv) in [("gate", gate), ("analyze", analysis), ("changepoints", changes)] {
            let cells = csvRows(csv)
            #expect(cells.count > 1, "\(what)")
            for row in cells.dropFirst() {
                for cell in row where !cell.isEmpty && Double(cell) == nil {
                    let first = cell.unicodeScalars.first!
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "\(what): cell \(cell.debugDescription) would be a formula")
                }
            }
        }
        #expect(gate.contains("'=cmd|' /C calc'!A0"))
        #expect(changes.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"c15\"\")\""), "\(changes)")
    }

    @Test func junitIsWellFormedAndKeepsTabsDistinct() throws {
        let xml = GateRenderer.render(Self.report(), format: .junit)
        final class Names: NSObject, XMLParserDelegate, @unchecked Sendable {
            var names: [String] = []
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
                if e == "testcase", let n = a["name"] { names.append(n) }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let names = Names()
        parser.delegate = names
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(!xml.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF })
        #expect(names.names.contains("a\tb"))
        #expect(names.names.contains("a b"))
        #expect(names.names.contains("a\nb"))
        #expect(names.names.contains("x\u{FFFD}y\u{FFFD}"))
    }

    @Test func dashboardIsWellFormedXML() {
        let base = DashboardFixture.inputs()[1]
        let inputs = Self.names.map { name in
            AnalysisInput(benchmark: name, metric: "time\u{FFFF}", unit: "s", direction: .lowerIsBetter,
                          values: base.values, labels: base.labels.map { "\u{FFFE}" + $0 })
        }
        let html = Dashboard.render(DashboardPanel.panels(for: inputs, policy: DashboardFixture.policy),
                                    title: "x\u{FFFE}", context: ["\u{FFFF}"], confidence: 0.95)
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(!html.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF || $0.value == 0x1B })
    }

    @Test func escapingFunctions() {
        #expect(Escape.markdownCode("a`b") == "``a`b``")
        #expect(Escape.markdownCode("`a") == "`` `a ``")
        #expect(Escape.markdownCode("a|b\nc") == "`a\\|b c`")
        #expect(Escape.markdownText("<img src=x>") == "\\<img src=x\\>")
        #expect(Escape.markdownText("a\nb|c*d") == "a b\\|c\\*d")
        #expect(Escape.xmlAttribute("a\tb\nc\rd\"'<&>") == "a&#9;b&#10;c&#13;d&quot;&apos;&lt;&amp;&gt;")
        #expect(Escape.xmlText("a\tb\nc\u{1}\u{FFFE}") == "a\tb\nc\u{FFFD}\u{FFFD}")
        #expect(Escape.csvCell("=1+1") == "'=1+1")
        #expect(Escape.csvCell("a,b") == "\"a,b\"")
        #expect(Escape.csvCell("-x,\"y\"") == "\"'-x,\"\"y\"\"\"")
        #expect(Escape.terminal("a\u{1B}[31mred\u{1B}[0m\u{1B}]0;title\u{07}b\u{9B}2Jc\td\u{202E}e") == "aredb" + "c de")
    }
}
