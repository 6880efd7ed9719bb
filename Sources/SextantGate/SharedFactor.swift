import Foundation
import SextantAnalysis

/// The common-mode (shared-factor) model of the gate (issue 14; docs/policy.md, "Shared factor").
///
/// On a shared machine a run is slowed as a whole: the machine's speed during the run is a factor
/// shared by every benchmark of the run. On the log scale, for benchmark b in run r,
///
///     log y_br = mu_b + delta_b [candidate runs only] + f_br + e_br,
///
/// with f_br the machine's (log) slowness while b ran in r and e_br the benchmark's own noise. The
/// factor is *measured*, never inferred from the benchmarks being judged: the runner times a
/// harness-floor control batch (optics-bench's `empty` loop, which no change to the code under test
/// touches) just before every sample of every benchmark, and its run summary c_br (median of the
/// control samples) estimates f_br up to a constant: log c_br = nu_b + f_br + u_br. The benchmark is
/// then judged on what the factor does not explain,
///
///     z_br = log y_br - log c_br = (mu_b - nu_b) + delta_b + (e_br - u_br),
///
/// with the gate's usual run-to-run comparisons (prediction interval / pooled t, or ranks for several
/// candidate runs) applied to the z values of the baseline window and of the candidate runs. The
/// intervals account for the estimated factor because the same estimator is applied to both sides:
/// the window's spread of z includes the control's own noise u.
///
/// Why this separates "this run was slow" from "this code is slower": the factor comes only from the
/// control, measured in the candidate's own runs, so a regression that touches every benchmark
/// leaves the control unchanged and appears in every z. (Estimating the candidate's factor from its
/// other benchmarks, e.g. the column effect of a median polish, would absorb exactly such a uniform
/// regression.) The slope of log y on log c is fixed at 1, not fitted: a slower machine stretches all
/// code by the same factor to first order, and a fitted slope would cost a degree of freedom and
/// depend on the window. Assumptions: the control is not affected by the change under test, and it
/// runs close enough in time to see the same machine state.
///
/// The adjustment applies to time metrics (z = log y - log c) and rates (z = log y + log c); never to
/// counts (instructions, memory), which do not depend on the machine's speed.
public enum SharedFactor {
    /// The metric under which importers store the control (optics-bench's `controlSamplesMs`).
    public static let controlMetric = "control"

    /// Whether `metric` is a control covariate rather than a measurement to judge.
    public static func isControl(_ metric: String) -> Bool { metric.lowercased() == controlMetric }

    /// The sign of log c in z: -1 for times, +1 for rates, nil when the metric is not speed-dependent.
    static func sign(of input: GateInput) -> Double? {
        if SharedFactor.isControl(input.metric) || InstructionCounts.isInstructions(input.metric) { return nil }
        if Gate.isThroughput(input) { return 1 }
        if LimitChecks.isTime(unit: input.unit) { return -1 }
        return nil
    }

    /// Removes the control inputs from `inputs` and attaches each control's runs to the speed-dependent
    /// inputs of the same benchmark, run by run: by `baselineRunIDs` when both carry them, else only
    /// when the run counts agree. An input keeps no control when any of its runs lacks one (the gate
    /// then falls back to the plain run-to-run comparison, and says so).
    /// - Complexity: O(total runs).
    public static func attachControls(_ inputs: [GateInput]) -> [GateInput] {
        var controls: [String: GateInput] = [:]
        for input in inputs where isControl(input.metric) { controls[input.benchmark] = input }
        var out: [GateInput] = []
        for var input in inputs where !isControl(input.metric) {
            if sign(of: input) != nil, let c = controls[input.benchmark] {
                if !input.baselineRunIDs.isEmpty && c.baselineRunIDs.count == c.baselineRuns.count {
                    var byID: [Int64: [Double]] = [:]
                    for (id, run) in zip(c.baselineRunIDs, c.baselineRuns) { byID[id] = run }
                    input.baselineControls = input.baselineRunIDs.map { byID[$0] ?? [] }
                } else if c.baselineRuns.count == input.baselineRuns.count {
                    input.baselineControls = c.baselineRuns
                }
                if c.candidateRuns.count == input.candidateRuns.count { input.candidateControls = c.candidateRuns }
                if input.baselineControls.count != input.baselineRuns.count || input.candidateControls.count != input.candidateRuns.count
                    || (input.baselineControls + input.candidateControls).contains(where: { $0.isEmpty || $0.contains { !($0 > 0) } }) {
                    input.baselineControls = []; input.candidateControls = []
                }
            }
            out.append(input)
        }
        return out
    }

    /// Run summaries adjusted for the shared factor: summary x control^sign, or nil when `input` has no
    /// usable control for every run (then the caller uses the plain summaries).
    /// - Complexity: O(total samples log samples).
    static func adjusted(_ input: GateInput, baseline: [Double], candidates: [Double]) -> (baseline: [Double], candidates: [Double])? {
        guard let sign = sign(of: input), !input.baselineControls.isEmpty,
              input.baselineControls.count == baseline.count, input.candidateControls.count == candidates.count,
              baseline.allSatisfy({ $0 > 0 }), candidates.allSatisfy({ $0 > 0 }) else { return nil }
        let b = zip(baseline, input.baselineControls).map { $0 * pow(Gate.median($1), sign) }
        let c = zip(candidates, input.candidateControls).map { $0 * pow(Gate.median($1), sign) }
        guard (b + c).allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        return (b, c)
    }
}

/// Instruction counts (optics-bench `--counter instructions`): their own noise model and their role.
///
/// A count of user-space instructions does not depend on the machine's speed or load, only on the code
/// path (plus small data-dependent variation from the allocator and the runtime), so its run-to-run
/// noise is normal-like and tiny: the gate judges it with the prediction interval / pooled t of
/// ``RunToRun`` on the log scale for any number of candidate runs (the rank comparison, which exists
/// for heavy-tailed load noise, would only cap the attainable p-value). When a benchmark has a judged
/// instruction count, that count decides the benchmark's part of the gate outcome and its other
/// metrics are reported as advisory: on a noisy machine the time comparison is the weaker evidence.
public enum InstructionCounts {
    public static let metric = "instructions"

    public static func isInstructions(_ metric: String) -> Bool { metric.lowercased() == InstructionCounts.metric }
}
