import Foundation
import GRDB
import GRDBSQLite
import SextantText

extension HistoryStore {
    /// Stores `runs` in one transaction: all of them or, on any error, none.
    ///
    /// A run without a timestamp is stamped with the time of ingest, and its content hash leaves the
    /// timestamp out, so that re-ingesting a file that carries no date (hyperfine, Bencher) is still
    /// a no-op. A run whose content hash (SHA-256 over its metadata and measurements, not the file
    /// name) is already stored is skipped.
    /// - Complexity: O(m log M) for m new measurements in a store of M.
    public func ingest(_ runs: [ImportedRun], source: String?, format: String) throws -> IngestResult {
        for (k, r) in runs.enumerated() {
            if let problem = HistoryStore.problem(r) {
                throw HistoryError.invalidInput(file: source ?? "input", line: nil,
                                                message: runs.count > 1 ? "run \(k + 1): \(problem)" : problem)
            }
        }
        return try ingest(source: source, format: format) { sink in
            for r in runs {
                try sink.beginRun(r.metadata)
                for m in r.measurements { try sink.add(m) }
                try sink.endRun()
            }
        }
    }

    /// Stores the runs `produce` streams into its sink, in one `BEGIN IMMEDIATE` transaction: all of
    /// them or, when `produce` or the store throws, none. The contract of ``ingest(_:source:format:)``
    /// (content-hash skipping, ingest-time stamps, the same checks and messages) with bounded memory:
    /// a run's first ``bufferedMeasurements`` measurements are held until the run ends, so that a
    /// run already stored is skipped without writing; the rest of a longer run is written as it
    /// arrives, inside a savepoint that is rolled back if the run's content hash turns out stored.
    /// - Complexity: O(m log M) for m new measurements in a store of M; memory O(series + runs +
    ///   ``bufferedMeasurements``), independent of the number of measurements.
    public func ingest(source: String?, format: String, _ produce: (any RunSink) throws -> Void) throws -> IngestResult {
        do {
            return try HistoryStore.withRetry {
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA cache_size = -65536")
                    var result = IngestResult(added: [], skipped: 0, measurements: 0)
                    try db.inTransaction(.immediate) {
                        let writer = try RunWriter(db: db, source: source, format: format)
                        try produce(writer)
                        result = writer.result
                        return .commit
                    }
                    return result
                }
            }
        } catch let e as DatabaseError {
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
    }

    /// How many measurements of a streamed run are held before it is written speculatively.
    public static let bufferedMeasurements = 1 << 14

    /// Why `run` cannot be stored, or nil: the store's own check of what every importer checks
    /// (timestamp range, field sizes, NUL and non-characters, finite values, sample counts), so that
    /// no entry point (an importer, `--commit`, `--timestamp`, a library caller) can store a row the
    /// store cannot render.
    /// - Complexity: O(total length of the run's names and samples).
    public static func problem(_ run: ImportedRun) -> String? {
        if let p = problem(run.metadata) { return p }
        var checked = Set<SeriesKey>()
        for m in run.measurements {
            if checked.insert(SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)).inserted,
               let p = problem(series: m) {
                return p
            }
            if let p = problem(values: m) { return p }
        }
        return nil
    }

    /// Why a run's metadata cannot be stored, or nil (part of ``problem(_:)``).
    public static func problem(_ md: RunMetadata) -> String? {
        if let ts = md.timestamp, let p = Timestamps.problem(ts) { return p }
        for (value, field) in [(md.commit, "commit"), (md.branch, "branch"), (md.machine, "machine"), (md.toolchain, "toolchain")] {
            if let value, let p = TextField.problem(value, field: field) { return p }
        }
        return nil
    }

    /// Why a measurement's benchmark, metric or unit cannot be stored, or nil (part of ``problem(_:)``).
    static func problem(series m: BenchmarkMeasurement) -> String? {
        if m.benchmark.isEmpty { return "empty benchmark name" }
        if let p = TextField.problem(m.benchmark, field: "benchmark name", maximumBytes: TextField.maximumNameBytes) { return p }
        if let p = TextField.problem(m.metric, field: "metric") ?? TextField.problem(m.unit, field: "unit") {
            return "benchmark \"\(m.benchmark)\": \(p)"
        }
        return nil
    }

    /// Why a measurement's value or samples cannot be stored, or nil (part of ``problem(_:)``).
    static func problem(values m: BenchmarkMeasurement) -> String? {
        if !m.value.isFinite { return "benchmark \"\(m.benchmark)\": value \(m.value) is not finite" }
        if let s = m.samples {
            if s.count > Units.maximumSamples { return "benchmark \"\(m.benchmark)\": \(s.count) samples, more than \(Units.maximumSamples)" }
            if s.contains(where: { !$0.isFinite }) { return "benchmark \"\(m.benchmark)\": a sample is not finite" }
        }
        return nil
    }

    /// The one message for a benchmark and metric found twice in one run.
    static func twice(_ m: BenchmarkMeasurement) -> String {
        "benchmark \"\(m.benchmark)\" metric \(m.metric) appears twice in one run"
    }

    struct SeriesKey: Hashable { var benchmark: String; var metric: String; var unit: String }

    /// Stores runs whose content hashes are known (run files), in the caller's transaction.
    func insert(_ prepared: [(ImportedRun, String, Date)], source: String?, format: String,
                db: Database) throws -> IngestResult {
        let writer = try RunWriter(db: db, source: source, format: format)
        for (run, hash, ts) in prepared { try writer.store(run, hash: hash, timestamp: ts) }
        return writer.result
    }

    /// SHA-256 over a run's canonical content: metadata and measurements in order, floats by bit pattern.
    public static func contentHash(_ run: ImportedRun) -> String {
        var h = RunHasher(run.metadata)
        for m in run.measurements { h.add(m) }
        return h.finalize()
    }
}

