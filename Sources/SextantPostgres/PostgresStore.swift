import CLibPQ
import Foundation
import SextantHistory

/// The history store on a PostgreSQL server (15 or later), for an organisation whose many CI
/// machines and people share one history: the same schema, migrations, content-hash idempotence,
/// one transaction per file and error messages as the SQLite ``HistoryStore``
/// (``HistoryStoring`` states the contract; the store test suite runs on both).
///
/// Concurrency as a server sees it. Many processes may ingest at once: runs are inserted with
/// `ON CONFLICT (content_hash) DO NOTHING`, which waits for a concurrent transaction holding the
/// same hash and then skips, so a run is never stored twice nor lost; new series are inserted in
/// one sorted statement (`ON CONFLICT DO NOTHING`), so two writers take their locks in the same
/// order. A transaction the server aborts as a serialization failure (`40001`) or deadlock
/// (`40P01`) is retried whole, with backoff. Readers use MVCC snapshots (`REPEATABLE READ READ
/// ONLY`) and never wait for writers. Schema migration runs under a transaction-scoped advisory
/// lock, so processes opening a fresh database together migrate it once.
///
/// One connection per store object (libpq connections are not thread-safe; a lock serialises use).
public final class PostgresStore: HistoryStoring, @unchecked Sendable {
    /// The server URL without its password, as messages name the store.
    public let path: String
    let connection: PGConnection
    let lock = NSLock()

    /// The advisory lock key of schema migration: "SXTH", as SQLite's `application_id`.
    static let migrationLockKey = Int64(HistoryStore.applicationID)

    /// How often a transaction aborted as a serialization failure or deadlock is retried.
    /// Eight attempts with jittered backoff of 10-80 ms cover the 8-writer test with a wide margin.
    static let transientRetries = 8

    /// Connects to `url` (`postgresql://user@host:port/db?sslmode=...`, or any libpq connection
    /// string) and migrates the schema.
    ///
    /// - Parameters:
    ///   - url: the server; passwords come from the URL, `PGPASSWORD` or `~/.pgpass` (libpq).
    ///   - create: when false, a database without the store's tables is an error instead of being
    ///     given them.
    /// - Throws: ``HistoryError/store(message:)`` naming the URL (without password) for a refused
    ///   connection or a database that holds other tables and no Sextant store (left unchanged);
    ///   ``HistoryError/notFound(_:)`` for a missing store when `create` is false.
    public init(url: String, create: Bool = true) throws {
        path = StoreLocation.redacted(url)
        do {
            connection = try PGConnection(conninfo: url)
            // The server's NOTICEs ("relation ... already exists, skipping") are not the user's business.
            try connection.exec("SET client_min_messages = warning")
        } catch let e as PGError {
            throw HistoryError.store(message: "\(path): \(e.message)")
        }
        try migrate(create: create)
    }

    /// The tables of the schema, by which a foreign database is told apart.
    static let sextantTables: Set<String> = ["run", "series", "measurement", "baseline", "sextant_migrations"]

    func migrate(create: Bool) throws {
        try transaction { c in
            try c.exec("SELECT pg_advisory_xact_lock(\(PostgresStore.migrationLockKey))")
            let tables = Set(try c.exec("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()").column(0))
            if !tables.contains("sextant_migrations") {
                if !tables.isEmpty {
                    throw HistoryError.store(message: "\(path) is a PostgreSQL database but not a Sextant history store: it holds other tables (\(tables.sorted().prefix(5).joined(separator: ", "))); it was left unchanged")
                }
                if !create { throw HistoryError.notFound("no history store at \(path) (run `sextant ingest` first)") }
            }
            try SchemaMigrations.migrate(PostgresMigrationTarget(connection: c))
        }
    }

    /// The schema versions applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try locked { c in SchemaMigrations.ordered(try c.exec("SELECT identifier FROM sextant_migrations").column(0)) }
    }

    // MARK: - Transactions

    /// Runs `body` with the connection under the lock, mapping server errors to ``HistoryError``.
    func locked<T>(_ body: (PGConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(connection)
        } catch let e as PGError {
            throw HistoryError.store(message: "\(path): \(e.message)")
        }
    }

    /// Runs `body` in one transaction (`begin` names its isolation), committing on success and
    /// rolling back on any error; a serialization failure or deadlock retries the whole body.
    @discardableResult
    func transaction<T>(_ begin: String = "BEGIN", _ body: (PGConnection) throws -> T) throws -> T {
        try locked { c in
            var attempt = 0
            while true {
                try c.exec(begin)
                do {
                    let value = try body(c)
                    try c.exec("COMMIT")
                    return value
                } catch let e as PGError where e.isTransient && attempt < PostgresStore.transientRetries {
                    _ = try? c.exec("ROLLBACK")
                    attempt += 1
                    usleep(UInt32.random(in: 10_000...(10_000 * UInt32(attempt + 1))))
                } catch {
                    _ = try? c.exec("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// A consistent read: one snapshot for every query of `body`, never waiting for writers.
    func snapshot<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Streams the rows of `sql` through a cursor, `batch` rows per round trip, so that memory stays
    /// bounded whatever the result's size. Call inside a transaction.
    func forEachBatch(_ c: PGConnection, _ sql: String, _ params: [String?] = [], batch: Int = 50_000,
                      _ body: (PGResult) throws -> Void) throws {
        try c.exec("DECLARE sextant_cursor NO SCROLL CURSOR FOR " + sql, params)
        while true {
            let r = try c.exec("FETCH FORWARD \(batch) FROM sextant_cursor")
            if r.rows == 0 { break }
            try body(r)
            if r.rows < batch { break }
        }
        try c.exec("CLOSE sextant_cursor")
    }
}

extension PGResult {
    /// Column `col` of every row as text.
    func column(_ col: Int) -> [String] { (0..<rows).map { text($0, col) } }
}

/// The PostgreSQL side of the one migration runner (inside the advisory-locked transaction).
struct PostgresMigrationTarget: MigrationTarget {
    let connection: PGConnection
    var dialect: SQLDialect { .postgres }

    func recordedMigrations() throws -> [String] {
        try connection.exec("CREATE TABLE IF NOT EXISTS sextant_migrations (identifier TEXT COLLATE \"C\" PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        return try connection.exec("SELECT identifier FROM sextant_migrations").column(0)
    }

    func execute(_ sql: String) throws { try connection.execScript(sql) }

    func record(_ identifier: String) throws {
        try connection.exec("INSERT INTO sextant_migrations(identifier) VALUES ($1)", [identifier])
    }
}
