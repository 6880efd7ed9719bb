import Foundation
import Testing
@testable import SextantForecast

@Suite("Forecasting on the log scale")
struct LogScaleTests {
    /// A positive series with multiplicative noise (sd 0.5 on the log scale), deterministic.
    func series() -> [Double] {
        (0..<50).map { i in 2e-3 * exp(0.5 * sin(Double(i) * 1.7) + 0.002 * Double(i)) }
    }

    @Test("bands are exp of the bands of the logged series, positive, and wider above")
    func mapsBack() throws {
        let y = series()
        let onLog = try Forecaster.forecast(y, method: .auto, horizon: 6, levels: [80, 95], scale: .log)
        let logged = try Forecaster.forecast(y.map { log($0) }, method: .auto, horizon: 6, levels: [80, 95])
        #expect(onLog.model.hasSuffix("(log scale)"))
        for (a, b) in zip(onLog.mean, logged.mean) { #expect(abs(a - exp(b)) <= 1e-14 * a) }
        for level in [80.0, 95.0] {
            let band = try #require(onLog.band(level: level)), raw = try #require(logged.band(level: level))
            for k in 0..<6 {
                #expect(band.lower[k] > 0)
                #expect(abs(band.lower[k] - exp(raw.lower[k])) <= 1e-14 * band.lower[k])
                #expect(abs(band.upper[k] - exp(raw.upper[k])) <= 1e-14 * band.upper[k])
                #expect(band.upper[k] - onLog.mean[k] > onLog.mean[k] - band.lower[k])
            }
        }
    }

    @Test("a non-positive value in the segment is an error on the log scale, not before it")
    func needsPositiveSegment() throws {
        var y = series()
        y[3] = 0
        #expect(throws: ForecastError.self) { try Forecaster.forecast(y, horizon: 3, scale: .log) }
        // The same series from index 10 on (after the zero) forecasts fine.
        let f = try Forecaster.forecast(y, horizon: 3, start: 10, scale: .log)
        #expect(f.mean.allSatisfy { $0 > 0 })
    }

    @Test("the linear scale is the plain forecast")
    func linearIsPlain() throws {
        let y = series()
        #expect(try Forecaster.forecast(y, horizon: 4, scale: .linear) == Forecaster.forecast(y, horizon: 4))
    }
}
