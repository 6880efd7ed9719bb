import Foundation
import Testing
@testable import SextantHistory

/// Issue 19: the triage file format and commit names (the table: Tests/SextantStoreTests/TriageSuite.swift).
@Suite struct TriageStoreTests {
    static let c1 = "0123456789abcdef0123456789abcdef01234567"

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
