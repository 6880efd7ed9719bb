import Foundation
import SextantNumerics

/// The result of a bootstrap of the ratio of medians.
public struct RatioInterval: Sendable, Equatable, Codable {
    /// median(candidate) / median(baseline) on the original data.
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var confidence: Double
}

/// Percentile bootstrap interval of the ratio of medians of two independent samples
/// (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13), computed on the resampled ratios themselves (the percentile interval is invariant under the monotone log map, so no logarithm is needed).
///
/// Each sample is sorted once; a resample is then drawn as multinomial counts over the sorted values,
/// and its median is read by one cumulative scan of the counts: no copying, no selection, O(n) per
/// resample with a tiny constant. Buffers live in a reusable ``Workspace``.
///
/// - Complexity: O(n log n + m log m + B (n + m) + B log B) for sample sizes n, m and B resamples.
public enum RatioBootstrap {
    /// Reusable buffers; one per thread.
    public struct Workspace: Sendable {
        var counts: [Int32] = []
        var ratios: [Double] = []
        public init() {}
    }

    /// The interval of median(candidate)/median(baseline). Both samples must be non-empty and positive.
    public static func medianRatio(baseline: [Double], candidate: [Double], resamples: Int = 10_000,
                                   confidence: Double = 0.95, seed: UInt64 = 0x5E47A47,
                                   workspace: inout Workspace) -> RatioInterval {
        let a = baseline.sorted(), b = candidate.sorted()
        return medianRatio(sortedBaseline: a, sortedCandidate: b, resamples: resamples,
                           confidence: confidence, seed: seed, workspace: &workspace)
    }

    /// As ``medianRatio(baseline:candidate:resamples:confidence:seed:workspace:)`` for already sorted samples.
    public static func medianRatio(sortedBaseline a: [Double], sortedCandidate b: [Double], resamples: Int,
                                   confidence: Double, seed: UInt64, workspace: inout Workspace) -> RatioInterval {
        let estimate = Descriptive.median(sorted: b) / Descriptive.median(sorted: a)
        guard a.count > 1 || b.count > 1, resamples > 0 else {
            return RatioInterval(estimate: estimate, lower: estimate, upper: estimate, confidence: confidence)
        }
        var rng = SeededGenerator(seed: seed)
        let maxN = max(a.count, b.count)
        if workspace.counts.count < maxN { workspace.counts = [Int32](repeating: 0, count: maxN) }
        if workspace.ratios.count < resamples { workspace.ratios = [Double](repeating: 0, count: resamples) }
        let alpha = 1 - confidence
        var lo = 0.0, hi = 0.0
        workspace.counts.withUnsafeMutableBufferPointer { counts in
            workspace.ratios.withUnsafeMutableBufferPointer { out in
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        for r in 0..<resamples {
                            let ma = resampledMedian(pa, counts, &rng)
                            let mb = resampledMedian(pb, counts, &rng)
                            // The ratio itself: its percentiles are exp of the log ratio's (monotone map).
                            out[r] = mb / ma
                        }
                    }
                }
                let buffer = UnsafeMutableBufferPointer(rebasing: out[0..<resamples])
                lo = percentile(selecting: buffer, alpha / 2)
                hi = percentile(selecting: buffer, 1 - alpha / 2)
            }
        }
        return RatioInterval(estimate: estimate, lower: lo, upper: hi, confidence: confidence)
    }

    /// Type-7 percentile by selection (Hoare's quickselect, median-of-three pivots), reordering `x`.
    /// - Complexity: O(n) expected.
    static func percentile(selecting x: UnsafeMutableBufferPointer<Double>, _ p: Double) -> Double {
        let n = x.count
        let h = Double(n - 1) * p
        let i = Int(h.rounded(.down))
        let v = Descriptive.select(x, i)
        if i >= n - 1 { return v }
        // The next order statistic is the minimum of the part right of i after selection.
        var next = Double.infinity
        for j in (i + 1)..<n where x[j] < next { next = x[j] }
        return v + (h - Double(i)) * (next - v)
    }

    /// Median of one multinomial resample of a sorted sample, read from the counts.
    @inline(__always)
    static func resampledMedian(_ x: UnsafeBufferPointer<Double>, _ counts: UnsafeMutableBufferPointer<Int32>,
                                _ rng: inout SeededGenerator) -> Double {
        let n = x.count
        if n == 1 { return x[0] }
        for i in 0..<n { counts[i] = 0 }
        // Two 32-bit indices per 64-bit draw (Lemire's multiply-shift; bias below n / 2^32).
        let m = UInt64(n)
        var i = 0
        while i + 1 < n {
            let r = rng.next()
            counts[Int(truncatingIfNeeded: ((r & 0xFFFF_FFFF) &* m) >> 32)] += 1
            counts[Int(truncatingIfNeeded: ((r >> 32) &* m) >> 32)] += 1
            i += 2
        }
        if i < n { counts[rng.nextIndex(below: n)] += 1 }
        // 0-based order statistics k1 <= k2 whose mean is the median.
        let k2 = n / 2, k1 = (n - 1) / 2
        var cumulative = 0
        i = 0
        var low = 0.0
        var haveLow = false
        while i < n {
            cumulative += Int(counts[i])
            if !haveLow && cumulative > k1 { low = x[i]; haveLow = true }
            if cumulative > k2 { return 0.5 * (low + x[i]) }
            i += 1
        }
        return x[n - 1]
    }
}
