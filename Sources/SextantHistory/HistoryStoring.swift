import Foundation

/// What every history store backend offers: the embedded SQLite file (``HistoryStore``) and a
/// PostgreSQL server (`PostgresStore` in SextantPostgres). Commands, the sync and the baseline
/// selection see a store only through this protocol, so every one of them works on both.
///
/// The contract, which the store test suite checks once per backend with the same assertions:
/// - the schema and its versioned migrations are ``SchemaMigrations/all`` (one list, two dialects);
/// - one ingest is one transaction: a file lands whole or not at all;
/// - a run whose content hash (``HistoryStore/contentHash(_:)``) is stored is skipped, so
///   re-ingesting identical content is a no-op, also when several processes ingest at once;
/// - runs are ordered by (timestamp, id); names compare by their UTF-8 bytes (SQLite's BINARY,
///   PostgreSQL's `COLLATE "C"`), so listings and exports are identical on both backends;
/// - errors are ``HistoryError`` values with the same wording.
public protocol HistoryStoring: AnyObject, Sendable {
    /// Where the store is: the SQLite file's path, or the server URL without its password.
    var path: String { get }

    /// The schema versions applied, oldest first.
    func appliedMigrations() throws -> [String]

    /// Stores `runs` in one transaction; see ``HistoryStore/ingest(_:source:format:)``.
    func ingest(_ runs: [ImportedRun], source: String?, format: String) throws -> HistoryStore.IngestResult

    /// Stores the runs `produce` streams, in one transaction; see ``HistoryStore/ingest(source:format:_:)``.
    func ingest(source: String?, format: String, _ produce: (any RunSink) throws -> Void) throws -> HistoryStore.IngestResult

    /// Stores runs read from run files under their carried content hashes, in one transaction.
    func ingest(archived: [ArchivedRun]) throws -> HistoryStore.IngestResult

    /// Runs, oldest first, optionally on one branch and machine, optionally only the last `limit`.
    func runs(branch: String?, machine: String?, limit: Int?) throws -> [Run]

    /// The run with `id`, if stored.
    func run(id: Int64) throws -> Run?

    /// The measurements of one run, by benchmark then metric.
    func measurements(run id: Int64) throws -> [BenchmarkMeasurement]

    /// Total number of runs and measurements stored.
    func counts() throws -> (runs: Int, measurements: Int)

    /// The series matching the filters; see ``HistoryStore/series(benchmark:metric:branch:machine:includeSamples:)``.
    func series(benchmark: String, metric: String?, branch: String?, machine: String?, includeSamples: Bool) throws -> [Series]

    /// The machines of the runs (on `branch` when given) with their run counts, most runs first.
    func machines(branch: String?) throws -> [(machine: String?, runs: Int)]

    /// Every baseline, by name.
    func baselines() throws -> [Baseline]

    /// The baseline called `name`, if set.
    func baseline(named name: String) throws -> Baseline?

    /// Pins `name` to run `id` (kept when `onlyIfAbsent` and already set); whether it was written.
    @discardableResult
    func setBaseline(_ name: String, run id: Int64, onlyIfAbsent: Bool) throws -> Bool

    /// Makes `name` a rolling window of the last `count` runs on `branch` and `machine`.
    func setBaseline(_ name: String, window count: Int, branch: String?, machine: String?) throws

    /// Deletes the baseline `name`; returns whether it existed.
    @discardableResult
    func resetBaseline(_ name: String) throws -> Bool

    /// The content hash of every stored run.
    func contentHashes() throws -> Set<String>

    /// The stored run with content hash `hash` as a run file's content, or nil.
    func archivedRun(hash: String) throws -> ArchivedRun?

    /// Writes measurements as tidy rows; see ``HistoryStore/export(to:format:benchmark:since:branch:)``.
    @discardableResult
    func export(to out: BufferedOutput, format: ExportFormat, benchmark: String, since: Date?, branch: String?) throws -> Int

    // MARK: triage (issue 19; the rest is built on these two in Triage.swift)

    /// Every triage record by commit then benchmark; removed ones (tombstones) only when asked.
    func triageRecords(includeRemoved: Bool) throws -> [TriageRecord]

    /// Writes `records` (insert, or replace the one with the same benchmark, metric and commit) in one transaction.
    func writeTriage(_ records: [TriageRecord]) throws

    // MARK: whole-store copy (`sextant store copy`)

    /// The raw rows of the store in key order, streamed table by table; see ``StoreRows``.
    func readRows(_ body: (StoreRows.Row) throws -> Void) throws

    /// Writes `rows` (as ``readRows(_:)`` yields them, ids kept) into this store, which must hold
    /// no run, in one transaction.
    func writeRows(_ rows: (( StoreRows.Row) throws -> Void) throws -> Void) throws
}

extension HistoryStoring {
    /// A backend that writes a file in one batch (PostgreSQL: one `COPY`) collects the streamed
    /// runs and stores them with ``ingest(_:source:format:)``.
    public func ingest(source: String?, format: String, _ produce: (any RunSink) throws -> Void) throws -> HistoryStore.IngestResult {
        let runs = CollectingRunSink()
        try produce(runs)
        return try ingest(runs.runs, source: source, format: format)
    }

    /// The runs a baseline stands for, oldest first: its pinned run, or the window's last N runs.
    /// - Complexity: O(N log r) for a window of N over r runs.
    public func runs(of baseline: Baseline) throws -> [Run] {
        switch baseline.reference {
        case let .run(id):
            guard let r = try run(id: id) else { throw HistoryError.notFound("baseline \(baseline.name): its run \(id) is no longer stored") }
            return [r]
        case let .window(count, branch, machine):
            return try runs(branch: branch, machine: machine, limit: count)
        }
    }
}

/// Whether a `--store` value names a database server rather than a file: it starts with a URL
/// scheme (`postgresql://`, `postgres://`, or any other `scheme://`).
public enum StoreLocation {
    /// The URL schemes of PostgreSQL connection strings that libpq accepts.
    public static let postgresSchemes = ["postgresql", "postgres"]

    /// The scheme of `location` when it is `scheme://...` (letters, digits, `+`, `-`, `.`), else nil.
    /// `postgresql:` and `postgres:` count without the slashes too: no file name starts so by intent.
    public static func scheme(of location: String) -> String? {
        for s in postgresSchemes where location.lowercased().hasPrefix(s + ":") && !location.contains("://") { return s }
        guard let range = location.range(of: "://") else { return nil }
        let scheme = location[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// `location` with any password removed (`user:secret@host` -> `user@host`, `password=...`
    /// query parameters dropped), for messages.
    public static func redacted(_ location: String) -> String {
        guard let range = location.range(of: "://") else { return location }
        let head = location[..<range.upperBound]
        var rest = String(location[range.upperBound...])
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            if let colon = userinfo.firstIndex(of: ":") {
                rest = String(userinfo[..<colon]) + String(rest[at...])
            }
        }
        if let q = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false)
                .filter { !$0.lowercased().hasPrefix("password=") }
            rest = String(rest[..<q]) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        return head + rest
    }
}
