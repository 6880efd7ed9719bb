import Dispatch
import Foundation
import SextantForecast
import SextantNumerics
import SextantHistory

/// What the analysis of every series shares: the interval confidence, how far ahead to forecast, and how
/// many recent runs the trend looks at. The gate's policy (`sla_thresholds.json`) supplies them for the CLI.
public struct AnalysisSettings: Sendable, Equatable {
    /// Two-sided confidence of every interval; 0.95 is the field's convention (criterion, benchstat).
    public var confidence: Double
    /// How many runs ahead the forecast looks for an SLA breach.
    public var forecastHorizon: Int
    /// The most recent runs the trend is fitted on, when the current segment is shorter (the policy's
    /// `baselineWindow`, default 30).
    public var trendWindow: Int

    public init(confidence: Double = 0.95, forecastHorizon: Int = 20, trendWindow: Int = 30) {
        self.confidence = confidence; self.forecastHorizon = forecastHorizon; self.trendWindow = trendWindow
    }
}

/// One series for ``Analysis``: run summaries oldest first, with a label per run (commit or run id), and
/// the limits and practical band that apply to it.
public struct AnalysisInput: Sendable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    public var values: [Double]
    /// One label per value (e.g. the run id or commit); may be empty.
    public var labels: [String]
    /// Iterations of the latest run, for the total-time limit.
    public var iterations: Int?
    /// The SLA limits of this benchmark (none by default).
    public var limits: SLALimits
    /// The practical band: a last change at least this large (relative) the bad way is a regression
    /// (the policy's `minimumEffect`, default its `regressionThreshold` 0.10).
    public var minimumEffect: Double
    /// The run behind each value (same count as `values`), for the bisect window of every change;
    /// empty when unknown (an `--input` series).
    public var runs: [RunReference] = []
    /// Triage records (issue 19); those matching this series apply to its changes: an `invalid`
    /// change is not used as a level shift, the others are shown with their status.
    public var triage: [TriageRecord] = []

    public init(benchmark: String, metric: String, unit: String, direction: Direction, values: [Double],
                labels: [String] = [], iterations: Int? = nil, limits: SLALimits = SLALimits(), minimumEffect: Double = 0.10) {
        self.benchmark = benchmark; self.metric = metric; self.unit = unit; self.direction = direction
        self.values = values; self.labels = labels; self.iterations = iterations
        self.limits = limits; self.minimumEffect = minimumEffect
    }

    /// A stored series, each run summarised by ``RunSummary`` and labelled by its commit (or run id when
    /// the run has none), so that `sextant analyze`, the gate and the dashboard read the same summaries.
    /// - Complexity: O(total samples log samples per run).
    public init(_ series: Series) {
        self.init(benchmark: series.benchmark, metric: series.metric, unit: series.unit, direction: series.direction,
                  values: RunSummary.values(of: series),
                  labels: series.points.map { $0.commit ?? "run \($0.runID)" },
                  iterations: series.points.last?.iterations)
        runs = series.points.map(RunReference.init)
    }

    /// A series from its runs, each summarised by ``RunSummary/value(_:samples:)``.
    public init(benchmark: String, metric: String, unit: String, direction: Direction,
                runs: [(value: Double, samples: [Double]?)], labels: [String] = [], iterations: Int? = nil) {
        self.init(benchmark: benchmark, metric: metric, unit: unit, direction: direction,
                  values: runs.map { RunSummary.value($0.value, samples: $0.samples) },
                  labels: labels, iterations: iterations)
    }
}

