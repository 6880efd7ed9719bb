import Foundation
import SextantNumerics

/// One value per run: the candidate against the prediction interval of the baseline window.
///
/// With k > 1 candidate runs the same construction becomes the pooled two-sample t comparison of the
/// log means, (ybar - xbar) / (s_p sqrt(1/n + 1/k)) ~ t_{n+k-2}, which reduces to the prediction
/// interval at k = 1 (s_p = s, df = n - 1).
///
/// Run-to-run noise is multiplicative for timings, so the window is modelled on the log scale:
/// log x_1..log x_n iid N(mu, sigma^2). A new run's log value then satisfies
/// (log y - mean) / (s sqrt(1 + 1/n)) ~ t_{n-1} (the classical prediction interval, e.g.
/// Hahn & Meeker 1991, *Statistical Intervals*, sec. 4.4). The effect is the ratio
/// y / exp(mean) with the interval exp(d +- t_{n-1,1-alpha/2} s sqrt(1 + 1/n)), and the p-value is the
/// two-sided t tail of the same statistic, so that test and interval always agree.
/// Non-positive data fall back to the same construction on the raw scale (ratio to the window mean).
public enum RunToRun {
    public struct Result: Sendable, Equatable {
        public var effect: RatioInterval
        public var pValue: Double
        /// The window's level (geometric mean, or mean on the raw scale).
        public var baselineLevel: Double
        /// Standard deviation of the window on the log scale (or relative, raw scale).
        public var relativeNoise: Double
        public var runs: Int
    }

    /// Compares `candidate` with the window `baseline` (at least 2 values).
    /// - Complexity: O(n).
    public static func compare(baseline: [Double], candidate: Double, confidence: Double) -> Result? {
        compare(baseline: baseline, candidates: [candidate], confidence: confidence)
    }

    /// Compares k >= 1 candidate runs with the window `baseline` (at least 2 values).
    /// - Complexity: O(n + k).
    public static func compare(baseline: [Double], candidates: [Double], confidence: Double) -> Result? {
        let n = baseline.count, k = candidates.count
        guard n >= 2, k >= 1, candidates.allSatisfy(\.isFinite), baseline.allSatisfy(\.isFinite) else { return nil }
        let logScale = candidates.allSatisfy { $0 > 0 } && baseline.allSatisfy { $0 > 0 }
        let xs = logScale ? baseline.map { log($0) } : baseline
        let ys = logScale ? candidates.map { log($0) } : candidates
        let mean = xs.reduce(0, +) / Double(n)
        let y = ys.reduce(0, +) / Double(k)
        var ss = 0.0
        for x in xs { ss += (x - mean) * (x - mean) }
        for v in ys { ss += (v - y) * (v - y) }
        let df = Double(n + k - 2)
        let s = (ss / df).squareRoot()
        let se = s * (1 / Double(k) + 1 / Double(n)).squareRoot()
        let tcrit = GateDistributions.studentQuantile(0.5 + confidence / 2, df: df)
        let d = y - mean
        let p: Double
        if se == 0 { p = d == 0 ? 1 : 0 } else { p = GateDistributions.studentTwoSided(d / se, df: df) }
        let effect: RatioInterval
        let level: Double
        let noise: Double
        if logScale {
            level = exp(mean)
            effect = RatioInterval(estimate: exp(d), lower: exp(d - tcrit * se), upper: exp(d + tcrit * se),
                                   confidence: confidence)
            noise = s
        } else {
            level = mean
            if mean == 0 && ss == 0 && d == 0 {
                // Constant zero (e.g. an unmeasured memory metric): identical, not incomparable.
                return Result(effect: RatioInterval(estimate: 1, lower: 1, upper: 1, confidence: confidence),
                              pValue: 1, baselineLevel: 0, relativeNoise: 0, runs: n)
            }
            guard mean != 0 else { return nil }
            let lo = (d - tcrit * se) / abs(mean), hi = (d + tcrit * se) / abs(mean)
            effect = RatioInterval(estimate: 1 + d / abs(mean), lower: 1 + lo, upper: 1 + hi, confidence: confidence)
            noise = s / abs(mean)
        }
        return Result(effect: effect, pValue: p, baselineLevel: level, relativeNoise: noise, runs: n)
    }
}
