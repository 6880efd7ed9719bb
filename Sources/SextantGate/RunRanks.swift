import Foundation
import SextantNumerics

/// Several runs per side: a rank comparison of run summaries, free of any noise distribution.
///
/// Benchmark noise on a shared machine is heavy-tailed (whole runs slowed by load), which breaks the
/// normal model of ``RunToRun``. With k >= 3 candidate runs, the p-value is the Mann-Whitney U test of
/// the k candidate run summaries against the n window summaries (exchangeable under "no change"), and
/// the effect is the Hodges-Lehmann estimate exp(median_{i,j}(log y_j - log x_i)) with the
/// distribution-free interval of Moses (Hollander & Wolfe 1999, sec. 4.3): the order statistics
/// C and nk + 1 - C of the nk pairwise differences, C = floor(nk/2 - z sqrt(nk(n+k+1)/12)) (normal
/// approximation of the U distribution); when C < 1 the interval is the range of the differences.
public enum RunRanks {
    /// - Complexity: O(nk log(nk)).
    public static func compare(baseline: [Double], candidates: [Double], confidence: Double) -> RunToRun.Result? {
        let n = baseline.count, k = candidates.count
        guard n >= 2, k >= 1, baseline.allSatisfy({ $0 > 0 && $0.isFinite }), candidates.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            return nil
        }
        let xs = baseline.map { log($0) }.sorted(), ys = candidates.map { log($0) }.sorted()
        let mw = MannWhitneyU.test(sortedX: ys, sortedY: xs, method: .exactIfPairsAtMost(2500))
        // The normal-approximation order statistics even for few runs (`exact: false`): the gate's
        // calibration (docs/validation.md) was measured with them.
        let shift = HodgesLehmann.shift(ys, xs, level: confidence, exact: false)
        let hl = shift.estimate, lo = shift.confidenceInterval.lower, hi = shift.confidenceInterval.upper
        let centre = Descriptive.median(sorted: xs)
        let spread = Descriptive.mad(xs)
        return RunToRun.Result(effect: RatioInterval(estimate: exp(hl), lower: exp(lo), upper: exp(hi), confidence: confidence),
                               pValue: mw.pValue, baselineLevel: exp(centre), relativeNoise: spread, runs: n)
    }
}
