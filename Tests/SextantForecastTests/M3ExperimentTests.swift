import Foundation
import Testing
@testable import SextantForecast

func m3Other() throws -> [(train: [Double], test: [Double])] {
    let root = try loadJSON("datasets/m3-other/m3_other.json")
    return (root["series"] as! [[String: Any]]).map { (doubles($0["train"]), doubles($0["test"])) }
}

@Suite("M3 experiments", .tags(.experiment))
struct M3ExperimentTests {
    @Test func strategies() throws {
        let data = try m3Other()
        let levels = [80.0, 95.0]
        var selections: [[Double]: ETSSelection] = [:]
        var thetas: [[Double]: Theta] = [:]
        let clock = ContinuousClock()
        let t = clock.measure {
            for (train, _) in data { selections[train] = try! ETSSelection(train) }
        }
        print("selection time \(t)")
        for (train, _) in data { thetas[train] = try! Theta(train) }
        let strategies: [(String, ([Double], Int) -> Forecast)] = [
            ("auto", { y, h in selections[y]!.best.forecast(horizon: h, levels: levels) }),
            ("theta", { y, h in thetas[y]!.forecast(horizon: h, levels: levels) }),
            ("drift", { y, h in try! RandomWalkDrift(y).forecast(horizon: h, levels: levels) }),
            ("auto+theta", { y, h in Forecast.combination([selections[y]!.best.forecast(horizon: h, levels: levels), thetas[y]!.forecast(horizon: h, levels: levels)], model: "c") }),
            ("akaike", { y, h in let s = selections[y]!; return Forecast.combination(s.candidates.map { $0.forecast(horizon: h, levels: levels) }, weights: s.akaikeWeights, model: "w") }),
            ("AAdN", { y, h in try! ETSModel.fit(y, specification: .AAdN).forecast(horizon: h, levels: levels) }),
            ("MAdN", { y, h in (try? ETSModel.fit(y, specification: .MAdN))?.forecast(horizon: h, levels: levels) ?? Forecast(model: "", mean: [], bands: []) }),
        ]
        for (name, method) in strategies {
            print(name, AccuracySummary.evaluate(data, method: method))
        }
        var counts: [String: Int] = [:]
        for s in selections.values { counts[s.best.specification.description, default: 0] += 1 }
        print(counts)
    }
}

extension Tag {
    @Tag static var experiment: Self
}
