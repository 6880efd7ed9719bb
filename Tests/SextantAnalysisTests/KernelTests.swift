import Foundation
import SextantForecast
import SextantNumerics
import Testing
@testable import SextantAnalysis
import SextantTestSupport

@Suite struct AnalysisKernelTests {
    @Test func levelShiftsFindAnObviousStepAndNothingInNoise() {
        var rng = SeededGenerator(seed: 11)
        let noise = (0..<80).map { _ in 100 * exp(0.02 * normal(&rng)) }
        #expect(LevelShifts.changePoints(noise).isEmpty)
        let step = noise.enumerated().map { $0.offset >= 50 ? $0.element * 1.3 : $0.element }
        let cps = LevelShifts.changePoints(step)
        #expect(cps.last.map { abs($0 - 50) <= 1 } == true, "\(cps)")
    }

    @Test func trendAndBreach() throws {
        let y: [Double] = (0..<20).map { (i: Int) -> Double in
            let wiggle: Double = i % 2 == 0 ? 0.001 : -0.001
            return 1.0 + 0.01 * Double(i) + wiggle
        }
        let t = try #require(TrendFit(y, confidence: 0.95))
        #expect(abs(t.slope - 0.01) < 1e-3)
        #expect(t.slopeLower > 0)
        // Level about 1.19 at the last point; limit 1.3 is crossed about 11 runs later.
        func breach(_ limit: Double) -> ForecastWarning? {
            ForecastWarning(key: "maxAvgTimeMs", limit: limit, factor: 1, unit: "ms", isMaximum: true,
                            forecast: t.forecast(horizon: 30), level: 95, lastObservation: y.last!, relativeSlopePerRun: 0)
        }
        let s = try #require(breach(1.3))
        #expect((10...12).contains(s.runsToBreach), "\(s)")
        #expect(s.earliest! <= s.runsToBreach)
        #expect(s.latest.map { $0 >= s.runsToBreach } ?? true)
        #expect(s.horizon == 30)
        #expect(breach(5) == nil)
    }
}

