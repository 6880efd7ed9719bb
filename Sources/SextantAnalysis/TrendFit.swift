import SextantForecast
import SextantNumerics

/// A straight-line trend over run index with its inference, for the trend verdicts and the breach steps of the analysis and the gate:
/// a thin view of ``SextantForecast/LinearTrend`` (OLS y = a + b t on t = 0..n-1 with Newey-West HAC
/// covariance, Newey and West 1987, lags floor(4 (n/100)^(2/9)) by Newey and West 1994), because run
/// summaries are autocorrelated and classical OLS errors then overstate confidence.
///
/// Slope interval: b +- t_{n-2} se_HAC(b); prediction interval at t0:
/// yhat +- t_{n-2} sqrt(sigma^2 + Var_HAC(yhat(t0))) (``SextantForecast/LinearTrend/predictionInterval(at:level:)``).
public struct TrendFit: Sendable {
    /// The underlying fit.
    public let fit: SextantForecast.LinearTrend
    public let slopeLower: Double
    public let slopeUpper: Double
    public let confidence: Double
    public var slope: Double { fit.slope }
    public var count: Int { fit.count }

    /// Fits the trend; nil with fewer than 4 points, a constant series or a non-finite standard error.
    /// - Complexity: O(n L) for L Newey-West lags.
    public init?(_ y: [Double], confidence: Double) {
        guard let fit = try? SextantForecast.LinearTrend(y, covariance: .neweyWest(lags: nil, smallSampleCorrection: true)) else { return nil }
        let se = fit.standardErrors.slope
        guard se.isFinite else { return nil }
        let t = StudentT(degreesOfFreedom: Double(fit.count - 2)).quantile(0.5 + confidence / 2)
        self.fit = fit
        self.confidence = confidence
        slopeLower = fit.slope - t * se
        slopeUpper = fit.slope + t * se
    }

    /// The fitted level at the last point.
    /// - Complexity: O(1).
    public var fittedLast: Double { fit.predict(at: Double(count - 1)) }

    /// The forecast of the line for steps 1...horizon with its prediction band at ``confidence``.
    /// - Complexity: O(horizon).
    public func forecast(horizon: Int) -> Forecast {
        fit.forecast(horizon: horizon, levels: [confidence * 100])
    }
}
