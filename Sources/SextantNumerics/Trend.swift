/// The Theil–Sen slope estimator with Sen's confidence interval (Theil 1950; Sen 1968,
/// "Estimates of the regression coefficient based on Kendall's tau", JASA 63).
public enum TheilSen {
    public struct Result: Hashable, Sendable {
        /// The median of the pairwise slopes (yⱼ − yᵢ)/(xⱼ − xᵢ) over xⱼ > xᵢ.
        public var slope: Double
        /// median(y) − slope · median(x).
        public var intercept: Double
        public var confidenceInterval: Interval
    }

    /// Fits y ≈ intercept + slope·x robustly; x defaults to 0, 1, 2, ….
    ///
    /// Interval: with N slopes sorted and σ² = (n(n−1)(2n+5) − Σ t(t−1)(2t+5))/18 (tie groups t in
    /// x and in y, as scipy's `theilslopes` counts them), the order statistics
    /// R_l = round((N − z σ)/2) − 1 and R_u = round((N + z σ)/2) (0-based, half to even), z = Φ⁻¹(1 − α/2).
    ///
    /// - Complexity: O(n² log n).
    public static func fit(_ y: [Double], x: [Double]? = nil, level: Double = 0.95) -> Result {
        let xs = x ?? (0..<y.count).map(Double.init)
        let n = y.count
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n { for j in 0..<n where xs[j] > xs[i] { slopes.append((y[j] - y[i]) / (xs[j] - xs[i])) } }
        slopes.sort()
        guard !slopes.isEmpty else {
            return Result(slope: .nan, intercept: .nan, confidenceInterval: Interval(lower: .nan, upper: .nan))
        }
        let slope = Descriptive.quantile(sorted: slopes, 0.5)
        let intercept = Descriptive.median(y) - slope * Descriptive.median(xs)
        let z = Normal.standardQuantile((1 - level) / 2)  // negative, as in Sen's formula
        let nd = Double(n)
        var sig = nd * (nd - 1) * (2 * nd + 5)
        for t in midranks(xs).ties + midranks(y).ties { let k = Double(t); sig -= k * (k - 1) * (2 * k + 5) }
        let sigma = (sig / 18).squareRoot()
        let N = Double(slopes.count)
        let ru = min(Int(((N - z * sigma) / 2).rounded(.toNearestOrEven)), slopes.count - 1)
        let rl = max(Int(((N + z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
        return Result(slope: slope, intercept: intercept, confidenceInterval: Interval(lower: slopes[rl], upper: slopes[ru]))
    }
}

/// The Mann–Kendall trend test (Mann 1945, Econometrica 13; Kendall 1975, Rank Correlation Methods).
public enum MannKendall {
    public struct Result: Hashable, Sendable {
        /// S = Σ_{i<j} sign(xⱼ − xᵢ).
        public var s: Double
        /// Var(S) with the tie correction.
        public var variance: Double
        /// (S − sign S)/√Var(S) (continuity-corrected).
        public var z: Double
        public var pValue: Double
        /// Kendall's τ = S / (n(n−1)/2).
        public var tau: Double
    }

    /// Tests a series (in time order) for a monotonic trend.
    ///
    /// Var(S) = (n(n−1)(2n+5) − Σ t(t−1)(2t+5))/18 over tie groups t; p from the normal
    /// distribution for the chosen alternative (`.greater` = upward trend).
    ///
    /// - Complexity: O(n²).
    public static func test(_ x: [Double], alternative: Alternative = .twoSided) -> Result {
        let n = x.count
        var s = 0.0
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { s += x[j] > x[i] ? 1 : (x[j] < x[i] ? -1 : 0) } }
        let nd = Double(n)
        var v = nd * (nd - 1) * (2 * nd + 5)
        for t in midranks(x).ties { let k = Double(t); v -= k * (k - 1) * (2 * k + 5) }
        v /= 18
        let z = s == 0 ? 0 : (s - (s > 0 ? 1 : -1)) / v.squareRoot()
        let p: Double
        switch alternative {
        case .twoSided: p = min(1, 2 * Normal().survival(abs(z)))
        case .greater: p = Normal().survival(z)
        case .less: p = Normal().cdf(z)
        }
        return Result(s: s, variance: v, z: z, pValue: p, tau: n > 1 ? s / (nd * (nd - 1) / 2) : .nan)
    }
}
