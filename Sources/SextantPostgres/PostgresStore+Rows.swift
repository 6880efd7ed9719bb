import Foundation
import SextantHistory

extension PostgresStore {
    /// Writes every measurement as ``HistoryStore/export(to:format:benchmark:since:branch:)`` does,
    /// byte for byte (the rows pass through the same ``ExportRowWriter``).
    ///
    /// Streaming: one query in one snapshot, read through a cursor 50,000 rows at a time.
    /// - Complexity: O(n log n) server time for n measurements; O(batch) client memory.
    @discardableResult
    public func export(to out: BufferedOutput, format: ExportFormat, benchmark: String = "*",
                       since: Date? = nil, branch: String? = nil) throws -> Int {
        try snapshot { c in
            var sql = """
                SELECT m.series_id, m.run_id, m.value, m.iterations, \(format == .jsonl ? "m.samples" : "NULL::bytea"),
                       r.commit_id, r.branch, r."timestamp", r.machine, r.toolchain,
                       s.benchmark, s.metric, s.unit, s.direction
                FROM measurement m JOIN series s ON s.id = m.series_id JOIN run r ON r.id = m.run_id
                """
            var conditions: [String] = [], params: [String?] = []
            if let since { params.append(PGText.double(since.timeIntervalSince1970)); conditions.append("r.\"timestamp\" >= $\(params.count)") }
            if let branch { params.append(branch); conditions.append("r.branch = $\(params.count)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY m.series_id, r.\"timestamp\", r.id"
            var writer = ExportRowWriter(out: out, format: format, benchmark: benchmark)
            try forEachBatch(c, sql, params) { r in
                for k in 0..<r.rows {
                    let sid = r.int64(k, 0)
                    if writer.isNewSeries(sid) {
                        writer.setSeries(sid, name: r.text(k, 10), metric: r.text(k, 11), unit: r.text(k, 12), direction: r.text(k, 13))
                    }
                    guard writer.wanted else { continue }
                    let rid = r.int64(k, 1)
                    if writer.isNewRun(rid) {
                        try writer.setRun(rid, commit: r.optionalText(k, 5), branch: r.optionalText(k, 6), timestamp: r.double(k, 7),
                                          machine: r.optionalText(k, 8), toolchain: r.optionalText(k, 9))
                    }
                    writer.writeRow(value: r.double(k, 2), iterations: r.optionalInt64(k, 3), samples: r.isNull(k, 4) ? nil : r.bytes(k, 4))
                }
            }
            try out.flush()
            return writer.written
        }
    }

    /// Every row in key order (series, runs, measurements, baselines), in one snapshot.
    public func readRows(_ body: (StoreRows.Row) throws -> Void) throws {
        try snapshot { c in
            try forEachBatch(c, "SELECT id, benchmark, metric, unit, direction FROM series ORDER BY id") { r in
                for k in 0..<r.rows {
                    try body(.series(StoreRows.SeriesRow(id: r.int64(k, 0), benchmark: r.text(k, 1), metric: r.text(k, 2),
                                                         unit: r.text(k, 3), direction: r.text(k, 4))))
                }
            }
            try forEachBatch(c, "SELECT \(PostgresStore.runColumns), ingested_at FROM run ORDER BY id") { r in
                for k in 0..<r.rows {
                    try body(.run(StoreRows.RunRow(id: r.int64(k, 0), commit: r.optionalText(k, 1), branch: r.optionalText(k, 2),
                                                   timestamp: r.double(k, 3), machine: r.optionalText(k, 4), toolchain: r.optionalText(k, 5),
                                                   source: r.optionalText(k, 6), format: r.text(k, 7), contentHash: r.text(k, 8),
                                                   measurementCount: r.int64(k, 9), ingestedAt: r.double(k, 10))))
                }
            }
            try forEachBatch(c, "SELECT series_id, run_id, value, iterations, samples FROM measurement ORDER BY series_id, run_id") { r in
                for k in 0..<r.rows {
                    try body(.measurement(StoreRows.MeasurementRow(seriesID: r.int64(k, 0), runID: r.int64(k, 1), value: r.double(k, 2),
                                                                   iterations: r.optionalInt64(k, 3), samples: r.optionalBytes(k, 4))))
                }
            }
            try forEachBatch(c, "SELECT \(PostgresStore.baselineColumns) FROM baseline ORDER BY name") { r in
                for k in 0..<r.rows {
                    try body(.baseline(StoreRows.BaselineRow(name: r.text(k, 0), runID: r.optionalInt64(k, 1), branch: r.optionalText(k, 2),
                                                             machine: r.optionalText(k, 3), window: r.optionalInt64(k, 4), updatedAt: r.double(k, 5))))
                }
            }
        }
    }

    /// Writes the rows `rows` yields, ids kept, in one transaction: runs, series and baselines by
    /// statement, measurements by one COPY; then moves the id sequences past the copied ids. A
    /// store that already holds a run is refused before anything is written.
    public func writeRows(_ rows: ((StoreRows.Row) throws -> Void) throws -> Void) throws {
        try transaction { c in
            let existing = try c.exec("SELECT count(*) FROM run").int64(0, 0)
            if existing > 0 { throw StoreRows.targetNotEmpty(path, runs: Int(existing)) }
            // Collect measurements into COPY text as they come; the other tables are small.
            var copy: [UInt8] = []
            try rows { row in
                switch row {
                case let .series(s):
                    try c.exec("INSERT INTO series(id, benchmark, metric, unit, direction) VALUES ($1, $2, $3, $4, $5)",
                               [String(s.id), s.benchmark, s.metric, s.unit, s.direction])
                case let .run(r):
                    try c.exec("""
                        INSERT INTO run(id, commit_id, branch, "timestamp", machine, toolchain, source, format, content_hash,
                                        measurement_count, ingested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        """, [String(r.id), r.commit, r.branch, PGText.double(r.timestamp), r.machine, r.toolchain, r.source,
                              r.format, r.contentHash, String(r.measurementCount), PGText.double(r.ingestedAt)])
                case let .measurement(m):
                    copy.append(contentsOf: String(m.seriesID).utf8); copy.append(0x09)
                    copy.append(contentsOf: String(m.runID).utf8); copy.append(0x09)
                    copy.append(contentsOf: PGText.double(m.value).utf8); copy.append(0x09)
                    if let it = m.iterations { copy.append(contentsOf: String(it).utf8) } else { copy.append(contentsOf: PGText.copyNull) }
                    copy.append(0x09)
                    if let s = m.samples { s.withUnsafeBytes { PGText.appendCopyBytea($0, to: &copy) } } else { copy.append(contentsOf: PGText.copyNull) }
                    copy.append(0x0A)
                case let .baseline(b):
                    try c.exec("""
                        INSERT INTO baseline(name, run_id, branch, machine, "window", updated_at) VALUES ($1, $2, $3, $4, $5, $6)
                        """, [b.name, b.runID.map { String($0) }, b.branch, b.machine, b.window.map { String($0) }, PGText.double(b.updatedAt)])
                }
            }
            var sent = false
            try c.copyIn("COPY measurement(series_id, run_id, value, iterations, samples) FROM STDIN") { buffer in
                if !sent { swap(&buffer, &copy); sent = true }
                return false
            }
            for table in ["run", "series"] {
                try c.exec("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST((SELECT max(id) FROM \(table)), 1), (SELECT max(id) FROM \(table)) IS NOT NULL)")
            }
        }
    }
}
