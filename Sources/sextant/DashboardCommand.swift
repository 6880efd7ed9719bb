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
        abstract: "Write an offline HTML dashboard: an overview of every series, charts with change points, level, trend, forecast and SLA limits.",
        discussion: """
            With --output PAGE.html the page is written with a folder PAGE-data/ beside it (one small script per \
            series, loaded when a chart is opened; keep the two together). Without --output the whole \
            dashboard, data included, goes to standard output as one page. No network: inline CSS, SVG and \
            one inline script; the page reads well with scripts off. The same store gives the same bytes. \
            Exit code 0, or 2 on a missing or empty store, a bad policy or an unwritable output.
            """)

    @Option(help: "Policy file (SLA limits, confidence, forecastHorizon; comments allowed).")
    var policy: String?

    @Option(help: "Write the page to this file (default: standard output).")
    var output: String?

    @Option(help: "The page title.")
    var title: String = "Sextant performance dashboard"

    @Option(help: ArgumentHelp("Link commits with this URL template, e.g. 'https://github.com/OWNER/REPO/commit/{commit}' (default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY when both are set).", valueName: "template"))
    var commitURL: String?

    @OptionGroup var filter: SeriesFilterOptions

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        if let commitURL {
            guard commitURL.hasPrefix("https://") || commitURL.hasPrefix("http://") else {
                throw ValidationError("--commit-url must start with https:// or http://")
            }
            guard commitURL.contains("{commit}") else { throw ValidationError("--commit-url must contain {commit}") }
        }
    }

    /// --commit-url, else GitHub Actions' GITHUB_SERVER_URL/GITHUB_REPOSITORY, else none.
    var commitTemplate: String? {
        if let commitURL { return commitURL }
        let env = ProcessInfo.processInfo.environment
        guard let server = env["GITHUB_SERVER_URL"], let repo = env["GITHUB_REPOSITORY"],
              server.hasPrefix("https://") || server.hasPrefix("http://"), !repo.isEmpty else { return nil }
        return "\(server.hasSuffix("/") ? String(server.dropLast()) : server)/\(repo)/commit/{commit}"
    }

    func run() throws {
        let policy = try loadPolicy(self.policy)
        let store = try storeOptions.open(create: false)
        let series = try filter.load(from: store)
        // The same run summaries and labels as `sextant analyze`, so that the panels show the
        // analysis' change points, levels and forecasts.
        let inputs = analysisInputs(series, triage: try loadTriage(store: store, files: []))
        let graph = workingCommitGraph()
        let runs = series.map { $0.points.map { DashboardRun(id: String($0.runID), commit: $0.commit ?? "", time: $0.timestamp.timeIntervalSince1970) } }
        let panels = DashboardPanel.panels(for: inputs, runs: runs, policy: policy) {
            analyzeSeries($0, policy: policy, progress: progress, graph: graph)
        }
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
        let bar = progress.bar("dashboard", total: panels.filter { !$0.isConstant }.count)
        defer { bar.finish() }
        if let output {
            // PAGE.html -> PAGE-data/ beside it (relative links, so the pair can be moved together).
            let page = URL(fileURLWithPath: output)
            let folder = page.deletingPathExtension().lastPathComponent + "-data"
            let site = Dashboard.site(panels, title: title, context: context, confidence: policy.confidence,
                                      commitURL: commitTemplate, data: .files(directory: folder)) { bar.advance() }
            let base = page.deletingLastPathComponent()
            do {
                let dataDir = base.appendingPathComponent(folder)
                // The page's own folder must exist (it is not created: a mistyped path is an error).
                if !FileManager.default.fileExists(atPath: dataDir.path) {
                    try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: false)
                }
                for file in site.files {
                    try Data(file.contents.utf8).write(to: base.appendingPathComponent(file.path))
                }
                // Files of an older dashboard (series that are gone) would be stale: remove them.
                let written = Set(site.files.map { ($0.path as NSString).lastPathComponent })
                for name in try FileManager.default.contentsOfDirectory(atPath: dataDir.path) where !written.contains(name) {
                    try FileManager.default.removeItem(at: dataDir.appendingPathComponent(name))
                }
                try Data(site.index.utf8).write(to: page, options: .atomic)
            } catch {
                throw inputError(ValidationError("cannot write \(output): \(error.localizedDescription)"))
            }
            bar.finish()
            FileHandle.standardError.write(Data("sextant dashboard: \(panels.count) series -> \(output) (+ \(site.files.count) files in \(folder)/)\n".utf8))
        } else {
            let site = Dashboard.site(panels, title: title, context: context, confidence: policy.confidence,
                                      commitURL: commitTemplate, data: .embedded) { bar.advance() }
            bar.finish()
            FileHandle.standardOutput.write(Data(site.index.utf8))
        }
    }
}
