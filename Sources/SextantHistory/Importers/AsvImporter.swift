import Foundation

/// What an asv result file needs from its results directory: `benchmarks.json` (type, unit and
/// parameter names per benchmark) and the machine directory's `machine.json`.
struct AsvLayout {
    struct Benchmark { var type: String; var unit: String; var paramNames: [String] }
    var benchmarks: [String: Benchmark] = [:]
    var machine: String? = nil
}

/// Locating and reading asv results directories (`results/benchmarks.json`, `results/<machine>/machine.json`,
/// `results/<machine>/<commit>-<env>.json`).
enum AsvResults {
    /// The layout around the result file at `path`: `machine.json` next to it, `benchmarks.json`
    /// next to it or one directory up. Missing files leave the defaults (type from the name prefix).
    static func layout(near path: String) throws -> AsvLayout {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try layout(machineDirectory: dir)
    }

    static func layout(machineDirectory dir: URL) throws -> AsvLayout {
        var layout = AsvLayout()
        let fm = FileManager.default
        for candidate in [dir.appendingPathComponent("benchmarks.json"),
                          dir.deletingLastPathComponent().appendingPathComponent("benchmarks.json")]
        where fm.fileExists(atPath: candidate.path) {
            layout.benchmarks = try benchmarks(at: candidate.path)
            break
        }
        let machineFile = dir.appendingPathComponent("machine.json")
        if fm.fileExists(atPath: machineFile.path) {
            let json = try readJSON(machineFile.path)
            let ctx = ImportContext(file: machineFile.path)
            layout.machine = try ctx.optionalString(json, "machine")
        }
        return layout
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw HistoryError.invalidInput(file: path, line: nil, message: "cannot read: \(error.localizedDescription)")
        }
        let ctx = ImportContext(file: path)
        try ctx.checkText(data)
        return try JSONParser.parse(data, file: path)
    }

    /// `benchmarks.json`: `{name: {type, unit, param_names, ...}, "version": 2}`.
    static func benchmarks(at path: String) throws -> [String: AsvLayout.Benchmark] {
        let json = try readJSON(path)
        let ctx = ImportContext(file: path)
        var out: [String: AsvLayout.Benchmark] = [:]
        for (name, b) in try ctx.object(json, "asv benchmarks.json", line: 1) where name != "version" {
            guard b.objectMembers != nil else { throw ctx.fail(json.line, "benchmark \"\(name)\" must be an object, not \(b.typeName)") }
            let type = try ctx.optionalString(b, "type") ?? AsvResults.type(fromName: name)
            let unit = try ctx.optionalString(b, "unit") ?? (type == "time" ? "seconds" : type == "track" ? "" : "bytes")
            var names: [String] = []
            if let pn = b["param_names"], !pn.isNull {
                guard let a = pn.arrayValue else { throw ctx.fail(b.line, "\"param_names\" of \"\(name)\" must be an array") }
                names = try a.map { v in
                    guard let s = v.stringValue else { throw ctx.fail(b.line, "\"param_names\" of \"\(name)\" must hold strings") }
                    return s
                }
            }
            out[name] = AsvLayout.Benchmark(type: type, unit: unit, paramNames: names)
        }
        return out
    }

    /// asv's benchmark type from the function name's prefix (`time_`, `timeraw_`, `mem_`, `peakmem_`, `track_`).
    static func type(fromName name: String) -> String {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        if last.hasPrefix("time_") || last.hasPrefix("timeraw_") { return "time" }
        if last.hasPrefix("peakmem_") { return "peakmemory" }
        if last.hasPrefix("mem_") { return "memory" }
        if last.hasPrefix("track_") { return "track" }
        return "time"
    }

    /// Reads a results directory (the one holding `benchmarks.json`, or one machine's directory
    /// holding `machine.json`): every `<commit>-<env>.json` of every machine, in name order.
    /// nil when `path` is not laid out like asv results.
    static func readDirectory(_ path: String) throws -> ImportedFile? {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: path)
        var machineDirs: [URL] = []
        if fm.fileExists(atPath: root.appendingPathComponent("machine.json").path) {
            machineDirs = [root]
        } else if fm.fileExists(atPath: root.appendingPathComponent("benchmarks.json").path) {
            let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            for e in entries.sorted() where fm.fileExists(atPath: root.appendingPathComponent(e).appendingPathComponent("machine.json").path) {
                machineDirs.append(root.appendingPathComponent(e))
            }
        } else {
            return nil
        }
        var runs: [ImportedRun] = []
        var skipped: [(reason: String, count: Int)] = []
        for dir in machineDirs {
            let layout = try layout(machineDirectory: dir)
            let files = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".json") && $0 != "machine.json" && $0 != "benchmarks.json" }.sorted()
            for f in files {
                let file = dir.appendingPathComponent(f).path
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                    throw HistoryError.invalidInput(file: file, line: nil, message: "cannot read: \(error.localizedDescription)")
                }
                let one = try Importer.parse(data, name: file, format: .asv, asvLayout: layout)
                runs += one.runs
                for s in one.skipped {
                    if let k = skipped.firstIndex(where: { $0.reason == s.reason }) { skipped[k].count += s.count } else { skipped.append(s) }
                }
            }
        }
        if runs.isEmpty {
            throw HistoryError.invalidInput(file: path, line: nil, message: "asv results directory without result files (<machine>/<commit>-<env>.json)")
        }
        return ImportedFile(format: .asv, runs: runs, skipped: skipped)
    }
}

