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
    /// order the series were first stored), runs in time order (timestamp, then id) within a series.
    ///
    /// Streaming, in one read transaction. When the store holds at most ``exportRunsInMemory`` runs
    /// (any store of a project's history: the limit is a quarter of a million runs), the runs are
    /// read once, in time order, and each run's cells formatted once; the measurements are then
    /// read in their primary-key order (series, run) by a plain scan, beside a scan of the series,
    /// and each series' rows are put in time order in memory (a sort of at most one row per run)
    /// and written. No per-row lookups in SQLite: the ordered join with its per-row run lookups and
    /// SQLite's sorter of whole rows took most of the export's time (issue 16). Memory: the runs'
    /// cells and one series' rows, independent of the number of measurements. A larger store is
    /// exported by one query that joins each measurement to its run and series and lets SQLite
    /// sort the runs within each series (its sorter spills to temporary files beyond its cache).
    ///
    /// Values are written in Swift's shortest round-trip form, so parsing them gives back the stored
    /// double exactly; timestamps as ISO-8601 UTC with microseconds. In CSV, text cells are
    /// neutralised against formula injection (`CSVSafety`); numbers are never altered.
    /// - Returns: the number of rows written.
    /// - Complexity: O(n + r log r + sum of k log k) time for n measurements exported, r runs and k
    ///   runs per series; memory O(r), independent of n.
    @discardableResult
    public func export(to out: BufferedOutput, format: ExportFormat, benchmark: String = "*",
                       since: Date? = nil, branch: String? = nil) throws -> Int {
        try export(to: out, format: format, benchmark: benchmark, since: since, branch: branch,
                   runsInMemory: Self.exportRunsInMemory)
    }

    /// The most runs whose cells ``export(to:format:benchmark:since:branch:)`` keeps in memory
    /// (about 100 bytes each); beyond it SQLite orders the rows.
    public static let exportRunsInMemory = 1 << 18

    /// ``export(to:format:benchmark:since:branch:)`` with the in-memory limit given (tests compare
    /// both ways of exporting).
    func export(to out: BufferedOutput, format: ExportFormat, benchmark: String, since: Date?, branch: String?,
                runsInMemory: Int) throws -> Int {
        try read { db in
            let runs = try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0
            let written = runs <= runsInMemory
                ? try exportScanned(db, to: out, format: format, benchmark: benchmark, since: since, branch: branch)
                : try exportJoined(db, to: out, format: format, benchmark: benchmark, since: since, branch: branch)
            try out.flush()
            return written
        }
    }

    /// The runs in memory, the measurements and series by two plain scans (see ``export(to:format:benchmark:since:branch:)``).
    private func exportScanned(_ db: Database, to out: BufferedOutput, format: ExportFormat, benchmark: String,
                               since: Date?, branch: String?) throws -> Int {
        var writer = ExportRowWriter(out: out, format: format, benchmark: benchmark)
        // 1. The runs wanted, in time order: rank k is the k-th; the cells of each, or the error of
        //    a run whose time cannot be written (raised only if one of its rows is exported).
        var runSQL = "SELECT id, commit_id, branch, timestamp, machine, toolchain FROM run"
        var conditions: [String] = []
        if since != nil { conditions.append("timestamp >= ?1") }
        if branch != nil { conditions.append("branch = ?2") }
        if !conditions.isEmpty { runSQL += " WHERE " + conditions.joined(separator: " AND ") }
        runSQL += " ORDER BY timestamp, id"
        var ids: [Int64] = []
        var cells: [String] = []
        var unreadable: [Int: Error] = [:]
        try Self.step(db, runSQL, since: since, branch: branch) { h in
            let id = sqlite3_column_int64(h, 0)
            do {
                cells.append(try writer.runCells(id, commit: Self.text(h, 1), branch: Self.text(h, 2), timestamp: sqlite3_column_double(h, 3),
                                                 machine: Self.text(h, 4), toolchain: Self.text(h, 5)))
            } catch {
                unreadable[ids.count] = error
                cells.append("")
            }
            ids.append(id)
        }
        let ranks = RunRanks(ids)
        // 2. The series, in id order, stepped beside the measurements.
        let seriesStatement = try db.makeStatement(sql: "SELECT id, benchmark, metric, unit, direction FROM series ORDER BY id")
        let s = seriesStatement.sqliteStatement
        sqlite3_reset(s)
        defer { sqlite3_reset(s) }
        var seriesAt: Int64 = .min  // the series cursor's id (.max at its end)
        // 3. The measurements in primary-key order, one series' rows at a time.
        struct Row { var rank: Int32; var value: Double; var iterations: Int64?; var samples: Range<Int> }
        var rows: [Row] = []
        var samples: [UInt8] = []
        var currentSeries: Int64 = .min
        var wanted = false
        func writeSeries() throws {
            var sorted = true
            for k in rows.indices.dropFirst() where rows[k].rank < rows[k - 1].rank { sorted = false; break }
            if !sorted { rows.sort { $0.rank < $1.rank } }
            try samples.withUnsafeBytes { blob in
                for row in rows {
                    let rank = Int(row.rank)
                    if let error = unreadable[rank] { throw error }
                    writer.writeRow(run: cells[rank], value: row.value, iterations: row.iterations,
                                    samples: row.samples.isEmpty ? nil : UnsafeRawBufferPointer(rebasing: blob[row.samples]))
                }
            }
            rows.removeAll(keepingCapacity: true)
            samples.removeAll(keepingCapacity: true)
        }
        let samplesColumn = format == .jsonl ? "samples" : "NULL"
        try Self.step(db, "SELECT series_id, run_id, value, iterations, \(samplesColumn) FROM measurement ORDER BY series_id, run_id",
                      since: nil, branch: nil) { h in
            let sid = sqlite3_column_int64(h, 0)
            if sid != currentSeries {
                try writeSeries()
                currentSeries = sid
                while seriesAt < sid {
                    let rc = sqlite3_step(s)
                    if rc == SQLITE_ROW {
                        seriesAt = sqlite3_column_int64(s, 0)
                    } else if rc == SQLITE_DONE {
                        seriesAt = .max
                    } else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                }
                wanted = false
                if seriesAt == sid {  // (a measurement of no series is not exported, as by the join)
                    writer.setSeries(sid, name: Self.text(s, 1) ?? "", metric: Self.text(s, 2) ?? "", unit: Self.text(s, 3) ?? "",
                                     direction: Self.text(s, 4) ?? "")
                    wanted = writer.wanted
                }
            }
            guard wanted, let rank = ranks.rank(of: sqlite3_column_int64(h, 1)) else { return }
            let iterations: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
            var range = 0..<0
            if sqlite3_column_type(h, 4) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 4) {
                let start = samples.count
                samples.append(contentsOf: UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, 4))))
                range = start..<samples.count
            }
            rows.append(Row(rank: rank, value: sqlite3_column_double(h, 2), iterations: iterations, samples: range))
        }
        try writeSeries()
        return writer.written
    }

    /// One query joining each measurement to its series and run, ordered by SQLite (stores of more runs
    /// than ``exportRunsInMemory``).
    private func exportJoined(_ db: Database, to out: BufferedOutput, format: ExportFormat, benchmark: String,
                              since: Date?, branch: String?) throws -> Int {
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
        var writer = ExportRowWriter(out: out, format: format, benchmark: benchmark)
        try Self.step(db, sql, since: since, branch: branch) { h in
            let sid = sqlite3_column_int64(h, 0)
            if writer.isNewSeries(sid) {
                writer.setSeries(sid, name: Self.text(h, 10) ?? "", metric: Self.text(h, 11) ?? "", unit: Self.text(h, 12) ?? "",
                                 direction: Self.text(h, 13) ?? "")
            }
            guard writer.wanted else { return }
            let rid = sqlite3_column_int64(h, 1)
            if writer.isNewRun(rid) {
                try writer.setRun(rid, commit: Self.text(h, 5), branch: Self.text(h, 6), timestamp: sqlite3_column_double(h, 7),
                                  machine: Self.text(h, 8), toolchain: Self.text(h, 9))
            }
            let iterations: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
            var samples: UnsafeRawBufferPointer? = nil
            if sqlite3_column_type(h, 4) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 4) {
                samples = UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, 4)))
            }
            writer.writeRow(value: sqlite3_column_double(h, 2), iterations: iterations, samples: samples)
        }
        return writer.written
    }

    /// Runs `sql` (binding `since` as ?1 and `branch` as ?2 when given) and calls `body` with each row.
    private static func step(_ db: Database, _ sql: String, since: Date?, branch: String?,
                             _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let h = statement.sqliteStatement
        sqlite3_reset(h)
        defer { sqlite3_reset(h) }
        if let since { sqlite3_bind_double(h, 1, since.timeIntervalSince1970) }
        if let branch { _ = branch.withCString { sqlite3_bind_text(h, 2, $0, -1, HistoryStore.transient) } }
        while true {
            let rc = sqlite3_step(h)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(h)
        }
    }

    /// Text column `column` of the current row of `h`, `nil` for NULL.
    @inline(__always)
    private static func text(_ h: OpaquePointer, _ column: Int32) -> String? {
        guard sqlite3_column_type(h, column) != SQLITE_NULL, let p = sqlite3_column_text(h, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, column))), as: UTF8.self)
    }
}

/// Run ids to their rank in time order: an array over the id range when the ids are dense (they are
/// assigned in order), a dictionary otherwise.
/// - Complexity: O(r) to build, O(1) per lookup.
struct RunRanks {
    private var base: Int64 = 0
    private var dense: [Int32] = []
    private var sparse: [Int64: Int32] = [:]
    private var isDense = true

    init(_ idsByRank: [Int64]) {
        guard let low = idsByRank.min(), let high = idsByRank.max() else { return }
        let span = high - low + 1
        if span <= 4 * Int64(idsByRank.count) + 1024 {
            base = low
            dense = [Int32](repeating: -1, count: Int(span))
            for (k, id) in idsByRank.enumerated() { dense[Int(id - low)] = Int32(k) }
        } else {
            isDense = false
            for (k, id) in idsByRank.enumerated() { sparse[id] = Int32(k) }
        }
    }

    @inline(__always)
    func rank(of id: Int64) -> Int32? {
        if isDense {
            let k = id &- base
            guard k >= 0, k < Int64(dense.count) else { return nil }
            let r = dense[Int(k)]
            return r < 0 ? nil : r
        }
        return sparse[id]
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
