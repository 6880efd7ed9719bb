import SextantTestSupport
import Foundation
import Testing
@testable import SextantChangePoint

/// How the default detector lays out its work (issue 16: the two classes of `auto` on two threads;
/// issue 12: 1e7 values in under 300 MB beyond the values): none of it may change an answer. Each
/// test compares the laid-out computation with the plain one, bit for bit.
@Suite("Detector layout: threads and memory change no result")
struct LayoutTests {
    /// Levels that shift every ~`segment` points, a slow trend in the middle third, normal noise,
    /// an outlier every 997 points and a run of ties: every branch of the standardisation.
    static func series(count n: Int, seed: UInt64, segment: Int = 700) -> [Double] {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var level = 0.0
        return (0..<n).map { i in
            if i % segment == 0 { level = 4 * (uniform() - 0.5) }
            let u = max(uniform(), 1e-300), v = uniform()
            let noise = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            let trend = i > n / 3 && i < 2 * n / 3 ? 0.002 * Double(i - n / 3) : 0
            if i % 997 == 5 { return 100 + level + 30 }
            if i % 1500 < 8 { return 100.5 }
            return 100 + level + trend + noise
        }
    }

    @Test("standardised(_:in:) is bit for bit the slice of the whole standardised series",
          arguments: [(false, 2), (true, 2), (false, 1), (true, 4), (false, 0)])
    func windowsRecomputeExactly(trend: Bool, halfWidth: Int) throws {
        for (n, seed) in [(40, UInt64(1)), (11, 2), (3000, 3)] {
            let y = Self.series(count: n, seed: seed, segment: 13)
            let r = try #require(RobustStandardisation(y, halfWidth: halfWidth, trend: trend))
            var rng = SplitMix64(seed: seed &+ 99)
            var ranges: [Range<Int>] = [0..<n, 0..<1, (n - 1)..<n, 0..<min(3, n), max(0, n - 3)..<n]
            for _ in 0..<60 {
                let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n + 1))
                ranges.append(min(a, b)..<max(a, b))
            }
            for range in ranges {
                let window = r.standardised(y, in: range)
                let whole = Array(r.standardised[range])
                #expect(window.map(\.bitPattern) == whole.map(\.bitPattern), "n \(n), h \(halfWidth), trend \(trend), \(range)")
            }
        }
    }

    @Test("prefix sums from chunks equal those from whole columns", arguments: CostModel.allCases)
    func chunkedCostIsTheSame(model: CostModel) {
        let y = Self.series(count: 2_345, seed: 7)
        let whole = NormalSegmentCost(y, model: model, segmentLengthTerm: true)
        for size in [1, 7, 1000, 2_345, 4_096] {
            let chunked = NormalSegmentCost(count: y.count, dimensions: 1, model: model, segmentLengthTerm: true,
                                            chunkSize: size) { _, r in ArraySlice(Array(y[r])) }
            #expect(chunked.s1.map(\.bitPattern) == whole.s1.map(\.bitPattern), "chunk \(size)")
            #expect(chunked.s2.map(\.bitPattern) == whole.s2.map(\.bitPattern), "chunk \(size)")
            #expect(chunked.s3.map(\.bitPattern) == whole.s3.map(\.bitPattern), "chunk \(size)")
            let given = NormalSegmentCost(count: y.count, dimensions: 1, model: model, segmentLengthTerm: true,
                                          chunkSize: size, totals: [y.reduce(0, +)]) { _, r in y[r] }
            #expect(given.s1.map(\.bitPattern) == whole.s1.map(\.bitPattern), "chunk \(size), total given")
            #expect(given.s3.map(\.bitPattern) == whole.s3.map(\.bitPattern), "chunk \(size), total given")
        }
    }

    @Test("a long series' fit without the standardised copy is the fit with it", arguments: [CostModel.mean, .linear])
    func recomputedStandardisationGivesTheSameFit(model: CostModel) throws {
        let detector = ChangePointDetector()
        for seed in [UInt64(11), 12] {
            let y = Self.series(count: 6_000, seed: seed)
            let kept = try #require(detector.penalisedFit([y], model: model, residuals: true))
            let recomputed = try #require(detector.penalisedFit([y], model: model, residuals: true, largeSeries: 100))
            #expect(!kept.changePoints.isEmpty)
            #expect(kept == recomputed)
            #expect(kept.margins.map(\.bitPattern) == recomputed.margins.map(\.bitPattern))
        }
    }

    @Test("the two classes on two threads give what they give one after the other")
    func concurrentClassesGiveTheSameFits() {
        let detector = ChangePointDetector()
        for (n, seed) in [(5_000, UInt64(21)), (9_000, 22)] {
            let y = Self.series(count: n, seed: seed)
            let z = Self.series(count: n, seed: seed &+ 1)
            for columns in [[y], [y, z]] {
                let plain = detector.classFits(columns, [.mean, .linear], concurrent: false)
                let threaded = detector.classFits(columns, [.mean, .linear], concurrent: true)
                #expect(plain.count == 2)
                #expect(plain == threaded, "n \(n), \(columns.count) dimensions")
                #expect(plain.map(\.model) == [.mean, .linear])
            }
        }
        #expect(ChangePointDetector.concurrentClasses.contains(5_000))
    }

    @Test("concurrently returns each index's result in order")
    func concurrentlyKeepsOrder() {
        let out = ChangePointDetector.concurrently(7) { i in i * i }
        #expect(out == [0, 1, 4, 9, 16, 25, 36])
    }
}
