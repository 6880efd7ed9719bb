import Foundation
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

/// A run of values between two change points, drawn as one step of the segment-mean line.
public struct DashboardSegment: Sendable, Equatable {
    /// First index of the segment.
    public var start: Int
    /// One past the last index.
    public var end: Int
    /// Arithmetic mean of the segment's values.
    public var mean: Double
}

/// One step of the forecast fan: the point forecast `step` runs after the last run with its 80% and 95%
/// prediction intervals.
public struct DashboardForecastStep: Sendable, Equatable {
    /// Runs after the last run (0 is the fitted value at the last run).
    public var step: Int
    /// The point forecast `step` runs ahead (step 0: the last run itself, with zero-width bands).
    public var estimate: Double
    /// Bounds of the 80% prediction interval for a new run at `step`.
    public var lower80: Double
    public var upper80: Double
    /// Bounds of the 95% prediction interval for a new run at `step`.
    public var lower95: Double
    public var upper95: Double
}

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

/// Why a series deserves attention, most urgent first; the dashboard sorts its table and panels by it.
public enum DashboardAttention: Int, Sendable, Equatable, Comparable, CaseIterable {
    /// Even the favourable bound of the current level is past an SLA limit.
    case slaViolation = 0
    /// A clear trend crosses an SLA limit within the forecast horizon.
    case forecastBreach = 1
    /// The last change point moved the level the bad way by at least the practical band (`minimumEffect`).
    case regression = 2
    /// The trend's interval excludes zero on the bad side.
    case worsening = 3
    /// The level interval straddles an SLA limit.
    case slaInconclusive = 4
    /// Nothing to report.
    case ok = 5

    /// More urgent first.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A short label for badges (`SLA violation`, `breach forecast`, `regression`, ...).
    public var label: String {
        switch self {
        case .slaViolation: return "SLA violation"
        case .forecastBreach: return "breach forecast"
        case .regression: return "regression"
        case .worsening: return "worsening"
        case .slaInconclusive: return "SLA inconclusive"
        case .ok: return "ok"
        }
    }
}