/// The batch report over a history: ``SeriesStatus`` for every series.
///
/// Per series: change points by ``LevelShifts`` (SextantChangePoint's binary segmentation of the log
/// values for mean shifts, penalty 4 log n), the current level as the segment mean with its Student t
/// interval, the trend as the OLS slope with Newey-West (HAC) interval (``TrendFit``, SextantForecast's
/// ``SextantForecast/LinearTrend``) over the current trend segment (``LevelShifts/currentTrendSegment(_:)``),
/// the forecast `horizon` runs ahead by SextantForecast's ``SextantForecast/Forecaster`` (`.auto`: the
/// AICc-weighted combination of the admissible ETS models) on the current segment (after the last
/// change point; its last ``forecastWindow`` runs at most; on the log scale when the values are
/// positive, so that intervals stay positive and widen multiplicatively), with its prediction interval, SLA limits
/// judged on the level interval (``LimitChecks``), and a breach warning when a clear (HAC) worsening trend
/// goes with a point forecast past a limit within the horizon (the one time-to-breach rule,
/// ``ForecastWarning/init(key:limit:factor:unit:isMaximum:forecast:level:lastObservation:relativeSlopePerRun:)``).
///
/// - Complexity: O(n log n) per series of n runs for the change points (O(n k) for k change points),
///   O(w) for the trend window w, and O(6 m E) for the forecast of m = min(segment, forecastWindow) runs
///   (six ETS models, E likelihood evaluations each); parallel over series.
public enum Analysis {
    /// The forecast is fitted on at most the last 200 runs of the current segment: ETS adapts to
    /// recent runs anyway (older ones carry geometrically decaying weight), and the bound keeps
    /// `sextant analyze` over 1000 series of 1000 runs within its time budget.
    public static let forecastWindow = 200

