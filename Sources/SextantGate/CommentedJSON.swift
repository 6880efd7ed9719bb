import SextantText

/// A JSON value with the 1-based line where it starts, read by ``CommentedJSON``.
///
/// The seed's `sla_thresholds.json` is written with `//` comments, which strict JSON forbids; the
/// reader therefore tokenises comments itself (so a `//` inside a string stays text) and records
/// line numbers so that every policy error can name the line it is about.
public struct JSONNode: Sendable, Equatable {
    /// The shapes a JSON value can take; objects keep their members in file order.
    public indirect enum Kind: Sendable, Equatable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// One `"key": value` member of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var line: Int
        public var value: JSONNode
    }

    public var kind: Kind
    public var line: Int
}

/// A syntax error in a JSON document, with its 1-based line and column.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A JSON reader that also accepts `//` line comments and `/* */` block comments between tokens.
///
/// Comments are recognised by the tokenizer, never inside string literals, so
/// `"url": "http://x"` is read intact. Everything else is RFC 8259 JSON.
///
/// - Complexity: O(n) in the length of the text.
public enum CommentedJSON {
    /// Parses `text` into a ``JSONNode``; throws ``JSONSyntaxError`` with line and column.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipTrivia()
        if let error = parser.error { throw error }
        let value = parser.parseValue(depth: 0)
        if let error = parser.error { throw error }
        parser.skipTrivia()
        if let error = parser.error { throw error }
        if parser.position < parser.bytes.count {
            throw parser.makeError("unexpected text after the JSON value")
        }
        return value!
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var line = 1
        var lineStart = 0
        var error: JSONSyntaxError?

        init(bytes: [UInt8]) { self.bytes = bytes }

        func makeError(_ message: String) -> JSONSyntaxError {
            JSONSyntaxError(line: line, column: position - lineStart + 1, message: message)
        }

        mutating func fail(_ message: String) -> JSONNode? {
            if error == nil { error = makeError(message) }
            return nil
        }

        mutating func advance() {
            if bytes[position] == UInt8(ascii: "\n") {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }

        /// Skips whitespace and comments.
        mutating func skipTrivia() {
            while position < bytes.count {
                let c = bytes[position]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                    advance()
                } else if c == UInt8(ascii: "/"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "/") {
                    while position < bytes.count, bytes[position] != 0x0A { advance() }
                } else if c == UInt8(ascii: "/"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "*") {
                    advance(); advance()
                    var closed = false
                    while position < bytes.count {
                        if bytes[position] == UInt8(ascii: "*"), position + 1 < bytes.count,
                           bytes[position + 1] == UInt8(ascii: "/") {
                            advance(); advance()
                            closed = true
                            break
                        }
                        advance()
                    }
                    if !closed {
                        if error == nil { error = makeError("unterminated /* comment") }
                        return
                    }
                } else {
                    return
                }
            }
        }

