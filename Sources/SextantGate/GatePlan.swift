import SextantHistory

/// What a gate compares: the baseline runs resolved from the store and the candidate measurements
/// matched with them, ready for ``Gate/evaluate(_:policy:options:baselineDescription:candidateDescription:)``.
///
/// This is the part of `sextant gate` between reading the files and judging them: baseline resolution
/// (named, window or merge-base; like-with-like machine; `--bootstrap`) and candidate matching.
public struct GatePlan: Sendable {
    /// How the baseline is chosen and which candidate measurements take part.
    public struct Options: Sendable {
        /// `--baseline`; nil: `window:<policy.baselineWindow>`.
        public var baseline: BaselineSpec?
        /// Baseline runs from this branch only (window baselines).
        public var branch: String?
        /// Baseline runs from this machine only; nil: the candidates' own machine.
        public var machine: String?
        /// Window baselines from any machine.
        public var anyMachine: Bool
        /// An empty baseline judges every benchmark inconclusive instead of failing.
        public var bootstrap: Bool
        /// Only benchmarks matching this glob.
        public var benchmark: String
        /// Only this metric (`control` measurements are always kept).
        public var metric: String?

        public init(baseline: BaselineSpec? = nil, branch: String? = nil, machine: String? = nil,
                    anyMachine: Bool = false, bootstrap: Bool = false, benchmark: String = "*", metric: String? = nil) {
            self.baseline = baseline
            self.branch = branch
            self.machine = machine
            self.anyMachine = anyMachine
            self.bootstrap = bootstrap
            self.benchmark = benchmark
            self.metric = metric
        }
    }

    /// The baseline runs and how the report names them.
    public var baseline: BaselineSelection
    /// One input per candidate (benchmark, metric), in the candidates' order.
    public var inputs: [GateInput]
    /// The candidate series without baseline data (`name [metric]`), judged inconclusive.
    public var unmatched: [String]
    /// One-line notes for the user (bootstrap, series without baseline data), without a prefix.
    public var warnings: [String]

    /// Resolves the baseline in `store` and matches `candidates` with it.
    ///
    /// - Parameters:
    ///   - ancestry: for a merge-base baseline, the merge-base commit and its ancestors, nearest first
    ///     (from git; see `HistoryStore.selectBaseline`).
    /// - Throws: ``GatePlanError`` when nothing can be compared (no candidate measurement, an empty
    ///   baseline without `bootstrap`, no candidate series in the baseline), and the store's errors
    ///   (an unknown baseline name, candidates of several machines).
    /// - Complexity: O(m + p) for m candidate measurements and p stored points of their benchmarks,
    ///   plus the store's queries.
    public init(candidates runs: [ImportedRun], store: any HistoryStoring, policy: GatePolicy, options: Options,
                ancestry: [String] = []) throws {
        let candidates = GateCandidates(runs, benchmark: options.benchmark, metric: options.metric)
        let spec = options.baseline ?? .window(policy.baselineWindow)
        let scope = MachineScope(explicit: options.machine, anyMachine: options.anyMachine,
                                 candidateMachines: candidates.machines)
        var warnings: [String] = []
        do {
            baseline = try store.selectBaseline(spec, window: policy.baselineWindow, branch: options.branch,
                                                scope: scope, ancestry: ancestry)
        } catch let empty as EmptyBaseline where options.bootstrap {
            baseline = BaselineSelection(runs: [], label: "none yet (bootstrap: \(empty.message))", pinnedName: nil, machine: nil)
            warnings.append("bootstrap: \(empty.message)")
        }
        guard options.bootstrap || !baseline.runs.isEmpty else { throw GatePlanError.emptyBaseline(store: store.path) }
        guard !candidates.isEmpty else { throw GatePlanError.noCandidateMeasurements(benchmark: options.benchmark) }

        let series = try store.series(benchmark: options.benchmark, metric: nil, branch: nil, machine: nil, includeSamples: true)
        (inputs, unmatched) = candidates.inputs(baselineRuns: baseline.runs, series: series)
        if !baseline.runs.isEmpty {
            if unmatched.count == candidates.keys.count {
                throw GatePlanError.noMatchingSeries(baseline: baseline.label, store: store.path, candidates: unmatched)
            }
            if !unmatched.isEmpty {
                warnings.append("\(unmatched.count) benchmark(s) without baseline data (judged inconclusive): \(GatePlanError.sample(unmatched))")
            }
        }
        self.warnings = warnings
    }

    /// `gate --record` after a gate that did not fail: stores the candidate files' runs (metadata the
    /// files lack filled from `fallback`) and moves a pinned baseline to the last run added.
    /// - Returns: the ids of the runs added (none when identical content was already stored) and the
    ///   name of the baseline that was moved, if any.
    public func record(_ files: [(source: String, file: ImportedFile)], into store: any HistoryStoring,
                       fallback: RunMetadata) throws -> (added: [Int64], movedBaseline: String?) {
        var added: [Int64] = []
        for (source, file) in files {
            let runs = file.runs.map { ImportedRun(metadata: $0.metadata.filled(from: fallback), measurements: $0.measurements) }
            added += try store.ingest(runs, source: source, format: file.format.rawValue).added
        }
        guard let name = baseline.pinnedName, let last = added.last else { return (added, nil) }
        try store.setBaseline(name, run: last, onlyIfAbsent: false)
        return (added, name)
    }
}

/// Why a gate has nothing to compare (an input error: exit 2).
public enum GatePlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No candidate measurement matches the benchmark glob and metric.
    case noCandidateMeasurements(benchmark: String)
    /// The baseline resolved to no run (a named baseline of no run; other empty baselines are
    /// `EmptyBaseline`s of the store).
    case emptyBaseline(store: String)
    /// No candidate series has a point in the baseline runs.
    case noMatchingSeries(baseline: String, store: String, candidates: [String])

    public var description: String {
        switch self {
        case let .noCandidateMeasurements(glob):
            "the candidate files hold no measurements\(glob == "*" ? "" : " matching \(glob)")"
        case let .emptyBaseline(store):
            "the baseline has no runs in \(store); ingest some results first"
        case let .noMatchingSeries(label, store, candidates):
            "no candidate benchmark matches a series of the baseline (\(label)) in \(store): \(Self.sample(candidates))"
        }
    }

    /// The first five labels, then `...` when there are more.
    static func sample(_ labels: [String]) -> String {
        labels.prefix(5).joined(separator: ", ") + (labels.count > 5 ? ", ..." : "")
    }
}
