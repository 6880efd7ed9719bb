import Foundation
import Testing

/// A git repository with commits c1..c5 on main and a branch `feature` forked at c3 (two commits).
/// Returns the checkout and the SHAs by name.
private func forkedRepository(in dir: URL) throws -> (URL, [String: String]) {
    let repo = dir.appendingPathComponent("repo")
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try git(["init", "--quiet", "-b", "main"], in: repo)
    try git(["config", "user.email", "t@example.invalid"], in: repo)
    try git(["config", "user.name", "t"], in: repo)
    var sha: [String: String] = [:]
    func commit(_ name: String) throws {
        try name.write(to: repo.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        try git(["add", "file.txt"], in: repo)
        try git(["commit", "--quiet", "-m", name], in: repo)
        sha[name] = try git(["rev-parse", "HEAD"], in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    for c in ["c1", "c2", "c3"] { try commit(c) }
    try git(["checkout", "--quiet", "-b", "feature"], in: repo)
    for c in ["f1", "f2"] { try commit(c) }
    try git(["checkout", "--quiet", "main"], in: repo)
    for c in ["c4", "c5"] { try commit(c) }
    try git(["checkout", "--quiet", "feature"], in: repo)
    return (repo, sha)
}

@Suite struct BaselineCLITests {
    /// The merge-base (c3) has no run: the window is main's runs up to its nearest ancestor with a
    /// run (c2), never the runs main made after the fork (c4, c5, twice as slow).
    @Test func mergeBaseBaselineUsesMainUpToTheForkAndNamesTheCommit() throws {
        let dir = try temporaryDirectory()
        let (repo, sha) = try forkedRepository(in: dir)
        let store = dir.appendingPathComponent("h.sqlite").path
        for (k, (c, scale)) in [("c1", 1.0), ("c2", 1.001), ("c4", 2.0), ("c5", 2.001)].enumerated() {
            let f = dir.appendingPathComponent("\(c).json")
            try writeOpticsRun(f, commit: sha[c]!, minute: k, scale: scale, machine: "m")
            let r = try runTool("sextant", ["ingest", f.path, "--store", store])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let candidate = dir.appendingPathComponent("candidate.json")
        try writeOpticsRun(candidate, commit: sha["f2"]!, minute: 30, scale: 1.0005, machine: "m")
        let md = dir.appendingPathComponent("gate.md").path
        let r = try runTool("sextant", ["gate", candidate.path, "--baseline", "merge-base", "--store", store,
                                        "--format", "md", "--output", md], currentDirectory: repo)
        #expect(r.status != 2, "\(r.stderr)")
        let report = try String(contentsOfFile: md, encoding: .utf8)
        let expected = "merge-base \(sha["c3"]!.prefix(12)) of HEAD and main: last 2 run(s) of main up to \(sha["c2"]!.prefix(12)) (1 commit(s) before the merge-base) of machine m"
        #expect(report.contains(expected), "\(report.prefix(600))")
        // The same candidate against the plain window sees main's later, slower runs as well.
        let w = try runTool("sextant", ["gate", candidate.path, "--baseline", "window:4", "--store", store,
                                        "--format", "md"], currentDirectory: repo)
        #expect(w.stdout.contains("last 4 run(s) of machine m"))
        // Outside a checkout the merge-base cannot be found: one line, exit 2.
        let outside = try runTool("sextant", ["gate", candidate.path, "--baseline", "merge-base:main", "--store", store], currentDirectory: dir)
        #expect(outside.status == 2)
        #expect(outside.stderr.hasPrefix("sextant: error: git rev-parse main"), "\(outside.stderr)")
    }

    /// A baseline recorded only on other machines is refused, naming the candidate's machine and the
    /// baseline's; --any-machine compares anyway.
    @Test func aBaselineFromAnotherMachineExitsTwoNamingBoth() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        for k in 0..<3 {
            let f = dir.appendingPathComponent("base\(k).json")
            try writeOpticsRun(f, commit: String(format: "%07x", k + 1), minute: k, scale: 1 + 0.001 * Double(k), machine: nil)
            let r = try runTool("sextant", ["ingest", f.path, "--machine", "laptop-A", "--store", store])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let unknown = dir.appendingPathComponent("base-unknown.json")
        try writeOpticsRun(unknown, commit: "0000009", minute: 9, scale: 1, machine: nil)
        _ = try runTool("sextant", ["ingest", unknown.path, "--store", store])
        let candidate = dir.appendingPathComponent("c.json")
        try writeOpticsRun(candidate, commit: "abcdef0", minute: 20, scale: 1, machine: "ci-runner-B")
        let r = try runTool("sextant", ["gate", candidate.path, "--baseline", "window:10", "--store", store])
        #expect(r.status == 2)
        #expect(r.stderr == "sextant: error: no baseline run (window:10) of the candidate's machine \"ci-runner-B\"; the baseline has runs of: \"laptop-A\" (3 run(s)), no machine recorded (1 run(s)). Compare like with like (record a baseline on this machine), or pass --any-machine\n")
        // The default baseline (the policy's window) is a window too.
        let d = try runTool("sextant", ["gate", candidate.path, "--store", store])
        #expect(d.status == 2 && d.stderr.contains("\"ci-runner-B\"") && d.stderr.contains("\"laptop-A\""))
        let any = try runTool("sextant", ["gate", candidate.path, "--baseline", "window:10", "--any-machine", "--store", store, "--format", "md"])
        #expect(any.status != 2, "\(any.stderr)")
        #expect(any.stdout.contains("last 4 run(s)"))
        // Same machine: like for like, no error.
        let same = dir.appendingPathComponent("same.json")
        try writeOpticsRun(same, commit: "abcdef1", minute: 21, scale: 1, machine: "laptop-A")
        let s = try runTool("sextant", ["gate", same.path, "--baseline", "window:10", "--store", store, "--format", "md"])
        #expect(s.status != 2, "\(s.stderr)")
        #expect(s.stdout.contains("last 3 run(s) of machine laptop-A"))
    }

    @Test func opticsBenchRecordsAMachineFingerprintWithoutTheHostname() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("r.json")
        let r = try runTool("optics-bench", ["-q", "--iterations", "20", "--samples", "2", "--warmup", "0",
                                             "--filter", "lens_get", "--output", out.path], environment: ["SEXTANT_MACHINE": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [[String: Any]])
        let machine = try #require(json.first?["machine"] as? String)
        let host = ProcessInfo.processInfo.hostName
        #expect(!machine.contains(host) || host.isEmpty)
        #expect(machine.contains("\(ProcessInfo.processInfo.activeProcessorCount) cores"))
        #expect(machine.hasPrefix("Linux ") || machine.hasPrefix("Darwin "))
        #expect(machine.hasSuffix(json.first?["toolchain"] as? String ?? "?"))
        // The importer keeps it.
        let store = dir.appendingPathComponent("h.sqlite").path
        _ = try runTool("sextant", ["ingest", out.path, "--store", store])
        let runs = try runTool("sextant", ["runs", "--store", store, "--format", "json"])
        #expect(runs.stdout.contains(machine))
    }
}
