import Testing
import SextantText

@Suite struct JSONReaderTests {
    func fails(_ text: String, _ fragment: String, line: Int? = nil, column: Int? = nil,
               options: JSONReader.Options = .strict, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let v = try JSONReader.parse(text, options: options)
            Issue.record("accepted \(text.debugDescription) as \(v)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.contains(fragment), "\(text.debugDescription): \(error)", sourceLocation: sourceLocation)
            if let line { #expect(error.line == line, "\(error)", sourceLocation: sourceLocation) }
            if let column { #expect(error.column == column, "\(error)", sourceLocation: sourceLocation) }
        }
    }

    @Test func keepsStringsEscapesAndNumbers() throws {
        let v = try JSONReader.parse(#"{"k": "a\"b\\c\u00e9\ud83d\ude00 // not a comment", "n": [1.5e2, -0, true, null, 4.9e-324]}"#)
        #expect(v["k"] == .string("a\"b\\cé😀 // not a comment"))
        #expect(v["n"] == .array([.number(150), .number(0), .bool(true), .null, .number(4.9e-324)]))
        #expect(v.members?.map(\.column) == [2, 53])
    }

    /// Issue 12 defect 9: leading zeros, trailing dots, `1e-400` becoming 0 and a doubled BOM.
    @Test func numbersFollowRFC8259() throws {
        fails("01", "leading zero", line: 1, column: 2)
        fails("[00.5]", "leading zero")
        fails("-01", "leading zero")
        fails("1.", "digit must follow '.'")
        fails("[1.e2]", "digit must follow '.'")
        fails(".5", "digit before '.'")
        fails("+1", "cannot start with '+'")
        fails("1e", "digit must follow the exponent")
        fails("0x10", "unexpected 'x'")
        fails("[1e-400]", "underflows a double to zero", column: 2)
        fails("-1e-400", "underflows")
        fails("1e400", "overflows")
        fails("NaN", "NaN")
        fails("-Infinity", "Infinity")
        #expect(try JSONReader.parse("0e-400") == .number(0))
        #expect(try JSONReader.parse("0.000e5") == .number(0))
        #expect(try JSONReader.parse("-0.0") == .number(-0.0))
        #expect(try JSONReader.parse("2.2250738585072014e-308") == .number(2.2250738585072014e-308))
    }

    @Test func byteOrderMark() throws {
        #expect(try JSONReader.parse("\u{FEFF}[1]") == .array([.number(1)]))
        fails("\u{FEFF}\u{FEFF}[1]", "second byte-order mark")
        fails("[1]\u{FEFF}", "unexpected text")
    }

    /// Issue 12 defect 6: duplicate keys at every depth, with the line and column of the second key.
    @Test func duplicateKeysAtEveryDepth() {
        fails(#"{"a": 1, "a": 2}"#, "duplicate key \"a\"", line: 1, column: 10)
        fails("{\"x\": [{\"b\": 1,\n  \"b\": 2}]}", "duplicate key \"b\"", line: 2, column: 3)
        fails(#"{"x": {"y": {"z": 1, "z": 1}}}"#, "duplicate key \"z\"")
    }

    @Test func commentsOnlyWhenAllowed() throws {
        let commented = JSONReader.Options(allowsComments: true)
        fails("[1 // c\n]", "comments are not allowed")
        #expect(try JSONReader.parse("[1, // c\n /* d\n e */ 2]", options: commented) == .array([.number(1), .number(2)]))
        #expect(try JSONReader.parse(#"{"u": "http://x/*y*/"}"#) == .object([JSONMember(key: "u", value: .string("http://x/*y*/"), line: 1, column: 2)], line: 1))
        fails("[1 /* a\u{0}b */]", "NUL byte in a comment", column: 8, options: commented)
        fails("// a\u{0}\n[1]", "NUL byte in a comment", options: commented)
        fails("[1 /* never closed", "unterminated /* comment", column: 4, options: commented)
    }

    @Test func stringsAndStructure() throws {
        fails("\"a\u{1}b\"", "control character")
        fails(#""\ud800""#, "unpaired")
        fails(#""\udc00x""#, "unpaired")
        fails(#""\x""#, "invalid escape")
        fails("[1,]", "unexpected character ']'")
        fails("{\"a\" 1}", "expected ':'")
        fails("", "empty JSON document")
        fails("[1] [2]", "unexpected text after")
        fails("[1];", "unexpected text after")
        fails(String(repeating: "[", count: 600), "nested deeper than 512")
        #expect((try? JSONReader.parse("[1];", options: .init(allowsTrailingSemicolon: true))) == .array([.number(1)]))
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse([0x22, 0xC3, 0x28, 0x22] as [UInt8]) }
    }

    @Test func lineNumbersCountFromFirstLine() {
        do {
            _ = try JSONReader.parse("{\"a\":\n tru}", options: .init(firstLine: 41))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 42)
            #expect(error.column == 2)
        }
    }

    /// The one conversion function refuses a silent underflow, keeps subnormals and signed zeros.
    @Test func numberConversion() {
        func convert(_ s: String) -> JSONNumber.Conversion {
            var s = s
            return s.withUTF8 { JSONNumber.double($0) }
        }
        #expect(convert("1e-400") == .underflow)
        #expect(convert("0.0e-999") == .value(0))
        #expect(convert("5e-324") == .value(5e-324))
        #expect(convert("1.8e308") == .overflow)
        #expect(convert("123.25") == .value(123.25))
    }
}

@Suite struct TextCheckTests {
    @Test func utf8PositionOfFirstBadByte() {
        #expect(UTF8Check.firstInvalid(Array("ok\nfine é\n".utf8)) == nil)
        let bad = UTF8Check.firstInvalid(Array("a\nb\n".utf8) + [0xED, 0xA0, 0x80])
        #expect(bad?.line == 3)
        #expect(bad?.offset == 4)
        #expect(UTF8Check.firstInvalid([0xC0, 0xAF])?.problem == "bad sequence")
        #expect(UTF8Check.firstInvalid([0xE2, 0x82])?.problem == "truncated sequence")
    }

    /// Issue 12 defect 4: NUL and non-characters; defect 3: size limits.
    @Test func fieldProblems() {
        #expect(TextField.problem("bench", field: "benchmark name") == nil)
        #expect(TextField.problem("bench\u{0}evil", field: "benchmark name")?.contains("NUL") == true)
        #expect(TextField.problem("\u{0}", field: "commit")?.contains("NUL") == true)
        for v: UInt32 in [0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF] {
            let u = Unicode.Scalar(v)!
            #expect(TextField.problem("a\(u)b", field: "x")?.contains("non-character") == true, "\(u.value)")
        }
        #expect(TextField.problem("a\u{FDCF}\u{FFFD}\u{1F600}b", field: "x") == nil)
        #expect(TextField.problem(String(repeating: "x", count: 1024), field: "commit") == nil)
        #expect(TextField.problem(String(repeating: "x", count: 1025), field: "commit")?.contains("limit of 1024") == true)
    }

    @Test func checkedIntegers() {
        #expect(CheckedInteger.exact(9.223372036854775807e18) == nil)
        #expect(CheckedInteger.exact(-9.223372036854775808e18) == Int.min)
        #expect(CheckedInteger.exact(1.5) == nil)
        #expect(CheckedInteger.exact(.nan) == nil)
        #expect(CheckedInteger.rounded(1e300) == nil)
        #expect(CheckedInteger.rounded(2.5) == 3)
        #expect(CheckedInteger.clamped(1e300, to: 0...10) == 10)
        #expect(CheckedInteger.clamped(-.infinity, to: 0...10) == 0)
        #expect(CheckedInteger.clamped(.nan, to: 0...10) == 0)
    }
}
