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
    // The store's contract (ingest, series, baselines, refusals) runs once per backend in
    // Tests/SextantStoreTests/StoreSuite.swift.

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
