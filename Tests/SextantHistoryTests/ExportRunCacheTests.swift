import Foundation
import Testing
@testable import SextantHistory

/// The export keeps each run's prefix text in a bounded cache (issue 16): whatever the bound, the
/// bytes written are those of making the text afresh for every row.
@Suite struct ExportRunCacheTests {
    /// Three series over seven runs, rows in export order (series by series, runs within each).
    private func written(_ format: ExportFormat, limit: Int) throws -> String {
        let path = temporaryStorePath() + ".out"
        let out = try BufferedOutput(path: path)
        var w = ExportRowWriter(out: out, format: format, benchmark: "*", runCacheLimit: limit)
        for s in Int64(1)...3 {
            w.setSeries(s, name: "b\(s)", metric: "time", unit: "s", direction: "lower")
            for r in Int64(1)...7 {
                if w.isNewRun(r) {
                    try w.setRun(r, commit: "=c\(r)", branch: r % 2 == 0 ? "main" : "dev,\"x\"",
                                 timestamp: 1_700_000_000 + Double(r) * 86_400, machine: "m\(r)", toolchain: nil)
                }
                w.writeRow(value: Double(s) + Double(r) / 8, iterations: r, samples: nil)
            }
        }
        try out.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func everyCacheBoundWritesTheSameBytes() throws {
        for format in ExportFormat.allCases {
            let reference = try written(format, limit: 1)  // emptied at every new run: never reused
            for limit in [2, 3, 8192] {
                #expect(try written(format, limit: limit) == reference, "\(format), limit \(limit)")
            }
            #expect(reference.split(whereSeparator: \.isNewline).count == (format == .csv ? 1 + 21 : 21))
        }
        // Each CSV row's run id goes with its own commit ("=cK", neutralised) and machine.
        for line in try written(.csv, limit: 3).split(separator: "\r\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells[1] == "'=c\(cells[0])", "\(line)")
            #expect(line.contains(",m\(cells[0]),"), "\(line)")
        }
    }
}
