import Foundation

// Reading CSV is SextantText's `DelimitedReader` (the one reader of delimited text).

/// A buffered RFC 4180 CSV writer: fields are quoted only when they hold a comma, quote, CR or LF;
/// records end with CRLF as the RFC specifies. Output goes to a file descriptor in 1 MiB writes.
public final class BufferedOutput {
    private var buffer: [UInt8] = []
    private var failure: HistoryError?
    private let fd: Int32
    private let closeOnFinish: Bool
    /// The destination as error messages name it.
    private let name: String

    /// Writes to an open file descriptor (e.g. `STDOUT_FILENO`), called `name` in error messages.
    public init(fileDescriptor: Int32, closeOnFinish: Bool = false, name: String = "standard output") {
        self.fd = fileDescriptor
        self.closeOnFinish = closeOnFinish
        self.name = name
        buffer.reserveCapacity(1 << 20)
    }

    /// Creates or truncates `path`.
    public convenience init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw HistoryError.output(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
        self.init(fileDescriptor: fd, closeOnFinish: true, name: path)
    }

    @inline(__always) func append(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        // A failed write is kept in `failure` and thrown by the next `flush()`/`finish()`, so the
        // hot appends stay non-throwing and no error is lost.
        if buffer.count >= 1 << 20, failure == nil { try? flush() }
    }

    @inline(__always) func append(byte: UInt8) { buffer.append(byte) }

    /// Writes the buffered bytes.
    public func flush() throws {
        if let failure { throw failure }
        var offset = 0
        var error: HistoryError?
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    error = HistoryError.output(path: name, message: "write failed: \(String(cString: strerror(errno)))")
                    return
                }
                offset += n
            }
        }
        buffer.removeFirst(offset)  // what was written is never written twice
        if let error {
            failure = error
            throw error
        }
    }

    /// Flushes and, when this object opened the file, closes it.
    public func finish() throws {
        defer { if closeOnFinish { close(fd) } }
        try flush()
    }
}

/// Writes CSV records through a `BufferedOutput`.
struct CSVWriter {
    let out: BufferedOutput

    /// Appends one field, quoting it when needed (no neutralisation here; see `CSVSafety`).
    @inline(__always) func field(_ s: String, first: Bool = false) {
        if !first { out.append(byte: 0x2C) }
        var needsQuotes = false
        for c in s.utf8 where c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D { needsQuotes = true; break }
        if !needsQuotes { out.append(s); return }
        out.append(byte: 0x22)
        for c in s.utf8 {
            if c == 0x22 { out.append(byte: 0x22) }
            out.append(byte: c)
        }
        out.append(byte: 0x22)
    }

    @inline(__always) func endRecord() { out.append(byte: 0x0D); out.append(byte: 0x0A) }
}

/// Spreadsheet formula-injection neutralisation for text cells (OWASP "CSV injection").
///
/// A text cell that begins with `=`, `+`, `-`, `@`, tab or carriage return would be evaluated by a
/// spreadsheet as a formula; it is written with a leading apostrophe (`'`), which spreadsheets show as
/// text. To keep the mapping reversible, a text cell that already begins with `'` also gets one more.
/// Sextant's CSV reader strips exactly one leading apostrophe from text cells, so a benchmark named
/// `-1.5` is written `'-1.5` and reads back as `-1.5`. Numeric cells (values, iterations) are never
/// touched: they stay numbers.
public enum CSVSafety {
    /// The neutralised form of a text cell.
    public static func neutralise(_ s: String) -> String {
        guard let c = s.utf8.first else { return s }
        switch c {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, UInt8(ascii: "'"):
            return "'" + s
        default:
            return s
        }
    }

    /// The inverse of `neutralise`.
    public static func restore(_ s: String) -> String {
        if s.utf8.first == UInt8(ascii: "'") { return String(s.dropFirst()) }
        return s
    }
}
