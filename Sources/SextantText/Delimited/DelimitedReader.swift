#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``DelimitedReader`` splits its input.
public struct DelimitedFormat: Sendable, Hashable {
    /// The field separator.
    public enum Separator: Sendable, Hashable {
        /// Always this byte (`,`, `;`, tab, ...).
        case byte(UInt8)
        /// The most frequent of `,`, `;` and tab in the first record's line (ties: in that order;
        /// none: `,`).
        case detect
    }

    public var separator: Separator
    /// Lines whose first byte other than space or tab is `#` are skipped.
    public var skipsComments: Bool
    /// Spaces, and tabs unless tab is the separator, around fields (and around quoted fields) are
    /// not part of them.
    public var trimsBlanks: Bool
    /// Whether `"` quotes fields (RFC 4180); when false it is an ordinary byte (plain line formats).
    public var quotes: Bool
    /// Whether a `"` inside an unquoted field is an error (RFC 4180) rather than a literal quote.
    public var strictQuotes: Bool

    public init(separator: Separator = .byte(UInt8(ascii: ",")), skipsComments: Bool = false, trimsBlanks: Bool = false,
                quotes: Bool = true, strictQuotes: Bool = true) {
        self.strictQuotes = strictQuotes
        self.separator = separator
        self.skipsComments = skipsComments
        self.trimsBlanks = trimsBlanks
        self.quotes = quotes
    }

    /// Whole lines as single fields: no quoting, nothing trimmed; the separator is NUL, which text
    /// does not hold (the importers refuse it).
    public static let lines = DelimitedFormat(separator: .byte(0), quotes: false)

    /// RFC 4180 as Sextant's exports write it: commas, no trimming, no comments.
    public static let csv = DelimitedFormat()
}

/// A problem in delimited text: the 1-based line and what is wrong.
public struct DelimitedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "line \(line): \(message)" }
}

/// The one reader of delimited text (CSV and its `;`/tab variants, one-value-per-line files):
/// records pulled one at a time from UTF-8 bytes in memory or streamed from a file descriptor,
/// fields handed out as byte ranges (no `String` unless one is asked for), numbers converted by
/// ``DecimalText``.
///
/// RFC 4180 quoting: a field that starts with `"` (after blanks, when trimming) runs to the next
/// `"` not doubled, may hold separators and line breaks, and `""` inside it is one `"`; a quote in an
/// unquoted field, text after a closing quote and an unclosed quote are errors. Records end with LF,
/// CRLF or CR. A UTF-8 byte-order mark at the start is skipped. Blank lines (one empty field) are
/// skipped, and `#` comment lines when ``DelimitedFormat/skipsComments`` is set. Line numbers count
/// LF (and lone CR) line breaks, also those inside quoted fields; ``recordLine`` is where the record
/// starts.
///
/// Streaming: from a file descriptor the reader keeps a buffer of 1 MiB (grown only for a longer
/// record); a record cut by the end of the buffer is parsed again after the refill.
/// - Complexity: O(input bytes) in total; memory O(longest record) when streaming.
public final class DelimitedReader {
    private struct FieldRange {
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    private struct FieldList {
        var items = UnsafeMutablePointer<FieldRange>.allocate(capacity: 16)
        var count = 0
        var capacity = 16
        @inline(__always) subscript(k: Int) -> FieldRange { items[k] }
        var indices: Range<Int> { 0..<count }
        @inline(__always) mutating func append(_ f: FieldRange) {
            if count == capacity {
                let grown = UnsafeMutablePointer<FieldRange>.allocate(capacity: 2 * capacity)
                grown.moveInitialize(from: items, count: count)
                items.deallocate()
                items = grown
                capacity *= 2
            }
            (items + count).initialize(to: f)
            count += 1
        }
    }

    @exclusivity(unchecked) private var format: DelimitedFormat
    @exclusivity(unchecked) private var separator: UInt8
    @exclusivity(unchecked) private var separatorKnown: Bool
    @exclusivity(unchecked) private var base: UnsafePointer<UInt8>
    @exclusivity(unchecked) private var end: Int
    @exclusivity(unchecked) private var pos = 0
    @exclusivity(unchecked) private var line = 1
    private let fd: Int32
    private let closesFileDescriptor: Bool
    @exclusivity(unchecked) private var eof: Bool
    @exclusivity(unchecked) private var owned: UnsafeMutablePointer<UInt8>?
    @exclusivity(unchecked) private var capacity = 0
    @exclusivity(unchecked) private var started = false
    /// The current record's fields (a manually grown buffer: no uniqueness checks in the hot loop).
    @exclusivity(unchecked) private var fields = FieldList()
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var sourceError: String?

