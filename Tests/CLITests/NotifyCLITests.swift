import Foundation
import Testing

/// `sextant notify` against the loopback webhook sink of scripts/fake_github_api.py (127.0.0.1, a
/// port of its own per test): success, 500 then success, a hang, a refused connection, and no secret
/// part of the URL in any captured output.
@Suite(.serialized) struct NotifyCLITests {
    static let secret = "T0SECRET9/B0SECRET9/xoxWebhookSecret123"

    /// A gate JSON report with one untriaged regression (and its bisect window), and one without.
    func reports(_ dir: URL) throws -> (failing: URL, passing: URL) {
        let store = dir.appendingPathComponent("h.sqlite").path
        let baseline = dir.appendingPathComponent("baseline.csv")
        try LifecycleCLITests.csv((0..<20).map { (LifecycleCLITests.commit($0), LifecycleCLITests.wiggle(1.0, $0)) })
            .write(to: baseline, atomically: true, encoding: .utf8)
        #expect(try runTool("sextant", ["ingest", baseline.path, "--store", store], currentDirectory: dir).status == 0)
        var out: [URL] = []
        for (name, value) in [("failing", 1.3), ("passing", 1.0)] {
            let cand = dir.appendingPathComponent("\(name).csv")
            try LifecycleCLITests.csv([(LifecycleCLITests.commit(20), value)], start: 20).write(to: cand, atomically: true, encoding: .utf8)
            let report = dir.appendingPathComponent("\(name).json")
            let r = try runTool("sextant", ["gate", cand.path, "--store", store, "--format", "json", "--output", report.path], currentDirectory: dir)
            #expect(r.status == (value > 1.2 ? 1 : 0), "\(r.stderr)")
            out.append(report)
        }
        return (out[0], out[1])
    }

