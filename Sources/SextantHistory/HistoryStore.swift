import Foundation
import GRDB
import GRDBSQLite
import SextantText

/// The history store: an embedded SQLite file holding runs, measurements and baselines.
///
/// The file is opened through a GRDB `DatabasePool`, so it runs in WAL mode: readers never block the
/// writer and several processes may ingest at once. Writers wait up to `busyTimeout` for each other.
/// Every ingest is one `BEGIN IMMEDIATE` transaction, so a file lands whole or not at all, and a run
/// whose content hash is already stored is skipped, so re-ingesting identical content is a no-op.
///
/// The schema and its migrations are ``SchemaMigrations/all`` (shared with the PostgreSQL store).
public final class HistoryStore: Sendable {
    /// The file's path.
    public let path: String
    let pool: DatabasePool

    /// The default store location relative to the working directory.
    public static let defaultPath = ".sextant/history.sqlite"

    /// Opens (creating when missing, with its folder) the store at `path` and migrates its schema.
    ///
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - create: when false, a missing file is an error instead of being created.
    ///   - busyTimeout: how long a writer waits for another process's transaction, in seconds. The
    ///     default of 60 s outlasts any single ingest measured here (1e6 measurements take seconds).
    public init(path: String, create: Bool = true, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        // A server URL is not a file name: never create a folder `postgresql:` for it.
        if let scheme = StoreLocation.scheme(of: path) {
            throw HistoryError.store(message: "\(StoreLocation.redacted(path)) is a \(scheme):// URL, not an SQLite file"
                + (StoreLocation.postgresSchemes.contains(scheme) ? " (open it with PostgresStore, as `--store` does)" : ""))
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw HistoryError.store(message: "\(path) is a directory, not a store file") }
        } else {
            guard create else { throw HistoryError.notFound("no history store at \(path) (run `sextant ingest` first)") }
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        }
        // SQLite creates `-wal` and `-shm` beside a WAL-mode file even to refuse it (a truncated
        // store): note which were there before, to remove ours if the file is refused.
        let sideFilesBefore = SideFiles(of: path)
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
            try HistoryStore.checkIsSextantStore(path: path, busyTimeout: busyTimeout, sideFiles: sideFilesBefore)
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        // The store writes runs, series and measurements itself, in one transaction, and never
        // deletes runs: foreign-key checks would only double the index lookups of every insert.
        config.foreignKeysEnabled = false
        config.prepareDatabase { db in
            // WAL makes NORMAL durable against application crashes; only an OS crash may lose the
            // last commits, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            do {
                pool = try HistoryStore.withRetry { try DatabasePool(path: path, configuration: config) }
            } catch let e as DatabaseError where SideFiles.isRefusal(e) {
                sideFilesBefore.removeCreatedSince()  // no connection of ours is open any more
                throw e
            }
            try HistoryStore.withRetry {
                try self.pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try SchemaMigrations.migrate(SQLiteMigrationTarget(db: db))
                        return .commit
                    }
                }
            }
        } catch let e as HistoryError {
            throw e
        } catch let e as DatabaseError {
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
    }

    /// The `-wal` and `-shm` files beside a store file, as found before this process opened it.
    ///
    /// When the file is refused (not a database, corrupt, not Sextant's), the side files that SQLite
    /// created for the refusing open are removed: those absent before, the `-wal` only while empty
    /// (a WAL that holds frames is data, whoever wrote it), the `-shm` only when no `-wal` is left
    /// beside it. Files that existed before are never touched, nor anything after a busy or locked
    /// error (another process may be creating the store at that moment).
    struct SideFiles {
        let path: String
        let walExisted: Bool
        let shmExisted: Bool

        init(of path: String) {
            self.path = path
            walExisted = Self.exists(path + "-wal")
            shmExisted = Self.exists(path + "-shm")
        }

        /// Whether the path names anything, a dangling symbolic link included.
        static func exists(_ path: String) -> Bool {
            var st = stat()
            return lstat(path, &st) == 0
        }

        /// Whether `e` says the file itself is unusable (rather than busy, locked or unreachable).
        static func isRefusal(_ e: DatabaseError) -> Bool {
            e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CORRUPT
        }

        /// Removes the side files created since `init` (see the type's description).
        func removeCreatedSince() {
            let wal = path + "-wal", shm = path + "-shm"
            if !walExisted {
                var st = stat()
                if lstat(wal, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size == 0 { unlink(wal) }
            }
            if !shmExisted, !Self.exists(wal) {
                var st = stat()
                if lstat(shm, &st) == 0, st.st_mode & S_IFMT == S_IFREG { unlink(shm) }
            }
        }
    }

    /// The SQLite header's `application_id` that marks a Sextant store: "SXTH" in ASCII.
    public static let applicationID: Int32 = 0x5358_5448

    /// The tables of schema v1, by which a store written before the `application_id` marker is recognised.
    static let sextantTables: Set<String> = ["run", "series", "measurement", "baseline", "grdb_migrations"]

    /// Refuses an existing SQLite file that is not a Sextant store (read-only: the file is not touched).
    ///
    /// Accepted: the Sextant `application_id`; or no marker and no tables (an empty database); or
    /// no marker and exactly schema v1's tables with its migration recorded (a store of an earlier
    /// version, which migration `v2-application-id` then marks).
    /// A refused file's side files that this open created are removed (``SideFiles``).
    static func checkIsSextantStore(path: String, busyTimeout: TimeInterval, sideFiles: SideFiles? = nil) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        let verdict: String?
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            verdict = try queue.read { db -> String? in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if id == applicationID { return nil }
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
                if id == 0, tables.isEmpty { return nil }
                if id == 0, tables == sextantTables,
                   try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = 'v1')") == true {
                    return nil
                }
                if id != 0 { return "its application_id is 0x\(String(UInt32(bitPattern: id), radix: 16)), not Sextant's" }
                return "it holds other tables (\(tables.sorted().prefix(5).joined(separator: ", ")))"
            }
            try queue.close()
        } catch let e as DatabaseError {
            if SideFiles.isRefusal(e) { sideFiles?.removeCreatedSince() }  // the queue is closed: it was local to the do block
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
        if let verdict {
            sideFiles?.removeCreatedSince()
            throw HistoryError.store(message: "\(path) is an SQLite database but not a Sextant history store: \(verdict); it was left unchanged")
        }
    }

    /// Runs `body`, retrying once after a constraint error or a few times after `SQLITE_BUSY`: the
    /// states several processes opening a fresh file at the same moment can meet (GRDB's migrator
    /// records its migrations with a plain INSERT, which loses a race with a concurrent migrator).
    static func withRetry<T>(_ body: () throws -> T) throws -> T {
        var constraintRetries = 1
        var busyRetries = 20
        while true {
            do {
                return try body()
            } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT && constraintRetries > 0 {
                constraintRetries -= 1
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && busyRetries > 0 {
                busyRetries -= 1
                usleep(50_000)
            }
        }
    }

    /// The schema versions applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return SchemaMigrations.ordered(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
    }

    // MARK: - Ingest

    /// What an ingest did.
    public struct IngestResult: Sendable, Equatable {
        /// Ids of the runs added, in file order.
        public var added: [Int64]
        /// Runs skipped because identical content was already stored.
        public var skipped: Int
        /// Measurements added.
        public var measurements: Int

        public init(added: [Int64], skipped: Int, measurements: Int) {
            self.added = added
            self.skipped = skipped
            self.measurements = measurements
        }
    }

    /// SQLite's `SQLITE_TRANSIENT`: the blob is copied before the bind returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public static func encodeSamples(_ samples: [Double]) -> Data {
        var data = Data(count: samples.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (k, x) in samples.enumerated() {
                raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: k * 8, as: UInt64.self)
            }
        }
        return data
    }

    public static func decodeSamples(_ data: Data) -> [Double] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { k in
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
            }
        }
    }

    // MARK: - Queries

    /// The stored time of run `id` as a date; a value outside ``Timestamps/validRange`` (written by
    /// another program or an earlier version) is an error naming the run, never a trap later.
    public static func checkedTimestamp(_ seconds: Double, run id: Int64) throws -> Date {
        let date = Date(timeIntervalSince1970: seconds)
        if let problem = Timestamps.problem(date) {
            throw HistoryError.store(message: "run \(id) cannot be read: its \(problem) (the row was not written by this version of Sextant)")
        }
        return date
    }

    static func run(from row: Row) throws -> Run {
        Run(id: row["id"], commit: row["commit_id"], branch: row["branch"],
            timestamp: try checkedTimestamp(row["timestamp"], run: row["id"]), machine: row["machine"],
            toolchain: row["toolchain"], source: row["source"], format: row["format"],
            contentHash: row["content_hash"], measurementCount: row["measurement_count"])
    }

    /// Runs, oldest first (by timestamp, then id), optionally on one branch and machine, optionally
    /// only the last `limit`.
    /// - Complexity: O(r log r) for r matching runs.
    public func runs(branch: String? = nil, machine: String? = nil, limit: Int? = nil) throws -> [Run] {
        try read { db in
            var sql = "SELECT * FROM run"
            var clauses: [String] = []
            var args: [(any DatabaseValueConvertible)?] = []
            if let branch { clauses.append("branch = ?"); args.append(branch) }
            if let machine { clauses.append("machine = ?"); args.append(machine) }
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            if let limit {
                sql = "SELECT * FROM (\(sql) ORDER BY timestamp DESC, id DESC LIMIT \(max(0, limit))) ORDER BY timestamp, id"
            } else {
                sql += " ORDER BY timestamp, id"
            }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try HistoryStore.run(from: $0) }
        }
    }

    /// The run with `id`, if stored.
    public func run(id: Int64) throws -> Run? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map { try HistoryStore.run(from: $0) } }
    }

    /// The measurements of one run, by benchmark then metric.
    public func measurements(run id: Int64) throws -> [BenchmarkMeasurement] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.benchmark, s.metric, s.unit, s.direction, m.value, m.iterations, m.samples
                FROM measurement m JOIN series s ON s.id = m.series_id WHERE m.run_id = ?
                ORDER BY s.benchmark, s.metric
                """, arguments: [id]).map { row in
                BenchmarkMeasurement(benchmark: row[0], metric: row[1], unit: row[2],
                            direction: Direction(rawValue: row[3]) ?? .lowerIsBetter, value: row[4],
                            samples: (row[6] as Data?).map(HistoryStore.decodeSamples), iterations: row[5])
            }
        }
    }

    /// Removes the store file at `path` with its `-wal` and `-shm` when it holds no run, and its
    /// folder when `removeFolder` and the folder is then empty: for a command that created the store
    /// and then stored nothing (`sextant ingest` of a bad first file, read while it is stored), so
    /// that a refused input leaves the disk as it found it. A store with a run is never touched, nor
    /// one that cannot be opened. Returns whether the file was removed.
    /// - Complexity: O(1) (two counts).
    @discardableResult
    public static func removeIfEmpty(path: String, removeFolder: Bool = false) -> Bool {
        do {
            // Opened and released inside this scope: its connections close before the files go.
            let store = try HistoryStore(path: path, create: false)
            guard try store.counts().runs == 0 else { return false }
        } catch {
            return false
        }
        for file in [path, path + "-wal", path + "-shm"] { unlink(file) }
        let folder = (path as NSString).deletingLastPathComponent
        if removeFolder, !folder.isEmpty { rmdir(folder) }
        return true
    }

    /// Total number of runs and measurements stored.
    public func counts() throws -> (runs: Int, measurements: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM measurement") ?? 0)
        }
    }

    /// Every (benchmark, metric) whose benchmark matches the shell glob `benchmark` (`*`, `?`, `[...]`)
    /// and whose metric equals `metric` when given, each with its points on `branch` and `machine`
    /// when given, oldest first (by run timestamp, then run id). Series without points are left out.
    /// - Complexity: O(r log r + p log p) for r runs and p matching points.
    public func series(benchmark: String = "*", metric: String? = nil, branch: String? = nil,
                       machine: String? = nil, includeSamples: Bool = true) throws -> [Series] {
        try read { db in
            let keys = try Row.fetchAll(db, sql: "SELECT id, benchmark, metric, unit, direction FROM series ORDER BY benchmark, metric, unit")
                .filter { row in
                    Glob.matches(benchmark, row[1]) && (metric == nil || row[2] == metric)
                }
            // The runs once (a store holds far fewer runs than measurements), ranked oldest first;
            // every point then shares its run's strings instead of decoding them again per row.
            var runSQL = "SELECT id, commit_id, branch, machine, timestamp FROM run"
            var runArgs: [(any DatabaseValueConvertible)?] = []
            var conditions: [String] = []
            if let branch { conditions.append("branch = ?"); runArgs.append(branch) }
            if let machine { conditions.append("machine = ?"); runArgs.append(machine) }
            if !conditions.isEmpty { runSQL += " WHERE " + conditions.joined(separator: " AND ") }
            runSQL += " ORDER BY timestamp, id"
            struct RunInfo { var rank: Int; var commit: String?; var branch: String?; var machine: String?; var timestamp: Date }
            var runs: [Int64: RunInfo] = [:]
            for (rank, row) in try Row.fetchAll(db, sql: runSQL, arguments: StatementArguments(runArgs)).enumerated() {
                runs[row[0]] = RunInfo(rank: rank, commit: row[1], branch: row[2], machine: row[3],
                                       timestamp: try HistoryStore.checkedTimestamp(row[4], run: row[0]))
            }
            var result: [Series] = []
            // The hot loop reads columns through the C API: GRDB's Row decoding costs more than the query.
            let stmt = try db.makeStatement(sql: """
                SELECT run_id, value, iterations, \(includeSamples ? "samples" : "NULL")
                FROM measurement WHERE series_id = ?
                """)
            let h = stmt.sqliteStatement
            var ranked: [(rank: Int, point: SeriesPoint)] = []
            for key in keys {
                ranked.removeAll(keepingCapacity: true)
                sqlite3_reset(h)
                sqlite3_bind_int64(h, 1, key[0] as Int64)
                while true {
                    let rc = sqlite3_step(h)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                    guard let run = runs[sqlite3_column_int64(h, 0)] else { continue }
                    let iterations: Int? = sqlite3_column_type(h, 2) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(h, 2))
                    var samples: [Double]? = nil
                    if sqlite3_column_type(h, 3) == SQLITE_BLOB, let p = sqlite3_column_blob(h, 3) {
                        let count = Int(sqlite3_column_bytes(h, 3)) / 8
                        let raw = UnsafeRawBufferPointer(start: p, count: count * 8)
                        samples = (0..<count).map { k in
                            Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
                        }
                    }
                    ranked.append((run.rank, SeriesPoint(
                        runID: sqlite3_column_int64(h, 0), commit: run.commit, branch: run.branch, machine: run.machine,
                        timestamp: run.timestamp, value: sqlite3_column_double(h, 1), samples: samples,
                        iterations: iterations)))
                }
                sqlite3_reset(h)
                if ranked.isEmpty { continue }
                ranked.sort { $0.rank < $1.rank }
                result.append(Series(benchmark: key[1], metric: key[2], unit: key[3],
                                     direction: Direction(rawValue: key[4]) ?? .lowerIsBetter,
                                     points: ranked.map(\.point)))
            }
            return result
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let e as DatabaseError {
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try HistoryStore.withRetry {
                try pool.writeWithoutTransaction { db in
                    var out: T?
                    try db.inTransaction(.immediate) { out = try body(db); return .commit }
                    return out!
                }
            }
        } catch let e as DatabaseError {
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
    }
}
