/// Bootstrap confidence intervals with a seedable generator (Efron & Tibshirani 1993,
/// An Introduction to the Bootstrap, ch. 13–14; BCa: Efron 1987, "Better bootstrap confidence
/// intervals", JASA 82).
///
/// Resampling order (part of the reproducibility contract): for each replicate, the first sample
/// is resampled (n₁ draws of `SeededGenerator.nextIndex(below:)`), then the second. Interval
/// endpoints are type-7 quantiles of the replicates, as scipy's `bootstrap` takes them.
public enum Bootstrap {
    public enum Method: Hashable, Sendable {
        /// The α/2 and 1 − α/2 quantiles of the replicates.
        case percentile
        /// Bias-corrected and accelerated: the quantile levels are moved by the bias correction
        /// ẑ₀ = Φ⁻¹(#{θ* < θ̂} + ½#{θ* = θ̂})/B) and the jackknife acceleration
        /// â = Σ U³ / (6 (Σ U²)^{3/2}) (per sample, summed over samples as scipy does).
        case bca
    }

    public struct Result: Sendable {
        /// The statistic on the original data.
        public var estimate: Double
        public var confidenceInterval: Interval
        public var level: Double
        public var method: Method
        public var replicates: Int
        /// The bootstrap distribution (sorted).
        public var distribution: [Double]
        /// BCa bias correction and acceleration (0 for the percentile method).
        public var biasCorrection: Double
        public var acceleration: Double
    }

    /// One-sample bootstrap interval for `statistic`.
    ///
    /// - Complexity: O(B · cost(statistic)) plus O(n · cost) for the BCa jackknife and O(B log B).
    public static func interval(
        _ x: [Double], statistic: ([Double]) -> Double, method: Method = .bca,
        level: Double = 0.95, replicates: Int = 9_999, seed: UInt64
    ) -> Result {
        twoSampleInterval(x, [], statistic: { a, _ in statistic(a) }, method: method, level: level, replicates: replicates, seed: seed, samples: 1)
    }

    /// Two-sample bootstrap interval for `statistic(x, y)`, the samples resampled independently.
    ///
    /// - Complexity: O(B · cost(statistic)) plus O((n₁ + n₂) · cost) for BCa.
    public static func interval(
        _ x: [Double], _ y: [Double], statistic: ([Double], [Double]) -> Double, method: Method = .bca,
        level: Double = 0.95, replicates: Int = 9_999, seed: UInt64
    ) -> Result {
        twoSampleInterval(x, y, statistic: statistic, method: method, level: level, replicates: replicates, seed: seed, samples: 2)
    }

    /// Interval for median(x)/median(y) (e.g. new/old benchmark timings).
    ///
    /// - Complexity: O(B (n₁ + n₂) log(n₁ + n₂)) (a median per replicate) plus the BCa jackknife.
    public static func ratioOfMedians(_ x: [Double], _ y: [Double], method: Method = .bca, level: Double = 0.95, replicates: Int = 9_999, seed: UInt64) -> Result {
        interval(x, y, statistic: { Descriptive.median($0) / Descriptive.median($1) }, method: method, level: level, replicates: replicates, seed: seed)
    }

    /// Interval for mean(x)/mean(y).
    ///
    /// - Complexity: O(B (n₁ + n₂)) plus the BCa jackknife, O((n₁ + n₂)²).
    public static func ratioOfMeans(_ x: [Double], _ y: [Double], method: Method = .bca, level: Double = 0.95, replicates: Int = 9_999, seed: UInt64) -> Result {
        interval(x, y, statistic: { Descriptive.mean($0) / Descriptive.mean($1) }, method: method, level: level, replicates: replicates, seed: seed)
    }

    static func twoSampleInterval(
        _ x: [Double], _ y: [Double], statistic: ([Double], [Double]) -> Double, method: Method,
        level: Double, replicates: Int, seed: UInt64, samples: Int
    ) -> Result {
        let theta = statistic(x, y)
        var g = SeededGenerator(seed: seed)
        var reps = [Double](repeating: 0, count: max(replicates, 0))
        var bx = x, by = y
        for b in 0..<reps.count {
            for i in 0..<x.count { bx[i] = x[g.nextIndex(below: x.count)] }
            if samples == 2 { for i in 0..<y.count { by[i] = y[g.nextIndex(below: y.count)] } }
            reps[b] = statistic(bx, by)
        }
        let alpha = (1 - level) / 2
        var lo = alpha, hi = 1 - alpha
        var z0 = 0.0, a = 0.0
        if method == .bca && !reps.isEmpty {
            var less = 0, equal = 0
            for r in reps { if r < theta { less += 1 } else if r == theta { equal += 1 } }
            z0 = Normal.standardQuantile((Double(2 * less + equal)) / Double(2 * reps.count))
            var num = 0.0, den = 0.0
            for s in 0..<samples {
                let data = s == 0 ? x : y
                let n = data.count
                guard n > 1 else { continue }
                var jack = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var d = data
                    d.remove(at: i)
                    jack[i] = s == 0 ? statistic(d, y) : statistic(x, d)
                }
                let mean = Descriptive.mean(jack)
                let nn = Double(n)
                var s3 = 0.0, s2 = 0.0
                for v in jack {
                    let u = (nn - 1) * (mean - v)
                    s3 += u * u * u; s2 += u * u
                }
                num += s3 / (nn * nn * nn); den += s2 / (nn * nn)
            }
            a = den > 0 ? num / (6 * pow15(den)) : 0
            let zl = Normal.standardQuantile(alpha), zh = -zl
            lo = Normal().cdf(z0 + (z0 + zl) / (1 - a * (z0 + zl)))
            hi = Normal().cdf(z0 + (z0 + zh) / (1 - a * (z0 + zh)))
        }
        reps.sort()
        let ci = Interval(lower: Descriptive.quantile(sorted: reps, lo), upper: Descriptive.quantile(sorted: reps, hi))
        return Result(estimate: theta, confidenceInterval: ci, level: level, method: method, replicates: reps.count,
                      distribution: reps, biasCorrection: z0, acceleration: a)
    }

    static func pow15(_ v: Double) -> Double { v * v.squareRoot() }
}
