/// A syntax error in a JSON document: 1-based line and column (in characters) and what is wrong.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// The one JSON reader of Sextant: strict RFC 8259 over UTF-8 bytes.
///
/// Refused, each with its line and column: duplicate keys in any object at any depth, numbers
/// outside RFC 8259's grammar (leading zeros `01`, a bare or trailing dot `1.`, `.5`, `+1`, hex),
/// numbers whose magnitude overflows a double or underflows to zero (`1e400`, `1e-400`), `NaN` and
/// `Infinity`, invalid UTF-8 and unpaired surrogates in strings, raw control characters in strings,
/// a second byte-order mark, text after the value, and nesting deeper than 512 levels (so hostile
/// input cannot exhaust the stack). One leading UTF-8 byte-order mark is skipped.
///
/// `//` and `/* */` comments are accepted only with ``Options/allowsComments`` (the gate policy
/// file is commented); a comment may not hold control characters other than tab (a NUL there is a
/// sign of a binary or truncated file). Comments are tokenised, so `"http://x"` stays a string.
///
/// - Complexity: O(n) time in the input size, O(d) stack for nesting depth d.
public enum JSONReader {
    /// What the reader accepts beyond RFC 8259.
    public struct Options: Sendable, Equatable {
        /// `//` line and `/* */` block comments between tokens.
        public var allowsComments: Bool
        /// One `;` after the value (a JavaScript `data.js` assignment's end).
        public var allowsTrailingSemicolon: Bool
        /// The line number of the first byte, when the document is part of a larger file (JSON Lines).
        public var firstLine: Int

        public init(allowsComments: Bool = false, allowsTrailingSemicolon: Bool = false, firstLine: Int = 1) {
            self.allowsComments = allowsComments
            self.allowsTrailingSemicolon = allowsTrailingSemicolon
            self.firstLine = firstLine
        }

        /// Plain RFC 8259.
        public static let strict = Options()
    }

    /// Objects and arrays nested deeper than this are refused.
    public static let maximumDepth = 512

