import Foundation
import GRDB

extension HistoryStore: HistoryStoring {
    /// Every row in key order (series, runs, measurements, baselines), read in one snapshot.
    /// - Complexity: O(rows); one row in memory at a time.
    public func readRows(_ body: (StoreRows.Row) throws -> Void) throws {
        try read { db in
            let series = try Row.fetchCursor(db, sql: "SELECT id, benchmark, metric, unit, direction FROM series ORDER BY id")
            while let r = try series.next() {
                try body(.series(StoreRows.SeriesRow(id: r[0], benchmark: r[1], metric: r[2], unit: r[3], direction: r[4])))
            }
            let runs = try Row.fetchCursor(db, sql: """
                SELECT id, commit_id, branch, timestamp, machine, toolchain, source, format, content_hash,
                       measurement_count, ingested_at FROM run ORDER BY id
                """)
            while let r = try runs.next() {
                try body(.run(StoreRows.RunRow(id: r[0], commit: r[1], branch: r[2], timestamp: r[3], machine: r[4], toolchain: r[5],
                                               source: r[6], format: r[7], contentHash: r[8], measurementCount: r[9], ingestedAt: r[10])))
            }
            let ms = try Row.fetchCursor(db, sql: "SELECT series_id, run_id, value, iterations, samples FROM measurement ORDER BY series_id, run_id")
            while let r = try ms.next() {
                let blob: Data? = r[4]
                try body(.measurement(StoreRows.MeasurementRow(seriesID: r[0], runID: r[1], value: r[2], iterations: r[3],
                                                               samples: blob.map { [UInt8]($0) })))
            }
            let bs = try Row.fetchCursor(db, sql: "SELECT name, run_id, branch, machine, window, updated_at FROM baseline ORDER BY name")
            while let r = try bs.next() {
                try body(.baseline(StoreRows.BaselineRow(name: r[0], runID: r[1], branch: r[2], machine: r[3], window: r[4], updatedAt: r[5])))
            }
        }
    }

    /// Writes the rows `rows` yields, ids kept, in one `BEGIN IMMEDIATE` transaction; a store that
    /// already holds a run is refused before anything is written.
    public func writeRows(_ rows: ((StoreRows.Row) throws -> Void) throws -> Void) throws {
        try write { db in
            let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0
            if existing > 0 { throw StoreRows.targetNotEmpty(path, runs: existing) }
            let series = try db.makeStatement(sql: "INSERT INTO series(id, benchmark, metric, unit, direction) VALUES (?,?,?,?,?)")
            let run = try db.makeStatement(sql: """
                INSERT INTO run(id, commit_id, branch, timestamp, machine, toolchain, source, format, content_hash,
                                measurement_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """)
            let measurement = try db.makeStatement(sql: "INSERT INTO measurement(series_id, run_id, value, iterations, samples) VALUES (?,?,?,?,?)")
            let baseline = try db.makeStatement(sql: "INSERT OR REPLACE INTO baseline(name, run_id, branch, machine, window, updated_at) VALUES (?,?,?,?,?,?)")
            try rows { row in
                switch row {
                case let .series(s):
                    try series.execute(arguments: [s.id, s.benchmark, s.metric, s.unit, s.direction])
                case let .run(r):
                    try run.execute(arguments: [r.id, r.commit, r.branch, r.timestamp, r.machine, r.toolchain, r.source, r.format,
                                                r.contentHash, r.measurementCount, r.ingestedAt])
                case let .measurement(m):
                    try measurement.execute(arguments: [m.seriesID, m.runID, m.value, m.iterations, m.samples.map { Data($0) }])
                case let .baseline(b):
                    try baseline.execute(arguments: [b.name, b.runID, b.branch, b.machine, b.window, b.updatedAt])
                }
            }
        }
    }
}

/// The SQLite side of the one migration runner: GRDB's connection inside `BEGIN IMMEDIATE`. The
/// record table keeps the name and shape GRDB's migrator gave it, so stores written before the
/// runner was shared are read unchanged.
struct SQLiteMigrationTarget: MigrationTarget {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func recordedMigrations() throws -> [String] {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
    }

    func execute(_ sql: String) throws { try db.execute(sql: sql) }

    func record(_ identifier: String) throws {
        try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
    }
}
