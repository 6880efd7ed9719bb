import Dispatch
import Foundation
import SextantAnalysis
import SextantHistory
import SextantNumerics

/// Tuning of the gate's computations that is not policy (reproducibility and effort).
public struct GateOptions: Sendable {
    /// Bootstrap resamples per raw-sample comparison; 10,000 keeps the Monte Carlo error of a 95%
    /// percentile bound near 0.2 percentage points of coverage.
    public var resamples: Int
    /// Seed of the bootstrap; each benchmark derives its own stream from it and its name, so results do
    /// not depend on thread scheduling or on which other benchmarks are present.
    public var seed: UInt64
    /// Below this many baseline runs the run-to-run prediction interval is not used when raw samples
    /// allow the bootstrap; 3 runs give 2 degrees of freedom, the least that yields a finite t interval
    /// of usable width.
    public var minimumRunsForPredictionInterval: Int
    /// Spread the work over all cores.
    public var parallel: Bool
    /// From this many candidate runs on, runs are compared by ranks (``RunRanks``) instead of the normal
    /// prediction interval: heavy-tailed run-to-run noise does not bias a rank test, and with 3 runs
    /// against a window of 20 its smallest p-value (about 0.001) leaves room for FDR control.
    public var minimumCandidateRunsForRanks: Int
    /// A git checkout's commit graph: counts the commits of each bisect window and places triage
    /// records named by a commit inside a window (nil: exact commit matches only).
    public var graph: (any CommitGraph)? = nil

    public init(resamples: Int = 10_000, seed: UInt64 = 20_261_126, minimumRunsForPredictionInterval: Int = 3,
                parallel: Bool = true, minimumCandidateRunsForRanks: Int = 3) {
        self.minimumCandidateRunsForRanks = minimumCandidateRunsForRanks
        self.resamples = resamples; self.seed = seed
        self.minimumRunsForPredictionInterval = minimumRunsForPredictionInterval; self.parallel = parallel
    }
}

