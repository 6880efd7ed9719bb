/// A point forecast with prediction intervals, the common result of every forecasting model.
///
/// `mean[h-1]` is the forecast for step `h` (1-based steps after the last observation).
/// Every band holds one interval per step at its nominal coverage `level`, in percent (80, 95).
public struct Forecast: Sendable, Equatable {
    /// One prediction band: lower and upper bounds per step at a nominal coverage in percent.
    public struct Band: Sendable, Equatable {
        /// Nominal coverage in percent, in (0, 100).
        public var level: Double
        public var lower: [Double]
        public var upper: [Double]
        public init(level: Double, lower: [Double], upper: [Double]) {
            self.level = level
            self.lower = lower
            self.upper = upper
        }
    }

    /// The model's name, e.g. `ETS(A,Ad,N)`, `Theta`, `Drift`, `Linear (OLS, HAC)`.
    public var model: String
    /// Point forecasts for steps 1...horizon.
    public var mean: [Double]
    /// Prediction bands, in the order of the requested levels.
    public var bands: [Band]

    public init(model: String, mean: [Double], bands: [Band]) {
        self.model = model
        self.mean = mean
        self.bands = bands
    }

    /// The number of steps.
    public var horizon: Int { mean.count }

    /// The band at `level` percent, if it was computed.
    /// - Complexity: O(levels).
    public func band(level: Double) -> Band? {
        bands.first { abs($0.level - level) < 1e-9 }
    }

    /// Whether every point and bound is finite (a forecast with a NaN is never reported as numbers).
    /// - Complexity: O(h · levels).
    public var isFinite: Bool {
        mean.allSatisfy(\.isFinite) && bands.allSatisfy { $0.lower.allSatisfy(\.isFinite) && $0.upper.allSatisfy(\.isFinite) }
    }

    /// Builds symmetric Gaussian bands `mean ± z_{(1+level)/2} · sd` for each level.
    ///
    /// - Complexity: O(h · levels).
    static func gaussian(model: String, mean: [Double], standardDeviation sd: [Double], levels: [Double]) -> Forecast {
        let bands = levels.map { level -> Band in
            let z = normalQuantile(0.5 + level / 200)
            return Band(
                level: level,
                lower: zip(mean, sd).map { $0 - z * $1 },
                upper: zip(mean, sd).map { $0 + z * $1 }
            )
        }
        return Forecast(model: model, mean: mean, bands: bands)
    }
}

/// Why a series cannot be forecast.
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than the method needs (`needed`), after the segment start.
    case insufficientData(count: Int, needed: Int)
    /// A NaN or infinity at 0-based index `index`.
    case nonFinite(index: Int)
    /// All observations equal: no noise to estimate, intervals would be degenerate.
    case constantSeries(value: Double)
    /// A requested option is out of range (horizon < 1, level outside (0, 100), start outside the series).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .insufficientData(count, needed):
            return "insufficient data: \(count) point\(count == 1 ? "" : "s"), at least \(needed) needed"
        case let .nonFinite(index):
            return "non-finite value (NaN or infinity) at position \(index + 1)"
        case let .constantSeries(value):
            return "constant series (every value is \(value)): nothing to forecast with uncertainty"
        case let .invalidArgument(message):
            return message
        }
    }
}

/// Checks a series for forecasting: finite, at least `minimumCount` values, not constant.
func validate(_ y: [Double], minimumCount: Int) throws(ForecastError) {
    if let index = y.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: index) }
    if y.count < minimumCount { throw .insufficientData(count: y.count, needed: minimumCount) }
    if let first = y.first, y.allSatisfy({ $0 == first }) { throw .constantSeries(value: first) }
}

func validate(horizon: Int, levels: [Double]) throws(ForecastError) {
    if horizon < 1 { throw .invalidArgument("horizon must be at least 1, got \(horizon)") }
    for level in levels where !(level > 0 && level < 100) {
        throw .invalidArgument("interval level must be in (0, 100), got \(level)")
    }
}
