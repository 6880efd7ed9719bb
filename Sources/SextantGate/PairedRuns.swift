import Foundation
import SextantNumerics

/// The interleaved design of `sextant compare`: baseline and candidate builds run alternately on one
/// machine in ABBA order (A B B A A B ...), and run i of each side forms a pair measured within
/// seconds of each other, so that a slow phase of the machine hits both members of a pair.
///
/// Per benchmark, the paired log differences d_i = log y_i - log x_i (after the shared-factor
/// adjustment of ``SharedFactor`` when both runs carry controls) are judged by the Wilcoxon
/// signed-rank test, with the effect exp(HL) and the interval exp([A_(C), A_(M+1-C)]) of the
/// Walsh averages (``SextantNumerics/WilcoxonSignedRank``): distribution-free, so a pair hit by a
/// transient slowdown on one side only is one large rank, not a broken variance. For instruction
/// counts (normal-like, tiny noise) the paired t interval of the mean log difference is used
/// instead, for the same reason as in ``InstructionCounts``. ABBA rather than ABAB: a linear drift
/// within a block of four cancels in the sum of its two pairs' differences.
public enum PairedRuns {
    /// Compares `candidates[i]` with `baseline[i]` (run summaries, positive).
    /// - Complexity: O(n^2 log n) (Walsh averages) plus O(n^3) (exact distribution).
    public static func compare(baseline: [Double], candidates: [Double], confidence: Double,
                               normal: Bool = false) -> RunToRun.Result? {
        let n = min(baseline.count, candidates.count)
        guard n >= 2, (baseline.prefix(n) + candidates.prefix(n)).allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let d = (0..<n).map { log(candidates[$0]) - log(baseline[$0]) }
        let logs = baseline.prefix(n).map { log($0) }
        let level = exp(logs.reduce(0, +) / Double(n))
        if normal {
            let mean = d.reduce(0, +) / Double(n)
            let s = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            let se = s / Double(n).squareRoot()
            let t = GateDistributions.studentQuantile(0.5 + confidence / 2, df: Double(n - 1))
            let p: Double = se == 0 ? (mean == 0 ? 1 : 0) : GateDistributions.studentTwoSided(mean / se, df: Double(n - 1))
            return RunToRun.Result(effect: RatioInterval(estimate: exp(mean), lower: exp(mean - t * se), upper: exp(mean + t * se),
                                                         confidence: confidence),
                                   pValue: p, baselineLevel: level, relativeNoise: s / 2.0.squareRoot(), runs: n)
        }
        let w = WilcoxonSignedRank.test(d, level: confidence)
        let centre = Descriptive.median(d)
        let spread = Descriptive.mad(d) / 2.0.squareRoot()
        return RunToRun.Result(effect: RatioInterval(estimate: exp(w.estimate), lower: exp(w.confidenceInterval.lower),
                                                     upper: exp(w.confidenceInterval.upper), confidence: confidence),
                               pValue: w.pValue, baselineLevel: level, relativeNoise: spread, runs: n)
    }

    /// The ABBA schedule of `pairs` pairs: true where the candidate runs. Pair k is runs 2k and 2k+1.
    /// - Complexity: O(pairs).
    public static func schedule(pairs: Int) -> [Bool] {
        (0..<max(pairs, 0)).flatMap { k in k % 2 == 0 ? [false, true] : [true, false] }
    }
}
