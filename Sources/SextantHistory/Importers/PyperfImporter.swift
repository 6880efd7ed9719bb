import Foundation

extension ImportContext {
    /// pyperf JSON (`-o file.json`, the format of pyperformance): `{benchmarks: [{metadata, runs:
    /// [{metadata, warmups, values}]}], metadata, version}`.
    ///
    /// Each benchmark's name is its metadata `name` (else the file's). Every run's `values` (each
    /// already the time of one loop iteration) are raw samples; `warmups` and calibration runs (runs
    /// with warm-ups only) are left out. The value is the mean of the samples, what `pyperf show`
    /// reports. The unit is the metadata `unit`: `second` -> metric `time`, `byte` -> `memory`
    /// (`--track-memory`), `integer` -> `value` (count); lower is better. Metadata (the benchmark's
    /// over the file's): `hostname` -> machine, `python_implementation python_version` ->
    /// toolchain, the first run's `date` -> timestamp (pyperf writes local time without a zone; it
    /// is read as UTC), `loops` x `inner_loops` -> iterations.
    func pyperf(_ json: JSONValue) throws -> [ImportedRun] {
        let common = json["metadata"]
        let benchmarks = try array(json["benchmarks"], "\"benchmarks\"", line: json.line)
        var out: [BenchmarkMeasurement] = []
        var md = RunMetadata()
        func meta(_ b: JSONValue, _ key: String) throws -> JSONValue? {
            if let m = b["metadata"], let v = m[key] { return v }
            if let common, let v = common[key] { return v }
            return nil
        }
        func text(_ b: JSONValue, _ key: String) throws -> String? {
            guard let v = try meta(b, key) else { return nil }
            guard let s = v.stringValue else { throw fail(b.line, "metadata \"\(key)\" must be a string, not \(v.typeName)") }
            return s
        }
        for b in benchmarks {
            _ = try object(b, "a pyperf benchmark", line: json.line)
            guard let name = try text(b, "name") else { throw fail(b.line, "pyperf benchmark without metadata \"name\"") }
            let (metric, unit): (String, String)
            switch try text(b, "unit") ?? "second" {
            case "second": (metric, unit) = ("time", "s")
            case "byte": (metric, unit) = ("memory", "B")
            case "integer": (metric, unit) = ("value", "count")
            case let other: throw fail(b.line, "benchmark \"\(name)\": unknown pyperf unit \"\(other)\"")
            }
            var samples: [Double] = []
            for r in try array(b["runs"], "\"runs\" of \"\(name)\"", line: b.line) {
                _ = try object(r, "a pyperf run", line: b.line)
                if let values = try numbers(r, "values") { samples += values }
                if md.timestamp == nil, let m = r["metadata"], let d = try optionalString(m, "date") {
                    guard let t = Timestamps.parse(d) else { throw fail(r.line, "run date \"\(d.prefix(40))\" is not a timestamp") }
                    md.timestamp = t
                }
            }
            guard !samples.isEmpty else { skips.add("pyperf benchmarks without values"); continue }
            var iterations: Int? = nil
            if let loops = try meta(b, "loops")?.numberValue {
                let inner = try meta(b, "inner_loops")?.numberValue ?? 1
                let n = loops * inner
                if n >= 1, n <= 1e15, n == n.rounded() { iterations = Int(n) }
            }
            out.append(try measurement(line: b.line, benchmark: name, metric: metric, value: mean(samples), unit: unit,
                                       samples: samples, iterations: iterations, direction: .lowerIsBetter))
            if md.machine == nil { md.machine = try text(b, "hostname") }
            if md.toolchain == nil, let impl = try text(b, "python_implementation"), let v = try text(b, "python_version") {
                md.toolchain = "\(impl) \(v)"
            }
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }
}