        mutating func parseValue(depth: Int) -> JSONNode? {
            guard depth < 512 else { return fail("nesting too deep") }
            guard position < bytes.count else { return fail("unexpected end of input, expected a value") }
            let startLine = line
            switch bytes[position] {
            case UInt8(ascii: "{"):
                advance()
                var members: [JSONNode.Member] = []
                skipTrivia()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    advance()
                    return JSONNode(kind: .object(members), line: startLine)
                }
                while true {
                    skipTrivia()
                    guard error == nil else { return nil }
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        return fail("expected a quoted key")
                    }
                    let keyLine = line
                    guard let key = parseString() else { return nil }
                    skipTrivia()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                        return fail("expected ':' after key \"\(key)\"")
                    }
                    advance()
                    skipTrivia()
                    guard let value = parseValue(depth: depth + 1) else { return nil }
                    members.append(.init(key: key, line: keyLine, value: value))
                    skipTrivia()
                    guard error == nil else { return nil }
                    guard position < bytes.count else { return fail("unexpected end of input, expected ',' or '}'") }
                    if bytes[position] == UInt8(ascii: ",") { advance(); continue }
                    if bytes[position] == UInt8(ascii: "}") { advance(); break }
                    return fail("expected ',' or '}'")
                }
                return JSONNode(kind: .object(members), line: startLine)
            case UInt8(ascii: "["):
                advance()
                var items: [JSONNode] = []
                skipTrivia()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    advance()
                    return JSONNode(kind: .array(items), line: startLine)
                }
                while true {
                    skipTrivia()
                    guard error == nil else { return nil }
                    guard let value = parseValue(depth: depth + 1) else { return nil }
                    items.append(value)
                    skipTrivia()
                    guard error == nil else { return nil }
                    guard position < bytes.count else { return fail("unexpected end of input, expected ',' or ']'") }
                    if bytes[position] == UInt8(ascii: ",") { advance(); continue }
                    if bytes[position] == UInt8(ascii: "]") { advance(); break }
                    return fail("expected ',' or ']'")
                }
                return JSONNode(kind: .array(items), line: startLine)
            case UInt8(ascii: "\""):
                guard let s = parseString() else { return nil }
                return JSONNode(kind: .string(s), line: startLine)
            case UInt8(ascii: "t"):
                return literal("true", .bool(true), startLine)
            case UInt8(ascii: "f"):
                return literal("false", .bool(false), startLine)
            case UInt8(ascii: "n"):
                return literal("null", .null, startLine)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return parseNumber(startLine)
            default:
                return fail("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
            }
        }

        mutating func literal(_ word: String, _ kind: JSONNode.Kind, _ startLine: Int) -> JSONNode? {
            let w = Array(word.utf8)
            guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w else {
                return fail("invalid literal, expected \(word)")
            }
            for _ in 0..<w.count { advance() }
            return JSONNode(kind: kind, line: startLine)
        }

        mutating func parseNumber(_ startLine: Int) -> JSONNode? {
            let start = position
            func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
            if bytes[position] == UInt8(ascii: "-") { advance() }
            guard position < bytes.count, isDigit(bytes[position]) else { return fail("invalid number") }
            if bytes[position] == UInt8(ascii: "0") {
                advance()
            } else {
                while position < bytes.count, isDigit(bytes[position]) { advance() }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                advance()
                guard position < bytes.count, isDigit(bytes[position]) else { return fail("invalid number: digit expected after '.'") }
                while position < bytes.count, isDigit(bytes[position]) { advance() }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                advance()
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { advance() }
                guard position < bytes.count, isDigit(bytes[position]) else { return fail("invalid number: digit expected in exponent") }
                while position < bytes.count, isDigit(bytes[position]) { advance() }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let parsed = bytes.withUnsafeBufferPointer { DecimalText.double(UnsafeBufferPointer(rebasing: $0[start..<position])) }
            guard let value = parsed, value.isFinite else { return fail("number out of range: \(text)") }
            return JSONNode(kind: .number(value), line: startLine)
        }

        mutating func parseString() -> String? {
            advance() // opening quote
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush(_ raw: inout [UInt8], into scalars: inout String.UnicodeScalarView) {
                if !raw.isEmpty {
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    raw.removeAll(keepingCapacity: true)
                }
            }
            while position < bytes.count {
                let c = bytes[position]
                if c == UInt8(ascii: "\"") {
                    advance()
                    flush(&raw, into: &scalars)
                    return String(scalars)
                }
                if c < 0x20 {
                    _ = fail(c == 0x0A ? "unterminated string" : "control character in string")
                    return nil
                }
                if c == UInt8(ascii: "\\") {
                    advance()
                    guard position < bytes.count else { break }
                    let e = bytes[position]
                    advance()
                    switch e {
                    case UInt8(ascii: "\""): raw.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "\\"): raw.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "/"): raw.append(UInt8(ascii: "/"))
                    case UInt8(ascii: "b"): raw.append(0x08)
                    case UInt8(ascii: "f"): raw.append(0x0C)
                    case UInt8(ascii: "n"): raw.append(0x0A)
                    case UInt8(ascii: "r"): raw.append(0x0D)
                    case UInt8(ascii: "t"): raw.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { _ = fail("invalid \\u escape"); return nil }
                        var scalarValue = UInt32(unit)
                        if (0xD800...0xDBFF).contains(unit) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                                  bytes[position + 1] == UInt8(ascii: "u") else {
                                _ = fail("unpaired surrogate in \\u escape"); return nil
                            }
                            advance(); advance()
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else {
                                _ = fail("invalid low surrogate in \\u escape"); return nil
                            }
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(scalarValue) else { _ = fail("invalid \\u escape"); return nil }
                        flush(&raw, into: &scalars)
                        scalars.append(scalar)
                    default:
                        _ = fail("invalid escape in string"); return nil
                    }
                    continue
                }
                raw.append(c)
                advance()
            }
            _ = fail("unterminated string")
            return nil
        }

        mutating func hex4() -> UInt16? {
            guard position + 4 <= bytes.count else { return nil }
            var v: UInt16 = 0
            for _ in 0..<4 {
                let c = bytes[position]
                let d: UInt16
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt16(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt16(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt16(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
                v = v * 16 + d
                advance()
            }
            return v
        }
    }
}
