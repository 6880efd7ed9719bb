import Foundation
import Testing

/// scripts/fake_github_api.py on 127.0.0.1 (a random port), ended when the value is released.
final class FakeGitHubAPI: @unchecked Sendable {
    let process = Process()
    let port: Int
    static let token = "ghs_testTOKEN_0123456789abcdef"

    init(seedComments: Int = 0, pageSize: Int = 2) throws {
        let dir = try temporaryDirectory()
        let portFile = dir.appendingPathComponent("port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot().appendingPathComponent("scripts/fake_github_api.py").path,
                             "--token", Self.token, "--page-size", String(pageSize), "--seed-comments", String(seedComments),
                             "--port-file", portFile.path, "--lifetime", "120"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var port: Int? = nil
        for _ in 0..<200 where port == nil {
            if let s = try? String(contentsOf: portFile, encoding: .utf8) { port = Int(s) } else { usleep(25_000) }
        }
        guard let port else { process.terminate(); throw CocoaError(.fileReadNoSuchFile) }
        self.port = port
    }

    deinit { process.terminate() }

    var url: String { "http://127.0.0.1:\(port)" }

    /// GET of a control endpoint (through Python's urllib: the test bundle does not link FoundationNetworking).
    func get(_ path: String) throws -> Any {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())", url + path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Queues faults for the next requests.
    func queue(_ faults: [String]) throws {
        let body = try JSONSerialization.data(withJSONObject: ["faults": faults])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST')).read()",
                       url + "/_sextant/faults", String(decoding: body, as: UTF8.self)]
        try p.run()
        p.waitUntilExit()
    }

    var requests: [[String: Any]] { (try? get("/_sextant/log") as? [[String: Any]]) ?? [] }
    var comments: [[String: Any]] { ((try? get("/_sextant/state") as? [String: Any])?["comments"] as? [[String: Any]]) ?? [] }
}

@Suite(.serialized) struct PRCommentCLITests {
    func environment(_ api: FakeGitHubAPI, event: URL? = nil, token: String = FakeGitHubAPI.token) -> [String: String] {
        ["GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "octo/sextant", "GITHUB_TOKEN": token,
         "GITHUB_EVENT_PATH": event?.path ?? ""]
    }

