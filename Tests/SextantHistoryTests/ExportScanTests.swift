import Foundation
import Testing
@testable import SextantHistory

/// The SQLite export's two ways of ordering its rows (issue 16): the runs in memory beside plain scans
/// of the measurements and series (stores of at most `exportRunsInMemory` runs), or SQLite's ordered
/// join (larger stores). Both must write the same bytes, for every format and filter.
@Suite struct ExportScanTests {
    func exported(_ store: HistoryStore, _ format: ExportFormat, _ benchmark: String, _ since: Date?, _ branch: String?,
                  runsInMemory: Int) throws -> (text: String, rows: Int) {
        let path = temporaryStorePath() + ".out"
        let out = try BufferedOutput(path: path)
        let rows = try store.export(to: out, format: format, benchmark: benchmark, since: since, branch: branch, runsInMemory: runsInMemory)
        try out.finish()
        return (try String(contentsOfFile: path, encoding: .utf8), rows)
    }

    @Test func scannedAndJoinedExportsAreTheSameBytes() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        // Twenty runs ingested out of time order (ids do not follow time), some at equal times (the
        // id breaks the tie), on two branches; a series that appears late and one missing from a run.
        for k in 0..<20 {
            let day = (k * 7) % 20 % 12
            var run = sampleRun(commit: "c\(k)", day: day, value: 1e-6 * Double(k + 1), branch: k % 3 == 0 ? "dev" : "main")
            if k % 4 == 1 {
                run.measurements.append(BenchmarkMeasurement(benchmark: "=late\(k % 3)", metric: "time", unit: "s",
                                                             direction: .lowerIsBetter, value: Double(k)))
            }
            if k == 7 { run.measurements.removeFirst() }
            _ = try store.ingest([run], source: "s\(k)", format: "test")
        }
        let day5 = Date(timeIntervalSince1970: 1_700_000_000 + 5 * 86_400)
        let filters: [(String, Date?, String?)] = [("*", nil, nil), ("lens.*", nil, nil), ("*", day5, nil), ("*", nil, "dev"),
                                                   ("=late*", day5, "main"), ("none", nil, nil)]
        for format in ExportFormat.allCases {
            for (benchmark, since, branch) in filters {
                let scanned = try exported(store, format, benchmark, since, branch, runsInMemory: HistoryStore.exportRunsInMemory)
                let joined = try exported(store, format, benchmark, since, branch, runsInMemory: 0)
                #expect(scanned.text == joined.text, "\(format) \(benchmark) \(String(describing: since)) \(branch ?? "-")")
                #expect(scanned.rows == joined.rows)
            }
        }
        // The rows themselves: every measurement once, runs in time order within each series.
        let all = try exported(store, .csv, "*", nil, nil, runsInMemory: HistoryStore.exportRunsInMemory)
        #expect(all.rows == 20 * 3 - 1 + 5)
        let lines = all.text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let getTimes = lines.filter { $0[6] == "lens.get" && $0[7] == "time" }.map { ($0[3], Int($0[0])!) }
        #expect(getTimes.count == 19)
        #expect(zip(getTimes, getTimes.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) })
        #expect(getTimes.map(\.1) != getTimes.map(\.1).sorted())  // time order is not id order here
    }
}
