import Foundation

/// The forecasting methods offered to users.
public enum ForecastMethod: String, Sendable, CaseIterable {
    /// The default: every admissible non-seasonal ETS model by maximum likelihood, combined with
    /// Akaike weights from AICc (see ``ETSSelection`` and docs/forecasting.md for the evidence
    /// that the combination beats the single best model on M3).
    case auto
    /// The single ETS model with the lowest AICc (R's `ets()` default).
    case ets
    /// The Theta method (``Theta``).
    case theta
    /// Random walk with drift (``RandomWalkDrift``).
    case drift
    /// OLS trend line with Newey-West intervals (``LinearTrend``).
    case linear
    /// Theil-Sen robust trend line (``TheilSenTrend``).
    case theilSen = "theil-sen"
}

/// The scale a series is forecast on.
public enum ForecastScale: String, Sendable, CaseIterable {
    /// The values as they are.
    case linear
    /// Their natural logarithm, mapped back with `exp`: for positive quantities (times, sizes, rates)
    /// whose noise is multiplicative. Quantiles commute with the monotone `exp`, so bands (and breach
    /// steps read from them) are exact and stay positive; the point forecast becomes the median forecast.
    case log
}

/// One entry point: validates the series, takes the current segment, runs a method.
public enum Forecaster {
    /// The fewest points any method accepts.
    public static let minimumCount = 4

    /// Forecasts on `scale`: on `.log`, the logarithm of `y[start...]` (every value there must be
    /// positive, else `.invalidArgument`), mapped back; the model's name says " (log scale)".
    /// On `.linear`, ``forecast(_:method:horizon:levels:start:)``.
    /// - Complexity: that of the method, plus O(n + horizon · levels).
    public static func forecast(
        _ y: [Double], method: ForecastMethod = .auto, horizon: Int, levels: [Double] = [80, 95], start: Int = 0,
        scale: ForecastScale
    ) throws(ForecastError) -> Forecast {
        guard scale == .log else { return try forecast(y, method: method, horizon: horizon, levels: levels, start: start) }
        guard start >= 0 && start < max(y.count, 1) else {
            throw .invalidArgument("segment start \(start) is outside the series (\(y.count) points)")
        }
        if let index = y.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: index) }
        if let index = y[start...].firstIndex(where: { $0 <= 0 }) {
            throw .invalidArgument("the log scale needs positive values; value \(y[index]) at index \(index)")
        }
        let logged = y.map { $0 > 0 ? Foundation.log($0) : 0 }
        let f = try forecast(logged, method: method, horizon: horizon, levels: levels, start: start)
        let back = Forecast(model: f.model + " (log scale)", mean: f.mean.map(exp),
                            bands: f.bands.map { Forecast.Band(level: $0.level, lower: $0.lower.map(exp), upper: $0.upper.map(exp)) })
        guard back.mean.allSatisfy(\.isFinite), back.bands.allSatisfy({ $0.lower.allSatisfy(\.isFinite) && $0.upper.allSatisfy(\.isFinite) }) else {
            throw .invalidArgument("the forecast overflows when mapped back from the log scale")
        }
        return back
    }

    /// Forecasts `y[start...]` (the current segment, e.g. after the last change point) `horizon`
    /// steps ahead with bands at `levels` percent.
    ///
    /// Errors: fewer than 4 points in the segment (`.insufficientData`), a NaN or infinity
    /// (`.nonFinite`, position in the whole series), a constant segment (`.constantSeries`),
    /// a bad horizon, level or start (`.invalidArgument`). Never returns a non-finite forecast:
    /// a method whose numbers overflow is reported as `.invalidArgument`.
    /// - Complexity: that of the method; `.auto` and `.ets` fit six models, O(6 · n · E).
    public static func forecast(
        _ y: [Double], method: ForecastMethod = .auto, horizon: Int, levels: [Double] = [80, 95], start: Int = 0
    ) throws(ForecastError) -> Forecast {
        try validate(horizon: horizon, levels: levels)
        guard start >= 0 && start < max(y.count, 1) else {
            throw .invalidArgument("segment start \(start) is outside the series (\(y.count) points)")
        }
        if let index = y.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: index) }
        var segment = Array(y[start...])
        try validate(segment, minimumCount: minimumCount)
        // Extreme magnitudes (|y| ~ 1e300 or 1e-300) would overflow or underflow sums of squares:
        // forecast y / 2^k and scale back. A power of two keeps every value exact, and every
        // method is scale-equivariant.
        let magnitude = segment.reduce(0) { max($0, abs($1)) }
        var scale = 1.0
        if magnitude > 1e100 || magnitude < 1e-100 {
            scale = Double(sign: .plus, exponent: magnitude.exponent, significand: 1)
            segment = segment.map { $0 / scale }
        }
        var result = try run(segment, method: method, horizon: horizon, levels: levels)
        if scale != 1 {
            result.mean = result.mean.map { $0 * scale }
            for b in result.bands.indices {
                result.bands[b].lower = result.bands[b].lower.map { $0 * scale }
                result.bands[b].upper = result.bands[b].upper.map { $0 * scale }
            }
        }
        guard result.isFinite else { throw .invalidArgument("\(result.model): the forecast is not finite") }
        return result
    }

    private static func run(
        _ segment: [Double], method: ForecastMethod, horizon: Int, levels: [Double]
    ) throws(ForecastError) -> Forecast {
        let result: Forecast
        switch method {
        case .auto, .ets:
            do {
                let selection = try ETSSelection(segment)
                if method == .ets {
                    result = selection.best.forecast(horizon: horizon, levels: levels)
                } else {
                    let parts = selection.candidates.map { $0.forecast(horizon: horizon, levels: levels) }
                    result = Forecast.combination(
                        parts, weights: selection.akaikeWeights,
                        model: "ETS AICc-weighted (best \(selection.best.specification))")
                }
            } catch .insufficientData {
                // Too short for any ETS model (n <= k + 1): the drift baseline still has an interval.
                var fallback = try RandomWalkDrift(segment).forecast(horizon: horizon, levels: levels)
                fallback.model = "Drift (too short for ETS)"
                result = fallback
            }
        case .theta:
            result = try Theta(segment).forecast(horizon: horizon, levels: levels)
        case .drift:
            result = try RandomWalkDrift(segment).forecast(horizon: horizon, levels: levels)
        case .linear:
            result = try LinearTrend(segment).forecast(horizon: horizon, levels: levels)
        case .theilSen:
            result = try TheilSenTrend(segment).forecast(horizon: horizon, levels: levels)
        }
        return result
    }
}
