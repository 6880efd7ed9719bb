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
        // CommonMark raw HTML (section 6.6) starts with `<` and a letter, `/`, `!` or `?`; `<1e-4` is text.
        if let next = rest[rest.index(after: lt)...].unicodeScalars.first, !(next.properties.isAlphabetic && next.isASCII) && !"/!?".unicodeScalars.contains(next) {
            rest = rest[rest.index(after: lt)...]; continue
        }
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

/// XML 1.0 character data Sextant writes: no character outside XML's `Char` production (C0 controls
/// but tab, LF and CR; U+FFFE and U+FFFF; a String holds no surrogates). Read as UTF-8 bytes: one
/// pass, no decoding (the dashboard is some 100 KB per execution).
public func checkXMLCharacters(_ xml: String, _ what: String) {
    var tail: (UInt8, UInt8) = (0, 0)
    for b in xml.utf8 {
        if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { violated("\(what): U+\(String(b, radix: 16)) is not an XML character") }
        if tail == (0xEF, 0xBF) && (b == 0xBE || b == 0xBF) { violated("\(what): U+FFF\(b == 0xBE ? "E" : "F") is not an XML character") }
        tail = (tail.1, b)
    }
}

/// XML attribute values Sextant writes hold no raw tab, CR or LF (a reader normalises them to
/// spaces, so `a\tb` and `a b` would read back alike): inside a tag, between quotes, those three
/// must be character references. Assumes `<` and `>` in text and `"` in values are escaped (a
/// raw one breaks the structure this walks, which the same check then reports).
public func checkXMLAttributes(_ xml: String, _ what: String) {
    var inTag = false, quote: UInt8? = nil
    for b in xml.utf8 {
        if let q = quote {
            if b == q { quote = nil } else if b == 0x09 || b == 0x0A || b == 0x0D {
                violated("\(what): raw U+\(String(b, radix: 16)) inside an attribute value")
            } else if b == UInt8(ascii: "<") { violated("\(what): raw < inside an attribute value") }
        } else if inTag {
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b } else if b == UInt8(ascii: ">") { inTag = false }
        } else if b == UInt8(ascii: "<") {
            inTag = true
        }
    }
    if quote != nil || inTag { violated("\(what): the document ends inside a tag") }
}

/// Terminal text: no escape or other control characters (C0 but LF, DEL, C1) but LF. Read as UTF-8
/// bytes: C1 controls are U+0080...U+009F, encoded C2 80...C2 9F.
public func checkTerminal(_ text: String, _ what: String) {
    var previous: UInt8 = 0
    for b in text.utf8 {
        if (b < 0x20 && b != 0x0A) || b == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(b)) {
            violated("\(what): control character \(previous == 0xC2 ? "U+00" : "U+")\(String(b, radix: 16)) on the terminal")
        }
        previous = b
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
