import Foundation
import SextantAnalysis
import SextantGate

/// A change point as the dashboard draws it: the first run of a new segment, with the mean levels of
/// the segments either side.
public struct DashboardChangePoint: Sendable, Equatable {
    /// Index (0-based, in the panel's values) of the first run of the new segment.
    public var index: Int
    /// The label (commit, else run id) of that run, when known.
    public var label: String?
    /// Mean of the segment that ends just before `index`.
    public var levelBefore: Double
    /// Mean of the segment that starts at `index`.
    public var levelAfter: Double

    /// levelAfter / levelBefore - 1 (nil when the level before is 0).
    public var relativeChange: Double? { levelBefore != 0 ? levelAfter / levelBefore - 1 : nil }
}

/// One step of a panel's forecast fan: the analysis' ``SeriesForecastStep`` (80% and 95% prediction
/// bands), with step 0 the last run itself (zero-width bands).
public typealias DashboardForecastStep = SeriesForecastStep

/// The run behind one value of a panel: its id, commit and time, for hover text, commit links and a
/// date axis.
public struct DashboardRun: Sendable, Hashable {
    /// The run's id in the store (or any unique label).
    public var id: String
    /// The commit, empty when unknown.
    public var commit: String
    /// Seconds since 1970 (UTC), nil when unknown.
    public var time: Double?

    public init(id: String, commit: String = "", time: Double? = nil) {
        self.id = id; self.commit = commit; self.time = time
    }
}

/// An SLA limit translated into the series' own unit, so that it can be drawn as a horizontal line.
public struct DashboardLimit: Sendable, Equatable {
    /// The check it comes from (key, limit in the SLA's unit, estimate, interval, status).
    public var check: SLACheck
    /// The limit in the series' unit (e.g. seconds for a `maxAvgTimeMs` limit on a time series).
    public var value: Double
    /// True for a maximum (`maxAvgTimeMs`, `maxTotalTimeMs`, `maxMemoryUsage`), false for a minimum.
    public var isMaximum: Bool
}

/// Everything the dashboard draws for one series: its values, the analysis' ``SeriesStatus``, and the
/// details behind it (all change points with their segment means, the trend over the current trend
/// segment, the 80% / 95% forecast fan, the SLA limits in the series' unit).
///
/// Built by ``DashboardPanel/panels(for:policy:)`` from SextantAnalysis' ``Analysis`` alone: the segments,
/// trend line, forecast path, regression call and attention are the analysis' own
/// (``SeriesStatus/segments``, ``SeriesStatus/trendLine``, ``SeriesStatus/forecastPath``,
/// ``SeriesStatus/isRegression``, ``SeriesStatus/attention``), so that the pictures agree with `sextant analyze`.
public struct DashboardPanel: Sendable, Equatable {
    /// The analysis of the series (benchmark, metric, unit, level, trend, SLA checks, breaches).
    public var status: SeriesStatus
    /// The run summaries analysed, oldest first (non-finite values dropped).
    public var values: [Double]
    /// One label per value (commit, else run id); empty strings when unknown.
    public var labels: [String]
    /// The run of each value (same count as `values`), empty when the caller gave none.
    public var runs: [DashboardRun] = []
    /// Every change point, ascending.
    public var changePoints: [DashboardChangePoint]
    /// The segments between change points (one when there is none).
    public var segments: [LevelSegment] { status.segments }
    /// First index of the trend segment (nil without a trend).
    public var trendStart: Int? { status.trendLine?.start }
    /// The fitted trend at `trendStart` (nil without a trend).
    public var trendStartLevel: Double? { status.trendLine?.startLevel }
    /// The fitted trend at the last run (nil without a trend).
    public var trendEndLevel: Double? { status.trendLine?.endLevel }
    /// The forecast fan, steps 0...horizon (empty without a trend).
    public var forecast: [DashboardForecastStep]
    /// The SLA limits that apply to the series, in its unit.
    public var limits: [DashboardLimit]
    /// The practical band used to call the last change a regression.
    public var minimumEffect: Double { status.minimumEffect }

    /// The most urgent reason to look at this series (the analysis' ``SeriesStatus/attention``).
    public var attention: SeriesAttention { status.attention }

    /// True when the last change point made the series worse by at least ``minimumEffect``.
    public var isRegression: Bool { status.isRegression }

