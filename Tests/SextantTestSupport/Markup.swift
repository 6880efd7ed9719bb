// Small independent readers of what the renderers write, and the hostile names they are fed: shared by
// the unit tests (HostileNameTests) and the fuzz targets' invariants (Fuzz/FuzzSupport).

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
public func outsideCodeSpans(_ md: String) -> String {
    let c = Array(md.unicodeScalars)
    var out = String.UnicodeScalarView(), i = 0
    while i < c.count {
        // A backslash-escaped character (CommonMark 2.4) is literal: `\`` opens no code span.
        if c[i] == "\\", i + 1 < c.count, c[i + 1].isASCII, c[i + 1].properties.isPatternSyntax || c[i + 1] == "`" {
            out.append(c[i]); out.append(c[i + 1]); i += 2
            continue
        }
        if c[i] == "`" {
            var n = 0
            while i + n < c.count, c[i + n] == "`" { n += 1 }
            var j = i + n, closed: Int? = nil
            while j < c.count {
                if c[j] == "`" {
                    var m = 0
                    while j + m < c.count, c[j + m] == "`" { m += 1 }
                    if m == n { closed = j + m; break }
                    j += m
                } else { j += 1 }
            }
            if let closed { out.append(contentsOf: "<code/>".unicodeScalars); i = closed; continue }
            for _ in 0..<n { out.append("`") }
            i += n
            continue
        }
        out.append(c[i])
        i += 1
    }
    return String(out)
}

/// RFC 4180 rows of `text` (LF or CRLF record ends).
public func csvRows(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], cell = String.UnicodeScalarView(), quoted = false
    let c = Array(text.unicodeScalars)
    var i = 0
    while i < c.count {
        let u = c[i]
        if quoted {
            if u == "\"" {
                if i + 1 < c.count, c[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false }
            } else { cell.append(u) }
        } else if u == "\"" { quoted = true }
        else if u == "," { row.append(String(cell)); cell = .init() }
        else if u == "\n" { row.append(String(cell)); rows.append(row); row = []; cell = .init() }
        else if u != "\r" || i + 1 >= c.count || c[i + 1] != "\n" { cell.append(u) }
        i += 1
    }
    if !cell.isEmpty || !row.isEmpty { row.append(String(cell)); rows.append(row) }
    return rows
}

