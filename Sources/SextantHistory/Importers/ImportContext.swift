import Foundation
import SextantText

/// Shared helpers of the importers: typed field access that fails with the file and line, unit
/// normalisation and plausibility checks.
struct ImportContext {
    let file: String
    /// What the importer left out and why; reported in the ingest summary line.
    let skips = SkipLog()

    func fail(_ line: Int?, _ message: String) -> HistoryError {
        .invalidInput(file: file, line: line, message: message)
    }

    /// Rejects binary content (NUL bytes) and invalid UTF-8, naming the line of the first bad byte.
    func checkText(_ data: Data) throws {
        let nul: (offset: Int, line: Int)? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let hit = memchr(base, 0, raw.count) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            return (offset, 1 + raw[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        }
        if let nul { throw fail(nul.line, "binary file (NUL byte at offset \(nul.offset)), not a benchmark result") }
        if let bad = UTF8Check.firstInvalid(data) {
            throw fail(bad.line, "invalid UTF-8 (\(bad.problem) at offset \(bad.offset))")
        }
    }

    /// Refuses a name or identifier that cannot be stored (``TextField``: NUL, non-characters, size).
    func checkField(_ text: String?, _ field: String, line: Int?, name: Bool = false) throws {
        guard let text else { return }
        if let problem = TextField.problem(text, field: field,
                                           maximumBytes: name ? TextField.maximumNameBytes : TextField.maximumFieldBytes) {
            throw fail(line, problem)
        }
    }

    /// Refuses run metadata whose fields cannot be stored.
    func checkMetadata(_ md: RunMetadata, line: Int?) throws {
        try checkField(md.commit, "commit", line: line)
        try checkField(md.branch, "branch", line: line)
        try checkField(md.machine, "machine", line: line)
        try checkField(md.toolchain, "toolchain", line: line)
    }

    func json(_ data: Data, stripJSPrefix: Bool = false) throws -> JSONValue {
        guard stripJSPrefix else { return try JSONParser.parse(data, file: file) }
        // github-action-benchmark: `window.BENCHMARK_DATA = {...}` (or plain JSON).
        guard let eq = data.prefix(4096).firstIndex(of: UInt8(ascii: "=")),
              String(decoding: data[data.startIndex..<eq], as: UTF8.self).contains("BENCHMARK_DATA") else {
            return try JSONParser.parse(data, file: file)
        }
        let before = data[data.startIndex..<eq].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return try JSONParser.parse(Data(data[(eq + 1)...]), file: file, firstLine: 1 + before)
    }

    // MARK: typed access

    func object(_ v: JSONValue, _ what: String, line: Int?) throws -> [(key: String, value: JSONValue)] {
        guard let m = v.objectMembers else { throw fail(v.line ?? line, "\(what) must be an object, not \(v.typeName)") }
        return m
    }

    func array(_ v: JSONValue?, _ what: String, line: Int?) throws -> [JSONValue] {
        guard let v else { throw fail(line, "missing \(what)") }
        guard let a = v.arrayValue else { throw fail(line, "\(what) must be an array, not \(v.typeName)") }
        return a
    }

    func string(_ obj: JSONValue, _ key: String) throws -> String {
        guard let v = obj[key] else { throw fail(obj.line, "missing \"\(key)\"") }
        guard let s = v.stringValue else { throw fail(obj.line, "\"\(key)\" must be a string, not \(v.typeName)") }
        return s
    }

    func optionalString(_ obj: JSONValue, _ key: String) throws -> String? {
        guard let v = obj[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw fail(obj.line, "\"\(key)\" must be a string, not \(v.typeName)") }
        return s
    }

    func number(_ obj: JSONValue, _ key: String) throws -> Double {
        guard let v = obj[key] else { throw fail(obj.line, "missing \"\(key)\"") }
        guard let d = v.numberValue else { throw fail(obj.line, "\"\(key)\" must be a number, not \(v.typeName)") }
        return d
    }

    func optionalNumber(_ obj: JSONValue, _ key: String) throws -> Double? {
        guard let v = obj[key], !v.isNull else { return nil }
        guard let d = v.numberValue else { throw fail(obj.line, "\"\(key)\" must be a number, not \(v.typeName)") }
        return d
    }

    func optionalInt(_ obj: JSONValue, _ key: String) throws -> Int? {
        guard let d = try optionalNumber(obj, key) else { return nil }
        guard d >= 0, d <= 1e15, let n = CheckedInteger.exact(d) else { throw fail(obj.line, "\"\(key)\" must be a non-negative integer, not \(d)") }
        return n
    }

    func numbers(_ obj: JSONValue, _ key: String) throws -> [Double]? {
        guard let v = obj[key], !v.isNull else { return nil }
        guard let a = v.arrayValue else { throw fail(obj.line, "\"\(key)\" must be an array of numbers, not \(v.typeName)") }
        return try a.map { x in
            guard let d = x.numberValue else { throw fail(obj.line, "\"\(key)\" must hold only numbers, found \(x.typeName)") }
            return d
        }
    }

    func timestamp(_ obj: JSONValue, _ key: String) throws -> Date? {
        guard let v = obj[key], !v.isNull else { return nil }
        if let d = v.numberValue {
            guard let date = Timestamps.epoch(d) else { throw fail(obj.line, "\"\(key)\": \(Timestamps.invalid("\(d)"))") }
            return date
        }
        guard let s = v.stringValue else { throw fail(obj.line, "\"\(key)\" must be a timestamp, not \(v.typeName)") }
        guard let d = Timestamps.parse(s) else { throw fail(obj.line, "\"\(key)\": \(Timestamps.invalid(s))") }
        return d
    }

    // MARK: measurements

    /// A measurement with `value` and `samples` in `rawUnit`, normalised and checked.
    func measurement(line: Int?, benchmark: String, metric: String, value: Double, unit rawUnit: String,
                     samples: [Double]? = nil, iterations: Int? = nil, direction: Direction? = nil,
                     kind forcedKind: Units.Kind? = nil) throws -> BenchmarkMeasurement {
        guard !benchmark.isEmpty else { throw fail(line, "empty benchmark name") }
        try checkField(benchmark, "benchmark name", line: line, name: true)
        try checkField(metric, "metric", line: line)
        try checkField(rawUnit, "unit", line: line)
        if let samples, samples.count > Units.maximumSamples {
            throw fail(line, "benchmark \"\(benchmark.prefix(80))\" has \(samples.count) samples, more than the limit of \(Units.maximumSamples)")
        }
        var norm = Units.normalise(rawUnit)
        if let forcedKind, norm.kind == .other || norm.kind == .count { norm.kind = forcedKind }
        // A zero measurement is stored as +0: the sign of zero carries nothing and would print "-0".
        let v = value * norm.factor + 0.0
        if let problem = Units.problem(value: v, kind: norm.kind) {
            throw fail(line, "benchmark \"\(benchmark)\" \(metric): \(problem)")
        }
        let s = samples?.map { $0 * norm.factor + 0.0 }
        if let s {
            for x in s {
                if let problem = Units.problem(value: x, kind: norm.kind) {
                    throw fail(line, "benchmark \"\(benchmark)\" \(metric) sample: \(problem)")
                }
            }
        }
        return BenchmarkMeasurement(benchmark: benchmark, metric: metric, unit: norm.unit,
                           direction: direction ?? Units.direction(of: norm.kind), value: v,
                           samples: (s?.isEmpty ?? true) ? nil : s, iterations: iterations)
    }
}

func mean(_ xs: [Double]) -> Double {
    xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
}

/// Counts what an importer skips (failed results, non-benchmark records), by reason, in first-seen order.
final class SkipLog {
    private(set) var entries: [(reason: String, count: Int)] = []

    func add(_ reason: String, _ n: Int = 1) {
        guard n > 0 else { return }
        if let k = entries.firstIndex(where: { $0.reason == reason }) { entries[k].count += n } else { entries.append((reason, n)) }
    }

    /// `3 failed (null) results, 1 benchmark without statistics`.
    var summary: String { entries.map { "\($0.count) \($0.reason)" }.joined(separator: ", ") }
}
