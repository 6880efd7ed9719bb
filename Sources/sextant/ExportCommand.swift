import ArgumentParser
import Foundation
import SextantHistory

extension ExportFormat: ExpressibleByArgument {}

/// `sextant export`: the history as tidy long CSV or JSON Lines.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export measurements as tidy long CSV (RFC 4180) or JSON Lines.",
        discussion: """
            CSV columns: \(HistoryStore.exportColumns.joined(separator: ", ")). Timestamps are ISO-8601 UTC; \
            values are written so that they parse back to the exact stored double. Text cells starting with \
            = + - @ tab or CR (or ') get a leading apostrophe against spreadsheet formula injection; \
            `sextant ingest` removes it again.
            """)

    @Option(help: "csv or jsonl.") var format: ExportFormat = .csv
    @Option(help: "Benchmark name glob.") var benchmark: String = "*"
    @Option(help: "Only runs at or after this date (ISO-8601).") var since: String?
    @Option(help: "Only runs on this branch.") var branch: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        var sinceDate: Date? = nil
        if let since {
            guard let d = Timestamps.parse(since) else { throw inputError(ValidationError("--since \(since) is not an ISO-8601 date")) }
            sinceDate = d
        }
        let store = try storeOptions.open()
        do {
            let out = try output.map { try BufferedOutput(path: $0) } ?? BufferedOutput(fileDescriptor: STDOUT_FILENO)
            let n = try store.export(to: out, format: format, benchmark: benchmark, since: sinceDate, branch: branch)
            try out.finish()
            if output != nil { FileHandle.standardError.write(Data("sextant: exported \(n) measurements to \(output!)\n".utf8)) }
        } catch {
            throw inputError(error)
        }
    }
}
