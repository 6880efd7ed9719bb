import Foundation
import GRDB
import SextantText

/// What a person decided about a reported change (issue 19; the statuses of Perfherder, Skia Perf,
/// CodSpeed and Bencher alerts).
public enum TriageStatus: String, Sendable, Codable, CaseIterable, Equatable {
    /// A real regression, known and accepted for now: reported as such, it does not fail the gate.
    case acknowledged
    /// A change that was intended (a feature that costs time): reported, it does not fail the gate.
    case expected
    /// Not a change of the code (a noisy machine, a broken run): not used as a level shift, so it
    /// no longer cuts the gate's baseline window nor the analysis' current segment.
    case invalid
    /// A regression that was fixed: linked to the commit where the level came back.
    case fixed

    /// Whether a regression with this status passes the gate: acknowledged and expected ones do, and
    /// so does an invalid one (noise, not a change); a `fixed` regression is still a regression of
    /// the code it was measured on.
    public var passesGate: Bool { self != .fixed }
}

/// One triage decision: the change at `commit` of every series whose benchmark matches the glob
/// `benchmark` (and whose metric is `metric`, every metric when nil).
///
/// A record names a change by a commit: the first run of a change point, or the candidate of a gate
/// run, or (inside a git checkout) any commit in the change's bisect window (``BisectWindow/contains(_:graph:)``),
/// so that a record written for the commit that caused a regression also covers the merge commit
/// whose run showed it.
public struct TriageRecord: Sendable, Hashable, Codable {
    /// A glob (`*`, `?`, `[...]`) on benchmark names.
    public var benchmark: String
    /// The metric, or nil for every metric.
    public var metric: String?
    /// The commit of the change (full or abbreviated hash, at least 7 hex digits to match by prefix).
    public var commit: String
    public var status: TriageStatus
    /// Why (shown beside the status in every report).
    public var reason: String
    /// Who decided, when given.
    public var by: String?
    /// For `fixed`: the commit where the level came back, when known.
    public var fixedIn: String?
    /// When the record was last written; the later of two versions wins when histories merge.
    public var updatedAt: Date
    /// A removed record (kept as a tombstone so that the removal travels in the history branch).
    public var removed: Bool

    public init(benchmark: String, metric: String? = nil, commit: String, status: TriageStatus, reason: String,
                by: String? = nil, fixedIn: String? = nil, updatedAt: Date = Date(), removed: Bool = false) {
        self.benchmark = benchmark; self.metric = metric; self.commit = commit; self.status = status
        self.reason = reason; self.by = by; self.fixedIn = fixedIn; self.updatedAt = updatedAt; self.removed = removed
    }

    /// Whether the record is about the series (benchmark, metric).
    public func matches(benchmark name: String, metric m: String) -> Bool {
        Glob.matches(benchmark, name) && (metric == nil || metric == m)
    }

    /// The record's identity: (benchmark glob, metric, commit); a later record with the same key replaces it.
    public var key: String { "\(benchmark)\u{1F}\(metric ?? "")\u{1F}\(commit)" }

    /// What the record says, for reports: its status, reason, author and fix commit.
    public var mark: TriageMark { TriageMark(status: status, reason: reason, by: by, commit: commit, fixedIn: fixedIn) }

    /// Why the record cannot be stored, or nil (the store's checks on every text field).
    public var problem: String? {
        if benchmark.isEmpty { return "the benchmark glob is empty" }
        if commit.isEmpty { return "the commit is empty" }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "the reason is empty" }
        for (value, field) in [(benchmark, "benchmark"), (metric, "metric"), (commit, "commit"), (reason, "reason"), (by, "by"), (fixedIn, "fixedIn")] {
            if let value, let p = TextField.problem(value, field: field) { return p }
        }
        if let p = Timestamps.problem(updatedAt) { return p }
        return nil
    }
}

/// A triage decision as reports show it beside a change or a verdict.
public struct TriageMark: Sendable, Hashable, Codable {
    public var status: TriageStatus
    public var reason: String
    public var by: String?
    /// The commit the record names.
    public var commit: String
    /// For `fixed`: where the level came back.
    public var fixedIn: String?

