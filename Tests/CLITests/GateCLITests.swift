import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A deterministic noise source for the fixtures (64-bit LCG, Knuth's MMIX constants).
private struct Noise {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    /// exp(sd * approximately-normal) via the sum of 12 uniforms.
    mutating func factor(_ sd: Double) -> Double {
        var z = -6.0
        for _ in 0..<12 { z += uniform() }
        return exp(sd * z)
    }
}

/// A lean-optics metrics file: one run of three benchmarks with 40 raw samples each (or none).
private func writeRun(_ url: URL, day: Int, seed: UInt64, slow: [String: Double] = [:], samples: Bool = true,
                      names: [String] = ["lens.get", "lens.set", "prism.preview"]) throws {
    var noise = Noise(state: seed)
    var items: [String] = []
    for (k, name) in names.enumerated() {
        let level = 0.0002 * Double(k + 1) * (slow[name] ?? 1) * noise.factor(0.01)
        let s = (0..<40).map { _ in level * noise.factor(0.03) }
        let avg = s.reduce(0, +) / Double(s.count)
        let sampleText = samples ? ", \"samplesMs\": [" + s.map { "\($0)" }.joined(separator: ",") + "]" : ""
        items.append("""
        {"testName": "\(name)", "operation": "\(name)", "iterations": 40, "totalTimeMs": \(avg * 40), "avgTimeMs": \(avg),
         "minTimeMs": \(s.min()!), "maxTimeMs": \(s.max()!), "throughput": \(1000 / avg), "memoryUsage": 4096,
         "timestamp": "2026-11-\(String(format: "%02d", day))T10:00:00Z", "leanVersion": "4.9.0", "gitCommit": "c\(day)"\(sampleText)}
        """)
    }
    try ("[" + items.joined(separator: ",\n") + "]").write(to: url, atomically: true, encoding: .utf8)
}

/// A store with 10 baseline runs, plus candidate files, in a fresh folder.
private struct GateFixture {
    let dir: URL
    var store: String { dir.appendingPathComponent("history.sqlite").path }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    init(samples: Bool = true) throws {
        dir = try temporaryDirectory()
        var files: [String] = []
        for day in 1...10 {
            let f = dir.appendingPathComponent("run\(day).json")
            try writeRun(f, day: day, seed: UInt64(day), samples: samples)
            files.append(f.path)
        }
        let r = try runTool("sextant", ["ingest"] + files + ["--store", store, "--branch", "main"])
        #expect(r.status == 0, "\(r.stderr)")
        try writeRun(dir.appendingPathComponent("same.json"), day: 11, seed: 99, samples: samples)
        try writeRun(dir.appendingPathComponent("slow.json"), day: 11, seed: 99, slow: ["lens.set": 1.3], samples: samples)
        try writeRun(dir.appendingPathComponent("other.json"), day: 11, seed: 98, samples: samples, names: ["traversal.over"])
        try """
        {
          "maxAvgTimeMs": 1.0,           // Maximum average time per operation
          "maxTotalTimeMs": 1000,        // Maximum total time for all operations
          "minThroughput": 1000.0,       // Minimum throughput (ops/s)
          "maxMemoryUsage": 1000000,     // Maximum memory usage (bytes)
          "regressionThreshold": 0.1     // Maximum allowed regression (10%)
        }
        """.write(to: dir.appendingPathComponent("sla.json"), atomically: true, encoding: .utf8)
    }

    func gate(_ args: [String]) throws -> ToolRun {
        try runTool("sextant", ["gate"] + args + ["--store", store])
    }
}

@Suite struct GateCLITests {
    @Test func passesOnTheSameCodeAndFailsOnASlowdown() throws {
        let f = try GateFixture()
        let same = try f.gate([f.path("same.json"), "--policy", f.path("sla.json")])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.hasPrefix("sextant gate: PASS"))
        let slow = try f.gate([f.path("slow.json"), "--policy", f.path("sla.json")])
        #expect(slow.status == 1, "\(slow.stdout)\(slow.stderr)")
        #expect(slow.stdout.contains("REGRESSION"))
        #expect(slow.stdout.split(separator: "\n").contains { $0.hasPrefix("lens.set ") && $0.contains("time") && $0.contains("REGRESSION") })
        #expect(!slow.stdout.split(separator: "\n").contains { $0.hasPrefix("lens.get ") && $0.contains("REGRESSION") })
    }

    @Test func everyOutputFormat() throws {
        let f = try GateFixture()
        let json = try f.gate([f.path("slow.json"), "--format", "json"])
        #expect(json.status == 1)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(obj["outcome"] as? String == "fail")
        #expect(((obj["summary"] as? [String: Int])?["regression"] ?? 0) >= 1)

        let md = try f.gate([f.path("slow.json"), "--format", "md"])
        #expect(md.status == 1)
        #expect(md.stdout.hasPrefix("### ❌ Sextant gate: fail"))
        #expect(md.stdout.contains("| Benchmark | Metric | Baseline | Candidate | Change |"))

        let out = f.path("report.xml")
        let junit = try f.gate([f.path("slow.json"), "--format", "junit", "--output", out, "--policy", f.path("sla.json")])
        #expect(junit.status == 1)
        #expect(junit.stdout.isEmpty)
        let xml = try Data(contentsOf: URL(fileURLWithPath: out))
        final class Count: NSObject, XMLParserDelegate, @unchecked Sendable {
            var cases = 0, failures = 0
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if e == "testcase" { cases += 1 }
                if e == "failure" { failures += 1 }
            }
        }
        let parser = XMLParser(data: xml)
        let count = Count()
        parser.delegate = count
        #expect(parser.parse())
        #expect(count.cases >= 12)
        #expect(count.failures >= 1)

        let csv = try f.gate([f.path("same.json"), "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("benchmark,metric,unit,direction,method"))

        let timeOnly = try f.gate([f.path("slow.json"), "--metric", "time", "--format", "csv"])
        #expect(timeOnly.status == 1)
        let rows = timeOnly.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 3 && rows.allSatisfy { $0.contains(",time,") }, "\(timeOnly.stdout)")

        let bad = try f.gate([f.path("same.json"), "--format", "yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--format") && bad.stderr.contains("yaml"), "\(bad.stderr)")
    }

    @Test func badPolicyFilesExitTwoNamingFileAndLine() throws {
        let f = try GateFixture()
        let cases: [(String, String, String)] = [
            ("invalid.json", "{\n  \"maxAvgTimeMs\": 1.0,\n  \"minThroughput\" 5\n}", "invalid.json:3: invalid JSON"),
            ("unknown.json", "{\n  \"maxAvgTimeMs\": 1.0,\n  \"maxAvgTime\": 2\n}", "unknown.json:3: unknown key \"maxAvgTime\""),
            ("negative.json", "{\n  \"maxMemoryUsage\": -5\n}", "negative.json:2: \"maxMemoryUsage\" must not be negative"),
            ("confidence.json", "{\"confidence\": 1.5}", "confidence.json:1: \"confidence\" must lie strictly between 0 and 1"),
        ]
        for (name, text, message) in cases {
            try text.write(to: f.dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let r = try f.gate([f.path("same.json"), "--policy", f.path(name)])
            #expect(r.status == 2, "\(name): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(name): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stdout.isEmpty)
        }
        let missing = try f.gate([f.path("same.json"), "--policy", f.path("nope.json")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json: cannot read policy file"))
    }

    @Test func inputErrorsExitTwo() throws {
        let f = try GateFixture()
        let nomatch = try f.gate([f.path("other.json")])
        #expect(nomatch.status == 2)
        #expect(nomatch.stderr.contains("no candidate benchmark matches a series of the baseline"), "\(nomatch.stderr)")
        let unknownBaseline = try f.gate([f.path("same.json"), "--baseline", "release"])
        #expect(unknownBaseline.status == 2)
        #expect(unknownBaseline.stderr.contains("no baseline named release"))
        let badWindow = try f.gate([f.path("same.json"), "--baseline", "window:zero"])
        #expect(badWindow.status == 2)
        let missingFile = try f.gate([f.path("absent.json")])
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr.contains("absent.json"))
        let noStore = try runTool("sextant", ["gate", f.path("same.json"), "--store", f.path("none.sqlite")])
        #expect(noStore.status == 2)
        let noArgs = try runTool("sextant", ["gate"])
        #expect(noArgs.status == 2, "SextantCommand maps the parser's 64 to 2: \(noArgs.status)")
        #expect(noArgs.stderr == "sextant: error: Missing expected argument '<candidates> ...' (see 'sextant gate --help')\n", "\(noArgs.stderr)")
    }

    @Test func inconclusiveExitsThreeOnlyWhenAsked() throws {
        // One value per run and a one-run baseline: no noise estimate, so the verdicts are inconclusive.
        let f = try GateFixture(samples: false)
        let lenient = try f.gate([f.path("same.json"), "--baseline", "window:1"])
        #expect(lenient.status == 0, "\(lenient.stdout)")
        #expect(lenient.stdout.hasPrefix("sextant gate: INCONCLUSIVE"))
        let strict = try f.gate([f.path("same.json"), "--baseline", "window:1", "--fail-on-inconclusive"])
        #expect(strict.status == 3, "\(strict.stdout)")
        // A window of runs gives run-to-run noise and a clear answer.
        let window = try f.gate([f.path("slow.json"), "--baseline", "window:10"])
        #expect(window.status == 1, "\(window.stdout)")
    }

    @Test func recordAddsAPassingCandidateAndMovesAPinnedBaseline() throws {
        let f = try GateFixture()
        let set = try runTool("sextant", ["baseline", "set", "main", "latest", "--store", f.store])
        #expect(set.status == 0, "\(set.stderr)")
        let failing = try f.gate([f.path("slow.json"), "--baseline", "main", "--record"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("not recorded"))
        let passing = try f.gate([f.path("same.json"), "--baseline", "main", "--record"])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stderr.contains("baseline main -> run 11"), "\(passing.stderr)")
        let show = try runTool("sextant", ["baseline", "show", "main", "--format", "json", "--store", f.store])
        #expect(show.stdout.contains("\"run\" : 11"), "\(show.stdout)")
        let runs = try runTool("sextant", ["runs", "--format", "json", "--store", f.store])
        #expect(runs.stdout.components(separatedBy: "\"id\"").count - 1 == 11)
    }

    @Test func analyzeEveryFormat() throws {
        let f = try GateFixture()
        for format in ["table", "md", "json", "csv"] {
            let r = try runTool("sextant", ["analyze", "--format", format, "--policy", f.path("sla.json"), "--store", f.store])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(r.stdout.contains("lens.set"))
        }
        let csv = try runTool("sextant", ["analyze", "--format", "csv", "--metric", "time", "--store", f.store])
        #expect(csv.stdout.split(separator: "\n").count == 4)
        let none = try runTool("sextant", ["analyze", "--benchmark", "nothing*", "--store", f.store])
        #expect(none.status == 2)
    }
}
