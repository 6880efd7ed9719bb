import Foundation
import SextantNumerics

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
/// residuals' robust scale σ_r = 1.482602·MAD (`Descriptive.madNormalScale`) and the slope's uncertainty from Sen's 95% interval,
/// ŷ ± z √(σ_r² + (se_b (x₀ − median x))²), se_b = (upper − lower)/(2 z), z the normal quantile of the interval's level.
public struct TheilSenTrend: Sendable {
    public var slope: Double
    public var intercept: Double
    /// Sen's 95% confidence interval for the slope.
    public var slopeInterval: (lower: Double, upper: Double)
    /// 1.482602 · median |r − median r| of the residuals.
    public var residualScale: Double
    let medianX: Double
    let lastX: Double
    let confidence: Double

    /// - Complexity: O(n² log n) time, O(n²) memory (all pairwise slopes, in
    ///   `SextantNumerics.TheilSen`); fine for histories of a few thousand runs.
    public init(_ y: [Double], x: [Double]? = nil, confidence: Double = 95) throws(ForecastError) {
        try validate(y, minimumCount: 4)
        let n = y.count
        let xs = x ?? (0..<n).map(Double.init)
        guard xs.count == n else { throw .invalidArgument("x and y differ in length (\(xs.count) vs \(n))") }
        guard xs.contains(where: { $0 != xs[0] }) else { throw .invalidArgument("x is constant: no trend can be fitted") }
        // Slope, intercept and Sen's interval: SextantNumerics.TheilSen (checked against scipy).
        let fit = TheilSen.fit(y, x: xs, level: confidence / 100)
        slope = fit.slope
        intercept = fit.intercept
        slopeInterval = (fit.confidenceInterval.lower, fit.confidenceInterval.upper)
        medianX = Descriptive.median(sorted: xs.sorted())
        let a = intercept, b = slope
        let residuals = (0..<n).map { y[$0] - a - b * xs[$0] }
        let center = Descriptive.median(sorted: residuals.sorted())
        residualScale = Descriptive.madNormalScale * Descriptive.median(sorted: residuals.map { abs($0 - center) }.sorted())
        lastX = xs[n - 1]
        self.confidence = confidence
    }

    /// ŷ(x₀) = intercept + slope · x₀.
    /// - Complexity: O(1).
    public func predict(at x0: Double) -> Double { intercept + slope * x0 }

    /// - Complexity: O(h · levels).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) -> Forecast {
        let xs = (0..<horizon).map { lastX + Double($0 + 1) }
        let seSlope = (slopeInterval.upper - slopeInterval.lower) / (2 * normalQuantile(0.5 + confidence / 200))
        let sd = xs.map { x0 -> Double in
            let d = seSlope * (x0 - medianX)
            return (residualScale * residualScale + d * d).squareRoot()
        }
        return Forecast.gaussian(model: "Linear (Theil-Sen)", mean: xs.map(predict(at:)), standardDeviation: sd, levels: levels)
    }
}

