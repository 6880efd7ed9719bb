import Testing
@testable import SextantNumerics

/// The sorted-input entry and the `exactIfPairsAtMost` rule (the gate's call), against scipy 1.16.3:
/// `scipy.stats.mannwhitneyu(x, y, method='exact', alternative=...)` on the samples built below.
@Suite struct MannWhitneyUSortedTests {
    let x = (0..<30).map { Double(($0 * 37) % 101) / 10 + 0.8 }
    let y = (0..<40).map { Double(($0 * 53) % 103) / 10 + 0.001 }

    @Test func exactUpToPairsMatchesScipy() {
        let rule = MannWhitneyU.Method.exactIfPairsAtMost(2500)
        let two = MannWhitneyU.test(sortedX: x.sorted(), sortedY: y.sorted(), method: rule)
        #expect(two.method == .exact)
        #expect(two.statistic == 697)
        #expect(abs(two.pValue - 0.25390795720101705) <= 1e-12 * 0.25390795720101705)
        let greater = MannWhitneyU.test(x, y, alternative: .greater, method: rule)
        #expect(abs(greater.pValue - 0.12695397860050853) <= 1e-12 * 0.12695397860050853)
        let shifted = x.prefix(12).map { $0 + 3 }
        let far = MannWhitneyU.test(shifted, y, method: rule)
        #expect(far.statistic == 367)
        #expect(abs(far.pValue - 0.004923864921465263) <= 1e-11 * 0.004923864921465263)
        // Above the pair limit (30 x 40 = 1200 > 1000): the normal approximation.
        #expect(MannWhitneyU.test(x, y, method: .exactIfPairsAtMost(1000)).method == .asymptotic)
    }

    @Test func sortedEntryEqualsUnsortedAndHandlesTiesAndNaN() {
        let a = [3.0, 1, 2, 2, 5, 8, 8, 8], b = [2.0, 4, 8, 9, 1, 1]
        let u = MannWhitneyU.test(a, b)
        let s = MannWhitneyU.test(sortedX: a.sorted(), sortedY: b.sorted())
        #expect(u == s)
        #expect(u.method == .asymptotic)  // ties: never exact
        let allTied = MannWhitneyU.test([1, 1, 1], [1, 1])
        #expect(allTied.pValue == 1)
        #expect(MannWhitneyU.test([1, .nan, 3], [2, 4]).pValue.isNaN)
    }
}
