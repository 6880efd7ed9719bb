import Foundation
import SextantHistory

extension PostgresStore {
    /// A run ready to insert: its content hash and time decided, its source and format.
    struct Prepared {
        var run: ImportedRun
        var hash: String
        var timestamp: Date
        var source: String?
        var format: String
    }

    /// Stores `runs` in one transaction: all of them or, on any error, none (the contract and the
    /// checks of ``HistoryStore/ingest(_:source:format:)``: same validation, same messages).
    ///
    /// Round trips: one `INSERT ... RETURNING` per run, two statements for all new series, and one
    /// `COPY measurement FROM STDIN` for every measurement of the file.
    /// - Complexity: O(m) client work and O(m log M) server work for m new measurements in a store of M.
    public func ingest(_ runs: [ImportedRun], source: String?, format: String) throws -> HistoryStore.IngestResult {
        for (k, r) in runs.enumerated() {
            if let problem = HistoryStore.problem(r) {
                throw HistoryError.invalidInput(file: source ?? "input", line: nil,
                                                message: runs.count > 1 ? "run \(k + 1): \(problem)" : problem)
            }
        }
        let now = Date()
        let prepared = runs.map { r in
            Prepared(run: r, hash: HistoryStore.contentHash(r), timestamp: r.metadata.timestamp ?? now, source: source, format: format)
        }
        return try insert(prepared)
    }

    /// Stores runs read from run files under their carried content hashes, in one transaction.
    public func ingest(archived: [ArchivedRun]) throws -> HistoryStore.IngestResult {
        try insert(archived.map { a in
            Prepared(run: a.run, hash: a.contentHash, timestamp: a.run.metadata.timestamp ?? Date(timeIntervalSince1970: 0),
                     source: a.source, format: a.format)
        })
    }

    struct SeriesKey: Hashable { var benchmark: String, metric: String, unit: String }

