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
    var format: ReportFormat = .table

    @OptionGroup var destination: ReportOutputOptions

    @OptionGroup var filter: SeriesFilterOptions

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws { try checkTableFormat(format) }

    func run() throws {
        let policy = try loadPolicy(self.policy)
        let store = try storeOptions.open(create: false)
        let inputs = analysisInputs(try filter.load(from: store), triage: try loadTriage(store: store, files: []))
        let statuses = analyzeSeries(inputs, policy: policy, progress: progress, graph: workingCommitGraph())
        try destination.write(AnalysisRenderer.render(statuses, format: format, confidence: policy.confidence))
    }
}

/// The series as analysis inputs, each with the store's triage records: what `analyze` and
/// `dashboard` both judge.
func analysisInputs(_ series: [Series], triage: [TriageRecord]) -> [AnalysisInput] {
    series.map { s in var input = AnalysisInput(s); input.triage = triage; return input }
}

/// ``Analysis/run(_:policy:parallel:)`` over `inputs`, in batches when a progress bar is shown (each
/// series is analysed on its own, so batching changes no result; a batch keeps both cores busy).
func analyzeSeries(_ inputs: [AnalysisInput], policy: GatePolicy, progress: ProgressOptions,
                   graph: (any CommitGraph)? = nil) -> [SeriesStatus] {
    let bar = progress.bar("analyze", total: inputs.count)
    defer { bar.finish() }
    guard bar.enabled else { return Analysis.run(inputs, policy: policy, graph: graph) }
    var out: [SeriesStatus] = []
    out.reserveCapacity(inputs.count)
    let batch = max(16, inputs.count / 100)
    var start = 0
    while start < inputs.count {
        let end = min(inputs.count, start + batch)
        out += Analysis.run(Array(inputs[start..<end]), policy: policy, graph: graph)
        bar.advance(end - start)
        start = end
    }
    return out
}
