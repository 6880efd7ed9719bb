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
