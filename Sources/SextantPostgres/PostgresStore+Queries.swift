import Foundation
import SextantHistory

extension PostgresStore {
    static let runColumns = "id, commit_id, branch, \"timestamp\", machine, toolchain, source, format, content_hash, measurement_count"

    func run(_ r: PGResult, _ row: Int) throws -> Run {
        let id = r.int64(row, 0)
        return Run(id: id, commit: r.optionalText(row, 1), branch: r.optionalText(row, 2),
                   timestamp: try HistoryStore.checkedTimestamp(r.double(row, 3), run: id), machine: r.optionalText(row, 4),
                   toolchain: r.optionalText(row, 5), source: r.optionalText(row, 6), format: r.text(row, 7),
                   contentHash: r.text(row, 8), measurementCount: Int(r.int64(row, 9)))
    }

    /// `WHERE` clauses on branch and machine with their parameters, numbered from `first`.
    static func runFilter(branch: String?, machine: String?, prefix: String = "", first: Int = 1) -> (String, [String?]) {
        var clauses: [String] = [], params: [String?] = []
        if let branch { params.append(branch); clauses.append("\(prefix)branch = $\(first + params.count - 1)") }
        if let machine { params.append(machine); clauses.append("\(prefix)machine = $\(first + params.count - 1)") }
        return (clauses.joined(separator: " AND "), params)
    }

    /// Runs, oldest first (by timestamp, then id), optionally on one branch and machine, optionally
    /// only the last `limit`.
    /// - Complexity: O(r log r) for r matching runs; one query.
    public func runs(branch: String? = nil, machine: String? = nil, limit: Int? = nil) throws -> [Run] {
        let (filter, params) = PostgresStore.runFilter(branch: branch, machine: machine)
        var sql = "SELECT \(PostgresStore.runColumns) FROM run" + (filter.isEmpty ? "" : " WHERE " + filter)
        if let limit {
            sql = "SELECT * FROM (\(sql) ORDER BY \"timestamp\" DESC, id DESC LIMIT \(max(0, limit))) AS last ORDER BY \"timestamp\", id"
        } else {
            sql += " ORDER BY \"timestamp\", id"
        }
        return try locked { c in
            let r = try c.exec(sql, params)
            return try (0..<r.rows).map { try run(r, $0) }
        }
    }

    /// The run with `id`, if stored.
    public func run(id: Int64) throws -> Run? {
        try locked { c in
            let r = try c.exec("SELECT \(PostgresStore.runColumns) FROM run WHERE id = $1", [String(id)])
            return r.rows == 0 ? nil : try run(r, 0)
        }
    }

    /// The measurements of one run, by benchmark then metric.
    public func measurements(run id: Int64) throws -> [BenchmarkMeasurement] {
        try locked { c in try measurements(run: id, c) }
    }

    func measurements(run id: Int64, _ c: PGConnection) throws -> [BenchmarkMeasurement] {
        let r = try c.exec("""
            SELECT s.benchmark, s.metric, s.unit, s.direction, m.value, m.iterations, m.samples
            FROM measurement m JOIN series s ON s.id = m.series_id WHERE m.run_id = $1
            ORDER BY s.benchmark, s.metric, s.unit
            """, [String(id)])
        return (0..<r.rows).map { k in
            BenchmarkMeasurement(benchmark: r.text(k, 0), metric: r.text(k, 1), unit: r.text(k, 2),
                                 direction: Direction(rawValue: r.text(k, 3)) ?? .lowerIsBetter, value: r.double(k, 4),
                                 samples: r.isNull(k, 6) ? nil : PostgresStore.decodeSamples(r.bytes(k, 6)),
                                 iterations: r.optionalInt64(k, 5).map { Int($0) })
        }
    }

    static func decodeSamples(_ raw: UnsafeRawBufferPointer) -> [Double] {
        (0..<(raw.count / 8)).map { k in
            Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
        }
    }

    /// Total number of runs and measurements stored.
    public func counts() throws -> (runs: Int, measurements: Int) {
        try snapshot { c in
            let r = try c.exec("SELECT (SELECT count(*) FROM run), (SELECT count(*) FROM measurement)")
            return (Int(r.int64(0, 0)), Int(r.int64(0, 1)))
        }
    }

