import Foundation
import SextantNumerics

/// A non-seasonal ETS model with its parameters, evaluated on a series: residuals, likelihood,
/// information criteria and the final states from which it forecasts.
///
/// Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008). *Forecasting with
/// Exponential Smoothing: The State Space Approach*. Springer. Ch. 2 (models), ch. 5 (likelihood),
/// ch. 6 (prediction distributions).
///
/// The log-likelihood is the full Gaussian one at σ̂² = Σε²/n (statsmodels' convention):
/// `log L = −n/2 · (log(2π σ̂²) + 1) − Σ log|ŷ_t|`, the last term only for multiplicative errors
/// (the Jacobian from relative to absolute errors). R's `forecast::ets` drops the constants; the
/// difference is the same for every model fitted to one series, so selection is unaffected.
/// AIC = −2 log L + 2k, AICc = AIC + 2k(k+1)/(n−k−1), BIC = −2 log L + k log n, with k the
/// estimated parameters plus one for σ².
public struct ETSModel: Sendable {
    public var specification: ETSSpecification
    public var parameters: ETSParameters
    /// Number of observations fitted.
    public var count: Int
    /// One-step residuals: y − ŷ (additive errors) or (y − ŷ)/ŷ (multiplicative errors).
    public var residuals: [Double]
    /// One-step fitted values ŷ_t.
    public var fitted: [Double]
    /// Σ residuals².
    public var sumOfSquares: Double
    /// Σ log ŷ_t (multiplicative errors; 0 otherwise).
    var sumLogFitted: Double
    /// ℓ_n and b_n, the states after the last observation.
    public var finalLevel: Double
    public var finalTrend: Double
    /// Likelihood evaluations the optimiser used (0 for fixed parameters).
    public internal(set) var evaluations = 0

    /// k: estimated parameters (smoothing, damping, initial states) plus one for σ².
    public var parameterCount: Int { specification.estimatedParameterCount + 1 }