    public init(status: TriageStatus, reason: String, by: String? = nil, commit: String, fixedIn: String? = nil) {
        self.status = status; self.reason = reason; self.by = by; self.commit = commit; self.fixedIn = fixedIn
    }

    /// `acknowledged: slower parser accepted for 2.0 (by ana)`, `fixed in abc1234: ...`.
    public var summary: String { summary { $0 } }

    /// The summary with the free text (reason, author) passed through `escape` (for Markdown).
    public func summary(escaping escape: (String) -> String) -> String {
        var s = status.rawValue
        if status == .fixed, let f = fixedIn { s += " in \(CommitName.short(f))" }
        s += ": \(escape(reason))"
        if let by { s += " (by \(escape(by)))" }
        return s
    }
}

extension TriageRecord {
    /// The first record (most recently written first) that applies to the change `window` of the
    /// series (benchmark, metric), or nil.
    /// - Complexity: O(r) glob matches and at most 2 r commit-graph questions for r records.
    public static func first(in records: [TriageRecord], benchmark: String, metric: String, window: BisectWindow,
                             graph: (any CommitGraph)?) -> TriageRecord? {
        records.filter { !$0.removed && $0.matches(benchmark: benchmark, metric: metric) }
            .sorted { $0.updatedAt > $1.updatedAt }
            .first { window.contains($0.commit, graph: graph) }
    }
}

// MARK: - The store's triage table

extension SchemaMigrations {
    /// Migration `v3-triage` (issue 19, additive): one row per triage record, keyed by (benchmark
    /// glob, metric, commit); `metric` is '' for every metric; removed records stay as tombstones.
    static let triage = SchemaMigration(identifier: "v3-triage", sqlite: """
        CREATE TABLE IF NOT EXISTS triage (
            benchmark TEXT NOT NULL, metric TEXT NOT NULL DEFAULT '', commit_id TEXT NOT NULL,
            status TEXT NOT NULL, reason TEXT NOT NULL, by_name TEXT, fixed_in TEXT,
            updated_at REAL NOT NULL, removed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (benchmark, metric, commit_id));
        """, postgres: """
        CREATE TABLE IF NOT EXISTS triage (
            benchmark TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL DEFAULT '',
            commit_id TEXT COLLATE "C" NOT NULL, status TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C" NOT NULL,
            by_name TEXT COLLATE "C", fixed_in TEXT COLLATE "C", updated_at DOUBLE PRECISION NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (benchmark, metric, commit_id));
        """)
}

extension TriageRecord {
    /// The record of a stored row (nil for a status this version does not know).
    public init?(benchmark: String, metric: String, commit: String, status: String, reason: String, by: String?,
                 fixedIn: String?, updatedAt: Double, removed: Bool) {
        guard let s = TriageStatus(rawValue: status) else { return nil }
        self.init(benchmark: benchmark, metric: metric.isEmpty ? nil : metric, commit: commit, status: s, reason: reason,
                  by: by, fixedIn: fixedIn, updatedAt: Date(timeIntervalSince1970: updatedAt), removed: removed)
    }

    /// Whether `self` replaces `other` (same key) when histories merge: it was written later, or at
    /// the same time with a canonical text that sorts last (so every store picks the same one).
    public func supersedes(_ other: TriageRecord) -> Bool {
        updatedAt > other.updatedAt || (updatedAt == other.updatedAt && TriageArchive.encode(self) > TriageArchive.encode(other))
    }
}

/// Triage on every backend, built on the two primitives each one implements
/// (``HistoryStoring/triageRecords(includeRemoved:)`` and ``HistoryStoring/writeTriage(_:)``).
extension HistoryStoring {
    /// Every live triage record, by commit then benchmark.
    public func triageRecords() throws -> [TriageRecord] { try triageRecords(includeRemoved: false) }

