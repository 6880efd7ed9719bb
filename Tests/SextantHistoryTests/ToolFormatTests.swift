import Foundation
import Testing
@testable import SextantHistory

/// Real files of asv, Go, pyperf, JMH, BenchmarkDotNet, Rust libtest and Catch2, each checked against
/// what the tool itself reports: `Tests/Fixtures/formats/references.json`, written by
/// `scripts/formats/make_format_references.py` with asv's and pyperf's own Python loaders and an
/// independent parse of the other formats (see that script).
@Suite struct ToolFormatTests {
    struct Reference {
        var benchmark: String, metric: String, unit: String, direction: String
        var value: Double, sampleCount: Int
        var commit: String?, median: Double?, iterations: Int?
    }

    static func references(_ key: String) -> [[String: Any]] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: fixture("references.json")))
        return (try! JSONSerialization.jsonObject(with: data) as! [String: [[String: Any]]])[key] ?? []
    }

    static func rows(_ key: String) -> [Reference] {
        references(key).compactMap { r in
            guard let b = r["benchmark"] as? String, r["failed"] == nil else { return nil } // failed: counted, no value
            func number(_ k: String) -> Double? { (r[k] as? NSNumber)?.doubleValue }
            return Reference(benchmark: b, metric: r["metric"] as! String, unit: r["unit"] as! String,
                             direction: r["direction"] as! String, value: number("value")!, sampleCount: Int(number("sampleCount")!),
                             commit: r["commit"] as? String, median: number("median"), iterations: number("iterations").map { Int($0) })
        }
    }

    func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    /// Every reference row has exactly one matching measurement with the same unit, direction,
    /// value and number of raw samples, and the run holds nothing else.
    func check(_ runs: [ImportedRun], against refs: [Reference], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!refs.isEmpty, sourceLocation: sourceLocation)
        var matched = 0
        for r in refs {
            let candidates = runs.filter { r.commit == nil || $0.metadata.commit == r.commit }
                .flatMap(\.measurements).filter { $0.benchmark == r.benchmark && $0.metric == r.metric }
            guard candidates.count == 1, let m = candidates.first else {
                Issue.record("\(r.benchmark) \(r.metric): \(candidates.count) measurements", sourceLocation: sourceLocation)
                continue
            }
            matched += 1
            #expect(m.unit == r.unit, "\(r.benchmark) \(r.metric) unit \(m.unit)", sourceLocation: sourceLocation)
            #expect(m.direction.rawValue == r.direction, "\(r.benchmark) \(r.metric) direction", sourceLocation: sourceLocation)
            #expect(close(m.value, r.value), "\(r.benchmark) \(r.metric): \(m.value) vs \(r.value)", sourceLocation: sourceLocation)
            #expect((m.samples?.count ?? 0) == r.sampleCount, "\(r.benchmark) \(r.metric) samples", sourceLocation: sourceLocation)
            if let median = r.median, let s = m.samples?.sorted() {
                let med = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
                #expect(close(med, median), "\(r.benchmark) \(r.metric) median", sourceLocation: sourceLocation)
            }
            if let it = r.iterations { #expect(m.iterations == it, sourceLocation: sourceLocation) }
        }
        #expect(matched == refs.count, sourceLocation: sourceLocation)
        #expect(runs.reduce(0) { $0 + $1.measurements.count } == refs.count, "measurements beyond the reference", sourceLocation: sourceLocation)
    }

    @Test func asvResultsDirectoryMadeByAsv() throws {
        let f = try Importer.read(path: fixture("asv/results"))
        #expect(f.format == .asv)
        #expect(f.runs.count == 2)
        #expect(f.runs.allSatisfy { $0.metadata.machine == "sextant-vm" && $0.metadata.timestamp != nil })
        check(f.runs, against: Self.rows("asv"))
        // bench.time_fails raises: asv stores null, counted per file
        let failed = Self.references("asv").compactMap { $0["failed"] as? Int }.reduce(0, +)
        #expect(failed == 2 && f.skippedCount == 2 && f.skipped.map(\.reason) == ["failed (null) asv results"])
        // parameterised: 2 x 2 combinations named with asv's param_names; samples from --record-samples
        let sort = try #require(f.runs[0].measurements.first { $0.benchmark == "bench.TimeSuite.time_sort(n=100, order='reversed')" })
        #expect(sort.samples?.count ?? 0 >= 3 && sort.unit == "s")
        #expect(f.runs[0].measurements.first { $0.benchmark == "bench.track_answer" }?.unit == "answers")
    }

    @Test func asvSingleResultFileFindsItsBenchmarksJSON() throws {
        let dir = fixture("asv/results/sextant-vm")
        let name = try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("bbb3a5bf") }!
        let f = try Importer.read(path: dir + "/" + name)
        #expect(f.format == .asv && f.runs.count == 1)
        check(f.runs, against: Self.rows("asv").filter { $0.commit?.hasPrefix("bbb3a5bf") == true })
    }

    @Test func asvDjangoHistory() throws {
        let path = URL(fileURLWithPath: fixture("")).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/formats/asv-django").path
        let f = try Importer.read(path: path)
        #expect(f.runs.count == 31 && f.measurementCount == 1240 && f.skippedCount == 0)
        #expect(Set(f.runs.compactMap(\.metadata.commit)).count == 31)
        #expect(f.runs.allSatisfy { $0.metadata.machine == "macos-12" && $0.metadata.toolchain == "Python 3.10" })
        check(f.runs, against: Self.rows("asv-django"))
    }

    @Test func goBenchMadeByGoTest() throws {
        let f = try Importer.read(path: fixture("go/go-bench-count5-benchmem.txt"))
        #expect(f.format == .goBench)
        #expect(f.runs[0].metadata.machine == "Intel(R) Xeon(R) Processor linux/amd64")
        check(f.runs, against: Self.rows("go"))
        // the b.ReportMetric unit is its own metric
        #expect(f.runs[0].measurements.contains { $0.benchmark == "Join" && $0.metric == "bytes/join" && $0.value == 13 })
    }

    @Test func pyperfMadeByPyperf() throws {
        let f = try Importer.read(path: fixture("pyperf/pyperf-suite.json"))
        #expect(f.format == .pyperf)
        check(f.runs, against: Self.rows("pyperf"))
        #expect(f.runs[0].metadata.toolchain == "cpython 3.11.7 (64-bit)" && f.runs[0].metadata.machine == "vm")
        #expect(f.runs[0].measurements.first { $0.benchmark == "sort_1000" }?.iterations == 8192)
    }

    @Test func jmhAllFourModes() throws {
        let f = try Importer.read(path: fixture("jmh/hollow-jmh-result.json"))
        #expect(f.format == .jmh)
        check(f.runs, against: Self.rows("jmh/hollow-jmh-result.json"))
        #expect(Set(f.runs[0].measurements.map(\.metric)) == ["throughput", "time", "sample_time", "single_shot_time"])
        // sample mode's percentiles are secondary metrics: counted, not imported
        #expect(f.skipped.first?.reason == "JMH secondary metrics" && f.skippedCount == 40)
    }

    @Test func jmhThroughputWithParams() throws {
        let f = try Importer.read(path: fixture("jmh/jcasbin-jmh-result.json"))
        check(f.runs, against: Self.rows("jmh/jcasbin-jmh-result.json"))
        // 30 thrpt (ops/ms) and 7 ss (ms/op) results
        let byMetric = Dictionary(grouping: f.runs[0].measurements, by: \.metric)
        #expect(byMetric["throughput"]?.count == 30 && byMetric["single_shot_time"]?.count == 7)
        #expect(byMetric["throughput"]!.allSatisfy { $0.unit == "1/s" && $0.direction == .higherIsBetter })
        #expect(byMetric["single_shot_time"]!.allSatisfy { $0.unit == "s" && $0.direction == .lowerIsBetter })
    }

    @Test func benchmarkDotNetFullJSON() throws {
        for name in ["needlr-CollectionResolutionBenchmarks-report-full-compressed.json",
                     "needlr-KeyedServiceResolutionBenchmarks-report-full-compressed.json"] {
            let f = try Importer.read(path: fixture("benchmarkdotnet/\(name)"))
            #expect(f.format == .benchmarkDotNet)
            check(f.runs, against: Self.rows("benchmarkdotnet/\(name)"))
            let failed = Self.references("benchmarkdotnet/\(name)").filter { $0["failed"] != nil }.count
            #expect(f.skippedCount == failed)
            #expect(f.runs[0].metadata.toolchain == ".NET 10.0.2 (10.0.225.61305)")
        }
        // Title "...KeyedServiceResolutionBenchmarks-20260208-040342": the run's timestamp
        let keyed = try Importer.read(path: fixture("benchmarkdotnet/needlr-KeyedServiceResolutionBenchmarks-report-full-compressed.json"))
        #expect(keyed.runs[0].metadata.timestamp == Timestamps.parse("2026-02-08T04:03:42Z"))
    }

    @Test func rustLibtestMadeByCargoBench() throws {
        let f = try Importer.read(path: fixture("rust/libtest-bench.txt"))
        #expect(f.format == .rustLibtest)
        check(f.runs, against: Self.rows("rust-libtest"))
    }

    @Test func cargoCriterionJSONLines() throws {
        let f = try Importer.read(path: fixture("cargo-criterion/fuel-core-cargo-criterion.jsonl"))
        #expect(f.format == .cargoCriterion)
        check(f.runs, against: Self.rows("cargo-criterion"))
    }

    @Test func catch2XMLMadeByCatch2() throws {
        let f = try Importer.read(path: fixture("catch2/catch2-bench.xml"))
        #expect(f.format == .catch2)
        check(f.runs, against: Self.rows("catch2"))
    }

    @Test func detectionNeedsNoFormatFlag() throws {
        for (path, format) in [("go/go-bench-count5-benchmem.txt", ImportFormat.goBench), ("pyperf/pyperf-suite.json", .pyperf),
                               ("jmh/jcasbin-jmh-result.json", .jmh), ("rust/libtest-bench.txt", .rustLibtest),
                               ("cargo-criterion/fuel-core-cargo-criterion.jsonl", .cargoCriterion),
                               ("benchmarkdotnet/needlr-CollectionResolutionBenchmarks-report-full-compressed.json", .benchmarkDotNet),
                               ("asv/results/sextant-vm/e81acf1c-existing-py_tmp_imp_tv_bin_python3.json", .asv),
                               ("catch2/catch2-bench.xml", .catch2)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: fixture(path)))
            #expect(Importer.detect(data) == format, "\(path)")
        }
    }
}
