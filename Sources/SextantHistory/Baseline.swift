import Foundation
import GRDB

/// A named reference for comparisons: either one pinned run or a rolling window of the last N runs
/// on a branch (and machine).
///
/// The seed's life cycle is expressible: the first run creates the baseline
/// (`setBaseline(name, run:, onlyIfAbsent: true)`), a successful run updates it
/// (`setBaseline(name, run:)`), and deleting resets it (`resetBaseline(name)`).
public struct Baseline: Sendable, Hashable, Codable {
    /// What a baseline refers to.
    public enum Reference: Sendable, Hashable, Codable {
        /// One stored run.
        case run(Int64)
        /// The last `count` runs on `branch` (any branch when nil) and `machine` (any when nil).
        case window(count: Int, branch: String?, machine: String?)
    }

    /// The baseline's name, e.g. `main`.
    public var name: String
    /// What it refers to.
    public var reference: Reference
    /// When it was last set.
    public var updatedAt: Date

    public init(name: String, reference: Reference, updatedAt: Date) {
        self.name = name
        self.reference = reference
        self.updatedAt = updatedAt
    }
}

extension HistoryStore {
    static func baseline(from row: Row) -> Baseline {
        let window: Int? = row["window"]
        let reference: Baseline.Reference
        if let window {
            reference = .window(count: window, branch: row["branch"], machine: row["machine"])
        } else {
            reference = .run((row["run_id"] as Int64?) ?? -1)
        }
        return Baseline(name: row["name"], reference: reference, updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    /// Every baseline, by name.
    public func baselines() throws -> [Baseline] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM baseline ORDER BY name").map(HistoryStore.baseline(from:)) }
    }

    /// The baseline called `name`, if set.
    public func baseline(named name: String) throws -> Baseline? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM baseline WHERE name = ?", arguments: [name]).map(HistoryStore.baseline(from:)) }
    }

    /// Pins `name` to run `id`. With `onlyIfAbsent`, an existing baseline is kept (the seed's "first
    /// run creates the baseline"). Returns whether the baseline was written.
    @discardableResult
    public func setBaseline(_ name: String, run id: Int64, onlyIfAbsent: Bool = false) throws -> Bool {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [id]) != nil else {
                throw HistoryError.notFound("no run with id \(id)")
            }
            if onlyIfAbsent, try Int.fetchOne(db, sql: "SELECT 1 FROM baseline WHERE name = ?", arguments: [name]) != nil {
                return false
            }
            try db.execute(sql: "INSERT OR REPLACE INTO baseline(name, run_id, branch, machine, window, updated_at) VALUES (?,?,NULL,NULL,NULL,?)",
                           arguments: [name, id, Date().timeIntervalSince1970])
            return true
        }
    }

    /// Makes `name` a rolling window of the last `count` runs on `branch` and `machine` (nil: any).
    public func setBaseline(_ name: String, window count: Int, branch: String?, machine: String? = nil) throws {
        guard count > 0 else { throw HistoryError.notFound("a baseline window needs at least 1 run, not \(count)") }
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO baseline(name, run_id, branch, machine, window, updated_at) VALUES (?,NULL,?,?,?,?)",
                           arguments: [name, branch, machine, count, Date().timeIntervalSince1970])
        }
    }

    /// Deletes the baseline `name`; returns whether it existed.
    @discardableResult
    public func resetBaseline(_ name: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM baseline WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