    /// Stores `record`, replacing the one with the same (benchmark, metric, commit).
    public func setTriage(_ record: TriageRecord) throws {
        if let p = record.problem { throw HistoryError.invalidInput(file: "triage", line: nil, message: p) }
        try writeTriage([record])
    }

    /// Marks the record (benchmark, metric, commit) removed; returns false when there was none.
    /// The row stays as a tombstone so that `sync push` carries the removal to other stores.
    public func removeTriage(benchmark: String, metric: String?, commit: String, at date: Date = Date()) throws -> Bool {
        guard var r = try triageRecords(includeRemoved: false).first(where: {
            $0.benchmark == benchmark && $0.metric == metric && $0.commit == commit
        }) else { return false }
        r.removed = true
        r.updatedAt = max(date, r.updatedAt.addingTimeInterval(0.001))
        try writeTriage([r])
        return true
    }

    /// Applies records from elsewhere (a history branch, a triage file): each one replaces the
    /// stored record with its key when it ``TriageRecord/supersedes(_:)`` it, and is added when
    /// absent; the changes are written in one transaction. Applying the same records twice changes
    /// nothing. Returns how many records changed.
    public func mergeTriage(_ records: [TriageRecord], source: String) throws -> Int {
        for r in records {
            if let p = r.problem { throw HistoryError.invalidInput(file: source, line: nil, message: "\(r.benchmark) at \(r.commit): \(p)") }
        }
        var stored: [String: TriageRecord] = [:]
        for r in try triageRecords(includeRemoved: true) { stored[r.key] = r }
        var changes: [String: TriageRecord] = [:]
        for r in records {
            let current = changes[r.key] ?? stored[r.key]
            if let current, current == r || !r.supersedes(current) { continue }
            changes[r.key] = r
        }
        if !changes.isEmpty { try writeTriage(changes.values.sorted { $0.key < $1.key }) }
        return changes.count
    }
}