    func noToken(_ r: ToolRun, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.stdout.contains(FakeGitHubAPI.token) && !r.stderr.contains(FakeGitHubAPI.token), sourceLocation: sourceLocation)
        #expect(!r.stdout.contains("0123456789abcdef") && !r.stderr.contains("0123456789abcdef"), sourceLocation: sourceLocation)
    }

    @Test func createsThenUpdatesTheSameCommentFoundAcrossPages() throws {
        let api = try FakeGitHubAPI(seedComments: 3, pageSize: 2)
        let dir = try temporaryDirectory()
        let event = dir.appendingPathComponent("event.json")
        try #"{"action":"synchronize","number":7,"pull_request":{"number":7}}"#.write(to: event, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("gate.md")
        // Quotes, a backslash, a slash, a tab, a control character and non-ASCII text: the request body is
        // JSON written by the encoder, and the fake API (Python's json module) must read the text back exactly.
        let text = "### Sextant gate: fail\n\n| a \"b\" \\ c/d | \u{1}\t✓ |\n"
        try text.write(to: report, atomically: true, encoding: .utf8)
        let first = try runTool("sextant", ["pr-comment", report.path], environment: environment(api, event: event))
        #expect(first.status == 0, "\(first.stderr)")
        noToken(first)
        let created = try #require(api.comments.first { ($0["body"] as? String)?.hasPrefix("<!-- sextant:gate -->") == true })
        let id = try #require(created["id"] as? Int)
        #expect(first.stdout == "pr-comment: created comment \(id) on octo/sextant#7 (marker gate)\n")
        #expect(created["body"] as? String == "<!-- sextant:gate -->\n" + text)

        try "### Sextant gate: pass\n".write(to: report, atomically: true, encoding: .utf8)
        let second = try runTool("sextant", ["pr-comment", report.path], environment: environment(api, event: event))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "pr-comment: updated comment \(id) on octo/sextant#7 (marker gate)\n")
        noToken(second)
        let mine = api.comments.filter { ($0["issue"] as? Int) == 7 }
        #expect(mine.count == 4) // 3 unrelated + 1, not 5
        let updated = try #require(mine.first { ($0["id"] as? Int) == id })
        #expect(updated["body"] as? String == "<!-- sextant:gate -->\n### Sextant gate: pass\n")
        #expect(updated["updates"] as? Int == 1)
        // Requests: list (2 pages) + POST, then list (2 pages, the marker is on page 2) + PATCH; all authorised, no violations.
        let log = api.requests
        #expect(log.map { "\($0["method"]!) \($0["path"]!)" } == [
            "GET /repos/octo/sextant/issues/7/comments", "GET /repos/octo/sextant/issues/7/comments",
            "POST /repos/octo/sextant/issues/7/comments",
            "GET /repos/octo/sextant/issues/7/comments", "GET /repos/octo/sextant/issues/7/comments",
            "PATCH /repos/octo/sextant/issues/comments/\(id)",
        ])
        #expect(log.allSatisfy { $0["authorized"] as? Bool == true && ($0["violations"] as? [Any])?.isEmpty == true })
        #expect((log[1]["query"] as? String)?.contains("page=2") == true)
        // A second marker key keeps a second comment.
        let other = try runTool("sextant", ["pr-comment", report.path, "--pr", "7", "--marker", "analysis"], environment: environment(api))
        #expect(other.stdout.hasPrefix("pr-comment: created comment"))
    }

    @Test func transientErrorsAreRetriedAndFailuresAreOneLineExitTwo() throws {
        let api = try FakeGitHubAPI()
        let dir = try temporaryDirectory()
        let report = dir.appendingPathComponent("r.md")
        try "x\n".write(to: report, atomically: true, encoding: .utf8)
        // 500 then success.
        try api.queue(["500"])
        let r1 = try runTool("sextant", ["pr-comment", report.path, "--pr", "3", "--timeout", "2"], environment: environment(api))
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(api.requests.prefix(2).map { $0["status"] as? Int } == [500, 200])
        // Slow beyond the timeout, then answered: the retry succeeds.
        try api.queue(["slow:3"])
        let r2 = try runTool("sextant", ["pr-comment", report.path, "--pr", "3", "--timeout", "1"], environment: environment(api))
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout.hasPrefix("pr-comment: updated comment"))
        // No answer at all: bounded, one line, exit 2.
        try api.queue(["hang", "hang"])
        let started = Date()
        let r3 = try runTool("sextant", ["pr-comment", report.path, "--pr", "3", "--timeout", "1", "--attempts", "2"], environment: environment(api))
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(r3.status == 2)
        #expect(r3.stderr == "sextant: error: pr-comment: GET \(api.url)/repos/octo/sextant/issues/3/comments?per_page=100: no answer within 1 s (after 2 attempt(s), 1 s timeout each)\n")
        // 4xx: not retried, the API's message, no token.
        let r4 = try runTool("sextant", ["pr-comment", report.path, "--pr", "3"], environment: environment(api, token: "ghs_wrong_0123456789abcdef"))
        #expect(r4.status == 2)
        #expect(r4.stderr == "sextant: error: pr-comment: GET \(api.url)/repos/octo/sextant/issues/3/comments?per_page=100: HTTP 401: Bad credentials\n")
        for r in [r1, r2, r3, r4] { noToken(r) }
        // Refused: nothing listens on the port.
        var env = environment(api)
        env["GITHUB_API_URL"] = "http://127.0.0.1:9"
        let r5 = try runTool("sextant", ["pr-comment", report.path, "--pr", "3", "--attempts", "1"], environment: env)
        #expect(r5.status == 2)
        #expect(r5.stderr.contains("connection refused"), "\(r5.stderr)")
        noToken(r5)
    }

    @Test func missingSettingsExitTwo() throws {
        let dir = try temporaryDirectory()
        let report = dir.appendingPathComponent("r.md")
        try "x\n".write(to: report, atomically: true, encoding: .utf8)
        let noPR = try runTool("sextant", ["pr-comment", report.path],
                               environment: ["GITHUB_TOKEN": "t0k3n-abcdef", "GITHUB_REPOSITORY": "o/r", "GITHUB_EVENT_PATH": ""])
        #expect(noPR.status == 2 && noPR.stderr == "sextant: error: pr-comment: no --pr and GITHUB_EVENT_PATH is not set\n")
        let push = dir.appendingPathComponent("push.json")
        try #"{"ref":"refs/heads/main"}"#.write(to: push, atomically: true, encoding: .utf8)
        let notPR = try runTool("sextant", ["pr-comment", report.path],
                                environment: ["GITHUB_TOKEN": "t0k3n-abcdef", "GITHUB_REPOSITORY": "o/r", "GITHUB_EVENT_PATH": push.path])
        #expect(notPR.status == 2 && notPR.stderr.contains("not about a pull request"))
        let noToken = try runTool("sextant", ["pr-comment", report.path, "--pr", "1"], environment: ["GITHUB_TOKEN": "", "GITHUB_REPOSITORY": "o/r"])
        #expect(noToken.status == 2 && noToken.stderr == "sextant: error: pr-comment: GITHUB_TOKEN is not set\n")
    }
}
