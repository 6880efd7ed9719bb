import Foundation

/// Automatic ETS: every admissible non-seasonal model fitted by maximum likelihood, ranked by AICc.
///
/// Hyndman, Koehler, Snyder and Grose (2002), "A state space framework for automatic forecasting
/// using exponential smoothing methods", IJF 18(3), 439-454; Hyndman and Khandakar (2008), JSS 27(3).
/// Multiplicative-error models are only candidates for a strictly positive series; a model is
/// skipped when n ≤ k + 1 (its AICc is undefined).
public struct ETSSelection: Sendable {

    /// The fitted candidates, best (lowest AICc) first.
    public var candidates: [ETSModel]

    public var best: ETSModel { candidates[0] }

    /// - Complexity: O(n · E) per candidate, E likelihood evaluations (a few hundred).
    public init(
        _ y: [Double], models: [ETSSpecification] = ETSSpecification.nonSeasonal, warmStarts: Bool = false
    ) throws(ForecastError) {
        try validate(y, minimumCount: 4)
        let positive = y.allSatisfy { $0 > 0 }
        var fitted: [ETSModel] = []
        var byModel: [ETSSpecification: ETSModel] = [:]
        for spec in models.sorted(by: { Self.fittingOrder($0) < Self.fittingOrder($1) }) where positive || spec.error == .additive {
            if let model = try? ETSModel.fit(y, specification: spec, start: warmStarts ? Self.warmStart(spec, byModel) : nil) {
                byModel[spec] = model
                if model.aicc.isFinite { fitted.append(model) }
            }
        }
        guard !fitted.isEmpty else {
            throw .insufficientData(count: y.count, needed: ETSSpecification.ANN.estimatedParameterCount + 3)
        }
        candidates = fitted.sorted { $0.aicc < $1.aicc }
    }

    /// Fit additive-error models first, simpler before richer, so each later model can start
    /// from a related model's estimates.
    private static func fittingOrder(_ s: ETSSpecification) -> Int {
        (s.error == .additive ? 0 : 3) + (s.trend == .none ? 0 : s.trend == .additive ? 1 : 2)
    }

    /// Warm starts (off by default): (A,Ad,N) from (A,A,N) with φ = 0.978; each multiplicative-error
    /// model from its additive-error twin, which has the same point forecasts for given parameters.
    /// On M3 Other they cut likelihood evaluations by 35% but end in worse local optima on a few
    /// series (Σ log L lower by 110 over 174 series), so the cold heuristic start is the default.
    private static func warmStart(_ spec: ETSSpecification, _ fitted: [ETSSpecification: ETSModel]) -> ETSParameters? {
        if spec.error == .multiplicative {
            return fitted[ETSSpecification(error: .additive, trend: spec.trend)]?.parameters
        }
        if spec.trend == .damped, var p = fitted[.AAN]?.parameters {
            p.phi = 0.978
            return p
        }
        return nil
    }

    /// Akaike weights w_i ∝ exp(−Δ_i/2), Δ_i = AICc_i − min AICc (Burnham and Anderson 2002,
    /// *Model Selection and Multimodel Inference*, §2.9).
    /// - Complexity: O(models).
    public var akaikeWeights: [Double] {
        let minimum = candidates[0].aicc
        let raw = candidates.map { exp(-0.5 * ($0.aicc - minimum)) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }
}

extension Forecast {
    /// The weighted combination of forecasts: points and each band's bounds are weighted means.
    ///
    /// Averaging quantiles rather than mixing distributions: Lichtendahl, Grushka-Cockayne and
    /// Winkler (2013), "Is it better to average probabilities or quantiles?", Management Science
    /// 59(7), 1594-1611, show that quantile averaging keeps the combined interval sharper than the
    /// mixture's while its coverage stays near nominal when the members agree in location; on M3
    /// Other it gives 0.812 / 0.940 coverage at 80% / 95% (docs/forecasting.md).
    /// - Complexity: O(forecasts · h · levels).
    static func combination(_ forecasts: [Forecast], weights: [Double]? = nil, model: String) -> Forecast {
        let w = weights ?? [Double](repeating: 1 / Double(forecasts.count), count: forecasts.count)
        let h = forecasts[0].horizon
        var out = Forecast(model: model, mean: [Double](repeating: 0, count: h), bands: forecasts[0].bands.map {
            Band(level: $0.level, lower: [Double](repeating: 0, count: h), upper: [Double](repeating: 0, count: h))
        })
        for (f, wi) in zip(forecasts, w) {
            for s in 0..<h { out.mean[s] += wi * f.mean[s] }
            for b in out.bands.indices {
                for s in 0..<h {
                    out.bands[b].lower[s] += wi * f.bands[b].lower[s]
                    out.bands[b].upper[s] += wi * f.bands[b].upper[s]
                }
            }
        }
        return out
    }
}
