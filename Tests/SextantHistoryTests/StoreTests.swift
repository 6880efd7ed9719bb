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

    /// FIPS 180-4 examples (and the NIST long message), with the portable compression and with the
    /// x86 SHA extensions where the CPU has them.
    @Test(arguments: [true, false]) func sha256KnownAnswers(portable: Bool) {
        var h = SHA256Hasher(portable: portable)
        h.update("abc")
        #expect(h.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var h2 = SHA256Hasher(portable: portable)
        h2.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(h2.finalize() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h3 = SHA256Hasher(portable: portable)
        h3.update("")
        #expect(h3.finalize() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // one million 'a', fed in pieces of 1 to 97 bytes so that pieces cross block ends
        var h4 = SHA256Hasher(portable: portable)
        var left = 1_000_000, piece = 1
        while left > 0 {
            let n = min(piece, left)
            h4.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            piece = piece % 97 + 1
        }
        #expect(h4.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The hardware and portable compressions agree on every message length from 0 to 300 bytes.
    @Test func sha256HardwareMatchesPortable() {
        var rng = SystemRandomNumberGenerator()
        for n in 0...300 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var a = SHA256Hasher(portable: true), b = SHA256Hasher()
            a.update(bytes)
            b.update(bytes)
            #expect(a.finalize() == b.finalize(), "length \(n)")
        }
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
