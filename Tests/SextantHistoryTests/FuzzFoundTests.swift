import Foundation
import Testing
@testable import SextantHistory

/// Inputs the fuzzers found (each also in Fuzz/corpus/<target>/crash-*, replayed by `make test`):
/// every one is an error naming its line, never a trap.
@Suite struct FuzzFoundTests {
    /// fuzz-importers, 300,487 executions into `make fuzz`: in `test ... bench:` the name's start
    /// ("test ") and the " ... bench:" marker overlap, and the name's range was inverted (a trap).
    @Test func rustLibtestLineWithoutAName() throws {
        for (text, line) in [("test ... bench:    3 ns/iter (+/- 1)\n", 1), ("running 1 test\ntest  ... bench: 3 ns/iter (+/- 1)\n", 2)] {
            #expect(throws: HistoryError.self) { try Importer.parse(Data(text.utf8), name: "b.txt", format: .rustLibtest) }
            do { _ = try Importer.parse(Data(text.utf8), name: "b.txt", format: .rustLibtest) } catch {
                #expect("\(error)".contains("b.txt:\(line)") && "\(error)".contains("no benchmark name"), "\(error)")
            }
        }
        let crash = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/corpus/fuzz-importers/crash-rust-libtest-overlapping-name").standardizedFileURL)
        for format in [nil, ImportFormat.rustLibtest] {
            #expect(throws: HistoryError.self) { try Importer.parse(crash, name: "crash.txt", format: format) }
        }
        // A well-formed line still parses, name and value.
        let ok = try Importer.parse(Data("test a::b ... bench:       1,234 ns/iter (+/- 56)\n".utf8), name: "ok.txt", format: .rustLibtest)
        #expect(ok.runs.first?.measurements.map(\.benchmark) == ["a::b"])
        // 1,234 ns, stored in seconds.
        #expect(abs((ok.runs.first?.measurements.first?.value ?? 0) - 1.234e-6) < 1e-15)
    }
}
