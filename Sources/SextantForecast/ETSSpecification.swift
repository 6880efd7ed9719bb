/// The error component of an exponential smoothing state-space model.
public enum ETSError: String, Sendable, Hashable, CaseIterable {
    /// y_t = ŷ_t + ε_t.
    case additive = "A"
    /// y_t = ŷ_t (1 + ε_t): the noise scales with the level; needs a strictly positive series.
    case multiplicative = "M"
}

/// The trend component of a non-seasonal exponential smoothing model.
public enum ETSTrend: String, Sendable, Hashable, CaseIterable {
    /// No trend: the forecast is flat at the last level.
    case none = "N"
    /// Holt's linear trend: the forecast grows by the last slope each step.
    case additive = "A"
    /// Gardner and McKenzie's damped trend: the slope decays by φ each step.
    case damped = "Ad"
}

/// One member of the non-seasonal ETS family of Hyndman, Koehler, Ord and Snyder (2008),
/// *Forecasting with Exponential Smoothing: The State Space Approach*, Springer, ch. 2.
///
/// With ŷ_t = ℓ_{t-1} + φ b_{t-1} (φ = 1 without damping, b ≡ 0 without trend):
///
/// | error | observation | level ℓ_t | slope b_t |
/// |---|---|---|---|
/// | A | y_t = ŷ_t + ε_t | ŷ_t + α ε_t | φ b_{t-1} + β ε_t |
/// | M | y_t = ŷ_t (1 + ε_t) | ŷ_t (1 + α ε_t) | φ b_{t-1} + β ŷ_t ε_t |
///
/// Both forms share the point forecasts for given parameters; they differ in the likelihood and in
/// how the forecast variance grows (class 1 versus class 2 of Hyndman et al. 2008, ch. 6).
public struct ETSSpecification: Sendable, Hashable, CustomStringConvertible {
    public var error: ETSError
    public var trend: ETSTrend

    public init(error: ETSError, trend: ETSTrend) {
        self.error = error
        self.trend = trend
    }

    public static let ANN = ETSSpecification(error: .additive, trend: .none)
    public static let AAN = ETSSpecification(error: .additive, trend: .additive)
    public static let AAdN = ETSSpecification(error: .additive, trend: .damped)
    public static let MNN = ETSSpecification(error: .multiplicative, trend: .none)
    public static let MAN = ETSSpecification(error: .multiplicative, trend: .additive)
    public static let MAdN = ETSSpecification(error: .multiplicative, trend: .damped)

    /// The six non-seasonal models with additive or damped trend that R's `forecast::ets` considers
    /// by default (multiplicative trends excluded, as there).
    public static let nonSeasonal: [ETSSpecification] = [.ANN, .AAN, .AAdN, .MNN, .MAN, .MAdN]

    /// `ETS(A,Ad,N)` notation.
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),N)" }

    var hasTrend: Bool { trend != .none }

    /// Estimated parameters: smoothing parameters and initial states (σ² is counted separately).
    var estimatedParameterCount: Int {
        switch trend {
        case .none: return 2  // α, ℓ0
        case .additive: return 4  // α, β, ℓ0, b0
        case .damped: return 5  // α, β, φ, ℓ0, b0
        }
    }
}

/// Smoothing parameters and initial states of a non-seasonal ETS model.
public struct ETSParameters: Sendable, Equatable {
    /// Level smoothing α.
    public var alpha: Double
    /// Slope smoothing β (ignored without trend).
    public var beta: Double
    /// Damping φ (1 for an undamped trend, ignored without trend).
    public var phi: Double
    /// ℓ0, the level before the first observation.
    public var initialLevel: Double
    /// b0, the slope before the first observation (ignored without trend).
    public var initialTrend: Double

    public init(alpha: Double, beta: Double = 0, phi: Double = 1, initialLevel: Double, initialTrend: Double = 0) {
        self.alpha = alpha
        self.beta = beta
        self.phi = phi
        self.initialLevel = initialLevel
        self.initialTrend = initialTrend
    }
}

/// How the innovation variance σ² behind the prediction intervals is estimated.
public enum VarianceEstimator: Sendable, Hashable {
    /// Σε²/(n − p), p the number of estimated smoothing parameters and initial states (σ² not
    /// counted), exactly as R's `forecast::ets` (checked against it on the Nile series). The default: the plain mean of squares makes intervals too narrow on short
    /// series, where k is a sizeable fraction of n.
    case unbiased
    /// Σε²/n, the maximum-likelihood estimate, as statsmodels' `ETSModel`.
    case maximumLikelihood
}

/// How prediction intervals are computed.
public enum IntervalMethod: Sendable, Hashable {
    /// Closed-form forecast variance (class 1 and class 2 of Hyndman et al. 2008, ch. 6) with Gaussian quantiles.
    case analytic
    /// Quantiles of `paths` simulated future sample paths with Gaussian innovations, from a seeded generator.
    case simulated(paths: Int, seed: UInt64)
}
