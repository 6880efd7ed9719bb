import Testing
import SextantAnalysis
import SextantGate
@testable import SextantReport

/// Issue 12 (found by Fuzz/fuzz-renderers): a tab or an escape sequence in a name reached the
/// terminal through `gate --format table`'s header lines (baseline and candidate descriptions, the
/// "decided by" metrics), outside the table cells that `TextTable` escapes, and broke the layout.
@Suite struct TerminalTableTests {
    static let hostile = ["a\tb", "c\u{1B}[2Jd", "e\rf", "g\nh", "i\u{9B}31mj", "k\u{202E}l", "m\u{7F}n"]

    /// Instruction counts decide benchmark `i`, so the other benchmarks' hostile metric names are
    /// listed in the "decided by" line.
    static func report() -> GateReport {
        var inputs = [
            GateInput(benchmark: "i", metric: "instructions", unit: "count", direction: .lowerIsBetter,
                      candidate: [2000], baselineRuns: [[1000], [1010], [990]], iterations: 1),
            GateInput(benchmark: "i", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [2e-3], baselineRuns: [[1e-3], [1.01e-3], [0.99e-3]], iterations: 1),
        ]
        for (k, name) in hostile.enumerated() {
            inputs.append(GateInput(benchmark: name, metric: hostile[(k + 1) % hostile.count], unit: "s", direction: .lowerIsBetter,
                                    candidate: [2e-3 + 1e-6 * Double(k)], baselineRuns: [[1e-3], [1.01e-3], [0.99e-3]], iterations: 1))
        }
        return Gate.evaluate(inputs, policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0)), options: GateOptions(resamples: 50),
                             baselineDescription: "commit\tabc\u{1B}]0;title\u{07}", candidateDescription: "file\r\nx.json\u{1B}[31m")
    }

    static func isTerminalSafe(_ u: Unicode.Scalar) -> Bool {
        !((u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
          || (0x2066...0x2069).contains(u.value))
    }

    @Test func noControlCharacterReachesTheTerminal() {
        let report = Self.report()
        let text = GateRenderer.render(report, format: .table)
        let bad = text.unicodeScalars.filter { !Self.isTerminalSafe($0) }
        #expect(bad.isEmpty, "control characters \(bad.map { String($0.value, radix: 16) }) in\n\(text)")
        #expect(text.contains("baseline: commit abc\n"), "\(text)")
        #expect(text.contains("candidate: file  x.json\n"), "\(text)")
        #expect(text.contains("decided by: a b, cd, e f, g h, instructions, ij, kl, mn"), "\(text)")
    }

    /// Every row of the comparison table has a space at every gap of the dash rule under the header:
    /// no cell is wider than its column, so the columns line up.
    @Test func tableColumnsLineUp() throws {
        let lines = GateRenderer.render(Self.report(), format: .table).split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let header = try #require(lines.firstIndex { String($0).hasPrefix("BENCHMARK  METRIC") })
        let rule = lines[header + 1]
        #expect(rule.first == "-")
        let gaps = rule.indices.filter { rule[$0] == " " }
        #expect(gaps.count == 2 * 8, "nine columns, eight gaps of two spaces")
        var rows = 0
        for row in lines[(header + 2)...] {
            if row.isEmpty { break }
            rows += 1
            #expect(row.count > gaps.last!, "row \(String(row)) ends before the last column")
            for g in gaps where g < row.count { #expect(row[g] == " ", "row \(String(row)) crosses a column gap at \(g)") }
        }
        #expect(rows == Self.hostile.count + 2)
    }

    @Test func markdownDecidedByIsEscaped() {
        let md = GateRenderer.render(Self.report(), format: .md)
        let line = md.split(separator: "\n").first { $0.contains("Decided by:") }.map(String.init) ?? ""
        #expect(line.contains("`a b`") && line.contains("`instructions`"), "\(line)")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x1B })
    }
}
