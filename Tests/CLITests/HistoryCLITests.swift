import Foundation
import Testing
import SextantTestSupport

/// The repository's `Tests/Fixtures` folder.
private func fixtures(_ path: String) -> URL {
    packageRoot().appendingPathComponent("Tests/Fixtures").appendingPathComponent(path)
}

/// Runs `sextant` with `--store` set, failing the test on an unexpected exit status.
@discardableResult
private func sextant(_ args: [String], store: String, expect status: Int32 = 0,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> ToolRun {
    let r = try runTool("sextant", args + ["--store", store])
    #expect(r.status == status, "sextant \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
    return r
}

/// Decompresses a `.gz` file of the datasets into `dir` (SextantTestSupport's `gunzip`); its path.
private func gunzip(_ path: String, into dir: URL) throws -> String {
    let source = packageRoot().appendingPathComponent(path)
    let target = dir.appendingPathComponent(source.deletingPathExtension().lastPathComponent)
    try gunzip(source.path, to: target)
    return target.path
}

private func jsonArray(_ text: String) throws -> [[String: Any]] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

/// A long-CSV file with one run of `benchmarks` measurements.
private func writeRunCSV(_ url: URL, run: String, commit: String, day: Int, benchmarks: Int, scale: Double = 1) throws {
    var s = "run,commit,branch,timestamp,benchmark,metric,unit,value\n"
    let ts = String(format: "2024-01-%02dT%02d:%02d:00Z", 1 + day % 28, (day / 28) % 24, day % 60)
    for b in 0..<benchmarks {
        s += "\(run),\(commit),main,\(ts),bench_\(b),time,ns,\(Double(1000 + b) * scale)\n"
    }
    try s.write(to: url, atomically: true, encoding: .utf8)
}

@Suite struct HistoryCLITests {
    @Test func everyFormatIngestsThroughTheCLI() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let files: [(String, String, Int)] = [
            ("formats/hyperfine.json", "hyperfine", 1),
            ("formats/google-benchmark.json", "google-benchmark", 6),
            ("formats/pytest-benchmark.json", "pytest-benchmark", 2),
            ("formats/package-benchmark/jsonSmallerIsBetter.json", "package-benchmark", 6),
            ("formats/package-benchmark/results.json", "package-benchmark", 8),
            ("formats/criterion/fib_20/new/estimates.json", "criterion", 1),
            ("formats/bencher-bmf.json", "bencher", 5),
            ("formats/lean-optics-metrics.json", "lean-optics", 8),
            ("formats/lean-bench.txt", "lean-bench", 8),
        ]
        for (path, format, count) in files {
            let r = try sextant(["ingest", fixtures(path).path, "--commit", "c1", "--branch", "main"], store: store)
            #expect(r.stdout.contains("\(format), 1 run(s) added with \(count) measurement(s)"), "\(path): \(r.stdout)")
        }
        // forced format and re-ingest as a no-op
        let again = try sextant(["ingest", "--format", "hyperfine", fixtures("formats/hyperfine.json").path, "--commit", "c1", "--branch", "main"], store: store)
        #expect(again.stdout.contains("0 run(s) added") && again.stdout.contains("1 already stored"))
        let runs = try jsonArray(try sextant(["runs", "--format", "json"], store: store).stdout)
        #expect(runs.count == files.count)
        for r in runs {
            #expect(r["id"] is Int && r["commit"] as? String == "c1" && r["branch"] as? String == "main")
            #expect((r["timestamp"] as? String)?.hasSuffix("Z") == true)
        }
        let series = try jsonArray(try sextant(["series", "--benchmark", "BM_Sort/*", "--metric", "time", "--format", "json", "--samples"], store: store).stdout)
        #expect(series.count == 2)
        let points = try #require(series[0]["points"] as? [[String: Any]])
        #expect((points[0]["samples"] as? [Double])?.count == 5)
        // the sextant CSV and JSONL round trip through export and ingest into a fresh store
        let csv = dir.appendingPathComponent("all.csv").path
        let jsonl = dir.appendingPathComponent("all.jsonl").path
        try sextant(["export", "--output", csv], store: store)
        try sextant(["export", "--format", "jsonl", "--output", jsonl], store: store)
        for (file, format) in [(csv, "csv"), (jsonl, "jsonl")] {
            let fresh = dir.appendingPathComponent("fresh-\(format).sqlite").path
            let r = try sextant(["ingest", file], store: fresh)
            #expect(r.stdout.contains("\(format), \(files.count) run(s) added"), "\(r.stdout)")
            let copy = dir.appendingPathComponent("copy.\(format)").path
            try sextant(["export", "--format", format, "--output", copy], store: fresh)
            let original = try String(contentsOfFile: format == "csv" ? csv : jsonl, encoding: .utf8)
            #expect(try String(contentsOfFile: copy, encoding: .utf8) == original, "\(format) export differs after a round trip")
        }
    }

    @Test func datasetHistoriesReproduceTheirCounts() throws {
        let dir = try temporaryDirectory()
        for (name, runs, measurements) in [("tokio__ghpages_b99a2d4", 1784, 10698), ("bsl-language-server__ghpages_bf776f9", 1277, 1277)] {
            let store = dir.appendingPathComponent("\(name).sqlite").path
            let file = try gunzip("datasets/histories/gh-action-benchmark/\(name)__data.js.gz", into: dir)
            let r = try sextant(["ingest", file], store: store)
            #expect(r.stdout.contains("github-action-benchmark, \(runs) run(s) added with \(measurements) measurement(s)"), "\(r.stdout)")
            #expect(try jsonArray(try sextant(["runs", "--format", "json"], store: store).stdout).count == runs)
            let csv = try sextant(["export"], store: store).stdout
            #expect(csv.split(separator: "\r\n").count == measurements + 1)
        }
    }

    @Test func badFilesExitTwoWithOneLineAndLeaveTheStoreUnchanged() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        try sextant(["ingest", fixtures("formats/google-benchmark.json").path, fixtures("formats/hyperfine.json").path], store: store)
        let before = try sextant(["export", "--format", "jsonl"], store: store).stdout
        let runsBefore = try sextant(["runs", "--format", "json"], store: store).stdout
        var bad = try FileManager.default.contentsOfDirectory(atPath: fixtures("bad").path).sorted().map { fixtures("bad/\($0)").path }
        // a 10 MB single line: a hyperfine result whose times array never closes
        let huge = dir.appendingPathComponent("ten-megabyte-line.json")
        var line = "{\"results\":[{\"command\":\"x\",\"mean\":0.1,\"times\":["
        line += String(repeating: "0.1000000000,", count: 10_000_000 / 13)
        try line.write(to: huge, atomically: true, encoding: .utf8)
        bad.append(huge.path)
        #expect(bad.count >= 30)
        for file in bad {
            let r = try runTool("sextant", ["ingest", file, "--store", store])
            let name = URL(fileURLWithPath: file).lastPathComponent
            #expect(r.status == 2, "\(name): exit \(r.status)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(name): \(r.stderr)")
            #expect(r.stderr.hasPrefix("sextant: error: ") && r.stderr.contains(name), "\(name): \(r.stderr)")
            // a problem is named after the file (and line): "file[:line]: problem"
            #expect(r.stderr.count > "sextant: error: ".count + file.count + 5, "\(name): \(r.stderr)")
        }
        #expect(try sextant(["export", "--format", "jsonl"], store: store).stdout == before)
        #expect(try sextant(["runs", "--format", "json"], store: store).stdout == runsBefore)
        // a bad file among good ones: nothing of the batch is stored
        try sextant(["ingest", fixtures("formats/bencher-bmf.json").path, fixtures("bad/ragged.csv").path], store: store, expect: 2)
        #expect(try sextant(["export", "--format", "jsonl"], store: store).stdout == before)
    }

    @Test func exportNeutralisesFormulasAndRoundTripsText() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let input = dir.appendingPathComponent("in.csv")
        let names = ["=HYPERLINK(\"http://x\",\"y\")", "-1.5", "+SUM(A1)", "@cmd", "\tTab", "'quoted", "plain, with comma"]
        // The input is Sextant CSV, so a leading apostrophe is its escape: a name that starts with one is written doubled.
        var raw = "run,commit,branch,timestamp,benchmark,metric,unit,value\r\n"
        for (k, n) in names.enumerated() {
            let cell = "\"" + (n.hasPrefix("'") ? "'" + n : n).replacingOccurrences(of: "\"", with: "\"\"") + "\""
            raw += "1,=cmd|' /C calc'!A0,main,2024-05-01T10:00:00Z,\(cell),time,s,\(0.1 + Double(k) * 1e-17)\r\n"
        }
        try raw.write(to: input, atomically: true, encoding: .utf8)
        try sextant(["ingest", input.path], store: store)
        let csv = try sextant(["export"], store: store).stdout
        let rows = csv.split(separator: "\r\n").dropFirst()
        #expect(rows.count == names.count)
        for row in rows {
            // no cell begins with a formula trigger: every cell after a comma starts safely
            for cell in row.split(separator: ",", omittingEmptySubsequences: false) {
                let t = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                if let c = t.first, "=+@\t\r".contains(c) { Issue.record("live formula cell in \(row)") }
                if t.hasPrefix("-"), Double(t) == nil { Issue.record("text cell starting with - in \(row)") }
            }
        }
        #expect(csv.contains(",'-1.5,"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        #expect(csv.contains(",'=cmd|' /C calc'!A0,"))
        // numbers stay numbers, exactly
        #expect(csv.contains(",0.1,") && csv.contains(",0.10000000000000002,"))
        // the export ingests back to the same names
        let copy = dir.appendingPathComponent("copy.csv")
        try csv.write(to: copy, atomically: true, encoding: .utf8)
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        try sextant(["ingest", copy.path], store: fresh)
        let series = try jsonArray(try sextant(["series", "--format", "json"], store: fresh).stdout)
        #expect(Set(series.compactMap { $0["benchmark"] as? String }) == Set(names))
        let minus = try #require(series.first { $0["benchmark"] as? String == "-1.5" })
        #expect(((minus["points"] as? [[String: Any]])?.first?["commit"] as? String) == "=cmd|' /C calc'!A0")
    }

    @Test func concurrentIngestProcessesLoseNothing() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("fresh/history.sqlite").path // a fresh file, opened by all at once
        let processes = 8, perProcess = 50
        var handles: [(Process, URL)] = []
        var fileLists: [[String]] = []
        for p in 0..<processes {
            var files: [String] = []
            for k in 0..<perProcess {
                let url = dir.appendingPathComponent("p\(p)-r\(k).csv")
                try writeRunCSV(url, run: "r", commit: "c\(p)-\(k)", day: p * perProcess + k, benchmarks: 5, scale: 1 + Double(p))
                files.append(url.path)
            }
            fileLists.append(files)
        }
        for p in 0..<processes {
            let process = Process()
            process.executableURL = productsDirectory().appendingPathComponent("sextant")
            process.arguments = ["ingest", "--store", store, "--branch", "main"] + fileLists[p]
            let errURL = dir.appendingPathComponent("err\(p).txt")
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errURL)
            process.standardOutput = FileHandle.nullDevice
            handles.append((process, errURL))
        }
        for (process, _) in handles { try process.run() }
        for (process, errURL) in handles {
            process.waitUntilExit()
            let err = try String(contentsOf: errURL, encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(err)")
            #expect(!err.contains("locked"), "\(err)")
        }
        let runs = try jsonArray(try sextant(["runs", "--format", "json"], store: store).stdout)
        #expect(runs.count == processes * perProcess)
        #expect(Set(runs.compactMap { $0["commit"] as? String }).count == processes * perProcess)
    }

    @Test func sigkillDuringALargeIngestKeepsEarlierRuns() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        try sextant(["ingest", fixtures("formats/google-benchmark.json").path, fixtures("formats/lean-optics-metrics.json").path], store: store)
        let before = try sextant(["export", "--format", "jsonl"], store: store).stdout
        // 60 runs x 1000 benchmarks in one file: one transaction of 60k measurements
        let big = dir.appendingPathComponent("big.csv")
        var lines = ["run,commit,branch,timestamp,benchmark,metric,unit,value"]
        lines.reserveCapacity(60_001)
        for r in 0..<60 {
            let prefix = "\(r),c\(r),main,2024-02-01T00:00:\(String(format: "%02d", r))Z,b"
            for b in 0..<1000 { lines.append(prefix + String(b) + ",time,ns," + String(r * 1000 + b + 1)) }
        }
        try lines.joined(separator: "\n").write(to: big, atomically: true, encoding: .utf8)
        let wal = store + "-wal"
        let walBefore = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        let process = Process()
        process.executableURL = productsDirectory().appendingPathComponent("sextant")
        process.arguments = ["ingest", "--store", store, big.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // wait until the transaction's commit is writing (the WAL grows past its old size), then SIGKILL
        let deadline = Date().addingTimeInterval(120)
        var killedMidWrite = false
        while Date() < deadline && process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > walBefore + 65_536 { kill(process.processIdentifier, SIGKILL); killedMidWrite = true; break }
            sched_yield()
        }
        process.waitUntilExit()
        #expect(killedMidWrite, "the ingest finished before it could be killed; make the file larger")
        #expect(process.terminationReason == .uncaughtSignal)
        // The store opens and every earlier run is intact, byte for byte in the export.
        let after = try sextant(["export", "--format", "jsonl"], store: store).stdout
        let earlier = Set(before.split(separator: "\n"))
        let afterLines = after.split(separator: "\n")
        #expect(earlier.isSubset(of: Set(afterLines)))
        // The killed file landed whole or not at all: 0 or 60 runs of it, 0 or 60000 measurements.
        let runs = try jsonArray(try sextant(["runs", "--format", "json"], store: store).stdout)
        #expect(runs.count == 2 || runs.count == 62, "\(runs.count) runs after the kill")
        #expect(afterLines.count - earlier.count == (runs.count - 2) * 1000)
        // and it takes new ingests
        try sextant(["ingest", fixtures("formats/hyperfine.json").path], store: store)
        #expect(try jsonArray(try sextant(["runs", "--format", "json"], store: store).stdout).count == runs.count + 1)
    }

    @Test func baselineCommands() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        for k in 0..<4 {
            let f = dir.appendingPathComponent("r\(k).csv")
            try writeRunCSV(f, run: "1", commit: "c\(k)", day: k, benchmarks: 3, scale: 1 + Double(k) / 10)
            try sextant(["ingest", f.path], store: store)
        }
        #expect(try sextant(["baseline", "set", "main", "latest", "--if-absent"], store: store).stdout.contains("baseline main: run 4"))
        #expect(try sextant(["baseline", "set", "main", "1", "--if-absent"], store: store).stdout.contains("kept"))
        try sextant(["baseline", "set", "main", "2"], store: store)
        try sextant(["baseline", "set", "recent", "--window", "3", "--branch", "main"], store: store)
        let shown = try jsonArray(try sextant(["baseline", "show", "--format", "json"], store: store).stdout)
        #expect(shown.count == 2)
        #expect(shown.first { $0["name"] as? String == "main" }?["runs"] as? [Int] == [2])
        #expect(shown.first { $0["name"] as? String == "recent" }?["runs"] as? [Int] == [2, 3, 4])
        #expect(try sextant(["baseline", "reset", "main"], store: store).stdout.contains("deleted"))
        try sextant(["baseline", "show", "main"], store: store, expect: 2)
        try sextant(["baseline", "set", "x", "999"], store: store, expect: 2)
        try sextant(["baseline", "set", "x"], store: store, expect: 2) // neither RUN nor --window: usage error (ArgumentParser's 64 is mapped to 2)
    }
}

@Suite("one display rule across commands")
struct DisplayRuleCLITests {
    @Test("a stored 3.03988 ns prints as 3.040 ns in series and analyze (gate, forecast, changepoints: DisplayRuleTests)")
    func oneValuePrintsAlikeEverywhere() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        var csv = "run,commit,timestamp,benchmark,metric,unit,value\n"
        for i in 0..<12 {
            csv += String(format: "r%02d,c%02d,2024-01-%02dT00:00:00Z,b,time,ns,3.03988\n", i, i, i + 1)
        }
        let file = dir.appendingPathComponent("h.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        try sextant(["ingest", file.path], store: store)
        let series = try sextant(["series"], store: store).stdout
        #expect(series.contains("3.040 ns"), "\(series)")
        let analyze = try sextant(["analyze"], store: store).stdout
        #expect(analyze.contains("3.040 ns [3.040 ns, 3.040 ns]"), "\(analyze)")
        for out in [series, analyze] { #expect(!out.contains("e-09") && !out.contains("3.04 ns")) }
    }
}
