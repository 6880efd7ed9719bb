import Foundation
import Testing
import SextantNumerics
@testable import SextantAnalysis
import SextantTestSupport

@Suite struct AnalysisTests {
    @Test func findsTheLastStepAndItsSize() throws {
        var rng = SeededGenerator(seed: 21)
        let values: [Double] = (0..<40).map { _ in 0.5e-3 * exp(0.01 * normal(&rng)) }
            + (0..<30).map { _ in 0.7e-3 * exp(0.01 * normal(&rng)) }
        let labels = values.indices.map { "run\($0)" }
        let s = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s",
                                                         direction: .lowerIsBetter, values: values, labels: labels,
                                                         limits: SLALimits(maxAvgTimeMs: 0.9))]).first)
        #expect(s.lastChangeIndex == 40)
        #expect(s.lastChangeLabel == "run40")
        #expect(s.lastChangeSize.map { abs($0 - 0.4) < 0.02 } == true)
        #expect(s.segmentRuns == 30)
        #expect(s.levelLower < 0.7e-3 && 0.7e-3 < s.levelUpper)
        #expect(s.slaChecks.first?.status == .pass)
        #expect(s.trend == .flat)
        #expect(s.breaches.isEmpty)
    }

    @Test func forecastOfAPositiveMetricNeverCrossesZero() throws {
        // Heavy multiplicative noise (sd 0.6 on the log scale) around 1 ms: a forecast of the raw values
        // with additive errors puts the lower 95% bound below zero; on the log scale it stays positive
        // and the band is asymmetric (wider above), as such noise is.
        var rng = SeededGenerator(seed: 31)
        let values: [Double] = (0..<60).map { _ in 1e-3 * exp(0.6 * normal(&rng)) }
        let s = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s",
                                                         direction: .lowerIsBetter, values: values)],
                                          settings: AnalysisSettings(forecastHorizon: 10)).first)
        #expect(s.forecastModel?.contains("log scale") == true, "\(s.forecastModel ?? "nil")")
        #expect(!s.forecastPath.isEmpty)
        for f in s.forecastPath {
            #expect(f.lower95 > 0 && f.lower95 <= f.lower80 && f.lower80 <= f.estimate && f.estimate <= f.upper80 && f.upper80 <= f.upper95)
            #expect(f.upper95 - f.estimate > f.estimate - f.lower95)
        }
        // A series with a non-positive value is forecast on its own scale.
        var mixed = values
        mixed[mixed.count - 1] = 0
        let m = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "delta", unit: "s",
                                                         direction: .lowerIsBetter, values: mixed)],
                                          settings: AnalysisSettings(forecastHorizon: 10)).first)
        #expect(m.forecastModel.map { !$0.contains("log scale") } == true)
    }

    @Test func forecastIsSextantForecastsOnTheCurrentSegment() throws {
        var rng = SeededGenerator(seed: 24)
        // A step at run 40, then a long flat stretch: the forecast is fitted after the step, on at most
        // the last `forecastWindow` runs, and its path ends at the reported forecast and interval.
        let values: [Double] = (0..<40).map { _ in 1.0 * exp(0.01 * normal(&rng)) }
            + (0..<30).map { _ in 1.3 * exp(0.01 * normal(&rng)) }
        let settings = AnalysisSettings(forecastHorizon: 12)
        let s = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s",
                                                         direction: .lowerIsBetter, values: values)], settings: settings).first)
        #expect(s.lastChangeIndex == 40)
        #expect(s.forecastStart == 40)
        #expect(s.forecastModel?.contains("ETS") == true, "\(s.forecastModel ?? "nil")")
        #expect(s.forecastPath.map(\.step) == Array(1...12))
        let last = try #require(s.forecastPath.last)
        #expect(last.estimate == s.forecast && last.lower95 == s.forecastLower && last.upper95 == s.forecastUpper)
        // Level after the step: the forecast stays near 1.3, and its 95% interval contains it.
        #expect(abs(last.estimate - 1.3) < 0.03)
        #expect(last.lower95 < 1.3 && 1.3 < last.upper95)
        for f in s.forecastPath { #expect(f.lower95 <= f.lower80 && f.lower80 <= f.estimate && f.estimate <= f.upper80 && f.upper80 <= f.upper95) }

        let long: [Double] = (0..<500).map { _ in 1.0 * exp(0.01 * normal(&rng)) }
        let t = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s",
                                                         direction: .lowerIsBetter, values: long)], settings: settings).first)
        #expect(t.lastChangeIndex == nil)
        #expect(t.forecastStart == 500 - Analysis.forecastWindow)
    }

    @Test func creepTowardTheLimitIsForecast() throws {
        var rng = SeededGenerator(seed: 23)
        // 30 runs creeping up 0.4% per run from 0.7 ms: about 0.78 ms now, rising ~0.0028 ms per run.
        let values: [Double] = (0..<30).map { i in 0.7e-3 * (1 + 0.004 * Double(i)) * exp(0.002 * normal(&rng)) }
        let s = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "time", unit: "s",
                                                         direction: .lowerIsBetter, values: values,
                                                         limits: SLALimits(maxAvgTimeMs: 0.9))],
                                          settings: AnalysisSettings(forecastHorizon: 100)).first)
        #expect(s.trend == .worsening)
        let b = try #require(s.breaches.first)
        // (0.9 - 0.781) / 0.0028 = about 42 runs.
        #expect((30...55).contains(b.runsToBreach), "\(b)")
        #expect(b.earliest! <= b.runsToBreach)
        if let latest = b.latest { #expect(b.runsToBreach <= latest) }
    }

    @Test func flatSeriesHasNoChangeNoTrendNoBreach() throws {
        var rng = SeededGenerator(seed: 22)
        let values = (0..<200).map { _ in 100 * exp(0.02 * normal(&rng)) }
        let s = try #require(Analysis.run([AnalysisInput(benchmark: "b", metric: "throughput", unit: "1/s",
                                                         direction: .higherIsBetter, values: values,
                                                         limits: SLALimits(minThroughput: 50))]).first)
        #expect(s.lastChangeIndex == nil)
        #expect(s.levelLower < 100 && 100 < s.levelUpper)
        #expect(s.slaChecks.first?.status == .pass)
        #expect(s.breaches.isEmpty)
    }
}
