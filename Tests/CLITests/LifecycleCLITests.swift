import Foundation
import Testing
import SextantTestSupport

/// Issue 19 end to end: bisect windows, triage that persists (store and history branch), and the
/// gate's handling of triaged regressions.
@Suite struct LifecycleCLITests {
    /// A 40-hex fake commit (these tests run outside a git checkout, so nothing resolves them).
    static func commit(_ k: Int) -> String { String(format: "%040x", 0xc0ffee_0000 + k) }

    /// Sextant CSV: one run per (commit, value), a minute apart, benchmark `parse.json` metric `time`.
    static func csv(_ runs: [(commit: String, value: Double)], start: Int = 0, benchmark: String = "parse.json") -> String {
        var out = "run,commit,timestamp,benchmark,metric,unit,value\n"
        for (k, r) in runs.enumerated() {
            let m = start + k
            out += "r\(m),\(r.commit),\(String(format: "2026-11-01T%02d:%02d:00Z", m / 60, m % 60)),\(benchmark),time,s,\(r.value)\n"
        }
        return out
    }

    /// A level with a deterministic +-1% wiggle (the noise the prediction interval learns from).
    static func wiggle(_ level: Double, _ k: Int) -> Double { level * (1 + 0.01 * [0.3, -0.8, 0.5, -0.2, 0.9, -0.6, 0.1][k % 7]) }

    func run(_ args: [String], in dir: URL, env: [String: String] = [:]) throws -> ToolRun {
        try runTool("sextant", args, environment: env, currentDirectory: dir)
    }

    @Test("An acknowledged regression passes the next gate run, with status and reason in Markdown, JSON and JUnit")
    func acknowledgedRegressionPasses() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let baseline = dir.appendingPathComponent("baseline.csv")
        try Self.csv((0..<20).map { (Self.commit($0), Self.wiggle(1.0, $0)) }).write(to: baseline, atomically: true, encoding: .utf8)
        #expect(try run(["ingest", baseline.path, "--store", store], in: dir).status == 0)
        let candidateCommit = Self.commit(20)
        let cand = dir.appendingPathComponent("cand.csv")
        try Self.csv([(candidateCommit, 1.3)], start: 20).write(to: cand, atomically: true, encoding: .utf8)
        let gate = ["gate", cand.path, "--store", store]

        let failing = try run(gate + ["--format", "json"], in: dir)
        #expect(failing.status == 1, "\(failing.stderr)")
        let before = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
        let r0 = try #require(((before["report"] as? [String: Any])?["results"] as? [[String: Any]])?.first)
        #expect(r0["verdict"] as? String == "regression")
        // The bisect window: the newest baseline run and the candidate.
        let window = try #require(r0["window"] as? [String: Any])
        #expect((window["lastGood"] as? [String: Any])?["commit"] as? String == Self.commit(19))
        #expect((window["lastGood"] as? [String: Any])?["timestamp"] as? String == "2026-11-01T00:19:00.000000Z")
        #expect((window["firstBad"] as? [String: Any])?["commit"] as? String == candidateCommit)
        #expect(window["bisectCommand"] as? String == "git bisect start \(candidateCommit) \(Self.commit(19))")
        #expect(r0["triage"] == nil)

