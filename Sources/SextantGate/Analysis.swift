import Dispatch
import Foundation
import SextantForecast
import SextantHistory

/// One series for ``Analysis``: run summaries oldest first, with a label per run (commit or run id).
public struct AnalysisInput: Sendable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var direction: GateDirection
    public var values: [Double]
    /// One label per value (e.g. the run id or commit); may be empty.
    public var labels: [String]
    /// Iterations of the latest run, for the total-time limit.
    public var iterations: Int?

    public init(benchmark: String, metric: String, unit: String, direction: GateDirection, values: [Double],
                labels: [String] = [], iterations: Int? = nil) {
        self.benchmark = benchmark; self.metric = metric; self.unit = unit; self.direction = direction
        self.values = values; self.labels = labels; self.iterations = iterations
    }

    /// A stored series, each run summarised as in ``init(benchmark:metric:unit:direction:runs:labels:iterations:)``
    /// and labelled by its commit (or run id when the run has none), so that `sextant analyze`, the
    /// gate and the dashboard read the same summaries.
    /// - Complexity: O(total samples log samples per run).
    public init(_ series: Series) {
        self.init(benchmark: series.benchmark, metric: series.metric, unit: series.unit, direction: series.direction,
                  runs: series.points.map { (value: $0.value, samples: $0.samples) },
                  labels: series.points.map { $0.commit ?? "run \($0.runID)" },
                  iterations: series.points.last?.iterations)
    }

    /// A series from its runs: each run's summary is the median of its raw samples when it has them
    /// (as in the gate: the mean of raw benchmark samples is dominated by preempted samples), else its
    /// value.
    public init(benchmark: String, metric: String, unit: String, direction: GateDirection,
                runs: [(value: Double, samples: [Double]?)], labels: [String] = [], iterations: Int? = nil) {
        let values = runs.map { run -> Double in
            guard let s = run.samples, !s.isEmpty else { return run.value }
            return RatioBootstrap.sortedMedian(s.sorted())
        }
        self.init(benchmark: benchmark, metric: metric, unit: unit, direction: direction, values: values,
                  labels: labels, iterations: iterations)
    }
}

/// The state of one series: last change, current level, trend, forecast, time to breach, SLA status.
public struct SeriesStatus: Sendable, Codable, Equatable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var direction: GateDirection
    public var runs: Int
    /// Index (0-based, in the series) where the current segment starts; nil when no shift was found.
    public var lastChangeIndex: Int?
    /// Label of the first run of the current segment.
    public var lastChangeLabel: String?
    /// Relative size of the last shift: level after / level before - 1.
    public var lastChangeSize: Double?
    public var segmentRuns: Int
    /// Mean of the current segment and its t interval.
    public var level: Double
    public var levelLower: Double
    public var levelUpper: Double
    /// Trend per run over the current trend segment, with its interval (nil with fewer than 3 runs).
    public var slopePerRun: Double?
    public var slopeLower: Double?
    public var slopeUpper: Double?
    /// Whether the slope interval excludes zero on the bad side / on the good side.
    public var trend: String
    /// Forecast `horizon` runs ahead with its prediction interval at the policy's confidence.
    public var horizon: Int
    public var forecast: Double?
    public var forecastLower: Double?
    public var forecastUpper: Double?
    /// SLA checks on the current level.
    public var slaChecks: [SLACheck]
    /// Forecast breaches of SLA limits within the horizon.
    public var breaches: [ForecastWarning]
    /// The forecasting model (SextantForecast's ``SextantForecast/Forecaster``, method `.auto`).
    public var forecastModel: String? = nil
    /// Index of the first run the forecast was fitted on (the current segment, at most
    /// ``Analysis/forecastWindow`` runs).
    public var forecastStart: Int? = nil
    /// The forecast for steps 1...horizon with its 80% and 95% prediction bands (empty without a forecast).
    public var forecastPath: [SeriesForecastStep] = []
}

/// One step of a series' forecast with its 80% and 95% prediction bands.
public struct SeriesForecastStep: Sendable, Codable, Equatable {
    /// Runs after the last one (1...horizon).
    public var step: Int
    public var estimate: Double
    public var lower80: Double
    public var upper80: Double
    public var lower95: Double
    public var upper95: Double
}

