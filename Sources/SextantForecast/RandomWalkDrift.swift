import Foundation

/// Random walk with drift: ŷ_{n+h} = y_n + h·b, b = (y_n − y_1)/(n − 1), the mean first difference.
///
/// The classical baseline (e.g. Hyndman and Athanasopoulos, *Forecasting: Principles and
/// Practice*, §5.2). Innovations e_t = y_t − y_{t−1} − b have variance σ̂² = Σe²/(n − 2)
/// (n − 1 differences, one estimated drift); the h-step variance adds the drift's estimation
/// error: v_h = σ̂² · h · (1 + h/(n − 1)). Gaussian intervals.
public struct RandomWalkDrift: Sendable {
    public var last: Double
    public var drift: Double
    public var innovationVariance: Double
    public var count: Int

    /// - Complexity: O(n).
    public init(_ y: [Double]) throws(ForecastError) {
        try validate(y, minimumCount: 3)
        let n = y.count
        drift = (y[n - 1] - y[0]) / Double(n - 1)
        var s = 0.0
        for t in 1..<n {
            let e = y[t] - y[t - 1] - drift
            s += e * e
        }
        innovationVariance = s / Double(n - 2)
        last = y[n - 1]
        count = n
    }

    /// - Complexity: O(h · levels).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) -> Forecast {
        let mean = (1...max(horizon, 1)).prefix(horizon).map { last + Double($0) * drift }
        let sd = (1...max(horizon, 1)).prefix(horizon).map { h -> Double in
            let hd = Double(h)
            return (innovationVariance * hd * (1 + hd / Double(count - 1))).squareRoot()
        }
        return Forecast.gaussian(model: "Drift", mean: mean, standardDeviation: sd, levels: levels)
    }
}

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
        let n = Double(y.count)
        let meanT = (n - 1) / 2, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (t, v) in y.enumerated() {
            sxy += (Double(t) - meanT) * (v - meanY)
            sxx += (Double(t) - meanT) * (Double(t) - meanT)
        }
        drift = sxx > 0 ? sxy / sxx / 2 : 0
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
