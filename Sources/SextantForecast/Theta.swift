import Foundation

/// The Theta method of Assimakopoulos and Nikolopoulos (2000), "The theta model: a decomposition
/// approach to forecasting", International Journal of Forecasting 16(4), 521-530, the M3 winner;
/// computed through Hyndman and Billah's (2003) equivalence ("Unmasking the Theta method",
/// IJF 19(2), 287-290): simple exponential smoothing with a drift of half the least-squares slope,
///
///   ŷ_{n+h} = ℓ_n + (b/2) · (h − 1 + (1 − (1 − α)^n)/α),
///
/// where ℓ_n and α come from the maximum-likelihood ETS(A,N,N) fit and b is the OLS slope of y
/// on t. Intervals are those of ETS(A,N,N) (unbiased σ̂²), re-centred on the Theta forecast.
public struct Theta: Sendable {
    public var simpleSmoothing: ETSModel
    /// b/2, the drift added to SES.
    public var drift: Double

    /// - Complexity: O(n · E) for the SES fit (see ``ETSModel/fit(_:specification:bounds:maxEvaluations:)``).
    public init(_ y: [Double]) throws(ForecastError) {
        simpleSmoothing = try ETSModel.fit(y, specification: .ANN)
        drift = LeastSquaresLine(y[...], firstT: 0).slope / 2
    }

    /// - Complexity: O(h · levels).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) -> Forecast {
        var ses = simpleSmoothing.forecast(horizon: horizon, levels: levels)
        let alpha = max(simpleSmoothing.parameters.alpha, 1e-10)
        let n = Double(simpleSmoothing.count)
        let offset = (1 - pow(1 - alpha, n)) / alpha
        for h in 0..<horizon {
            let shift = drift * (Double(h) + offset)
            ses.mean[h] += shift
            for b in ses.bands.indices {
                ses.bands[b].lower[h] += shift
                ses.bands[b].upper[h] += shift
            }
        }
        ses.model = "Theta"
        return ses
    }
}
