import Foundation
import Testing
import SextantHistory
@testable import SextantSync

/// A fresh temporary folder.
func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-sync-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A bare repository to push to, in its own folder.
func bareRemote(in dir: URL) throws -> URL {
    let url = dir.appendingPathComponent("remote.git")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try Git(directory: url).run(["init", "--quiet", "--bare"])
    return url
}

/// A run with awkward values: sub-microsecond timestamp, a subnormal, a huge and a negative number.
func run(_ k: Int, machine: String? = "m1") -> ImportedRun {
    let md = RunMetadata(commit: String(format: "%040x", k), branch: "main",
                         timestamp: Date(timeIntervalSince1970: 1_764_000_000.123456789 + Double(k)),
                         machine: machine, toolchain: "Swift 6.1")
    return ImportedRun(metadata: md, measurements: [
        BenchmarkMeasurement(benchmark: "lens \"get\"", metric: "time", unit: "s", direction: .lowerIsBetter,
                             value: 1e-7 * Double(k + 1) / 3, samples: [1e-7, 2.2250738585072014e-308, 1.0 / 3.0 + Double(k)], iterations: 100),
        BenchmarkMeasurement(benchmark: "prism.preview", metric: "throughput", unit: "1/s", direction: .higherIsBetter,
                             value: -1.5e300, samples: nil, iterations: nil),
    ])
}

@Suite struct HistoryBranchTests {
    @Test func pushThenPullRebuildsTheStoreBitForBit() throws {
        let dir = try scratchFolder()
        let remote = try bareRemote(in: dir)
        let a = try HistoryStore(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try a.ingest([run(1), run(2)], source: "a.json", format: "lean-optics")
        _ = try a.ingest([run(3)], source: "b.json", format: "lean-optics")
        let branch = try HistoryBranch.open(directory: dir, remote: remote.path, branch: "sextant-history",
                                            scratch: dir.appendingPathComponent("scratch-a"))
        let pushed = try branch.push(from: a)
        #expect(pushed.written == 3)
        #expect(pushed.attempts == 1)
        #expect(try branch.push(from: a).written == 0) // nothing new: no commit, no file twice

        let b = try HistoryStore(path: dir.appendingPathComponent("b.sqlite").path)
        let other = try HistoryBranch.open(directory: dir, remote: remote.path, branch: "sextant-history",
                                           scratch: dir.appendingPathComponent("scratch-b"))
        let pulled = try other.pull(into: b)
        #expect(pulled.filesOnBranch == 3 && pulled.added == 3 && pulled.alreadyStored == 0)
        #expect(try other.pull(into: b).added == 0) // idempotent
        #expect(try b.contentHashes() == a.contentHashes())
        for r in try a.runs() {
            let copy = try #require(try b.runs().first { $0.contentHash == r.contentHash })
            #expect(copy.commit == r.commit && copy.machine == r.machine && copy.toolchain == r.toolchain && copy.branch == r.branch)
            #expect(copy.timestamp.timeIntervalSince1970.bitPattern == r.timestamp.timeIntervalSince1970.bitPattern)
            #expect(copy.source == r.source && copy.format == r.format)
            #expect(try b.measurements(run: copy.id) == a.measurements(run: r.id))
        }
        // Re-ingesting an original result into the rebuilt store is still a no-op (the hash travelled).
        #expect(try b.ingest([run(2)], source: "a.json", format: "lean-optics").added.isEmpty)
    }

    @Test func aCorruptRunFileIsAOneLineErrorNamingFileAndLine() throws {
        let dir = try scratchFolder()
        let remote = try bareRemote(in: dir)
        let a = try HistoryStore(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try a.ingest([run(1)], source: nil, format: "csv")
        let branch = try HistoryBranch.open(directory: dir, remote: remote.path, branch: "h", scratch: dir.appendingPathComponent("s"))
        _ = try branch.push(from: a)
        // Corrupt line 2 of the file on the branch with a second commit.
        let hash = try #require(try a.contentHashes().first)
        let tip = try #require(try branch.fetch())
        let good = try branch.readBlobs([try #require(try branch.runFiles(at: tip)[hash])])[0]
        var lines = String(decoding: good, as: UTF8.self).split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "\"value\":", with: "\"value\":\"x\",\"v\":")
        let blob = try branch.writeBlobs([Data((lines.joined(separator: "\n") + "\n").utf8)])[0]
        let bad = try branch.makeCommit(on: tip, adding: [(RunArchive.path(forHash: hash), blob)], message: "corrupt")
        try branch.git.run(["push", "--quiet", remote.path, "\(bad):refs/heads/h"])
        let b = try HistoryStore(path: dir.appendingPathComponent("b.sqlite").path)
        #expect {
            try branch.pull(into: b)
        } throws: { error in
            "\(error)" == "h:\(RunArchive.path(forHash: hash)):2: \"value\" must be a finite number"
        }
        #expect(try b.counts().runs == 0) // nothing half-ingested
    }

    @Test func aRealPushErrorIsNotRetried() throws {
        let dir = try scratchFolder()
        let a = try HistoryStore(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try a.ingest([run(1)], source: nil, format: "csv")
        let branch = try HistoryBranch.open(directory: dir, remote: dir.appendingPathComponent("no-such.git").path,
                                            branch: "h", scratch: dir.appendingPathComponent("s"))
        #expect {
            try branch.push(from: a)
        } throws: { error in
            "\(error)".contains("git ls-remote") && "\(error)".contains("no-such.git")
        }
    }

    @Test func credentialsInURLsAreRedacted() {
        #expect(Git.redact("fatal: unable to access 'https://x-access-token:ghs_SECRET@github.com/o/r.git/': 403")
            == "fatal: unable to access 'https://***@github.com/o/r.git/': 403")
        #expect(Git.redact("https://github.com/o/r and ssh://git@host/x") == "https://github.com/o/r and ssh://***@host/x")
    }

    @Test func runFilePathsRoundTrip() {
        let h = String(repeating: "ab", count: 32)
        #expect(RunArchive.hash(fromPath: RunArchive.path(forHash: h)) == h)
        #expect(RunArchive.hash(fromPath: "runs/cd/\(h).jsonl") == nil) // folder must match
        #expect(RunArchive.hash(fromPath: "README.md") == nil)
    }
}
