/// Checks shared by the fuzz targets: properties every output of Sextant must have whatever the input.
/// The readers they use (code spans, CSV rows) are SextantTestSupport's, shared with the unit tests.
/// Every check reads the output as UTF-8 bytes and finds the bytes that matter with the C library's
/// `strcspn`/`memchr` (``ByteScan``): a Swift loop over each byte pays a coverage callback per
/// comparison in a fuzz build, and was half of a renderer target's time.
@_exported import SextantTestSupport
#if canImport(Glibc)
import Glibc
#endif

private func hex(_ b: UInt8) -> String { String(b, radix: 16) }

/// C0 controls but LF (NUL included), DEL, and C2 (the lead byte of the C1 controls U+0080...U+009F).
private let controlsButLF = ByteScan.Set([0] + (0x01..<0x20).filter { $0 != 0x0A } + [0x7F, 0xC2])

/// The first control character (C0 but LF, DEL, C1) in `c`, as its scalar value, if any.
private func firstControl(_ c: UnsafeBufferPointer<UInt8>) -> UInt32? {
    var i = ByteScan.next(c, from: 0, in: controlsButLF)
    while i < c.count {
        if c[i] != 0xC2 { return UInt32(c[i]) }
        if i + 1 < c.count, c[i + 1] <= 0x9F { return UInt32(c[i + 1]) }
        i = ByteScan.next(c, from: i + 1, in: controlsButLF)
    }
    return nil
}

/// Markdown Sextant writes: outside code spans, the only HTML is its own `<details>`/`<summary>`
/// and the `<code/>` placeholders; no control characters but LF; table rows of one table keep one
/// cell count.
public func checkMarkdown(_ md: String, _ what: String) {
    ByteScan.withBytes(md) { c in
        if let u = firstControl(c) { violated("\(what): control character U+\(String(u, radix: 16)) in Markdown") }
    }
    let allowed = ["<code/>", "<details>", "</details>", "<summary>", "</summary>"].map { Array($0.utf8) }
    ByteScan.withBytes(outsideCodeSpans(md)) { c in
        var i = 0
        while true {
            let lt = ByteScan.next(c, from: i, byte: UInt8(ascii: "<"))
            guard lt < c.count else { break }
            if lt > i, c[lt - 1] == UInt8(ascii: "\\") { i = lt + 1; continue }
            // CommonMark raw HTML (section 6.6) starts with `<` and a letter, `/`, `!` or `?`; `<1e-4` is text.
            if lt + 1 < c.count {
                let next = c[lt + 1]
                let letter = (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next)
                if !letter && next != UInt8(ascii: "/") && next != UInt8(ascii: "!") && next != UInt8(ascii: "?") { i = lt + 1; continue }
            }
            let tail = UnsafeBufferPointer(rebasing: c[lt...])
            guard let tag = allowed.first(where: { tail.starts(with: $0) }) else {
                violated("\(what): raw HTML outside a code span: \(String(decoding: tail.prefix(60), as: UTF8.self))")
            }
            i = lt + tag.count
        }
    }
    ByteScan.withBytes(md) { c in
        var counts: [Int] = []
        var start = 0
        while start <= c.count {
            let end = ByteScan.next(c, from: start, byte: 0x0A)
            if start < c.count, c[start] == UInt8(ascii: "|") {
                // Cells: `|` not preceded by a backslash.
                var n = 0, j = start
                while true {
                    j = ByteScan.next(UnsafeBufferPointer(rebasing: c[..<end]), from: j, byte: UInt8(ascii: "|"))
                    guard j < end else { break }
                    if j == start || c[j - 1] != UInt8(ascii: "\\") { n += 1 }
                    j += 1
                }
                counts.append(n)
            } else {
                if counts.count > 2 && Set(counts.dropFirst(2)).count > 1 { violated("\(what): table rows with different cell counts \(counts)") }
                counts = []
            }
            start = end + 1
        }
        if counts.count > 2 && Set(counts).count > 1 { violated("\(what): table rows with different cell counts \(counts)") }
    }
}

