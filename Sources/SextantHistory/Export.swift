import Foundation
import GRDB
import GRDBSQLite

/// The formats `HistoryStore.export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Tidy long CSV, RFC 4180, UTF-8, CRLF line ends, one row per measurement.
    case csv
    /// JSON Lines, one object per measurement, with raw samples.
    case jsonl
}

extension HistoryStore {
    /// The CSV export's columns, in order.
    public static let exportColumns = ["run", "commit", "branch", "timestamp", "machine", "toolchain",
                                       "benchmark", "metric", "unit", "direction", "value", "iterations"]

    /// Writes every measurement (of benchmarks matching `benchmark`, of runs at or after `since` and
    /// on `branch` when given) as tidy long rows: grouped by series (benchmark, metric, unit, in the
    /// order the series were first stored), runs in time order within a series.
    ///
    /// Streaming: one query joins each measurement to its run and series and is read row by row,
    /// each row written as soon as it is read, so the process holds one row (and the text of the
    /// current run and series) at a time whatever the size of the store; SQLite sorts runs by time
    /// within each series itself (its sorter spills to temporary files beyond its cache).
    ///
    /// Values are written in Swift's shortest round-trip form, so parsing them gives back the stored
    /// double exactly; timestamps as ISO-8601 UTC with microseconds. In CSV, text cells are
    /// neutralised against formula injection (`CSVSafety`); numbers are never altered.
    /// - Returns: the number of rows written.
    /// - Complexity: O(n log k) time for n measurements exported and k runs per series; O(1) memory in n.
    @discardableResult
    public func export(to out: BufferedOutput, format: ExportFormat, benchmark: String = "*",
                       since: Date? = nil, branch: String? = nil) throws -> Int {
        try read { db in
            let samplesColumn = format == .jsonl ? "m.samples" : "NULL"
            // CROSS JOIN fixes the loop order: measurements in primary-key (series) order, each with its
            // series and run by rowid; only the runs within one series need sorting.
            var sql = """
                SELECT m.series_id, m.run_id, m.value, m.iterations, \(samplesColumn),
                       r.commit_id, r.branch, r.timestamp, r.machine, r.toolchain,
                       s.benchmark, s.metric, s.unit, s.direction
                FROM measurement m CROSS JOIN series s ON s.id = m.series_id CROSS JOIN run r ON r.id = m.run_id
                """
            var conditions: [String] = []
            if since != nil { conditions.append("r.timestamp >= ?1") }
            if branch != nil { conditions.append("r.branch = ?2") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY m.series_id, r.timestamp, r.id"
            let statement = try db.makeStatement(sql: sql)
            let h = statement.sqliteStatement
            sqlite3_reset(h)
            if let since { sqlite3_bind_double(h, 1, since.timeIntervalSince1970) }
            if let branch { _ = branch.withCString { sqlite3_bind_text(h, 2, $0, -1, HistoryStore.transient) } }
            func text(_ column: Int32) -> String? {
                guard sqlite3_column_type(h, column) != SQLITE_NULL, let p = sqlite3_column_text(h, column) else { return nil }
                return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, column))), as: UTF8.self)
            }
            var writer = ExportRowWriter(out: out, format: format, benchmark: benchmark)
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let sid = sqlite3_column_int64(h, 0)
                if writer.isNewSeries(sid) {
                    writer.setSeries(sid, name: text(10) ?? "", metric: text(11) ?? "", unit: text(12) ?? "", direction: text(13) ?? "")
                }
                guard writer.wanted else { continue }
                let rid = sqlite3_column_int64(h, 1)
                if writer.isNewRun(rid) {
                    try writer.setRun(rid, commit: text(5), branch: text(6), timestamp: sqlite3_column_double(h, 7),
                                      machine: text(8), toolchain: text(9))
                }
                let iterations: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
                var samples: UnsafeRawBufferPointer? = nil
                if sqlite3_column_type(h, 4) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 4) {
                    samples = UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, 4)))
                }
                writer.writeRow(value: sqlite3_column_double(h, 2), iterations: iterations, samples: samples)
            }
            let written = writer.written
            sqlite3_reset(h)
            try out.flush()
            return written
        }
    }
}

/// RFC 4180 quoting of one field.
func csvField(_ s: String) -> String {
    var needs = false
    for c in s.utf8 where c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D { needs = true; break }
    guard needs else { return s }
    // Quotes doubled scalar by scalar: a `String` search compares Characters, and a quote followed by
    // a combining mark is one Character that contains no `"` (issue 12, found by fuzz-render-csv).
    var out = String.UnicodeScalarView()
    out.append("\"")
    for u in s.unicodeScalars {
        if u == "\"" { out.append("\"") }
        out.append(u)
    }
    out.append("\"")
    return String(out)
}

/// JSON text shared by the exporters and the CLI's machine-readable outputs.
public enum JSONText {
    /// `s` as a JSON string literal (RFC 8259 escapes; other control characters as `\uXXXX`), or
    /// `null` for `nil`.
    /// - Complexity: O(length of `s`).
    public static func quoted(_ s: String?) -> String { jsonString(s) }
}

/// A JSON string literal (or `null`).
func jsonString(_ s: String?) -> String {
    guard let s else { return "null" }
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}
