import Foundation
import Testing
@testable import SextantForecast

@Suite("ETS against statsmodels on the Nile series")
struct ETSNileTests {
    let reference: [String: Any]
    let y: [Double]

    init() throws {
        reference = try loadJSON("datasets/reference/nile_ets_aan.json")
        y = try nileSeries()
    }

    @Test("ETS(A,A,N) at alpha 0.2, beta 0.02, l0 1120, b0 -3 reproduces statsmodels to 1e-10")
    func fixedParameters() throws {
        let ref = reference["fixed_parameter_case"] as! [String: Any]
        let params = ETSParameters(alpha: 0.2, beta: 0.02, initialLevel: 1120, initialTrend: -3)
        let model = try #require(ETSModel(y, specification: .AAN, parameters: params))
        #expect(relativeError(model.sumOfSquares, (ref["sse"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.logLikelihood, (ref["llf"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.aic, (ref["aic"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.aicc, (ref["aicc"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.bic, (ref["bic"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.finalLevel, (ref["last_level"] as! NSNumber).doubleValue) < 1e-10)
        #expect(relativeError(model.finalTrend, (ref["last_trend(slope)"] as! NSNumber).doubleValue) < 1e-10)
        #expect(maxRelativeError(Array(model.fitted.prefix(5)), doubles(ref["fitted_first5"])) < 1e-10)
        // statsmodels' intervals use sigma^2 = SSE/n and z_{0.975}.
        let variances = model.forecastVariances(horizon: 10, variance: .maximumLikelihood)
        #expect(maxRelativeError(variances, doubles(ref["forecast_variance"])) < 1e-10)
        let fc = model.forecast(horizon: 10, levels: [95], variance: .maximumLikelihood)
        #expect(maxRelativeError(fc.mean, doubles(ref["forecast_mean"])) < 1e-10)
        let band = try #require(fc.band(level: 95))
        #expect(maxRelativeError(band.lower, doubles(ref["pi_lower"])) < 1e-10)
        #expect(maxRelativeError(band.upper, doubles(ref["pi_upper"])) < 1e-10)
    }

    @Test("estimated ETS(A,A,N) reaches at least statsmodels' log-likelihood")
    func estimated() throws {
        let model = try ETSModel.fit(y, specification: .AAN)
        let statsmodels = ((reference["mle_fit"] as! [String: Any])["llf"] as! NSNumber).doubleValue
        let fromR = ((reference["mle_fit_started_from_R_params"] as! [String: Any])["llf"] as! NSNumber).doubleValue
        print("Nile ETS(A,A,N): llf \(model.logLikelihood) (statsmodels \(statsmodels), from R start \(fromR)) params \(model.parameters)")
        #expect(model.logLikelihood >= statsmodels)
        // Within the usual bounds beta >= 1e-4; the estimates stay in the admissible region.
        #expect(model.parameters.alpha > 0 && model.parameters.alpha < 1)
        #expect(model.parameters.beta > 0 && model.parameters.beta <= model.parameters.alpha)
    }

    @Test("simulated intervals agree with the analytic ones for many paths, and are reproducible")
    func simulatedIntervals() throws {
        for spec in [ETSSpecification.AAdN, .MAN] {
            let model = try ETSModel.fit(y, specification: spec)
            let analytic = model.forecast(horizon: 6, levels: [80, 95])
            let simulated = model.forecast(horizon: 6, levels: [80, 95], intervals: .simulated(paths: 20_000, seed: 7))
            let again = model.forecast(horizon: 6, levels: [80, 95], intervals: .simulated(paths: 20_000, seed: 7))
            #expect(simulated == again)
            for (a, s) in zip(analytic.bands, simulated.bands) {
                for h in 0..<6 {
                    let width = a.upper[h] - a.lower[h]
                    #expect(abs(a.lower[h] - s.lower[h]) < 0.05 * width, "\(spec) h=\(h + 1)")
                    #expect(abs(a.upper[h] - s.upper[h]) < 0.05 * width, "\(spec) h=\(h + 1)")
                }
            }
        }
    }
}
