import Foundation
import Testing
import SextantAnalysis
import SextantChangePoint
import SextantForecast
import SextantGate
@testable import SextantReport
@testable import SextantCore

/// One display rule: the same stored value prints the same way in every table.
@Suite struct DisplayRuleTests {
    static let value = 3.03988e-09
    static let shown = "3.040 ns"

    @Test func theRuleItself() {
        #expect(Units.display(Self.value, unit: "s") == Self.shown)
        #expect(Units.display(3.03988, unit: "ns") == Self.shown)
        #expect(Units.display(10_020_000, unit: "B") == "9.556 MiB")
        #expect(Units.display(10.02, unit: "MB") == "9.556 MiB")
        #expect(Units.display(2_300, unit: "1/s") == "2.300k/s")
    }

    @Test func gateAnalyzeForecastAndChangePointTablesPrintTheValueAlike() throws {
        let v = Self.value
        // gate: the candidate level column
        let gate = Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "s", direction: .lowerIsBetter,
                                            candidate: [v], baselineRuns: [[v], [v * 1.01], [v * 0.99]])],
                                 policy: GatePolicy())
        #expect(GateRenderer.render(gate, format: .table).contains(Self.shown))
        #expect(GateRenderer.render(gate, format: .md).contains(Self.shown))
        // analyze: the level column of a constant series
        let statuses = Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s", direction: .lowerIsBetter,
                                                   values: Array(repeating: v, count: 8))])
        #expect(AnalysisRenderer.render(statuses, format: .table, confidence: 0.95).contains("\(Self.shown) [\(Self.shown), \(Self.shown)]"))
        // forecast: a store series' table and Markdown
        let f = Forecast(model: "m", mean: [v], bands: [Forecast.Band(level: 95, lower: [v], upper: [v])])
        let entry = ForecastRenderer.Entry(benchmark: "b", metric: "time", unit: "s", result: .success(f))
        let table = ForecastRenderer.render([entry], format: .table)
        #expect(table.components(separatedBy: Self.shown).count - 1 == 3, "\(table)")
        #expect(!table.contains("e-09"))
        #expect(ForecastRenderer.render([entry], format: .md).contains(Self.shown))
        // changepoints: segment levels of a store series
        let x = (0..<40).map { i in (i < 20 ? v : 2 * v) * (i % 2 == 0 ? 1.0000001 : 0.9999999) }
        let result = try ChangePointDetector(ChangePointConfiguration()).detect(x)
        #expect(result.changePoints.map(\.index) == [20])
        let cp = ChangePointRenderer.render(result, labels: nil, format: .table, unit: "s")
        #expect(cp.contains(Self.shown) && cp.contains("6.080 ns") && !cp.contains("e-09"), "\(cp)")
        #expect(ChangePointRenderer.render(result, labels: nil, format: .md, unit: "s").contains(Self.shown))
    }

    /// `Units.normalise` trims a unit without Foundation (it runs for every displayed cell): the
    /// same scalars as `trimmingCharacters(in: .whitespaces)` (tab, the Zs separators and U+200B),
    /// trimmed scalar by scalar, for every BMP scalar alone, around a unit and after a combining mark.
    @Test func unitTrimmingIsFoundations() {
        var cases = ["", " ", "\t ms \u{3000}", " \u{301}ms", "ms \u{301}", "\u{200B}ms", "\u{FEFF}ms", "\n ms", "ms\n", " ms / op "]
        for v in 0...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let c = String(u)
            cases += [c, c + "ms" + c, "s" + c]
        }
        var mismatches: [String] = []
        for c in cases where Units.trimmingWhitespace(c) != c.trimmingCharacters(in: .whitespaces) {
            mismatches.append(c.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