    /// Analyses every input (in input order).
    /// - Complexity: see ``Analysis``.
    /// `graph` (a git checkout's, when given) counts the commits of every change's bisect window and
    /// places triage records named by a commit inside a window.
    public static func run(_ inputs: [AnalysisInput], settings: AnalysisSettings = AnalysisSettings(),
                           parallel: Bool = true, graph: (any CommitGraph)? = nil) -> [SeriesStatus] {
        // Every run's commit looked up at once (bisect windows, triage records inside windows).
        if let graph {
            graph.prefetch(Set(inputs.flatMap { $0.runs.compactMap(\.commit) } + inputs.flatMap { $0.triage.map(\.commit) }))
        }
        let storage = UnsafeMutablePointer<SeriesStatus?>.allocate(capacity: max(inputs.count, 1))
        storage.initialize(repeating: nil, count: max(inputs.count, 1))
        defer { storage.deinitialize(count: max(inputs.count, 1)); storage.deallocate() }
        nonisolated(unsafe) let out = storage
        // A benchmark with its own throughput series is not also judged on the throughput implied by its time.
        let withThroughput = Set(inputs.filter { LimitChecks.isThroughput(metric: $0.metric, unit: $0.unit) }.map(\.benchmark))
        let workers = parallel ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, inputs.count)) : 1
        let chunk = (inputs.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: inputs.isEmpty ? 0 : workers) { w in
            let start = w * chunk, end = min(inputs.count, start + chunk)
            guard start < end else { return }
            for i in start..<end {
                out[i] = analyse(inputs[i], settings: settings, deriveThroughput: !withThroughput.contains(inputs[i].benchmark),
                                 graph: graph)
            }
        }
        return (0..<inputs.count).map { storage[$0]! }
    }

    /// The window the trend is fitted on: the current segment, or the last `trendWindow` runs when the
    /// segment is shorter (but has at least 3 runs), cut at the last abrupt shift of the residuals.
    /// - Complexity: as ``LevelShifts/currentTrendSegment(_:)``.
    static func trendSegment(_ values: [Double], segmentCount: Int, trendWindow: Int) -> [Double] {
        let n = values.count
        return LevelShifts.currentTrendSegment(
            segmentCount >= 3 ? Array(values.suffix(max(segmentCount, min(n, trendWindow)))) : Array(values.suffix(segmentCount)))
    }

    static func analyse(_ input: AnalysisInput, settings: AnalysisSettings, deriveThroughput: Bool,
                        graph: (any CommitGraph)? = nil) -> SeriesStatus {
        let finite = input.values.indices.filter { input.values[$0].isFinite }
        let values = finite.map { input.values[$0] }
        let runs = input.runs.count == input.values.count ? finite.map { input.runs[$0] } : []
        let n = values.count
        let shifts = LevelShifts.fit(values)
        let triage = input.triage.filter { $0.matches(benchmark: input.benchmark, metric: input.metric) }
        let changes = SeriesChange.changes(shifts.changePoints, segments: shifts.segments, runs: runs,
                                           labels: finite.map { $0 < input.labels.count ? input.labels[$0] : "" },
                                           direction: input.direction, minimumEffect: input.minimumEffect,
                                           series: (input.benchmark, input.metric), triage: triage, graph: graph)
        // An invalid change is noise, not a level shift: the segments either side are one.
        let cps = changes.filter(\.usedAsLevelShift).map(\.index)
        let segments = cps.count == shifts.changePoints.count ? shifts.segments : LevelSegment.segments(values, changePoints: cps)
        let start = cps.last ?? 0
        let segment = Array(values[start...])
        let (m, lo, hi) = LevelInterval.mean(segment, confidence: settings.confidence)
        var shiftSize: Double? = nil
        if segments.count >= 2 {
            let mb = segments[segments.count - 2].mean
            if mb != 0 { shiftSize = m / mb - 1 }
        }
        var status = SeriesStatus(
            benchmark: input.benchmark, metric: input.metric, unit: input.unit, direction: input.direction, runs: n,
            lastChangeIndex: cps.last, lastChangeLabel: cps.last.flatMap { $0 < input.labels.count ? input.labels[$0] : nil },
            lastChangeSize: shiftSize, segmentRuns: segment.count, level: m, levelLower: lo, levelUpper: hi,
            slopePerRun: nil, slopeLower: nil, slopeUpper: nil, trend: .none, horizon: settings.forecastHorizon,
            forecast: nil, forecastLower: nil, forecastUpper: nil, slaChecks: [], breaches: [])
        status.segments = segments
        status.minimumEffect = input.minimumEffect
        status.changes = changes
        guard n > 0 else { return status }
        status.slaChecks = LimitChecks.checks(metric: input.metric, unit: input.unit, estimate: m, lower: lo, upper: hi,
                                              iterations: input.iterations, limits: input.limits,
                                              deriveThroughput: deriveThroughput, deriveTotal: false)
        let trendSegment = trendSegment(values, segmentCount: segment.count, trendWindow: settings.trendWindow)
        // Forecast on the current segment, independent of the trend fit.
        let horizon = settings.forecastHorizon
        let level = settings.confidence * 100
        let forecastStart = max(start, n - forecastWindow)
        var fc: Forecast? = nil
        if horizon >= 1, n - forecastStart >= Forecaster.minimumCount {
            // Times, sizes and rates are positive with multiplicative noise: forecast their logarithm
            // (SextantForecast's `.log` scale), so intervals never cross zero.
            let positive = values[forecastStart...].allSatisfy { $0 > 0 }
            fc = try? Forecaster.forecast(values, method: .auto, horizon: horizon, levels: Array(Set([80, 95, level])).sorted(),
                                          start: forecastStart, scale: positive ? .log : .linear)
        }
        var haveBand = false
        if let fc, let b = fc.band(level: level), let b80 = fc.band(level: 80), let b95 = fc.band(level: 95) {
            haveBand = true
            status.forecast = fc.mean[horizon - 1]
            status.forecastLower = b.lower[horizon - 1]; status.forecastUpper = b.upper[horizon - 1]
            status.forecastModel = fc.model
            status.forecastStart = forecastStart
            status.forecastPath = (0..<horizon).map { k in
                SeriesForecastStep(step: k + 1, estimate: fc.mean[k], lower80: b80.lower[k], upper80: b80.upper[k],
                                   lower95: b95.lower[k], upper95: b95.upper[k])
            }
        }
        guard let trend = TrendFit(trendSegment, confidence: settings.confidence) else { return status }
        status.slopePerRun = trend.slope; status.slopeLower = trend.slopeLower; status.slopeUpper = trend.slopeUpper
        status.trendLine = TrendLine(start: n - trendSegment.count, startLevel: trend.fit.predict(at: 0),
                                     endLevel: trend.fittedLast)
        status.trend = TrendVerdict(slopeLower: trend.slopeLower, slopeUpper: trend.slopeUpper, direction: input.direction)
        guard status.trend == .worsening, let fc, haveBand,
              let target = LimitChecks.forecastLimit(metric: input.metric, unit: input.unit, limits: input.limits),
              !status.slaChecks.contains(where: { $0.key == target.key && $0.status == .violation })
        else { return status }
        let fitted = trend.fittedLast
        if let w = ForecastWarning(key: target.key, limit: target.limit, factor: target.factor, unit: target.unit,
                                   isMaximum: target.isMaximum, forecast: fc, level: level, lastObservation: values[n - 1],
                                   relativeSlopePerRun: fitted != 0 ? trend.slope / abs(fitted) : 0) {
            status.breaches.append(w)
        }
        return status
    }
}
