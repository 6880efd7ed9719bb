import Foundation
import SextantChangePoint

/// One series read for `--input` (`sextant changepoints`, `sextant forecast`): a TCPD series JSON
/// (`*.json`, several dimensions, missing values carried forward), or a text/CSV file with one value per
/// line or a named column (`--column`), optionally with a label column (`--label-column`, e.g. the
/// commit). `-` reads standard input.
///
/// Text files: blank lines and `#` comments are skipped; the separator is `,`, `;` or tab, whichever is
/// most frequent in the first line; fields may be double-quoted; the first line is a header when it has
/// several fields or its field is not a number. Every problem is one ``ReadError`` naming
/// `FILE:LINE: problem`.
struct SeriesFile {
    var dimensions: [[Double]]
    var labels: [String]?
    var notes: [String] = []

    struct ReadError: Error, CustomStringConvertible {
        var description: String
        init(_ message: String) { description = message }
    }

    /// - Complexity: O(size of the file).
    static func read(path: String, column: String?, labelColumn: String? = nil) throws(ReadError) -> SeriesFile {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ReadError("\(path): cannot read the file")
            }
            data = contents
        }
        if path.lowercased().hasSuffix(".json") {
            if column != nil || labelColumn != nil {
                throw ReadError("\(path): --column and --label-column apply to text/CSV files, not TCPD JSON")
            }
            return try tcpd(data, path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ReadError("\(path): not UTF-8 text") }
        return try delimited(text, path: path, column: column, labelColumn: labelColumn)
    }

    static func tcpd(_ data: Data, path: String) throws(ReadError) -> SeriesFile {
        let series: TCPDSeries
        do { series = try JSONDecoder().decode(TCPDSeries.self, from: data) } catch {
            throw ReadError("\(path): not a TCPD series JSON (name, n_obs, n_dim, series[].raw): \(error)")
        }
        guard !series.series.isEmpty else { throw ReadError("\(path): the series has no dimensions") }
        let (dims, filled) = series.filledDimensions()
        var file = SeriesFile(dimensions: dims, labels: nil)
        if filled > 0 { file.notes.append("\(path): \(filled) missing values filled with the previous value") }
        return file
    }

    static func delimited(_ text: String, path: String, column: String?, labelColumn: String?) throws(ReadError) -> SeriesFile {
        // Split on any line break: "\r\n" is one Character in Swift, so splitting on "\n" alone misses it.
        var rows: [(line: Int, text: String)] = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            rows.append((i + 1, line))
        }
        guard let first = rows.first else { throw ReadError("\(path): no values") }
        let separator: Character = [",", ";", "\t"].max { a, b in
            first.text.filter { $0 == a }.count < first.text.filter { $0 == b }.count
        } ?? ","
        let header = split(first.text, separator)
        let hasHeader = header.count > 1 || Double(header[0]) == nil
        var valueIndex = 0
        var labelIndex: Int?
        if hasHeader {
            func index(of name: String) throws(ReadError) -> Int {
                guard let k = header.firstIndex(of: name) else {
                    throw ReadError("\(path):\(first.line): no column '\(name)' (columns: \(header.joined(separator: ", ")))")
                }
                return k
            }
            if let column {
                valueIndex = try index(of: column)
            } else if header.count > 1 {
                throw ReadError("\(path):\(first.line): \(header.count) columns; choose one with --column (\(header.joined(separator: ", ")))")
            }
            if let labelColumn { labelIndex = try index(of: labelColumn) }
        } else if let name = column ?? labelColumn {
            throw ReadError("\(path):\(first.line): no header row, so no column '\(name)'")
        }
        var values: [Double] = [], labels: [String] = []
        for row in rows.dropFirst(hasHeader ? 1 : 0) {
            let fields = split(row.text, separator)
            guard valueIndex < fields.count else {
                throw ReadError("\(path):\(row.line): \(fields.count) fields, expected at least \(valueIndex + 1)")
            }
            let field = fields[valueIndex]
            guard let v = Double(field) else { throw ReadError("\(path):\(row.line): '\(field)' is not a number") }
            guard v.isFinite else { throw ReadError("\(path):\(row.line): '\(field)' is not a finite number") }
            values.append(v)
            if let labelIndex { labels.append(labelIndex < fields.count ? fields[labelIndex] : "") }
        }
        guard !values.isEmpty else { throw ReadError("\(path): no values") }
        return SeriesFile(dimensions: [values], labels: labelIndex == nil ? nil : labels)
    }

    /// Splits a line on `separator`, honouring double quotes (`""` inside quotes is one quote).
    static func split(_ line: String, _ separator: Character) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? chars.next() {
            pending = nil
            if ch == "\"" {
                if quoted, let next = chars.next() {
                    if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                } else {
                    quoted.toggle()
                }
            } else if ch == separator && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