    /// Every (benchmark, metric) whose benchmark matches the shell glob `benchmark` and whose metric
    /// equals `metric` when given, with its points on `branch` and `machine` when given, oldest first.
    ///
    /// Three queries in one snapshot whatever the number of series: the series keys (filtered by
    /// the glob here, with the C library's `fnmatch` as SQLite's store does), the runs, and every
    /// matching point through a cursor (`series_id = ANY($1)`), so `analyze` over 1000 series is
    /// not 1000 round trips.
    /// - Complexity: O(s + r log r + p log p) for s series, r runs and p matching points.
    public func series(benchmark: String = "*", metric: String? = nil, branch: String? = nil,
                       machine: String? = nil, includeSamples: Bool = true) throws -> [Series] {
        try snapshot { c in
            let keyRows = try c.exec("SELECT id, benchmark, metric, unit, direction FROM series ORDER BY benchmark, metric, unit")
            var keys: [(id: Int64, benchmark: String, metric: String, unit: String, direction: String)] = []
            for k in 0..<keyRows.rows {
                let name = keyRows.text(k, 1), m = keyRows.text(k, 2)
                guard Glob.matches(benchmark, name), metric == nil || m == metric else { continue }
                keys.append((keyRows.int64(k, 0), name, m, keyRows.text(k, 3), keyRows.text(k, 4)))
            }
            if keys.isEmpty { return [] }
            struct RunInfo { var rank: Int; var commit: String?; var branch: String?; var machine: String?; var timestamp: Date }
            let (filter, runParams) = PostgresStore.runFilter(branch: branch, machine: machine)
            let runRows = try c.exec("SELECT id, commit_id, branch, machine, \"timestamp\" FROM run"
                                     + (filter.isEmpty ? "" : " WHERE " + filter) + " ORDER BY \"timestamp\", id", runParams)
            var runs: [Int64: RunInfo] = [:]
            runs.reserveCapacity(runRows.rows)
            for k in 0..<runRows.rows {
                let id = runRows.int64(k, 0)
                runs[id] = RunInfo(rank: k, commit: runRows.optionalText(k, 1), branch: runRows.optionalText(k, 2),
                                   machine: runRows.optionalText(k, 3),
                                   timestamp: try HistoryStore.checkedTimestamp(runRows.double(k, 4), run: id))
            }
            var index: [Int64: Int] = [:]
            for (k, key) in keys.enumerated() { index[key.id] = k }
            var points = [[(rank: Int, point: SeriesPoint)]](repeating: [], count: keys.count)
            var sql = "SELECT series_id, run_id, value, iterations, \(includeSamples ? "samples" : "NULL::bytea") FROM measurement"
            var params: [String?] = []
            if keys.count < keyRows.rows {
                sql += " WHERE series_id = ANY($1::bigint[])"
                params.append("{" + keys.map { String($0.id) }.joined(separator: ",") + "}")
            }
            try forEachBatch(c, sql, params) { r in
                for k in 0..<r.rows {
                    guard let slot = index[r.int64(k, 0)] else { continue }
                    let runID = r.int64(k, 1)
                    guard let run = runs[runID] else { continue }
                    let samples = r.isNull(k, 4) ? nil : PostgresStore.decodeSamples(r.bytes(k, 4))
                    points[slot].append((run.rank, SeriesPoint(
                        runID: runID, commit: run.commit, branch: run.branch, machine: run.machine, timestamp: run.timestamp,
                        value: r.double(k, 2), samples: samples, iterations: r.optionalInt64(k, 3).map { Int($0) })))
                }
            }
            var result: [Series] = []
            for (k, key) in keys.enumerated() where !points[k].isEmpty {
                points[k].sort { $0.rank < $1.rank }
                result.append(Series(benchmark: key.benchmark, metric: key.metric, unit: key.unit,
                                     direction: Direction(rawValue: key.direction) ?? .lowerIsBetter, points: points[k].map(\.point)))
            }
            return result
        }
    }

    /// The machines of the runs (on `branch` when given), with their run counts; nil stands for
    /// runs that record no machine. Most runs first, then by name with nil first (as SQLite sorts).
    public func machines(branch: String? = nil) throws -> [(machine: String?, runs: Int)] {
        try locked { c in
            let r = try c.exec("SELECT machine, count(*) FROM run" + (branch == nil ? "" : " WHERE branch = $1")
                               + " GROUP BY machine ORDER BY count(*) DESC, machine NULLS FIRST", branch.map { [$0] } ?? [])
            return (0..<r.rows).map { (r.optionalText($0, 0), Int(r.int64($0, 1))) }
        }
    }

