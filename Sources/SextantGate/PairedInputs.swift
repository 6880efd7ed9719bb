import SextantHistory

extension PairedRuns {
    /// The gate inputs of an interleaved comparison: `baseline[i]` and `candidate[i]` are pair i.
    /// Every (benchmark, metric) measured in every run of both sides becomes one paired input (in the
    /// order of the first candidate run), with `control` measurements kept as covariates; the keys that
    /// some run lacks are returned as `incomplete` (they cannot be paired).
    /// - Complexity: O(total measurements).
    public static func inputs(baseline: [ImportedRun], candidate: [ImportedRun], benchmark: String = "*",
                              metric: String? = nil) -> (inputs: [GateInput], incomplete: [String]) {
        typealias Key = GateCandidates.Key
        func table(_ run: ImportedRun) -> [Key: BenchmarkMeasurement] {
            var t: [Key: BenchmarkMeasurement] = [:]
            for m in run.measurements where Glob.matches(benchmark, m.benchmark)
                && (metric == nil || m.metric == metric || SharedFactor.isControl(m.metric)) {
                t[Key(benchmark: m.benchmark, metric: m.metric)] = m
            }
            return t
        }
        let a = baseline.map(table), b = candidate.map(table)
        var order: [Key] = []
        var seen = Set<Key>()
        for run in candidate {
            for m in run.measurements {
                let k = Key(benchmark: m.benchmark, metric: m.metric)
                if b.first?[k] != nil || b.contains(where: { $0[k] != nil }), seen.insert(k).inserted { order.append(k) }
            }
        }
        var inputs: [GateInput] = []
        var incomplete: [String] = []
        for k in order {
            let xs = a.compactMap { $0[k] }, ys = b.compactMap { $0[k] }
            guard xs.count == a.count, ys.count == b.count, !xs.isEmpty else {
                if !SharedFactor.isControl(k.metric) { incomplete.append(k.label) }
                continue
            }
            var input = GateInput(benchmark: k.benchmark, metric: k.metric, unit: ys[0].unit, direction: ys[0].direction,
                                  candidateRuns: ys.map(\.runValues), baselineRuns: xs.map(\.runValues), iterations: ys[0].iterations)
            input.paired = true
            inputs.append(input)
        }
        return (inputs, incomplete)
    }
}
