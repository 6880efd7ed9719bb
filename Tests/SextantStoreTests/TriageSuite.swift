import Foundation
import Testing
@testable import SextantHistory
@testable import SextantPostgres

/// Issue 19: the triage table (migration `v3-triage`) and its merge rule, once per backend.
@Suite struct TriageSuite {
    static let c1 = "0123456789abcdef0123456789abcdef01234567"

    @Test(arguments: Backend.allCases) func setListRemoveAndMerge(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let a = TriageRecord(benchmark: "lens.*", metric: "time", commit: TriageSuite.c1, status: .acknowledged, reason: "accepted",
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
        #expect(try store.removeTriage(benchmark: "lens.*", metric: "time", commit: TriageSuite.c1, at: t0.addingTimeInterval(10)))
        #expect(try !store.removeTriage(benchmark: "lens.*", metric: "time", commit: TriageSuite.c1))
        #expect(try store.triageRecords().count == 1)
        #expect(try store.triageRecords(includeRemoved: true).count == 2)
        #expect(try store.mergeTriage([newer], source: "x") == 0)
        // Bad records are refused whole.
        #expect(throws: HistoryError.self) { try store.setTriage(TriageRecord(benchmark: "", commit: TriageSuite.c1, status: .invalid, reason: "r")) }
        #expect(throws: HistoryError.self) { try store.setTriage(TriageRecord(benchmark: "x", commit: TriageSuite.c1, status: .invalid, reason: " ")) }
    }

}