/// Everything the dashboard draws for one series: its values, the analysis' ``SeriesStatus``, and the
/// details behind it (all change points with their segment means, the trend over the current trend
/// segment, the 80% / 95% forecast fan, the SLA limits in the series' unit).
///
/// Built by ``DashboardPanel/panels(for:policy:)`` from SextantGate's ``Analysis`` and the same kernels it
/// uses (``LevelShifts`` for change points, ``GateTrend`` for the trend line) and the analysis' own
/// forecast path (``SeriesStatus/forecastPath``), so that the pictures agree with `sextant analyze`.
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
    public var segments: [DashboardSegment]
    /// First index of the trend segment the forecast is fitted on (nil without a trend).
    public var trendStart: Int?
    /// The fitted trend at `trendStart` (nil without a trend).
    public var trendStartLevel: Double?
    /// The fitted trend at the last run (nil without a trend).
    public var trendEndLevel: Double?
    /// The forecast fan, steps 0...horizon (empty without a trend).
    public var forecast: [DashboardForecastStep]
    /// The SLA limits that apply to the series, in its unit.
    public var limits: [DashboardLimit]
    /// The practical band used to call the last change a regression.
    public var minimumEffect: Double

    /// The most urgent reason to look at this series.
    public var attention: DashboardAttention {
        if status.slaChecks.contains(where: { $0.status == .violation }) { return .slaViolation }
        if !status.breaches.isEmpty { return .forecastBreach }
        if isRegression { return .regression }
        if status.trend == "worsening" { return .worsening }
        if status.slaChecks.contains(where: { $0.status == .inconclusive }) { return .slaInconclusive }
        return .ok
    }

    /// True when the last change point made the series worse by at least ``minimumEffect``.
    public var isRegression: Bool {
        guard let size = status.lastChangeSize, size.isFinite else { return false }
        let worse = status.direction == .lowerIsBetter ? size : -size
        return worse > 0 && worse >= minimumEffect
    }

    /// True when a relative change of `size` (after / before - 1) is a change for the worse.
    public func isWorse(_ size: Double) -> Bool {
        status.direction == .lowerIsBetter ? size > 0 : size < 0
    }

    /// Builds one panel per input: runs ``Analysis/run(_:policy:parallel:)`` and adds the details the
    /// charts need. The result is in input order; the renderer sorts it.
    ///
    /// The details repeat the analysis' own choices: change points are ``LevelShifts/changePoints(_:minimumSegment:)``
    /// of the finite values, the trend line is the HAC ``GateTrend`` over
    /// ``LevelShifts/currentTrendSegment(_:)`` of the last `max(segment, min(n, baselineWindow))` runs,
    /// and the fan is the analysis' forecast (``SeriesStatus/forecastPath``: SextantForecast's ETS on
    /// the current segment) at 80% and 95% for steps 1...`forecastHorizon`, anchored at the last run
    /// (step 0, zero width).
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
            var p = panel(input: pair.0, status: pair.1, policy: policy)
            p.runs = kept[k]
            return p
        }
    }

    static func panel(input: AnalysisInput, status: SeriesStatus, policy: GatePolicy) -> DashboardPanel {
        let values = input.values
        let n = values.count
        let cps = LevelShifts.changePoints(values)
        let bounds = [0] + cps + [n]
        var segments: [DashboardSegment] = []
        for k in 0..<(bounds.count - 1) where bounds[k] < bounds[k + 1] {
            let part = values[bounds[k]..<bounds[k + 1]]
            segments.append(DashboardSegment(start: bounds[k], end: bounds[k + 1],
                                             mean: part.reduce(0, +) / Double(part.count)))
        }
        var changePoints: [DashboardChangePoint] = []
        for k in 1..<max(1, segments.count) {
            let i = segments[k].start
            changePoints.append(DashboardChangePoint(index: i, label: i < input.labels.count ? input.labels[i] : nil,
                                                     levelBefore: segments[k - 1].mean, levelAfter: segments[k].mean))
        }
        let settings = policy.settings(for: input.benchmark)
        var panel = DashboardPanel(status: status, values: values, labels: input.labels, changePoints: changePoints,
                                   segments: segments, trendStart: nil, trendStartLevel: nil, trendEndLevel: nil,
                                   forecast: [], limits: [], minimumEffect: settings.minimumEffect)
        panel.limits = status.slaChecks.compactMap { limit($0, unit: status.unit) }
        guard n > 0 else { return panel }
        if status.slopePerRun != nil {
            let segment = Array(values[(cps.last ?? 0)...])
            let window = segment.count >= 3 ? Array(values.suffix(max(segment.count, min(n, policy.baselineWindow)))) : segment
            let trendSegment = LevelShifts.currentTrendSegment(window)
            if let trend = GateTrend(trendSegment, confidence: policy.confidence) {
                panel.trendStart = n - trendSegment.count
                panel.trendStartLevel = trend.fit.predict(at: 0)
                panel.trendEndLevel = trend.fit.predict(at: Double(trendSegment.count - 1))
            }
        }
        // The fan is the analysis' own forecast (not recomputed), anchored at the last run.
        guard !status.forecastPath.isEmpty, let last = values.last else { return panel }
        panel.forecast = [DashboardForecastStep(step: 0, estimate: last, lower80: last, upper80: last,
                                                lower95: last, upper95: last)]
            + status.forecastPath.map { f in
                DashboardForecastStep(step: f.step, estimate: f.estimate, lower80: f.lower80, upper80: f.upper80,
                                      lower95: f.lower95, upper95: f.upper95)
            }
        return panel
    }

    /// The check's limit in the series' unit, or nil when it cannot be drawn on this series' axis.
    static func limit(_ check: SLACheck, unit: String) -> DashboardLimit? {
        switch check.unit {
        case "ms":
            guard let f = GateUnits.toMilliseconds(unit), f > 0 else { return nil }
            return DashboardLimit(check: check, value: check.limit / f, isMaximum: true)
        case "B":
            guard let f = GateUnits.toBytes(unit), f > 0 else { return nil }
            return DashboardLimit(check: check, value: check.limit / f, isMaximum: true)
        case "ops/s":
            if let f = GateUnits.toPerSecond(unit), f > 0 {
                return DashboardLimit(check: check, value: check.limit / f, isMaximum: false)
            }
            // A throughput limit judged on an average time: 1000 / avg ms ops/s, i.e. a maximum time.
            if let f = GateUnits.toMilliseconds(unit), f > 0, check.limit > 0 {
                return DashboardLimit(check: check, value: 1000 / check.limit / f, isMaximum: true)
            }
            return nil
        default:
            return nil
        }
    }
}