    /// Parses one JSON document from UTF-8 `bytes`.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, options: Options = .strict) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parseBuffer(buffer, options: options)
        }
        switch result ?? Array(bytes).withUnsafeBufferPointer({ parseBuffer($0, options: options) }) {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    /// Parses one JSON document from `text`.
    public static func parse(_ text: String, options: Options = .strict) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        let result = copy.withUTF8 { parseBuffer($0, options: options) }
        switch result {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>, options: Options) -> Result<JSONValue, JSONSyntaxError> {
        var p = Parser(buffer, options: options)
        do throws(JSONSyntaxError) {
            return .success(try p.document())
        } catch {
            return .failure(error)
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let options: Options
        var i = 0
        var line: Int
        var lineStart = 0
        var depth = 0
        /// The last key column computed: (line start, byte position, column), so that the keys of one
        /// long line (compact JSON, a JSONL record) are counted once, not each from the line's start.
        var columnMark = (lineStart: -1, position: 0, column: 1)

        init(_ bytes: UnsafeBufferPointer<UInt8>, options: Options) {
            self.bytes = bytes
            self.options = options
            self.line = options.firstLine
        }

        /// The error at byte `at` (default: the current position).
        func fail(_ message: String, at: Int? = nil, line atLine: Int? = nil, lineStart atLineStart: Int? = nil) -> JSONSyntaxError {
            let position = min(at ?? i, bytes.count)
            let start = atLineStart ?? lineStart
            var column = 1
            var k = start
            while k < position {
                if bytes[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            return JSONSyntaxError(line: atLine ?? line, column: column, message: message)
        }

        /// The column (in scalars, from 1) of byte `position` on the line starting at `lineStart`: as
        /// ``fail(_:at:line:lineStart:)`` counts it, continuing from the previous key's column on the same line.
        /// - Complexity: amortised O(1) per key (O(line length) per line in all).
        mutating func column(at position: Int, lineStart start: Int) -> Int {
            var k = start, column = 1
            if columnMark.lineStart == start && columnMark.position <= position {
                k = columnMark.position
                column = columnMark.column
            }
            while k < position {
                if bytes[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            columnMark = (start, position, column)
            return column
        }

        mutating func document() throws(JSONSyntaxError) -> JSONValue {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                i = 3
                lineStart = 3
                if bytes.count >= 6, bytes[3] == 0xEF, bytes[4] == 0xBB, bytes[5] == 0xBF {
                    throw fail("a second byte-order mark")
                }
            }
            try skipTrivia()
            if i >= bytes.count { throw fail("empty JSON document") }
            let v = try value()
            try skipTrivia()
            if options.allowsTrailingSemicolon, i < bytes.count, bytes[i] == UInt8(ascii: ";") {
                i += 1
                try skipTrivia()
            }
            if i < bytes.count { throw fail("unexpected text after the JSON value") }
            return v
        }

        @inline(__always) mutating func newline() {
            line += 1
            lineStart = i + 1
        }

        /// Skips whitespace and, when allowed, comments.
        mutating func skipTrivia() throws(JSONSyntaxError) {
            while i < bytes.count {
                // Indentation of pretty-printed JSON: eight spaces at a time.
                if let base = bytes.baseAddress {
                    while i + 8 <= bytes.count,
                          UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 { i += 8 }
                    if i >= bytes.count { return }
                }
                let c = bytes[i]
                if c == 0x0A {
                    newline()
                    i += 1
                } else if c == 0x20 || c == 0x09 || c == 0x0D {
                    i += 1
                } else if c == UInt8(ascii: "/"), i + 1 < bytes.count,
                          bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "*") {
                    guard options.allowsComments else { throw fail("comments are not allowed in JSON") }
                    try comment()
                } else {
                    return
                }
            }
        }

        mutating func comment() throws(JSONSyntaxError) {
            let block = bytes[i + 1] == UInt8(ascii: "*")
            let startLine = line, startLineStart = lineStart, start = i
            i += 2
            while i < bytes.count {
                let c = bytes[i]
                if !block, c == 0x0A { return }
                if block, c == UInt8(ascii: "*"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                    i += 2
                    return
                }
                if c == 0x0A {
                    newline()
                } else if c < 0x20 && c != 0x09 && c != 0x0D || c == 0x7F {
                    throw fail(c == 0 ? "NUL byte in a comment" : "control character in a comment")
                }
                i += 1
            }
            if block { throw fail("unterminated /* comment", at: start, line: startLine, lineStart: startLineStart) }
        }

        mutating func value() throws(JSONSyntaxError) -> JSONValue {
            guard i < bytes.count else { throw fail("truncated JSON: unexpected end of input, expected a value") }
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
            case UInt8(ascii: "+"): throw fail("a JSON number cannot start with '+'")
            case UInt8(ascii: "."): throw fail("a JSON number needs a digit before '.'")
            default: throw fail("unexpected character \(printable(bytes[i])) in JSON")
            }
        }

        func printable(_ b: UInt8) -> String {
            (0x21..<0x7F).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x" + hex2(b)
        }

        func hex2(_ b: UInt8) -> String {
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
        }

        mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
            let n = word.utf8CodeUnitCount
            let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
            guard i + n <= bytes.count else { throw fail("invalid literal, expected \(word)") }
            for k in 0..<n where bytes[i + k] != w[k] { throw fail("invalid literal, expected \(word)") }
            i += n
        }

        mutating func enter() throws(JSONSyntaxError) {
            depth += 1
            if depth > JSONReader.maximumDepth { throw fail("JSON nested deeper than \(JSONReader.maximumDepth) levels") }
        }

        mutating func object() throws(JSONSyntaxError) -> JSONValue {
            let startLine = line
            try enter()
            i += 1
            var members: [JSONMember] = []
            var seen = Set<String>()
            try skipTrivia()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return .object(members, line: startLine)
            }
            while true {
                try skipTrivia()
                guard i < bytes.count else { throw fail("truncated JSON: unexpected end of input in an object") }
                guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key in an object") }
                let keyAt = i, keyLine = line, keyLineStart = lineStart
                let key = try string()
                let keyColumn = column(at: keyAt, lineStart: keyLineStart)
                if !seen.insert(key).inserted {
                    throw JSONSyntaxError(line: keyLine, column: keyColumn, message: "duplicate key \"\(key)\" in an object")
                }
                try skipTrivia()
                guard i < bytes.count else { throw fail("truncated JSON: unexpected end of input in an object") }
                guard bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
                i += 1
                try skipTrivia()
                let v = try value()
                members.append(JSONMember(key: key, value: v, line: keyLine, column: keyColumn))
                try skipTrivia()
                guard i < bytes.count else { throw fail("truncated JSON: unexpected end of input in an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}' in an object")
            }
            depth -= 1
            return .object(members, line: startLine)
        }

        mutating func array() throws(JSONSyntaxError) -> JSONValue {
            try enter()
            i += 1
            var items: [JSONValue] = []
            try skipTrivia()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return .array(items)
            }
            while true {
                try skipTrivia()
                items.append(try value())
                try skipTrivia()
                guard i < bytes.count else { throw fail("truncated JSON: unexpected end of input in an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']' in an array")
            }
            depth -= 1
            return .array(items)
        }

        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

        /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number() throws(JSONSyntaxError) -> Double {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else {
                if i < bytes.count, bytes[i] == UInt8(ascii: "I") { throw fail("-Infinity is not a valid JSON number") }
                throw fail("invalid number: a digit must follow '-'")
            }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, isDigit(bytes[i]) { throw fail("invalid number: leading zero") }
            } else {
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number: a digit must follow '.'") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number: a digit must follow the exponent") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, isNumberContinuation(bytes[i]) {
                throw fail("invalid number: unexpected \(printable(bytes[i])) after \(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))")
            }
            let literal = UnsafeBufferPointer(rebasing: bytes[start..<i])
            switch JSONNumber.double(literal) {
            case .value(let d): return d
            case .overflow: throw fail("number \(String(decoding: literal, as: UTF8.self)) overflows a double", at: start)
            case .underflow: throw fail("number \(String(decoding: literal, as: UTF8.self)) underflows a double to zero", at: start)
            }
        }

        func isNumberContinuation(_ c: UInt8) -> Bool {
            isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            i += 1
            let start = i
            // Fast path: no escapes.
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                    let s = try decode(slice, at: start)
                    i += 1
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw fail(c == 0x0A ? "unterminated string" : "control character in a string") }
                i += 1
            }
            var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let s = try out.withUnsafeBufferPointer { (b) throws(JSONSyntaxError) -> String in try decode(b, at: start) }
                    i += 1
                    return s
                }
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
                        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
                        UTF8.encode(u) { out.append($0) }
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

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
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

        func decode(_ slice: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONSyntaxError) -> String {
            var ascii = true
            for b in slice where b >= 0x80 { ascii = false; break }
            if ascii { return String(decoding: slice, as: UTF8.self) }
            guard let s = String(validating: slice, as: UTF8.self) else {
                let bad = UTF8Check.firstInvalid(slice)?.offset ?? 0
                throw fail("invalid UTF-8 in a string", at: start + bad)
            }
            return s
        }
    }
}
