/// One numeric column (and optionally a label column) of delimited text, read record by record:
/// what `--input` reads for `sextant changepoints` and `sextant forecast`.
///
/// The first record is a header when it has several fields or its one field is not a number; a
/// header is needed to choose a column by name, and with several columns one must be chosen. Every
/// value must be a finite number. Problems are ``DelimitedError``s naming the line.
/// - Complexity: O(input bytes); memory: the values (exactly), 2^16 more while reading, and the
///   labels (the reader streams, no array of lines).
public struct DelimitedColumn: Sendable {
    public var values: [Double]
    /// The label of each value when a label column was asked for (empty where a row is short).
    public var labels: [String]?

    /// The format of series text: separator detected on the first line, `#` comments skipped,
    /// blanks around fields ignored.
    public static let format = DelimitedFormat(separator: .detect, skipsComments: true, trimsBlanks: true)

    public static func read(_ reader: DelimitedReader, column: String?, labelColumn: String?) throws(DelimitedError) -> DelimitedColumn {
        guard try reader.next() else { throw DelimitedError(line: 0, message: "no values") }
        let firstLine = reader.recordLine
        let hasHeader = reader.count > 1 || reader.double(0) == nil
        var valueIndex = 0
        var labelIndex: Int?
        var pending = false  // the first record is data
        if hasHeader {
            let header = try reader.strings()
            func index(of name: String) throws(DelimitedError) -> Int {
                guard let k = header.firstIndex(of: name) else {
                    throw DelimitedError(line: firstLine, message: "no column '\(name)' (columns: \(header.joined(separator: ", ")))")
                }
                return k
            }
            if let column {
                valueIndex = try index(of: column)
            } else if header.count > 1 {
                throw DelimitedError(line: firstLine, message: "\(header.count) columns; choose one with --column (\(header.joined(separator: ", ")))")
            }
            if let labelColumn { labelIndex = try index(of: labelColumn) }
        } else if let name = column ?? labelColumn {
            throw DelimitedError(line: firstLine, message: "no header row, so no column '\(name)'")
        } else {
            pending = true
        }
        // Values in chunks of 2^16, joined once at the end into an array of the exact size: a growing
        // array doubles, so it would hold up to twice the values (and three times while it moves).
        // Records that are one plain number each are converted in bulk by the reader straight into
        // the chunk (`plainNumbers`); every other record goes through `next()` and the checks below.
        let chunk = 1 << 16
        var chunks: [[Double]] = []
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var filled = 0
        var labels: [String] = []
        let bulk = valueIndex == 0 && labelIndex == nil
        while true {
            if pending {
                pending = false
            } else {
                if bulk {
                    while true {
                        if filled == chunk {
                            chunks.append(Array(UnsafeBufferPointer(start: buffer, count: chunk)))
                            filled = 0
                        }
                        filled += reader.plainNumbers(into: buffer + filled, capacity: chunk - filled)
                        if filled < chunk { break }
                    }
                }
                if try !reader.next() { break }
            }
            guard valueIndex < reader.count else {
                throw DelimitedError(line: reader.recordLine, message: "\(reader.count) fields, expected at least \(valueIndex + 1)")
            }
            guard let v = reader.double(valueIndex) else {
                throw DelimitedError(line: reader.recordLine, message: "'\(reader.lossyString(valueIndex).prefix(80))' is not a number")
            }
            guard v.isFinite else {
                throw DelimitedError(line: reader.recordLine, message: "'\(reader.lossyString(valueIndex))' is not a finite number")
            }
            if filled == chunk {
                chunks.append(Array(UnsafeBufferPointer(start: buffer, count: chunk)))
                filled = 0
            }
            buffer[filled] = v
            filled += 1
            if let labelIndex { labels.append(labelIndex < reader.count ? try reader.string(labelIndex) : "") }
        }
        var values: [Double] = []
        values.reserveCapacity(chunks.count * chunk + filled)
        for k in chunks.indices { values += chunks[k]; chunks[k] = [] }
        values.append(contentsOf: UnsafeBufferPointer(start: buffer, count: filled))
        if values.isEmpty { throw DelimitedError(line: 0, message: "no values") }
        return DelimitedColumn(values: values, labels: labelIndex == nil ? nil : labels)
    }
}
