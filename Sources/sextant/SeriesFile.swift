import Foundation
import SextantChangePoint
import SextantText

/// One series read for `--input` (`sextant changepoints`, `sextant forecast`): a TCPD series JSON
/// (`*.json`, several dimensions, missing values carried forward), or a text/CSV file with one value per
/// line or a named column (`--column`), optionally with a label column (`--label-column`, e.g. the
/// commit). `-` reads standard input.
///
/// Text files go through SextantText's ``DelimitedReader`` (streamed from the file or standard input,
/// numbers by ``DecimalText``): blank lines and `#` comments are skipped; the separator is `,`, `;` or
/// tab, whichever is most frequent in the first line; fields may be double-quoted (RFC 4180); the first
/// line is a header when it has several fields or its field is not a number. Every problem is one
/// ``ReadError`` naming `FILE:LINE: problem`.
struct SeriesFile {
    var dimensions: [[Double]]
    var labels: [String]?
    var notes: [String] = []

    struct ReadError: Error, CustomStringConvertible {
        var description: String
        init(_ message: String) { description = message }
    }

    /// - Complexity: O(size of the file); memory O(values) for text (streamed, no array of lines).
    static func read(path: String, column: String?, labelColumn: String? = nil) throws(ReadError) -> SeriesFile {
        if path.lowercased().hasSuffix(".json") {
            if column != nil || labelColumn != nil {
                throw ReadError("\(path): --column and --label-column apply to text/CSV files, not TCPD JSON")
            }
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw ReadError("\(path): cannot read the file")
                }
                data = contents
            }
            return try tcpd(data, path: path)
        }
        let reader: DelimitedReader
        if path == "-" {
            reader = DelimitedReader(fileDescriptor: STDIN_FILENO, format: textFormat)
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let r = DelimitedReader(path: path, format: textFormat)
            else { throw ReadError("\(path): cannot read the file") }
            reader = r
        }
        return try delimited(reader, path: path, column: column, labelColumn: labelColumn)
    }

    static var textFormat: DelimitedFormat { DelimitedColumn.format }

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

    /// Text already in memory (tests, callers holding a string).
    static func delimited(_ text: String, path: String, column: String?, labelColumn: String?) throws(ReadError) -> SeriesFile {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(ReadError) in
                try delimited(DelimitedReader(bytes: bytes, format: textFormat), path: path, column: column, labelColumn: labelColumn)
            }
        }
        return try result.get()
    }

    static func delimited(_ reader: DelimitedReader, path: String, column: String?, labelColumn: String?) throws(ReadError) -> SeriesFile {
        do {
            let c = try DelimitedColumn.read(reader, column: column, labelColumn: labelColumn)
            return SeriesFile(dimensions: [c.values], labels: c.labels)
        } catch {
            // Line 0: a problem of the whole file ("no values").
            throw ReadError(error.line == 0 ? "\(path): \(error.message)" : "\(path):\(error.line): \(error.message)")
        }
    }
}