    /// True when a relative change of `size` (after / before - 1) is a change for the worse.
    public func isWorse(_ size: Double) -> Bool {
        status.direction == .lowerIsBetter ? size > 0 : size < 0
    }

    /// Builds one panel per input: runs ``Analysis/run(_:policy:parallel:)`` on the finite values and adds
    /// what only the drawing needs (the change points with their labels and the segment means either side,
    /// the forecast fan anchored at the last run, step 0 with zero width, and the SLA limits in the series'
    /// unit). The result is in input order; the renderer sorts it.
    ///
    /// - Complexity: that of ``Analysis`` plus O(n + horizon) per series.
    ///
    /// `runs` (optional, one array per input, one run per value) are carried along for hover text,
    /// commit links and the date axis; `analyze` (default: ``Analysis/run(_:policy:parallel:)``) lets the
    /// caller run the same analysis in batches (for a progress bar).
    public static func panels(for inputs: [AnalysisInput], runs: [[DashboardRun]]? = nil, policy: GatePolicy,
                              analyze: (([AnalysisInput]) -> [SeriesStatus])? = nil) -> [DashboardPanel] {
        var finiteRuns: [[DashboardRun]] = []
        let finiteInputs = inputs.enumerated().map { k, input -> AnalysisInput in
            var copy = input
            var values: [Double] = [], labels: [String] = [], kept: [DashboardRun] = []
            let given = runs.flatMap { k < $0.count ? $0[k] : nil } ?? []
            for (i, v) in input.values.enumerated() where v.isFinite {
                values.append(v)
                labels.append(i < input.labels.count ? input.labels[i] : "")
                if i < given.count { kept.append(given[i]) }
            }
            copy.values = values
            copy.labels = labels
            finiteRuns.append(kept.count == values.count ? kept : [])
            return copy
        }
        let statuses = analyze?(finiteInputs) ?? Analysis.run(finiteInputs, policy: policy)
        // Each panel's details are independent: built on every core, in input order.
        let kept = finiteRuns
        return parallelMap(Array(zip(finiteInputs, statuses).enumerated())) { k, pair in
            var p = panel(input: pair.0, status: pair.1)
            p.runs = kept[k]
            return p
        }
    }

    static func panel(input: AnalysisInput, status: SeriesStatus) -> DashboardPanel {
        let values = input.values
        let segments = status.segments
        var changePoints: [DashboardChangePoint] = []
        for k in 1..<max(1, segments.count) {
            let i = segments[k].start
            changePoints.append(DashboardChangePoint(index: i, label: i < input.labels.count ? input.labels[i] : nil,
                                                     levelBefore: segments[k - 1].mean, levelAfter: segments[k].mean))
        }
        var panel = DashboardPanel(status: status, values: values, labels: input.labels, changePoints: changePoints,
                                   forecast: [], limits: [])
        panel.limits = status.slaChecks.compactMap { limit($0, unit: status.unit) }
        // The fan is the analysis' own forecast (not recomputed), anchored at the last run.
        guard !status.forecastPath.isEmpty, let last = values.last else { return panel }
        panel.forecast = [DashboardForecastStep(step: 0, estimate: last, lower80: last, upper80: last,
                                                lower95: last, upper95: last)]
            + status.forecastPath
        return panel
    }

    /// The check's limit in the series' unit, or nil when it cannot be drawn on this series' axis.
    static func limit(_ check: SLACheck, unit: String) -> DashboardLimit? {
        switch check.unit {
        case "ms":
            guard let f = Units.toMilliseconds(unit), f > 0 else { return nil }
            return DashboardLimit(check: check, value: check.limit / f, isMaximum: true)
        case "B":
            guard let f = Units.toBytes(unit), f > 0 else { return nil }
            return DashboardLimit(check: check, value: check.limit / f, isMaximum: true)
        case "ops/s":
            if let f = Units.toPerSecond(unit), f > 0 {
                return DashboardLimit(check: check, value: check.limit / f, isMaximum: false)
            }
            // A throughput limit judged on an average time: 1000 / avg ms ops/s, i.e. a maximum time.
            if let f = Units.toMilliseconds(unit), f > 0, check.limit > 0 {
                return DashboardLimit(check: check, value: 1000 / check.limit / f, isMaximum: true)
            }
            return nil
        default:
            return nil
        }
    }
}
