#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Wilcoxon signed-rank test of paired differences (Wilcoxon 1945, Biometrics Bulletin 1) with the
/// one-sample Hodges–Lehmann estimate, the median of the Walsh averages (dᵢ + dⱼ)/2, i ≤ j, and its
/// distribution-free interval (Hollander & Wolfe, Nonparametric Statistical Methods, §3.2).
///
/// Zero differences are dropped from test and interval (Wilcoxon's convention, scipy's
/// `zero_method="wilcox"`, R's `wilcox.test`). Without ties
/// among the |dᵢ| and for n ≤ 50 the p-value is exact, from the null distribution of W⁺ (each of the
/// 2ⁿ sign patterns equally likely) counted by dynamic programming; otherwise the normal
/// approximation with the tie correction Σ(t³ − t)/48 of the variance and no continuity correction
/// (scipy.stats.wilcoxon's defaults). The interval is [A₍C₎, A₍M+1−C₎] of the M = n(n+1)/2 sorted
/// Walsh averages, with C the largest integer such that P(W⁺ ≤ C − 1) ≤ α/2 (exact distribution, or
/// its normal approximation when the test is approximate); C < 1 gives the range.
public enum WilcoxonSignedRank {
    public struct Result: Hashable, Sendable {
        /// W⁺: the sum of the ranks of the positive differences.
        public var statistic: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// Median of the Walsh averages of the nonzero differences (as R's `wilcox.test`).
        public var estimate: Double
        public var confidenceInterval: Interval
        /// Nonzero differences used by the test.
        public var n: Int
        public var exact: Bool
    }

    /// Counts of W⁺ = 0 ... n(n+1)/2 over the 2ⁿ sign patterns.
    /// - Complexity: O(n³) time, O(n²) memory.
    static func distribution(_ n: Int) -> [Double] {
        let m = n * (n + 1) / 2
        var c = [Double](repeating: 0, count: m + 1)
        c[0] = 1
        var top = 0
        for r in stride(from: 1, through: n, by: 1) {
            top += r
            for w in stride(from: top, through: r, by: -1) { c[w] += c[w - r] }
        }
        return c
    }

    /// - Complexity: O(n² log n) for the Walsh averages plus O(n³) for the exact distribution.
    public static func test(_ differences: [Double], level: Double = 0.95) -> Result {
        let all = differences.filter(\.isFinite)
        let d = all.filter { $0 != 0 }
        let n = d.count
        var walsh: [Double] = []
        walsh.reserveCapacity(n * (n + 1) / 2)
        for i in d.indices { for j in i..<n { walsh.append((d[i] + d[j]) / 2) } }
        walsh.sort()
        let estimate = walsh.isEmpty ? .nan : Descriptive.quantile(sorted: walsh, 0.5)
        guard n > 0 else {
            let zero: Double = all.isEmpty ? .nan : 0
            return Result(statistic: 0, pValue: 1, estimate: zero, confidenceInterval: Interval(lower: zero, upper: zero),
                          n: 0, exact: false)
        }
        let (ranks, ties) = midranks(d.map { abs($0) })
        var wPlus = 0.0
        for (k, x) in d.enumerated() where x > 0 { wPlus += ranks[k] }
        let m = Double(n * (n + 1)) / 2
        let alpha = 1 - level
        let exact = ties.isEmpty && n <= 50
        let p: Double
        var c: Int
        if exact {
            let counts = distribution(n)
            let total = pow(2.0, Double(n))
            let w = Int(wPlus.rounded())
            let lower = counts[0...w].reduce(0, +) / total
            let upper = counts[w...].reduce(0, +) / total
            p = min(1, 2 * min(lower, upper))
            c = 0
            var cumulative = 0.0
            while c < counts.count, (cumulative + counts[c]) / total <= alpha / 2 { cumulative += counts[c]; c += 1 }
            // Now P(W+ <= c - 1) <= alpha/2 < P(W+ <= c): C = c.
        } else {
            let tieTerm = ties.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) } / 48
            let sd = (Double(n * (n + 1) * (2 * n + 1)) / 24 - tieTerm).squareRoot()
            let z = sd > 0 ? (wPlus - m / 2) / sd : 0
            p = min(1, 2 * Normal().survival(abs(z)))
            let zc = Normal.standardQuantile(1 - alpha / 2)
            c = Int((m / 2 - zc * sd).rounded(.down))
        }
        let mTotal = walsh.count
        let lo: Double, hi: Double
        if mTotal == 0 {
            lo = .nan; hi = .nan
        } else if c < 1 {
            lo = walsh[0]; hi = walsh[mTotal - 1]
        } else {
            lo = walsh[min(c, mTotal) - 1]; hi = walsh[max(mTotal - c, 0)]
        }
        return Result(statistic: wPlus, pValue: p, estimate: estimate, confidenceInterval: Interval(lower: lo, upper: hi),
                      n: n, exact: exact)
    }
}