extension ImportContext {
    /// One airspeed velocity result file (api version 2, asv >= 0.5): `{commit_hash, date, params:
    /// {machine, python...}, result_columns: [result, params, ..., samples], results: {name: [column
    /// values]}, version: 2}`.
    ///
    /// Every benchmark's `result` holds one value per parameter combination (the Cartesian product
    /// of `params`, last parameter fastest, as asv enumerates them); each combination is a benchmark
    /// named `name(p1=v1, p2=v2)` with the parameter names of `benchmarks.json` (values as asv writes
    /// them, Python reprs). The value is asv's result (the median of the samples for `time`), the
    /// `samples` column (`asv run --record-samples`) the raw samples. Metric and unit from the
    /// benchmark's `type` and `unit` in `benchmarks.json`: `time` (seconds), `memory` (`mem_`) and
    /// `peakmemory` (`peakmem_`) -> `peak_memory` (bytes), `track` (its own unit); all lower-is-better, as asv
    /// treats every increase as a regression. `null` results (failed or skipped benchmarks) are
    /// skipped and counted. Commit `commit_hash`, timestamp `date` (the commit's date, as asv
    /// plots it), machine `params.machine` (else `machine.json`), toolchain `python`.
    func asv(_ json: JSONValue, layout: AsvLayout) throws -> [ImportedRun] {
        guard json["result_columns"] != nil || json["commit_hash"] != nil else {
            if json["machine"] != nil {
                throw fail(nil, "this is asv's machine.json; ingest the result files (<machine>/<commit>-<env>.json) or the results directory")
            }
            throw fail(nil, "this is asv's benchmarks.json; ingest the result files (results/<machine>/<commit>-<env>.json) or the results directory")
        }
        let version = try optionalNumber(json, "version")
        guard version == 2 else {
            throw fail(json.line, "asv result file version \(version.map { "\($0)" } ?? "missing"): only api version 2 (asv >= 0.5) is read")
        }
        let columns = try array(json["result_columns"], "\"result_columns\"", line: json.line).map { c -> String in
            guard let s = c.stringValue else { throw fail(json.line, "\"result_columns\" must hold strings") }
            return s
        }
        func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let resultColumn = column("result") else { throw fail(json.line, "\"result_columns\" lacks \"result\"") }
        let paramsColumn = column("params"), samplesColumn = column("samples"), numberColumn = column("stats_number")

        var md = RunMetadata()
        md.commit = try string(json, "commit_hash")
        if let d = try optionalNumber(json, "date") { md.timestamp = Timestamps.epoch(d) }
        if let p = json["params"], p.objectMembers != nil { md.machine = try optionalString(p, "machine") }
        md.machine = md.machine ?? layout.machine
        if let py = try optionalString(json, "python") { md.toolchain = "Python \(py)" }

        let results = try object(json["results"] ?? .null, "\"results\"", line: json.line)
        var out: [BenchmarkMeasurement] = []
        for (name, entry) in results {
            guard let row = entry.arrayValue else {
                throw fail(json.line, "result of \"\(name)\" must be an array of result_columns values, not \(entry.typeName)")
            }
            func cell(_ k: Int?) -> JSONValue? { k.flatMap { $0 < row.count ? row[$0] : nil } }
            let info = layout.benchmarks[name]
            let type = info?.type ?? AsvResults.type(fromName: name)
            let unit = info?.unit ?? (type == "time" ? "seconds" : type == "track" ? "" : "bytes")
            let metric: String
            switch type {
            case "time": metric = "time"
            case "memory", "mem": metric = "memory"
            case "peakmemory", "peakmem": metric = "peak_memory"
            case "track": metric = "track"
            default: throw fail(json.line, "benchmark \"\(name)\": unknown asv type \"\(type)\"")
            }
            guard let result = cell(resultColumn), !result.isNull else { skips.add("failed (null) asv results"); continue }
            // Parameter lists: [[v1, v2], [w1, w2]]; none for a plain benchmark.
            var params: [[String]] = []
            if let p = cell(paramsColumn), !p.isNull {
                params = try array(p, "params of \"\(name)\"", line: json.line).map { list in
                    try array(list, "a parameter list of \"\(name)\"", line: json.line).map { v in
                        guard let s = v.stringValue else { throw fail(json.line, "parameter values of \"\(name)\" must be strings (asv writes reprs)") }
                        return s
                    }
                }
            }
            var combos: [[String]] = [[]]
            for list in params { combos = combos.flatMap { c in list.map { c + [$0] } } }
            let values = try array(result, "result of \"\(name)\"", line: json.line)
            guard values.count == combos.count else {
                throw fail(json.line, "benchmark \"\(name)\": \(values.count) results for \(combos.count) parameter combinations")
            }
            let sampleLists = try cell(samplesColumn).flatMap { $0.isNull ? nil : try array($0, "samples of \"\(name)\"", line: json.line) }
            let numbers = try cell(numberColumn).flatMap { $0.isNull ? nil : try array($0, "stats_number of \"\(name)\"", line: json.line) }
            let names = info?.paramNames ?? []
            for (k, combo) in combos.enumerated() {
                let v = values[k]
                if v.isNull { skips.add("failed (null) asv results"); continue }
                guard let x = v.numberValue else { throw fail(json.line, "benchmark \"\(name)\": result must be a number or null, not \(v.typeName)") }
                var label = name
                if !combo.isEmpty {
                    let parts = names.count == combo.count ? zip(names, combo).map { "\($0)=\($1)" } : combo
                    label += "(" + parts.joined(separator: ", ") + ")"
                }
                var samples: [Double]? = nil
                if let sampleLists, k < sampleLists.count, !sampleLists[k].isNull {
                    samples = try array(sampleLists[k], "samples of \"\(name)\"", line: json.line).map { s in
                        guard let d = s.numberValue else { throw fail(json.line, "samples of \"\(name)\" must be numbers") }
                        return d
                    }
                }
                var iterations: Int? = nil
                if let numbers, k < numbers.count, let n = numbers[k].numberValue, n >= 1, n <= 1e15, n == n.rounded() { iterations = Int(n) }
                out.append(try measurement(line: json.line, benchmark: label, metric: metric, value: x, unit: unit,
                                           samples: samples, iterations: iterations, direction: .lowerIsBetter))
            }
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }
}
