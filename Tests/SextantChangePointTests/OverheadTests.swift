import Foundation
import Testing
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

    @Test("Per-segment summaries give every change point's levels, interval and p-value as per-change slices did")
    func describe() throws {
        var rng = SplitMix64(seed: 61)
        var y: [Double] = []
        for level in [10.0, 12, 12.5, 9, 30, 31, 5] {
            for _ in 0..<(20 + Int(rng.next() % 40)) { y.append(level + Double(rng.next() % 1000) / 500) }
        }
        let detector = ChangePointDetector()
        let cps = try detector.detect(y).changePoints
        #expect(cps.count >= 4)
        let idx = cps.map(\.index)
        let alpha = 1 - detector.configuration.confidenceLevel
        for (j, c) in cps.enumerated() {
            let lo = j == 0 ? 0 : idx[j - 1], hi = j == idx.count - 1 ? y.count : idx[j + 1]
            let a = y[lo..<idx[j]], b = y[idx[j]..<hi]
            #expect(c.before.mean.bitPattern == Stat.mean(a).bitPattern)
            #expect(c.after.mean.bitPattern == Stat.mean(b).bitPattern)
            #expect(c.before.median.bitPattern == Stat.median(a).bitPattern)
            #expect(c.after.median.bitPattern == Stat.median(b).bitPattern)
            #expect(c.before.count == a.count && c.after.count == b.count)
            // The slice-based Welch test as before (recomputing means and variances from the samples).
            let na = Double(a.count), nb = Double(b.count)
            let va = Stat.variance(a) / na, vb = Stat.variance(b) / nb
            let se = (va + vb).squareRoot()
            let df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
            let p = Stat.studentTTwoSided((Stat.mean(b) - Stat.mean(a)) / se, df: df)
            #expect(c.pValue?.bitPattern == p.bitPattern)
            let t = Stat.studentTUpperQuantile(alpha / 2, df: df)
            let ratio = Stat.mean(b) / Stat.mean(a)
            let s = (va / (Stat.mean(a) * Stat.mean(a)) + vb / (Stat.mean(b) * Stat.mean(b))).squareRoot()
            #expect(c.relativeChangeLower?.bitPattern == (exp(log(ratio) - t * s) - 1).bitPattern)
            #expect(c.relativeChangeUpper?.bitPattern == (exp(log(ratio) + t * s) - 1).bitPattern)
        }
    }
}
