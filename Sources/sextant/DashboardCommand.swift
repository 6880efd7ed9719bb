import ArgumentParser
import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantReport

/// `sextant dashboard`: the static HTML dashboard of the history store. Wiring only: store -> series ->
/// SextantReport's DashboardPanel (SextantGate's Analysis and its details) -> Dashboard page.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write a self-contained HTML dashboard: one chart per series with change points, level, trend, forecast and SLA limits.",
        discussion: """
            The page has no scripts or external resources (inline SVG and CSS), so it works offline and as a \
            CI artifact; the same store gives the same bytes. Exit code 0, or 2 on a missing or empty store, \
            a bad policy or an unwritable output.
            """)

    @Option(help: "Policy file (SLA limits, confidence, forecastHorizon; comments allowed).")
    var policy: String?

    @Option(help: "Write the page to this file (default: standard output).")
    var output: String?

    @Option(help: "The page title.")
    var title: String = "Sextant performance dashboard"

    @OptionGroup var filter: SeriesFilterOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let policy = try loadPolicy(self.policy)
        let store = try storeOptions.open(create: false)
        let series = try filter.load(from: store)
        // The same run summaries and labels as `sextant analyze`, so that the panels show the
        // analysis' change points, levels and forecasts.
        let inputs = series.map(AnalysisInput.init)
        let panels = DashboardPanel.panels(for: inputs, policy: policy)
        let stamps = series.flatMap { $0.points.map(\.timestamp) }
        var context = ["store: \(store.path)"]
        if let first = stamps.min(), let last = stamps.max() {
            context.append("runs from \(Timestamps.format(first)) to \(Timestamps.format(last))")
        }
        var filters: [String] = []
        if filter.glob != "*" { filters.append("benchmark \(filter.glob)") }
        if let metric = filter.metric { filters.append("metric \(metric)") }
        if let branch = filter.branch { filters.append("branch \(branch)") }
        if let machine = filter.machine { filters.append("machine \(machine)") }
        filters.append(self.policy.map { "policy \($0)" } ?? "default policy (no SLA limits)")
        filters.append("forecast horizon \(policy.forecastHorizon) runs")
        context.append(filters.joined(separator: " · "))
        let html = Dashboard.render(panels, title: title, context: context, confidence: policy.confidence)
        if let output {
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw inputError(ValidationError("cannot write \(output): \(error.localizedDescription)"))
            }
            FileHandle.standardError.write(Data("sextant dashboard: \(panels.count) series -> \(output)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(html.utf8))
        }
    }
}
