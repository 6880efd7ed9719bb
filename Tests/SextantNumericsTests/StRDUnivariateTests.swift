import Foundation
import Testing
import SextantNumerics

/// NIST StRD univariate summary statistics: certified mean, standard deviation and lag-1
/// autocorrelation, scored by LRE (digits of agreement, capped at 15).
@Suite("NIST StRD univariate")
struct StRDUnivariateTests {
    struct Certified { var mean: Double; var sd: Double; var acf: Double; var data: [Double] }

    static func load(_ name: String) throws -> Certified {
        let url = packageRootURL().appendingPathComponent("datasets/strd/univariate/\(name).dat")
        let text = try String(contentsOf: url, encoding: .utf8)
        var mean = Double.nan, sd = Double.nan, acf = Double.nan
        var data: [Double] = []
        var inData = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let last = line.split(separator: " ").last.map(String.init) ?? ""
            if inData {
                if let v = Double(line.trimmingCharacters(in: .whitespaces)) { data.append(v) }
            } else if line.hasPrefix("Data: Y") {
                inData = true
            } else if line.contains("Sample Mean") {
                mean = Double(last)!
            } else if line.contains("Sample Standard Deviation") {
                sd = Double(last)!
            } else if line.contains("r(1)") {
                acf = Double(last)!
            }
        }
        return Certified(mean: mean, sd: sd, acf: acf, data: data)
    }

    static let sets = ["PiDigits", "Lottery", "Lew", "Mavro", "Michelso", "NumAcc1", "NumAcc2", "NumAcc3", "NumAcc4"]

    @Test("mean LRE >= 14, SD LRE >= 13 (NumAcc3 >= 9, NumAcc4 >= 8), lag-1 autocorrelation LRE >= 10", arguments: sets)
    func certified(_ name: String) throws {
        let c = try Self.load(name)
        #expect(c.data.count > 2)
        let m = lre(Descriptive.mean(c.data), c.mean)
        let s = lre(Descriptive.standardDeviation(c.data), c.sd)
        let r = lre(Descriptive.autocorrelation(c.data, lag: 1), c.acf)
        let sdNeed = name == "NumAcc3" ? 9.0 : (name == "NumAcc4" ? 8.0 : 13.0)
        #expect(m >= 14, "\(name) mean LRE \(m)")
        #expect(s >= sdNeed, "\(name) SD LRE \(s)")
        #expect(r >= 10, "\(name) r(1) LRE \(r)")
    }
}
