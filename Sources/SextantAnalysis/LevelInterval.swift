import SextantNumerics

/// The Student t interval of a level: mean ± t_{n-1, (1+c)/2} s / √n (Student 1908), the one interval of
/// a segment's level (`sextant analyze`) and of a candidate's raw samples (the gate's SLA checks).
public enum LevelInterval {
    /// The mean of `values` with its t interval at `confidence`; the point itself with fewer than 2
    /// values, NaN when empty.
    /// - Complexity: O(n).
    public static func mean(_ values: [Double], confidence: Double) -> (mean: Double, lower: Double, upper: Double) {
        let n = values.count
        guard n > 0 else { return (.nan, .nan, .nan) }
        let m = values.reduce(0, +) / Double(n)
        guard n >= 2 else { return (m, m, m) }
        let v = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        let t = StudentT(degreesOfFreedom: Double(n - 1)).quantile(0.5 + confidence / 2)
        let half = t * (v / Double(n)).squareRoot()
        return (m, m - half, m + half)
    }
}
