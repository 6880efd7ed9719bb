import SextantTestSupport
import Foundation
import Testing
@testable import SextantChangePoint

/// The change-in-mean kernel at a length where the pruning tolerance matters (issue 12/16: the
/// default detector did not finish on 1e7 values). The tolerance of the pruning tests was a relative
/// 1e-9 of |F| + |S2|, which grows with the series (0.02 cost units at n = 1e7), and the candidates
/// kept per step grew with it: on three level shifts 29.1 per step at n = 1e6, 64 at 4e6 and 220 at
/// 1e7, against 27.3, 39 and 50 with a tolerance of rounding size. The kernel's work counter is
/// deterministic (the same arithmetic on every machine: no fused multiply-add, AVX2 and portable
/// code bit-identical), so the test asserts it, and the result, not a time.
@Suite("Change-in-mean kernel at scale")
struct ScaleTests {
    static func threeShifts(count n: Int) -> [Double] {
        var rng = SplitMix64(seed: 12)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        return (0..<n).map { i in
            let u = max(uniform(), 1e-300), v = uniform()
            let noise = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            let level = (i >= n / 4 ? 2.0 : 0) + (i >= n / 2 ? -1.5 : 0) + (i >= 3 * n / 4 ? 3.0 : 0)
            return 100 + level + noise
        }
    }

    @Test("1e6 points, three level shifts, MBIC: the shifts found, at most 28 candidates per step")
    func candidatesStayFew() throws {
        let n = 1_000_000
        let x = Self.threeShifts(count: n)
        let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
        let run = try #require(PELT.segmentMeanWithStatistics(
            cost: cost, penalty: Penalty.mbic.value(n: n, model: .mean), minimumSegmentLength: 3))
        #expect(run.segmentation.changePoints.count == 3)
        for (found, truth) in zip(run.segmentation.changePoints, [n / 4, n / 2, 3 * n / 4]) {
            #expect(abs(found - truth) <= 5)
        }
        #expect(run.statistics.candidatesPerStep <= 28)
    }
}
