import Foundation
import Testing
@testable import SextantForecast

/// R forecast 8.20 `ets()` on the Nile series (datasets/reference/nile_ets_R.json).
@Suite("ETS against R's forecast package on the Nile series")
struct ETSRTests {
    static let models: [(String, ETSSpecification)] = [
        ("ANN", .ANN), ("AAN", .AAN), ("AAdN", .AAdN), ("MNN", .MNN), ("MAN", .MAN), ("MAdN", .MAdN),
    ]

    @Test("at R's estimates: σ² with R's degrees of freedom, forecasts and class 1/2 intervals", arguments: models.map(\.0))
    func atREstimates(name: String) throws {
        let spec = Self.models.first { $0.0 == name }!.1
        let ref = try loadJSON("datasets/reference/nile_ets_R.json")[name] as! [String: Any]
        func v(_ key: String) -> Double { (ref[key] as! NSNumber).doubleValue }
        let y = try nileSeries()
        let params = ETSParameters(alpha: v("alpha"), beta: v("beta"), phi: v("phi"), initialLevel: v("l0"), initialTrend: v("b0"))
        let model = try #require(ETSModel(y, specification: spec, parameters: params))
        #expect(model.parameterCount == (ref["np"] as! NSNumber).intValue)
        #expect(relativeError(model.innovationVariance(.unbiased), v("sigma2")) < 1e-9)
        let fc = model.forecast(horizon: 10, levels: [80, 95])
        #expect(maxRelativeError(fc.mean, doubles(ref["mean"])) < 1e-9)
        #expect(maxRelativeError(fc.bands[0].lower, doubles(ref["lower80"])) < 1e-9)
        #expect(maxRelativeError(fc.bands[0].upper, doubles(ref["upper80"])) < 1e-9)
        #expect(maxRelativeError(fc.bands[1].lower, doubles(ref["lower95"])) < 1e-9)
        #expect(maxRelativeError(fc.bands[1].upper, doubles(ref["upper95"])) < 1e-9)
    }

    @Test("our maximum-likelihood fit is at least as likely as R's estimates", arguments: models.map(\.0))
    func likelihoodAtLeastR(name: String) throws {
        let spec = Self.models.first { $0.0 == name }!.1
        let ref = try loadJSON("datasets/reference/nile_ets_R.json")[name] as! [String: Any]
        func v(_ key: String) -> Double { (ref[key] as! NSNumber).doubleValue }
        let y = try nileSeries()
        let atR = try #require(ETSModel(y, specification: spec, parameters: ETSParameters(
            alpha: v("alpha"), beta: v("beta"), phi: v("phi"), initialLevel: v("l0"), initialTrend: v("b0"))))
        let ours = try ETSModel.fit(y, specification: spec)
        #expect(ours.logLikelihood >= atR.logLikelihood - 1e-3, "\(name): ours \(ours.logLikelihood), at R's \(atR.logLikelihood)")
    }
}