/// The gate: relative comparisons with intervals, FDR control across the run, absolute SLA checks and
/// forecast warnings, following the design's statistical principles.
///
/// Per (benchmark, metric):
/// 1. The baseline runs are summarised (median of raw samples, or the value) and cut at the last level
///    shift (``LevelShifts``), so that the window describes the current regime only.
/// 2. With at least `minimumRunsForPredictionInterval` runs in the window, the candidate's summary is
///    judged against the window's prediction interval (``RunToRun``): run-to-run noise, never
///    within-run variance alone. With fewer runs but raw samples on both sides, the bootstrap interval of
///    the ratio of medians (``RatioBootstrap``) with the Mann-Whitney U test (`MannWhitneyU` of SextantNumerics,
///    exact without ties up to 2500 pairs).
/// 3. The p-values of all comparisons of the run are adjusted by Benjamini-Hochberg.
/// 4. Regression: adjusted p <= FDR, interval entirely on the bad side of 1, and the estimate beyond the
///    band (1 +- minimumEffect). Improvement: the mirror image. No change: the interval inside the band.
///    Inconclusive: anything else.
/// 5. SLA limits are judged on the candidate's level interval; trends that cross a limit within the
///    horizon raise a ``ForecastWarning``.
///
/// - Complexity: O(sum over inputs of B (n + m) + B log B) for B bootstrap resamples, plus O(k) per
///   run-to-run comparison of a k-run window; parallel over inputs.
public enum Gate {
    /// Judges every input and returns the report.
    public static func evaluate(_ inputs: [GateInput], policy: GatePolicy, options: GateOptions = GateOptions(),
                                baselineDescription: String = "", candidateDescription: String = "") -> GateReport {
        // Controls are covariates of the shared-factor model, not comparisons (SharedFactor.swift).
        let inputs = SharedFactor.attachControls(inputs)
        options.graph?.prefetch(Set(inputs.flatMap { i in
            i.baselineReferences.compactMap(\.commit) + [i.candidateReference?.commit].compactMap { $0 } + i.triage.map(\.commit)
        }))
        let withThroughput = Set(inputs.filter { isThroughput($0) }.map(\.benchmark))
        let withTotal = Set(inputs.filter { LimitChecks.isTotalTime($0.metric) }.map(\.benchmark))
        let box = ResultBox(count: inputs.count)
        let workers = options.parallel ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, inputs.count)) : 1
        let chunk = (inputs.count + workers - 1) / max(workers, 1)
        let work: @Sendable (Int) -> Void = { w in
            var workspace = RatioBootstrap.Workspace()
            let start = w * chunk
            let end = min(inputs.count, start + chunk)
            guard start < end else { return }
            for i in start..<end {
                box.set(i, judge(inputs[i], policy: policy, options: options,
                                 deriveThroughput: !withThroughput.contains(inputs[i].benchmark),
                                 deriveTotal: !withTotal.contains(inputs[i].benchmark),
                                 workspace: &workspace))
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else if !inputs.isEmpty {
            work(0)
        }
        var results = box.items.map { $0! }
        // Benjamini-Hochberg across every comparison of the run.
        let tested = results.indices.filter { results[$0].pValue != nil }
        let q = BenjaminiHochberg.adjust(tested.map { results[$0].pValue! })
        for (k, i) in tested.enumerated() { results[i].adjustedPValue = q[k] }
        for i in results.indices { decide(&results[i], fdr: policy.falseDiscoveryRate) }
        // A judged instruction count decides its benchmark (InstructionCounts); the rest is advisory.
        let counted = Set(results.filter { InstructionCounts.isInstructions($0.metric) && $0.effect != nil }.map(\.benchmark))
        for i in results.indices where counted.contains(results[i].benchmark) && !InstructionCounts.isInstructions(results[i].metric) {
            results[i].decisive = false
        }

        var outcome = GateOutcome.pass
        let decisive = results.filter(\.decisive)
        if decisive.contains(where: \.failsGate) {
            outcome = .fail
        } else if decisive.contains(where: { $0.verdict == .inconclusive || $0.slaChecks.contains { $0.status == .inconclusive } }) {
            outcome = .inconclusive
        }
        return GateReport(results: results, confidence: policy.confidence, falseDiscoveryRate: policy.falseDiscoveryRate,
                          outcome: outcome, baselineDescription: baselineDescription,
                          candidateDescription: candidateDescription)
    }

    // MARK: One input

    static func isThroughput(_ input: GateInput) -> Bool { LimitChecks.isThroughput(metric: input.metric, unit: input.unit) }

    /// The summary of one run: ``RunSummary`` (the median of its raw samples).
    static func median(_ v: [Double]) -> Double { Descriptive.median(sorted: v.sorted()) }

    /// A stable 64-bit FNV-1a hash, to derive each benchmark's bootstrap stream from the seed.
    static func streamSeed(_ seed: UInt64, _ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func judge(_ input: GateInput, policy: GatePolicy, options: GateOptions, deriveThroughput: Bool,
                      deriveTotal: Bool = true, workspace: inout RatioBootstrap.Workspace) -> BenchmarkResult {
        let settings = policy.settings(for: input.benchmark)
        let direction = policy.direction(of: input.metric, fallback: input.direction)
        let kept = input.baselineRuns.indices.filter { !input.baselineRuns[$0].isEmpty }
        let runs = kept.map { input.baselineRuns[$0] }
        let references = input.baselineReferences.count == input.baselineRuns.count ? kept.map { input.baselineReferences[$0] } : []
        let triage = input.triage.filter { !$0.removed && $0.matches(benchmark: input.benchmark, metric: input.metric) }
        let rawSummaries = runs.map { median($0) }
        let rawCandidates = input.candidateRuns.map { median($0) }
        // The shared-factor model: judged on what the interleaved control does not explain.
        let adjusted = runs.count == input.baselineRuns.count
            ? SharedFactor.adjusted(input, baseline: rawSummaries, candidates: rawCandidates) : nil
        let summaries = adjusted?.baseline ?? rawSummaries
        let paired = input.paired && runs.count == rawCandidates.count && runs.count >= 2
        // At least 5 runs per segment: a baseline window is only cut where a shift is well supported.
        // (Never for interleaved pairs: they are contemporaneous, not a history.)
        let cut = paired ? (start: 0, ignored: 0)
            : GateTriage.windowStart(summaries, references: references, series: (input.benchmark, input.metric),
                                   triage: triage, graph: options.graph)
        let shift = cut.start
        let window = Array(runs[shift...])
        let windowSummaries = Array(summaries[shift...])
        let candidateSummaries = adjusted?.candidates ?? rawCandidates
        let candidateLevel: Double
        if rawCandidates.isEmpty {
            candidateLevel = .nan
        } else if rawCandidates.count == 1 {
            candidateLevel = rawCandidates[0]
        } else if let level = geometricMean(rawCandidates) {
            candidateLevel = level
        } else {
            candidateLevel = rawCandidates.reduce(0, +) / Double(rawCandidates.count)
        }

        var result = BenchmarkResult(
            benchmark: input.benchmark, metric: input.metric, unit: input.unit, direction: direction,
            method: .insufficientData, baselineRuns: window.count, candidateRuns: candidateSummaries.count, runsBeforeShift: shift, baselineLevel: nil,
            candidateLevel: candidateLevel, effect: nil, pValue: nil, adjustedPValue: nil,
            minimumEffect: settings.minimumEffect, verdict: .inconclusive, reason: "", slaChecks: [],
            forecastWarnings: [])

        var relativeNoise: Double? = nil
        let pooled = window.flatMap { $0 }
        if input.candidate.isEmpty {
            result.reason = "the candidate has no values"
        } else if window.isEmpty {
            result.reason = "no baseline runs"
        } else if paired {
            if let r = PairedRuns.compare(baseline: windowSummaries, candidates: candidateSummaries, confidence: policy.confidence,
                                          normal: InstructionCounts.isInstructions(input.metric)) {
                relativeNoise = result.adopt(r, method: .pairedRuns)
                if adjusted != nil {
                    // The level in the benchmark's own unit (the adjusted values are ratios to the control).
                    result.sharedFactor = SharedFactor.controlMetric
                    result.baselineLevel = geometricMean(rawSummaries)
                }
            } else {
                result.reason = "paired runs cannot be compared (non-positive values)"
            }
        } else if window.count >= options.minimumRunsForPredictionInterval
                    || (window.count >= 2 && (input.candidate.count < 2 || pooled.count < 2)) {
            let useRanks = candidateSummaries.count >= options.minimumCandidateRunsForRanks && windowSummaries.count >= 3
                && !InstructionCounts.isInstructions(input.metric)
            let compared = useRanks
                ? RunRanks.compare(baseline: windowSummaries, candidates: candidateSummaries, confidence: policy.confidence)
                : RunToRun.compare(baseline: windowSummaries, candidates: candidateSummaries, confidence: policy.confidence)
            if let r = compared {
                relativeNoise = result.adopt(r, method: useRanks ? .runRanks : .predictionInterval)
                if adjusted != nil {
                    // Levels and SLA noise stay in the benchmark's own unit (the raw window).
                    result.sharedFactor = SharedFactor.controlMetric
                    let raw = Array(rawSummaries[shift...])
                    result.baselineLevel = geometricMean(raw)
                    relativeNoise = RunToRun.compare(baseline: raw, candidates: rawCandidates, confidence: policy.confidence)?.relativeNoise
                }
            } else {
                result.reason = "baseline values cannot be compared (non-finite or zero level)"
            }
        } else if input.candidate.count >= 2 && pooled.count >= 2 {
            let a = pooled.sorted(), b = input.candidate.sorted()
            if a.allSatisfy({ $0 > 0 }) && b.allSatisfy({ $0 > 0 }) {
                let ci = RatioBootstrap.medianRatio(sortedBaseline: a, sortedCandidate: b, resamples: options.resamples,
                                                    confidence: policy.confidence,
                                                    seed: streamSeed(options.seed, input.benchmark + "\u{1F}" + input.metric),
                                                    workspace: &workspace)
                let mw = MannWhitneyU.test(sortedX: b, sortedY: a, method: .exactIfPairsAtMost(2500))
                result.method = .bootstrapMedianRatio
                result.effect = ci
                result.pValue = mw.pValue
                result.baselineLevel = Descriptive.median(sorted: a)
            } else {
                result.reason = "raw samples must be positive for a ratio"
            }
        } else {
            result.reason = "one baseline run with a single value: no noise estimate (use a window of runs or raw samples)"
        }

        result.ignoredShifts = cut.ignored
        if let good = references.last, let bad = input.candidateReference {
            let window = BisectWindow(lastGood: good, firstBad: bad).resolved(in: options.graph)
            result.window = window
            result.triage = TriageRecord.first(in: triage, benchmark: input.benchmark, metric: input.metric,
                                               window: window, graph: options.graph)?.mark
        }
        result.slaChecks = slaChecks(input, settings: settings, confidence: policy.confidence,
                                     relativeNoise: relativeNoise, noiseRuns: window.count, candidateRuns: candidateSummaries.count,
                                     deriveThroughput: deriveThroughput, deriveTotal: deriveTotal)
        result.forecastWarnings = forecasts(input, settings: settings, policy: policy,
                                            summaries: input.history.isEmpty ? rawSummaries : input.history,
                                            candidate: candidateLevel, checks: result.slaChecks)
        return result
    }

    /// Final verdict once the adjusted p-value is known.
    static func decide(_ r: inout BenchmarkResult, fdr: Double) {
        guard let e = r.effect, let q = r.adjustedPValue else {
            r.verdict = .inconclusive
            if r.reason.isEmpty { r.reason = "no comparison possible" }
            return
        }
        let band = r.minimumEffect
        let lowerBetter = r.direction == .lowerIsBetter
        let significant = q <= fdr
        let worseSide = lowerBetter ? e.lower > 1 : e.upper < 1
        let betterSide = lowerBetter ? e.upper < 1 : e.lower > 1
        let worseBeyond = lowerBetter ? e.estimate > 1 + band : e.estimate < 1 - band
        let betterBeyond = lowerBetter ? e.estimate < 1 - band : e.estimate > 1 + band
        let pct = { (x: Double) in String(format: "%+.1f%%", (x - 1) * 100) }
        let interval = "\(pct(e.estimate)) [\(pct(e.lower)), \(pct(e.upper))]"
        let qText = String(format: "q=%.3g", q)
        if significant && worseSide && worseBeyond {
            r.verdict = .regression
            r.reason = "\(interval), \(qText) <= \(fdr), beyond the \(String(format: "%.1f%%", band * 100)) band"
        } else if significant && betterSide && betterBeyond {
            r.verdict = .improvement
            r.reason = "\(interval), \(qText) <= \(fdr), beyond the \(String(format: "%.1f%%", band * 100)) band"
        } else if e.lower >= 1 - band && e.upper <= 1 + band {
            r.verdict = .noChange
            r.reason = "\(interval) lies inside the +-\(String(format: "%.1f%%", band * 100)) band"
        } else {
            r.verdict = .inconclusive
            if significant && (worseSide || betterSide) {
                r.reason = "\(interval), \(qText): a clear change, but its size relative to the \(String(format: "%.1f%%", band * 100)) band is uncertain"
            } else {
                r.reason = "\(interval), \(qText): the interval is wider than the \(String(format: "%.1f%%", band * 100)) band"
            }
        }
    }

    // MARK: SLA checks

    /// The candidate's level interval in the input's unit: with a run-to-run noise estimate from k >= 2
    /// window runs, value x exp(+- t_{k-1} s_log / sqrt(candidate runs)); else, with raw samples, the t interval of the mean;
    /// else the point.
    static func levelInterval(mean: Double, samples: [Double], confidence: Double, relativeNoise: Double?,
                              noiseRuns: Int) -> (Double, Double) {
        if let s = relativeNoise, noiseRuns >= 2, mean > 0 {
            let t = GateDistributions.studentQuantile(0.5 + confidence / 2, df: Double(noiseRuns - 1))
            return (mean * exp(-t * s), mean * exp(t * s))
        }
        let interval = LevelInterval.mean(samples, confidence: confidence)
        guard samples.count >= 2 else { return (mean, mean) }
        return (interval.lower, interval.upper)
    }

    static func slaChecks(_ input: GateInput, settings: BenchmarkSettings, confidence: Double,
                          relativeNoise: Double?, noiseRuns: Int, candidateRuns: Int = 1, deriveThroughput: Bool,
                          deriveTotal: Bool = true) -> [SLACheck] {
        guard !input.candidate.isEmpty, !settings.limits.isEmpty else { return [] }
        let mean = input.candidate.reduce(0, +) / Double(input.candidate.count)
        let (lo, hi) = levelInterval(mean: mean, samples: input.candidate, confidence: confidence,
                                     relativeNoise: relativeNoise.map { $0 / Double(max(candidateRuns, 1)).squareRoot() },
                                     noiseRuns: noiseRuns)
        return LimitChecks.checks(metric: input.metric, unit: input.unit, estimate: mean, lower: lo, upper: hi,
                           iterations: input.iterations, limits: settings.limits, deriveThroughput: deriveThroughput,
                           deriveTotal: deriveTotal)
    }

    // MARK: Forecast warnings

    static func forecasts(_ input: GateInput, settings: BenchmarkSettings, policy: GatePolicy, summaries: [Double],
                          candidate: Double, checks: [SLACheck]) -> [ForecastWarning] {
        guard !settings.limits.isEmpty, candidate.isFinite else { return [] }
        var series = Array(summaries.suffix(policy.baselineWindow))
        series.append(candidate)
        let segment = LevelShifts.currentTrendSegment(series)
        guard segment.count >= 5, let trend = TrendFit(segment, confidence: policy.confidence),
              let target = LimitChecks.forecastLimit(metric: input.metric, unit: input.unit, limits: settings.limits),
              // An SLA already violated is reported as a violation, not forecast.
              !checks.contains(where: { $0.key == target.key && $0.status == .violation }),
              target.isMaximum ? trend.slopeLower > 0 : trend.slopeUpper < 0,
              policy.forecastHorizon >= 1
        else { return [] }
        let level = trend.fittedLast
        let warning = ForecastWarning(key: target.key, limit: target.limit, factor: target.factor, unit: target.unit,
                                      isMaximum: target.isMaximum, forecast: trend.forecast(horizon: policy.forecastHorizon),
                                      level: policy.confidence * 100, lastObservation: candidate,
                                      relativeSlopePerRun: level != 0 ? trend.slope / abs(level) : 0)
        return warning.map { [$0] } ?? []
    }
}

/// Per-index result slots written by the workers of `concurrentPerform`; each index is written once by
/// exactly one worker and read only after all workers finished.
final class ResultBox: @unchecked Sendable {
    let storage: UnsafeMutablePointer<BenchmarkResult?>
    let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }
    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }
    func set(_ i: Int, _ r: BenchmarkResult) { storage[i] = r }
    var items: [BenchmarkResult?] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}

/// The geometric mean exp(Σ log xᵢ / n) of positive run summaries: the level of a benchmark whose runs
/// are compared on the log scale. nil when some value is not positive, or there is none.
/// - Complexity: O(n).
func geometricMean(_ x: [Double]) -> Double? {
    guard !x.isEmpty, x.allSatisfy({ $0 > 0 }) else { return nil }
    return exp(x.map { log($0) }.reduce(0, +) / Double(x.count))
}

extension BenchmarkResult {
    /// Takes the comparison's effect, p-value and baseline level and records the method that gave them;
    /// returns the window's relative noise (the SLA intervals' noise, which adjusted runs replace).
    /// - Complexity: O(1).
    mutating func adopt(_ r: RunToRun.Result, method: ComparisonMethod) -> Double {
        self.method = method
        effect = r.effect
        pValue = r.pValue
        baselineLevel = r.baselineLevel
        return r.relativeNoise
    }
}
