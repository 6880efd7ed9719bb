import Foundation
import Testing

@Suite("sextant forecast")
struct ForecastCommandTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The Nile series (100 values) as CSV with a year column.
    func nileCSV() throws -> String {
        let data = try Data(contentsOf: packageRoot().appendingPathComponent("datasets/reference/nile_ets_aan.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let d = root["data"] as! [String: Any]
        let years = (d["year"] as! [NSNumber]).map(\.intValue), values = (d["volume"] as! [NSNumber]).map(\.doubleValue)
        return "year,volume\n" + zip(years, values).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
    }

    @Test("JSON output has the documented shape, with nested finite intervals")
    func json() throws {
        let path = try file("nile.csv", nileCSV())
        let run = try runTool("sextant", ["forecast", "--input", path, "--column", "volume", "--horizon", "4", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((root["model"] as? String)?.contains("ETS") == true)
        let forecasts = try #require(root["forecasts"] as? [[String: Any]])
        #expect(forecasts.count == 4)
        for (i, f) in forecasts.enumerated() {
            #expect(f["step"] as? Int == i + 1)
            let point = try #require(f["point"] as? Double)
            let intervals = try #require(f["intervals"] as? [[String: Any]])
            #expect(intervals.map { $0["level"] as? Int } == [80, 95])
            let l80 = intervals[0]["lower"] as! Double, u80 = intervals[0]["upper"] as! Double
            let l95 = intervals[1]["lower"] as! Double, u95 = intervals[1]["upper"] as! Double
            #expect(l95 < l80 && l80 < point && point < u80 && u80 < u95)
            #expect(point > 600 && point < 1000)
        }
    }

    @Test("a one-value-per-line file, every model and format")
    func modelsAndFormats() throws {
        let path = try file("values.txt", "# response times, ms\n" + (0..<30).map { "\(10 + 0.1 * Double($0) + ($0 % 3 == 0 ? 0.3 : -0.2))" }.joined(separator: "\n"))
        for model in ["auto", "ets", "theta", "drift", "linear", "theil-sen"] {
            let run = try runTool("sextant", ["forecast", "--input", path, "--model", model, "--horizon", "3"])
            #expect(run.status == 0, "\(model): \(run.stderr)")
            #expect(run.stdout.contains("95% upper") && !run.stdout.lowercased().contains("nan"), "\(model)")
        }
        let csv = try runTool("sextant", ["forecast", "--input", path, "--format", "csv", "--horizon", "2", "--level", "90"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("step,point,lower_90,upper_90\n1,"))
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let md = try runTool("sextant", ["forecast", "--input", path, "--format", "md", "--horizon", "2"])
        #expect(md.status == 0 && md.stdout.contains("|---:|"))
    }

    @Test("time to breach: a rising series crosses the limit; no breach; already past")
    func breach() throws {
        let path = try file("rising.txt", (0..<40).map { "\(100 + 2 * Double($0) + ($0 % 2 == 0 ? 1.5 : -1.5))" }.joined(separator: "\n"))
        let rising = try runTool("sextant", ["forecast", "--input", path, "--model", "linear", "--horizon", "12", "--limit", "190", "--format", "json"])
        #expect(rising.status == 0, "\(rising.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(rising.stdout.utf8)) as? [String: Any])
        let breach = try #require(root["breach"] as? [String: Any])
        #expect(breach["status"] as? String == "breach within the horizon")
        // Last value ~178, slope 2: the point forecast passes 190 around step 6.
        let step = try #require(breach["point_step"] as? Int)
        #expect(step >= 5 && step <= 7)
        let bands = try #require(breach["bands"] as? [[String: Any]])
        let e95 = try #require(bands[1]["earliest"] as? Int), l95 = try #require(bands[1]["latest"] as? Int)
        #expect(e95 <= step && step <= l95)

        let far = try runTool("sextant", ["forecast", "--input", path, "--model", "linear", "--horizon", "5", "--limit", "1000"])
        #expect(far.status == 0 && far.stdout.contains("no breach within the horizon"))
        let past = try runTool("sextant", ["forecast", "--input", path, "--limit", "150"])
        #expect(past.status == 1 && past.stdout.contains("already past the limit"))
        let throughput = try runTool("sextant", ["forecast", "--input", path, "--limit", "150", "--direction", "higher", "--horizon", "5"])
        #expect(throughput.status == 0 && throughput.stdout.contains("no breach within the horizon"))
    }

    @Test("bad input: a clear one-line error and exit 2, never a crash or a NaN number")
    func badInput() throws {
        let cases: [(String, String, [String])] = [
            ("short.txt", "1\n2\n3\n", ["insufficient data"]),
            ("constant.txt", "5\n5\n5\n5\n5\n5\n", ["constant series"]),
            ("nan.txt", "1\n2\nNaN\n4\n5\n", ["nan.txt:3", "not a finite number"]),
            ("text.csv", "a,b\n1,x\n", ["choose one with --column"]),
            ("empty.txt", "\n", ["no values"]),
        ]
        for (name, text, needles) in cases {
            let path = try file(name, text)
            let run = try runTool("sextant", ["forecast", "--input", path])
            #expect(run.status == 2, "\(name)")
            #expect(run.stdout.isEmpty, "\(name)")
            for needle in needles { #expect(run.stderr.contains(needle), "\(name): \(run.stderr)") }
            #expect(run.stderr.split(separator: "\n").count == 1, "\(name)")
        }
        let path = try file("ok.txt", "1\n2\n4\n3\n5\n")
        let missing = try runTool("sextant", ["forecast", "--input", path, "--column", "x"])
        #expect(missing.status == 2 && missing.stderr.contains("no header row"))
        let badModel = try runTool("sextant", ["forecast", "--input", path, "--model", "arima"])
        #expect(badModel.status == 2 && badModel.stderr == "sextant: error: The value 'arima' is invalid for '--model <model>'. Please provide one of the following: auto, ets, theta, drift, linear, theil-sen (see 'sextant forecast --help')\n", "\(badModel.stderr)")
        let badLevel = try runTool("sextant", ["forecast", "--input", path, "--level", "80,120"])
        #expect(badLevel.status == 2 && badLevel.stderr.contains("--level"))
        let noFile = try runTool("sextant", ["forecast", "--input", "/nonexistent/x.txt"])
        #expect(noFile.status == 2 && noFile.stderr.contains("cannot read"))
        let start0 = try runTool("sextant", ["forecast", "--input", path, "--start", "0"])
        #expect(start0.status == 2 && start0.stderr.contains("1-based"))
        let startPast = try runTool("sextant", ["forecast", "--input", path, "--start", "9"])
        #expect(startPast.status == 2 && startPast.stderr.contains("past the last point"))
        // Windows line ends and a header.
        let crlf = try runTool("sextant", ["forecast", "--input", try file("crlf.csv", "v\r\n1\r\n2\r\n3.5\r\n2.5\r\n4\r\n"), "--horizon", "2"])
        #expect(crlf.status == 0, "\(crlf.stderr)")
        // Four points are enough: the drift fallback gives finite intervals.
        let four = try runTool("sextant", ["forecast", "--input", try file("four.txt", "1\n2\n4\n3\n"), "--format", "json"])
        #expect(four.status == 0 && !four.stdout.lowercased().contains("nan"), "\(four.stderr)")
    }

    @Test("--scale: store series are forecast on the log scale (positive bands), --input on the linear one")
    func scale() throws {
        // Heavy multiplicative noise: on the log scale every bound stays positive.
        let values = (0..<40).map { i in 1e-3 * exp(0.7 * sin(Double(i) * 2.3)) }
        let path = try file("noisy.txt", values.map { "\($0)" }.joined(separator: "\n") + "\n")
        func lowest(_ run: ToolRun) throws -> Double {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let steps = try #require(root["forecasts"] as? [[String: Any]])
            return steps.flatMap { ($0["intervals"] as? [[String: Any]] ?? []).compactMap { $0["lower"] as? Double } }.min() ?? .nan
        }
        let linear = try runTool("sextant", ["forecast", "--input", path, "--horizon", "5", "--format", "json"])
        #expect(linear.status == 0, "\(linear.stderr)")
        #expect(!linear.stdout.contains("log scale"))
        let log = try runTool("sextant", ["forecast", "--input", path, "--horizon", "5", "--format", "json", "--scale", "log"])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(try lowest(log) > 0)
        #expect(log.stdout.contains("log scale"))

        let withZero = try file("zero.txt", (values + [0]).map { "\($0)" }.joined(separator: "\n") + "\n")
        let bad = try runTool("sextant", ["forecast", "--input", withZero, "--scale", "log"])
        #expect(bad.status == 2 && bad.stderr.contains("positive"))
        let unknown = try runTool("sextant", ["forecast", "--input", path, "--scale", "cubic"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--scale"))
    }

    @Test("--benchmark forecasts the store's series in their units and directions")
    func store() throws {
        let dir = try temporaryDirectory()
        var rows = ["run,timestamp,benchmark,metric,unit,direction,value"]
        for i in 0..<30 {
            let ts = String(format: "2024-05-%02dT10:00:00Z", i + 1)
            let noise = [0.3, -0.2, 0.1, -0.25, 0.15][i % 5]
            rows.append("\(i + 1),\(ts),parse,time,ms,lower,\(10 + 0.2 * Double(i) + noise)")
            rows.append("\(i + 1),\(ts),render,throughput,1/s,higher,\(1000 - 5 * Double(i) + 10 * noise)")
            if i < 3 { rows.append("\(i + 1),\(ts),tiny,time,ms,lower,\(5 + i)") }
        }
        let csv = dir.appendingPathComponent("h.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.sqlite").path
        let ingest = try runTool("sextant", ["ingest", "--store", store, csv.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        // One series: times are stored in seconds, so the limit is too; 16.5 ms is crossed soon.
        let one = try runTool("sextant", ["forecast", "--store", store, "--benchmark", "parse", "--horizon", "12",
                                          "--limit", "0.0175", "--format", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1 && list[0]["benchmark"] as? String == "parse" && list[0]["unit"] as? String == "s")
        let breach = try #require(list[0]["breach"] as? [String: Any])
        #expect(breach["direction"] as? String == "lower" && breach["status"] as? String == "breach within the horizon")

        // Throughput keeps its "higher is better" direction from the store: falling below 900/s is the breach.
        let tp = try runTool("sextant", ["forecast", "--store", store, "--benchmark", "render", "--limit", "900", "--horizon", "5"])
        #expect(tp.status == 1 && tp.stdout.contains("higher is better") && tp.stdout.contains("already past the limit"))

        // Every series: the short one is reported as such, the others forecast.
        let all = try runTool("sextant", ["forecast", "--store", store, "--benchmark", "*", "--format", "json", "--horizon", "2"])
        #expect(all.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries.first { $0["benchmark"] as? String == "tiny" }?["error"] as? String == "insufficient data: 3 points, at least 4 needed")
        #expect(all.stderr.contains("tiny time: insufficient data"))

        let none = try runTool("sextant", ["forecast", "--store", store, "--benchmark", "nomatch"])
        #expect(none.status == 2 && none.stderr.contains("no series matches"))
        let missing = try runTool("sextant", ["forecast", "--store", dir.appendingPathComponent("no.sqlite").path, "--benchmark", "x"])
        #expect(missing.status == 2)
    }
}
