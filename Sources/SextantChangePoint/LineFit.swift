import Foundation
import SextantNumerics

/// Least-squares fit of a level (`linear == false`) or a line `a + b u` over the positions of a
/// segment, by centred sums (u = position minus the segment's centre).
/// - Complexity: O(n).
struct LineFit {
    var rss: Double
    var slope: Double
    /// OLS standard error of the slope, `sqrt(RSS / (n - 2) / sum u^2)`; NaN below 3 points.
    var slopeStandardError: Double

    init(_ y: ArraySlice<Double>, linear: Bool) {
        let n = y.count
        let mean = Descriptive.mean(y)
        guard n > 0 else { rss = 0; slope = .nan; slopeStandardError = .nan; return }
        var syy = 0.0
        for v in y { syy += (v - mean) * (v - mean) }
        guard linear, n >= 2 else { rss = syy; slope = linear ? 0 : .nan; slopeStandardError = .nan; return }
        let centre = Double(n - 1) / 2
        var suy = 0.0
        for (k, v) in y.enumerated() { suy += (Double(k) - centre) * (v - mean) }
        let nn = Double(n)
        let suu = nn * (nn * nn - 1) / 12
        slope = suy / suu
        rss = max(syy - suy * suy / suu, 0)
        slopeStandardError = n >= 3 ? (rss / (nn - 2) / suu).squareRoot() : .nan
    }
}
