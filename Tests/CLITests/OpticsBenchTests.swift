import Foundation
import Testing

/// Runs the built `optics-bench` with few iterations and checks the lean-optics metrics
/// JSON it writes (fields, internal consistency, options, errors), then ingests it with
/// `sextant ingest` once that subcommand exists. Nothing here asserts a timing.
@Suite("optics-bench")
struct OpticsBenchTests {
    static let seedFields = [
        "testName", "operation", "iterations", "totalTimeMs", "avgTimeMs", "minTimeMs", "maxTimeMs",
        "throughput", "memoryUsage", "timestamp", "leanVersion", "gitCommit",
    ]

    /// Parses the runner's output: a JSON array of objects.
    static func parse(_ data: Data) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: data)
        return try #require(value as? [[String: Any]], "top level is not an array of objects")
    }

    @Test func writesSeedFieldsWithRawSamples() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("metrics.json")
        let run = try runTool("optics-bench", [
            "--iterations", "400", "--samples", "4", "--warmup", "1", "--max-sample-us", "0",
            "--filter", "lens_get,prism_build,composition_lens_traversal",
            "--commit", "test-commit", "--output", out.path,
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let metrics = try Self.parse(Data(contentsOf: out))
        #expect(metrics.map { $0["testName"] as? String } == ["lens_get", "prism_build", "composition_lens_traversal"])
        for m in metrics {
            for field in Self.seedFields + ["samplesMs", "toolchain"] {
                #expect(m[field] != nil, "missing \(field) in \(m["testName"] ?? "?")")
            }
            let samples = try #require(m["samplesMs"] as? [Double])
            let iterations = try #require(m["iterations"] as? Int)
            let total = try #require(m["totalTimeMs"] as? Double)
            let avg = try #require(m["avgTimeMs"] as? Double)
            let minT = try #require(m["minTimeMs"] as? Double)
            let maxT = try #require(m["maxTimeMs"] as? Double)
            let throughput = try #require(m["throughput"] as? Double)
            #expect(samples.count == 4)
            #expect(iterations == 400) // 4 samples of 100 with the batch cap off
            #expect(samples.allSatisfy { $0 > 0 })
            #expect(minT == samples.min() && maxT == samples.max())
            #expect(minT <= avg && avg <= maxT)
            #expect(abs(avg * Double(iterations) - total) <= 1e-9 * max(1, total))
            #expect(abs(throughput - Double(iterations) / (total / 1000)) <= 1e-6 * throughput)
            // The mean of the per-sample times equals the average (equal batch sizes).
            #expect(abs(samples.reduce(0, +) / 4 - avg) <= 1e-9 * max(avg, 1e-12) + 1e-15)
            #expect((m["memoryUsage"] as? Int).map { $0 >= 0 } == true)
            #expect(m["gitCommit"] as? String == "test-commit")
            #expect((m["toolchain"] as? String)?.hasPrefix("Swift ") == true)
            #expect(m["leanVersion"] as? String == m["toolchain"] as? String)
            #expect(m["injectedSlowdownPercent"] as? Double == 0)
            let stamp = try #require(m["timestamp"] as? String)
            #expect(ISO8601DateFormatter.fractional.date(from: stamp) != nil, "timestamp \(stamp)")
        }
    }

    @Test func defaultRunExcludesControlAndWritesStdout() throws {
        let run = try runTool("optics-bench", ["--iterations", "20", "--samples", "2", "--warmup", "1", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let names = try Self.parse(Data(run.stdout.utf8)).compactMap { $0["testName"] as? String }
        #expect(names.count >= 8)
        #expect(!names.contains("empty"))
        for family in ["lens_get", "lens_set", "lens_over", "prism_preview", "prism_build", "traversal", "composition"] {
            #expect(names.contains { $0.hasPrefix(family) }, "no \(family) operation")
        }
        #expect(run.stderr.isEmpty, "quiet run wrote: \(run.stderr)")
        let control = try runTool("optics-bench", ["--iterations", "20", "--samples", "2", "--filter", "empty", "-q"])
        #expect(try Self.parse(Data(control.stdout.utf8)).compactMap { $0["testName"] as? String } == ["empty"])
    }

    @Test func injectedSlowdownIsLabelled() throws {
        let run = try runTool("optics-bench", [
            "--iterations", "40", "--samples", "2", "--filter", "lens_set", "--inject-slowdown", "10", "-q",
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let m = try #require(try Self.parse(Data(run.stdout.utf8)).first)
        #expect(m["injectedSlowdownPercent"] as? Double == 10)
    }

    @Test(arguments: [
        (["--samples", "0"], "--samples"),
        (["--iterations", "3", "--samples", "5"], "--samples"),
        (["--filter", "no_such_op"], "lens_get"),
        (["--inject-slowdown", "-5"], "--inject-slowdown"),
        (["--iterations", "many"], "iterations"),
    ])
    func badArgumentsExitTwo(arguments: [String], mentions: String) throws {
        let run = try runTool("optics-bench", arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(mentions), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func unwritableOutputExitsTwo() throws {
        let run = try runTool("optics-bench", [
            "--iterations", "4", "--samples", "2", "--filter", "lens_get", "-q", "--output", "/nonexistent-dir/x.json",
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent-dir/x.json"))
    }

    /// End to end with the history store.
    @Test
    func outputIngestsIntoStore() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("metrics.json")
        let bench = try runTool("optics-bench", ["--iterations", "40", "--samples", "4", "-q", "--output", out.path])
        #expect(bench.status == 0, "stderr: \(bench.stderr)")
        let store = dir.appendingPathComponent("history.sqlite").path
        let ingest = try runTool("sextant", ["ingest", out.path, "--store", store])
        #expect(ingest.status == 0, "stderr: \(ingest.stderr)")
        #expect(FileManager.default.fileExists(atPath: store))
        // Re-ingesting the same file is a no-op, not an error.
        let again = try runTool("sextant", ["ingest", out.path, "--store", store])
        #expect(again.status == 0, "stderr: \(again.stderr)")
    }
}

extension ISO8601DateFormatter {
    /// Internet date-time with fractional seconds, as optics-bench writes it.
    nonisolated(unsafe) static let fractional: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}

/// Issue 14: the interleaved control, --build-label and --counter instructions. Nothing here asserts a timing.
@Suite("optics-bench controls and counters")
struct OpticsBenchCounterTests {
    @Test func controlsAreInterleavedByDefaultAndCanBeTurnedOff() throws {
        let on = try runTool("optics-bench", ["--iterations", "40", "--samples", "4", "--filter", "lens_get", "--build-label", "head", "-q"])
        #expect(on.status == 0, "stderr: \(on.stderr)")
        let m = try #require(try OpticsBenchTests.parse(Data(on.stdout.utf8)).first)
        #expect((m["controlSamplesMs"] as? [Double])?.count == 4)
        #expect((m["controlBatchIterations"] as? Int).map { $0 >= 1 } == true)
        #expect(m["buildLabel"] as? String == "head")
        let off = try runTool("optics-bench", ["--iterations", "40", "--samples", "4", "--filter", "lens_get", "--no-controls", "-q"])
        let n = try #require(try OpticsBenchTests.parse(Data(off.stdout.utf8)).first)
        #expect(n["controlSamplesMs"] == nil && n["buildLabel"] == nil)
    }

    /// Either counts (perf_event_open or the Callgrind pass, per sample, identical run to run) or exactly
    /// one line saying why not, and the time fields regardless.
    @Test func instructionCountsOrOneLineAndTime() throws {
        let args = ["--iterations", "20", "--samples", "2", "--warmup", "1", "--filter", "lens_get,prism_build", "--counter", "instructions", "-q"]
        let a = try runTool("optics-bench", args)
        #expect(a.status == 0, "stderr: \(a.stderr)")
        let metrics = try OpticsBenchTests.parse(Data(a.stdout.utf8))
        #expect(metrics.count == 2 && metrics.allSatisfy { $0["avgTimeMs"] != nil })
        let lines = a.stderr.split(separator: "\n").filter { $0.hasPrefix("optics-bench: instructions") }
        #expect(lines.count == 1, "stderr: \(a.stderr)")
        if metrics.allSatisfy({ $0["instructionSamples"] != nil }) {
            let counter = metrics[0]["instructionCounter"] as? String
            #expect(counter == "perf_event_open" || counter == "callgrind")
            if counter == "callgrind" {
                // Simulated counts are exact: a second run gives the same per-iteration count.
                let b = try OpticsBenchTests.parse(Data(try runTool("optics-bench", args).stdout.utf8))
                #expect(metrics.map { $0["instructionsPerIteration"] as? Double } == b.map { $0["instructionsPerIteration"] as? Double })
                let lensGet = try #require(metrics[0]["instructionSamples"] as? [Double])
                #expect(lensGet.count == 2 && lensGet.allSatisfy { $0 > 1 })
            }
        } else {
            #expect(lines[0].contains("unavailable") && lines[0].contains("carrying on with time"))
            #expect(metrics.allSatisfy { $0["instructionSamples"] == nil })
        }
    }
}

/// `sextant compare` on fixed result files (`cat`), so that every verdict is deterministic.
@Suite("sextant compare")
struct CompareCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gatepower")

    @Test func identicalBuildsPassAndASlowerOneFails() throws {
        let base = Self.fixtures.appendingPathComponent("base.json").path
        let slower = Self.fixtures.appendingPathComponent("slower.json").path
        let same = try runTool("sextant", ["compare", "--baseline-cmd", "cat '\(base)'", "--candidate-cmd", "cat '\(base)'", "--pairs", "8"])
        #expect(same.status == 0, "stdout: \(same.stdout) stderr: \(same.stderr)")
        #expect(same.stdout.contains("8 pairs"))
        // +25% time on both operations; the instruction counts are unchanged and decide: pass, time advisory.
        let counted = try runTool("sextant", ["compare", "--baseline-cmd", "cat '\(base)'", "--candidate-cmd", "cat '\(slower)'", "--pairs", "8"])
        #expect(counted.status == 0, "stdout: \(counted.stdout)")
        #expect(counted.stdout.contains("decided by: instructions") && counted.stdout.contains("REGRESSION (advisory)"))
        // On time alone the same runs are a regression (constant +25% in all 8 pairs: exact p = 2/256).
        let time = try runTool("sextant", ["compare", "--baseline-cmd", "cat '\(base)'", "--candidate-cmd", "cat '\(slower)'",
                                           "--pairs", "8", "--metric", "time", "--format", "json"])
        #expect(time.status == 1, "stdout: \(time.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(time.stdout.utf8)) as? [String: Any])
        let results = try #require((json["report"] as? [String: Any])?["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for r in results {
            #expect(r["verdict"] as? String == "regression" && r["method"] as? String == "paired-runs")
            #expect(r["sharedFactor"] as? String == "control")
            let e = try #require(r["effect"] as? [String: Any])
            #expect(abs((e["estimate"] as? Double ?? 0) - 1.25) < 1e-9)
            // Levels stay in the benchmark's unit (seconds per iteration), not ratios to the control.
            let level = try #require(r["baselineLevel"] as? Double)
            #expect(abs(level / 2e-9 - 1) < 1e-9 || abs(level / 25e-9 - 1) < 1e-9, "baseline level \(level)")
        }
    }

    @Test func failingCommandOrTooFewPairsExitTwo() throws {
        let bad = try runTool("sextant", ["compare", "--baseline-cmd", "exit 3", "--candidate-cmd", "true", "--pairs", "2"])
        #expect(bad.status == 2 && bad.stderr.contains("exit 3"), "stderr: \(bad.stderr)")
        let few = try runTool("sextant", ["compare", "--baseline-cmd", "true", "--candidate-cmd", "true", "--pairs", "1"])
        #expect(few.status == 2 && few.stderr.contains("--pairs"))
    }
}