    /// - Complexity: O(1).
    public var logLikelihood: Double {
        let n = Double(count)
        return -0.5 * n * (log(2 * Double.pi * sumOfSquares / n) + 1) - sumLogFitted
    }
    /// - Complexity: O(1).
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    /// - Complexity: O(1).
    public var aicc: Double {
        let k = Double(parameterCount), n = Double(count)
        return n - k - 1 > 0 ? aic + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }
    /// - Complexity: O(1).
    public var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(Double(count)) }

    /// The innovation variance σ̂² (of ε, relative for multiplicative errors).
    /// - Complexity: O(1).
    public func innovationVariance(_ estimator: VarianceEstimator = .unbiased) -> Double {
        switch estimator {
        case .maximumLikelihood: return sumOfSquares / Double(count)
        case .unbiased: return sumOfSquares / Double(max(count - specification.estimatedParameterCount, 1))
        }
    }

    /// Runs the state-space recursion at fixed parameters.
    ///
    /// Returns nil when the recursion breaks down (a non-positive one-step forecast under
    /// multiplicative errors) or `y` is empty.
    /// - Complexity: O(n).
    public init?(_ y: [Double], specification: ETSSpecification, parameters: ETSParameters) {
        guard !y.isEmpty else { return nil }
        var residuals = [Double](repeating: 0, count: y.count)
        let state = y.withUnsafeBufferPointer { yb in
            residuals.withUnsafeMutableBufferPointer { rb in
                etsRecursion(yb, specification, parameters, residuals: rb.baseAddress)
            }
        }
        guard let state else { return nil }
        self.specification = specification
        self.parameters = parameters
        self.count = y.count
        self.residuals = residuals
        self.fitted = specification.error == .additive
            ? zip(y, residuals).map { $0 - $1 }
            : zip(y, residuals).map { $0 / (1 + $1) }
        self.sumOfSquares = state.sumOfSquares
        self.sumLogFitted = state.sumLogFitted
        self.finalLevel = state.level
        self.finalTrend = state.trend
    }

    /// Point forecasts μ_h = ℓ_n + φ_h b_n, φ_h = φ + φ² + … + φ^h (h without damping, 0 without trend).
    /// - Complexity: O(h).
    public func pointForecasts(horizon: Int) -> [Double] {
        var out = [Double](repeating: 0, count: horizon)
        var phiSum = 0.0, phiPower = 1.0
        for h in 0..<horizon {
            phiPower *= parameters.phi
            phiSum += specification.trend == .damped ? phiPower : 1
            out[h] = finalLevel + (specification.hasTrend ? phiSum * finalTrend : 0)
        }
        return out
    }

    /// Forecast variances v_h for h = 1...horizon.
    ///
    /// With c_j = α + β φ_j (c_j = α without trend), Hyndman et al. (2008) §6.3:
    /// - class 1 (additive errors): v_h = σ² (1 + Σ_{j=1}^{h−1} c_j²);
    /// - class 2 (multiplicative errors, additive or damped trend): θ_1 = μ_1²,
    ///   θ_h = μ_h² + σ² Σ_{j=1}^{h−1} c_j² θ_{h−j}, and v_h = (1 + σ²) θ_h − μ_h².
    /// - Complexity: O(h) for class 1, O(h²) for class 2.
    public func forecastVariances(horizon: Int, variance estimator: VarianceEstimator = .unbiased) -> [Double] {
        let sigma2 = innovationVariance(estimator)
        var c = [Double](repeating: 0, count: horizon)
        var phiSum = 0.0, phiPower = 1.0
        for j in 1..<max(horizon, 1) {
            phiPower *= parameters.phi
            phiSum += specification.trend == .damped ? phiPower : 1
            c[j] = parameters.alpha + (specification.hasTrend ? parameters.beta * phiSum : 0)
        }
        var v = [Double](repeating: 0, count: horizon)
        switch specification.error {
        case .additive:
            var acc = 1.0
            for h in 0..<horizon {
                if h > 0 { acc += c[h] * c[h] }
                v[h] = sigma2 * acc
            }
        case .multiplicative:
            let mu = pointForecasts(horizon: horizon)
            var theta = [Double](repeating: 0, count: horizon)
            for h in 0..<horizon {
                var s = 0.0
                if h > 0 { for j in 1...h { s += c[j] * c[j] * theta[h - j] } }
                theta[h] = mu[h] * mu[h] + sigma2 * s
                v[h] = (1 + sigma2) * theta[h] - mu[h] * mu[h]
            }
        }
        return v
    }

    /// Point forecasts with prediction intervals at `levels` (percent).
    ///
    /// Analytic: μ_h ± z_{(1+level)/2} √v_h (see ``forecastVariances(horizon:variance:)``).
    /// Simulated: quantiles of `paths` sample paths drawn from the fitted model with Gaussian
    /// innovations from a seeded generator (reproducible); the point forecast stays μ_h.
    /// - Complexity: O(h²) analytic; O(paths · h · log paths) simulated.
    public func forecast(
        horizon: Int, levels: [Double] = [80, 95], variance estimator: VarianceEstimator = .unbiased,
        intervals method: IntervalMethod = .analytic
    ) -> Forecast {
        let mean = pointForecasts(horizon: horizon)
        switch method {
        case .analytic:
            let sd = forecastVariances(horizon: horizon, variance: estimator).map { max($0, 0).squareRoot() }
            return Forecast.gaussian(model: specification.description, mean: mean, standardDeviation: sd, levels: levels)
        case let .simulated(paths, seed):
            let sims = simulatePaths(horizon: horizon, paths: max(paths, 2), seed: seed, variance: estimator)
            return Forecast(model: specification.description, mean: mean, bands: empiricalBands(sims, levels: levels))
        }
    }

    /// `paths` simulated futures, stored step-major: `result[h]` holds every path's value at step h+1.
    func simulatePaths(horizon: Int, paths: Int, seed: UInt64, variance estimator: VarianceEstimator) -> [[Double]] {
        let sigma = innovationVariance(estimator).squareRoot()
        var rng = GaussianStream(seed: seed)
        var out = [[Double]](repeating: [Double](repeating: 0, count: paths), count: horizon)
        let p = parameters
        for path in 0..<paths {
            var l = finalLevel, b = specification.hasTrend ? finalTrend : 0
            let phi = specification.trend == .damped ? p.phi : 1
            for h in 0..<horizon {
                let yhat = l + phi * b
                let e = sigma * rng.next()
                let err = specification.error == .additive ? e : yhat * e
                out[h][path] = yhat + err
                l = yhat + p.alpha * err
                b = phi * b + p.beta * err
            }
        }
        return out
    }
}

/// Empirical two-sided bands from simulated values per step (type-7 quantiles).
func empiricalBands(_ sims: [[Double]], levels: [Double]) -> [Forecast.Band] {
    let sorted = sims.map { $0.sorted() }
    return levels.map { level in
        let a = (1 - level / 100) / 2
        return Forecast.Band(
            level: level,
            lower: sorted.map { quantileSorted($0, a) },
            upper: sorted.map { quantileSorted($0, 1 - a) }
        )
    }
}

