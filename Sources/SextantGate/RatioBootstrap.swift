import Foundation
import SextantNumerics

/// xoshiro256** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"),
/// seeded through SplitMix64 so that any 64-bit seed gives a well-mixed state.
/// Deterministic across platforms: the gate's bootstrap is reproducible from its seed.
public struct GateRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&x); s1 = splitmix(&x); s2 = splitmix(&x); s3 = splitmix(&x)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform index in 0..<n by Lemire's multiply-high (bias below n/2^64, negligible here).
    @inline(__always)
    public mutating func index(below n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }
}

/// The result of a bootstrap of the ratio of medians.
public struct RatioInterval: Sendable, Equatable, Codable {
    /// median(candidate) / median(baseline) on the original data.
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var confidence: Double
}

/// Percentile bootstrap interval of the ratio of medians of two independent samples
/// (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13), computed on log ratios.
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
        var logRatios: [Double] = []
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
        let estimate = sortedMedian(b) / sortedMedian(a)
        guard a.count > 1 || b.count > 1, resamples > 0 else {
            return RatioInterval(estimate: estimate, lower: estimate, upper: estimate, confidence: confidence)
        }
        var rng = GateRandom(seed: seed)
        let maxN = max(a.count, b.count)
        if workspace.counts.count < maxN { workspace.counts = [Int32](repeating: 0, count: maxN) }
        if workspace.logRatios.count < resamples { workspace.logRatios = [Double](repeating: 0, count: resamples) }
        let alpha = 1 - confidence
        var lo = 0.0, hi = 0.0
        workspace.counts.withUnsafeMutableBufferPointer { counts in
            workspace.logRatios.withUnsafeMutableBufferPointer { out in
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
                                _ rng: inout GateRandom) -> Double {
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
        if i < n { counts[rng.index(below: n)] += 1 }
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

    /// Median of a sorted, non-empty array.
    static func sortedMedian(_ x: [Double]) -> Double {
        let n = x.count
        return n % 2 == 1 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2])
    }

    /// Linear-interpolation percentile (Hyndman & Fan type 7) of sorted data.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        if i >= sorted.count - 1 { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }
}

/// The Mann-Whitney U (Wilcoxon rank-sum) test of two independent samples
/// (Mann & Whitney 1947), with the normal approximation corrected for ties and continuity.
public enum MannWhitney {
    public struct Result: Sendable, Equatable, Codable {
        /// U of the candidate: the number of (candidate, baseline) pairs with candidate > baseline, ties 1/2.
        public var u: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// P(candidate > baseline) + P(tie)/2 = U / (n m), the common-language effect size.
        public var probabilityOfSuperiority: Double
    }

    /// The test on two samples (sorted internally).
    /// - Complexity: O(n log n + m log m).
    public static func test(baseline: [Double], candidate: [Double]) -> Result {
        test(sortedBaseline: baseline.sorted(), sortedCandidate: candidate.sorted())
    }

    /// The test on sorted samples: ranks come from one merge pass.
    /// - Complexity: O(n + m).
    public static func test(sortedBaseline a: [Double], sortedCandidate b: [Double]) -> Result {
        let n1 = Double(b.count), n2 = Double(a.count)
        guard !a.isEmpty, !b.isEmpty else { return Result(u: 0, pValue: 1, probabilityOfSuperiority: 0.5) }
        var i = 0, j = 0
        var rank = 0.0
        var rankSumCandidate = 0.0
        var tieTerm = 0.0
        while i < a.count || j < b.count {
            let v: Double
            if j >= b.count || (i < a.count && a[i] <= b[j]) { v = a[i] } else { v = b[j] }
            var ca = 0, cb = 0
            while i < a.count, a[i] == v { ca += 1; i += 1 }
            while j < b.count, b[j] == v { cb += 1; j += 1 }
            let t = Double(ca + cb)
            let avg = rank + (t + 1) / 2
            rankSumCandidate += Double(cb) * avg
            rank += t
            if t > 1 { tieTerm += t * t * t - t }
        }
        let u = rankSumCandidate - n1 * (n1 + 1) / 2
        if tieTerm == 0, let exact = exactTwoSided(u: u, m: b.count, n: a.count) {
            return Result(u: u, pValue: exact, probabilityOfSuperiority: u / (n1 * n2))
        }
        let mean = n1 * n2 / 2
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        let p: Double
        if variance <= 0 {
            p = 1
        } else {
            let z = (abs(u - mean) - 0.5) / variance.squareRoot()
            p = z <= 0 ? 1 : min(1, 2 * GateDistributions.normalSF(z))
        }
        return Result(u: u, pValue: p, probabilityOfSuperiority: u / (n1 * n2))
    }

    /// The exact two-sided p-value 2 min(P(U <= u), P(U >= u)) (capped at 1) under the null of no ties,
    /// from the frequencies of U: f(m, n, u) = f(m - 1, n, u - n) + f(m, n - 1, u) (Mann & Whitney 1947).
    /// Used when there are no ties and m n <= 2500, where the normal approximation is too coarse in the
    /// tails (3 runs against 20: exact minimum 0.0011, normal approximation 0.007).
    /// - Complexity: O(m n (m n)) time, O(n m n) memory.
    static func exactTwoSided(u: Double, m: Int, n: Int) -> Double? {
        guard m >= 1, n >= 1, m * n <= 2500 else { return nil }
        let maxU = m * n
        // prev[j] = frequencies for (i - 1, j), cur[j] for (i, j); each a vector over u in 0...maxU.
        var prev = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n + 1)
        for j in 0...n { prev[j][0] = 1 } // i = 0: one way, U = 0
        for i in 1...m {
            var cur = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n + 1)
            cur[0][0] = 1
            for j in 1...n {
                let limit = i * j
                for v in 0...limit {
                    var f = cur[j - 1][v]
                    if v >= j { f += prev[j][v - j] }
                    cur[j][v] = f
                }
            }
            prev = cur
        }
        let freq = prev[n]
        let total = freq.reduce(0, +)
        let k = Int(u.rounded())
        var lower = 0.0, upper = 0.0
        for v in 0...maxU {
            if v <= k { lower += freq[v] }
            if v >= k { upper += freq[v] }
        }
        return min(1, 2 * min(lower, upper) / total)
    }
}
