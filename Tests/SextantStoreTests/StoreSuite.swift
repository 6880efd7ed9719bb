import Foundation
import GRDB
import Testing
@testable import SextantHistory
@testable import SextantPostgres

/// The store's contract (``HistoryStoring``), once per backend with the same assertions.
@Suite struct StoreSuite {
    @Test(arguments: Backend.allCases) func ingestIsOneTransactionAndIdempotent(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        #expect(try store.appliedMigrations() == ["v1", "v2-application-id", "v3-triage"])
        let runs = (0..<5).map { sampleRun(commit: "c\($0)", day: $0, value: 1e-6 * Double($0 + 1)) }
        let first = try store.ingest(runs, source: "a.json", format: "test")
        #expect(first.added == [1, 2, 3, 4, 5])
        #expect(first.measurements == 15)
        let again = try store.ingest(runs, source: "b.json", format: "test")
        #expect(again.added.isEmpty)
        #expect(again.skipped == 5)
        #expect(try store.counts() == (5, 15))
        // a file repeating one run stores it once; the next new run takes the next id (none consumed)
        let twice = try store.ingest([sampleRun(commit: "n", day: 9, value: 1), sampleRun(commit: "n", day: 9, value: 1)], source: "c", format: "test")
        #expect(twice.added == [6] && twice.skipped == 1)
    }

    @Test(arguments: Backend.allCases) func seriesAreOrderedByTimestampWithSamples(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        _ = try store.ingest([sampleRun(commit: "c3", day: 3, value: 3)], source: nil, format: "test")
        _ = try store.ingest([sampleRun(commit: "c1", day: 1, value: 1), sampleRun(commit: "c2", day: 2, value: 2)], source: nil, format: "test")
        _ = try store.ingest([sampleRun(commit: "f1", day: 4, value: 9, branch: "feature")], source: nil, format: "test")
        let all = try store.series(benchmark: "lens.*", metric: "time", branch: "main", machine: nil, includeSamples: true)
        #expect(all.map(\.benchmark) == ["lens.get", "lens.set"])
        #expect(all[0].values == [1, 2, 3])
        #expect(all[0].points.map(\.commit) == ["c1", "c2", "c3"])
        #expect(all[0].points[0].samples == [0.9, 1, 1.1])
        #expect(all[0].points[0].iterations == 1000)
        #expect(all[1].values == [2, 4, 6])
        #expect(all[1].points[0].samples == nil && all[1].points[0].iterations == nil)
        let tp = try store.series(benchmark: "lens.get", metric: "throughput", branch: nil, machine: nil, includeSamples: true)
        #expect(tp.count == 1 && tp[0].direction == .higherIsBetter && tp[0].points.count == 4)
        let lean = try store.series(benchmark: "*", metric: nil, branch: nil, machine: nil, includeSamples: false)
        #expect(lean.count == 3 && lean.allSatisfy { $0.points.allSatisfy { $0.samples == nil } })
        #expect(try store.series(benchmark: "nothing*", metric: nil, branch: nil, machine: nil, includeSamples: true).isEmpty)
        #expect(try store.runs(branch: "main", machine: nil, limit: nil).map(\.commit) == ["c1", "c2", "c3"])
        #expect(try store.runs(branch: "main", machine: nil, limit: 2).map(\.commit) == ["c2", "c3"])
        #expect(try store.runs(branch: nil, machine: "ci", limit: nil).count == 4)
        let m = try store.measurements(run: 1)
        #expect(m.map(\.benchmark) == ["lens.get", "lens.get", "lens.set"])
        #expect(m.map(\.metric) == ["throughput", "time", "time"])
        #expect(m[1].samples == [2.7, 3, 3.3000000000000003] && m[1].iterations == 1000)
        #expect(try store.run(id: 1)?.commit == "c3")
        #expect(try store.run(id: 99) == nil)
    }

    /// Names compare by their UTF-8 bytes on both backends (SQLite BINARY, PostgreSQL COLLATE "C").
    @Test(arguments: Backend.allCases) func namesSortByTheirBytes(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        let names = ["b", "B", "a_1", "a-1", "é", "Z", "z", "äb", "a b"]
        let run = ImportedRun(metadata: RunMetadata(commit: "c", branch: "main", timestamp: Date(timeIntervalSince1970: 1_700_000_000)),
                              measurements: names.map { BenchmarkMeasurement(benchmark: $0, metric: "time", unit: "s", direction: .lowerIsBetter, value: 1) })
        _ = try store.ingest([run], source: nil, format: "test")
        let expected = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(try store.series(benchmark: "*", metric: nil, branch: nil, machine: nil, includeSamples: true).map(\.benchmark) == expected)
        #expect(try store.measurements(run: 1).map(\.benchmark) == expected)
        try store.setBaseline("b", window: 1, branch: nil, machine: nil)
        try store.setBaseline("B", window: 1, branch: nil, machine: nil)
        try store.setBaseline("ä", window: 1, branch: nil, machine: nil)
        #expect(try store.baselines().map(\.name) == ["B", "b", "ä"])
    }