/// The batch report over a history: ``SeriesStatus`` for every series.
///
/// Per series: change points by ``LevelShifts`` (SextantChangePoint's binary segmentation of the log
/// values for mean shifts, penalty 4 log n), the current level as the segment mean with its Student t
/// interval, the trend as the OLS slope with Newey-West (HAC) interval (``GateTrend``, SextantForecast's
/// ``SextantForecast/LinearTrend``) over the current trend segment (``LevelShifts/currentTrendSegment(_:)``),
/// the forecast `horizon` runs ahead by SextantForecast's ``SextantForecast/Forecaster`` (`.auto`: the
/// AICc-weighted combination of the admissible ETS models) on the current segment (after the last
/// change point; its last ``forecastWindow`` runs at most; on the log scale when the values are
/// positive, so that intervals stay positive and widen multiplicatively), with its prediction interval, SLA limits
/// judged on the level interval, and a breach warning when a clear (HAC) worsening trend goes with a
/// point forecast past a limit within the horizon, the step bounds being
/// SextantForecast's ``SextantForecast/BreachForecast`` earliest / latest crossings of the interval at
/// the policy's confidence.
///
/// - Complexity: O(n log n) per series of n runs for the change points (O(n k) for k change points),
///   O(w) for the trend window w, and O(6 m E) for the forecast of m = min(segment, forecastWindow) runs
///   (six ETS models, E likelihood evaluations each); parallel over series.
public enum Analysis {
    /// The forecast is fitted on at most the last 200 runs of the current segment: ETS adapts to
    /// recent runs anyway (older ones carry geometrically decaying weight), and the bound keeps
    /// `sextant analyze` over 1000 series of 1000 runs within its time budget.
    public static let forecastWindow = 200

