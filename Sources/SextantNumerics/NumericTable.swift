import SextantText

/// A CSV file with a header line and numeric columns, read for model fitting. A reader and
/// validator only (no statistics): every problem is reported with its 1-based line number.
public struct NumericTable: Sendable {
    /// The column names from the header line.
    public let header: [String]
    /// The data cells by row (as text), with the 1-based line number of each row.
    public let rows: [(line: Int, fields: [String])]

    /// Parses CSV text with SextantText's ``DelimitedReader`` (RFC 4180: a quoted field may hold
    /// commas, `""` is a quote): the first non-empty line is the header; empty lines are skipped;
    /// blanks around fields are removed; LF, CRLF and a byte-order mark are accepted; a quote inside
    /// an unquoted cell (a header `x"q`) is text.
    ///
    /// - Throws: `NumericTableError` for an empty text, malformed quoting or a row with the wrong
    ///   number of fields.
    /// - Complexity: O(size of the text).
    public init(csv text: String) throws {
        var text = text
        let parsed = text.withUTF8 { bytes -> Result<([String], [(Int, [String])]), NumericTableError> in
            let reader = DelimitedReader(bytes: bytes, format: DelimitedFormat(separator: .byte(UInt8(ascii: ",")), trimsBlanks: true, strictQuotes: false))
            var header: [String]? = nil
            var rows: [(Int, [String])] = []
            do throws(DelimitedError) {
                while try reader.next() {
                    let fields = try reader.strings()
                    guard let h = header else { header = fields; continue }
                    guard fields.count == h.count else {
                        return .failure(NumericTableError(line: reader.recordLine, problem: "expected \(h.count) fields, found \(fields.count)"))
                    }
                    rows.append((reader.recordLine, fields))
                }
            } catch {
                return .failure(NumericTableError(line: error.line, problem: error.message))
            }
            guard let h = header else { return .failure(NumericTableError(line: 1, problem: "empty file: no header line")) }
            return .success((h, rows))
        }
        let (h, rows) = try parsed.get()
        if let dup = h.indices.first(where: { i in h[..<i].contains(h[i]) }) {
            throw NumericTableError(line: 1, problem: "column name '\(h[dup])' appears twice in the header")
        }
        self.header = h
        self.rows = rows
    }

    /// The values of a column as finite doubles.
    ///
    /// - Throws: `NumericTableError` naming the line of the first missing, non-numeric or
    ///   non-finite (NaN, ±inf) cell, or line 1 for an unknown column.
    /// - Complexity: O(rows).
    public func column(_ name: String) throws -> [Double] {
        guard let j = header.firstIndex(of: name) else {
            throw NumericTableError(line: 1, problem: "no column '\(name)' in the header (columns: \(header.joined(separator: ", ")))")
        }
        var out: [Double] = []
        out.reserveCapacity(rows.count)
        for (line, fields) in rows {
            let cell = fields[j]
            guard !cell.isEmpty else { throw NumericTableError(line: line, problem: "column '\(name)' is empty") }
            guard let v = DecimalText.double(cell) else { throw NumericTableError(line: line, problem: "column '\(name)': '\(cell)' is not a number") }
            guard v.isFinite else { throw NumericTableError(line: line, problem: "column '\(name)': '\(cell)' is not a finite number") }
            out.append(v)
        }
        return out
    }
}

/// A problem in a table: the 1-based line and what is wrong.
public struct NumericTableError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var problem: String
    public init(line: Int, problem: String) { self.line = line; self.problem = problem }
    public var description: String { "line \(line): \(problem)" }
}
