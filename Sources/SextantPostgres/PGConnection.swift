import CLibPQ
import Foundation

/// A failed libpq call: the server's SQLSTATE when it sent one, and libpq's message on one line.
struct PGError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE (`40001` serialization failure, `40P01` deadlock, `23505` unique
    /// violation, ...), nil for connection-level failures.
    var sqlState: String?
    var message: String
    var description: String { message }

    /// Whether retrying the whole transaction may succeed: a serialization failure or a deadlock
    /// the server resolved by aborting this transaction.
    var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// libpq's messages end in a newline and may span lines ("DETAIL: ..."): one line, `; `-joined.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// One libpq connection (not thread-safe: ``PostgresStore`` serialises its use).
///
/// Parameters go as text (doubles in Swift's shortest round-trip form, which PostgreSQL's
/// `float8in` reads back exactly); results come in binary format (big-endian integers and IEEE
/// doubles, raw bytes for text and `bytea`), so no value is parsed twice or rounded.
final class PGConnection {
    let handle: OpaquePointer

    /// Connects with a libpq connection string or `postgresql://` URI. libpq itself reads
    /// `PGPASSWORD`, `~/.pgpass` (or `PGPASSFILE`), `PGSERVICE`, `sslmode` and the other `PG*`
    /// variables, exactly as `psql` does.
    init(conninfo: String) throws {
        guard let h = PQconnectdb(conninfo) else { throw PGError(sqlState: nil, message: "out of memory") }
        if PQstatus(h) != CONNECTION_OK {
            let message = PGError.oneLine(String(cString: PQerrorMessage(h)))
            PQfinish(h)
            throw PGError(sqlState: nil, message: message)
        }
        handle = h
    }

    deinit { PQfinish(handle) }

    /// Runs `sql` with text parameters (nil is SQL NULL); results in binary format.
    @discardableResult
    func exec(_ sql: String, _ params: [String?] = []) throws -> PGResult {
        let result: OpaquePointer?
        if params.isEmpty {
            result = PQexecParams(handle, sql, 0, nil, nil, nil, nil, 1)
        } else {
            // Keep the C strings alive for the call.
            var storage: [UnsafeMutablePointer<CChar>?] = params.map { $0.map { strdup($0)! } }
            defer { for p in storage { free(p) } }
            result = storage.withUnsafeMutableBufferPointer { buf in
                buf.withMemoryRebound(to: UnsafePointer<CChar>?.self) { ptrs in
                    PQexecParams(handle, sql, Int32(params.count), nil, ptrs.baseAddress, nil, nil, 1)
                }
            }
        }
        return try check(result)
    }

    /// Runs a script of several statements (simple query protocol, text results), e.g. a migration.
    func execScript(_ sql: String) throws {
        _ = try check(PQexec(handle, sql))
    }

    /// Checks a result: tuples or command OK, else the server's error.
    func check(_ result: OpaquePointer?) throws -> PGResult {
        guard let result else { throw PGError(sqlState: nil, message: PGError.oneLine(String(cString: PQerrorMessage(handle)))) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN:
            return PGResult(result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PGError.oneLine(String(cString: PQresultErrorMessage(result)))
            PQclear(result)
            throw PGError(sqlState: state, message: message)
        }
    }

    /// `COPY ... FROM STDIN`: `produce` appends text-format rows to the buffer it is given and
    /// returns false when done; the buffer is sent whenever it passes 1 MiB.
    func copyIn(_ sql: String, produce: (inout [UInt8]) throws -> Bool) throws {
        let start = try check(PQexec(handle, sql))
        guard PQresultStatus(start.handle) == PGRES_COPY_IN else { throw PGError(sqlState: nil, message: "\(sql): not a COPY FROM STDIN") }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        func send() throws {
            guard !buffer.isEmpty else { return }
            let rc = buffer.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if rc != 1 { throw PGError(sqlState: nil, message: PGError.oneLine(String(cString: PQerrorMessage(handle)))) }
            buffer.removeAll(keepingCapacity: true)
        }
        var more = true
        do {
            while more {
                more = try produce(&buffer)
                if buffer.count >= 1 << 20 || !more { try send() }
            }
        } catch {
            _ = PQputCopyEnd(handle, "aborted by the client")
            while let r = PQgetResult(handle) { PQclear(r) }
            throw error
        }
        if PQputCopyEnd(handle, nil) != 1 { throw PGError(sqlState: nil, message: PGError.oneLine(String(cString: PQerrorMessage(handle)))) }
        var failure: (any Error)?
        while let r = PQgetResult(handle) {
            do { _ = try check(r) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
    }
}

/// A result set in binary format. Column accessors take the column's stored width into account
/// (`int2`/`int4`/`int8`, `float8`).
final class PGResult {
    let handle: OpaquePointer
    let rows: Int

    init(_ handle: OpaquePointer) {
        self.handle = handle
        rows = Int(PQntuples(handle))
    }

    deinit { PQclear(handle) }

    @inline(__always) func isNull(_ row: Int, _ col: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(col)) == 1 }

    @inline(__always) func bytes(_ row: Int, _ col: Int) -> UnsafeRawBufferPointer {
        let p = PQgetvalue(handle, Int32(row), Int32(col))
        return UnsafeRawBufferPointer(start: p, count: Int(PQgetlength(handle, Int32(row), Int32(col))))
    }

    func int64(_ row: Int, _ col: Int) -> Int64 {
        let b = bytes(row, col)
        switch b.count {
        case 8: return Int64(bigEndian: b.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: b.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: b.loadUnaligned(as: Int16.self)))
        default: return 0
        }
    }

    func optionalInt64(_ row: Int, _ col: Int) -> Int64? { isNull(row, col) ? nil : int64(row, col) }

    func double(_ row: Int, _ col: Int) -> Double {
        let b = bytes(row, col)
        guard b.count == 8 else { return .nan }
        return Double(bitPattern: UInt64(bigEndian: b.loadUnaligned(as: UInt64.self)))
    }

    func text(_ row: Int, _ col: Int) -> String {
        String(decoding: bytes(row, col), as: UTF8.self)
    }

    func optionalText(_ row: Int, _ col: Int) -> String? { isNull(row, col) ? nil : text(row, col) }

    func optionalBytes(_ row: Int, _ col: Int) -> [UInt8]? { isNull(row, col) ? nil : [UInt8](bytes(row, col)) }
}

/// Text forms of parameters and COPY fields.
enum PGText {
    /// A double exactly: Swift's shortest round-trip decimal, which `float8in` parses to the same bits.
    static func double(_ x: Double) -> String { x.description }

    /// A PostgreSQL array literal of text elements, every element quoted; nil is NULL.
    static func array(_ items: [String?]) -> String {
        var s = "{"
        for (k, item) in items.enumerated() {
            if k > 0 { s += "," }
            guard let item else { s += "NULL"; continue }
            s += "\""
            for c in item.unicodeScalars {
                if c == "\"" || c == "\\" { s += "\\" }
                s.unicodeScalars.append(c)
            }
            s += "\""
        }
        return s + "}"
    }

    /// A `bytea` parameter in hex form.
    static func bytea(_ bytes: some Collection<UInt8>) -> String {
        var s = "\\x"
        s.reserveCapacity(2 + bytes.count * 2)
        for b in bytes { s += hexPair(b) }
        return s
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func hexPair(_ b: UInt8) -> String {
        String(decoding: [hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]], as: UTF8.self)
    }

    /// Appends `text` as a COPY text-format field: backslash, tab, newline and carriage return escaped.
    static func appendCopyField(_ text: String, to buffer: inout [UInt8]) {
        var t = text
        t.withUTF8 { u in
            for c in u {
                switch c {
                case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
                case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
                case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
                case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
                default: buffer.append(c)
                }
            }
        }
    }

    /// Appends a `bytea` COPY text field in hex form (`\\x...`: the backslash escaped for COPY).
    static func appendCopyBytea(_ raw: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        buffer.append(0x5C); buffer.append(0x5C); buffer.append(UInt8(ascii: "x"))
        for b in raw { buffer.append(hexDigits[Int(b >> 4)]); buffer.append(hexDigits[Int(b & 15)]) }
    }

    /// The COPY text form of NULL.
    static let copyNull: [UInt8] = [0x5C, UInt8(ascii: "N")]
}
