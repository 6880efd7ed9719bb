import Foundation
import SextantNumerics

// Small slice-based helpers for the hot paths of this module (no copies into arrays); the
// distributions come from SextantNumerics.

enum Stat {
    static func mean(_ x: ArraySlice<Double>) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// Sample variance with `ddof` degrees of freedom removed (1: unbiased, 0: population).
    static func variance(_ x: ArraySlice<Double>, ddof: Int = 1) -> Double {
        guard x.count > ddof else { return .nan }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(x.count - ddof)
    }

    /// Median (average of the two middle order statistics for even counts), by selection on a copy.
    /// - Complexity: O(n) expected.
    static func median(_ x: ArraySlice<Double>) -> Double {
        guard !x.isEmpty else { return .nan }
        guard !x.contains(where: \.isNaN) else { return .nan }  // selection needs a total order
        var a = Array(x)
        let n = a.count, h = n / 2
        return a.withUnsafeMutableBufferPointer { p in
            _ = Descriptive.select(p, h)
            if n % 2 == 1 { return p[h] }
            var below = p[0]  // the largest of p[0..<h], all <= p[h]: the order statistic h - 1
            for i in 1..<h { below = Swift.max(below, p[i]) }
            return 0.5 * (below + p[h])
        }
    }

    /// Two-sided tail probability `P(|T| >= |t|)` of Student's t with `df` degrees of freedom
    /// (SextantNumerics' `StudentT`, accurate far into the tails).
    static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if t.isInfinite { return 0 }
        return min(1, 2 * StudentT(degreesOfFreedom: df).survival(abs(t)))
    }

    /// Quantile of Student's t: the `t > 0` with `P(T > t) = q` for `0 < q < 0.5`.
    static func studentTUpperQuantile(_ q: Double, df: Double) -> Double {
        guard q > 0, q < 0.5, df > 0 else { return .nan }
        return StudentT(degreesOfFreedom: df).inverseSurvival(q)
    }

    /// Welch's two-sample t-test: two-sided p-value, standard error of the difference of means and
    /// Welch-Satterthwaite degrees of freedom.
    static func welch(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> (p: Double, se: Double, df: Double) {
        let na = Double(a.count), nb = Double(b.count)
        guard a.count >= 2, b.count >= 2 else { return (.nan, .nan, .nan) }
        let va = variance(a) / na, vb = variance(b) / nb
        let se = (va + vb).squareRoot()
        let df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
        let diff = mean(b) - mean(a)
        if se == 0 { return (diff == 0 ? 1 : 0, 0, df.isNaN ? na + nb - 2 : df) }
        return (studentTTwoSided(diff / se, df: df), se, df)
    }
}

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
        let mean = Stat.mean(y)
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
