import Foundation
import SextantText

extension ImportContext {
    /// package-benchmark (ordo-one) files.
    ///
    /// - A baseline `results.json` (`{"results": [key, [result...], ...], "machine": {...}}`): every
    ///   result's HDR histogram is decoded into raw samples (each recorded value at the midpoint of its
    ///   bucket, the histogram's resolution being 3 significant digits); the summary value is their mean.
    ///   Time metrics (`wallClock`, `cpuTotal`, `cpuUser`, `cpuSystem`) are recorded in nanoseconds;
    ///   `throughput` per second; memory metrics in bytes; the rest are counts. Direction from
    ///   `prefersLarger`. Machine from `machine.hostname`.
    /// - Its JSON exports (`jsonSmallerIsBetter`, `jsonBiggerIsBetter`, the github-action-benchmark
    ///   custom format): `[{name: "<bench> - <Metric (detail)>", unit, value}]`, where `value` is the
    ///   export's percentile (p99 by default). Throughput (unit `#`, `K`, `M` with `# / s` in the name)
    ///   is higher-is-better; everything else lower.
    func packageBenchmark(_ json: JSONValue) throws -> [ImportedRun] {
        if let items = json.arrayValue { return try customJSON(items) }
        let results = try array(json["results"], "\"results\"", line: json.line)
        guard results.count % 2 == 0 else { throw fail(json.line, "\"results\" must alternate benchmark keys and result arrays") }
        var out: [BenchmarkMeasurement] = []
        for k in stride(from: 0, to: results.count, by: 2) {
            let key = results[k]
            _ = try object(key, "a benchmark key", line: json.line)
            let name = try string(key, "name")
            for r in try array(results[k + 1], "results of \"\(name)\"", line: key.line) {
                _ = try object(r, "a benchmark result", line: key.line)
                guard let metricObj = r["metric"]?.objectMembers, let rawMetric = metricObj.first?.key else {
                    throw fail(r.line, "benchmark \"\(name)\": missing \"metric\"")
                }
                guard let stats = r["statistics"], let hist = stats["histogram"] else {
                    throw fail(r.line, "benchmark \"\(name)\": missing \"statistics.histogram\"")
                }
                let samples = try decodeHDR(hist, name: name)
                guard !samples.isEmpty else { continue }
                let prefersLarger = stats["prefersLarger"] == .bool(true)
                let (metric, unit) = packageMetric(rawMetric)
                out.append(try measurement(line: r.line, benchmark: name, metric: metric, value: mean(samples), unit: unit,
                                           samples: samples, direction: prefersLarger ? .higherIsBetter : .lowerIsBetter))
            }
        }
        var md = RunMetadata()
        if let machine = json["machine"], machine.objectMembers != nil { md.machine = try optionalString(machine, "hostname") }
        return [ImportedRun(metadata: md, measurements: out)]
    }

    func packageMetric(_ raw: String) -> (String, String) {
        switch raw {
        case "wallClock": return ("time", "ns")
        case "cpuTotal": return ("cpu_time", "ns")
        case "cpuUser": return ("cpu_user", "ns")
        case "cpuSystem": return ("cpu_system", "ns")
        case "throughput": return ("throughput", "1/s")
        case "peakMemoryResident": return ("memory", "B")
        case "peakMemoryResidentDelta", "peakMemoryVirtual", "memoryLeaked", "allocatedResidentMemory":
            return (snakeCase(raw), "B")
        default: return (snakeCase(raw), "count")
        }
    }

