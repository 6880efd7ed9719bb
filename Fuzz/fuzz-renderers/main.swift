import Foundation
import FuzzSupport
import SextantChangePoint
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantReport
import SextantText

/// Every renderer fed hostile names (benchmark, metric, commit labels, gate descriptions) taken
/// from the input, split at 0xFF bytes. No crash; every output keeps its structure: Markdown code
/// spans and tables hold, JUnit and the dashboard hold only XML characters, CSV cells are
/// neutralised and keep their count, terminal text has no control sequences, and JSON output reads
/// back (with the one JSON reader) to the very names that went in.

/// A series with a step at run 15, analysed once; each input renames copies of it.
let steps: [Double] = (0..<30).map { (k: Int) -> Double in
    let level: Double = k < 15 ? 1e-3 : 2e-3
    return level * (1 + 0.01 * Double(k % 4))
}
let statusTemplate: SeriesStatus = Analysis.run([AnalysisInput(benchmark: "t", metric: "time", unit: "s", direction: .lowerIsBetter,
                                                               values: steps, labels: steps.indices.map { "c\($0)" })],
                                                policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.5)))[0]
let panelTemplate: DashboardPanel = DashboardPanel.panels(
    for: [AnalysisInput(benchmark: "t", metric: "time", unit: "s", direction: .lowerIsBetter, values: steps, labels: steps.indices.map { "c\($0)" })],
    policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.5)))[0]
let changeTemplate: ChangePointResult = (try? ChangePointDetector().detect(steps)) ?? ChangePointResult(changePoints: [], note: nil, noiseScale: nil)

func names(_ input: [UInt8]) -> [String] {
    let parts = input.split(separator: 0xFF, maxSplits: 5, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    return parts.isEmpty ? [""] : parts
}

runFuzzer { data, size in
    let n = names(bytes(data, size))
    let name = { (k: Int) -> String in n[k % n.count] }
    // Gate: one regression (prediction interval) and one SLA violation per name.
    let inputs = n.indices.map { k in
        GateInput(benchmark: name(k), metric: k == 0 ? name(1) : "time", unit: "s", direction: .lowerIsBetter,
                  candidate: [2e-3 + 1e-6 * Double(k)], baselineRuns: [[1e-3], [1.01e-3], [0.99e-3]], iterations: 1)
    }
    let report = Gate.evaluate(inputs, policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0)), options: GateOptions(resamples: 50),
                               baselineDescription: name(2), candidateDescription: name(3))
    checkMarkdown(GateRenderer.render(report, format: .md), "gate md")
    checkXMLCharacters(GateRenderer.render(report, format: .junit), "gate junit")
    checkCSV(GateRenderer.render(report, format: .csv), "gate csv")
    checkTerminal(GateRenderer.render(report, format: .table), "gate table")
    if let json = try? JSONReader.parse(GateRenderer.render(report, format: .json)) {
        let got = Set((json["report"]?["results"]?.arrayValue ?? []).compactMap { $0["benchmark"]?.stringValue })
        if got != Set(inputs.map(\.benchmark)) { violated("gate json names \(got) != \(Set(inputs.map(\.benchmark)))") }
    } else {
        violated("gate json does not parse")
    }
    // Analysis and dashboard: renamed copies of one analysed series.
    var statuses: [SeriesStatus] = []
    var panels: [DashboardPanel] = []
    for k in n.indices {
        var s = statusTemplate
        s.benchmark = name(k)
        s.metric = name(k + 1)
        s.lastChangeLabel = name(k + 2)
        statuses.append(s)
        var p = panelTemplate
        p.status = s
        p.labels = p.labels.map { _ in name(k + 3) }
        panels.append(p)
    }
    checkMarkdown(AnalysisRenderer.render(statuses, format: .md, confidence: 0.95), "analyze md")
    checkCSV(AnalysisRenderer.render(statuses, format: .csv, confidence: 0.95), "analyze csv")
    checkTerminal(AnalysisRenderer.render(statuses, format: .table, confidence: 0.95), "analyze table")
    let html = Dashboard.render(panels, title: name(0), context: [name(1)], confidence: 0.95)
    checkXMLCharacters(html, "dashboard")
    // The page has its own <script>; a name must never add an element of its own.
    if n.contains(where: { $0.contains("<img") }) && html.contains("<img") { violated("dashboard holds an injected <img>") }
    // Change points of store series with hostile names and commit labels.
    let series = n.indices.map { k in
        Series(benchmark: name(k), metric: name(k + 1), unit: "s", direction: .lowerIsBetter, points: steps.indices.map {
            SeriesPoint(runID: Int64($0), commit: name(k + $0), branch: nil, machine: nil,
                        timestamp: Date(timeIntervalSince1970: 1e9 + Double($0)), value: steps[$0], samples: nil, iterations: nil)
        })
    }
    let results = series.map { (series: $0, result: changeTemplate) }
    checkMarkdown(ChangePointRenderer.render(store: results, format: .md), "changepoints md")
    checkCSV(ChangePointRenderer.render(store: results, format: .csv), "changepoints csv")
    checkTerminal(ChangePointRenderer.render(store: results, format: .table), "changepoints table")
    checkTerminal(Escape.terminal(name(0)), "Escape.terminal")
    return 0
}
