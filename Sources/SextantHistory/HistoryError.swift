import Foundation

/// What can go wrong in the history module. Every case renders as one line naming the file and,
/// where it applies, the line.
public enum HistoryError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The input file is malformed or holds impossible values.
    case invalidInput(file: String, line: Int?, message: String)
    /// The store could not be opened or written.
    case store(message: String)
    /// A requested run, baseline or series does not exist.
    case notFound(String)
    /// An export or report destination could not be written (`path` may be "standard output").
    case output(path: String, message: String)

    public var description: String {
        switch self {
        case let .invalidInput(file, line, message):
            if let line { return "\(file):\(line): \(message)" }
            return "\(file): \(message)"
        case let .store(message): return "store: \(message)"
        case let .notFound(what): return what
        case let .output(path, message): return "\(path): \(message)"
        }
    }
}
