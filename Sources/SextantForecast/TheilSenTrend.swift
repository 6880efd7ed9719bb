import Foundation

/// The Theil-Sen robust trend: slope = median of all pairwise slopes (y_j − y_i)/(x_j − x_i),
/// intercept = median(y) − slope · median(x).
///
/// Theil, H. (1950), "A rank-invariant method of linear and polynomial regression analysis",
/// Indagationes Mathematicae 12; Sen, P. K. (1968), "Estimates of the regression coefficient based
/// on Kendall's tau", JASA 63(324), 1379-1389. Breakdown point 29%: a few outlying benchmark
/// runs cannot tilt the line. The slope's confidence interval is Sen's: the order statistics of
/// the N pairwise slopes at ranks (N ∓ z·σ_S)/2, σ_S² the variance of Kendall's S with ties
/// corrected (Kendall 1970).
///
/// Prediction intervals (an approximation, documented in docs/forecasting.md): Gaussian with the
/// residuals' robust scale σ_r = 1.4826·MAD and the slope's uncertainty from Sen's 95% interval,
/// ŷ ± z √(σ_r² + (se_b (x₀ − median x))²), se_b = (upper − lower)/(2 · 1.96).
public struct TheilSenTrend: Sendable {
    public var slope: Double
    public var intercept: Double
    /// Sen's 95% confidence interval for the slope.
    public var slopeInterval: (lower: Double, upper: Double)
    /// 1.4826 · median |r − median r| of the residuals.
    public var residualScale: Double
    let medianX: Double
    let lastX: Double

    /// - Complexity: O(n² log n) time, O(n²) memory (all pairwise slopes); fine for histories of
    ///   a few thousand runs.
    public init(_ y: [Double], x: [Double]? = nil, confidence: Double = 95) throws(ForecastError) {
        try validate(y, minimumCount: 4)
        let n = y.count
        let xs = x ?? (0..<n).map(Double.init)
        guard xs.count == n else { throw .invalidArgument("x and y differ in length (\(xs.count) vs \(n))") }
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n {
            for j in (i + 1)..<n where xs[j] != xs[i] {
                slopes.append((y[j] - y[i]) / (xs[j] - xs[i]))
            }
        }
        guard !slopes.isEmpty else { throw .invalidArgument("x is constant: no trend can be fitted") }
        slopes.sort()
        slope = median(sorted: slopes)
        medianX = median(sorted: xs.sorted())
        intercept = median(sorted: y.sorted()) - slope * medianX
        // Sen's interval from the variance of Kendall's S with tie corrections.
        func tieTerm(_ v: [Double]) -> Double {
            var total = 0.0, run = 1
            let s = v.sorted()
            for i in 1...s.count {
                if i < s.count && s[i] == s[i - 1] { run += 1; continue }
                let t = Double(run)
                total += t * (t - 1) * (2 * t + 5)
                run = 1
            }
            return total
        }
        let nd = Double(n)
        let varS = (nd * (nd - 1) * (2 * nd + 5) - tieTerm(xs) - tieTerm(y)) / 18
        let z = normalQuantile(0.5 + confidence / 200)
        let N = Double(slopes.count)
        let upperRank = min(Int(((N + z * varS.squareRoot()) / 2).rounded()), slopes.count - 1)
        let lowerRank = max(Int(((N - z * varS.squareRoot()) / 2).rounded()) - 1, 0)
        slopeInterval = (slopes[max(min(lowerRank, slopes.count - 1), 0)], slopes[max(upperRank, 0)])
        let a = intercept, b = slope
        let residuals = (0..<n).map { y[$0] - a - b * xs[$0] }
        let center = median(sorted: residuals.sorted())
        residualScale = 1.4826 * median(sorted: residuals.map { abs($0 - center) }.sorted())
        lastX = xs[n - 1]
    }

    public func predict(at x0: Double) -> Double { intercept + slope * x0 }

    /// - Complexity: O(h · levels).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) -> Forecast {
        let xs = (0..<horizon).map { lastX + Double($0 + 1) }
        let seSlope = (slopeInterval.upper - slopeInterval.lower) / (2 * normalQuantile(0.975))
        let sd = xs.map { x0 -> Double in
            let d = seSlope * (x0 - medianX)
            return (residualScale * residualScale + d * d).squareRoot()
        }
        return Forecast.gaussian(model: "Linear (Theil-Sen)", mean: xs.map(predict(at:)), standardDeviation: sd, levels: levels)
    }
}

/// Median of sorted, non-empty data.
func median(sorted x: [Double]) -> Double {
    let n = x.count
    return n % 2 == 1 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2])
}
