import Foundation

/// Bounds on ETS parameters: R `forecast::ets`'s "usual" region
/// (Hyndman et al. 2008, §10.2): lower < α < upper, lower < β < α, φ in [0.8, 0.98].
public struct ETSBounds: Sendable, Hashable {
    public var smoothingLower = 1e-4
    public var smoothingUpper = 0.9999
    /// φ ≥ 0.8: below that the damped trend is nearly indistinguishable from no trend.
    public var phiLower = 0.8
    /// φ ≤ 0.98: above that it is nearly indistinguishable from Holt's undamped trend.
    public var phiUpper = 0.98
    public init() {}
}

extension ETSModel {
    /// Maximum-likelihood fit of one ETS model: smoothing parameters, damping and initial states.
    ///
    /// Minimises −2 log L up to constants, `n log Σε² + 2 Σ log|ŷ_t|` (Hyndman et al. 2008, §5.2),
    /// by Nelder-Mead (``NelderMead``) over an unconstrained transform of the bounded region:
    /// α = lo + (hi − lo)·σ(θ₁), β = lo + (α − lo)·σ(θ₂), φ = 0.8 + 0.18·σ(θ₃), with σ the logistic
    /// function; ℓ0 and b0 are free, scaled by the spread of the first observations.
    ///
    /// Starting values follow the `forecast` package's heuristics: ℓ0 and b0 from a least-squares
    /// line through the first max(10, …) ≤ n observations (ℓ0 the mean of them without trend),
    /// α = 0.2, β = 0.1·α, φ = 0.978.
    ///
    /// Fails with `.insufficientData` when n ≤ k (no degree of freedom left for σ²), and for multiplicative errors
    /// when the series is not strictly positive (`.invalidArgument`).
    /// - Complexity: O(n · E) for E likelihood evaluations (a few hundred; bounded by `maxEvaluations`).
    public static func fit(
        _ y: [Double], specification spec: ETSSpecification, bounds: ETSBounds = ETSBounds(),
        maxEvaluations: Int = 2_000
    ) throws(ForecastError) -> ETSModel {
        try validate(y, minimumCount: 4)
        let n = y.count
        let k = spec.estimatedParameterCount + 1
        guard n > k else { throw .insufficientData(count: n, needed: k + 1) }
        if spec.error == .multiplicative, y.contains(where: { $0 <= 0 }) {
            throw .invalidArgument("\(spec) needs a strictly positive series")
        }
        let start = initialStates(y, trend: spec.trend)
        let lo = bounds.smoothingLower, hi = bounds.smoothingUpper
        let spread = initialSpread(y)
        let levelScale = spread, trendScale = spread / 10

        func parameters(_ theta: [Double]) -> ETSParameters {
            let alpha = lo + (hi - lo) * logistic(theta[0])
            var p = ETSParameters(alpha: alpha, initialLevel: 0)
            var i = 1
            if spec.hasTrend {
                p.beta = lo + (min(alpha, hi) - lo) * logistic(theta[1])
                i = 2
                if spec.trend == .damped {
                    p.phi = bounds.phiLower + (bounds.phiUpper - bounds.phiLower) * logistic(theta[2])
                    i = 3
                }
            }
            p.initialLevel = start.level + levelScale * theta[i]
            if spec.hasTrend { p.initialTrend = start.trend + trendScale * theta[i + 1] }
            return p
        }

        var theta = [logit((0.2 - lo) / (hi - lo) * 1)]
        if spec.hasTrend {
            theta.append(logit(0.1))
            if spec.trend == .damped { theta.append(logit((0.978 - bounds.phiLower) / (bounds.phiUpper - bounds.phiLower))) }
        }
        theta.append(0)
        if spec.hasTrend { theta.append(0) }
        var steps = [Double](repeating: 1, count: theta.count)
        for i in (theta.count - (spec.hasTrend ? 2 : 1))..<theta.count { steps[i] = 0.5 }

        let nd = Double(n)
        let objective: ([Double]) -> Double = { theta in
            let p = parameters(theta)
            let r = y.withUnsafeBufferPointer { etsRecursion($0, spec, p, residuals: nil) }
            guard let r, r.sumOfSquares > 0 else { return .infinity }
            return nd * log(r.sumOfSquares) + 2 * r.sumLogFitted
        }
        guard objective(theta).isFinite else {
            throw .invalidArgument("\(spec): the starting states give a non-positive forecast")
        }
        let optimizer = NelderMead(tolerance: 1e-8, maxEvaluations: maxEvaluations, restarts: 1)
        let best = optimizer.minimize(start: theta, steps: steps, objective)
        guard let model = ETSModel(y, specification: spec, parameters: parameters(best.point)) else {
            throw .invalidArgument("\(spec): the fitted recursion broke down")
        }
        return model
    }

    /// The forecast package's starting states for non-seasonal models: with a trend, the
    /// least-squares line through (t, y_t), t = 1...m, m = min(10, n), gives ℓ0 (its value at t = 0)
    /// and b0; without, ℓ0 is the mean of the first m values.
    static func initialStates(_ y: [Double], trend: ETSTrend) -> (level: Double, trend: Double) {
        let m = min(10, y.count)
        let head = y[0..<m]
        let meanY = head.reduce(0, +) / Double(m)
        guard trend != .none else { return (meanY, 0) }
        let meanT = Double(m + 1) / 2
        var sxy = 0.0, sxx = 0.0
        for (i, v) in head.enumerated() {
            let dt = Double(i + 1) - meanT
            sxy += dt * (v - meanY)
            sxx += dt * dt
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        var l0 = meanY - slope * meanT, b0 = slope
        if abs(l0 + b0) < 1e-8 { l0 *= 1 + 1e-3; b0 *= 1 + 1e-3 }
        return (l0, b0)
    }

    /// A positive scale for the initial-state search: the standard deviation of the first
    /// differences (falling back to the level's magnitude for a step-free series).
    static func initialSpread(_ y: [Double]) -> Double {
        var s = 0.0
        for i in 1..<y.count { s += (y[i] - y[i - 1]) * (y[i] - y[i - 1]) }
        let sd = (s / Double(max(y.count - 1, 1))).squareRoot()
        if sd > 0 { return sd }
        return max(abs(y[0]) * 1e-3, 1e-8)
    }
}

@inline(__always) func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
@inline(__always) func logit(_ p: Double) -> Double { log(p / (1 - p)) }