    /// The line where the last record `next()` returned starts (1-based).
    @exclusivity(unchecked) public private(set) var recordLine = 1

    /// Reads `bytes`, which must stay valid while the reader is used.
    public init(bytes: UnsafeBufferPointer<UInt8>, format: DelimitedFormat = .csv) {
        self.format = format
        (separator, separatorKnown) = Self.initialSeparator(format)
        base = UnsafePointer(bytes.baseAddress) ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
        fd = -1
        closesFileDescriptor = false
        eof = true
            }

    /// Streams from an open file descriptor (e.g. `STDIN_FILENO`); closes it at the end when
    /// `closeWhenDone`.
    public init(fileDescriptor: Int32, closeWhenDone: Bool = false, format: DelimitedFormat = .csv) {
        self.format = format
        (separator, separatorKnown) = Self.initialSeparator(format)
        capacity = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        owned = buffer
        base = UnsafePointer(buffer)
        end = 0
        fd = fileDescriptor
        closesFileDescriptor = closeWhenDone
        eof = false
            }

    /// Opens `path` for streaming; `nil` (with `errno` set) when it cannot be opened.
    public convenience init?(path: String, format: DelimitedFormat = .csv) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.init(fileDescriptor: fd, closeWhenDone: true, format: format)
    }

    deinit {
        owned?.deallocate()
        fields.items.deallocate()
        if closesFileDescriptor, fd >= 0 { close(fd) }
    }

    private static func initialSeparator(_ f: DelimitedFormat) -> (UInt8, Bool) {
        if case .byte(let b) = f.separator { return (b, true) }
        return (UInt8(ascii: ","), false)
    }

    /// The separator in use (after detection, once the first record is read).
    public var separatorByte: UInt8 { separator }

    /// The number of fields of the current record.
    public var count: Int { fields.count }

    // MARK: Fields

