import Foundation
import SextantAnalysis
import SextantChangePoint
import SextantForecast
import SextantGate
import SextantHistory
import SextantReport

/// What the renderer targets (`fuzz-render-*`) render: small reports whose every name comes from the
/// fuzz input. The statistics behind them (a gate evaluation, an analysis, change points, a
/// forecast, dashboard panels) are computed once, at start-up, on a fixed series; each input only
/// renames copies of them, so an execution costs one rendering, not one analysis.
///
/// The input's last byte is the selector: which one of a target's reports this execution renders
/// (``report(of:)``), so that an execution costs one rendering and its check, not four. The bytes before
/// it are split at 0xFF bytes into up to six names (invalid UTF-8 becomes U+FFFD); name `k` is used as
/// benchmark, metric, commit label, triage reason, description or title in turn.
public struct RenderInputs: Sendable {
    /// The names, at least one.
    public let names: [String]
    /// The last byte of the input (0 for an empty input).
    public let selector: UInt8

    public init(_ input: [UInt8]) {
        selector = input.last ?? 0
        let parts = input.dropLast().split(separator: 0xFF, maxSplits: 5, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        names = parts.isEmpty ? [""] : parts
    }

    /// Which of `count` reports this input renders: the selector modulo `count`.
    public func report(of count: Int) -> Int { Int(selector) % count }

    /// Name `k`, cycling through the names.
    public func name(_ k: Int) -> String { names[k % names.count] }

    /// The gate report: the template's results (a regression with its bisect window and a triage
    /// mark, an SLA violation, an improvement, no change, an inconclusive one), renamed.
    public var gateReport: GateReport {
        var r = Templates.gate
        r.baselineDescription = name(2)
        r.candidateDescription = name(3)
        for k in r.results.indices {
            r.results[k].benchmark = name(k)
            r.results[k].metric = k == 0 ? name(1) : "time"
            if r.results[k].window != nil {
                r.results[k].window = BisectWindow(lastGood: RunReference(run: 1, commit: name(k + 1)),
                                                   firstBad: RunReference(run: 2, commit: name(k + 2)), commits: 1)
            }
            if r.results[k].triage != nil {
                r.results[k].triage = TriageMark(status: .acknowledged, reason: name(k + 3), by: name(k + 4), commit: name(k + 2))
            }
        }
        return r
    }

    /// One analysed series per name.
    public var statuses: [SeriesStatus] {
        names.indices.map { k in
            var s = Templates.status
            s.benchmark = name(k)
            s.metric = name(k + 1)
            s.lastChangeLabel = name(k + 2)
            return s
        }
    }

    /// One dashboard panel per name (its status renamed as in ``statuses``, its run labels name `k + 3`).
    public var panels: [DashboardPanel] {
        zip(names.indices, statuses).map { k, s in
            var p = Templates.panel
            p.status = s
            p.labels = p.labels.map { _ in name(k + 3) }
            return p
        }
    }

    /// One store series per name with its change points; commit labels are the names in turn.
    public var changePoints: [(series: Series, result: ChangePointResult)] {
        names.indices.map { k in
            let points = Templates.values.indices.map { i in
                SeriesPoint(runID: Int64(i), commit: name(k + i), branch: nil, machine: nil,
                            timestamp: Date(timeIntervalSince1970: 1e9 + Double(i)), value: Templates.values[i], samples: nil, iterations: nil)
            }
            return (Series(benchmark: name(k), metric: name(k + 1), unit: "s", direction: .lowerIsBetter, points: points),
                    Templates.changes)
        }
    }

    /// One forecast entry per name (benchmark and metric renamed), with a breach forecast. The first
    /// entry's unit is name 2 (an unknown unit is kept as written), the others' `s`: every cell
    /// normalises its unit (Foundation trimming), which for six hostile units was a third of the time.
    public var forecasts: [ForecastRenderer.Entry] {
        names.indices.map { k in
            ForecastRenderer.Entry(benchmark: name(k), metric: name(k + 1), unit: k == 0 ? name(2) : "s",
                                   result: Templates.forecast, breach: Templates.breach)
        }
    }
}

/// The statistics computed once per process (Swift initialises each global lazily, once).
enum Templates {
    /// A series with a step at run 8 and a little noise: 16 runs, few enough that a dashboard panel,
    /// its SVG and an analysis' JSON stay small (rendering and reading them back is each execution's cost).
    static let values: [Double] = (0..<16).map { (k: Int) -> Double in
        let level: Double = k < 8 ? 1e-3 : 2e-3
        return level * (1 + 0.01 * Double(k % 4))
    }
    static let policy = GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.5))
    static let input = AnalysisInput(benchmark: "t", metric: "time", unit: "s", direction: .lowerIsBetter,
                                     values: values, labels: values.indices.map { "c\($0)" })
    static let status: SeriesStatus = Analysis.run([input], policy: policy)[0]
    static let panel: DashboardPanel = DashboardPanel.panels(for: [input], policy: policy)[0]
    static let changes: ChangePointResult = (try? ChangePointDetector().detect(values))
        ?? ChangePointResult(changePoints: [], note: nil, noiseScale: nil)
    static let forecast: Result<Forecast, ForecastError> = Result { () throws(ForecastError) -> Forecast in
        try Forecaster.forecast(Array(values[8...]), horizon: 3)
    }
    static let breach: BreachForecast? = (try? forecast.get()).map {
        BreachForecast(forecast: $0, lastObservation: values[15], limit: 2.5e-3, direction: .lowerIsBetter)
    }
    static let gate: GateReport = {
        let baseline: [[Double]] = [[1e-3], [1.01e-3], [0.99e-3], [1.02e-3]]
        let inputs = [
            GateInput(benchmark: "regression", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [2e-3, 2.01e-3, 1.99e-3], baselineRuns: baseline, iterations: 1),
            GateInput(benchmark: "sla", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [3e-3, 3.01e-3, 2.99e-3], baselineRuns: baseline.map { $0.map { $0 * 3 } }, iterations: 1),
            GateInput(benchmark: "improvement", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [0.5e-3, 0.51e-3, 0.49e-3], baselineRuns: baseline, iterations: 1),
            GateInput(benchmark: "same", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [1e-3, 1.01e-3, 0.99e-3, 1.0e-3], baselineRuns: baseline, iterations: 1),
            GateInput(benchmark: "new", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [1e-3], baselineRuns: [], iterations: 1),
        ]
        var r = Gate.evaluate(inputs, policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 2.5)), options: GateOptions(resamples: 200))
        // The regression carries a bisect window and a triage mark (renamed per input).
        r.results[0].window = BisectWindow(lastGood: RunReference(run: 1, commit: "a"), firstBad: RunReference(run: 2, commit: "b"), commits: 1)
        r.results[0].triage = TriageMark(status: .acknowledged, reason: "r", by: "b", commit: "b")
        return r
    }()
}
