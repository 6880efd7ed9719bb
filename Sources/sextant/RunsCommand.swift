import ArgumentParser
import Foundation
import SextantHistory

/// `sextant runs`: lists stored runs, oldest first.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List the stored runs, oldest first.")

    @Option(help: "Only runs on this branch.") var branch: String?
    @Option(help: "Only runs on this machine.") var machine: String?
    @Option(help: "Only the last N runs.") var limit: Int?
    @Option(help: "Output format: table or json.") var format: ListFormat = .table
    @OptionGroup var storeOptions: StoreOptions

    struct RunJSON: Encodable {
        var id: Int64, commit: String?, branch: String?, timestamp: Date, machine: String?, toolchain: String?
        var source: String?, format: String, measurements: Int, contentHash: String
    }

    func run() throws {
        let store = try storeOptions.open()
        let runs: [Run]
        do { runs = try store.runs(branch: branch, machine: machine, limit: limit) } catch { throw inputError(error) }
        switch format {
        case .json:
            printOut(try encodeJSON(runs.map {
                RunJSON(id: $0.id, commit: $0.commit, branch: $0.branch, timestamp: $0.timestamp, machine: $0.machine,
                        toolchain: $0.toolchain, source: $0.source, format: $0.format, measurements: $0.measurementCount,
                        contentHash: $0.contentHash)
            }))
        case .table:
            printOut(renderTable(["id", "timestamp", "commit", "branch", "machine", "format", "measurements"], runs.map {
                [String($0.id), Timestamps.format($0.timestamp), String(($0.commit ?? "-").prefix(12)), $0.branch ?? "-",
                 $0.machine ?? "-", $0.format, String($0.measurementCount)]
            }))
        }
    }
}
