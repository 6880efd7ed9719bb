import Foundation
import SextantAnalysis
import SextantHistory

/// One (benchmark, metric) to judge: the candidate run and the baseline runs, as plain numbers.
public struct GateInput: Sendable {
    public var benchmark: String
    /// `time`, `throughput`, `memory` or any other metric name.
    public var metric: String
    /// The unit of every value (`s`, `ms`, `ns`, `1/s`, `ops/s`, `B`, ...).
    public var unit: String
    public var direction: GateDirection
    /// Candidate runs (one or more runs of the same code): each run's raw samples, or its one value.
    /// Several runs average out run-to-run noise: the comparison then uses their mean on the log scale.
    public var candidateRuns: [[Double]]
    /// All candidate values pooled.
    public var candidate: [Double] { candidateRuns.flatMap { $0 } }
    /// Baseline runs, oldest first: each run's raw samples, or its one summary value.
    public var baselineRuns: [[Double]]
    /// Iterations of the candidate (for the total-time limit), when known.
    public var iterations: Int?
    /// Earlier history of run summaries (oldest first, before the candidate) for the forecast; may be empty,
    /// in which case the baseline runs' summaries are used.
    public var history: [Double]
    /// Store run id of each baseline run (optional; lets ``SharedFactor/attachControls(_:)`` align controls).
    public var baselineRunIDs: [Int64] = []
    /// The shared-factor control of each baseline run (its raw samples), aligned with `baselineRuns`; empty: none.
    public var baselineControls: [[Double]] = []
    /// The control of each candidate run, aligned with `candidateRuns`; empty: none.
    public var candidateControls: [[Double]] = []
    /// Interleaved runs (`sextant compare`): candidate run i was measured next to baseline run i, and the
    /// comparison is paired (``PairedRuns``). Needs as many candidate runs as baseline runs.
    public var paired = false
    /// The run behind each baseline run (aligned with `baselineRuns`; empty: unknown), for the bisect
    /// window and for triage records at baseline commits.
    public var baselineReferences: [RunReference] = []
    /// The candidate's commit and time, when known.
    public var candidateReference: RunReference? = nil
    /// Triage records (issue 19): an `invalid` change at a baseline run does not cut the window, an
    /// acknowledged or expected one does (the accepted new level), and one that applies to the
    /// candidate's bisect window marks its verdict (acknowledged, expected and invalid regressions
    /// do not fail the gate).
    public var triage: [TriageRecord] = []

    /// One candidate run.
    public init(benchmark: String, metric: String, unit: String, direction: GateDirection,
                candidate: [Double], baselineRuns: [[Double]], iterations: Int? = nil, history: [Double] = []) {
        self.init(benchmark: benchmark, metric: metric, unit: unit, direction: direction,
                  candidateRuns: [candidate], baselineRuns: baselineRuns, iterations: iterations, history: history)
    }

    /// Several candidate runs.
    public init(benchmark: String, metric: String, unit: String, direction: GateDirection,
                candidateRuns: [[Double]], baselineRuns: [[Double]], iterations: Int? = nil, history: [Double] = []) {
        self.benchmark = benchmark; self.metric = metric; self.unit = unit; self.direction = direction
        self.candidateRuns = candidateRuns.filter { !$0.isEmpty }; self.baselineRuns = baselineRuns
        self.iterations = iterations; self.history = history
    }
}

/// The verdict on a relative comparison.
public enum Verdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// Worse than the baseline, statistically clear (after FDR control) and beyond the practical band.
    case regression
    /// Better than the baseline, statistically clear and beyond the practical band.
    case improvement
    /// The whole interval lies inside the practical band: any change is too small to matter.
    case noChange = "no-change"
    /// Neither: collect more data.
    case inconclusive
}

/// How a comparison was made.
public enum ComparisonMethod: String, Sendable, Codable, Equatable {
    /// Raw samples: bootstrap interval of the ratio of medians and the Mann-Whitney U test.
    case bootstrapMedianRatio = "bootstrap-median-ratio"
    /// One value per run: the prediction interval of the baseline window (log scale, Student t).
    case predictionInterval = "prediction-interval"
    /// Several runs per side: Mann-Whitney on run summaries with the Hodges-Lehmann interval.
    case runRanks = "run-ranks"
    /// Interleaved runs (`sextant compare`): paired log differences, Wilcoxon signed-rank test with the
    /// Hodges-Lehmann (Walsh average) interval.
    case pairedRuns = "paired-runs"
    /// Not enough data for either.
    case insufficientData = "insufficient-data"
}

