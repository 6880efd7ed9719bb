import Foundation
import Testing
import SextantAnalysis
@testable import SextantGate
import SextantHistory

/// One unit table: SextantCore's `Units`, read by ingest, the gate and every renderer.
@Suite struct UnitTableTests {
    @Test func aValueInMBReachesTheSameBytesThroughIngestAndTheGate() throws {
        // Ingest: a Sextant long CSV row of 12.5 MB (SI: 12,500,000 bytes).
        let csv = "benchmark,metric,unit,value,run\nalloc,memory,MB,12.5,r1\n"
        let file = try Importer.parse(Data(csv.utf8), name: "mem.csv")
        let stored = try #require(file.runs.first?.measurements.first)
        #expect(stored.unit == "B")
        #expect(stored.value == 12_500_000)
        // The gate's library API, handed the same value in MB: the SLA check sees the same bytes.
        let input = GateInput(benchmark: "alloc", metric: "memory", unit: "MB", direction: .lowerIsBetter,
                              candidate: [12.5], baselineRuns: [[12.5], [12.5], [12.5]])
        let report = Gate.evaluate([input], policy: GatePolicy(limits: SLALimits(maxMemoryUsage: 12_000_000)))
        let check = try #require(report.results.first?.slaChecks.first)
        #expect(check.key == "maxMemoryUsage" && check.unit == "B")
        #expect(check.estimate == stored.value)
        #expect(check.status == .violation)
        // And the stored value in bytes judges the same.
        let inBytes = GateInput(benchmark: "alloc", metric: "memory", unit: stored.unit, direction: .lowerIsBetter,
                                candidate: [stored.value], baselineRuns: [[stored.value], [stored.value], [stored.value]])
        let again = try #require(Gate.evaluate([inBytes], policy: GatePolicy(limits: SLALimits(maxMemoryUsage: 12_000_000)))
            .results.first?.slaChecks.first)
        #expect(again.estimate == check.estimate && again.status == check.status)
    }

    @Test func siAndIECPrefixesAreDistinctAndCaseIsSignificant() {
        #expect(Units.toBytes("kB") == 1000 && Units.toBytes("KB") == 1000 && Units.toBytes("KiB") == 1024)
        #expect(Units.toBytes("MB") == 1_000_000 && Units.toBytes("MiB") == 1_048_576)
        #expect(Units.toBytes("GB") == 1e9 && Units.toBytes("GiB") == 1_073_741_824)
        // Spellings outside the table are not guessed (mb: millibit? MS: megasiemens?).
        #expect(Units.toBytes("mb") == nil && Units.toBytes("kib") == nil && Units.toMilliseconds("MS") == nil)
        #expect(Units.toMilliseconds("ns") == 1e-6 && Units.toMilliseconds("s") == 1000 && Units.toMilliseconds("ns/iter") == 1e-6)
        #expect(Units.toPerSecond("ops/s") == 1 && Units.toPerSecond("1/ms") == 1000 && Units.toPerSecond("B/s") == nil)
    }
}
