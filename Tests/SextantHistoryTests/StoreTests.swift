import Foundation
import Testing
@testable import SextantHistory

func temporaryStorePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-history-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("history.sqlite").path
}

func sampleRun(commit: String, day: Int, value: Double, branch: String = "main") -> ImportedRun {
    ImportedRun(
        metadata: RunMetadata(commit: commit, branch: branch, timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 86_400), machine: "ci"),
        measurements: [
            BenchmarkMeasurement(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter, value: value,
                        samples: [value * 0.9, value, value * 1.1], iterations: 1000),
            BenchmarkMeasurement(benchmark: "lens.set", metric: "time", unit: "s", direction: .lowerIsBetter, value: value * 2),
            BenchmarkMeasurement(benchmark: "lens.get", metric: "throughput", unit: "1/s", direction: .higherIsBetter, value: 1 / value),
        ])
}

@Suite struct StoreTests {
    @Test func ingestIsOneTransactionAndIdempotent() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        #expect(try store.appliedMigrations() == ["v1", "v2-application-id", "v3-triage"])
        let runs = (0..<5).map { sampleRun(commit: "c\($0)", day: $0, value: 1e-6 * Double($0 + 1)) }
        let first = try store.ingest(runs, source: "a.json", format: "test")
        #expect(first.added.count == 5)
        #expect(first.measurements == 15)
        let again = try store.ingest(runs, source: "b.json", format: "test")
        #expect(again.added.isEmpty)
        #expect(again.skipped == 5)
        #expect(try store.counts() == (5, 15))
    }

    @Test func seriesAreOrderedByTimestampWithSamples() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        // ingest out of order: day 3 first
        _ = try store.ingest([sampleRun(commit: "c3", day: 3, value: 3)], source: nil, format: "test")
        _ = try store.ingest([sampleRun(commit: "c1", day: 1, value: 1), sampleRun(commit: "c2", day: 2, value: 2)], source: nil, format: "test")
        _ = try store.ingest([sampleRun(commit: "f1", day: 4, value: 9, branch: "feature")], source: nil, format: "test")
        let all = try store.series(benchmark: "lens.*", metric: "time", branch: "main")
        #expect(all.map(\.benchmark) == ["lens.get", "lens.set"])
        #expect(all[0].values == [1, 2, 3])
        #expect(all[0].points.map(\.commit) == ["c1", "c2", "c3"])
        #expect(all[0].points[0].samples == [0.9, 1, 1.1])
        #expect(all[0].points[0].iterations == 1000)
        #expect(all[1].values == [2, 4, 6])
        let tp = try store.series(benchmark: "lens.get", metric: "throughput")
        #expect(tp.count == 1 && tp[0].direction == .higherIsBetter && tp[0].points.count == 4)
        #expect(try store.runs(branch: "main").map(\.commit) == ["c1", "c2", "c3"])
        #expect(try store.runs(branch: "main", limit: 2).map(\.commit) == ["c2", "c3"])
    }

    @Test func duplicateMeasurementInOneRunIsRejectedAndNothingStored() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        var bad = sampleRun(commit: "x", day: 0, value: 1)
        bad.measurements.append(bad.measurements[0])
        #expect(throws: HistoryError.self) {
            try store.ingest([sampleRun(commit: "ok", day: 1, value: 1), bad], source: "f", format: "test")
        }
        #expect(try store.counts() == (0, 0))
    }

    @Test func baselinesPinnedAndRolling() throws {
        let store = try HistoryStore(path: temporaryStorePath())
        let r = try store.ingest((0..<6).map { sampleRun(commit: "c\($0)", day: $0, value: 1) }, source: nil, format: "test")
        // first run creates the baseline, later "first" attempts keep it
        #expect(try store.setBaseline("main", run: r.added[0], onlyIfAbsent: true))
        #expect(try store.setBaseline("main", run: r.added[1], onlyIfAbsent: true) == false)
        #expect(try store.baseline(named: "main")?.reference == .run(r.added[0]))
        // a successful run updates it
        try store.setBaseline("main", run: r.added[4])
        #expect(try store.runs(of: store.baseline(named: "main")!).map(\.commit) == ["c4"])
        try store.setBaseline("recent", window: 3, branch: "main")
        #expect(try store.runs(of: store.baseline(named: "recent")!).map(\.commit) == ["c3", "c4", "c5"])
        #expect(try store.resetBaseline("main"))
        #expect(try store.baseline(named: "main") == nil)
        #expect(try store.resetBaseline("main") == false)
        #expect(throws: HistoryError.self) { try store.setBaseline("x", run: 999) }
    }

    @Test func contentHashCoversValuesAndMetadata() {
        let a = sampleRun(commit: "c", day: 1, value: 1)
        var b = a
        b.measurements[0].value = 1.0000000000000002
        var c = a
        c.metadata.branch = "other"
        let ha = HistoryStore.contentHash(a)
        #expect(ha.count == 64)
        #expect(ha == HistoryStore.contentHash(a))
        #expect(ha != HistoryStore.contentHash(b))
        #expect(ha != HistoryStore.contentHash(c))
    }

    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples
        var h = SHA256Hasher()
        h.update("abc")
        #expect(h.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var h2 = SHA256Hasher()
        h2.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(h2.finalize() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h3 = SHA256Hasher()
        h3.update("")
        #expect(h3.finalize() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func timestampsRoundTrip() throws {
        let d = try #require(Timestamps.parse("2020-11-13T16:47:49-08:00"))
        #expect(Timestamps.format(d) == "2020-11-14T00:47:49.000000Z")
        #expect(Timestamps.parse("2026-11-26T16:08:54.843121+00:00").map(Timestamps.format) == "2026-11-26T16:08:54.843121Z")
        #expect(Timestamps.parse("1605314959564") == Date(timeIntervalSince1970: 1605314959.564))
        #expect(Timestamps.parse("2024-02-30x") == nil)
        #expect(Timestamps.parse("2024-01-02").map(Timestamps.format) == "2024-01-02T00:00:00.000000Z")
    }
}
