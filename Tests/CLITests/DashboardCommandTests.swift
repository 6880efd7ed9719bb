import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Element names and `figure` attributes of a page parsed as XML (the dashboard is well-formed XML).
private final class PageCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    var names: [String] = []
    var figures: [[String: String]] = []
    /// The overview rows (one per series).
    var rows: [[String: String]] = []
    var scripts: [[String: String]] = []
    /// The change-point marker indices of each figure.
    var markers: [[Int]] = []
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String]) {
        names.append(e)
        if e == "figure" { figures.append(a); markers.append([]) }
        if e == "tr", a["data-k"] != nil { rows.append(a) }
        if e == "script" { scripts.append(a) }
        if e == "g", (a["class"] ?? "").hasPrefix("cp "), let i = a["data-index"].flatMap(Int.init), !markers.isEmpty {
            markers[markers.count - 1].append(i)
        }
    }
}

/// A store with runs 161-220 of the bundled optics history (real noise of a loaded machine) and
/// 8 runs of a benchmark with a hostile name, in a fresh folder.
private struct DashboardFixture {
    static let hostile = "lens<get> & \"set\""
    let dir: URL
    var store: String { dir.appendingPathComponent("history.sqlite").path }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    init() throws {
        dir = try temporaryDirectory()
        let optics = packageRoot().appendingPathComponent("datasets/optics")
        let files = (161...220).map { optics.appendingPathComponent(String(format: "run-%04d.json", $0)).path }
        var r = try runTool("sextant", ["ingest"] + files + ["--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        var hostileFiles: [String] = []
        for day in 1...8 {
            let avg = 0.002 * (1 + 0.01 * Double(day % 3))
            let text = """
            [{"testName": "lens<get> & \\"set\\"", "operation": "get", "iterations": 100, "totalTimeMs": \(avg * 100),
              "avgTimeMs": \(avg), "minTimeMs": \(avg * 0.9), "maxTimeMs": \(avg * 1.2), "throughput": \(1000 / avg),
              "memoryUsage": 4096, "timestamp": "2026-12-0\(day)T10:00:00Z", "leanVersion": "4.9.0", "gitCommit": "h\(day)"}]
            """
            let f = path("hostile\(day).json")
            try text.write(toFile: f, atomically: true, encoding: .utf8)
            hostileFiles.append(f)
        }
        r = try runTool("sextant", ["ingest"] + hostileFiles + ["--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        try """
        {
          "maxAvgTimeMs": 1.0,           // Maximum average time per operation
          "minThroughput": 1000.0,       // Minimum throughput (ops/s)
          "regressionThreshold": 0.1     // Maximum allowed regression (10%)
        }
        """.write(toFile: path("sla.json"), atomically: true, encoding: .utf8)
    }

    func seriesCount() throws -> Int {
        let r = try runTool("sextant", ["series", "--format", "json", "--store", store])
        let array = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any]
        return array?.count ?? -1
    }
}

@Suite struct DashboardCommandTests {
    @Test func buildsAWellFormedSelfContainedPage() throws {
        let f = try DashboardFixture()
        let out = f.path("dashboard.html")
        let r = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("sla.json"), "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))

        let c = PageCollector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = c
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "") line \(parser.lineNumber)")
        // One row per series of the store, the hostile name among them, unescaped by the parser.
        let count = try f.seriesCount()
        #expect(count > 10)
        #expect(c.rows.count == count)
        #expect(c.rows.contains { $0["data-name"] == DashboardFixture.hostile.lowercased() + " time" })
        #expect(html.contains("lens&lt;get&gt; &amp; &quot;set&quot;"))
        #expect(!html.contains("lens<get>"))
        // Static charts only for the series that need attention.
        #expect(!c.figures.isEmpty && c.figures.count < count)
        #expect(c.rows.filter { !["ok", "constant"].contains($0["data-status"] ?? "") }.count == c.figures.count)
        // One inline script; no external resources.
        #expect(Set(c.names).isDisjoint(with: ["img", "link", "iframe"]))
        #expect(c.scripts.count == 1 && c.scripts[0]["src"] == nil)
        // Every series' data (the file the page loads for its chart) carries the analysis' last change point
        // (`sextant analyze`); constant series have no file; static charts mark it too.
        let analysis = try runTool("sextant", ["analyze", "--store", f.store, "--policy", f.path("sla.json"), "--format", "json"])
        #expect(analysis.status == 0)
        let root = try JSONSerialization.jsonObject(with: Data(analysis.stdout.utf8)) as? [String: Any]
        let statuses = root?["series"] as? [[String: Any]] ?? []
        #expect(statuses.count == count)
        var withChange = 0, constant = 0
        for st in statuses {
            let name = "\(st["benchmark"] as? String ?? "") \(st["metric"] as? String ?? "")".lowercased()
            let row = try #require(c.rows.first { $0["data-name"] == name }, "\(name)")
            let k = try #require(row["data-k"])
            let file = f.path("dashboard-data/s\(k).js")
            if row["data-status"] == "constant" {
                constant += 1
                #expect(!FileManager.default.fileExists(atPath: file))
                #expect(st["lastChangeIndex"] == nil)
                continue
            }
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let prefix = "Sextant.series(\(k),"
            #expect(text.hasPrefix(prefix))
            let data = try #require(try JSONSerialization.jsonObject(with: Data(text.dropFirst(prefix.count).dropLast(3).utf8)) as? [String: Any])
            let cps = (data["cp"] as? [[Any]] ?? []).compactMap { $0.first as? Int }
            if let last = st["lastChangeIndex"] as? Int {
                withChange += 1
                #expect(cps.last == last, "\(name)")
            } else {
                #expect(cps.isEmpty, "\(name)")
            }
            if let fig = c.figures.firstIndex(where: { $0["data-k"] == k }) {
                #expect(c.markers[fig] == cps, "\(name)")
            }
        }
        #expect(withChange > 0)
        #expect(constant > 0) // the optics history's memory counters are all zero
        #expect(FileManager.default.fileExists(atPath: f.path("dashboard-data/runs.js")))
        // Determinism: the same store gives the same bytes (page and data files).
        let files = try FileManager.default.contentsOfDirectory(atPath: f.path("dashboard-data")).sorted()
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: f.path("dashboard-data/\($0)"))) }
        let again = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("sla.json"), "--output", out])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == html)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.path("dashboard-data")).sorted() == files)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: f.path("dashboard-data/\($0)"))) } == before)
        // Standard output: one page with the same data embedded.
        let embedded = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("sla.json")])
        #expect(embedded.status == 0)
        let first = try String(contentsOfFile: f.path("dashboard-data/s0.js"), encoding: .utf8)
        #expect(embedded.stdout.contains(first))
        #expect(!embedded.stdout.contains("dashboard-data"))
    }

    @Test func commitLinksFromTheTemplateOrGitHubActions() throws {
        let f = try DashboardFixture()
        var r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "lens_get", "--commit-url", "https://git.example/r/commit/{commit}"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"commitUrl\":\"https://git.example/r/commit/{commit}\""))
        #expect(r.stdout.contains("<a class=\"commit\" href=\"https://git.example/r/commit/"))
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "lens_get"],
                        environment: ["GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"commitUrl\":\"https://github.com/o/r/commit/{commit}\""))
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "lens_get"],
                        environment: ["GITHUB_SERVER_URL": "", "GITHUB_REPOSITORY": ""])
        #expect(r.stdout.contains("\"commitUrl\":null"))
        // Templates that are not http(s) or have no {commit} are refused.
        for bad in ["javascript:alert(1)//{commit}", "https://github.com/o/r/commit/"] {
            r = try runTool("sextant", ["dashboard", "--store", f.store, "--commit-url", bad])
            #expect(r.status == 2, "\(bad)")
            #expect(r.stderr.contains("--commit-url"))
        }
    }

    @Test func benchmarkGlobSelectsPanels() throws {
        let f = try DashboardFixture()
        let r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "lens*"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.components(separatedBy: "<tr class=\"row ").count - 1
        #expect(rows >= 1)
        #expect(rows < (try f.seriesCount()))
        for part in r.stdout.components(separatedBy: "data-name=\"").dropFirst() {
            #expect(part.hasPrefix("lens"))
        }
    }

    @Test func badInputExitsTwo() throws {
        let f = try DashboardFixture()
        // Missing store.
        var r = try runTool("sextant", ["dashboard", "--store", f.path("missing.sqlite"), "--output", f.path("d.html")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error"))
        #expect(!FileManager.default.fileExists(atPath: f.path("d.html")))
        // An empty store (a zero-byte file).
        FileManager.default.createFile(atPath: f.path("empty.sqlite"), contents: Data())
        r = try runTool("sextant", ["dashboard", "--store", f.path("empty.sqlite")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the store is empty"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        // No series matching the filter.
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "nothing*"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no series"))
        // A bad policy names its file and line.
        try "{\n  \"maxAvgTimeMs\": -1\n}\n".write(toFile: f.path("bad.json"), atomically: true, encoding: .utf8)
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("bad.json")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.json"))
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("absent.json")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("absent.json"))
        // An unwritable output.
        r = try runTool("sextant", ["dashboard", "--store", f.store, "--output", f.path("no/such/dir/d.html")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write"))
    }
}
