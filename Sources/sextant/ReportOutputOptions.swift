import ArgumentParser
import Foundation

/// `--output FILE`: where a text report goes (standard output without it). Shared by `analyze`, `gate`
/// and `compare` (through ``GateReportOptions``), so the option and the write are declared once.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    /// Writes `text` to `--output` (atomically) or to standard output.
    /// - Throws: an input error (exit 2, one line) when the file cannot be written.
    func write(_ text: String) throws {
        guard let output else { return printOut(text) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw inputError(ValidationError("cannot write \(output): \(error.localizedDescription)"))
        }
    }
}
