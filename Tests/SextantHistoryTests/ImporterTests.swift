import Foundation
import Testing
@testable import SextantHistory

func fixture(_ path: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/formats/\(path)").path
}

func measurement(_ run: ImportedRun, _ benchmark: String, _ metric: String) -> BenchmarkMeasurement? {
    run.measurements.first { $0.benchmark == benchmark && $0.metric == metric }
}

@Suite struct ImporterTests {
    @Test func hyperfineRealFile() throws {
        let f = try Importer.read(path: fixture("hyperfine.json"))
        #expect(f.format == .hyperfine)
        let m = try #require(measurement(f.runs[0], "sleep 0.01", "time"))
        #expect(m.value == 0.0116616842 && m.unit == "s" && m.direction == .lowerIsBetter)
        #expect(m.samples == [0.0110238474, 0.0146335744, 0.0109241684, 0.0108906644, 0.0108361664])
    }

    @Test func googleBenchmarkKeepsRepetitionsSkipsAggregates() throws {
        let f = try Importer.read(path: fixture("google-benchmark.json"))
        #expect(f.format == .googleBenchmark)
        let run = f.runs[0]
        #expect(run.metadata.machine == "vm")
        #expect(run.metadata.timestamp == Timestamps.parse("2026-11-26T16:08:40+00:00"))
        // 2 benchmarks x (time, cpu_time, throughput); no "_mean"/"_median" rows as benchmarks
        #expect(Set(run.measurements.map(\.benchmark)) == ["BM_Sort/1000", "BM_Sort/10000"])
        let t = try #require(measurement(run, "BM_Sort/1000", "time"))
        #expect(t.samples?.count == 5)
        #expect(abs(t.samples![0] - 1.2151787734355004e-05) < 1e-18)
        let meanOfSamples = t.samples!.reduce(0, +) / 5
        #expect(abs(t.value - meanOfSamples) < 1e-18)
        #expect(t.iterations == 5267)
        #expect(measurement(run, "BM_Sort/1000", "throughput")?.direction == .higherIsBetter)
    }

    @Test func pytestBenchmarkWithRawData() throws {
        let f = try Importer.read(path: fixture("pytest-benchmark.json"))
        #expect(f.format == .pytestBenchmark)
        let m = try #require(measurement(f.runs[0], "test_bench.py::test_fib", "time"))
        #expect(m.value == 9.746435111375272e-05)
        #expect(m.samples?.count == 11774)
        #expect(f.runs[0].metadata.commit == nil) // "unversioned" is pytest-benchmark's placeholder
        #expect(f.runs[0].metadata.timestamp != nil)
    }

    @Test func packageBenchmarkExportsAndResults() throws {
        let small = try Importer.read(path: fixture("package-benchmark/jsonSmallerIsBetter.json"))
        #expect(small.format == .packageBenchmark)
        let wall = try #require(measurement(small.runs[0], "sort 10k", "time"))
        #expect(wall.value == 372e-6 && wall.unit == "s")
        #expect(measurement(small.runs[0], "fib(20)", "malloc_count_total")?.value == 16)
        let big = try Importer.read(path: fixture("package-benchmark/jsonBiggerIsBetter.json"))
        let tp = try #require(measurement(big.runs[0], "fib(20)", "throughput"))
        #expect(tp.value == 2000 && tp.direction == .higherIsBetter && tp.unit == "1/s")
        let results = try Importer.read(path: fixture("package-benchmark/results.json"))
        #expect(results.format == .packageBenchmark)
        let hist = try #require(measurement(results.runs[0], "sort 10k", "time"))
        #expect(hist.samples?.count == 1000)
        // HDR histogram at 3 significant digits: every sample within 0.1% of the recorded range
        #expect(hist.samples!.min()! >= 244316e-9 * 0.999 && hist.samples!.max()! <= 451217e-9 * 1.001)
        #expect(measurement(results.runs[0], "sort 10k", "throughput")?.direction == .higherIsBetter)
        #expect(measurement(results.runs[0], "sort 10k", "malloc_count_total")?.value == 22)
        #expect(results.runs[0].metadata.machine == "vm")
    }

    @Test func criterionEstimatesWithSiblingSamples() throws {
        let linear = try Importer.read(path: fixture("criterion/fib_20/new/estimates.json"))
        #expect(linear.format == .criterion)
        let m = try #require(measurement(linear.runs[0], "fib 20", "time"))
        #expect(abs(m.value - 26072.40e-9) < 1e-15) // slope under linear sampling
        #expect(m.samples?.count == 100)
        let flat = try Importer.read(path: fixture("criterion/sort/10000/new/estimates.json"))
        #expect(abs(try #require(measurement(flat.runs[0], "sort/10000", "time")).value - 412345.6e-9) < 1e-15) // mean
        let samples = try Importer.read(path: fixture("criterion/sort/10000/new/sample.json"))
        #expect(samples.format == .criterion)
        #expect(measurement(samples.runs[0], "sort/10000", "time")?.samples?.count == 20)
    }

