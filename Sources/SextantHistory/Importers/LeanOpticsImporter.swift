import Foundation

extension ImportContext {
    /// lean-optics `PerformanceMetrics` JSON: an array of metric objects, one such object, or an
    /// object holding the array under any key. One file is one run.
    ///
    /// Per object (benchmark = `testName`): `avgTimeMs` (with `samplesMs` as raw samples) becomes
    /// metric `time`, `totalTimeMs` metric `total_time`, `throughput` (ops/s) metric `throughput`,
    /// `memoryUsage` (bytes) metric `memory`, `controlSamplesMs` metric `control` (ms), `instructionSamples`
    /// metric `instructions` (count per iteration). `minTimeMs`/`maxTimeMs` are checked (min <= avg <= max)
    /// but not stored: with samples they are derivable, without them they carry no extra information
    /// a series uses. The run's commit, toolchain and timestamp come from `gitCommit`,
    /// `toolchain`/`leanVersion` and `timestamp` (ISO-8601 or epoch) of the first object.
    func leanOptics(_ json: JSONValue) throws -> [ImportedRun] {
        var items: [JSONValue]
        if let a = json.arrayValue {
            items = a
        } else if json["testName"] != nil || json["avgTimeMs"] != nil {
            items = [json]
        } else if let m = json.objectMembers, let arr = m.first(where: { $0.value.arrayValue != nil }) {
            items = arr.value.arrayValue!
        } else {
            throw fail(json.line ?? 1, "expected an array of PerformanceMetrics objects, found \(json.typeName)")
        }
        var metadata = RunMetadata()
        var measurements: [BenchmarkMeasurement] = []
        for (k, item) in items.enumerated() {
            guard item.objectMembers != nil else { throw fail(item.line, "PerformanceMetrics entry \(k + 1) must be an object, not \(item.typeName)") }
            let line = item.line
            let name = try string(item, "testName")
            let avg = try number(item, "avgTimeMs")
            let iterations = try optionalInt(item, "iterations")
            if let it = iterations, it == 0 { throw fail(line, "benchmark \"\(name)\": iterations must be positive") }
            let samples = try numbers(item, "samplesMs")
            if let lo = try optionalNumber(item, "minTimeMs"), let hi = try optionalNumber(item, "maxTimeMs") {
                guard lo <= hi, lo <= avg * (1 + 1e-9), avg <= hi * (1 + 1e-9) else {
                    throw fail(line, "benchmark \"\(name)\": minTimeMs <= avgTimeMs <= maxTimeMs does not hold (\(lo), \(avg), \(hi))")
                }
            }
            measurements.append(try measurement(line: line, benchmark: name, metric: "time", value: avg, unit: "ms",
                                                samples: samples, iterations: iterations))
            if let total = try optionalNumber(item, "totalTimeMs") {
                measurements.append(try measurement(line: line, benchmark: name, metric: "total_time", value: total, unit: "ms", iterations: iterations))
            }
            if let tp = try optionalNumber(item, "throughput") {
                measurements.append(try measurement(line: line, benchmark: name, metric: "throughput", value: tp, unit: "ops/s"))
            }
            if let mem = try optionalNumber(item, "memoryUsage") {
                measurements.append(try measurement(line: line, benchmark: name, metric: "memory", value: mem, unit: "B"))
            }
            // optics-bench's issue-14 fields: the interleaved harness-floor control (metric `control`,
            // a covariate of the gate's shared-factor model, never judged itself) and user-space
            // instructions per iteration (metric `instructions`, lower is better).
            if let control = try numbers(item, "controlSamplesMs"), !control.isEmpty {
                measurements.append(try measurement(line: line, benchmark: name, metric: "control",
                                                    value: mean(control), unit: "ms", samples: control))
            }
            if let counts = try numbers(item, "instructionSamples"), !counts.isEmpty {
                let value = try optionalNumber(item, "instructionsPerIteration") ?? mean(counts)
                measurements.append(try measurement(line: line, benchmark: name, metric: "instructions",
                                                    value: value, unit: "count", samples: counts, iterations: iterations,
                                                    direction: .lowerIsBetter))
            }
            if k == 0 {
                metadata.commit = try optionalString(item, "gitCommit")
                metadata.toolchain = try optionalString(item, "toolchain") ?? optionalString(item, "leanVersion")
                metadata.timestamp = try timestamp(item, "timestamp")
                metadata.machine = try optionalString(item, "machine")
                metadata.branch = try optionalString(item, "branch")
            }
        }
        return [ImportedRun(metadata: metadata, measurements: measurements)]
    }

    /// lean-optics `bench/Bench.lean` output: lines `<name> (<n> iterations): <ms>ms`, where `<ms>`
    /// is the elapsed time of all `n` iterations. Stored as metric `time` = ms / n per iteration
    /// and `total_time` = ms. Other lines (headers, blank lines) are skipped; a line that mentions
    /// `iterations):` but does not parse is an error.
    func leanBench(_ data: Data) throws -> [ImportedRun] {
        let text = String(decoding: data, as: UTF8.self)
        var measurements: [BenchmarkMeasurement] = []
        let pattern = try NSRegularExpression(pattern: #"^\s*(.+?)\s*\(\s*(\d+)\s+iterations?\s*\)\s*:\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(ns|us|μs|ms|s)\s*$"#)
        for (k, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            let ns = line as NSString
            guard let m = pattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else {
                if line.contains("iteration") && line.contains("):") {
                    throw fail(k + 1, "malformed benchmark line: \(line.prefix(80))")
                }
                continue
            }
            let name = ns.substring(with: m.range(at: 1))
            guard let n = Int(ns.substring(with: m.range(at: 2))), n > 0 else { throw fail(k + 1, "iterations must be a positive integer") }
            guard let total = Double(ns.substring(with: m.range(at: 3))) else { throw fail(k + 1, "invalid time") }
            let unit = ns.substring(with: m.range(at: 4))
            measurements.append(try measurement(line: k + 1, benchmark: name, metric: "time", value: total / Double(n), unit: unit, iterations: n))
            measurements.append(try measurement(line: k + 1, benchmark: name, metric: "total_time", value: total, unit: unit, iterations: n))
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: measurements)]
    }
}
