// Small independent readers of what the renderers write, and the hostile names they are fed: shared by
// the unit tests (HostileNameTests) and the fuzz targets' invariants (Fuzz/FuzzSupport).
#if canImport(Glibc)
import Glibc
#endif

/// Names that break naive renderers: a hyperfine command with a backtick and raw HTML, spreadsheet
/// formulas (`=`, `+`, `-`, `@`, a leading tab or CR), line breaks, tabs, XML non-characters and a
/// terminal escape sequence (issue 12 defects 5, 7, 8 and 10).
public enum HostileNames {
    /// The hyperfine command of issue 12: a backtick and raw HTML.
    public static let command = "sleep 0.1` <img src=x onerror=alert(1)> `x"
    /// A spreadsheet formula (DDE).
    public static let formula = "=cmd|' /C calc'!A0"
    /// Every hostile name.
    public static let all = [command, formula, "+1", "-2", "@SUM(1)", "\tx", "\rx", "a\nb", "a\tb", "a b",
                             "x\u{FFFE}y\u{FFFF}", "e\u{1B}[31mred"]
}

/// Markdown with every code span replaced by `<code/>` (CommonMark 0.31 section 6.1): what a
/// Markdown renderer parses as markup and HTML.
/// Read as UTF-8 bytes (every delimiter is ASCII), jumping between delimiters with the C library's
/// `strcspn`/`memchr` (the fuzz targets call this on every output; see ``ByteScan``).
public func outsideCodeSpans(_ md: String) -> String {
    ByteScan.withBytes(md) { c in
        var out: [UInt8] = []
        out.reserveCapacity(c.count)
        var i = 0
        while i < c.count {
            let k = ByteScan.next(c, from: i, in: ByteScan.backslashOrBacktick)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: c[i..<k]))
            i = k
            guard i < c.count else { break }
            // A backslash-escaped ASCII punctuation character (CommonMark 2.4, Pattern_Syntax) is
            // literal: `\`` opens no code span.
            if c[i] == UInt8(ascii: "\\") {
                if i + 1 < c.count, ByteScan.isPatternSyntax(c[i + 1]) { out.append(c[i]); out.append(c[i + 1]); i += 2 } else { out.append(c[i]); i += 1 }
                continue
            }
            var n = 0
            while i + n < c.count, c[i + n] == UInt8(ascii: "`") { n += 1 }
            var j = i + n, closed: Int? = nil
            while j < c.count {
                j = ByteScan.next(c, from: j, byte: UInt8(ascii: "`"))
                guard j < c.count else { break }
                var m = 0
                while j + m < c.count, c[j + m] == UInt8(ascii: "`") { m += 1 }
                if m == n { closed = j + m; break }
                j += m
            }
            if let closed { out.append(contentsOf: "<code/>".utf8); i = closed; continue }
            out.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: n))
            i += n
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Byte scanning for the readers and the fuzz invariants: C library functions (`strcspn`, `memchr`,
/// uninstrumented and vectorised) find the next byte of interest, so that a checker costs little
/// beside the renderer it checks (a byte loop of Swift in a fuzz build pays a coverage callback for
/// every comparison).
public enum ByteScan {
    /// `body` with the UTF-8 bytes of `s`, which are followed by a NUL in memory (as ``next(_:from:in:)``
    /// needs): `withCString`, which for a native string is its own storage.
    public static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let count = s.utf8.count
        return s.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: count + 1) { body(UnsafeBufferPointer(start: $0, count: count)) }
        }
    }

    /// A set of bytes for ``next(_:from:in:)``.
    public struct Set: Sendable {
        let members: [CChar]
        let hasNUL: Bool
        public init(_ bytes: [UInt8]) {
            members = bytes.filter { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
            hasNUL = bytes.contains(0)
        }
    }

    static let backslashOrBacktick = Set(Array("\\`".utf8))

    /// The index of the first byte at or after `i` that is in `set`, or `c.count`. `c` must come from
    /// ``withBytes(_:_:)`` (a NUL after its last byte bounds `strcspn`).
    public static func next(_ c: UnsafeBufferPointer<UInt8>, from i: Int, in set: Set) -> Int {
        guard let base = c.baseAddress else { return c.count }
        return set.members.withUnsafeBufferPointer { m in
            var j = i
            while j < c.count {
                j += strcspn(UnsafeRawPointer(base + j).assumingMemoryBound(to: CChar.self), m.baseAddress!)
                if j >= c.count || c[j] != 0 || set.hasNUL { return min(j, c.count) }
                j += 1   // a NUL inside the text, not asked for
            }
            return c.count
        }
    }

    /// The index of the first `byte` at or after `i`, or `c.count`.
    public static func next(_ c: UnsafeBufferPointer<UInt8>, from i: Int, byte: UInt8) -> Int {
        guard i < c.count, let base = c.baseAddress else { return c.count }
        guard let hit = memchr(base + i, Int32(byte), c.count - i) else { return c.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Whether `s` holds the bytes of `needle` (`memchr` and `memcmp`; Foundation's `contains` on a 100 KB page was
    /// a tenth of the dashboard target's time).
    public static func contains(_ s: String, _ needle: String) -> Bool {
        withBytes(s) { h in
            withBytes(needle) { n in
                guard n.count > 0 else { return true }
                guard let hb = h.baseAddress, let nb = n.baseAddress, h.count >= n.count else { return false }
                // memchr for the first byte, memcmp for the rest (Glibc's module has no memmem).
                var i = 0
                while i <= h.count - n.count {
                    i = next(h, from: i, byte: n[0])
                    guard i <= h.count - n.count else { return false }
                    if memcmp(hb + i, nb, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// ASCII Pattern_Syntax: the punctuation `!`...`/`, `:`...`@`, `[`...`^`, `` ` ``, `{`...`~`.
    @inline(__always) public static func isPatternSyntax(_ b: UInt8) -> Bool {
        (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x5E).contains(b) || b == 0x60 || (0x7B...0x7E).contains(b)
    }
}

/// RFC 4180 rows of `text` (LF or CRLF record ends), read as UTF-8 bytes (every delimiter is ASCII).
public func csvRows(_ text: String) -> [[String]] {
    ByteScan.withBytes(text) { c in
        var rows: [[String]] = [], row: [String] = [], cell: [UInt8] = [], quoted = false
        func endCell() { row.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true) }
        var i = 0
        while i < c.count {
            // Plain bytes up to the next delimiter are copied at once.
            let k = quoted ? ByteScan.next(c, from: i, byte: UInt8(ascii: "\"")) : ByteScan.next(c, from: i, in: csvDelimiters)
            cell.append(contentsOf: UnsafeBufferPointer(rebasing: c[i..<k]))
            i = k
            guard i < c.count else { break }
            let u = c[i]
            if quoted {
                if i + 1 < c.count, c[i + 1] == UInt8(ascii: "\"") { cell.append(u); i += 1 } else { quoted = false }
            } else if u == UInt8(ascii: "\"") { quoted = true }
            else if u == UInt8(ascii: ",") { endCell() }
            else if u == 0x0A { endCell(); rows.append(row); row = [] }
            else if u != 0x0D || i + 1 >= c.count || c[i + 1] != 0x0A { cell.append(u) }
            i += 1
        }
        if !cell.isEmpty || !row.isEmpty { endCell(); rows.append(row) }
        return rows
    }
}

private let csvDelimiters = ByteScan.Set(Array("\",\n\r".utf8))
