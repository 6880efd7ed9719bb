import ArgumentParser
import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantReport

/// `sextant analyze`: the batch report over the history store. Wiring only: store -> series ->
/// SextantGate's Analysis -> SextantReport.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Per series: last change point, current level, trend, forecast, time to SLA breach, SLA status.",
        discussion: "Exit code 0 even when an SLA is violated (use `sextant gate` to fail a build); 2 on bad input.")

    @Option(help: "Policy file (SLA limits, confidence, forecastHorizon; comments allowed).")
    var policy: String?

    @Option(help: "table, md, json or csv.")
    var format: String = "table"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @OptionGroup var filter: SeriesFilterOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard let format = ReportFormat(rawValue: format), format != .junit else {
            throw inputError(ValidationError("unknown --format \(self.format); use table, md, json or csv"))
        }
        let policy = try loadPolicy(self.policy)
        let store = try storeOptions.open(create: false)
        let series = try filter.load(from: store)
        let inputs = series.map(AnalysisInput.init)
        let statuses = Analysis.run(inputs, policy: policy)
        let text = AnalysisRenderer.render(statuses, format: format, confidence: policy.confidence)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw inputError(ValidationError("cannot write \(output): \(error.localizedDescription)"))
            }
        } else {
            printOut(text)
        }
    }
}
