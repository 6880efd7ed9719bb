/// Checks shared by the fuzz targets: properties every output of Sextant must have whatever the input.
/// The readers they use (code spans, CSV rows) are SextantTestSupport's, shared with the unit tests.
@_exported import SextantTestSupport

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