extension HistoryStore {
    public func triageRecords(includeRemoved: Bool) throws -> [TriageRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT benchmark, metric, commit_id, status, reason, by_name, fixed_in, updated_at, removed FROM triage
                \(includeRemoved ? "" : "WHERE removed = 0 ") ORDER BY commit_id, benchmark, metric
                """).compactMap { row in
                TriageRecord(benchmark: row[0], metric: row[1], commit: row[2], status: row[3], reason: row[4], by: row[5],
                             fixedIn: row[6], updatedAt: row[7], removed: (row[8] as Int) != 0)
            }
        }
    }

    public func writeTriage(_ records: [TriageRecord]) throws {
        try write { db in
            for r in records {
                try db.execute(sql: """
                    INSERT INTO triage(benchmark, metric, commit_id, status, reason, by_name, fixed_in, updated_at, removed)
                    VALUES (?,?,?,?,?,?,?,?,?)
                    ON CONFLICT(benchmark, metric, commit_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                        by_name = excluded.by_name, fixed_in = excluded.fixed_in, updated_at = excluded.updated_at, removed = excluded.removed
                    """, arguments: [r.benchmark, r.metric ?? "", r.commit, r.status.rawValue, r.reason, r.by, r.fixedIn,
                                     r.updatedAt.timeIntervalSince1970, r.removed ? 1 : 0])
            }
        }
    }
}

// MARK: - Triage files

/// Triage records as text: the files the history branch holds (`triage/<key hash>.json`, one record
/// each) and the triage files a pull request commits (JSON Lines, one record per line).
///
/// A record is one JSON object: `{"sextant":"triage","version":1,"benchmark":GLOB,"metric":M|null,
/// "commit":C,"status":"acknowledged"|"expected"|"invalid"|"fixed","reason":TEXT,"by":NAME|null,
/// "fixedIn":C|null,"updatedAt":SECONDS,"removed":false}` (docs/formats/triage.schema.json). In a
/// file written by hand `sextant`, `version`, `metric`, `by`, `fixedIn`, `updatedAt` (default: the
/// commit's time is unknown, so 0, older than any record written by `sextant triage`) and `removed` may be left out.
public enum TriageArchive {
    /// The format's version.
    public static let version = 1

    /// The folder of triage files in the history branch.
    public static let folder = "triage"

    /// The path of a record's file in the history branch: `triage/<SHA-256 of its key>.json`.
    public static func path(for record: TriageRecord) -> String {
        var h = SHA256Hasher()
        h.update("sextant-triage-v1\n" + record.key)
        return "\(folder)/\(h.finalize()).json"
    }

    /// One line of JSON (no line end), keys in a fixed order.
    public static func encode(_ r: TriageRecord) -> String {
        func q(_ s: String?) -> String { JSONText.quoted(s) }
        return "{\"sextant\":\"triage\",\"version\":\(version),\"benchmark\":\(q(r.benchmark)),\"metric\":\(q(r.metric)),"
            + "\"commit\":\(q(r.commit)),\"status\":\"\(r.status.rawValue)\",\"reason\":\(q(r.reason)),\"by\":\(q(r.by)),"
            + "\"fixedIn\":\(q(r.fixedIn)),\"updatedAt\":\(r.updatedAt.timeIntervalSince1970.description),\"removed\":\(r.removed)}"
    }

    /// Every record of a JSON Lines text (blank lines and lines starting with `//` skipped).
    /// - Throws: `HistoryError.invalidInput` naming the file and line of the first bad record.
    public static func decode(_ data: Data, file: String) throws -> [TriageRecord] {
        var out: [TriageRecord] = []
        for (k, raw) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = k + 1
            let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.hasPrefix("//") { continue }
            out.append(try record(Data(text.utf8), file: file, line: line))
        }
        return out
    }

    static func record(_ data: Data, file: String, line: Int) throws -> TriageRecord {
        func fail(_ message: String) -> HistoryError { .invalidInput(file: file, line: line, message: message) }
        let v = try JSONParser.parse(data, file: file, firstLine: line)
        guard let members = v.objectMembers else { throw fail("a triage record must be an object, not \(v.typeName)") }
        let known: Set<String> = ["sextant", "version", "benchmark", "metric", "commit", "status", "reason", "by", "fixedIn", "updatedAt", "removed"]
        if let unknown = members.first(where: { !known.contains($0.key) }) { throw fail("unknown key \"\(unknown.key)\"") }
        if let s = v["sextant"], s.stringValue != "triage" { throw fail("\"sextant\" must be \"triage\"") }
        if let n = v["version"], n.numberValue != Double(version) { throw fail("triage record version \(n); this sextant reads version \(version)") }
        func text(_ key: String, required: Bool) throws -> String? {
            guard let x = v[key], !x.isNull else {
                if required { throw fail("missing \"\(key)\"") }
                return nil
            }
            guard let s = x.stringValue else { throw fail("\"\(key)\" must be a string, not \(x.typeName)") }
            return s
        }
        let statusText = try text("status", required: true)!
        guard let status = TriageStatus(rawValue: statusText) else {
            throw fail("unknown status \"\(statusText)\" (acknowledged, expected, invalid or fixed)")
        }
        var updated = Date(timeIntervalSince1970: 0)
        if let u = v["updatedAt"], !u.isNull {
            guard let d = u.numberValue, d.isFinite, Timestamps.problem(Date(timeIntervalSince1970: d)) == nil else {
                throw fail("\"updatedAt\" must be seconds since 1970 in the valid range")
            }
            updated = Date(timeIntervalSince1970: d)
        }
        var removed = false
        if let r = v["removed"], !r.isNull {
            guard let b = r.boolValue else { throw fail("\"removed\" must be true or false") }
            removed = b
        }
        let record = TriageRecord(benchmark: try text("benchmark", required: true)!, metric: try text("metric", required: false),
                                  commit: try text("commit", required: true)!, status: status,
                                  reason: try text("reason", required: true)!, by: try text("by", required: false),
                                  fixedIn: try text("fixedIn", required: false), updatedAt: updated, removed: removed)
        if let p = record.problem { throw fail(p) }
        return record
    }
}