    func insert(_ prepared: [Prepared]) throws -> HistoryStore.IngestResult {
        try transaction { c in
            var result = HistoryStore.IngestResult(added: [], skipped: 0, measurements: 0)
            var seen = Set<String>()
            var unique: [Prepared] = []
            for p in prepared {
                if seen.insert(p.hash).inserted { unique.append(p) } else { result.skipped += 1 }
            }
            guard !unique.isEmpty else { return result }
            // Runs already stored are skipped before inserting, so that re-ingesting consumes no ids.
            let stored = Set(try c.exec("SELECT content_hash FROM run WHERE content_hash = ANY($1::text[])",
                                        [PGText.array(unique.map(\.hash))]).column(0))
            var candidates: [Prepared] = []
            for p in unique {
                if stored.contains(p.hash) { result.skipped += 1; continue }
                // The primary key (series, run): one benchmark and metric twice in one run, as SQLite reports it.
                var keys = Set<SeriesKey>()
                for m in p.run.measurements where !keys.insert(SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)).inserted {
                    throw HistoryError.invalidInput(file: p.source ?? "input", line: nil,
                                                    message: "benchmark \"\(m.benchmark)\" metric \(m.metric) appears twice in one run")
                }
                candidates.append(p)
            }
            guard !candidates.isEmpty else { return result }
            // One statement for every run, ids in file order; a run a concurrent writer stored
            // meanwhile waits for that writer's commit and is then skipped (ON CONFLICT DO NOTHING).
            let now = PGText.double(Date().timeIntervalSince1970)
            let md = candidates.map(\.run.metadata)
            let inserted = try c.exec("""
                INSERT INTO run(commit_id, branch, "timestamp", machine, toolchain, source, format, content_hash,
                                measurement_count, ingested_at)
                SELECT c, b, t, m, tc, s, f, h, n, $10::double precision
                FROM unnest($1::text[], $2::text[], $3::double precision[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::bigint[]) WITH ORDINALITY AS x(c, b, t, m, tc, s, f, h, n, ord)
                ORDER BY ord
                ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash
                """, [PGText.array(md.map(\.commit)), PGText.array(md.map(\.branch)),
                      "{" + candidates.map { PGText.double($0.timestamp.timeIntervalSince1970) }.joined(separator: ",") + "}",
                      PGText.array(md.map(\.machine)), PGText.array(md.map(\.toolchain)), PGText.array(candidates.map(\.source)),
                      PGText.array(candidates.map(\.format)), PGText.array(candidates.map(\.hash)),
                      "{" + candidates.map { String($0.run.measurements.count) }.joined(separator: ",") + "}", now])
            var idOf: [String: Int64] = [:]
            for k in 0..<inserted.rows { idOf[inserted.text(k, 1)] = inserted.int64(k, 0) }
            var newRuns: [(Prepared, Int64)] = []
            for p in candidates {
                guard let id = idOf[p.hash] else { result.skipped += 1; continue }
                newRuns.append((p, id))
                result.added.append(id)
            }
            guard !newRuns.isEmpty else { return result }
            let ids = try seriesIDs(for: newRuns.map(\.0), c)
            // The rows stream: the buffer goes to the server whenever it passes 1 MiB (between runs),
            // so the server stores rows while later ones are formatted.
            var next = 0
            try c.copyIn("COPY measurement(series_id, run_id, value, iterations, samples) FROM STDIN") { buffer in
                while next < newRuns.count, buffer.count < 1 << 20 {
                    let (p, runID) = newRuns[next]
                    next += 1
                    let run = Array(String(runID).utf8)
                    for m in p.run.measurements {
                        let sid = ids[SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)]!
                        buffer.append(contentsOf: String(sid).utf8); buffer.append(0x09)
                        buffer.append(contentsOf: run); buffer.append(0x09)
                        buffer.append(contentsOf: PGText.double(m.value).utf8); buffer.append(0x09)
                        if let it = m.iterations { buffer.append(contentsOf: String(it).utf8) } else { buffer.append(contentsOf: PGText.copyNull) }
                        buffer.append(0x09)
                        if let s = m.samples {
                            HistoryStore.encodeSamples(s).withUnsafeBytes { PGText.appendCopyBytea($0, to: &buffer) }
                        } else {
                            buffer.append(contentsOf: PGText.copyNull)
                        }
                        buffer.append(0x0A)
                        result.measurements += 1
                    }
                }
                return next < newRuns.count
            }
            return result
        }
    }

    /// The advisory lock key that serialises the creation of new series ("SXTS").
    static let seriesLockKey: Int64 = 0x5358_5453

    /// The ids of every series the runs use. Missing series are created under a transaction-scoped
    /// advisory lock, in order of first appearance (direction as first seen), as SQLite numbers
    /// them: creating a series is rare (a benchmark's first run), so serialising it costs nothing in
    /// steady state, and concurrent writers then never conflict on the unique key nor deadlock.
    func seriesIDs(for runs: [Prepared], _ c: PGConnection) throws -> [SeriesKey: Int64] {
        var order: [SeriesKey] = []
        var direction: [SeriesKey: String] = [:]
        for p in runs {
            for m in p.run.measurements {
                let key = SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)
                if direction[key] == nil { direction[key] = m.direction.rawValue; order.append(key) }
            }
        }
        var ids: [SeriesKey: Int64] = [:]
        ids.reserveCapacity(order.count)
        func lookUp(_ keys: [SeriesKey]) throws {
            let r = try c.exec("""
                SELECT s.id, s.benchmark, s.metric, s.unit FROM series s
                JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(b, m, u) ON s.benchmark = k.b AND s.metric = k.m AND s.unit = k.u
                """, [PGText.array(keys.map(\.benchmark)), PGText.array(keys.map(\.metric)), PGText.array(keys.map(\.unit))])
            for row in 0..<r.rows {
                ids[SeriesKey(benchmark: r.text(row, 1), metric: r.text(row, 2), unit: r.text(row, 3))] = r.int64(row, 0)
            }
        }
        try lookUp(order)
        var missing = order.filter { ids[$0] == nil }
        if !missing.isEmpty {
            try c.exec("SELECT pg_advisory_xact_lock(\(PostgresStore.seriesLockKey))")
            try lookUp(missing)
            missing = missing.filter { ids[$0] == nil }
        }
        if !missing.isEmpty {
            let r = try c.exec("""
                INSERT INTO series(benchmark, metric, unit, direction)
                SELECT b, m, u, d FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS k(b, m, u, d, ord)
                ORDER BY ord RETURNING id, benchmark, metric, unit
                """, [PGText.array(missing.map(\.benchmark)), PGText.array(missing.map(\.metric)), PGText.array(missing.map(\.unit)),
                      PGText.array(missing.map { direction[$0]! })])
            for row in 0..<r.rows {
                ids[SeriesKey(benchmark: r.text(row, 1), metric: r.text(row, 2), unit: r.text(row, 3))] = r.int64(row, 0)
            }
        }
        guard ids.count == order.count else {
            throw HistoryError.store(message: "\(path): \(order.count - ids.count) series could neither be inserted nor found")
        }
        return ids
    }
}