    /// `wallClock` -> `wall_clock`, `Time (total CPU)` -> `time_total_cpu`.
    func snakeCase(_ s: String) -> String {
        var out = ""
        var previous: Character? = nil
        for c in s {
            if c.isUppercase {
                if let p = previous, p.isLowercase || p.isNumber { out.append("_") }
                out.append(Character(c.lowercased()))
            } else if c.isLetter || c.isNumber {
                out.append(c)
            } else if !out.hasSuffix("_") && !out.isEmpty {
                out.append("_")
            }
            previous = c
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "value" : out
    }

    /// package-benchmark's display names of its metrics (as in its JSON exports) to the metric
    /// names used for `results.json`, so both files of one benchmark land in the same series.
    static let packageDisplayNames: [String: String] = [
        "Time (wall clock)": "time", "Time (total CPU)": "cpu_time", "Time (user CPU)": "cpu_user",
        "Time (system CPU)": "cpu_system", "Throughput (# / s)": "throughput", "Malloc (total)": "malloc_count_total",
        "Memory (resident peak)": "memory",
    ]

    /// Decodes an HdrHistogram's dense `counts` array (Gil Tene's layout: bucket `b`, sub-bucket `s`
    /// at index `(b + 1) << m + (s - 2^m)` for `m = subBucketHalfCountMagnitude`) into values.
    /// - Complexity: O(c + n) for c counts and n recorded values (capped at 10^6).
    func decodeHDR(_ hist: JSONValue, name: String) throws -> [Double] {
        let counts = try numbers(hist, "counts") ?? []
        // Checked: a magnitude of 2^63 or more (or a fraction) is a layout error, never a trap.
        let rawM = try number(hist, "subBucketHalfCountMagnitude")
        let rawUnit = try optionalNumber(hist, "unitMagnitude") ?? 0
        guard let m = CheckedInteger.exact(rawM), let unitMagnitude = CheckedInteger.exact(rawUnit),
              (0...30).contains(m), (0...40).contains(unitMagnitude) else {
            throw fail(hist.line, "benchmark \"\(name)\": invalid histogram layout (subBucketHalfCountMagnitude \(rawM) must be a whole number in 0...30, unitMagnitude \(rawUnit) in 0...40)")
        }
        let half = 1 << m
        var samples: [Double] = []
        var total = 0.0
        for c in counts {
            guard c >= 0 else { throw fail(hist.line, "benchmark \"\(name)\": histogram count \(c) is negative") }
            guard c == c.rounded() else { throw fail(hist.line, "benchmark \"\(name)\": histogram count \(c) is not a whole number") }
            total += c
        }
        guard total <= 1e6 else { throw fail(hist.line, "benchmark \"\(name)\": histogram holds \(total) values, more than 10^6") }
        samples.reserveCapacity(Int(total))
        for (idx, c) in counts.enumerated() where c > 0 {
            var bucket = (idx >> m) - 1
            var sub = (idx & (half - 1)) + half
            if bucket < 0 { sub -= half; bucket = 0 }
            let shift = bucket + unitMagnitude
            guard shift < 60 else { throw fail(hist.line, "benchmark \"\(name)\": histogram index out of range") }
            let low = Double(sub) * Double(1 << shift)
            let width = Double(1 << shift)
            let mid = width > 1 ? low + (width / 2).rounded(.down) : low
            for _ in 0..<Int(c) { samples.append(mid) }
        }
        return samples
    }

    /// `[{name, unit, value, extra?, range?}]`: github-action-benchmark's custom format and
    /// package-benchmark's JSON exports.
    func customJSON(_ items: [JSONValue]) throws -> [ImportedRun] {
        var out: [BenchmarkMeasurement] = []
        for item in items {
            _ = try object(item, "an entry", line: nil)
            let full = try string(item, "name")
            let value = try number(item, "value")
            let unit = try string(item, "unit")
            var benchmark = full, metric = "value"
            if let r = full.range(of: " - ", options: .backwards) {
                benchmark = String(full[..<r.lowerBound])
                let display = String(full[r.upperBound...])
                metric = ImportContext.packageDisplayNames[display]
                    ?? snakeCase(display.replacingOccurrences(of: "# / s", with: "").replacingOccurrences(of: "#/s", with: ""))
            }
            let isRate = full.lowercased().contains("throughput") || full.contains("/ s") || full.contains("/s)")
            if isRate {
                let scale = ["K": "1e3", "M": "1e6", "G": "1e9"][unit] ?? "1"
                out.append(try measurement(line: item.line, benchmark: benchmark, metric: metric,
                                           value: value * Double(scale)!, unit: "1/s", direction: .higherIsBetter))
            } else {
                out.append(try measurement(line: item.line, benchmark: benchmark, metric: metric, value: value, unit: unit))
            }
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }

    /// criterion.rs output files, named from the file's place in `target/criterion/<id...>/new/`
    /// (or `base/`), or from a sibling `benchmark.json`'s `full_id`.
    ///
    /// - `estimates.json`: metric `time` (nanoseconds) is the `slope` point estimate when criterion
    ///   measured with linear sampling, else the `mean` (the figure criterion reports as "time");
    ///   a sibling `sample.json` supplies raw samples.
    /// - `sample.json`: `times[i] / iters[i]` (nanoseconds per iteration) are the samples, their mean
    ///   the value.
    func criterion(_ json: JSONValue) throws -> [ImportedRun] {
        let url = URL(fileURLWithPath: file)
        let dir = url.deletingLastPathComponent()
        let name = criterionName(dir)
        if json["iters"] != nil || json["times"] != nil {
            let s = try criterionSamples(json)
            return [ImportedRun(metadata: RunMetadata(), measurements: [
                try measurement(line: json.line, benchmark: name, metric: "time", value: mean(s), unit: "ns", samples: s),
            ])]
        }
        var estimate: JSONValue? = json["slope"]
        if estimate?.isNull ?? true { estimate = json["mean"] }
        guard let e = estimate, e.objectMembers != nil else { throw fail(json.line, "missing \"mean\" estimate") }
        let point = try number(e, "point_estimate")
        if let ci = e["confidence_interval"], ci.objectMembers != nil {
            let lo = try number(ci, "lower_bound"), hi = try number(ci, "upper_bound")
            guard lo <= point, point <= hi else { throw fail(ci.line, "confidence interval [\(lo), \(hi)] does not contain the estimate \(point)") }
        }
        var raw: [Double]? = nil
        let sibling = dir.appendingPathComponent("sample.json")
        if let data = try? Data(contentsOf: sibling) {
            let s = try ImportContext(file: sibling.path).json(data)
            raw = try ImportContext(file: sibling.path).criterionSamples(s)
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: [
            try measurement(line: e.line, benchmark: name, metric: "time", value: point, unit: "ns", samples: raw),
        ])]
    }

    func criterionSamples(_ s: JSONValue) throws -> [Double] {
        let iters = try numbers(s, "iters") ?? []
        let times = try numbers(s, "times") ?? []
        guard iters.count == times.count, !iters.isEmpty else { throw fail(s.line, "\"iters\" and \"times\" must be non-empty arrays of one length") }
        return try zip(iters, times).map { i, t in
            guard i > 0 else { throw fail(s.line, "\"iters\" must be positive") }
            return t / i
        }
    }

    func criterionName(_ dir: URL) -> String {
        if let data = try? Data(contentsOf: dir.appendingPathComponent("benchmark.json")),
           let b = try? JSONParser.parse(data, file: ""), let id = b["full_id"]?.stringValue {
            return id
        }
        var parts = dir.standardizedFileURL.pathComponents
        if let last = parts.last, last == "new" || last == "base" || last == "change" { parts.removeLast() }
        if let root = parts.lastIndex(of: "criterion"), root + 1 < parts.count {
            return parts[(root + 1)...].joined(separator: "/")
        }
        return parts.last ?? "benchmark"
    }

    /// github-action-benchmark `data.js`: `window.BENCHMARK_DATA = {"entries": {suite: [entry...]}}`.
    /// Every entry is one run (commit id, timestamp `date`, the commit's own timestamp as fallback),
    /// every bench of it a measurement named `<suite>/<bench name>` with metric `time` for time units
    /// (`ns/iter`, `sec`, ...), `throughput` for rates (`ops/sec`, `iter/sec`), `memory` for bytes,
    /// else `value`. Direction follows the unit, or the tool when it is `customBiggerIsBetter` /
    /// `customSmallerIsBetter`.
    func githubActionBenchmark(_ json: JSONValue) throws -> [ImportedRun] {
        guard let entries = json["entries"] else { throw fail(json.line, "missing \"entries\"") }
        var runs: [ImportedRun] = []
        for (suite, list) in try object(entries, "\"entries\"", line: json.line) {
            for entry in try array(list, "suite \"\(suite)\"", line: entries.line) {
                _ = try object(entry, "an entry of \"\(suite)\"", line: entries.line)
                var md = RunMetadata()
                if let commit = entry["commit"], commit.objectMembers != nil {
                    md.commit = try optionalString(commit, "id")
                    md.timestamp = try timestamp(commit, "timestamp")
                }
                if let d = try optionalNumber(entry, "date") {
                    guard let date = Timestamps.epoch(d) else { throw fail(entry.line, "\"date\": \(Timestamps.invalid("\(d)"))") }
                    md.timestamp = date
                }
                var out: [BenchmarkMeasurement] = []
                for b in try array(entry["benches"], "\"benches\"", line: entry.line) {
                    _ = try object(b, "a bench", line: entry.line)
                    let name = try string(b, "name")
                    let value = try number(b, "value")
                    let unit = try optionalString(b, "unit") ?? ""
                    let kind = Units.normalise(unit).kind
                    let metric: String
                    switch kind {
                    case .time: metric = "time"
                    case .rate: metric = "throughput"
                    case .memory: metric = "memory"
                    default: metric = "value"
                    }
                    let tool = try optionalString(entry, "tool")
                    let direction: Direction? = tool == "customBiggerIsBetter" ? .higherIsBetter : (tool == "customSmallerIsBetter" ? .lowerIsBetter : nil)
                    out.append(try measurement(line: b.line, benchmark: "\(suite)/\(name)", metric: metric, value: value, unit: unit, direction: direction))
                }
                runs.append(ImportedRun(metadata: md, measurements: out))
            }
        }
        return runs
    }
}