    public static func run(_ inputs: [AnalysisInput], policy: GatePolicy, parallel: Bool = true) -> [SeriesStatus] {
        let storage = UnsafeMutablePointer<SeriesStatus?>.allocate(capacity: max(inputs.count, 1))
        storage.initialize(repeating: nil, count: max(inputs.count, 1))
        defer { storage.deinitialize(count: max(inputs.count, 1)); storage.deallocate() }
        nonisolated(unsafe) let out = storage
        let withThroughput = Set(inputs.filter { Gate.isThroughput(GateInput(benchmark: $0.benchmark, metric: $0.metric, unit: $0.unit, direction: $0.direction, candidate: [], baselineRuns: [])) }.map(\.benchmark))
        let workers = parallel ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, inputs.count)) : 1
        let chunk = (inputs.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: inputs.isEmpty ? 0 : workers) { w in
            let start = w * chunk, end = min(inputs.count, start + chunk)
            guard start < end else { return }
            for i in start..<end {
                out[i] = analyse(inputs[i], policy: policy, deriveThroughput: !withThroughput.contains(inputs[i].benchmark))
            }
        }
        return (0..<inputs.count).map { storage[$0]! }
    }

    static func analyse(_ input: AnalysisInput, policy: GatePolicy, deriveThroughput: Bool) -> SeriesStatus {
        let values = input.values.filter(\.isFinite)
        let n = values.count
        let cps = LevelShifts.changePoints(values)
        let start = cps.last ?? 0
        let segment = Array(values[start...])
        let m = segment.isEmpty ? .nan : segment.reduce(0, +) / Double(segment.count)
        var lo = m, hi = m
        if segment.count >= 2 {
            let v = segment.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(segment.count - 1)
            let t = GateDistributions.studentQuantile(0.5 + policy.confidence / 2, df: Double(segment.count - 1))
            let half = t * (v / Double(segment.count)).squareRoot()
            lo = m - half; hi = m + half
        }
        var shiftSize: Double? = nil
        if let last = cps.last {
            let prevStart = cps.count >= 2 ? cps[cps.count - 2] : 0
            let before = values[prevStart..<last]
            let mb = before.reduce(0, +) / Double(before.count)
            if mb != 0 { shiftSize = m / mb - 1 }
        }
        let settings = policy.settings(for: input.benchmark)
        let direction = policy.direction(of: input.metric, fallback: input.direction)
        var status = SeriesStatus(
            benchmark: input.benchmark, metric: input.metric, unit: input.unit, direction: direction, runs: n,
            lastChangeIndex: cps.last, lastChangeLabel: cps.last.flatMap { $0 < input.labels.count ? input.labels[$0] : nil },
            lastChangeSize: shiftSize, segmentRuns: segment.count, level: m, levelLower: lo, levelUpper: hi,
            slopePerRun: nil, slopeLower: nil, slopeUpper: nil, trend: "none", horizon: policy.forecastHorizon,
            forecast: nil, forecastLower: nil, forecastUpper: nil, slaChecks: [], breaches: [])
        guard n > 0 else { return status }
        status.slaChecks = Gate.limitChecks(metric: input.metric, unit: input.unit, estimate: m, lower: lo, upper: hi,
                                            iterations: input.iterations, limits: settings.limits,
                                            deriveThroughput: deriveThroughput, deriveTotal: false)
        let trendSegment = LevelShifts.currentTrendSegment(segment.count >= 3 ? Array(values.suffix(max(segment.count, min(n, policy.baselineWindow)))) : segment)
        // Forecast on the current segment, independent of the trend fit.
        let horizon = policy.forecastHorizon
        let level = policy.confidence * 100
        let forecastStart = max(start, n - forecastWindow)
        var fc: Forecast? = nil
        if horizon >= 1, n - forecastStart >= Forecaster.minimumCount {
            // Times, sizes and rates are positive with multiplicative noise: forecast their logarithm
            // (SextantForecast's `.log` scale), so intervals never cross zero.
            let positive = values[forecastStart...].allSatisfy { $0 > 0 }
            fc = try? Forecaster.forecast(values, method: .auto, horizon: horizon, levels: Array(Set([80, 95, level])).sorted(),
                                          start: forecastStart, scale: positive ? .log : .linear)
        }
        var band: Forecast.Band? = nil
        if let fc, let b = fc.band(level: level), let b80 = fc.band(level: 80), let b95 = fc.band(level: 95) {
            band = b
            status.forecast = fc.mean[horizon - 1]
            status.forecastLower = b.lower[horizon - 1]; status.forecastUpper = b.upper[horizon - 1]
            status.forecastModel = fc.model
            status.forecastStart = forecastStart
            status.forecastPath = (0..<horizon).map { k in
                SeriesForecastStep(step: k + 1, estimate: fc.mean[k], lower80: b80.lower[k], upper80: b80.upper[k],
                                   lower95: b95.lower[k], upper95: b95.upper[k])
            }
        }
        guard let trend = GateTrend(trendSegment, confidence: policy.confidence) else { return status }
        status.slopePerRun = trend.slope; status.slopeLower = trend.slopeLower; status.slopeUpper = trend.slopeUpper
        let lowerBetter = direction == .lowerIsBetter
        if trend.slopeLower > 0 { status.trend = lowerBetter ? "worsening" : "improving" }
        else if trend.slopeUpper < 0 { status.trend = lowerBetter ? "improving" : "worsening" }
        else { status.trend = "flat" }
        guard status.trend == "worsening", !settings.limits.isEmpty, let fc, let band else { return status }
        func consider(_ key: String, _ limit: Double, _ factor: Double, _ unit: String, upper: Bool) {
            if status.slaChecks.contains(where: { $0.key == key && $0.status == .violation }) { return }
            let breach = BreachForecast(forecast: fc, lastObservation: values[n - 1], limit: limit / factor,
                                        direction: upper ? .lowerIsBetter : .higherIsBetter)
            guard let expected = breach.pointStep else { return }
            let crossing = breach.bands.first { $0.level == band.level }
            let fitted = trend.forecast(0).estimate
            status.breaches.append(ForecastWarning(key: key, limit: limit, unit: unit, runsToBreach: expected,
                                                   earliest: crossing?.earliest, latest: crossing?.latest, horizon: horizon,
                                                   relativeSlopePerRun: fitted != 0 ? trend.slope / abs(fitted) : 0))
        }
        let limits = settings.limits
        if let f = GateUnits.toPerSecond(input.unit), let l = limits.minThroughput {
            consider("minThroughput", l, f, "ops/s", upper: false)
        } else if let f = GateUnits.toMilliseconds(input.unit), Gate.isTotalTime(input.metric), let l = limits.maxTotalTimeMs {
            consider("maxTotalTimeMs", l, f, "ms", upper: true)
        } else if let f = GateUnits.toMilliseconds(input.unit), !Gate.isTotalTime(input.metric), let l = limits.maxAvgTimeMs {
            consider("maxAvgTimeMs", l, f, "ms", upper: true)
        } else if let f = GateUnits.toBytes(input.unit), let l = limits.maxMemoryUsage {
            consider("maxMemoryUsage", l, f, "B", upper: true)
        }
        return status
    }
}