    func noSecret(_ r: ToolRun, sourceLocation: SourceLocation = #_sourceLocation) {
        for part in [Self.secret, "T0SECRET9", "B0SECRET9", "xoxWebhookSecret123", "/hooks/"] {
            #expect(!r.stdout.contains(part) && !r.stderr.contains(part), "\(part) leaked: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    var ciEnvironment: [String: String] {
        ["GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "octo/sextant", "GITHUB_RUN_ID": "4242",
         "SEXTANT_WEBHOOK_URL": ""]
    }

    @Test func slackMessageOnRegressionNoneOtherwise() throws {
        let api = try FakeGitHubAPI()
        let dir = try temporaryDirectory()
        let (failing, passing) = try reports(dir)
        let hook = "\(api.url)/hooks/\(Self.secret)"
        // Nothing to report: nothing sent, exit 0.
        let quiet = try runTool("sextant", ["notify", passing.path, "--webhook", hook], environment: ciEnvironment)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout == "notify: \(passing.path): no untriaged regression or SLA violation: nothing sent\n")
        #expect(api.requests.isEmpty)
        // One message with the regression, its interval, bisect window and the run link.
        let sent = try runTool("sextant", ["notify", failing.path, "--webhook", hook], environment: ciEnvironment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout == "notify: sent 1 alert(s) (slack) to \(api.url)/***: HTTP 200\n")
        noSecret(sent)
        let hooks = try #require((try api.get("/_sextant/state") as? [String: Any])?["hooks"] as? [[String: Any]])
        #expect(hooks.count == 1)
        let body = try #require(hooks.first?["body"] as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(text.hasPrefix("Sextant gate: 1 untriaged regression\nregression parse.json [time]: +"), "\(text)")
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let section = try #require(((blocks.first { $0["type"] as? String == "section" })?["text"] as? [String: Any])?["text"] as? String)
        #expect(section.contains("*parse.json* `time`: +30.0% ["), "\(section)")
        #expect(section.contains("git bisect start \(LifecycleCLITests.commit(20)) \(LifecycleCLITests.commit(19))"))
        let context = try #require(((blocks.last?["elements"] as? [[String: Any]])?.first)?["text"] as? String)
        #expect(context.contains("<https://github.example/octo/sextant/actions/runs/4242|CI run 4242>"), "\(context)")

        // The generic JSON body (its schema is checked by scripts/checks/check_output_schemas.py).
        var env = ciEnvironment
        env["SEXTANT_WEBHOOK_URL"] = hook
        let json = try runTool("sextant", ["notify", failing.path, "--format", "json"], environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        noSecret(json)
        let generic = try #require(((try api.get("/_sextant/state") as? [String: Any])?["hooks"] as? [[String: Any]])?.last?["body"] as? [String: Any])
        #expect(generic["schemaVersion"] as? Int == 1 && generic["source"] as? String == "sextant gate")
        let alert = try #require((generic["alerts"] as? [[String: Any]])?.first)
        #expect(alert["kind"] as? String == "regression" && alert["benchmark"] as? String == "parse.json")
        #expect(((alert["window"] as? [String: Any])?["firstBad"] as? [String: Any])?["commit"] as? String == LifecycleCLITests.commit(20))
        #expect((generic["run"] as? [String: Any])?["url"] as? String == "https://github.example/octo/sextant/actions/runs/4242")
    }

    @Test func retriesThenFailsInOneLineWithoutTheSecret() throws {
        let api = try FakeGitHubAPI()
        let dir = try temporaryDirectory()
        let (failing, _) = try reports(dir)
        let hook = "\(api.url)/hooks/\(Self.secret)"
        // 500, then success on the retry.
        try api.queue(["500"])
        let r1 = try runTool("sextant", ["notify", failing.path, "--webhook", hook, "--backoff", "0.2"], environment: ciEnvironment)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(api.requests.map { $0["status"] as? Int } == [500, 200])
        noSecret(r1)
        // No answer at all: bounded (2 attempts of 1 s), one line, exit 2.
        try api.queue(["hang", "hang"])
        let started = Date()
        let r2 = try runTool("sextant", ["notify", failing.path, "--webhook", hook, "--timeout", "1", "--attempts", "2", "--backoff", "0.2"],
                             environment: ciEnvironment)
        #expect(Date().timeIntervalSince(started) < 12)
        #expect(r2.status == 2)
        #expect(r2.stderr == "sextant: error: notify: POST \(api.url)/***: no answer within 1 s (after 2 attempt(s), 1 s timeout each)\n", "\(r2.stderr)")
        #expect(r2.stdout.isEmpty)
        noSecret(r2)
        // 500 on every attempt: the last answer, exit 2.
        try api.queue(["500", "500"])
        let r3 = try runTool("sextant", ["notify", failing.path, "--webhook", hook, "--attempts", "2", "--backoff", "0.1"], environment: ciEnvironment)
        #expect(r3.status == 2)
        #expect(r3.stderr.hasPrefix("sextant: error: notify: POST \(api.url)/***: HTTP 500"), "\(r3.stderr)")
        #expect(r3.stderr.split(separator: "\n").count == 1)
        noSecret(r3)
        // Refused: nothing listens on port 9.
        let r4 = try runTool("sextant", ["notify", failing.path, "--webhook", "http://127.0.0.1:9/hooks/\(Self.secret)", "--attempts", "2", "--backoff", "0.1"],
                             environment: ciEnvironment)
        #expect(r4.status == 2)
        #expect(r4.stderr == "sextant: error: notify: POST http://127.0.0.1:9/***: connection refused (after 2 attempt(s), 10 s timeout each)\n", "\(r4.stderr)")
        noSecret(r4)
        // No webhook anywhere, or a bad one: exit 2 before anything is read.
        let r5 = try runTool("sextant", ["notify", failing.path], environment: ciEnvironment)
        #expect(r5.status == 2 && r5.stderr.contains("no webhook"))
        let r6 = try runTool("sextant", ["notify", failing.path, "--webhook", "ftp://x/\(Self.secret)"], environment: ciEnvironment)
        #expect(r6.status == 2)
        noSecret(r6)
    }

    @Test func webhookFromThePolicyNotifySection() throws {
        let api = try FakeGitHubAPI()
        let dir = try temporaryDirectory()
        let (failing, _) = try reports(dir)
        let policy = dir.appendingPathComponent("policy.json")
        try #"{"notify": {"webhookEnv": "TEAM_HOOK", "format": "json"}}"#.write(to: policy, atomically: true, encoding: .utf8)
        var env = ciEnvironment
        env["TEAM_HOOK"] = "\(api.url)/hooks/\(Self.secret)"
        let r = try runTool("sextant", ["notify", failing.path, "--policy", policy.path], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(json)"))
        noSecret(r)
        // A report that is not one: one line, exit 2.
        let junk = dir.appendingPathComponent("junk.json")
        try "{\"tool\": \"sextant forecast\", \"schemaVersion\": 1}".write(to: junk, atomically: true, encoding: .utf8)
        let bad = try runTool("sextant", ["notify", junk.path, "--policy", policy.path], environment: env)
        #expect(bad.status == 2)
        #expect(bad.stderr == "sextant: error: notify: \(junk.path): a report of sextant forecast; notify reads those of `sextant gate` and `sextant analyze`\n", "\(bad.stderr)")
    }
}
