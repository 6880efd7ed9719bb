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
