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
            if format == .csv {
                out.append(HistoryStore.exportColumns.joined(separator: ","))
                out.append("\r\n")
            }
            var written = 0
            var currentSeries: Int64 = -1, wanted = true
            var seriesCSV = "", seriesJSON = ""
            var currentRun: Int64 = -1
            var runCSV = "", runJSON = ""
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let sid = sqlite3_column_int64(h, 0)
                if sid != currentSeries {
                    currentSeries = sid
                    let name = text(10) ?? "", metric = text(11) ?? "", unit = text(12) ?? "", direction = text(13) ?? ""
                    wanted = Glob.matches(benchmark, name)
                    seriesCSV = [name, metric, unit, direction].map(CSVSafety.cell).joined(separator: ",")
                    seriesJSON = ",\"benchmark\":\(jsonString(name)),\"metric\":\(jsonString(metric)),\"unit\":\(jsonString(unit)),\"direction\":\(jsonString(direction))"
                }
                guard wanted else { continue }
                let rid = sqlite3_column_int64(h, 1)
                if rid != currentRun {
                    currentRun = rid
                    let commit = text(5), br = text(6), machine = text(8), toolchain = text(9)
                    let stamp = Timestamps.format(try HistoryStore.checkedTimestamp(sqlite3_column_double(h, 7), run: rid))
                    runCSV = String(rid) + "," + [commit ?? "", br ?? ""].map(CSVSafety.cell).joined(separator: ",") + "," + stamp + ","
                        + [machine ?? "", toolchain ?? ""].map(CSVSafety.cell).joined(separator: ",")
                    runJSON = "{\"schemaVersion\":1,\"run\":\(rid),\"commit\":\(jsonString(commit)),\"branch\":\(jsonString(br)),\"timestamp\":\"\(stamp)\",\"machine\":\(jsonString(machine)),\"toolchain\":\(jsonString(toolchain))"
                }
                let value = sqlite3_column_double(h, 2)
                let iterations: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
                if format == .csv {
                    out.append(runCSV); out.append(byte: 0x2C)
                    out.append(seriesCSV); out.append(byte: 0x2C)
                    out.append(value.description); out.append(byte: 0x2C)
                    if let it = iterations { out.append(String(it)) }
                    out.append("\r\n")
                } else {
                    out.append(runJSON); out.append(seriesJSON)
                    out.append(",\"value\":"); out.append(value.description)
                    out.append(",\"iterations\":"); out.append(iterations.map { String($0) } ?? "null")
                    out.append(",\"samples\":")
                    if sqlite3_column_type(h, 4) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 4) {
                        let raw = UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, 4)))
                        out.append("[")
                        for k in 0..<(raw.count / 8) {
                            if k > 0 { out.append(byte: 0x2C) }
                            out.append(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))).description)
                        }
                        out.append("]")
                    } else {
                        out.append("null")
                    }
                    out.append("}\n")
                }
                written += 1
            }
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
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
