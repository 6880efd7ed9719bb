import Foundation
import Testing
@testable import SextantNumerics

/// Against scipy.stats.wilcoxon (p-values) and the inversion of the same scipy test (intervals);
/// the values were made by scripts/make_wilcoxon_fixture.py (scipy 1.17.1).
@Suite("Wilcoxon signed-rank test and Hodges-Lehmann interval against scipy")
struct WilcoxonSignedRankTests {
    struct Case { var d: [Double]; var p: Double; var exact: Bool; var estimate: Double; var lower: Double; var upper: Double }
    static let cases: [String: Case] = [
        "exact8": Case(d: [0.8, -0.3, 1.9, 2.4, 0.6, -1.1, 3.2, 1.5], p: 0.078125, exact: true,
                       estimate: 1.1, lower: -0.25000000000000006, upper: 2.4),
        "exact12": Case(d: [0.051, 0.032, -0.012, 0.044, 0.071, 0.018, 0.039, -0.006, 0.058, 0.027, 0.063, 0.011],
                        p: 0.00341796875, exact: true, estimate: 0.03375, lower: 0.014499999999999999, upper: 0.051000000000000004),
        "ties": Case(d: [1.0, 2.0, 2.0, -1.0, 3.0, 3.0, 3.0, -2.0, 4.0, 1.0, 5.0], p: 0.02004466862262744, exact: false,
                     estimate: 2.0, lower: 0.5, upper: 3.0),
    ]

    @Test(arguments: ["exact8", "exact12", "ties"])
    func matchesScipy(name: String) {
        let c = Self.cases[name]!
        let r = WilcoxonSignedRank.test(c.d, level: 0.95)
        #expect(r.exact == c.exact)
        #expect(abs(r.pValue - c.p) <= 1e-12 * c.p, "p \(r.pValue) vs \(c.p)")
        #expect(abs(r.estimate - c.estimate) <= 1e-12)
        if c.exact {
            #expect(abs(r.confidenceInterval.lower - c.lower) <= 1e-12, "lower \(r.confidenceInterval.lower) vs \(c.lower)")
            #expect(abs(r.confidenceInterval.upper - c.upper) <= 1e-12, "upper \(r.confidenceInterval.upper) vs \(c.upper)")
        } else {
            // With ties the interval is the normal-approximation order statistic (Hollander & Wolfe), which
            // is not the inversion of the tie-corrected test (the tie pattern changes with the shift): the
            // inversion's interval [0.5, 3.0] must lie inside it, and here the order statistics are 0.5 and 3.5.
            #expect(r.confidenceInterval.lower == 0.5 && r.confidenceInterval.upper == 3.5)
            #expect(r.confidenceInterval.lower <= c.lower && r.confidenceInterval.upper >= c.upper)
        }
    }

    @Test func nullDistributionCountsAllSignPatterns() {
        for n in [1, 5, 10, 20] {
            let c = WilcoxonSignedRank.distribution(n)
            #expect(c.count == n * (n + 1) / 2 + 1)
            #expect(c.reduce(0, +) == pow(2, Double(n)))
            #expect(c == c.reversed(), "symmetric about n(n+1)/4")
        }
    }

    @Test func zerosAreDroppedAndAllZeroIsNoEvidence() {
        let r = WilcoxonSignedRank.test([0, 0, 0])
        #expect(r.n == 0 && r.pValue == 1 && r.estimate == 0)
        let withZero = WilcoxonSignedRank.test([0] + Self.cases["exact8"]!.d)
        #expect(withZero.pValue == WilcoxonSignedRank.test(Self.cases["exact8"]!.d).pValue)
    }
}
