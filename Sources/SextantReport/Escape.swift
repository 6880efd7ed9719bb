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
    /// - Complexity: O(length of `s`).
    public static func markdownText(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "(", ")", "#", "+", "-", ".", "!", "|", "~", "&", ":":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(u)
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}":
                out.unicodeScalars.append(" ")
            default:
                if isControl(u) || isBidiControl(u) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `s` as a Markdown code span: fenced with one more backtick than its longest run of backticks,
    /// padded with a space when it begins or ends with a backtick or space (CommonMark 0.31 section
    /// 6.1), so no content can close it early; inside a code span HTML is shown, never rendered.
    /// `|` is escaped as `\|` (GFM tables split cells on it even inside code spans); line breaks
    /// become spaces; other control characters and the bidirectional overrides go.
    /// - Complexity: O(length of `s`).
    public static func markdownCode(_ s: String) -> String {
        var body = ""
        body.reserveCapacity(s.utf8.count)
        var run = 0, longest = 0
        // Backtick runs are counted in the body as written, after the controls are dropped: `a`, a
        // control, `b` is one run of two there (issue 12, found by fuzz-render-md).
        for u in s.unicodeScalars {
            switch u {
            case "|": body += "\\|"; run = 0
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": body.unicodeScalars.append(" "); run = 0
            default:
                if isControl(u) || isBidiControl(u) { continue }
                body.unicodeScalars.append(u)
                if u == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
            }
        }
        if body.isEmpty { return "` `" }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") || body.hasSuffix(" ") ? " " : ""
        return fence + pad + body + pad + fence
    }

    // MARK: XML 1.0 (JUnit files, the HTML/SVG dashboard)

    /// `s` as XML character data: `&`, `<`, `>` as entities, CR as `&#13;` (a raw CR would be
    /// normalised to LF by the parser); characters XML 1.0 cannot hold at all (controls other than
    /// tab, LF and CR; U+FFFE, U+FFFF; lone surrogates cannot occur in a Swift string) become U+FFFD.
    /// - Complexity: O(length of `s`).
    public static func xmlText(_ s: String) -> String { xml(s, attribute: false) }

    /// `s` as a quoted XML attribute value (either quote style): as ``xmlText(_:)`` plus `"` and `'`
    /// as entities and tab, LF and CR as character references, which attribute-value normalisation
    /// (XML 1.0 section 3.3.3) would otherwise turn into spaces, so `a\tb` and `a b` stay distinct.
    /// - Complexity: O(length of `s`).
    public static func xmlAttribute(_ s: String) -> String { xml(s, attribute: true) }

    static func xml(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
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
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u == "\u{1B}" || u == "\u{9B}" || u == "\u{9D}" {
                // CSI: parameters and intermediates, then one final byte 0x40...0x7E.
                var j = i + 1
                let csi = u == "\u{9B}" || (u == "\u{1B}" && j < scalars.count && scalars[j] == "[")
                let osc = u == "\u{9D}" || (u == "\u{1B}" && j < scalars.count && scalars[j] == "]")
                if u == "\u{1B}" && (csi || osc) { j += 1 }
                if csi {
                    while j < scalars.count, (0x20...0x3F).contains(scalars[j].value) { j += 1 }
                    if j < scalars.count, (0x40...0x7E).contains(scalars[j].value) { j += 1 }
                } else if osc {
                    while j < scalars.count, scalars[j] != "\u{07}", scalars[j] != "\u{9C}" {
                        if scalars[j] == "\u{1B}", j + 1 < scalars.count, scalars[j + 1] == "\\" { j += 1; break }
                        j += 1
                    }
                    if j < scalars.count { j += 1 }
                } else if j < scalars.count, (0x20...0x7E).contains(scalars[j].value) {
                    j += 1
                }
                i = j
                continue
            }
            switch u {
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": out.unicodeScalars.append(" ")
            default:
                if !isControl(u) && !isBidiControl(u) {
                    out.unicodeScalars.append(u)
                }
            }
            i += 1
        }
        return out
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