    /// Calls `body` with the bytes of field `k` of the current record (valid only inside `body`).
    @inline(__always)
    public func withField<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(k >= 0 && k < fields.count, "field index out of range")
        let f = fields[k]
        if f.inScratch {
            return try scratch.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[f.start..<f.end])) }
        }
        return try body(UnsafeBufferPointer(start: base + f.start, count: f.end - f.start))
    }

    /// Whether field `k` is empty.
    @inline(__always)
    public func isEmpty(_ k: Int) -> Bool {
        precondition(k >= 0 && k < fields.count, "field index out of range")
        return fields[k].end == fields[k].start
    }

    /// Field `k` converted by ``DecimalText`` (`nil` when it is not a number, or a non-zero number
    /// that underflows to zero, such as `1e-400`).
    @inline(__always)
    public func double(_ k: Int) -> Double? {
        precondition(k >= 0 && k < fields.count, "field index out of range")
        let f = fields[k]
        if f.inScratch || f.end == f.start {
            return withField(k) { b in
                guard let v = DecimalText.double(b), let p = b.baseAddress, !DecimalText.underflowed(p, b.count, to: v) else { return nil }
                return v
            }
        }
        guard let v = DecimalText.double(base + f.start, f.end - f.start),
              !DecimalText.underflowed(base + f.start, f.end - f.start, to: v) else { return nil }
        return v
    }

    /// Field `k` as text; invalid UTF-8 is an error naming the record's line.
    public func string(_ k: Int) throws(DelimitedError) -> String {
        let s: String? = withField(k) { b in
            for c in b where c >= 0x80 { return String(validating: b, as: UTF8.self) }
            return String(decoding: b, as: UTF8.self)
        }
        guard let s else { throw DelimitedError(line: recordLine, message: "invalid UTF-8") }
        return s
    }

    /// Field `k` as text with invalid UTF-8 replaced (for error messages).
    public func lossyString(_ k: Int) -> String { withField(k) { String(decoding: $0, as: UTF8.self) } }

    /// Every field of the current record as text.
    public func strings() throws(DelimitedError) -> [String] {
        var out: [String] = []
        out.reserveCapacity(fields.count)
        for k in fields.indices { out.append(try string(k)) }
        return out
    }

    /// Whether field `k` holds exactly `bytes`.
    @inline(__always)
    public func fieldEquals(_ k: Int, _ bytes: [UInt8]) -> Bool {
        withField(k) { f in
            guard f.count == bytes.count else { return false }
            return bytes.withUnsafeBufferPointer { b in
                f.count == 0 || memcmp(f.baseAddress!, b.baseAddress!, f.count) == 0
            }
        }
    }

    // MARK: Records

    /// Reads in bulk the records that follow while each is exactly one decimal number (no blanks,
    /// quotes, separators or comments) ending in LF or CRLF, the common case of a series file:
    /// writes their values, at most `capacity`, to `out` and returns how many. It stops before the
    /// first other record, or a cut one at the end of the buffered bytes, which ``next()`` then
    /// reads as usual; so the values and line numbers are those that `next()` and ``double(_:)``
    /// would give record by record. Non-finite and underflowed values are left to that path (and
    /// the caller's errors). The number is converted while it is scanned (`DecimalText.prefix`): one
    /// pass over the bytes, no field ranges.
    /// - Complexity: O(bytes consumed).
    public func plainNumbers(into out: UnsafeMutablePointer<Double>, capacity: Int) -> Int {
        // Only after the first record (BOM and separator settled), and only when the separator
        // cannot be part of a number.
        guard started, separatorKnown, !Self.isNumberByte(separator) else { return 0 }
        let b = base, n = end
        var i = pos, k = 0
        while k < capacity, i < n {
            guard let (v, length) = DecimalText.prefix(b + i, n - i) else { break }
            var j = i + length
            guard j < n else { break }  // perhaps cut by the end of the buffer
            if b[j] == 0x0A {
                j += 1
            } else if b[j] == 0x0D, j + 1 < n, b[j + 1] == 0x0A {
                j += 2
            } else {
                break
            }
            guard v.isFinite, !DecimalText.underflowed(b + i, length, to: v) else { break }
            out[k] = v
            k += 1
            i = j
        }
        if k > 0 {
            pos = i
            line += k
            recordLine = line - 1
            fields.count = 0
        }
        return k
    }

    /// Whether `c` can occur in decimal text.
    @inline(__always)
    private static func isNumberByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "e"), UInt8(ascii: "E"): return true
        default: return false
        }
    }


    private enum Step { case record, needMore, end }

    /// Advances to the next record; false at the end of the input.
    public func next() throws(DelimitedError) -> Bool {
        if !started {
            started = true
            if !eof { try refill() }
            if end - pos >= 3, base[pos] == 0xEF, base[pos + 1] == 0xBB, base[pos + 2] == 0xBF { pos += 3 }
        }
        while true {
            let savedPos = pos, savedLine = line
            switch try parse() {
            case .record:
                if fields.count == 1, fields[0].start == fields[0].end { continue }  // blank line
                return true
            case .end:
                return false
            case .needMore:
                pos = savedPos
                line = savedLine
                try refill()
            }
        }
    }

    /// Moves the unread bytes to the front of the buffer (growing it when they fill it) and reads more.
    private func refill() throws(DelimitedError) {
        guard let buffer = owned else { eof = true; return }
        let keep = end - pos
        if keep > 0, pos > 0 { memmove(buffer, buffer + pos, keep) }
        pos = 0
        end = keep
        if end == capacity {
            capacity *= 2
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            owned = grown
            base = UnsafePointer(grown)
        }
        let target = owned!
        while end < capacity {
            let n = read(fd, target + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw DelimitedError(line: line, message: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true; break }
            end += n
            if end - keep >= 1 << 16 { break }  // enough to make progress
        }
    }

    @inline(__always) private func isBlank(_ c: UInt8) -> Bool {
        c == 0x20 || (c == 0x09 && separator != 0x09)
    }

    /// Parses one record at `pos` (after skipping comment lines).
    private func parse() throws(DelimitedError) -> Step {
        let b = base
        var i = pos
        let n = end
        // Comment lines, and separator detection on the first record's line.
        if format.skipsComments || !separatorKnown {
            while true {
                var j = i
                while j < n, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                if j == n {
                    if !eof { return .needMore }
                    if j == i { return .end }
                }
                if format.skipsComments, j < n, b[j] == UInt8(ascii: "#") {
                    while j < n, b[j] != 0x0A, b[j] != 0x0D { j += 1 }
                    if j == n && !eof { return .needMore }
                    if j < n { j = Self.skipLineBreak(b, j, n) }
                    line += 1
                    i = j
                    pos = i
                    continue
                }
                break
            }
            if !separatorKnown {
                // A blank first line does not decide: detect on the first line with content.
                var j = i, commas = 0, semicolons = 0, tabs = 0, content = false
                while j < n, b[j] != 0x0A, b[j] != 0x0D {
                    switch b[j] {
                    case UInt8(ascii: ","): commas += 1
                    case UInt8(ascii: ";"): semicolons += 1
                    case 0x09: tabs += 1
                    case 0x20: break
                    default: content = true
                    }
                    j += 1
                }
                if j == n && !eof { return .needMore }
                if content || commas + semicolons + tabs > 0 {
                    separator = commas >= semicolons && commas >= tabs ? UInt8(ascii: ",")
                        : semicolons >= tabs ? UInt8(ascii: ";") : 0x09
                    separatorKnown = true
                }
            }
        }
        if i >= n { return eof ? .end : .needMore }
        fields.count = 0
        scratch.removeAll(keepingCapacity: true)
        let sep = separator
        let trim = format.trimsBlanks
        let quotes = format.quotes
        let strayQuoteFails = format.quotes && format.strictQuotes
        let startLine = line
        while true {
            if trim { while i < n, isBlank(b[i]) { i += 1 } }
            if quotes, i < n, b[i] == 0x22 {
                // Quoted field.
                i += 1
                var start = i
                var inScratch = false
                var pendingStart = i
                var closed = false
                while i < n {
                    let c = b[i]
                    if c == 0x22 {
                        if i + 1 < n, b[i + 1] == 0x22 {
                            if !inScratch {
                                let s = scratch.count
                                scratch.append(contentsOf: UnsafeBufferPointer(start: b + start, count: i - start))
                                start = s
                                inScratch = true
                            } else {
                                scratch.append(contentsOf: UnsafeBufferPointer(start: b + pendingStart, count: i - pendingStart))
                            }
                            scratch.append(0x22)
                            i += 2
                            pendingStart = i
                            continue
                        }
                        if i + 1 == n, !eof { return .needMore }  // the next byte could be a second quote
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    i += 1
                }
                if !closed {
                    if !eof { return .needMore }
                    throw DelimitedError(line: startLine, message: "unterminated quoted field")
                }
                if inScratch {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: b + pendingStart, count: i - pendingStart))
                    fields.append(FieldRange(start: start, end: scratch.count, inScratch: true))
                } else {
                    fields.append(FieldRange(start: start, end: i, inScratch: false))
                }
                i += 1  // the closing quote
                if trim { while i < n, isBlank(b[i]) { i += 1 } }
                if i < n {
                    let c = b[i]
                    if c != sep && c != 0x0A && c != 0x0D {
                        throw DelimitedError(line: line, message: "text after a closing quote")
                    }
                }
            } else {
                let start = i
                while i < n {
                    let c = b[i]
                    if c == sep || c == 0x0A || c == 0x0D { break }
                    if c == 0x22, strayQuoteFails { throw DelimitedError(line: line, message: "stray quote in an unquoted field") }
                    i += 1
                }
                var stop = i
                if trim { while stop > start, isBlank(b[stop - 1]) { stop -= 1 } }
                fields.append(FieldRange(start: start, end: stop, inScratch: false))
            }
            if i >= n {
                if !eof { return .needMore }
                break
            }
            let c = b[i]
            if c == sep { i += 1; continue }
            // A line break ends the record (CR before LF needs the next byte).
            if c == 0x0D, i + 1 == n, !eof { return .needMore }
            i = Self.skipLineBreak(b, i, n)
            line += 1
            break
        }
        pos = i
        recordLine = startLine
        return .record
    }

    /// Where the line break at `i` (LF, CRLF or CR) ends.
    @inline(__always)
    private static func skipLineBreak(_ b: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        if b[i] == 0x0D, i + 1 < n, b[i + 1] == 0x0A { return i + 2 }
        return i + 1
    }

}