    // MARK: - Baselines

    func baseline(_ r: PGResult, _ k: Int) -> Baseline {
        let reference: Baseline.Reference
        if let window = r.optionalInt64(k, 4) {
            reference = .window(count: Int(window), branch: r.optionalText(k, 2), machine: r.optionalText(k, 3))
        } else {
            reference = .run(r.optionalInt64(k, 1) ?? -1)
        }
        return Baseline(name: r.text(k, 0), reference: reference, updatedAt: Date(timeIntervalSince1970: r.double(k, 5)))
    }

    static let baselineColumns = "name, run_id, branch, machine, \"window\", updated_at"

    /// Every baseline, by name.
    public func baselines() throws -> [Baseline] {
        try locked { c in
            let r = try c.exec("SELECT \(PostgresStore.baselineColumns) FROM baseline ORDER BY name")
            return (0..<r.rows).map { baseline(r, $0) }
        }
    }

    /// The baseline called `name`, if set.
    public func baseline(named name: String) throws -> Baseline? {
        try locked { c in
            let r = try c.exec("SELECT \(PostgresStore.baselineColumns) FROM baseline WHERE name = $1", [name])
            return r.rows == 0 ? nil : baseline(r, 0)
        }
    }

    /// Pins `name` to run `id`; with `onlyIfAbsent` an existing baseline is kept (one statement,
    /// `ON CONFLICT DO NOTHING`, so two processes racing to create it leave the first one's).
    @discardableResult
    public func setBaseline(_ name: String, run id: Int64, onlyIfAbsent: Bool = false) throws -> Bool {
        try transaction { c in
            guard try c.exec("SELECT 1 FROM run WHERE id = $1", [String(id)]).rows > 0 else {
                throw HistoryError.notFound("no run with id \(id)")
            }
            let r = try c.exec("""
                INSERT INTO baseline(name, run_id, branch, machine, "window", updated_at) VALUES ($1, $2, NULL, NULL, NULL, $3)
                ON CONFLICT (name) DO \(onlyIfAbsent ? "NOTHING" : "UPDATE SET run_id = excluded.run_id, branch = NULL, machine = NULL, \"window\" = NULL, updated_at = excluded.updated_at")
                RETURNING name
                """, [name, String(id), PGText.double(Date().timeIntervalSince1970)])
            return r.rows > 0
        }
    }

    /// Makes `name` a rolling window of the last `count` runs on `branch` and `machine` (nil: any).
    public func setBaseline(_ name: String, window count: Int, branch: String?, machine: String? = nil) throws {
        guard count > 0 else { throw HistoryError.notFound("a baseline window needs at least 1 run, not \(count)") }
        try transaction { c in
            try c.exec("""
                INSERT INTO baseline(name, run_id, branch, machine, "window", updated_at) VALUES ($1, NULL, $2, $3, $4, $5)
                ON CONFLICT (name) DO UPDATE SET run_id = NULL, branch = excluded.branch, machine = excluded.machine,
                    "window" = excluded."window", updated_at = excluded.updated_at
                """, [name, branch, machine, String(count), PGText.double(Date().timeIntervalSince1970)])
        }
    }

    /// Deletes the baseline `name`; returns whether it existed.
    @discardableResult
    public func resetBaseline(_ name: String) throws -> Bool {
        try transaction { c in try c.exec("DELETE FROM baseline WHERE name = $1 RETURNING name", [name]).rows > 0 }
    }

    // MARK: - Run files (sync)

    /// The content hash of every stored run.
    public func contentHashes() throws -> Set<String> {
        try locked { c in Set(try c.exec("SELECT content_hash FROM run").column(0)) }
    }

    /// The stored run with content hash `hash` as a run file's content, or nil when not stored.
    public func archivedRun(hash: String) throws -> ArchivedRun? {
        try snapshot { c in
            let r = try c.exec("SELECT \(PostgresStore.runColumns) FROM run WHERE content_hash = $1", [hash])
            guard r.rows > 0 else { return nil }
            let run = try run(r, 0)
            let md = RunMetadata(commit: run.commit, branch: run.branch, timestamp: run.timestamp, machine: run.machine, toolchain: run.toolchain)
            return ArchivedRun(contentHash: run.contentHash, run: ImportedRun(metadata: md, measurements: try measurements(run: run.id, c)),
                               source: run.source, format: run.format)
        }
    }
}
