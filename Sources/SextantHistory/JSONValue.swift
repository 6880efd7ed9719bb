import Foundation
import SextantText

/// The importers read JSON with SextantText's one reader.
typealias JSONValue = SextantText.JSONValue

/// The importers' entry to ``JSONReader``: errors become `HistoryError.invalidInput` naming the file,
/// line and column.
enum JSONParser {
    /// Parses a whole document (one value, optionally followed by `;`, as in a `data.js`).
    static func parse(_ data: Data, file: String, firstLine: Int = 1) throws -> JSONValue {
        do {
            return try JSONReader.parse(data, options: .init(allowsTrailingSemicolon: true, firstLine: firstLine))
        } catch {
            throw HistoryError.invalidInput(file: file, line: error.line, message: "\(error.message) (column \(error.column))")
        }
    }
}
