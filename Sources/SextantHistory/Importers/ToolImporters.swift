import Foundation

extension ImportContext {
    /// Google Benchmark JSON. Rows with `run_type: iteration` are grouped by `run_name`; each group
    /// becomes metric `time` (from `real_time`) and `cpu_time`, the mean over repetitions with every
    /// repetition kept as a raw sample, plus `throughput` (`items_per_second`) and
    /// `bytes_per_second` when present. Aggregate rows (mean, median, stddev, cv) are skipped, unless
    /// a file holds only aggregates (`--benchmark_report_aggregates_only`), in which case the `mean`
    /// aggregate is used without samples. Rows with `error_occurred` are skipped.
    /// Run metadata: `context.date` (timestamp), `context.host_name` (machine).
    func googleBenchmark(_ json: JSONValue) throws -> [ImportedRun] {
        let benchmarks = try array(json["benchmarks"], "\"benchmarks\"", line: json.line)
        var order: [String] = []
        var groups: [String: [JSONValue]] = [:]
        var means: [String: JSONValue] = [:]
        for b in benchmarks {
            _ = try object(b, "a benchmark entry", line: json.line)
            if let err = b["error_occurred"], err == .bool(true) { continue }
            let runType = try optionalString(b, "run_type") ?? "iteration"
            let name = try optionalString(b, "run_name") ?? string(b, "name")
            if runType == "aggregate" {
                if try optionalString(b, "aggregate_name") == "mean" { means[name] = b; if groups[name] == nil && !order.contains(name) { order.append(name) } }
                continue
            }
            if groups[name] == nil { groups[name] = []; if !order.contains(name) { order.append(name) } }
            groups[name]!.append(b)
        }
        var out: [BenchmarkMeasurement] = []
        for name in order {
            let rows: [JSONValue]
            let aggregateOnly: Bool
            if let g = groups[name], !g.isEmpty { rows = g; aggregateOnly = false } else if let m = means[name] { rows = [m]; aggregateOnly = true } else { continue }
            let line = rows[0].line
            let unit = try optionalString(rows[0], "time_unit") ?? "ns"
            var real: [Double] = [], cpu: [Double] = [], items: [Double] = [], bytes: [Double] = []
            var iterations = 0
            for r in rows {
                real.append(try number(r, "real_time"))
                cpu.append(try number(r, "cpu_time"))
                if let x = try optionalNumber(r, "items_per_second") { items.append(x) }
                if let x = try optionalNumber(r, "bytes_per_second") { bytes.append(x) }
                iterations = try optionalInt(r, "iterations") ?? iterations
                if try optionalString(r, "time_unit") ?? unit != unit { throw fail(r.line, "benchmark \"\(name)\": repetitions use different time units") }
            }
            let keep = !aggregateOnly && rows.count > 1
            out.append(try measurement(line: line, benchmark: name, metric: "time", value: mean(real), unit: unit,
                                       samples: keep ? real : nil, iterations: iterations))
            out.append(try measurement(line: line, benchmark: name, metric: "cpu_time", value: mean(cpu), unit: unit,
                                       samples: keep ? cpu : nil, iterations: iterations))
            if !items.isEmpty {
                out.append(try measurement(line: line, benchmark: name, metric: "throughput", value: mean(items), unit: "1/s",
                                           samples: keep && items.count > 1 ? items : nil))
            }
            if !bytes.isEmpty {
                out.append(try measurement(line: line, benchmark: name, metric: "bytes_per_second", value: mean(bytes), unit: "B/s",
                                           samples: keep && bytes.count > 1 ? bytes : nil))
            }
        }
        var md = RunMetadata()
        if let ctx = json["context"] {
            md.timestamp = try timestamp(ctx, "date")
            md.machine = try optionalString(ctx, "host_name")
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }

    /// hyperfine `--export-json`: each result's `command` is the benchmark; metric `time` is the
    /// mean of `times` (seconds) with the times as samples; `memory` is the mean of
    /// `memory_usage_byte` with those as samples (hyperfine >= 1.16). hyperfine writes no date, so
    /// the timestamp comes from the command line, CI, or the time of ingest.
    func hyperfine(_ json: JSONValue) throws -> [ImportedRun] {
        let results = try array(json["results"], "\"results\"", line: json.line)
        var out: [BenchmarkMeasurement] = []
        for r in results {
            _ = try object(r, "a hyperfine result", line: json.line)
            let name = try string(r, "command")
            let times = try numbers(r, "times")
            let m = try number(r, "mean")
            out.append(try measurement(line: r.line, benchmark: name, metric: "time", value: m, unit: "s", samples: times,
                                       iterations: times?.count))
            if let mem = try numbers(r, "memory_usage_byte"), !mem.isEmpty {
                out.append(try measurement(line: r.line, benchmark: name, metric: "memory", value: mean(mem), unit: "B", samples: mem))
            }
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }

    /// pytest-benchmark `--benchmark-json`: each benchmark's `fullname` is the name; metric `time`
    /// is `stats.mean` (seconds) with `stats.data` as samples when saved (`--benchmark-save-data`);
    /// iterations are `stats.iterations`. Metadata: `datetime`, `commit_info.id`/`branch` (ignoring
    /// pytest-benchmark's placeholders `unversioned` and `(unknown)`), `machine_info.node`, and the
    /// Python implementation and version as the toolchain.
    func pytestBenchmark(_ json: JSONValue) throws -> [ImportedRun] {
        let benchmarks = try array(json["benchmarks"], "\"benchmarks\"", line: json.line)
        var out: [BenchmarkMeasurement] = []
        for b in benchmarks {
            _ = try object(b, "a benchmark entry", line: json.line)
            let name = try optionalString(b, "fullname") ?? string(b, "name")
            guard let stats = b["stats"] else { throw fail(b.line, "benchmark \"\(name)\": missing \"stats\"") }
            _ = try object(stats, "\"stats\"", line: b.line)
            let m = try number(stats, "mean")
            let data = try numbers(stats, "data")
            out.append(try measurement(line: stats.line, benchmark: name, metric: "time", value: m, unit: "s", samples: data,
                                       iterations: try optionalInt(stats, "iterations")))
        }
        var md = RunMetadata()
        md.timestamp = try timestamp(json, "datetime")
        if let ci = json["commit_info"], ci.objectMembers != nil {
            if let id = try optionalString(ci, "id"), id != "unversioned" { md.commit = id }
            if let br = try optionalString(ci, "branch"), br != "(unknown)" { md.branch = br }
        }
        if let mi = json["machine_info"], mi.objectMembers != nil {
            md.machine = try optionalString(mi, "node")
            if let impl = try optionalString(mi, "python_implementation"), let v = try optionalString(mi, "python_version") {
                md.toolchain = "\(impl) \(v)"
            }
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }

    /// Bencher Metric Format: `{ benchmark: { measure: { value, lower_value?, upper_value? } } }`.
    /// Bencher's built-in measures map to Sextant metrics: `latency` (nanoseconds) to `time`,
    /// `throughput` (operations per second) to `throughput`, `file-size` (bytes) to `file_size`,
    /// `build-time` (seconds) to `build_time`; other measures keep their name, unit-less, lower is
    /// better. `lower_value <= value <= upper_value` is checked.
    func bencher(_ json: JSONValue) throws -> [ImportedRun] {
        let benchmarks = try object(json, "a Bencher Metric Format document", line: 1)
        var out: [BenchmarkMeasurement] = []
        for (name, measures) in benchmarks {
            for (measure, v) in try object(measures, "benchmark \"\(name)\"", line: json.line) {
                _ = try object(v, "measure \"\(measure)\" of \"\(name)\"", line: measures.line)
                let value = try number(v, "value")
                let lo = try optionalNumber(v, "lower_value"), hi = try optionalNumber(v, "upper_value")
                if let lo, lo > value { throw fail(v.line, "benchmark \"\(name)\" \(measure): lower_value \(lo) above value \(value)") }
                if let hi, hi < value { throw fail(v.line, "benchmark \"\(name)\" \(measure): upper_value \(hi) below value \(value)") }
                let (metric, unit): (String, String)
                switch measure {
                case "latency": (metric, unit) = ("time", "ns")
                case "throughput": (metric, unit) = ("throughput", "ops/s")
                case "file-size": (metric, unit) = ("file_size", "B")
                case "build-time": (metric, unit) = ("build_time", "s")
                default: (metric, unit) = (measure, "")
                }
                out.append(try measurement(line: v.line, benchmark: name, metric: metric, value: value, unit: unit))
            }
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }
}