    @Test(arguments: Backend.allCases) func duplicateMeasurementInOneRunIsRejectedAndNothingStored(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        var bad = sampleRun(commit: "x", day: 0, value: 1)
        bad.measurements.append(bad.measurements[0])
        #expect(throws: HistoryError.invalidInput(file: "f", line: nil, message: "benchmark \"lens.get\" metric time appears twice in one run")) {
            try store.ingest([sampleRun(commit: "ok", day: 1, value: 1), bad], source: "f", format: "test")
        }
        #expect(try store.counts() == (0, 0))
        #expect(try store.series(benchmark: "*", metric: nil, branch: nil, machine: nil, includeSamples: true).isEmpty)
    }

    @Test(arguments: Backend.allCases) func baselinesPinnedAndRolling(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        let r = try store.ingest((0..<6).map { sampleRun(commit: "c\($0)", day: $0, value: 1) }, source: nil, format: "test")
        #expect(try store.setBaseline("main", run: r.added[0], onlyIfAbsent: true))
        #expect(try store.setBaseline("main", run: r.added[1], onlyIfAbsent: true) == false)
        #expect(try store.baseline(named: "main")?.reference == .run(r.added[0]))
        try store.setBaseline("main", run: r.added[4], onlyIfAbsent: false)
        #expect(try store.runs(of: store.baseline(named: "main")!).map(\.commit) == ["c4"])
        try store.setBaseline("recent", window: 3, branch: "main", machine: nil)
        #expect(try store.runs(of: store.baseline(named: "recent")!).map(\.commit) == ["c3", "c4", "c5"])
        #expect(try store.baseline(named: "recent")?.reference == .window(count: 3, branch: "main", machine: nil))
        // a window replaced by a pinned run and back
        try store.setBaseline("recent", run: r.added[2], onlyIfAbsent: false)
        #expect(try store.baseline(named: "recent")?.reference == .run(r.added[2]))
        #expect(try store.baselines().map(\.name) == ["main", "recent"])
        #expect(try store.resetBaseline("main"))
        #expect(try store.baseline(named: "main") == nil)
        #expect(try store.resetBaseline("main") == false)
        #expect(throws: HistoryError.notFound("no run with id 999")) { try store.setBaseline("x", run: 999, onlyIfAbsent: false) }
        #expect(throws: HistoryError.notFound("a baseline window needs at least 1 run, not 0")) {
            try store.setBaseline("x", window: 0, branch: nil, machine: nil)
        }
    }

    @Test(arguments: Backend.allCases) func machinesMostRunsFirstNilFirstOnTies(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        _ = try store.ingest([sampleRun(commit: "a", day: 0, value: 1, machine: "m2"), sampleRun(commit: "b", day: 1, value: 1, machine: nil),
                              sampleRun(commit: "c", day: 2, value: 1, machine: "m1"), sampleRun(commit: "d", day: 3, value: 1, machine: "m1")],
                             source: nil, format: "test")
        let list = try store.machines(branch: nil)
        #expect(list.map(\.machine) == ["m1", nil, "m2"])
        #expect(list.map(\.runs) == [2, 1, 1])
        #expect(try store.machines(branch: "other").isEmpty)
    }

    /// The run files of `sextant sync`: read back under their hashes, pulled twice adds nothing.
    @Test(arguments: Backend.allCases) func archivedRunsRoundTrip(_ backend: Backend) throws {
        guard let store = try makeStore(backend), let other = try makeStore(backend) else { return }
        _ = try store.ingest([sampleRun(commit: "a", day: 0, value: 1), sampleRun(commit: "b", day: 1, value: 2)], source: "x.json", format: "test")
        let hashes = try store.contentHashes()
        #expect(hashes.count == 2)
        let archived = try hashes.sorted().map { try #require(try store.archivedRun(hash: $0)) }
        #expect(try store.archivedRun(hash: "0000") == nil)
        #expect(archived.allSatisfy { $0.source == "x.json" && $0.format == "test" && $0.run.measurements.count == 3 })
        let pulled = try other.ingest(archived: archived)
        #expect(pulled.added.count == 2 && pulled.measurements == 6)
        #expect(try other.ingest(archived: archived).skipped == 2)
        #expect(try other.contentHashes() == hashes)
    }

    /// A row the store cannot render is an error naming the run, never a trap.
    @Test(arguments: Backend.allCases) func unrenderableRowIsAnErrorNamingTheRun(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        _ = try store.ingest([sampleRun(commit: "c0", day: 0, value: 1e-6)], source: "a", format: "test")
        try executeRaw(store, sqlite: "UPDATE run SET timestamp = 1e300 WHERE id = 1", postgres: "UPDATE run SET \"timestamp\" = 1e300 WHERE id = 1")
        for (what, body) in [("runs", { _ = try store.runs(branch: nil, machine: nil, limit: nil) }), ("run", { _ = try store.run(id: 1) }),
                             ("series", { _ = try store.series(benchmark: "*", metric: nil, branch: nil, machine: nil, includeSamples: true) }),
                             ("export", { _ = try store.export(to: BufferedOutput(fileDescriptor: -1, name: "none"), format: .csv, benchmark: "*", since: nil, branch: nil) })]
            as [(String, () throws -> Void)] {
            do {
                try body()
                Issue.record("\(what) read the row")
            } catch let e as HistoryError {
                #expect(e.description.contains("run 1 cannot be read"), "\(what): \(e)")
            }
        }
    }

    /// What no importer lets through, the store refuses too, with the same words on both backends.
    @Test(arguments: Backend.allCases) func storeRefusesWhatItCannotHold(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
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
        r = sampleRun(commit: "c", day: 0, value: 1)
        r.measurements[1].value = .nan
        refused(r, "value nan is not finite")
        #expect(try store.counts() == (0, 0))
    }

    /// Text the COPY format escapes (tab, newline, backslash, quotes) and exact doubles survive.
    @Test(arguments: Backend.allCases) func awkwardTextAndExactDoubles(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        let names = ["tab\there", "line\nbreak", "back\\slash", "quote\"d", "{brace,comma}", "NULL", "\\N", "cr\rx"]
        // (not -0.0: SQLite stores a REAL negative zero as integer 0, docs/postgresql.md)
        let values = [0.1, 1e-300, 5e-324, 1.7976931348623157e308, -2.5e-8, 123456789.123456789, 1.0000000000000002]
        let run = ImportedRun(metadata: RunMetadata(commit: "c\t1", branch: "b\\x", timestamp: Date(timeIntervalSince1970: 1_700_000_000.123456), machine: "NULL", toolchain: "\\N"),
                              measurements: zip(names, values + [2.5]).map { name, v in
                                  BenchmarkMeasurement(benchmark: name, metric: "time", unit: "s", direction: .lowerIsBetter, value: v,
                                                       samples: [v, -v, 1e-310], iterations: Int.max)
                              })
        _ = try store.ingest([run], source: "a\tb", format: "test")
        let back = try store.measurements(run: 1)
        let expected = zip(names, values + [2.5]).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        #expect(back.map(\.benchmark) == expected.map(\.0))
        #expect(back.map { $0.value.bitPattern } == expected.map { $0.1.bitPattern })
        #expect(back.map { $0.samples!.map(\.bitPattern) } == expected.map { [$0.1, -$0.1, 1e-310].map(\.bitPattern) })
        #expect(back.allSatisfy { $0.iterations == Int.max })
        let r = try #require(try store.run(id: 1))
        #expect(r.commit == "c\t1" && r.branch == "b\\x" && r.machine == "NULL" && r.toolchain == "\\N" && r.source == "a\tb")
        #expect(r.timestamp.timeIntervalSince1970.bitPattern == 1_700_000_000.123456.bitPattern)
    }

    /// A missing store is not created when the command only reads.
    @Test(arguments: Backend.allCases) func missingStoreIsNotFound(_ backend: Backend) throws {
        switch backend {
        case .sqlite:
            let path = temporaryStorePath()
            #expect(throws: HistoryError.notFound("no history store at \(path) (run `sextant ingest` first)")) { try HistoryStore(path: path, create: false) }
            #expect(!FileManager.default.fileExists(atPath: path))
        case .postgres:
            guard let server = try postgresServer() else { return }
            let url = try server.newDatabase()
            #expect(throws: HistoryError.notFound("no history store at \(url) (run `sextant ingest` first)")) { try PostgresStore(url: url, create: false) }
            #expect(try server.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", on: url).int64(0, 0) == 0)
        }
    }

    /// A database that holds other tables is refused and left unchanged.
    @Test(arguments: Backend.allCases) func foreignDatabaseIsRefusedAndLeftUnchanged(_ backend: Backend) throws {
        switch backend {
        case .sqlite:
            let path = temporaryStorePath()
            let q = try DatabaseQueue(path: path)
            try q.write { db in try db.execute(sql: "CREATE TABLE invoices(id INTEGER)") }
            #expect(throws: HistoryError.store(message: "\(path) is an SQLite database but not a Sextant history store: it holds other tables (invoices); it was left unchanged")) {
                try HistoryStore(path: path)
            }
        case .postgres:
            guard let server = try postgresServer() else { return }
            let url = try server.newDatabase()
            _ = try server.execute("CREATE TABLE invoices(id INTEGER)", on: url)
            #expect(throws: HistoryError.store(message: "\(url) is a PostgreSQL database but not a Sextant history store: it holds other tables (invoices); it was left unchanged")) {
                try PostgresStore(url: url)
            }
            #expect(try server.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", on: url).int64(0, 0) == 1)
        }
    }

    /// Opening a migrated store again applies nothing and keeps the data.
    @Test(arguments: Backend.allCases) func reopeningMigratesOnce(_ backend: Backend) throws {
        guard let store = try makeStore(backend) else { return }
        _ = try store.ingest([sampleRun(commit: "a", day: 0, value: 1)], source: nil, format: "test")
        let again: any HistoryStoring = backend == .sqlite ? try HistoryStore(path: store.path, create: false)
            : try PostgresStore(url: store.path, create: false)
        #expect(try again.appliedMigrations() == SchemaMigrations.all.map(\.identifier))
        #expect(try again.counts() == (1, 3))
    }
}