        let reason = "the JSON parser validates UTF-8 now: accepted for 2.0"
        let t = try run(["triage", "acknowledged", "--benchmark", "parse.*", "--metric", "time", "--commit", candidateCommit,
                         "--reason", reason, "--by", "ana", "--store", store], in: dir)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.contains("acknowledged parse.* [time] at \(String(candidateCommit.prefix(10))) (1 stored series match)"), "\(t.stdout)")

        let md = try run(gate + ["--format", "md"], in: dir)
        #expect(md.status == 0, "\(md.stderr)\n\(md.stdout)")
        #expect(md.stdout.contains("Sextant gate: pass"))
        #expect(md.stdout.contains("regression (acknowledged)"))
        // The reason as Markdown text (Escape.markdownText escapes its punctuation).
        #expect(md.stdout.contains(#"acknowledged: the JSON parser validates UTF\-8 now\: accepted for 2\.0 (by ana)"#), "\(md.stdout)")
        #expect(md.stdout.contains("**Bisect windows**"))
        let json = try run(gate + ["--format", "json"], in: dir)
        #expect(json.status == 0)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(after["outcome"] as? String == "pass")
        let r1 = try #require(((after["report"] as? [String: Any])?["results"] as? [[String: Any]])?.first)
        #expect(r1["verdict"] as? String == "regression")
        let mark = try #require(r1["triage"] as? [String: Any])
        #expect(mark["status"] as? String == "acknowledged" && mark["reason"] as? String == reason && mark["by"] as? String == "ana")
        #expect((after["summary"] as? [String: Any])?["triaged-regression"] as? Int == 1)
        let junit = try run(gate + ["--format", "junit"], in: dir)
        #expect(junit.status == 0)
        #expect(junit.stdout.contains("failures=\"0\""))
        #expect(junit.stdout.contains("regression acknowledged (not failing): \(reason)"), "\(junit.stdout)")
        #expect(!junit.stdout.contains("<failure"))

        // --list shows it; --remove takes it away and the gate fails again.
        let list = try run(["triage", "--list", "--format", "json", "--store", store], in: dir)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1 && records[0]["status"] as? String == "acknowledged" && records[0]["commit"] as? String == candidateCommit)
        let none = try run(["triage", "--list", "--status", "invalid", "--store", store], in: dir)
        #expect(none.stdout.hasPrefix("no triage records with status invalid"))
        #expect(try run(["triage", "--remove", "--benchmark", "parse.*", "--metric", "time", "--commit", candidateCommit, "--store", store], in: dir).status == 0)
        #expect(try run(gate + ["--format", "md"], in: dir).status == 1)
        // Usage errors exit 2.
        #expect(try run(["triage", "acknowledged", "--benchmark", "x", "--commit", "abcdef1", "--store", store], in: dir).status == 2)
        #expect(try run(["triage", "bogus", "--benchmark", "x", "--commit", "abcdef1", "--reason", "r", "--store", store], in: dir).status == 2)
        #expect(try run(["triage", "--list", "--remove", "--store", store], in: dir).status == 2)
    }

    @Test("A triage file committed with a pull request is applied by gate --triage and imported by triage --import")
    func triageFile() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let baseline = dir.appendingPathComponent("baseline.csv")
        try Self.csv((0..<20).map { (Self.commit($0), Self.wiggle(1.0, $0)) }).write(to: baseline, atomically: true, encoding: .utf8)
        #expect(try run(["ingest", baseline.path, "--store", store], in: dir).status == 0)
        let cand = dir.appendingPathComponent("cand.csv")
        try Self.csv([(Self.commit(20), 1.3)], start: 20).write(to: cand, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("triage.jsonl")
        try """
            // expected: the new parser checks UTF-8
            {"benchmark": "parse.*", "commit": "\(Self.commit(20))", "status": "expected", "reason": "UTF-8 validation"}
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try run(["gate", cand.path, "--store", store, "--triage", file.path, "--format", "md"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("regression (expected)") && r.stdout.contains(#"expected: UTF\-8 validation"#))
        let imported = try run(["triage", "--import", file.path, "--store", store], in: dir)
        #expect(imported.stdout.contains("1 record(s), 1 new or changed"), "\(imported.stdout)\(imported.stderr)")
        let again = try run(["triage", "--import", file.path, "--store", store], in: dir)
        #expect(again.stdout.contains("1 record(s), 0 new or changed"))
        // A bad record names the file and line.
        try "{\"benchmark\": \"x\", \"commit\": \"abcdef1\", \"status\": \"wontfix\", \"reason\": \"r\"}\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try run(["gate", cand.path, "--store", store, "--triage", file.path], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr == "sextant: error: \(file.path):1: unknown status \"wontfix\" (acknowledged, expected, invalid or fixed)\n", "\(bad.stderr)")
    }

    /// A git repository of `n` empty commits; returns their hashes, oldest first.
    func repository(_ dir: URL, commits n: Int) throws -> [String] {
        try git(["init", "--quiet", "-b", "main"], in: dir)
        var hashes: [String] = []
        for k in 1...n {
            try git(["-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "--quiet", "--allow-empty", "-m", "c\(k)"], in: dir)
            hashes.append(try git(["rev-parse", "HEAD"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return hashes
    }

    @Test("Inside a git checkout: commits between, git bisect start, culprit; a record inside a window applies")
    func bisectInGitRepository() throws {
        let dir = try temporaryDirectory()
        let c = try repository(dir, commits: 21)
        let store = dir.appendingPathComponent("h.sqlite").path
        // Runs at commits 1-10 (level 1), none at 11 and 12, then 13-20 (level 2): the change at commit 13.
        let runs = (0..<10).map { (c[$0], Self.wiggle(1.0, $0)) } + (12..<20).map { (c[$0], Self.wiggle(2.0, $0)) }
        let history = dir.appendingPathComponent("history.csv")
        try Self.csv(runs).write(to: history, atomically: true, encoding: .utf8)
        #expect(try run(["ingest", history.path, "--store", store], in: dir).status == 0)

        let cps = try run(["changepoints", "--benchmark", "*", "--store", store, "--format", "json"], in: dir)
        #expect(cps.status == 0, "\(cps.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(cps.stdout.utf8)) as? [String: Any])
        let points = try #require(doc["changePoints"] as? [[String: Any]])
        #expect(points.count == 1)
        let w = try #require(points.first?["window"] as? [String: Any])
        #expect((w["lastGood"] as? [String: Any])?["commit"] as? String == c[9])
        #expect((w["firstBad"] as? [String: Any])?["commit"] as? String == c[12])
        #expect(w["commits"] as? Int == 3)
        #expect(w["bisectCommand"] as? String == "git bisect start \(c[12]) \(c[9])")
        #expect(w["culprit"] == nil)

        // An expected record at commit 12 (no run there) lies in the window c10..c13: analyze shows it.
        #expect(try run(["triage", "expected", "--benchmark", "parse.json", "--commit", String(c[11].prefix(9)),
                         "--reason", "doubled the work on purpose", "--store", store], in: dir).status == 0)
        let analyze = try run(["analyze", "--store", store, "--format", "json"], in: dir)
        let series = try #require((try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])?["series"] as? [[String: Any]])
        let change = try #require((series.first?["changes"] as? [[String: Any]])?.first)
        #expect((change["triage"] as? [String: Any])?["status"] as? String == "expected")
        #expect((change["triage"] as? [String: Any])?["commit"] as? String == c[11]) // resolved to the full hash
        #expect((change["window"] as? [String: Any])?["commits"] as? Int == 3)
        let md = try run(["analyze", "--store", store, "--format", "md"], in: dir)
        #expect(md.stdout.contains("3 commits between; `git bisect start \(c[12]) \(c[9])`"), "\(md.stdout)")
        #expect(md.stdout.contains("expected: doubled the work on purpose"))
        let page = try run(["dashboard", "--store", store], in: dir)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("<span class=\"triage\" title=\"expected: doubled the work on purpose; last good"), "dashboard shows the status")

        // The gate: a candidate at commit 21 after the last baseline run at 20 names its culprit.
        let cand = dir.appendingPathComponent("cand.csv")
        try Self.csv([(c[20], 3.0)], start: 30).write(to: cand, atomically: true, encoding: .utf8)
        let gate = try run(["gate", cand.path, "--store", store, "--format", "md"], in: dir)
        #expect(gate.status == 1, "\(gate.stderr)")
        #expect(gate.stdout.contains("culprit: `\(c[20])`"), "\(gate.stdout)")
    }

    @Test("bsl-language-server: each real step change gives the bisect window of the two commits around it")
    func bslBisectWindows() throws {
        let root = packageRoot()
        let dir = try temporaryDirectory()
        let gz = root.appendingPathComponent("datasets/histories/gh-action-benchmark/bsl-language-server__ghpages_bf776f9__data.js.gz").path
        let js = dir.appendingPathComponent("data.js")
        try gunzip(gz, to: js)
        let store = dir.appendingPathComponent("h.sqlite").path
        #expect(try run(["ingest", js.path, "--store", store], in: dir).status == 0)
        // The fixture's rows are the history's entries in order: short commit and PR number.
        let rows = try String(contentsOf: root.appendingPathComponent("Tests/Fixtures/bsl-language-server-ssl31.csv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func index(ofPR pr: String) throws -> Int { try #require(rows.firstIndex { $0[3] == pr }) }

        let r = try run(["analyze", "--store", store, "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let series = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["series"] as? [[String: Any]])
        let changes = try #require(series.first?["changes"] as? [[String: Any]])
        // The step up at PR #3942 (74 s -> 384 s) and the step back down at PR #3998.
        for pr in ["3942", "3998"] {
            let i = try index(ofPR: pr)
            let change = try #require(changes.first { $0["index"] as? Int == i }, "no change at PR #\(pr) (row \(i))")
            let w = try #require(change["window"] as? [String: Any])
            let good = try #require((w["lastGood"] as? [String: Any])?["commit"] as? String)
            let bad = try #require((w["firstBad"] as? [String: Any])?["commit"] as? String)
            #expect(good.hasPrefix(rows[i - 1][1]) && bad.hasPrefix(rows[i][1]), "PR #\(pr): \(good)..\(bad)")
            #expect(w["bisectCommand"] as? String == "git bisect start \(bad) \(good)")
            #expect((w["lastGood"] as? [String: Any])?["timestamp"] is String)
        }
        // changepoints over the store names the same windows.
        let cp = try run(["changepoints", "--benchmark", "*", "--store", store, "--format", "json"], in: dir)
        let points = try #require((try JSONSerialization.jsonObject(with: Data(cp.stdout.utf8)) as? [String: Any])?["changePoints"] as? [[String: Any]])
        for pr in ["3942", "3998"] {
            let i = try index(ofPR: pr)
            let w = try #require(points.first { $0["index"] as? Int == i }?["window"] as? [String: Any])
            #expect(((w["lastGood"] as? [String: Any])?["commit"] as? String)?.hasPrefix(rows[i - 1][1]) == true)
            #expect(((w["firstBad"] as? [String: Any])?["commit"] as? String)?.hasPrefix(rows[i][1]) == true)
        }
    }

    @Test("Triage records travel in the history branch: push, pull into a fresh store, idempotent, removals too")
    func triageTravelsInTheHistoryBranch() throws {
        let dir = try temporaryDirectory()
        let remote = dir.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
        try git(["init", "--quiet", "--bare"], in: remote)
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        let history = dir.appendingPathComponent("h.csv")
        try Self.csv((0..<3).map { (Self.commit($0), 1.0 + Double($0)) }).write(to: history, atomically: true, encoding: .utf8)
        #expect(try run(["ingest", history.path, "--store", a], in: dir).status == 0)
        #expect(try run(["triage", "invalid", "--benchmark", "parse.*", "--commit", Self.commit(1), "--reason", "machine was throttled", "--store", a], in: dir).status == 0)
        #expect(try run(["triage", "fixed", "--benchmark", "*", "--metric", "time", "--commit", Self.commit(2), "--reason", "reverted",
                         "--fixed-in", Self.commit(9), "--store", a], in: dir).status == 0)
        let env = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"]
        let push = try run(["sync", "push", "--remote", remote.path, "--store", a], in: dir, env: env)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.contains("3 run(s) and 2 triage record(s) written"), "\(push.stdout)")
        let pull = try run(["sync", "pull", "--remote", remote.path, "--store", b], in: dir, env: env)
        #expect(pull.stdout.contains("2 triage record(s), 2 applied"), "\(pull.stdout)")
        let again = try run(["sync", "pull", "--remote", remote.path, "--store", b], in: dir, env: env)
        #expect(again.stdout.contains("2 triage record(s), 0 applied"), "\(again.stdout)")
        let listA = try run(["triage", "--list", "--format", "json", "--store", a], in: dir).stdout
        let listB = try run(["triage", "--list", "--format", "json", "--store", b], in: dir).stdout
        #expect(listA == listB && listB.contains("machine was throttled") && listB.contains(Self.commit(9)))
        // A second push has nothing to write; a removal in A reaches B.
        #expect(try run(["sync", "push", "--remote", remote.path, "--store", a], in: dir, env: env).stdout.contains("nothing to push"))
        #expect(try run(["triage", "--remove", "--benchmark", "parse.*", "--commit", Self.commit(1), "--store", a], in: dir).status == 0)
        #expect(try run(["sync", "push", "--remote", remote.path, "--store", a], in: dir, env: env).stdout.contains("1 triage record(s) written"))
        #expect(try run(["sync", "pull", "--remote", remote.path, "--store", b], in: dir, env: env).stdout.contains("1 applied"))
        let after = try run(["triage", "--list", "--format", "json", "--store", b], in: dir).stdout
        #expect(!after.contains("machine was throttled") && after.contains("reverted"))
    }
}