    @Test func bencherMetricFormat() throws {
        let f = try Importer.read(path: fixture("bencher-bmf.json"))
        #expect(f.format == .bencher)
        #expect(measurement(f.runs[0], "tests::benchmark_a", "time")?.value == 3309e-9)
        #expect(measurement(f.runs[0], "tests::benchmark_b", "throughput")?.direction == .higherIsBetter)
        #expect(measurement(f.runs[0], "binary", "file_size")?.unit == "B")
        #expect(measurement(f.runs[0], "binary", "build_time")?.value == 87.5)
    }

    @Test func leanOpticsMetrics() throws {
        let f = try Importer.read(path: fixture("lean-optics-metrics.json"))
        #expect(f.format == .leanOptics)
        let run = f.runs[0]
        #expect(run.metadata.commit == "3f2a9c1d0b7e4f5a6c8d9e0f1a2b3c4d5e6f7a8b")
        #expect(run.metadata.toolchain == "4.9.0")
        let t = try #require(measurement(run, "lens.get", "time"))
        #expect(abs(t.value - 0.000842e-3) < 1e-18 && t.samples?.count == 5 && t.iterations == 1000)
        #expect(measurement(run, "lens.get", "memory")?.value == 20480)
        #expect(measurement(run, "lens.set", "throughput")?.direction == .higherIsBetter)
        #expect(measurement(run, "lens.set", "total_time")?.value == 1.21e-3)
    }

    @Test func leanBenchText() throws {
        let f = try Importer.read(path: fixture("lean-bench.txt"))
        #expect(f.format == .leanBench)
        #expect(f.runs[0].measurements.count == 8)
        let t = try #require(measurement(f.runs[0], "Prism.preview", "time"))
        #expect(abs(t.value - 4.5e-3 / 100_000) < 1e-20 && t.iterations == 100_000)
    }

    @Test func unitNormalisation() {
        #expect(Units.normalise("ns/iter") == .init(unit: "s", factor: 1e-9, kind: .time))
        #expect(Units.normalise("μs").factor == 1e-6)
        #expect(Units.normalise("ops/sec") == .init(unit: "1/s", factor: 1, kind: .rate))
        #expect(Units.normalise("MiB") == .init(unit: "B", factor: 1_048_576, kind: .memory))
        #expect(Units.normalise("MB/s") == .init(unit: "B/s", factor: 1e6, kind: .rate))
        #expect(Units.normalise("widgets").kind == .other)
        #expect(Units.display(0.00123, unit: "s") == "1.230 ms")
    }

    @Test func jsonParserIsStrict() throws {
        for bad in ["{\"a\":1,\"a\":2}", "[1,2", "{\"a\":NaN}", "[1e999]", "[1] x", "{\"a\":\"\\ud800\"}", ""] {
            #expect(throws: HistoryError.self) { try JSONParser.parse(Data(bad.utf8), file: "t") }
        }
        let parsed = try JSONParser.parse(Data("{\"a\":[1,-2.5e3,\"\\u00e9\\ud83d\\ude00\",null,true]}".utf8), file: "t")
        #expect(parsed["a"] == .array([.number(1), .number(-2500), .string("é😀"), .null, .bool(true)]))
    }

    @Test func csvSafetyRoundTrips() {
        for s in ["=HYPERLINK(\"http://x\",\"y\")", "-1.5", "+1", "@SUM(A1)", "\tx", "\rx", "'quoted", "plain", ""] {
            #expect(CSVSafety.restore(CSVSafety.neutralise(s)) == s)
        }
        #expect(CSVSafety.neutralise("-1.5") == "'-1.5")
        #expect(CSVSafety.neutralise("plain") == "plain")
    }
}

@Suite struct OpticsRunnerFileTests {
    /// A real file written by this project's `optics-bench` runner (copied from the optics branch's
    /// `datasets/optics/aa/run-0001.json`).
    @Test func opticsBenchOutputIngests() throws {
        let f = try Importer.read(path: fixture("optics-bench-run.json"))
        #expect(f.format == .leanOptics)
        let run = f.runs[0]
        #expect(run.metadata.commit == "aa-0001")
        #expect(run.metadata.timestamp != nil)
        let times = run.measurements.filter { $0.metric == "time" }
        #expect(times.count == 10)
        for t in times {
            let samples = try #require(t.samples)
            #expect(samples.count >= 10)
            // avgTimeMs is the runner's mean of its samples; both were converted from ms to s
            #expect(samples.min()! <= t.value * (1 + 1e-12) && t.value <= samples.max()! * (1 + 1e-12))
        }
    }
}

/// optics-bench's issue-14 fields: the interleaved control and instruction counts become metrics.
@Suite struct OpticsBenchFieldsImporterTests {
    @Test func controlAndInstructionsBecomeMetrics() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/gatepower/base.json")
        let f = try Importer.read(path: url.path)
        let run = try #require(f.runs.first)
        let control = try #require(run.measurements.first { $0.benchmark == "lens_get" && $0.metric == "control" })
        #expect(control.unit == "s" && abs(control.value - 3e-9) < 1e-21 && control.samples?.count == 4)
        let counts = try #require(run.measurements.first { $0.benchmark == "lens_set" && $0.metric == "instructions" })
        #expect(counts.unit == "count" && counts.value == 232 && counts.direction == .lowerIsBetter && counts.samples == [232, 232, 232, 232])
    }
}
