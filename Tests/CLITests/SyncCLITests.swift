import Foundation
import Synchronization
import Testing

/// Runs `git` in `dir`, failing the test when it fails.
@discardableResult
func git(_ args: [String], in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let run = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + args, currentDirectory: dir)
    #expect(run.status == 0, "git \(args.joined(separator: " "))", sourceLocation: sourceLocation)
    return run.stdout
}

/// A lean-optics result file of one run (what optics-bench writes), distinct per (job, run).
func writeOpticsRun(_ url: URL, commit: String, minute: Int, scale: Double, machine: String? = nil) throws {
    let ts = String(format: "2026-01-01T%02d:%02d:00Z", minute / 60, minute % 60)
    var objects: [String] = []
    for (k, name) in ["lens.get", "lens.set", "prism.preview"].enumerated() {
        let base = 1e-5 * Double(k + 1) * scale
        let samples = (0..<5).map { String(base * (1 + 0.01 * Double($0))) }.joined(separator: ",")
        objects.append("""
            {"testName":"\(name)","avgTimeMs":\(base * 1.02),"samplesMs":[\(samples)],"gitCommit":"\(commit)",\
            "timestamp":"\(ts)","branch":"main"\(machine.map { ",\"machine\":\"\($0)\"" } ?? "")}
            """)
    }
    try ("[" + objects.joined(separator: ",") + "]").write(to: url, atomically: true, encoding: .utf8)
}

@Suite struct SyncCLITests {
    /// Eight jobs (separate processes, separate stores, none in a git checkout) push ten runs each
    /// into one bare remote at the same moment: every rejected push must fetch, merge and retry.
    @Test func eightConcurrentPushesOfTenRunsKeepAllEightyOnce() throws {
        let dir = try temporaryDirectory()
        let remote = dir.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
        try git(["init", "--quiet", "--bare"], in: remote)
        var stores: [String] = []
        for job in 0..<8 {
            let jobDir = dir.appendingPathComponent("job\(job)")
            try FileManager.default.createDirectory(at: jobDir, withIntermediateDirectories: true)
            var files: [String] = []
            for k in 0..<10 {
                let f = jobDir.appendingPathComponent("run\(k).json")
                try writeOpticsRun(f, commit: String(format: "%07x", job * 100 + k), minute: job * 10 + k, scale: 1 + 0.001 * Double(job * 10 + k))
                files.append(f.path)
            }
            let store = jobDir.appendingPathComponent("h.sqlite").path
            let r = try runTool("sextant", ["ingest"] + files + ["--store", store])
            #expect(r.status == 0, "\(r.stderr)")
            stores.append(store)
        }
        let jobStores = stores
        let results = Mutex(Array(repeating: ToolRun(status: -1, stdout: "", stderr: ""), count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { job in
            let r = (try? runTool("sextant", ["sync", "push", "--remote", remote.path, "--store", jobStores[job]],
                                  currentDirectory: dir.appendingPathComponent("job\(job)")))
                ?? ToolRun(status: -2, stdout: "", stderr: "could not start")
            results.withLock { $0[job] = r }
        }
        let runs = results.withLock { $0 }
        for (job, r) in runs.enumerated() {
            #expect(r.status == 0, "job \(job): \(r.stderr)")
            #expect(r.stdout.contains("sync push: 10 run(s) written"), "job \(job): \(r.stdout)")
        }
        let attempts = runs.compactMap { r in r.stdout.split(separator: ";").last.flatMap { Int($0.split(separator: " ").first { Int($0) != nil } ?? "") } }
        print("sync push attempts per job: \(attempts)")

        // The branch: 80 run files, 80 distinct names, every one a run of some job.
        let listing = try git(["ls-tree", "-r", "--name-only", "sextant-history", "--", "runs"], in: remote)
        let paths = listing.split(separator: "\n").map(String.init)
        #expect(paths.count == 80)
        #expect(Set(paths).count == 80)
        // Pulling into a fresh store rebuilds all 80 runs, once each (a second pull adds none).
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        let pull = try runTool("sextant", ["sync", "pull", "--remote", remote.path, "--store", fresh], currentDirectory: dir)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("80 run file(s), 80 run(s) added, 0 already stored"), "\(pull.stdout)")
        let again = try runTool("sextant", ["sync", "pull", "--remote", remote.path, "--store", fresh], currentDirectory: dir)
        #expect(again.stdout.contains("80 run file(s), 0 run(s) added, 80 already stored"), "\(again.stdout)")
        let listed = try runTool("sextant", ["runs", "--store", fresh, "--format", "json"])
        let all = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(all.count == 80)
        #expect(Set(all.compactMap { $0["commit"] as? String }).count == 80)
    }

    @Test func syncErrorsExitTwoWithOneLine() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let f = dir.appendingPathComponent("r.json")
        try writeOpticsRun(f, commit: "abc1234", minute: 1, scale: 1)
        _ = try runTool("sextant", ["ingest", f.path, "--store", store])
        let r = try runTool("sextant", ["sync", "push", "--remote", dir.appendingPathComponent("missing.git").path, "--store", store],
                            currentDirectory: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("sextant: error: sync push: git ls-remote"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let bad = try runTool("sextant", ["sync", "pull", "--branch", "a..b", "--store", store], currentDirectory: dir)
        #expect(bad.status == 2)
    }
}
