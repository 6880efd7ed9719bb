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

    /// End to end with the history store: enabled once `sextant ingest` exists (issue 3).
    @Test(.enabled(if: sextantHas("ingest")))
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

/// Whether the built `sextant` lists `subcommand` in its help.
func sextantHas(_ subcommand: String) -> Bool {
    guard let run = try? runTool("sextant", ["help"]) else { return false }
    let text = run.stdout + run.stderr
    return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(subcommand + " ") }
}

extension ISO8601DateFormatter {
    /// Internet date-time with fractional seconds, as optics-bench writes it.
    nonisolated(unsafe) static let fractional: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}
