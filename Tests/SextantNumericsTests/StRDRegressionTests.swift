import Foundation
import Testing
import SextantNumerics

/// NIST StRD linear regression: LRE of every coefficient and every standard error against the
/// certified values, with the thresholds of issue 2 (coefficients / standard errors).
@Suite("NIST StRD linear regression")
struct StRDRegressionTests {
    static let thresholds: [(String, Double, Double)] = [
        ("Norris", 12, 13), ("Pontius", 12, 12.5), ("NoInt1", 14, 14), ("NoInt2", 14, 14),
        ("Filip", 7.5, 7.5), ("Longley", 10.5, 12), ("Wampler1", 9, 9), ("Wampler2", 12.5, 14),
        ("Wampler3", 9, 13), ("Wampler4", 7.5, 13), ("Wampler5", 5.5, 13),
    ]

    static func load(_ name: String) throws -> StRDDataset {
        let url = packageRootURL().appendingPathComponent("datasets/strd/\(name).dat")
        return try StRDDataset(name: name, text: String(contentsOf: url, encoding: .utf8))
    }

    @Test("coefficient and standard-error LREs meet the thresholds", arguments: thresholds.map(\.0))
    func certified(_ name: String) throws {
        let (_, needB, needSE) = Self.thresholds.first { $0.0 == name }!
        let data = try Self.load(name)
        let fit = try LinearRegression.fit(data.design, data.y)
        #expect(fit.coefficients.count == data.certifiedCoefficients.count)
        let lb = zip(fit.coefficients, data.certifiedCoefficients).map { lre($0, $1) }
        let ls = zip(fit.standardErrors, data.certifiedStandardErrors).map { lre($0, $1) }
        let minB = lb.min()!, minS = ls.min()!
        #expect(minB >= needB, "\(name) coefficient LREs \(lb)")
        #expect(minS >= needSE, "\(name) standard-error LREs \(ls)")
        let lsd = lre(fit.residualStandardDeviation, data.certifiedResidualStandardDeviation)
        let lr2 = lre(fit.rSquared, data.certifiedRSquared)
        #expect(lsd >= min(needSE, 9), "\(name) residual SD LRE \(lsd)")
        #expect(lr2 >= min(needB, 9), "\(name) R² LRE \(lr2)")
        print("StRD \(name): min LRE coefficients \(minB), standard errors \(minS), residual SD \(lsd), R² \(lr2)")
    }
}
