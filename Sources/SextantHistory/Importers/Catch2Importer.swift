import Foundation
import SextantText

/// A minimal well-formedness-checking XML element scanner: start tags with their attributes, end
/// tags, comments, processing instructions, CDATA and text. Enough for test reporters' XML (no
/// DTDs, no namespaces); mismatched or unclosed elements, unterminated constructs and unknown
/// entities are errors with the line.
///
/// - Complexity: O(n) in the document length.
struct XMLScanner {
    enum Event { case start(name: String, attributes: [String: String], line: Int, selfClosing: Bool), end(name: String) }
    struct Failure: Error { var line: Int; var message: String }

    private let b: [UInt8]
    private var i = 0
    private(set) var line = 1
    private var stack: [String] = []

    init(_ data: Data) { b = [UInt8](data) }

    private func fail(_ m: String) -> Failure { Failure(line: line, message: m) }

    private mutating func advance(_ n: Int = 1) {
        for _ in 0..<n where i < b.count { if b[i] == 0x0A { line += 1 }; i += 1 }
    }

    private func starts(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return i + u.count <= b.count && Array(b[i..<(i + u.count)]) == u
    }

    private mutating func skip(past terminator: String, what: String) throws {
        while i < b.count { if starts(terminator) { advance(terminator.utf8.count); return }; advance() }
        throw fail("unterminated \(what)")
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x3A || c >= 0x80
    }

    private mutating func name() throws -> String {
        let s = i
        while i < b.count, Self.isNameByte(b[i]) { i += 1 }
        guard i > s else { throw fail("expected a name at offset \(s)") }
        return String(decoding: b[s..<i], as: UTF8.self)
    }

    private mutating func spaces() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { advance() } }

    private func decode(_ raw: ArraySlice<UInt8>) throws -> String {
        let s = String(decoding: raw, as: UTF8.self)
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { throw fail("unterminated entity") }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: UInt32? = nil
                if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16) } else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()) }
                guard let v = scalar, let u = Unicode.Scalar(v) else { throw fail("unknown entity &\(entity.prefix(20));") }
                out.unicodeScalars.append(u)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// The next element event, nil at the end of a well-formed document.
    mutating func next() throws -> Event? {
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else { advance(); continue }
            if starts("<?") { try skip(past: "?>", what: "processing instruction"); continue }
            if starts("<!--") { try skip(past: "-->", what: "comment"); continue }
            if starts("<![CDATA[") { try skip(past: "]]>", what: "CDATA section"); continue }
            if starts("<!") { try skip(past: ">", what: "declaration"); continue }
            if starts("</") {
                advance(2)
                let n = try name()
                spaces()
                guard i < b.count, b[i] == UInt8(ascii: ">") else { throw fail("unterminated end tag </\(n)") }
                advance()
                guard let top = stack.popLast() else { throw fail("end tag </\(n)> without a start tag") }
                guard top == n else { throw fail("end tag </\(n)> closes <\(top)>") }
                return .end(name: n)
            }
            let startLine = line
            advance()
            let n = try name()
            var attributes: [String: String] = [:]
            while true {
                spaces()
                guard i < b.count else { throw fail("unterminated start tag <\(n)") }
                if b[i] == UInt8(ascii: ">") { advance(); stack.append(n); return .start(name: n, attributes: attributes, line: startLine, selfClosing: false) }
                if starts("/>") { advance(2); return .start(name: n, attributes: attributes, line: startLine, selfClosing: true) }
                let key = try name()
                spaces()
                guard i < b.count, b[i] == UInt8(ascii: "=") else { throw fail("attribute \(key) of <\(n)> without a value") }
                advance()
                spaces()
                guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else { throw fail("attribute \(key) of <\(n)>: value must be quoted") }
                let quote = b[i]
                advance()
                let s = i
                while i < b.count, b[i] != quote { if b[i] == UInt8(ascii: "<") { throw fail("'<' in attribute \(key) of <\(n)>") }; advance() }
                guard i < b.count else { throw fail("unterminated attribute \(key) of <\(n)>") }
                guard attributes[key] == nil else { throw fail("attribute \(key) repeated in <\(n)>") }
                attributes[key] = try decode(b[s..<i])
                advance()
            }
        }
        if let open = stack.last { throw fail("end of file inside <\(open)> (truncated XML)") }
        return nil
    }
}

