import SextantHistory

/// One escaping function per output language. Every renderer passes every piece of text that came
/// from a file (benchmark names, metrics, units, commits, labels, commands) through these, so that no
/// name can change the structure of an output: break a Markdown code span or heading, inject HTML,
/// make an XML file ill-formed, run a spreadsheet formula or move a terminal's cursor.
public enum Escape {
    // MARK: Markdown (CommonMark / GitHub Flavored Markdown)

    /// `s` as inline Markdown text (a heading, a table cell, a list item): every ASCII punctuation
    /// character with a Markdown meaning is backslash-escaped (CommonMark 0.31 section 2.4), so `<img>`
    /// stays text rather than raw HTML and `*`, `_`, `[`, `|`, `` ` `` stay literal; line breaks
    /// become spaces (a newline would end a heading or a table row); other control characters and
    /// the bidirectional overrides go.
    /// - Complexity: O(length of `s`), one pass over its UTF-8 bytes (none when nothing changes).
    public static func markdownText(_ s: String) -> String {
        rewrite(s, when: .markdownText) { bytes, out in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if ByteClass.markdownPunctuation[Int(b)] { out.append(0x5C); out.append(b) }
                    else if b == 0x0A || b == 0x0D || b == 0x09 { out.append(0x20) }
                    else if b >= 0x20 && b != 0x7F { out.append(b) }
                    i += 1
                    continue
                }
                _ = appendNonASCII(bytes, &i, to: &out)
            }
        }
    }

    /// `s` as a Markdown code span: fenced with one more backtick than its longest run of backticks,
    /// padded with a space when it begins or ends with a backtick or space (CommonMark 0.31 section
    /// 6.1), so no content can close it early; inside a code span HTML is shown, never rendered.
    /// `|` is escaped as `\|` (GFM tables split cells on it even inside code spans); line breaks
    /// become spaces; other control characters and the bidirectional overrides go.
    /// - Complexity: O(length of `s`), over its UTF-8 bytes.
    public static func markdownCode(_ s: String) -> String {
        var run = 0, longest = 0
        // Backtick runs are counted in the body as written, after the controls are dropped: `a`, a
        // control, `b` is one run of two there (issue 12, found by fuzz-render-md).
        let body = rewrite(s, when: .markdownCode) { bytes, out in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if b == UInt8(ascii: "|") { out.append(0x5C); out.append(b); run = 0 }
                    else if b == 0x0A || b == 0x0D || b == 0x09 { out.append(0x20); run = 0 }
                    else if b >= 0x20 && b != 0x7F {
                        out.append(b)
                        if b == UInt8(ascii: "`") { run += 1; longest = max(longest, run) } else { run = 0 }
                    }
                    i += 1
                    continue
                }
                if appendNonASCII(bytes, &i, to: &out) != .dropped { run = 0 }
            }
        }
        if body.isEmpty { return "` `" }
        let fence = String(repeating: "`", count: longest + 1)
        let first = body.utf8.first!, last = body.utf8.last!
        let pad = first == UInt8(ascii: "`") || last == UInt8(ascii: "`") || first == 0x20 || last == 0x20 ? " " : ""
        return fence + pad + body + pad + fence
    }

    // MARK: XML 1.0 (JUnit files, the HTML/SVG dashboard)

    /// `s` as XML character data: `&`, `<`, `>` as entities, CR as `&#13;` (a raw CR would be
    /// normalised to LF by the parser); characters XML 1.0 cannot hold at all (controls other than
    /// tab, LF and CR; U+FFFE, U+FFFF; lone surrogates cannot occur in a Swift string) become U+FFFD.
    /// - Complexity: O(length of `s`), over its UTF-8 bytes.
    public static func xmlText(_ s: String) -> String { xml(s, attribute: false) }

    /// `s` as a quoted XML attribute value (either quote style): as ``xmlText(_:)`` plus `"` and `'`
    /// as entities and tab, LF and CR as character references, which attribute-value normalisation
    /// (XML 1.0 section 3.3.3) would otherwise turn into spaces, so `a\tb` and `a b` stay distinct.
    /// - Complexity: O(length of `s`), over its UTF-8 bytes.
    public static func xmlAttribute(_ s: String) -> String { xml(s, attribute: true) }

    static func xml(_ s: String, attribute: Bool) -> String {
        rewrite(s, when: attribute ? .xmlAttribute : .xmlText) { bytes, out in
            func put(_ text: StaticString) {
                out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            }
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "&"): put("&amp;")
                case UInt8(ascii: "<"): put("&lt;")
                case UInt8(ascii: ">"): put("&gt;")
                case UInt8(ascii: "\"") where attribute: put("&quot;")
                case UInt8(ascii: "'") where attribute: put("&apos;")
                case 0x09 where attribute: put("&#9;")
                case 0x0A where attribute: put("&#10;")
                case 0x0D: put("&#13;")
                case 0x09, 0x0A: out.append(b)
                case 0..<0x20: put("\u{FFFD}")
                // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE:
                    put("\u{FFFD}"); i += 3; continue
                default: out.append(b)
                }
                i += 1
            }
        }
    }

    // MARK: CSV

    /// `s` as a CSV text cell: formula-neutralised and RFC 4180 quoted (``CSVSafety/cell(_:)``, the
    /// same function `sextant export` uses).
    public static func csvCell(_ s: String) -> String { CSVSafety.cell(s) }

    // MARK: Terminal

    /// `s` made safe to print to a terminal: ANSI escape sequences (CSI `ESC [ ... final`, OSC
    /// `ESC ] ... BEL|ST`, and two-byte `ESC x`) are removed whole, so a name cannot recolour, move
    /// the cursor, retitle the window or hide text; other C0 and C1 controls and DEL are removed, line
    /// breaks and tabs become spaces (a table row stays one line), and the bidirectional overrides
    /// (U+202A...U+202E, U+2066...U+2069) are removed so text cannot be shown reordered.
    /// - Complexity: O(length of `s`).
    public static func terminal(_ s: String) -> String {
        rewrite(s, when: .terminal) { bytes, out in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                // ESC, or the C1 forms of CSI (U+009B) and OSC (U+009D): C2 9B, C2 9D.
                let c1 = b == 0xC2 && i + 1 < n && (bytes[i + 1] == 0x9B || bytes[i + 1] == 0x9D)
                if b == 0x1B || c1 {
                    var j = i + (c1 ? 2 : 1)
                    let csi = (c1 && bytes[i + 1] == 0x9B) || (b == 0x1B && j < n && bytes[j] == UInt8(ascii: "["))
                    let osc = (c1 && bytes[i + 1] == 0x9D) || (b == 0x1B && j < n && bytes[j] == UInt8(ascii: "]"))
                    if b == 0x1B && (csi || osc) { j += 1 }
                    if csi {
                        // Parameters and intermediates, then one final byte 0x40...0x7E.
                        while j < n, (0x20...0x3F).contains(bytes[j]) { j += 1 }
                        if j < n, (0x40...0x7E).contains(bytes[j]) { j += 1 }
                    } else if osc {
                        // Up to BEL, ST (U+009C, C2 9C) or ESC \, which are removed with it.
                        while j < n, bytes[j] != 0x07, !(bytes[j] == 0xC2 && j + 1 < n && bytes[j + 1] == 0x9C) {
                            if bytes[j] == 0x1B, j + 1 < n, bytes[j + 1] == UInt8(ascii: "\\") { j += 1; break }
                            j += 1
                        }
                        if j < n { j += bytes[j] == 0xC2 ? 2 : 1 }
                    } else if j < n, (0x20...0x7E).contains(bytes[j]) {
                        j += 1
                    }
                    i = j
                    continue
                }
                if b < 0x80 {
                    if b == 0x0A || b == 0x0D || b == 0x09 { out.append(0x20) } else if b >= 0x20 && b != 0x7F { out.append(b) }
                    i += 1
                    continue
                }
                _ = appendNonASCII(bytes, &i, to: &out)
            }
        }
    }

    // MARK: The byte-level machinery shared by the escaping functions

    /// What a non-ASCII scalar is to the text escapes: U+2028/U+2029 are line breaks; C1 controls
    /// (U+0080...U+009F, C2 80...C2 9F) and the bidirectional controls (U+202A...U+202E, E2 80 AA...AE;
    /// U+2066...U+2069, E2 81 A6...A9) are dropped. `i` is the scalar's lead byte in valid UTF-8.
    enum Special { case none, lineBreak, dropped }

    @inline(__always) static func special(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Special {
        let b = bytes[i]
        if b == 0xC2 { return bytes[i + 1] <= 0x9F ? .dropped : .none }
        if b == 0xE2 {
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            if b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9) { return .lineBreak }
            if b1 == 0x80 && (0xAA...0xAE).contains(b2) { return .dropped }
            if b1 == 0x81 && (0xA6...0xA9).contains(b2) { return .dropped }
        }
        return .none
    }

    /// Writes the non-ASCII scalar at `i` as the text escapes do (a line break as a space, a dropped
    /// scalar not at all, any other as it is), moves `i` past it and says which it was.
    @inline(__always) static func appendNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, to out: inout [UInt8]) -> Special {
        let length = scalarLength(bytes[i])
        let kind = special(bytes, i)
        switch kind {
        case .lineBreak: out.append(0x20)
        case .dropped: break
        case .none: out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + length]))
        }
        i += length
        return kind
    }

    /// The byte length of the UTF-8 scalar that starts with `lead`.
    @inline(__always) static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Which bytes can make an escaping function change its input.
    struct ByteClass {
        /// The ASCII punctuation `markdownText` backslash-escapes.
        static let markdownPunctuation: [Bool] = (0..<128).map { "\\`*_{}[]<>()#+-.!|~&:".utf8.contains(UInt8($0)) }

        let interesting: [Bool]

        /// Controls, DEL and the lead bytes of C1 controls (C2) and of U+2028...U+202E, U+2066...U+2069
        /// (E2), plus `extra`.
        init(_ extra: String, ef: Bool = false, textControls: Bool = true) {
            var t = [Bool](repeating: false, count: 256)
            if textControls {
                for b in 0..<0x20 { t[b] = true }
                t[0x7F] = true; t[0xC2] = true; t[0xE2] = true
            } else {
                for b in 0..<0x20 where b != 0x09 && b != 0x0A { t[b] = true }
            }
            if ef { t[0xEF] = true }
            for b in extra.utf8 { t[Int(b)] = true }
            interesting = t
        }

        static let markdownText = ByteClass("\\`*_{}[]<>()#+-.!|~&:")
        static let markdownCode = ByteClass("|`")
        static let terminal = ByteClass("")
        static let xmlText = ByteClass("&<>\r", ef: true, textControls: false)
        static let xmlAttribute = ByteClass("&<>\"'\t\n\r", ef: true, textControls: false)
    }

    /// `s` unchanged when none of its bytes is interesting to `bytes`, else `body`'s rewrite of its
    /// UTF-8 bytes. `body` sees the bytes of a valid UTF-8 string and appends the output's.
    @inline(__always) static func rewrite(
        _ s: String, when bytes: ByteClass, body: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void
    ) -> String {
        var copy = s
        return copy.withUTF8 { utf8 -> String in
            let table = bytes.interesting
            guard utf8.contains(where: { table[Int($0)] }) else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 16)
            body(utf8, &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The bidirectional embeddings, overrides and isolates (U+202A...U+202E, U+2066...U+2069): a
    /// name holding them is shown reordered ("Trojan Source", CVE-2021-42574) in a terminal and in
    /// a rendered Markdown comment alike.
    @inline(__always) static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    /// C0 controls, DEL and C1 controls.
    @inline(__always) static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }
}
