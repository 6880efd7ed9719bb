/// A CSV file with a header line and numeric columns, read for model fitting. A reader and
/// validator only (no statistics): every problem is reported with its 1-based line number.
public struct NumericTable: Sendable {
    /// The column names from the header line.
    public let header: [String]
    /// The data cells by row (as text), with the 1-based line number of each row.
    public let rows: [(line: Int, fields: [String])]

    /// Parses CSV text: the first non-empty line is the header; empty lines are skipped;
    /// fields are separated by commas, surrounding whitespace and double quotes are removed.
    ///
    /// - Throws: `NumericTableError` for an empty text or a row with the wrong number of fields.
    /// - Complexity: O(size of the text).
    public init(csv text: String) throws {
        var header: [String]? = nil
        var rows: [(Int, [String])] = []
        var lineNumber = 0
        // "\r\n" is a single Character in Swift, so it is matched explicitly.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }  // UTF-8 byte-order mark
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { f -> String in
                var s = f.trimmingWhitespace()
                if s.count >= 2, s.first == "\"", s.last == "\"" { s = String(s.dropFirst().dropLast()) }
                return s
            }
            if header == nil {
                header = fields
                continue
            }
            guard fields.count == header!.count else {
                throw NumericTableError(line: lineNumber, problem: "expected \(header!.count) fields, found \(fields.count)")
            }
            rows.append((lineNumber, fields))
        }
        guard let h = header else { throw NumericTableError(line: max(lineNumber, 1), problem: "empty file: no header line") }
        if let dup = h.indices.first(where: { i in h[..<i].contains(h[i]) }) {
            throw NumericTableError(line: rows.first.map { _ in 1 } ?? 1, problem: "column name '\(h[dup])' appears twice in the header")
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
            guard let v = Double(cell) else { throw NumericTableError(line: line, problem: "column '\(name)': '\(cell)' is not a number") }
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

extension Substring {
    func trimmingWhitespace() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
