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
