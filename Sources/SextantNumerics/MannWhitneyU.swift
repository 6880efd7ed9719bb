#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Midranks (average ranks for ties) of the pooled sample and the tie-group sizes.
///
/// - Complexity: O(n log n).
func midranks(_ v: [Double]) -> (ranks: [Double], ties: [Int]) {
    let order = v.indices.sorted { v[$0] < v[$1] }
    var ranks = [Double](repeating: 0, count: v.count)
    var ties: [Int] = []
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
        let r = Double(i + j) / 2 + 1
        for k in i...j { ranks[order[k]] = r }
        if j > i { ties.append(j - i + 1) }
        i = j + 1
    }
    return (ranks, ties)
}

/// The Mann–Whitney U (Wilcoxon rank-sum) test (Mann & Whitney 1947, Ann. Math. Stat. 18).
public enum MannWhitneyU {
    /// How the p-value is computed.
    public enum Method: Hashable, Sendable {
        /// `.exact` when there are no ties and one sample has at most 8 values, otherwise
        /// `.asymptotic` (scipy's `method='auto'` rule).
        case automatic
        /// The exact permutation distribution of U (valid without ties).
        case exact
        /// The normal approximation with the tie-corrected variance.
        case asymptotic
        /// `.exact` when there are no ties and `n₁ n₂ <= pairs`, otherwise `.asymptotic`. The gate uses
        /// 2500: with few candidate runs the normal tail is far too coarse (3 runs above all of 20:
        /// exact p = 2/C(23, 3) = 0.0011, normal approximation 0.007), and up to 2500 pairs the exact
        /// distribution costs well under a millisecond.
        case exactIfPairsAtMost(Int)
    }

    /// The test's outcome.
    public struct Result: Hashable, Sendable {
        /// U for the first sample: #{(i, j): xᵢ > yⱼ} + ½ #{xᵢ = yⱼ}.
        public var statistic: Double
        public var pValue: Double
        /// The method actually used.
        public var method: Method
    }

    /// Tests whether x and y come from the same distribution against a location shift.
    ///
    /// Exact: the null distribution of U is the coefficient sequence of the Gaussian binomial
    /// [n₁+n₂ choose n₁]_q, built by multiplying the factors (1 − q^{n₂+i})/(1 − q^i)
    /// (Andrews, The Theory of Partitions, §3.3); two-sided p = min(1, 2·min(P(U ≤ u), P(U ≥ u))).
    /// Asymptotic: z = (U − n₁n₂/2 ∓ ½)/σ with σ² = n₁n₂/12 · (n + 1 − Σ(t³ − t)/(n(n − 1))),
    /// the ½ continuity correction applied toward the mean when `continuityCorrection`.
    ///
    /// - Complexity: O((n₁ + n₂) log(n₁ + n₂)) for the statistic; exact p-value O(n₁² n₂) time, O(n₁ n₂) memory.
    public static func test(
        _ x: [Double], _ y: [Double], alternative: Alternative = .twoSided,
        method: Method = .automatic, continuityCorrection: Bool = true
    ) -> Result {
        test(sortedX: x.sorted(), sortedY: y.sorted(), alternative: alternative, method: method,
             continuityCorrection: continuityCorrection)
    }

