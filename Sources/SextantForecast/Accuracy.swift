import Foundation

/// Forecast accuracy measures of the M4 competition (Makridakis, Spiliotis and Assimakopoulos
/// 2020, "The M4 Competition: 100,000 time series and 61 forecasting methods", IJF 36(1), 54-74).
public enum Accuracy {
    /// Symmetric MAPE in percent: (200/h) Σ |y − ŷ| / (|y| + |ŷ|).
    /// - Complexity: O(h).
    public static func smape(actual: [Double], forecast: [Double]) -> Double {
        var s = 0.0
        for (y, f) in zip(actual, forecast) {
            let d = abs(y) + abs(f)
            s += d > 0 ? abs(y - f) / d : 0
        }
        return 200 * s / Double(actual.count)
    }

    /// The in-sample scale of MASE/MSIS: mean |y_t − y_{t−m}| over the training data.
    /// - Complexity: O(n).
    public static func naiveScale(_ insample: [Double], period m: Int = 1) -> Double {
        guard insample.count > m else { return .nan }
        var s = 0.0
        for t in m..<insample.count { s += abs(insample[t] - insample[t - m]) }
        return s / Double(insample.count - m)
    }

    /// Mean absolute scaled error (Hyndman and Koehler 2006, IJF 22(4), 679-688).
    /// - Complexity: O(n + h).
    public static func mase(actual: [Double], forecast: [Double], insample: [Double], period: Int = 1) -> Double {
        let mae = zip(actual, forecast).map { abs($0 - $1) }.reduce(0, +) / Double(actual.count)
        return mae / naiveScale(insample, period: period)
    }

    /// Mean scaled interval score (Gneiting and Raftery 2007, as scaled in M4) for a
    /// (1 − a) interval: (1/h) Σ [(U − L) + (2/a)(L − y)·1{y < L} + (2/a)(y − U)·1{y > U}] / scale.
    /// - Complexity: O(n + h).
    public static func msis(
        actual: [Double], lower: [Double], upper: [Double], insample: [Double], level: Double = 95, period: Int = 1
    ) -> Double {
        let a = 1 - level / 100
        var s = 0.0
        for i in actual.indices {
            let y = actual[i], l = lower[i], u = upper[i]
            s += (u - l) + (y < l ? 2 / a * (l - y) : 0) + (y > u ? 2 / a * (y - u) : 0)
        }
        return s / Double(actual.count) / naiveScale(insample, period: period)
    }

    /// Fraction of actual values inside [lower, upper].
    /// - Complexity: O(h).
    public static func coverage(actual: [Double], lower: [Double], upper: [Double]) -> Double {
        var inside = 0
        for i in actual.indices where actual[i] >= lower[i] && actual[i] <= upper[i] { inside += 1 }
        return Double(inside) / Double(actual.count)
    }
}

/// Scores of a forecasting method over a collection of series, averaged as in M4
/// (each series' measure over its horizon, then the mean over series).
public struct AccuracySummary: Sendable, Equatable, CustomStringConvertible {
    public var series: Int
    public var smape: Double
    public var mase: Double
    public var coverage80: Double
    public var coverage95: Double
    public var msis95: Double

    public var description: String {
        String(format: "series %d  sMAPE %.3f  MASE %.3f  coverage80 %.3f  coverage95 %.3f  MSIS95 %.3f",
               series, smape, mase, coverage80, coverage95, msis95)
    }

    /// Forecasts every (train, test) pair with `method` and scores it.
    ///
    /// Coverage is pooled over all series and steps (the fraction of all hold-out values inside);
    /// the other measures are means over series of per-series means.
    /// - Complexity: the forecasts' cost plus O(Σ(n + h)).
    public static func evaluate(
        _ data: [(train: [Double], test: [Double])], period: Int = 1,
        method: ([Double], Int) throws -> Forecast
    ) rethrows -> AccuracySummary {
        var smape = 0.0, mase = 0.0, msis = 0.0, in80 = 0.0, in95 = 0.0, points = 0.0
        for (train, test) in data {
            let fc = try method(train, test.count)
            smape += Accuracy.smape(actual: test, forecast: fc.mean)
            mase += Accuracy.mase(actual: test, forecast: fc.mean, insample: train, period: period)
            if let b95 = fc.band(level: 95) {
                msis += Accuracy.msis(actual: test, lower: b95.lower, upper: b95.upper, insample: train, period: period)
                in95 += Accuracy.coverage(actual: test, lower: b95.lower, upper: b95.upper) * Double(test.count)
            }
            if let b80 = fc.band(level: 80) {
                in80 += Accuracy.coverage(actual: test, lower: b80.lower, upper: b80.upper) * Double(test.count)
            }
            points += Double(test.count)
        }
        let m = Double(data.count)
        return AccuracySummary(series: data.count, smape: smape / m, mase: mase / m,
                               coverage80: in80 / points, coverage95: in95 / points, msis95: msis / m)
    }
}
