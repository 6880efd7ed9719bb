import Foundation
import GRDB
import Testing
@testable import SextantHistory

/// Issue 12 defects 1, 3 and 4 at the store itself, below every importer.
@Suite struct ReliabilityStoreTests {
    /// A row the store cannot render (written by an older version or another program) is an error
    /// naming the run, never a trap; before, `Timestamps.format` trapped converting 1e300 to Int.
    @Test func unrenderableRowIsAnErrorNamingTheRun() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        _ = try store.ingest([sampleRun(commit: "c0", day: 0, value: 1e-6)], source: "a", format: "test")
        try store.write { db in try db.execute(sql: "UPDATE run SET timestamp = 1e300 WHERE id = 1") }
        for (what, body) in [("runs", { _ = try store.runs() }), ("run", { _ = try store.run(id: 1) }),
                             ("series", { _ = try store.series() }),
                             ("export", { _ = try store.export(to: BufferedOutput(fileDescriptor: -1, name: "none"), format: .csv) })] as [(String, () throws -> Void)] {
            do {
                try body()
                Issue.record("\(what) read the row")
            } catch let e as HistoryError {
                #expect(e.description.contains("run 1 cannot be read"), "\(what): \(e)")
            }
        }
        #expect(Timestamps.format(Date(timeIntervalSince1970: 1e300)) == "invalid-timestamp(1e+300)")
        #expect(Timestamps.format(Date(timeIntervalSince1970: .nan)).hasPrefix("invalid-timestamp"))
    }

    /// What no importer lets through, the store refuses too (a library caller, `--commit`, a sync).
    @Test func storeRefusesWhatItCannotHold() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        func refused(_ run: ImportedRun, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try store.ingest([run], source: "lib", format: "test")
                Issue.record("stored", sourceLocation: sourceLocation)
            } catch {
                #expect("\(error)".contains(fragment), "\(error)", sourceLocation: sourceLocation)
            }
        }
        var r = sampleRun(commit: "abc\u{0}def", day: 0, value: 1)
        refused(r, "commit contains a NUL")
        r = sampleRun(commit: "c", day: 0, value: 1)
        r.metadata.timestamp = Date(timeIntervalSince1970: 1e300)
        refused(r, "outside 1970-01-01 ... 9999-12-31")
        r.metadata.timestamp = Date(timeIntervalSince1970: -1)
        refused(r, "outside")
        r = sampleRun(commit: "c", day: 0, value: 1)
        r.measurements[0].benchmark = String(repeating: "x", count: 1 << 20)
        refused(r, "more than the limit of 4096")
        r.measurements[0].benchmark = "a\u{FFFF}"
        refused(r, "non-character U+FFFF")
        #expect(try store.counts() == (0, 0))
    }

    /// The boundaries of the valid range are themselves valid and render.
    @Test func timestampRangeEnds() {
        #expect(Timestamps.parse("1970-01-01T00:00:00Z").map(Timestamps.format) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamps.parse("9999-12-31T23:59:59Z").map(Timestamps.format) == "9999-12-31T23:59:59.000000Z")
        #expect(Timestamps.parse("1969-12-31T23:59:59Z") == nil)
        #expect(Timestamps.parse("1e300") == nil)
        #expect(Timestamps.parse("-1605314959564") == nil)
        #expect(Timestamps.epoch(.infinity) == nil)
        #expect(Timestamps.epoch(1605314959564) == Date(timeIntervalSince1970: 1605314959.564))
    }
}