extension ImportContext {
    /// Catch2's XML reporter (`-r xml`, Catch2 v2 `<Catch>` and v3 `<Catch2TestRun>`) with
    /// `BENCHMARK` results: every `<BenchmarkResults name samples iterations ...>` with its
    /// `<mean value lowerBound upperBound>` and `<standardDeviation value>` children (all in
    /// nanoseconds, as the reporter's comment says). The benchmark is `<test case>/<section>.../<name>`;
    /// metric `time` = the mean (lower is better), iterations = `iterations` (per sample), metric
    /// `time_stddev` = the standard deviation. The mean must lie within its bounds. Catch2's XML holds
    /// no raw samples (only their count, `samples`).
    func catch2(_ data: Data) throws -> [ImportedRun] {
        var scanner = XMLScanner(data)
        var path: [String] = []
        var out: [BenchmarkMeasurement] = []
        var current: (name: String, line: Int, iterations: Int?, mean: Double?, stddev: Double?)? = nil
        func attribute(_ a: [String: String], _ key: String, _ element: String, _ line: Int) throws -> Double {
            guard let s = a[key] else { throw fail(line, "<\(element)> without \(key)") }
            guard let d = DecimalText.double(s), d.isFinite else { throw fail(line, "<\(element)> \(key)=\"\(s.prefix(40))\" is not a number") }
            return d
        }
        do {
            while let event = try scanner.next() {
                switch event {
                case let .start(name, a, line, selfClosing):
                    switch name {
                    case "TestCase", "Section":
                        if !selfClosing { path.append(a["name"] ?? "") }
                    case "BenchmarkResults":
                        guard let n = a["name"], !n.isEmpty else { throw fail(line, "<BenchmarkResults> without a name") }
                        var iterations: Int? = nil
                        if let s = a["iterations"] {
                            guard let k = Int(s), k >= 1 else { throw fail(line, "<BenchmarkResults> iterations=\"\(s.prefix(40))\" is not a positive integer") }
                            iterations = k
                        }
                        current = ((path + [n]).joined(separator: "/"), line, iterations, nil, nil)
                        if selfClosing { throw fail(line, "<BenchmarkResults name=\"\(n)\"/> without a mean") }
                    case "mean" where current != nil:
                        let v = try attribute(a, "value", name, line)
                        if let lo = a["lowerBound"].flatMap(Double.init), let hi = a["upperBound"].flatMap(Double.init), !(lo <= v && v <= hi) {
                            throw fail(line, "benchmark \"\(current!.name)\": mean \(v) outside its bounds [\(lo), \(hi)]")
                        }
                        current!.mean = v
                    case "standardDeviation" where current != nil:
                        current!.stddev = try attribute(a, "value", name, line)
                    default: break
                    }
                case let .end(name):
                    switch name {
                    case "TestCase", "Section": _ = path.popLast()
                    case "BenchmarkResults":
                        guard let c = current else { break }
                        guard let m = c.mean else { throw fail(c.line, "benchmark \"\(c.name)\" without <mean>") }
                        out.append(try measurement(line: c.line, benchmark: c.name, metric: "time", value: m, unit: "ns",
                                                   iterations: c.iterations, direction: .lowerIsBetter))
                        if let sd = c.stddev {
                            out.append(try measurement(line: c.line, benchmark: c.name, metric: "time_stddev", value: sd, unit: "ns",
                                                       direction: .lowerIsBetter))
                        }
                        current = nil
                    default: break
                    }
                }
            }
        } catch let f as XMLScanner.Failure {
            throw fail(f.line, f.message)
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }
}
