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
    /// on `branch` when given) as tidy long rows: grouped by series (benchmark, metric, unit), runs
    /// in time order within a series.
    ///
    /// Values are written in Swift's shortest round-trip form, so parsing them gives back the stored
    /// double exactly; timestamps as ISO-8601 UTC with microseconds. In CSV, text cells are
    /// neutralised against formula injection (`CSVSafety`); numbers are never altered.
    /// - Returns: the number of rows written.
    /// - Complexity: O(n log n) for n measurements exported.
    @discardableResult
    public func export(to out: BufferedOutput, format: ExportFormat, benchmark: String = "*",
                       since: Date? = nil, branch: String? = nil) throws -> Int {
        try read { db in
            var runs: [Int64: (csv: String, json: String, rank: Int)] = [:]
            var rank = 0
            for row in try Row.fetchAll(db, sql: "SELECT id, commit_id, branch, timestamp, machine, toolchain FROM run ORDER BY timestamp, id") {
                let id: Int64 = row[0]
                let ts: Double = row[3]
                rank += 1
                if let since, ts < since.timeIntervalSince1970 { continue }
                let br: String? = row[2]
                if let branch, br != branch { continue }
                let commit: String? = row[1], machine: String? = row[4], toolchain: String? = row[5]
                let stamp = Timestamps.format(Date(timeIntervalSince1970: ts))
                let csv = [String(id), commit ?? "", br ?? "", stamp, machine ?? "", toolchain ?? ""]
                    .enumerated().map { k, v in k == 0 || k == 3 ? v : csvField(CSVSafety.neutralise(v)) }.joined(separator: ",")
                let json = "{\"schemaVersion\":1,\"run\":\(id),\"commit\":\(jsonString(commit)),\"branch\":\(jsonString(br)),\"timestamp\":\"\(stamp)\",\"machine\":\(jsonString(machine)),\"toolchain\":\(jsonString(toolchain))"
                runs[id] = (csv, json, rank)
            }
            var series: [Int64: (csv: String, json: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, benchmark, metric, unit, direction FROM series") {
                let name: String = row[1]
                guard Glob.matches(benchmark, name) else { continue }
                let metric: String = row[2], unit: String = row[3], direction: String = row[4]
                let csv = [name, metric, unit, direction].map { csvField(CSVSafety.neutralise($0)) }.joined(separator: ",")
                let json = ",\"benchmark\":\(jsonString(name)),\"metric\":\(jsonString(metric)),\"unit\":\(jsonString(unit)),\"direction\":\"\(direction)\""
                series[row[0]] = (csv, json)
            }
            if format == .csv {
                out.append(HistoryStore.exportColumns.joined(separator: ","))
                out.append("\r\n")
            }
            var written = 0
            var pending: [(rank: Int, run: Int64, value: Double, iterations: Int64?, samples: Data?)] = []
            var currentSeries: Int64 = -1
            func flush() {
                guard let s = series[currentSeries] else { pending.removeAll(keepingCapacity: true); return }
                pending.sort { $0.rank < $1.rank }
                for p in pending {
                    let r = runs[p.run]!
                    if format == .csv {
                        out.append(r.csv); out.append(byte: 0x2C)
                        out.append(s.csv); out.append(byte: 0x2C)
                        out.append(p.value.description); out.append(byte: 0x2C)
                        if let it = p.iterations { out.append(String(it)) }
                        out.append("\r\n")
                    } else {
                        out.append(r.json); out.append(s.json)
                        out.append(",\"value\":"); out.append(p.value.description)
                        out.append(",\"iterations\":"); out.append(p.iterations.map { String($0) } ?? "null")
                        out.append(",\"samples\":")
                        if let blob = p.samples {
                            out.append("[")
                            out.append(HistoryStore.decodeSamples(blob).map(\.description).joined(separator: ","))
                            out.append("]")
                        } else {
                            out.append("null")
                        }
                        out.append("}\n")
                    }
                    written += 1
                }
                pending.removeAll(keepingCapacity: true)
            }
            let samplesColumn = format == .jsonl ? "samples" : "NULL"
            // The hot loop reads columns through the C API: GRDB's Row decoding costs more than the query.
            let statement = try db.makeStatement(sql: "SELECT series_id, run_id, value, iterations, \(samplesColumn) FROM measurement ORDER BY series_id, run_id")
            let h = statement.sqliteStatement
            sqlite3_reset(h)
            var wanted = true
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let sid = sqlite3_column_int64(h, 0)
                if sid != currentSeries { flush(); currentSeries = sid; wanted = series[sid] != nil }
                guard wanted else { continue }
                let rid = sqlite3_column_int64(h, 1)
                guard let r = runs[rid] else { continue }
                let iterations: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
                var blob: Data? = nil
                if format == .jsonl, sqlite3_column_type(h, 4) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 4) {
                    blob = Data(bytes: p, count: Int(sqlite3_column_bytes(h, 4)))
                }
                pending.append((r.rank, rid, sqlite3_column_double(h, 2), iterations, blob))
            }
            sqlite3_reset(h)
            flush()
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
