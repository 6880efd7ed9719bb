/// Checks shared by the fuzz targets: properties every output of Sextant must have whatever the input.

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

/// Markdown Sextant writes: outside code spans, the only HTML is its own `<details>`/`<summary>`
/// and the `<code/>` placeholders; no control characters but LF; table rows of one table keep one
/// cell count.
public func checkMarkdown(_ md: String, _ what: String) {
    for u in md.unicodeScalars where (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) {
        violated("\(what): control character U+\(String(u.value, radix: 16)) in Markdown")
    }
    let outside = outsideCodeSpans(md)
    let allowed = ["<code/>", "<details>", "</details>", "<summary>", "</summary>"]
    var rest = Substring(outside)
    while let lt = rest.firstIndex(of: "<") {
        let tail = rest[lt...]
        if lt > rest.startIndex, rest[rest.index(before: lt)] == "\\" { rest = rest[rest.index(after: lt)...]; continue }
        guard let tag = allowed.first(where: { tail.hasPrefix($0) }) else { violated("\(what): raw HTML outside a code span: \(tail.prefix(60))") }
        rest = tail.dropFirst(tag.count)
    }
    var counts: [Int] = []
    for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
        guard line.hasPrefix("|") else {
            if counts.count > 2 && Set(counts.dropFirst(2)).count > 1 { violated("\(what): table rows with different cell counts \(counts)") }
            counts = []
            continue
        }
        var n = 0, previous: Character = " "
        for ch in line { if ch == "|" && previous != "\\" { n += 1 }; previous = ch }
        counts.append(n)
    }
    if counts.count > 2 && Set(counts).count > 1 { violated("\(what): table rows with different cell counts \(counts)") }
}

/// XML 1.0 character data Sextant writes: no character outside XML's `Char` production.
public func checkXMLCharacters(_ xml: String, _ what: String) {
    for u in xml.unicodeScalars {
        let v = u.value
        if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF {
            violated("\(what): U+\(String(v, radix: 16)) is not an XML character")
        }
    }
}

/// Terminal text: no escape or other control characters but LF.
public func checkTerminal(_ text: String, _ what: String) {
    for u in text.unicodeScalars where (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) {
        violated("\(what): control character U+\(String(u.value, radix: 16)) on the terminal")
    }
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

/// CSV Sextant writes: one cell count per row, and no text cell a spreadsheet would run as a formula.
public func checkCSV(_ text: String, _ what: String) {
    let rows = csvRows(text)
    guard let width = rows.first?.count else { return }
    for row in rows {
        if row.count != width { violated("\(what): a CSV row has \(row.count) cells, the header \(width)") }
        for cell in row.dropFirst(0) where !cell.isEmpty && Double(cell) == nil {
            if let f = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(f) {
                // "-" alone or a negative number written as text is not a formula; names are neutralised.
                if cell.count > 1 { violated("\(what): CSV cell \(cell.debugDescription) would run as a formula") }
            }
        }
    }
}
