import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Element names and `figure` attributes of a page parsed as XML (the dashboard is well-formed XML).
private final class PageCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    var names: [String] = []
    var figures: [[String: String]] = []
    /// The change-point marker indices of each figure.
    var markers: [[Int]] = []
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String]) {
        names.append(e)
        if e == "figure" { figures.append(a); markers.append([]) }
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
        // One panel per series of the store, the hostile name among them, unescaped by the parser.
        let count = try f.seriesCount()
        #expect(count > 10)
        #expect(c.figures.count == count)
        #expect(c.figures.contains { $0["data-benchmark"] == DashboardFixture.hostile })
        #expect(html.contains("lens&lt;get&gt; &amp; &quot;set&quot;"))
        #expect(!html.contains("lens<get>"))
        // No scripts or external resources.
        #expect(Set(c.names).isDisjoint(with: ["script", "img", "link", "iframe"]))
        // Every panel marks the analysis' last change point (`sextant analyze`), and only panels with a
        // change point have markers.
        let analysis = try runTool("sextant", ["analyze", "--store", f.store, "--policy", f.path("sla.json"), "--format", "json"])
        #expect(analysis.status == 0)
        let root = try JSONSerialization.jsonObject(with: Data(analysis.stdout.utf8)) as? [String: Any]
        let statuses = root?["series"] as? [[String: Any]] ?? []
        #expect(statuses.count == count)
        var withChange = 0
        for st in statuses {
            let k = try #require(c.figures.firstIndex {
                $0["data-benchmark"] == st["benchmark"] as? String && $0["data-metric"] == st["metric"] as? String
            })
            if let last = st["lastChangeIndex"] as? Int {
                withChange += 1
                #expect(c.markers[k].last == last, "\(st["benchmark"] ?? "") \(st["metric"] ?? "")")
            } else {
                #expect(c.markers[k].isEmpty)
            }
        }
        #expect(withChange > 0)
        // Determinism: the same store gives the same bytes.
        let again = try runTool("sextant", ["dashboard", "--store", f.store, "--policy", f.path("sla.json")])
        #expect(again.status == 0)
        #expect(again.stdout == html)
    }

    @Test func benchmarkGlobSelectsPanels() throws {
        let f = try DashboardFixture()
        let r = try runTool("sextant", ["dashboard", "--store", f.store, "--benchmark", "lens*"])
        #expect(r.status == 0, "\(r.stderr)")
        let figures = r.stdout.components(separatedBy: "<figure ").count - 1
        #expect(figures >= 1)
        #expect(figures < (try f.seriesCount()))
        for part in r.stdout.components(separatedBy: "data-benchmark=\"").dropFirst() {
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
