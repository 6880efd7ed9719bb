import Testing
@testable import SextantNumerics

@Suite("NumericTable reads through SextantText's delimited reader")
struct NumericTableQuotingTests {
    @Test("A quoted cell holding a comma stays one cell (the old splitter cut it in two)")
    func quotedComma() throws {
        let t = try NumericTable(csv: "label,y,x\n\"a,b\",1,2\n\"c\"\"d\",3,4.5\n")
        #expect(t.header == ["label", "y", "x"])
        #expect(t.rows.map(\.fields) == [["a,b", "1", "2"], ["c\"d", "3", "4.5"]])
        #expect(try t.column("x") == [2, 4.5])
    }

    @Test("An unterminated quote is an error naming its line")
    func unterminated() {
        #expect(throws: NumericTableError(line: 3, problem: "unterminated quoted field")) {
            try NumericTable(csv: "y,x\n1,2\n\"3,4\n")
        }
    }
}
