import Foundation
import Testing
import SextantTestSupport

@Suite("sextant changepoints / evaluate-changepoints")
struct ChangePointsCommandTests {
    let root = packageRoot()

    func write(_ text: String, _ name: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("CSV column with commit labels: JSON with the 0-based index of the new segment's first point")
    func csvColumn() throws {
        let csv = root.appendingPathComponent("datasets/histories/otava/tests_resources_sample.csv").path
        let r = try runTool("sextant", ["changepoints", "--input", csv, "--column", "metric2", "--label-column", "commit", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let cps = obj["changePoints"] as! [[String: Any]]
        #expect(cps.count == 1)
        #expect(cps.first?["index"] as? Int == 6)
        #expect(cps.first?["label"] as? String == "aaa6")
        #expect(cps.first?["kind"] as? String == "improvement")
        let m1 = try runTool("sextant", ["changepoints", "--input", csv, "--column", "metric1"])
        #expect(m1.status == 0 && m1.stdout.contains("no change points"))
        // Otava mode reproduces Otava's expectation on the same file.
        let otava = try runTool("sextant", ["changepoints", "--input", csv, "--column", "metric2", "--method", "otava", "--format", "csv"])
        #expect(otava.status == 0)
        #expect(otava.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) } == ["6"])
    }

    @Test("one reader for --input: ';' separator, quoted labels holding the separator, stdin, TCPD JSON for forecasts")
    func sharedSeriesReader() throws {
        var lines = ["commit;\"time; ms\""]
        for i in 0..<30 { lines.append("\"c\(i);x\";\((i < 15 ? 10.0 : 14.0) + 0.1 * Double(i % 3)) ") }
        let path = try write(lines.joined(separator: "\n") + "\n", "semicolon.csv")
        let r = try runTool("sextant", ["changepoints", "--input", path, "--column", "time; ms", "--label-column", "commit", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"index\": 15") && r.stdout.contains("\"label\": \"c15;x\""), "\(r.stdout)")
        let nile = root.appendingPathComponent("datasets/tcpd/series/nile.json").path
        let f = try runTool("sextant", ["forecast", "--input", nile, "--horizon", "3", "--format", "json"])
        #expect(f.status == 0 && f.stdout.contains("\"forecasts\""), "\(f.stderr)")
        let piped = try runTool("sextant", ["forecast", "--input", "-", "--column", "x", "--horizon", "2", "--format", "csv"],
                                stdin: Data("x\n1\n2\n4\n3\n5\n6\n".utf8))
        #expect(piped.status == 0 && piped.stdout.hasPrefix("step,point"), "\(piped.stderr)")
        let empty = try runTool("sextant", ["forecast", "--input", "-", "--column", "x"], stdin: Data("x\n".utf8))
        #expect(empty.status == 2 && empty.stderr.contains("-: no values"), "\(empty.stderr)")
    }

    @Test("TCPD series JSON and plain one-value-per-line input; every output format")
    func tcpdAndText() throws {
        let nile = root.appendingPathComponent("datasets/tcpd/series/nile.json").path
        for format in ["table", "md", "csv", "json"] {
            let r = try runTool("sextant", ["changepoints", "--input", nile, "--format", format])
            #expect(r.status == 0)
            #expect(r.stdout.contains("28"), "\(format): \(r.stdout)")
        }
        var values: [String] = []
        for i in 0..<40 {
            let level: Double = i < 20 ? 10 : 20
            let wiggle: Double = 0.1 * Double(i % 3)
            values.append(String(level + wiggle))
        }
        let path = try write("value\n" + values.joined(separator: "\n") + "\n", "values.txt")
        let r = try runTool("sextant", ["changepoints", "--input", path, "--format", "json", "--method", "binseg"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"index\": 20"))
    }

    @Test("Bad input: exit 2 with FILE:LINE: problem; degenerate series: no change points, exit 0")
    func badInput() throws {
        let nan = try write("1\n2\nnan\n4\n", "nan.txt")
        var r = try runTool("sextant", ["changepoints", "--input", nan])
        #expect(r.status == 2)
        #expect(r.stderr.contains("nan.txt:3:") && r.stderr.contains("not a finite number"), "\(r.stderr)")
        let inf = try write("a,b\n1,2\n3,inf\n", "inf.csv")
        r = try runTool("sextant", ["changepoints", "--input", inf, "--column", "b"])
        #expect(r.status == 2 && r.stderr.contains("inf.csv:3:"))
        let word = try write("1\n2\nthree\n", "word.txt")
        r = try runTool("sextant", ["changepoints", "--input", word])
        #expect(r.status == 2 && r.stderr.contains("word.txt:3: 'three' is not a number"))
        r = try runTool("sextant", ["changepoints", "--input", inf, "--column", "zzz"])
        #expect(r.status == 2 && r.stderr.contains("no column 'zzz'"))
        r = try runTool("sextant", ["changepoints", "--input", inf])
        #expect(r.status == 2 && r.stderr.contains("--column"))
        r = try runTool("sextant", ["changepoints", "--input", "/nonexistent/file.csv"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent/file.csv"))
        let empty = try write("", "empty.txt")
        r = try runTool("sextant", ["changepoints", "--input", empty])
        #expect(r.status == 2 && r.stderr.contains("no values"))
        for (text, name) in [("5\n", "one.txt"), (String(repeating: "7\n", count: 50), "constant.txt"), ("1\n2\n3\n9\n", "short.txt")] {
            for method in ["pelt", "binseg", "edivisive", "otava"] {
                r = try runTool("sextant", ["changepoints", "--input", try write(text, name), "--method", method])
                #expect(r.status == 0, "\(name) \(method): \(r.stderr)")
                #expect(r.stdout.hasPrefix("no change points"), "\(name) \(method): \(r.stdout)")
            }
        }
        r = try runTool("sextant", ["changepoints", "--input", try write("5\n", "one.txt"), "--format", "json"])
        #expect(r.stdout.hasPrefix("{\"changePoints\": []"))
        r = try runTool("sextant", ["changepoints", "--input", nan, "--penalty", "lots"])
        #expect(r.status != 0 && r.stderr.contains("--penalty"))
    }

    @Test("evaluate-changepoints prints per-series and mean F1 and cover")
    func evaluate() throws {
        let dir = root.appendingPathComponent("datasets/tcpd/series").path
        let ann = root.appendingPathComponent("datasets/tcpd/annotations.json").path
        let r = try runTool("sextant", ["evaluate-changepoints", dir, ann, "--exclude", "quality_control", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((obj["series"] as! [Any]).count == 11)
        #expect((obj["meanF1"] as! Double) >= 0.75)
        let table = try runTool("sextant", ["evaluate-changepoints", dir, ann])
        #expect(table.status == 0 && table.stdout.contains("mean (16 series)"))
        let bad = try runTool("sextant", ["evaluate-changepoints", dir, "/nonexistent.json"])
        #expect(bad.status == 2)
    }

    @Test("evaluate-changepoints: TCPD's own layout (DIR/<name>/<name>.json); skipped files are named on stderr")
    func evaluateNestedLayout() throws {
        let dir = try temporaryDirectory()
        let fm = FileManager.default
        for name in ["nile", "bank"] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            try fm.copyItem(at: root.appendingPathComponent("datasets/tcpd/series/\(name).json"),
                            to: dir.appendingPathComponent("\(name)/\(name).json"))
        }
        try "{\"not\": \"a series\"}".write(to: dir.appendingPathComponent("nile/notes.json"), atomically: true, encoding: .utf8)
        let ann = try write("{\"nile\": {\"1\": [28], \"2\": []}}", "ann.json")
        let r = try runTool("sextant", ["evaluate-changepoints", dir.path, ann, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("nile,100,"))
        #expect(r.stderr.contains("skipped 2 file(s)") && r.stderr.contains("notes.json (not a TCPD series)")
                && r.stderr.contains("no annotations for 'bank'"), "\(r.stderr)")
    }

    @Test("--benchmark on the optics runner's real history: runs summarised by their sample medians, the known steps found")
    func opticsHistory() throws {
        // Runs 161-240 of datasets/optics: clean, +10% from run 181, +25% from 201, clean again from 221.
        let files = (161...240).map { root.appendingPathComponent(String(format: "datasets/optics/run-%04d.json", $0)).path }
        let store = try temporaryDirectory().appendingPathComponent("h.sqlite").path
        let ingest = try runTool("sextant", ["ingest"] + files + ["--store", store])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let r = try runTool("sextant", ["changepoints", "--benchmark", "*", "--metric", "time", "--store", store, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let cps = obj["changePoints"] as! [[String: Any]]
        // Index i is run 161 + i. No change point in the clean stretches away from the true steps
        // (a mean per run, dominated by preempted samples, made 3-run excursions into "changes").
        for cp in cps {
            let run = 161 + (cp["index"] as! Int)
            #expect([181, 201, 221].contains { abs($0 - run) <= 10 }, "\(cp["benchmark"]!): change at run \(run)")
        }
        // The return from +25% to the base level is found (within 2 runs) in most operations, as an improvement.
        let recovery = cps.filter { abs(161 + ($0["index"] as! Int) - 221) <= 2 }
        #expect(Set(recovery.map { $0["benchmark"] as! String }).count >= 6, "\(recovery.count) operations")
        #expect(recovery.allSatisfy { $0["kind"] as? String == "improvement" })
    }

    @Test("--benchmark over the history store: change points per series with commits and the series' direction")
    func store() throws {
        let dir = try temporaryDirectory()
        let gz = root.appendingPathComponent("datasets/histories/gh-action-benchmark/bsl-language-server__ghpages_bf776f9__data.js.gz").path
        let js = dir.appendingPathComponent("data.js")
        try gunzip(gz, to: js)
        let store = dir.appendingPathComponent("h.sqlite").path
        let ingest = try runTool("sextant", ["ingest", js.path, "--store", store])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let r = try runTool("sextant", ["changepoints", "--benchmark", "*", "--store", store, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let cps = obj["changePoints"] as! [[String: Any]]
        let labels = cps.compactMap { $0["label"] as? String }
        // The merge commits of PR #3942 (74 s -> 384 s) and PR #3998 (the recovery).
        #expect(labels.contains { $0.hasPrefix("3e052e3414") })
        #expect(labels.contains { $0.hasPrefix("85c521afc2") })
        #expect(cps.allSatisfy { $0["benchmark"] != nil && $0["run"] != nil })
        let none = try runTool("sextant", ["changepoints", "--benchmark", "nothing-matches", "--store", store])
        #expect(none.status == 2)
    }
}
