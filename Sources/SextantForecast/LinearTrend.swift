import Foundation
import SextantNumerics

/// A least-squares trend line y = a + b·x with classical or HAC inference and prediction intervals.
///
/// Computed in the centred form y = ā + b(x − x̄) (numerically stable for calendar-year x).
/// Mean (confidence) interval at x₀: ŷ ± t_{n−2} √Var(ŷ), Var(ŷ) = c(x₀)ᵀ V c(x₀) with
/// c = (1, x₀ − x̄) and V the coefficient covariance; prediction interval:
/// ŷ ± t_{n−2} √(σ̂² + Var(ŷ)), σ̂² = SSE/(n − 2). With `.classical` these are the textbook
/// formulas (and statsmodels' `get_prediction`); with `.neweyWest` the mean's variance is HAC.
public struct LinearTrend: Sendable {
    public var intercept: Double
    public var slope: Double
    /// σ̂² = SSE/(n − 2).
    public var residualVariance: Double
    public var count: Int
    public var covarianceMethod: CovarianceEstimator
    /// The lag actually used by Newey-West (0 for classical).
    public var lags: Int
    let meanX: Double
    let meanY: Double
    /// Covariance of (ā, b) in the centred parametrisation.
    let v00: Double, v01: Double, v11: Double
    let lastX: Double

    /// Fits y on x (default x = 0, 1, …, n − 1). The default covariance is Newey–West with the
    /// small-sample factor n/(n − 2): benchmark series are autocorrelated, and classical errors then
    /// overstate confidence (see ``CovarianceEstimator/neweyWest(lags:smallSampleCorrection:)``).
    /// - Complexity: O(n · L) (O(n) for classical).
    public init(_ y: [Double], x: [Double]? = nil,
                covariance: CovarianceEstimator = .neweyWest(lags: nil, smallSampleCorrection: true)) throws(ForecastError) {
        try validate(y, minimumCount: 4)
        let n = y.count
        let xs = x ?? (0..<n).map(Double.init)
        guard xs.count == n else { throw .invalidArgument("x and y differ in length (\(xs.count) vs \(n))") }
        let nd = Double(n)
        let mx = xs.reduce(0, +) / nd, my = y.reduce(0, +) / nd
        var sxx = 0.0, sxy = 0.0
        for i in 0..<n {
            sxx += (xs[i] - mx) * (xs[i] - mx)
            sxy += (xs[i] - mx) * (y[i] - my)
        }
        guard sxx > 0 else { throw .invalidArgument("x is constant: no trend can be fitted") }
        let b = sxy / sxx
        var residuals = [Double](repeating: 0, count: n)
        var sse = 0.0
        for i in 0..<n {
            residuals[i] = y[i] - my - b * (xs[i] - mx)
            sse += residuals[i] * residuals[i]
        }
        let sigma2 = sse / (nd - 2)
        slope = b
        intercept = my - b * mx
        residualVariance = sigma2
        count = n
        meanX = mx
        meanY = my
        lastX = xs[n - 1]
        covarianceMethod = covariance
        switch covariance {
        case .classical:
            lags = 0
            v00 = sigma2 / nd; v01 = 0; v11 = sigma2 / sxx
        case let .neweyWest(requested, smallSampleCorrection):
            let lag = CovarianceEstimator.neweyWestLags(requested, observations: n)
            lags = lag
            // S = Σ_l w_l Σ_t e_t e_{t−l} (z_t z_{t−l}ᵀ + z_{t−l} z_tᵀ)/(1 + [l = 0]), z_t = (1, x_t − x̄).
            var s00 = 0.0, s01 = 0.0, s11 = 0.0
            for l in 0...lag {
                let w = (l == 0 ? 1 : 2) * CovarianceEstimator.bartlettWeight(lag: l, lags: lag)
                var a00 = 0.0, a01 = 0.0, a11 = 0.0
                for t in l..<n {
                    let e = residuals[t] * residuals[t - l]
                    let d1 = xs[t] - mx, d2 = xs[t - l] - mx
                    a00 += e
                    a01 += e * (d1 + d2) / 2
                    a11 += e * d1 * d2
                }
                s00 += w * a00; s01 += w * a01; s11 += w * a11
            }
            let correction = smallSampleCorrection ? nd / (nd - 2) : 1
            v00 = correction * s00 / (nd * nd)
            v01 = correction * s01 / (nd * sxx)
            v11 = correction * s11 / (sxx * sxx)
        }
    }

    /// Standard errors of (intercept, slope) in the original parametrisation.
    /// - Complexity: O(1).
    public var standardErrors: (intercept: Double, slope: Double) {
        let varA = v00 - 2 * meanX * v01 + meanX * meanX * v11
        return (varA.squareRoot(), v11.squareRoot())
    }

    /// Covariance of (intercept, slope): [[Var a, Cov], [Cov, Var b]].
    /// - Complexity: O(1).
    public var covariance: [[Double]] {
        let varA = v00 - 2 * meanX * v01 + meanX * meanX * v11
        let cov = v01 - meanX * v11
        return [[varA, cov], [cov, v11]]
    }

    /// ŷ(x₀) = ā + b(x₀ − x̄).
    /// - Complexity: O(1).
    public func predict(at x0: Double) -> Double { meanY + slope * (x0 - meanX) }

    /// Variance of the fitted mean at x₀.
    /// - Complexity: O(1).
    public func meanVariance(at x0: Double) -> Double {
        let d = x0 - meanX
        return v00 + 2 * d * v01 + d * d * v11
    }

    /// Confidence interval for the mean at x₀, `level` in percent.
    /// - Complexity: O(1).
    public func confidenceInterval(at x0: Double, level: Double = 95) -> (lower: Double, upper: Double) {
        let t = studentTQuantile(0.5 + level / 200, degreesOfFreedom: Double(count - 2))
        let half = t * meanVariance(at: x0).squareRoot()
        return (predict(at: x0) - half, predict(at: x0) + half)
    }

    /// Prediction interval for a new observation at x₀, `level` in percent.
    /// - Complexity: O(1).
    public func predictionInterval(at x0: Double, level: Double = 95) -> (lower: Double, upper: Double) {
        let t = studentTQuantile(0.5 + level / 200, degreesOfFreedom: Double(count - 2))
        let half = t * (residualVariance + meanVariance(at: x0)).squareRoot()
        return (predict(at: x0) - half, predict(at: x0) + half)
    }

    /// Forecasts at x_n + h for h = 1…horizon (unit spacing after the last x).
    /// - Complexity: O(h · levels).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) -> Forecast {
        let xs = (0..<horizon).map { lastX + Double($0 + 1) }
        let name = covarianceMethod == .classical ? "Linear (OLS)" : "Linear (OLS, Newey-West)"
        return Forecast(
            model: name, mean: xs.map(predict(at:)),
            bands: levels.map { level in
                let intervals = xs.map { predictionInterval(at: $0, level: level) }
                return Forecast.Band(level: level, lower: intervals.map(\.lower), upper: intervals.map(\.upper))
            })
    }
}