/// One ingest transaction's prepared statements, series cache and the run being streamed.
///
/// A streamed run is held (up to ``HistoryStore/bufferedMeasurements``) until it ends, then
/// skipped when its content hash is stored, else written. A longer run is written from then on
/// under the savepoint `sextant_run` with a placeholder hash, and at its end either given its hash
/// or rolled back.
final class RunWriter: RunSink {
    private let db: Database
    private let source: String?
    private let format: String
    private let exists: Statement
    private let insertRun: Statement
    private let updateRun: Statement
    private let findSeries: Statement
    private let insertSeries: Statement
    private let insertMeasurement: Statement
    private var seriesIDs: [HistoryStore.SeriesKey: Int64] = [:]
    private var seenHashes = Set<String>()
    private let now: Double
    private(set) var result = HistoryStore.IngestResult(added: [], skipped: 0, measurements: 0)

    // The run being streamed.
    private var metadata = RunMetadata()
    private var hasher: RunHasher?
    private var held: [BenchmarkMeasurement] = []
    private var spilledRun: Int64?
    private var count = 0

    private static let placeholderHash = "sextant:pending"

    init(db: Database, source: String?, format: String) throws {
        self.db = db
        self.source = source
        self.format = format
        exists = try db.makeStatement(sql: "SELECT 1 FROM run WHERE content_hash = ?")
        insertRun = try db.makeStatement(sql: """
            INSERT INTO run(commit_id, branch, timestamp, machine, toolchain, source, format, content_hash,
                            measurement_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        updateRun = try db.makeStatement(sql: "UPDATE run SET content_hash = ?, measurement_count = ? WHERE id = ?")
        findSeries = try db.makeStatement(sql: "SELECT id, direction FROM series WHERE benchmark = ? AND metric = ? AND unit = ?")
        insertSeries = try db.makeStatement(sql: "INSERT INTO series(benchmark, metric, unit, direction) VALUES (?,?,?,?)")
        insertMeasurement = try db.makeStatement(sql: "INSERT INTO measurement(series_id, run_id, value, iterations, samples) VALUES (?,?,?,?,?)")
        now = Date().timeIntervalSince1970
    }

    private func fail(_ message: String) -> HistoryError {
        .invalidInput(file: source ?? "input", line: nil, message: message)
    }

    // MARK: runs whose hash is known

    /// Stores `run` under `hash` unless a run with that hash is stored (or was earlier in this transaction).
    func store(_ run: ImportedRun, hash: String, timestamp: Date) throws {
        if try isStored(hash) { result.skipped += 1; return }
        let id = try insertRunRow(run.metadata, timestamp: timestamp.timeIntervalSince1970, hash: hash, count: run.measurements.count)
        for m in run.measurements { try insert(m, run: id) }
    }

    private func isStored(_ hash: String) throws -> Bool {
        if !seenHashes.insert(hash).inserted { return true }
        exists.setUncheckedArguments([hash])
        return try Row.fetchOne(exists) != nil
    }

    private func insertRunRow(_ md: RunMetadata, timestamp: Double, hash: String, count: Int) throws -> Int64 {
        insertRun.setUncheckedArguments([md.commit, md.branch, timestamp, md.machine, md.toolchain,
                                         source, format, hash, count, now])
        try insertRun.execute()
        let id = db.lastInsertedRowID
        result.added.append(id)
        return id
    }

    private func seriesID(_ m: BenchmarkMeasurement) throws -> Int64 {
        let key = HistoryStore.SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)
        if let s = seriesIDs[key] { return s }
        if let p = HistoryStore.problem(series: m) { throw fail(p) }
        let sid: Int64
        findSeries.setUncheckedArguments([m.benchmark, m.metric, m.unit])
        if let row = try Row.fetchOne(findSeries) {
            sid = row[0]
        } else {
            insertSeries.setUncheckedArguments([m.benchmark, m.metric, m.unit, m.direction.rawValue])
            try insertSeries.execute()
            sid = db.lastInsertedRowID
        }
        seriesIDs[key] = sid
        return sid
    }

    private func insert(_ m: BenchmarkMeasurement, run runID: Int64) throws {
        let sid = try seriesID(m)
        // The hot loop binds through the C API: GRDB's StatementArguments allocate per row.
        let h = insertMeasurement.sqliteStatement
        sqlite3_bind_int64(h, 1, sid)
        sqlite3_bind_int64(h, 2, runID)
        sqlite3_bind_double(h, 3, m.value)
        if let it = m.iterations { sqlite3_bind_int64(h, 4, Int64(it)) } else { sqlite3_bind_null(h, 4) }
        if let samples = m.samples {
            let blob = HistoryStore.encodeSamples(samples)
            let bound = blob.withUnsafeBytes { sqlite3_bind_blob64(h, 5, $0.baseAddress, sqlite3_uint64($0.count), HistoryStore.transient) }
            if bound != SQLITE_OK {
                throw DatabaseError(resultCode: ResultCode(rawValue: bound), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        } else {
            sqlite3_bind_null(h, 5)
        }
        let rc = sqlite3_step(h)
        sqlite3_reset(h)
        if rc != SQLITE_DONE {
            // the primary key (series, run): one benchmark and metric twice in one run
            if rc & 0xff == SQLITE_CONSTRAINT { throw fail(HistoryStore.twice(m)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        result.measurements += 1
    }

    // MARK: RunSink (streamed runs, hashed here)

    func beginRun(_ md: RunMetadata) throws {
        precondition(hasher == nil, "beginRun inside a run")
        if let p = HistoryStore.problem(md) { throw fail(p) }
        metadata = md
        hasher = RunHasher(md)
        held.removeAll(keepingCapacity: true)
        spilledRun = nil
        count = 0
    }

    func add(_ m: BenchmarkMeasurement) throws {
        if let p = HistoryStore.problem(values: m) { throw fail(p) }
        hasher!.add(m)
        count += 1
        if let id = spilledRun {
            try insert(m, run: id)
            return
        }
        held.append(m)
        if held.count > HistoryStore.bufferedMeasurements {
            try db.execute(sql: "SAVEPOINT sextant_run")
            let id = try insertRunRow(metadata, timestamp: metadata.timestamp?.timeIntervalSince1970 ?? now,
                                      hash: Self.placeholderHash, count: 0)
            spilledRun = id
            for h in held { try insert(h, run: id) }
            held.removeAll(keepingCapacity: false)
        }
    }

    func endRun() throws {
        guard var h = hasher else { preconditionFailure("endRun outside a run") }
        hasher = nil
        let hash = h.finalize()
        if let id = spilledRun {
            spilledRun = nil
            if try isStored(hash) {
                try db.execute(sql: "ROLLBACK TO sextant_run; RELEASE sextant_run")
                result.added.removeLast()
                result.measurements -= count
                result.skipped += 1
                seriesIDs.removeAll()  // series created inside the savepoint are gone
            } else {
                updateRun.setUncheckedArguments([hash, count, id])
                try updateRun.execute()
                try db.execute(sql: "RELEASE sextant_run")
            }
            return
        }
        if try isStored(hash) {
            // Skipped unwritten, so the primary key never sees it: the file's mistake is still refused.
            var keys = Set<HistoryStore.SeriesKey>()
            for m in held where !keys.insert(HistoryStore.SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)).inserted {
                throw fail(HistoryStore.twice(m))
            }
            result.skipped += 1
            return
        }
        let id = try insertRunRow(metadata, timestamp: metadata.timestamp?.timeIntervalSince1970 ?? now, hash: hash, count: count)
        for m in held { try insert(m, run: id) }
        held.removeAll(keepingCapacity: true)
    }
}
