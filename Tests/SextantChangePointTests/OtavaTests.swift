import Foundation
import Testing
@testable import SextantChangePoint

@Suite("Otava-compatible E-divisive")
struct OtavaTests {
    func tigerbeetle() throws -> [Double] {
        let data = try Data(contentsOf: datasetURL("histories/otava/tigerbeetle_series.json"))
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (obj["series"] as! [Any]).map { ($0 as! NSNumber).doubleValue }
    }

    @Test("TigerBeetle: change points at 15 and 71 (window 30, p <= 0.05 and 0.01, magnitude 0.05)")
    func tigerBeetle() throws {
        let x = try tigerbeetle()
        for p in [0.05, 0.01] {
            let cps = OtavaEDivisive.changePoints(x, windowLength: 30, maxPValue: p, minMagnitude: 0.05)
            #expect(cps.map(\.index) == [15, 71], "p = \(p)")
            #expect(cps.allSatisfy { $0.pValue < p })
        }
    }

    @Test("TigerBeetle at the looser levels of Otava's tests")
    func tigerBeetleLoose() throws {
        let x = try tigerbeetle()
        #expect(OtavaEDivisive.changePoints(x, windowLength: 30, maxPValue: 0.1, minMagnitude: 0.05).map(\.index) == [10, 11, 15, 71, 363])
        #expect(OtavaEDivisive.changePoints(x, windowLength: 30, maxPValue: 0.2, minMagnitude: 0.05).map(\.index) == [10, 11, 15, 71])
    }

    @Test("sample.csv: one change in metric2 between aaa5 and aaa6, none in metric1")
    func sample() throws {
        let rows = try readCSV(datasetURL("histories/otava/tests_resources_sample.csv"))
        let m1 = rows.map { Double($0["metric1"]!)! }, m2 = rows.map { Double($0["metric2"]!)! }
        let commits = rows.map { $0["commit"]! }
        // Otava's defaults: window 50, alpha 0.001, no minimum magnitude.
        #expect(OtavaEDivisive.changePoints(m1).isEmpty)
        let c2 = OtavaEDivisive.changePoints(m2)
        #expect(c2.map(\.index) == [6])
        #expect(c2.first.map { commits[$0.index - 1] == "aaa5" && commits[$0.index] == "aaa6" } == true)
    }
}
