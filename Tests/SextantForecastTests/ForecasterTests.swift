import Foundation
import Testing
@testable import SextantForecast

@Suite("Forecaster entry point, bad input and time to breach")
struct ForecasterTests {
    @Test("bad input gives a clear error, never a NaN forecast")
    func badInput() {
        #expect(throws: ForecastError.insufficientData(count: 3, needed: 4)) {
            try Forecaster.forecast([1, 2, 3], horizon: 5)
        }
        #expect(throws: ForecastError.constantSeries(value: 7)) {
            try Forecaster.forecast([7, 7, 7, 7, 7, 7], horizon: 5)
        }
        #expect(throws: ForecastError.nonFinite(index: 2)) {
            try Forecaster.forecast([1, 2, .nan, 4, 5, 6], horizon: 5)
        }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([1, 2, 3, 4, 5], horizon: 0) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([1, 2, 3, 4, 5], horizon: 3, levels: [100]) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([1, 2, 3, 4, 5], horizon: 3, start: 9) }
        #expect(ForecastError.insufficientData(count: 3, needed: 4).description.hasPrefix("insufficient data"))
    }

    @Test("every method forecasts a short noisy series with finite, nested intervals", arguments: ForecastMethod.allCases)
    func methods(method: ForecastMethod) throws {
        for y in [[10.0, 11, 10.5, 12], [10.0, 11, 10.5, 12, 11.8, 12.9, 12.5, 13.6, 13.1, 14.2, 14.0, 15.1]] {
            let fc = try Forecaster.forecast(y, method: method, horizon: 6)
            #expect(fc.isFinite && fc.horizon == 6)
            let b80 = try #require(fc.band(level: 80)), b95 = try #require(fc.band(level: 95))
            for h in 0..<6 {
                #expect(b95.lower[h] <= b80.lower[h] && b80.lower[h] < fc.mean[h] && fc.mean[h] < b80.upper[h] && b80.upper[h] <= b95.upper[h])
            }
        }
    }

    @Test("the segment start drops the old regime")
    func segment() throws {
        let y = [100.0, 101, 99, 100, 102, 100, 101, 99] + [50.0, 51, 49, 50.5, 50, 49.5, 51, 50]
        let all = try Forecaster.forecast(y, method: .drift, horizon: 3)
        let current = try Forecaster.forecast(y, method: .drift, horizon: 3, start: 8)
        #expect(abs(current.mean[0] - 50) < 1)
        #expect(all.bands[1].upper[0] - all.bands[1].lower[0] > 3 * (current.bands[1].upper[0] - current.bands[1].lower[0]))
    }

    @Test("time to breach: point and band steps, no breach, already past")
    func breach() {
        let fc = Forecast(model: "m", mean: [10, 11, 12, 13, 14], bands: [
            .init(level: 80, lower: [9, 9.5, 10, 10.5, 11], upper: [11, 12.5, 14, 15.5, 17]),
            .init(level: 95, lower: [8, 8.5, 9, 9.5, 10], upper: [12, 13.5, 15, 16.5, 18]),
        ])
        let b = BreachForecast(forecast: fc, lastObservation: 9.5, limit: 12.5, direction: .lowerIsBetter)
        #expect(b.status == .breachPossible)
        #expect(b.pointStep == 4)
        #expect(b.bands[0] == .init(level: 80, earliest: 3, latest: nil))
        #expect(b.bands[1] == .init(level: 95, earliest: 2, latest: nil))
        let none = BreachForecast(forecast: fc, lastObservation: 9.5, limit: 30, direction: .lowerIsBetter)
        #expect(none.status == .noBreachWithinHorizon && none.summary == "no breach within the horizon (5 steps)")
        let past = BreachForecast(forecast: fc, lastObservation: 13, limit: 12.5, direction: .lowerIsBetter)
        #expect(past.status == .alreadyPast && past.summary == "already past the limit")
        // Higher is better (throughput): crossing means falling below.
        let high = BreachForecast(forecast: fc, lastObservation: 9.5, limit: 9.2, direction: .higherIsBetter)
        #expect(high.pointStep == nil && high.bands[1].earliest == 1 && high.bands[0].earliest == 1 && high.bands[0].latest == nil)
        let low = BreachForecast(forecast: fc, lastObservation: 9.5, limit: 10.2, direction: .lowerIsBetter)
        #expect(low.bands[0].latest == 4 && low.bands[1].latest == nil && low.pointStep == 2)
    }

    @Test("extreme magnitudes are forecast like ordinary ones, scaled", arguments: [0x1p1000, 0x1p-1000])
    func extremeMagnitudes(scale: Double) throws {
        let y = [10.0, 11, 10.5, 12, 11.8, 12.9, 12.5, 13.6, 13.1, 14.2, 14.0, 15.1]
        let plain = try Forecaster.forecast(y, horizon: 4)
        let scaled = try Forecaster.forecast(y.map { $0 * scale }, horizon: 4)
        #expect(scaled.isFinite)
        // The likelihood differs by a constant under scaling, so the optimiser's relative stopping
        // rule ends at a slightly different point of the flat optimum: agreement to 1e-4, not 1e-15.
        #expect(maxRelativeError(scaled.mean.map { $0 / scale }, plain.mean) < 1e-4)
        #expect(maxRelativeError(scaled.bands[1].upper.map { $0 / scale }, plain.bands[1].upper) < 1e-4)
        #expect(maxRelativeError(scaled.bands[1].lower.map { $0 / scale }, plain.bands[1].lower) < 1e-4)
    }
}