/// C0 controls XML cannot hold (all but tab, LF, CR; NUL included) and EF, the lead byte of U+FFFE/U+FFFF.
private let xmlRefused = ByteScan.Set([0] + (0x01..<0x20).filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } + [0xEF])

/// XML 1.0 character data Sextant writes: no character outside XML's `Char` production (C0 controls
/// but tab, LF and CR; U+FFFE and U+FFFF; a String holds no surrogates).
public func checkXMLCharacters(_ xml: String, _ what: String) {
    ByteScan.withBytes(xml) { c in
        var i = ByteScan.next(c, from: 0, in: xmlRefused)
        while i < c.count {
            let b = c[i]
            if b != 0xEF { violated("\(what): U+\(hex(b)) is not an XML character") }
            if i + 2 < c.count, c[i + 1] == 0xBF, c[i + 2] == 0xBE || c[i + 2] == 0xBF {
                violated("\(what): U+FFF\(c[i + 2] == 0xBE ? "E" : "F") is not an XML character")
            }
            i = ByteScan.next(c, from: i + 1, in: xmlRefused)
        }
    }
}

private let tagBytes = ByteScan.Set(Array("\"'>".utf8))
private let inDoubleQuotes = ByteScan.Set(Array("\"\t\n\r<".utf8))
private let inSingleQuotes = ByteScan.Set(Array("'\t\n\r<".utf8))

/// XML attribute values Sextant writes hold no raw tab, CR or LF (a reader normalises them to
/// spaces, so `a\tb` and `a b` would read back alike): inside a tag, between quotes, those three
/// must be character references. Assumes `<` and `>` in text and `"` in values are escaped (a
/// raw one breaks the structure this walks, which the same check then reports).
public func checkXMLAttributes(_ xml: String, _ what: String) {
    ByteScan.withBytes(xml) { c in
        var inTag = false, quote: UInt8? = nil
        var i = 0
        while i < c.count {
            if let q = quote {
                i = ByteScan.next(c, from: i, in: q == UInt8(ascii: "\"") ? inDoubleQuotes : inSingleQuotes)
                guard i < c.count else { break }
                let b = c[i]
                if b == q { quote = nil } else if b == UInt8(ascii: "<") {
                    violated("\(what): raw < inside an attribute value")
                } else { violated("\(what): raw U+\(hex(b)) inside an attribute value") }
            } else if inTag {
                i = ByteScan.next(c, from: i, in: tagBytes)
                guard i < c.count else { break }
                if c[i] == UInt8(ascii: ">") { inTag = false } else { quote = c[i] }
            } else {
                i = ByteScan.next(c, from: i, byte: UInt8(ascii: "<"))
                guard i < c.count else { break }
                inTag = true
            }
            i += 1
        }
        if quote != nil || inTag { violated("\(what): the document ends inside a tag") }
    }
}

/// Terminal text: no escape or other control characters (C0 but LF, DEL, C1) but LF. C1 controls are
/// U+0080...U+009F, encoded C2 80...C2 9F.
public func checkTerminal(_ text: String, _ what: String) {
    ByteScan.withBytes(text) { c in
        if let u = firstControl(c) { violated("\(what): control character U+\(u < 0x80 ? "" : "00")\(String(u, radix: 16)) on the terminal") }
    }
}

/// CSV Sextant writes: one cell count per row, and no text cell a spreadsheet would run as a formula.
public func checkCSV(_ text: String, _ what: String) {
    let rows = csvRows(text)
    guard let width = rows.first?.count else { return }
    let formulaStarts: [UInt8] = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]
    for row in rows {
        if row.count != width { violated("\(what): a CSV row has \(row.count) cells, the header \(width)") }
        for cell in row {
            guard let f = cell.utf8.first, formulaStarts.contains(f), Double(cell) == nil else { continue }
            // "-" alone or a negative number written as text is not a formula; names are neutralised.
            if cell.count > 1 { violated("\(what): CSV cell \(cell.debugDescription) would run as a formula") }
        }
    }
}
