import Foundation
import SextantText

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
    /// Lines come from SextantText's ``DelimitedReader`` (`.lines`) and are matched on bytes; the time
    /// is converted by ``DecimalText``.
    func leanBench(_ data: Data) throws -> [ImportedRun] {
        var measurements: [BenchmarkMeasurement] = []
        do {
            try data.withUnsafeBytes { raw in
                let reader = DelimitedReader(bytes: raw.bindMemory(to: UInt8.self), format: .lines)
                while try reader.next() {
                    let k = reader.recordLine
                    let parsed = reader.withField(0) { LeanBenchLine($0) }
                    guard let p = parsed else {
                        let line = reader.lossyString(0)
                        if line.contains("iteration") && line.contains("):") {
                            throw fail(k, "malformed benchmark line: \(line.prefix(80))")
                        }
                        continue
                    }
                    guard let n = Int(p.iterations), n > 0 else { throw fail(k, "iterations must be a positive integer") }
                    measurements.append(try measurement(line: k, benchmark: p.name, metric: "time", value: p.total / Double(n), unit: p.unit, iterations: n))
                    measurements.append(try measurement(line: k, benchmark: p.name, metric: "total_time", value: p.total, unit: p.unit, iterations: n))
                }
            }
        } catch let e as DelimitedError {
            throw fail(e.line, e.message)
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: measurements)]
    }
}

/// One `<name> (<n> iterations): <time><unit>` line of lean-optics' bench output (blanks allowed
/// around each part; `iteration` singular too; unit ns, us, μs, ms or s). The name is everything
/// before the first `(` from which the rest of the line matches.
struct LeanBenchLine {
    var name: String
    var iterations: String
    var total: Double
    var unit: String

    init?(_ b: UnsafeBufferPointer<UInt8>) {
        var lo = 0, hi = b.count
        func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }
        while lo < hi, blank(b[lo]) { lo += 1 }
        while hi > lo, blank(b[hi - 1]) { hi -= 1 }
        var open = lo + 1  // the name has at least one byte
        while open < hi {
            if b[open] == UInt8(ascii: "("), let rest = Self.rest(b, open + 1, hi) {
                var nameEnd = open
                while nameEnd > lo, blank(b[nameEnd - 1]) { nameEnd -= 1 }
                guard nameEnd > lo else { return nil }
                name = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<nameEnd]), as: UTF8.self)
                (iterations, total, unit) = rest
                return
            }
            open += 1
        }
        return nil
    }

    /// `\s*(\d+)\s+iterations?\s*\)\s*:\s*NUMBER\s*UNIT` from `i` to exactly `end`.
    static func rest(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (String, Double, String)? {
        var i = start
        func skipBlanks() { while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
        func literal(_ s: String) -> Bool {
            let u = Array(s.utf8)
            guard end - i >= u.count else { return false }
            for k in u.indices where b[i + k] != u[k] { return false }
            i += u.count
            return true
        }
        skipBlanks()
        let digitsStart = i
        while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        guard i > digitsStart else { return nil }
        let count = String(decoding: UnsafeBufferPointer(rebasing: b[digitsStart..<i]), as: UTF8.self)
        let beforeBlank = i
        skipBlanks()
        guard i > beforeBlank, literal("iteration") else { return nil }
        _ = literal("s")
        skipBlanks()
        guard literal(")") else { return nil }
        skipBlanks()
        guard literal(":") else { return nil }
        skipBlanks()
        let numberStart = i
        while i < end, b[i] >= 0x30 && b[i] <= 0x39 || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-")
            || b[i] == UInt8(ascii: "+") || b[i] | 0x20 == UInt8(ascii: "e") { i += 1 }
        guard i > numberStart,
              let total = DecimalText.double(UnsafeBufferPointer(rebasing: b[numberStart..<i])), total.isFinite
        else { return nil }
        skipBlanks()
        for unit in ["ns", "us", "μs", "ms", "s"] {
            let save = i
            if literal(unit), i == end { return (count, total, unit) }
            i = save
        }
        return nil
    }
}
