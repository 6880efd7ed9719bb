import Foundation
import Testing
@testable import SextantHistory

/// Issue 19: the triage table (migration `v3-triage`), its merge rule and its file format.
@Suite struct TriageStoreTests {
    static let c1 = "0123456789abcdef0123456789abcdef01234567"

    @Test func setListRemoveAndMerge() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let a = TriageRecord(benchmark: "lens.*", metric: "time", commit: Self.c1, status: .acknowledged, reason: "accepted",
                             by: "ana", updatedAt: t0)
        try store.setTriage(a)
        #expect(try store.triageRecords() == [a])
        // The same key replaces; another metric is another record.
        var b = a
        b.status = .expected; b.updatedAt = t0.addingTimeInterval(1)
        try store.setTriage(b)
        var c = a
        c.metric = nil
        try store.setTriage(c)
        #expect(try store.triageRecords().map(\.status).sorted { $0.rawValue < $1.rawValue } == [.acknowledged, .expected])
        // Merging: an older version does not win, a newer one does, the same twice changes nothing.
        var older = b
        older.status = .invalid; older.updatedAt = t0
        #expect(try store.mergeTriage([older], source: "x") == 0)
        var newer = b
        newer.status = .fixed; newer.fixedIn = "fedcba9"; newer.updatedAt = t0.addingTimeInterval(5)
        #expect(try store.mergeTriage([newer], source: "x") == 1)
        #expect(try store.mergeTriage([newer], source: "x") == 0)
        #expect(try store.triageRecords().contains(newer))
        // Removal keeps a tombstone that a stale copy cannot resurrect.
        #expect(try store.removeTriage(benchmark: "lens.*", metric: "time", commit: Self.c1, at: t0.addingTimeInterval(10)))
        #expect(try !store.removeTriage(benchmark: "lens.*", metric: "time", commit: Self.c1))
        #expect(try store.triageRecords().count == 1)
        #expect(try store.triageRecords(includeRemoved: true).count == 2)
        #expect(try store.mergeTriage([newer], source: "x") == 0)
        // Bad records are refused whole.
        #expect(throws: HistoryError.self) { try store.setTriage(TriageRecord(benchmark: "", commit: Self.c1, status: .invalid, reason: "r")) }
        #expect(throws: HistoryError.self) { try store.setTriage(TriageRecord(benchmark: "x", commit: Self.c1, status: .invalid, reason: " ")) }
    }

    @Test func fileFormatRoundTripsAndNamesBadLines() throws {
        let r = TriageRecord(benchmark: "a\"b*", metric: nil, commit: Self.c1, status: .invalid, reason: "line\nbreak, \"quoted\"",
                             by: nil, fixedIn: nil, updatedAt: Date(timeIntervalSince1970: 1_800_000_000.25), removed: true)
        let text = TriageArchive.encode(r)
        #expect(!text.contains("\n"))
        #expect(try TriageArchive.decode(Data((text + "\n").utf8), file: "f") == [r])
        #expect(TriageArchive.path(for: r).hasPrefix("triage/") && TriageArchive.path(for: r).hasSuffix(".json"))
        let bad = "{\"benchmark\":\"x\",\"commit\":\"abc1234\",\"status\":\"acknowledged\",\"reason\":\"r\"}\n{\"benchmark\":\"x\",\"commit\":\"abc1234\",\"status\":\"acknowledged\"}\n"
        #expect(throws: HistoryError.invalidInput(file: "t.jsonl", line: 2, message: "missing \"reason\"")) {
            try TriageArchive.decode(Data(bad.utf8), file: "t.jsonl")
        }
        #expect(throws: HistoryError.invalidInput(file: "t.jsonl", line: 1, message: "unknown key \"colour\"")) {
            try TriageArchive.decode(Data("{\"colour\":1}".utf8), file: "t.jsonl")
        }
    }

    @Test func commitNames() {
        #expect(CommitName.same("abc1234", "abc1234ffff") && CommitName.same(Self.c1, Self.c1))
        #expect(!CommitName.same("abc123", "abc1234ffff") && !CommitName.same("abc1235", "abc1234ffff") && !CommitName.same("main", "mainline"))
    }
}
