import SextantTestSupport
import Foundation
import Testing
import SextantNumerics
@testable import SextantChangePoint

/// The detector's faster bookkeeping (issue 16) against the straightforward computations it
/// replaced, written out here: the results must be identical bit for bit.
@Suite("Detector overhead: same results as the direct computations")
struct OverheadTests {
    /// The running median as it was: sort each window.
    func sortedWindowMedian(_ z: [Double], halfWidth h: Int) -> [Double] {
        let n = z.count
        return (0..<n).map { i in
            let lo = min(max(i - h, 0), max(n - 2 * h - 1, 0))
            let hi = min(lo + 2 * h, n - 1)
            let w = z[lo...hi].sorted()
            return w.count % 2 == 1 ? w[w.count / 2] : 0.5 * (w[w.count / 2 - 1] + w[w.count / 2])
        }
    }

    @Test("Sliding sorted window = sorting every window, with ties, for widths 3 to 21 and short series")
    func runningMedian() {
        var rng = SplitMix64(seed: 16)
        for n in [1, 2, 3, 4, 5, 6, 7, 10, 31, 200] {
            for h in [1, 2, 3, 5, 10] {
                // Quantised values make many ties, as timer data does.
                let z = (0..<n).map { _ in Double(rng.next() % 7) - 3 + (rng.next() % 4 == 0 ? 0.5 : 0) }
                let fast = RobustStandardisation.runningMedian(z, halfWidth: h)
                #expect(fast.map(\.bitPattern) == sortedWindowMedian(z, halfWidth: h).map(\.bitPattern), "n \(n) h \(h)")
            }
        }
    }

    /// The long-run variance factor as it was: differences of block means from a prefix-sum array.
    func prefixArrayFactor(_ y: [Double], sigma: Double, trend: Bool) -> Double {
        let n = y.count
        let b = max(1, Int(pow(Double(n), 1.0 / 3).rounded()))
        guard n / b >= 8, sigma > 0 else { return 1 }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + y[i] }
        let order = trend ? 3 : 2
        var diffs = [Double](repeating: 0, count: n - order * b + 1)
        for t in 0...(n - order * b) {
            diffs[t] = trend ? (prefix[t + 3 * b] - 3 * prefix[t + 2 * b] + 3 * prefix[t + b] - prefix[t]) / Double(b)
                : (prefix[t + 2 * b] - 2 * prefix[t + b] + prefix[t]) / Double(b)
            diffs[t] = abs(diffs[t])
        }
        let blockScale = Descriptive.madNormalScale * Descriptive.median(diffs) / (trend ? 6.0 : 2.0).squareRoot()
        return max(1, Double(b) * blockScale * blockScale / (sigma * sigma))
    }

    @Test("Running sums give the long-run variance factor of the prefix-sum array, with and without trend")
    func longRunVariance() {
        var rng = SplitMix64(seed: 61)
        for n in [8, 64, 100, 513, 1000, 4096] {
            // A random walk plus steps: block means wander, so the factor is well above 1.
            var y: [Double] = []
            var level = 0.0
            for i in 0..<n {
                level += Double(rng.next() % 1000) / 1000 - 0.5
                y.append(level + (i % 97 < 40 ? 3 : 0) + Double(rng.next() % 7) * 0.25)
            }
            for trend in [false, true] {
                let fast = RobustStandardisation.longRunVarianceFactor(y, shortTermScale: 0.3, trend: trend)
                let slow = prefixArrayFactor(y, sigma: 0.3, trend: trend)
                #expect(fast.bitPattern == slow.bitPattern, "n \(n) trend \(trend): \(fast) vs \(slow)")
                if n >= 1000 { #expect(fast > 1) }
            }
        }
    }
}