/// The gate's judgement on one (benchmark, metric).
public struct BenchmarkResult: Sendable, Codable, Equatable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var direction: GateDirection
    public var method: ComparisonMethod
    /// Baseline runs used after cutting at the last level shift.
    public var baselineRuns: Int
    /// Candidate runs compared.
    public var candidateRuns: Int
    /// Baseline runs dropped because they precede the last level shift.
    public var runsBeforeShift: Int
    public var baselineLevel: Double?
    public var candidateLevel: Double
    /// Ratio candidate / baseline with its interval (nil when there is no comparison).
    public var effect: RatioInterval?
    public var pValue: Double?
    /// Benjamini-Hochberg adjusted p-value across the run.
    public var adjustedPValue: Double?
    public var minimumEffect: Double
    public var verdict: Verdict
    /// One sentence explaining the verdict.
    public var reason: String
    public var slaChecks: [SLACheck]
    public var forecastWarnings: [ForecastWarning]
    /// How the shared factor was removed before the comparison: `control` (the interleaved harness-floor
    /// control, ``SharedFactor``), nil when not.
    public var sharedFactor: String? = nil
    /// False when another metric of the same benchmark (its instruction count) decided the outcome;
    /// this result is then advisory and does not fail the gate.
    public var decisive: Bool = true
    /// The last good run (the newest baseline run) and the first bad one (the candidate), with the
    /// commits between them when a git checkout knows both (nil without baseline runs).
    public var window: BisectWindow? = nil
    /// The triage record that applies to this comparison's window, if any.
    public var triage: TriageMark? = nil
    /// Level shifts of the baseline that `invalid` triage records kept from cutting the window.
    public var ignoredShifts: Int = 0

    /// A regression that no acknowledged, expected or invalid triage record excuses.
    public var isUntriagedRegression: Bool { verdict == .regression && !(triage?.status.passesGate ?? false) }

    /// Whether this result fails the gate: a decisive untriaged regression or any SLA violation.
    public var failsGate: Bool {
        decisive && (isUntriagedRegression || slaChecks.contains { $0.status == .violation })
    }

    /// The effect as a relative change (0.05 = +5%).
    public var relativeChange: Double? { effect.map { $0.estimate - 1 } }
}

/// The overall outcome of a gate run.
public enum GateOutcome: String, Sendable, Codable, Equatable {
    case pass
    /// A regression or an SLA violation.
    case fail
    /// No failure, but at least one inconclusive verdict or SLA check.
    case inconclusive
}

/// Everything a gate run decided.
public struct GateReport: Sendable, Codable, Equatable {
    public var results: [BenchmarkResult]
    public var confidence: Double
    public var falseDiscoveryRate: Double
    public var outcome: GateOutcome
    public var baselineDescription: String
    public var candidateDescription: String
    /// The metrics whose comparisons decided the outcome (the decisive results with an effect), sorted.
    public var decidedBy: [String] {
        Array(Set(results.filter { $0.decisive && $0.effect != nil }.map(\.metric))).sorted()
    }

    /// Counts of each verdict.
    public var verdictCounts: [Verdict: Int] {
        var c: [Verdict: Int] = [:]
        for r in results { c[r.verdict, default: 0] += 1 }
        return c
    }
    public var slaViolations: Int { results.reduce(0) { $0 + $1.slaChecks.filter { $0.status == .violation }.count } }
    public var slaInconclusive: Int { results.reduce(0) { $0 + $1.slaChecks.filter { $0.status == .inconclusive }.count } }
    public var forecastWarnings: Int { results.reduce(0) { $0 + $1.forecastWarnings.count } }

    /// Exit status by the CLI convention: 0 pass, 1 fail, 3 inconclusive when asked to fail on it.
    public func exitCode(failOnInconclusive: Bool) -> Int32 {
        switch outcome {
        case .pass: return 0
        case .fail: return 1
        case .inconclusive: return failOnInconclusive ? 3 : 0
        }
    }
}

