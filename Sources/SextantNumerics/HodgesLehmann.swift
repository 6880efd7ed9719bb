#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Hodges–Lehmann estimate of the shift between two samples with its distribution-free
/// confidence interval (Hodges & Lehmann 1963, Ann. Math. Stat. 34; Bauer 1972, JASA 67).
public enum HodgesLehmann {
    public struct Result: Hashable, Sendable {
        /// The median of all n₁n₂ differences xᵢ − yⱼ.
        public var estimate: Double
        public var confidenceInterval: Interval
        /// The coverage the order statistics actually give (exact method), or the nominal level.
        public var achievedLevel: Double
        public var exact: Bool
    }

    /// Shift estimate x − y and its interval from the ordered differences d₍₁₎ ≤ … ≤ d₍ₙ₁ₙ₂₎.
    ///
    /// Exact (no ties, min(n₁, n₂) ≤ 8, or `exact: true`): with k the α/2 quantile of the exact
    /// null distribution of U (k ≥ 1), the interval is [d₍ₖ₎, d₍ₙ₁ₙ₂₋ₖ₊₁₎] (as R's `wilcox.test`).
    /// Otherwise the normal approximation k = ⌊n₁n₂/2 − z_{1−α/2}·√(n₁n₂(n₁+n₂+1)/12)⌋
    /// (Hollander & Wolfe, Nonparametric Statistical Methods, §4.3).
    ///
    /// - Complexity: O(n₁n₂ log(n₁n₂)) (all differences are sorted).
    public static func shift(_ x: [Double], _ y: [Double], level: Double = 0.95, exact: Bool? = nil) -> Result {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else {
            return Result(estimate: .nan, confidenceInterval: Interval(lower: .nan, upper: .nan), achievedLevel: .nan, exact: false)
        }
        var diffs: [Double] = []
        diffs.reserveCapacity(n1 * n2)
        for a in x { for b in y { diffs.append(a - b) } }
        diffs.sort()
        let estimate = Descriptive.quantile(sorted: diffs, 0.5)
        let alpha = 1 - level
        let hasTies = !midranks(x + y).ties.isEmpty
        let useExact = exact ?? (!hasTies && min(n1, n2) <= 8)
        let N = n1 * n2
        var k: Int
        var achieved = level
        if useExact {
            k = MannWhitneyU.exactQuantile(alpha / 2, n1, n2)
            if k == 0 { k = 1 }
            let counts = MannWhitneyU.uDistribution(n1, n2)
            let total = counts.reduce(0, +)
            let below = counts[0..<k].reduce(0, +) / total
            achieved = 1 - 2 * below
        } else {
            let z = Normal.standardQuantile(1 - alpha / 2)
            k = Int((Double(N) / 2 - z * (Double(N) * Double(n1 + n2 + 1) / 12).squareRoot()).rounded(.down))
            k = max(k, 1)
        }
        let lower = diffs[min(k, N) - 1]
        let upper = diffs[max(N - k, 0)]
        return Result(estimate: estimate, confidenceInterval: Interval(lower: lower, upper: upper), achievedLevel: achieved, exact: useExact)
    }
}