    /// ``test(_:_:alternative:method:continuityCorrection:)`` on samples already sorted ascending: the
    /// midranks, U and the tie term `sum (t^3 - t)` come from one merge pass.
    ///
    /// - Complexity: O(n₁ + n₂) for the statistic; exact p-value O(min(n₁, n₂) n₁ n₂) time, O(n₁ n₂) memory.
    public static func test(
        sortedX x: [Double], sortedY y: [Double], alternative: Alternative = .twoSided,
        method: Method = .automatic, continuityCorrection: Bool = true
    ) -> Result {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return Result(statistic: .nan, pValue: .nan, method: method) }
        var i = 0, j = 0
        var rank = 0.0, r1 = 0.0, tieSum = 0.0
        while i < n1 || j < n2 {
            let v = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i] : y[j]
            var cx = 0, cy = 0
            while i < n1, x[i] == v { cx += 1; i += 1 }
            while j < n2, y[j] == v { cy += 1; j += 1 }
            let t = Double(cx + cy)
            if cx + cy == 0 { break }  // NaN: no total order; the p-value below is NaN
            r1 += Double(cx) * (rank + (t + 1) / 2)
            rank += t
            if t > 1 { tieSum += t * t * t - t }
        }
        guard i == n1, j == n2 else { return Result(statistic: .nan, pValue: .nan, method: method) }
        let u1 = r1 - Double(n1) * Double(n1 + 1) / 2
        var used = method
        switch method {
        case .automatic: used = (tieSum == 0 && min(n1, n2) <= 8) ? .exact : .asymptotic
        case .exactIfPairsAtMost(let pairs): used = (tieSum == 0 && n1 * n2 <= pairs) ? .exact : .asymptotic
        case .exact, .asymptotic: break
        }
        let m = Double(n1) * Double(n2)
        let p: Double
        if used == .exact {
            // Lower tails only: P(U >= k) = P(U <= n₁n₂ - k) by symmetry, so every probability is a sum
            // of the distribution's small end, where the counts are exact.
            let counts = uDistribution(n1, n2)
            let total = counts.reduce(0, +)
            let k = Int(u1.rounded())
            func atMost(_ u: Int) -> Double { u < 0 ? 0 : counts[0...min(u, counts.count - 1)].reduce(0, +) }
            let le = atMost(k), ge = atMost(n1 * n2 - k)
            switch alternative {
            case .less: p = le / total
            case .greater: p = ge / total
            case .twoSided: p = min(1, 2 * min(le, ge) / total)
            }
        } else {
            let n = Double(n1 + n2)
            let sd = (m / 12 * ((n + 1) - tieSum / (n * (n - 1)))).squareRoot()
            let mu = m / 2
            let cc = continuityCorrection ? 0.5 : 0
            let normal = Normal()
            if !(sd > 0) {
                p = 1  // every value tied: no evidence either way
            } else {
                switch alternative {
                case .greater: p = normal.survival((u1 - mu - cc) / sd)
                case .less: p = normal.cdf((u1 - mu + cc) / sd)
                case .twoSided:
                    let u = max(u1, m - u1)
                    p = min(1, 2 * normal.survival((u - mu - cc) / sd))
                }
            }
        }
        return Result(statistic: u1, pValue: p, method: used)
    }

    /// Counts of U = 0…n₁n₂ over all C(n₁+n₂, n₁) arrangements (Gaussian binomial coefficients).
    ///
    /// - Complexity: O(n₁ · n₁n₂).
    static func uDistribution(_ n1: Int, _ n2: Int) -> [Double] {
        let m = min(n1, n2), n = max(n1, n2)
        var c = [Double](repeating: 0, count: m * n + 1)
        c[0] = 1
        var degree = 0
        for i in 1...max(m, 1) where m >= 1 {
            // multiply by (1 − q^{n+i})
            let shift = n + i
            degree += shift
            for k in stride(from: min(degree, m * n), through: shift, by: -1) { c[k] -= c[k - shift] }
            // divide by (1 − q^i): running sum with stride i
            for k in i...(m * n) { c[k] += c[k - i] }
        }
        return c
    }

    /// Quantile of the exact null distribution: the smallest u with P(U ≤ u) ≥ p.
    static func exactQuantile(_ p: Double, _ n1: Int, _ n2: Int) -> Int {
        let counts = uDistribution(n1, n2)
        let total = counts.reduce(0, +)
        var cum = 0.0
        for (u, c) in counts.enumerated() {
            cum += c
            if cum / total >= p * (1 - 64 * Double.ulpOfOne) { return u }
        }
        return counts.count - 1
    }
}