/// Type-7 (linear interpolation) quantile of sorted data.
/// - Complexity: O(1).
func quantileSorted(_ x: [Double], _ p: Double) -> Double {
    guard !x.isEmpty else { return .nan }
    let position = p * Double(x.count - 1)
    let i = Int(position.rounded(.down))
    let frac = position - Double(i)
    return i + 1 < x.count ? x[i] + frac * (x[i + 1] - x[i]) : x[x.count - 1]
}

/// The ETS recursion of Hyndman et al. (2008), eq. 2.8 specialised to non-seasonal models.
/// Returns nil if a multiplicative-error one-step forecast is not strictly positive or a value
/// is not finite. The hot loop of estimation: without `residuals` it does one multiply-add chain
/// per observation, and Σ log ŷ_t is accumulated as the logarithm of a running product,
/// renormalised when it leaves [1e-150, 1e150] (one `log` per ~20 observations, not one each).
/// - Complexity: O(n).
@inline(__always)
func etsRecursion(
    _ y: UnsafeBufferPointer<Double>, _ spec: ETSSpecification, _ p: ETSParameters,
    residuals: UnsafeMutablePointer<Double>?
) -> (sumOfSquares: Double, sumLogFitted: Double, level: Double, trend: Double)? {
    let alpha = p.alpha
    let hasTrend = spec.trend != .none
    let beta = hasTrend ? p.beta : 0
    let phi = spec.trend == .damped ? p.phi : 1
    var l = p.initialLevel, b = hasTrend ? p.initialTrend : 0
    var sse = 0.0, sumLog = 0.0
    let n = y.count
    if spec.error == .additive {
        if let residuals {
            for t in 0..<n {
                let yhat = l + phi * b
                let e = y[t] - yhat
                l = yhat + alpha * e
                b = phi * b + beta * e
                sse += e * e
                residuals[t] = e
            }
        } else {
            // The same update as a 2×2 linear filter, (ℓ, b)_t = A (ℓ, b)_{t−1} + g y_t, which
            // shortens the loop-carried dependency chain (one multiply-add per state, not three).
            let a11 = 1 - alpha, a12 = (1 - alpha) * phi, a21 = -beta, a22 = (1 - beta) * phi
            for t in 0..<n {
                let yt = y[t]
                let e = yt - (l + phi * b)
                let nextL = a11 * l + (a12 * b + alpha * yt)
                b = a21 * l + (a22 * b + beta * yt)
                l = nextL
                sse += e * e
            }
        }
    } else if residuals == nil {
        let a11 = 1 - alpha, a12 = (1 - alpha) * phi, a21 = -beta, a22 = (1 - beta) * phi
        var product = 1.0
        for t in 0..<n {
            let yt = y[t]
            let yhat = l + phi * b
            guard yhat > 0 && yhat < 1e150 else { return nil }
            let e = (yt - yhat) / yhat
            let nextL = a11 * l + (a12 * b + alpha * yt)
            b = a21 * l + (a22 * b + beta * yt)
            l = nextL
            sse += e * e
            product *= yhat
            if product > 1e150 || product < 1e-150 {
                sumLog += log(product)
                product = 1
            }
        }
        sumLog += log(product)
    } else {
        var product = 1.0
        for t in 0..<n {
            let yhat = l + phi * b
            guard yhat > 0 && yhat < 1e150 else { return nil }
            let d = y[t] - yhat
            let e = d / yhat
            l = yhat + alpha * d
            b = phi * b + beta * d
            sse += e * e
            product *= yhat
            if product > 1e150 || product < 1e-150 {
                sumLog += log(product)
                product = 1
            }
            residuals?[t] = e
        }
        sumLog += log(product)
    }
    guard sse.isFinite, l.isFinite, b.isFinite else { return nil }
    return (sse, sumLog, l, b)
}

/// Standard normal draws by the Box-Muller transform (Box and Muller 1958, "A note on the
/// generation of random normal deviates", Ann. Math. Stat. 29(2)) from
/// `SextantNumerics.SeededGenerator` (xoshiro256**): reproducible for a given seed.
struct GaussianStream {
    var generator: SeededGenerator
    var spare: Double?
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    /// - Complexity: O(1).
    mutating func next() -> Double {
        if let s = spare { spare = nil; return s }
        let u1 = 1 - generator.nextUniform()  // (0, 1]: log stays finite
        let u2 = generator.nextUniform()
        let r = (-2 * log(u1)).squareRoot()
        spare = r * sin(2 * .pi * u2)
        return r * cos(2 * .pi * u2)
    }
}
