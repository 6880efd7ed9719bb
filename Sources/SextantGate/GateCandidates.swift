import SextantHistory

/// The candidate side of a gate: the measurements of one or more candidate runs, grouped by
/// (benchmark, metric) in the order they are first seen, and their matching with the baseline's series.
///
/// Several candidate runs of one key are kept apart (one entry of ``GateInput/candidateRuns`` each):
/// the comparison uses their mean on the log scale, which averages out run-to-run noise.
public struct GateCandidates: Sendable {
    /// A series of the gate: one benchmark and metric.
    public struct Key: Hashable, Sendable {
        public var benchmark: String
        public var metric: String

        public init(benchmark: String, metric: String) {
            self.benchmark = benchmark
            self.metric = metric
        }

        /// `name [metric]`, as the gate's warnings and errors name a series.
        public var label: String { "\(benchmark) [\(metric)]" }
    }

    /// The keys in first-seen order.
    public private(set) var keys: [Key] = []
    /// The first measurement of each key (its unit, direction and iterations describe the input).
    private var first: [Key: BenchmarkMeasurement] = [:]
    /// Each candidate run's values of each key.
    private var values: [Key: [[Double]]] = [:]
    /// The commit and time of the first candidate run of each key (the first bad run of its bisect window).
    private var reference: [Key: RunReference] = [:]
    /// The machines the candidate runs record (for a like-with-like window baseline).
    public private(set) var machines: [String] = []

    /// Groups the measurements of `runs` that match the `benchmark` glob and, when given, `metric`;
    /// `control` measurements (``SharedFactor``) are always kept.
    /// - Complexity: O(m) for m measurements.
    public init(_ runs: [ImportedRun], benchmark: String = "*", metric: String? = nil) {
        for run in runs {
            if let machine = run.metadata.machine { machines.append(machine) }
            for m in run.measurements where Glob.matches(benchmark, m.benchmark)
                && (metric == nil || m.metric == metric || SharedFactor.isControl(m.metric)) {
                let key = Key(benchmark: m.benchmark, metric: m.metric)
                if values[key] == nil {
                    first[key] = m
                    reference[key] = RunReference(commit: run.metadata.commit, timestamp: run.metadata.timestamp)
                    keys.append(key)
                }
                values[key, default: []].append(m.runValues)
            }
        }
    }

    /// Whether no measurement matched.
    public var isEmpty: Bool { keys.isEmpty }

    /// The gate inputs against `baselineRuns`, whose values come from `series` (the store's series of
    /// the candidate benchmarks, with raw samples): one input per key, in key order, holding the
    /// points of the baseline runs only.
    ///
    /// - Returns: the inputs and the labels of the keys that have no baseline point (they are judged
    ///   inconclusive; `control` keys are covariates and never listed).
    /// - Complexity: O(k + p) for k keys and p points of `series`.
    public func inputs(baselineRuns: [Run], series: [Series]) -> (inputs: [GateInput], unmatched: [String]) {
        let ids = Set(baselineRuns.map(\.id))
        var byKey: [Key: Series] = [:]
        for s in series { byKey[Key(benchmark: s.benchmark, metric: s.metric)] = s }
        var inputs: [GateInput] = []
        var unmatched: [String] = []
        for key in keys {
            let m = first[key]!
            let points = byKey[key]?.points.filter { ids.contains($0.runID) } ?? []
            if points.isEmpty && !SharedFactor.isControl(key.metric) { unmatched.append(key.label) }
            var input = GateInput(
                benchmark: m.benchmark, metric: m.metric, unit: m.unit, direction: m.direction,
                candidateRuns: values[key]!, baselineRuns: points.map(\.runValues), iterations: m.iterations)
            input.baselineRunIDs = points.map(\.runID)
            input.baselineReferences = points.map(RunReference.init)
            input.candidateReference = reference[key]
            inputs.append(input)
        }
        return (inputs, unmatched)
    }
}
