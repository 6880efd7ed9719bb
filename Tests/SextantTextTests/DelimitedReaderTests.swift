import SextantTestSupport
import Foundation
import Testing
@testable import SextantText

@Suite("Delimited reader")
struct DelimitedReaderTests {
    /// Runs `body` on a reader of `bytes`.
    func withReader<T>(_ bytes: [UInt8], _ format: DelimitedFormat = .csv, _ body: (DelimitedReader) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws -> T in
            try body(DelimitedReader(bytes: b, format: format))
        }
    }

    /// All records of `text` as strings, with their lines.
    func records(_ text: String, _ format: DelimitedFormat = .csv) throws -> [(Int, [String])] {
        try withReader(Array(text.utf8), format) { r in
            var out: [(Int, [String])] = []
            while try r.next() { out.append((r.recordLine, try r.strings())) }
            return out
        }
    }

    func failure(_ text: String, _ format: DelimitedFormat = .csv) -> DelimitedError? {
        do { _ = try records(text, format); return nil } catch let e as DelimitedError { return e } catch { return nil }
    }

    @Test("RFC 4180: quoted separators, doubled quotes, line breaks inside quotes, CRLF, blank lines")
    func rfc4180() throws {
        let r = try records("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\"\"\n3,,z")
        #expect(r.map(\.1) == [["a", "b", "c"], ["1", "x,y", "say \"hi\""], ["2", "two\nlines", ""], ["3", "", "z"]])
        #expect(r.map(\.0) == [1, 2, 4, 6])
    }

    @Test("Byte-order mark, lone CR line ends, a last line without a line break")
    func lineEnds() throws {
        let r = try records("\u{FEFF}h\r1\r2")
        #expect(r.map(\.1) == [["h"], ["1"], ["2"]])
        #expect(r.map(\.0) == [1, 2, 3])
    }

    @Test("Series text: separator detected from the first line, comments and blanks skipped, fields trimmed")
    func seriesFormat() throws {
        let f = DelimitedColumn.format
        #expect(try records("# note\n\n  x ; y \n 1;\"a;b\" \n", f).map(\.1) == [["x", "y"], ["1", "a;b"]])
        #expect(try records("a\tb\n1\t2\n", f).map(\.1) == [["a", "b"], ["1", "2"]])
        #expect(try records("5\n  # later comment\n6\n", f).map(\.1) == [["5"], ["6"]])
        #expect(try records("5\n  # later comment\n6\n", f).map(\.0) == [1, 3])
    }

    @Test("Malformed quoting is an error naming the line")
    func errors() {
        #expect(failure("a,b\n1,\"open") == DelimitedError(line: 2, message: "unterminated quoted field"))
        #expect(failure("a,b\n1,\"x\"y\n") == DelimitedError(line: 2, message: "text after a closing quote"))
        #expect(failure("a,b\n\n1,x\"y\n") == DelimitedError(line: 3, message: "stray quote in an unquoted field"))
        let bad: [UInt8] = Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        #expect(throws: DelimitedError(line: 2, message: "invalid UTF-8")) {
            try withReader(bad) { r in while try r.next() { _ = try r.strings() } }
        }
    }

    @Test("Numbers straight from the field bytes; quoted and trimmed fields too")
    func numbers() throws {
        let got: [[Double?]] = try withReader(Array("v,w\n1.5, -2e3 \n\"3\",x\n".utf8), DelimitedFormat(trimsBlanks: true)) { r in
            var rows: [[Double?]] = []
            while try r.next() { rows.append([r.double(0), r.double(1)]) }
            return rows
        }
        #expect(got == [[nil, nil], [1.5, -2000], [3, nil]])
    }

    @Test("Streaming from a file gives what reading from memory gives, across every buffer boundary, and grows for a long record")
    func streaming() throws {
        var rng = SplitMix64(state: 12)
        var text = "name,value,note\r\n"
        for i in 0..<60_000 {
            let quoted = rng.next() % 5 == 0
            let note = quoted ? "\"q,\"\"\(i)\"\"\nx\"" : "n\(i)"
            text += "b\(i % 97),\(Double(i) / 7),\(note)\(rng.next() % 2 == 0 ? "\r\n" : "\n")"
        }
        text += "long," + String(repeating: "9", count: 3_000_000) + ",end\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-delimited-\(getpid()).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let inMemory = try records(text)
        let reader = try #require(DelimitedReader(path: url.path))
        var streamed: [(Int, [String])] = []
        while try reader.next() { streamed.append((reader.recordLine, try reader.strings())) }
        #expect(streamed.count == inMemory.count)
        #expect(streamed.map(\.0) == inMemory.map(\.0))
        #expect(streamed.map(\.1) == inMemory.map(\.1))
        #expect(streamed.last?.1[1].count == 3_000_000)
    }

    @Test("One column: header or not, choice by name, every problem with its line")
    func column() throws {
        func read(_ text: String, column: String? = nil, label: String? = nil) throws -> DelimitedColumn {
            try withReader(Array(text.utf8), DelimitedColumn.format) { r in
                try DelimitedColumn.read(r, column: column, labelColumn: label)
            }
        }
        #expect(try read("1\n2.5\n-3\n").values == [1, 2.5, -3])
        let c = try read("commit,ms\nabc,1\n\"d,e\",2\n", column: "ms", label: "commit")
        #expect(c.values == [1, 2] && c.labels == ["abc", "d,e"])
        #expect(throws: DelimitedError(line: 3, message: "'x' is not a number")) { try read("1\n\nx\n") }
        #expect(throws: DelimitedError(line: 2, message: "'inf' is not a finite number")) { try read("1\ninf\n") }
        #expect(throws: DelimitedError(line: 1, message: "2 columns; choose one with --column (a, b)")) { try read("a,b\n1,2\n") }
        #expect(throws: DelimitedError(line: 0, message: "no values")) { try read("# only a comment\n") }
        #expect(throws: DelimitedError(line: 3, message: "1 fields, expected at least 2")) { try read("a,b\n1,2\n3\n", column: "b") }
    }
}

