import Foundation

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
        try data.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            var line = 1
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if c == 0x0A { line += 1 } else if c == 0 { throw fail(line, "binary content (NUL byte at offset \(i))") }
                    i += 1
                    continue
                }
                let len: Int
                let minScalar: UInt32
                var scalar: UInt32
                if c & 0xE0 == 0xC0 { len = 2; scalar = UInt32(c & 0x1F); minScalar = 0x80 }
                else if c & 0xF0 == 0xE0 { len = 3; scalar = UInt32(c & 0x0F); minScalar = 0x800 }
                else if c & 0xF8 == 0xF0 { len = 4; scalar = UInt32(c & 0x07); minScalar = 0x10000 }
                else { throw fail(line, "invalid UTF-8 (byte 0x\(String(c, radix: 16, uppercase: true)) at offset \(i))") }
                guard i + len <= n else { throw fail(line, "invalid UTF-8 (truncated sequence at offset \(i))") }
                for k in 1..<len {
                    let cc = b[i + k]
                    guard cc & 0xC0 == 0x80 else { throw fail(line, "invalid UTF-8 (bad continuation byte at offset \(i + k))") }
                    scalar = scalar << 6 | UInt32(cc & 0x3F)
                }
                if scalar < minScalar || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                    throw fail(line, "invalid UTF-8 (bad sequence at offset \(i))")
                }
                i += len
            }
        }
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
        guard d >= 0, d <= 1e15, d == d.rounded() else { throw fail(obj.line, "\"\(key)\" must be a non-negative integer, not \(d)") }
        return Int(d)
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
        if let d = v.numberValue { return Timestamps.epoch(d) }
        guard let s = v.stringValue else { throw fail(obj.line, "\"\(key)\" must be a timestamp, not \(v.typeName)") }
        guard let d = Timestamps.parse(s) else { throw fail(obj.line, "\"\(key)\" is not an ISO-8601 timestamp: \(s)") }
        return d
    }

    // MARK: measurements

    /// A measurement with `value` and `samples` in `rawUnit`, normalised and checked.
    func measurement(line: Int?, benchmark: String, metric: String, value: Double, unit rawUnit: String,
                     samples: [Double]? = nil, iterations: Int? = nil, direction: Direction? = nil,
                     kind forcedKind: Units.Kind? = nil) throws -> BenchmarkMeasurement {
        guard !benchmark.isEmpty else { throw fail(line, "empty benchmark name") }
        var norm = Units.normalise(rawUnit)
        if let forcedKind, norm.kind == .other || norm.kind == .count { norm.kind = forcedKind }
        let v = value * norm.factor
        if let problem = Units.problem(value: v, kind: norm.kind) {
            throw fail(line, "benchmark \"\(benchmark)\" \(metric): \(problem)")
        }
        let s = samples?.map { $0 * norm.factor }
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
