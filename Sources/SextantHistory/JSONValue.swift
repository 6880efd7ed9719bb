import Foundation
import SextantText

/// A parsed JSON value. Objects keep their key order; duplicate keys are rejected by the parser.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)], line: Int)

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x, _), .object(y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .number(d): hasher.combine(d)
        case let .string(s): hasher.combine(s)
        case let .array(a): hasher.combine(a)
        case let .object(o, _): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(members, _) = self {
            for m in members where m.key == key { return m.value }
        }
        return nil
    }

    var objectMembers: [(key: String, value: JSONValue)]? {
        if case let .object(m, _) = self { return m }
        return nil
    }
    var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    var numberValue: Double? { if case let .number(d) = self { return d }; return nil }
    var isNull: Bool { if case .null = self { return true }; return false }
    /// The source line where an object starts (1-based), for error messages.
    var line: Int? { if case let .object(_, line) = self { return line }; return nil }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes that reports the line of every problem.
///
/// Stricter than `JSONSerialization` where benchmark data needs it: duplicate keys in one object,
/// `NaN`/`Infinity` literals, numbers that overflow a Double, invalid UTF-8 and trailing garbage are
/// all errors. Nesting is limited to 512 levels so hostile input cannot overflow the stack.
/// - Complexity: O(n) in the input size.
struct JSONParser {
    struct Failure: Error { var line: Int; var message: String }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var line = 1
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses a whole document (one value, optionally followed by `;`, as in a `data.js`).
    static func parse(_ data: Data, file: String, firstLine: Int = 1) throws -> JSONValue {
        do {
            return try data.withUnsafeBytes { raw -> JSONValue in
                var p = JSONParser(raw.bindMemory(to: UInt8.self))
                p.line = firstLine
                p.skipWhitespace()
                if p.i == 0, p.bytes.count >= 3, p.bytes[0] == 0xEF, p.bytes[1] == 0xBB, p.bytes[2] == 0xBF { p.i = 3 }
                p.skipWhitespace()
                if p.i >= p.bytes.count { throw Failure(line: p.line, message: "empty JSON document") }
                let v = try p.value()
                p.skipWhitespace()
                if p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: ";") { p.i += 1; p.skipWhitespace() }
                if p.i < p.bytes.count { throw Failure(line: p.line, message: "unexpected text after the JSON value") }
                return v
            }
        } catch let f as Failure {
            throw HistoryError.invalidInput(file: file, line: f.line, message: f.message)
        }
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A { line += 1; i += 1 } else if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 } else { break }
        }
    }

    private func fail(_ message: String) -> Failure { Failure(line: line, message: message) }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw fail("truncated JSON: unexpected end of file") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "N"): throw fail("NaN is not a valid JSON number")
        case UInt8(ascii: "I"): throw fail("Infinity is not a valid JSON number")
        default:
            throw fail("unexpected character '\(printable(bytes[i]))' in JSON")
        }
    }

    private func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : String(format: "\\x%02X", b)
    }

    private mutating func literal(_ word: String) throws {
        var k = 0
        for c in word.utf8 {
            guard i + k < bytes.count, bytes[i + k] == c else { throw fail("invalid literal, expected \(word)") }
            k += 1
        }
        i += k
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 512 { throw fail("JSON nested deeper than 512 levels") }
    }

    private mutating func object() throws -> JSONValue {
        let startLine = line
        try enter()
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(members, line: startLine) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail("truncated JSON: unexpected end of file in an object") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key in an object") }
            let keyLine = line
            let key = try string()
            if !seen.insert(key).inserted { throw Failure(line: keyLine, message: "duplicate key \"\(key)\" in an object") }
            skipWhitespace()
            guard i < bytes.count else { throw fail("truncated JSON: unexpected end of file in an object") }
            guard bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            let v = try value()
            members.append((key, v))
            skipWhitespace()
            guard i < bytes.count else { throw fail("truncated JSON: unexpected end of file in an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
        depth -= 1
        return .object(members, line: startLine)
    }

    private mutating func array() throws -> JSONValue {
        try enter()
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw fail("truncated JSON: unexpected end of file in an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func number() throws -> Double {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else {
            if i < bytes.count, bytes[i] == UInt8(ascii: "I") { throw fail("-Infinity is not a valid JSON number") }
            throw fail("invalid number")
        }
        while i < bytes.count, isNumberByte(bytes[i]) { i += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let d = DecimalText.double(UnsafeBufferPointer(rebasing: bytes[start..<i])) else { throw fail("invalid number '\(text)'") }
        if !d.isFinite { throw fail("number '\(text)' overflows a double") }
        return d
    }

    @inline(__always) private func isNumberByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D
    }

    private mutating func string() throws -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return try decodeUTF8(slice)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail(c == 0x0A ? "unterminated string" : "control character in a string") }
            i += 1
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return try decodeUTF8(out.withUnsafeBufferPointer { $0 }) }
            if c < 0x20 { throw fail(c == 0x0A ? "unterminated string" : "control character in a string") }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { break }
                switch bytes[i] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                            throw fail("unpaired UTF-16 surrogate in a string escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid UTF-16 surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("unpaired UTF-16 surrogate in a string escape")
                    }
                    guard let u = UnicodeScalar(scalar) else { throw fail("invalid unicode escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape in a string")
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("truncated JSON: unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            i += 1
            guard i < bytes.count else { throw fail("truncated unicode escape") }
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid hex digit in a unicode escape")
            }
            v = v << 4 | d
        }
        return v
    }

    private func decodeUTF8(_ slice: UnsafeBufferPointer<UInt8>) throws -> String {
        // ASCII is always valid; otherwise validate strictly.
        var ascii = true
        for b in slice where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
    }
}
