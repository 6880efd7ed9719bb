import Foundation
import SextantNumerics

/// The deterministic, windowed E-divisive of Apache Otava (formerly DataStax Hunter): Fleming et al.
/// 2023, "Hunter: Using Change Point Detection to Hunt for Performance Regressions", ICPE '23,
/// doi:10.1145/3578244.3583719; built on Matteson and James 2014.
///
/// 1. Split: windows of `windowLength` points slide by half a window (or jump to the last change
///    point found). Inside each window, E-divisive picks the split `(tau, kappa)` maximising the
///    energy divergence `Q(x[s..<tau], x[tau..<kappa])` over the window's current intervals; a split
///    is kept while Student's two-sample t-test (pooled variance, population standard deviations as
///    Otava computes them) between the interval's two parts gives `p <= p1`, where the relaxed
///    first-pass level is `p1 = 10 alpha` if `alpha < 0.05`, `2 alpha` if `alpha < 0.5`, else `alpha`.
/// 2. Merge: the union of these "weak" change points is re-tested on the whole series, each against
///    its neighbouring change points; repeatedly the weakest (largest p-value, or if all have
///    `p < alpha` the smallest relative change `max(|m2/m1 - 1|, |m1/m2 - 1|)`) is removed while it
///    fails `p < alpha` or its change is at most `minMagnitude`, and the statistics next to it are
///    recomputed. Otava recomputes the point that took the removed one's place and the one after it;
///    `otavaCompatible` keeps that order (so results match Otava's), otherwise the two true neighbours
///    are recomputed.
///
/// Given the same parameters this reproduces Otava's change points (tests: TigerBeetle and
/// sample.csv expectations of Otava's own test suite).
public enum OtavaEDivisive {
    /// A change point with the t-test statistics between its neighbouring change points.
    public struct ChangePoint: Sendable, Hashable {
        public var index: Int
        public var pValue: Double
        public var meanBefore: Double
        public var meanAfter: Double
        public var standardDeviationBefore: Double
        public var standardDeviationAfter: Double
        /// Otava's change magnitude `max(|m2/m1 - 1|, |m1/m2 - 1|)` (0 when a mean is 0).
        public var magnitude: Double {
            let f = meanBefore == 0 ? 0 : meanAfter / meanBefore - 1
            let b = meanAfter == 0 ? 0 : meanBefore / meanAfter - 1
            return max(abs(f), abs(b))
        }
    }

    /// - Parameters:
    ///   - windowLength: Otava's `window_len` (its default 50; Otava's tests use 30).
    ///   - maxPValue: `alpha` (Otava's default 0.001).
    ///   - minMagnitude: Otava's `min_magnitude` (default 0).
    /// - Complexity: O(n w^2) for windows of length `w` with a bounded number of splits per window
    ///   (each window's divergences come from column prefix sums of its distance matrix; the best
    ///   split of each interval is cached, so an accepted split only searches its two parts), O(k^2)
    ///   for the merge of `k` weak change points.
    public static func changePoints(
        _ x: [Double], windowLength: Int = 50, maxPValue: Double = 0.001, minMagnitude: Double = 0,
        otavaCompatible: Bool = true
    ) -> [ChangePoint] {
        let n = x.count
        guard n >= 2, windowLength >= 2 else { return [] }
        let firstPass = maxPValue < 0.05 ? maxPValue * 10 : (maxPValue < 0.5 ? maxPValue * 2 : maxPValue)
        // Split.
        var weak: [Int] = []
        var seen = Set<Int>()
        var start = 0
        let step = windowLength / 2
        var scratch = Window(capacity: windowLength)
        while start < n {
            let end = min(start + windowLength, n)
            let local = scratch.detect(x[start..<end], maxPValue: firstPass)
            let last = local.last.map { $0 + start } ?? 0
            for i in local where seen.insert(i + start).inserted { weak.append(i + start) }
            start = max(last, start + step)
        }
        weak.sort()
        var points = weak.enumerated().map { k, idx in
            stats(x, idx, k == 0 ? 0 : weak[k - 1], k == weak.count - 1 ? n : weak[k + 1])
        }
        // Merge.
        func recompute(_ k: Int) {
            guard k >= 0, k < points.count else { return }
            let lo = k == 0 ? 0 : points[k - 1].index
            let hi = k == points.count - 1 ? n : points[k + 1].index
            points[k] = stats(x, points[k].index, lo, hi)
        }
        while !points.isEmpty {
            var weakest = 0
            for k in 1..<points.count where points[k].pValue > points[weakest].pValue { weakest = k }
            if points[weakest].pValue < maxPValue {
                weakest = 0
                for k in 1..<points.count where points[k].magnitude < points[weakest].magnitude { weakest = k }
                if points[weakest].magnitude > minMagnitude { return points }
            }
            points.remove(at: weakest)
            if otavaCompatible {
                recompute(weakest)
                recompute(weakest + 1)
            } else {
                recompute(weakest - 1)
                recompute(weakest)
            }
        }
        return points
    }

    /// Student's t-test between `x[lo..<i]` and `x[i..<hi]` with Otava's conventions.
    static func stats(_ x: [Double], _ i: Int, _ lo: Int, _ hi: Int) -> ChangePoint {
        let l = x[lo..<i], r = x[i..<hi]
        let ml = Descriptive.mean(l), mr = Descriptive.mean(r)
        let sl = l.count >= 2 ? Descriptive.variance(l, ddof: 0).squareRoot() : 0
        let sr = r.count >= 2 ? Descriptive.variance(r, ddof: 0).squareRoot() : 0
        return ChangePoint(
            index: i, pValue: pooledTTest(ml, sl, l.count, mr, sr, r.count),
            meanBefore: ml, meanAfter: mr, standardDeviationBefore: sl, standardDeviationAfter: sr)
    }

    /// Two-sided p-value of Student's pooled-variance t-test from summary statistics (as scipy's
    /// `ttest_ind_from_stats(equal_var=True)`); 1 when it is undefined (fewer than 3 points, or 0/0).
    static func pooledTTest(_ m1: Double, _ s1: Double, _ n1: Int, _ m2: Double, _ s2: Double, _ n2: Int) -> Double {
        guard n1 + n2 > 2 else { return 1 }
        let df = Double(n1 + n2 - 2)
        let pooled = (Double(n1 - 1) * s1 * s1 + Double(n2 - 1) * s2 * s2) / df
        let se = (pooled * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        let t = (m1 - m2) / se
        if t.isNaN { return 1 }
        return min(1, 2 * StudentT(degreesOfFreedom: df).survival(abs(t)))
    }

    /// E-divisive inside one window with the t-test as significance test.
    struct Window {
        var p: [Double]  // p[a * w + b] = sum_{i < a} d[i][b]
        var x: [Double] = []
        /// The coefficients of `Q` by part sizes, computed with the same operations as the formula
        /// (so the results are bit-identical) and only once: `twoOverTotal[nx + ny] = 2 / (nx + ny)`,
        /// `withinX[nx * stride + ny] = 2 ny / ((nx + ny)(nx - 1))` (0 if `nx = 1`) and
        /// `withinY[...] = 2 nx / ((nx + ny)(ny - 1))` (0 if `ny = 1`).
        var twoOverTotal: [Double] = []
        var withinX: [Double] = []
        var withinY: [Double] = []
        var stride = 0
        init(capacity: Int) {
            p = [Double](repeating: 0, count: (capacity + 1) * capacity)
            coefficients(capacity)
        }

        mutating func coefficients(_ w: Int) {
            stride = w + 1
            twoOverTotal = (0...(2 * w)).map { $0 == 0 ? 0 : 2 / Double($0) }
            withinX = [Double](repeating: 0, count: stride * stride)
            withinY = [Double](repeating: 0, count: stride * stride)
            for a in 1...w {
                for b in 1...w {
                    let nx = Double(a), ny = Double(b), tot = nx + ny
                    withinX[a * stride + b] = a > 1 ? 2 * ny / (tot * (nx - 1)) : 0
                    withinY[a * stride + b] = b > 1 ? 2 * nx / (tot * (ny - 1)) : 0
                }
            }
        }

        /// Local indices of the accepted change points, sorted.
        mutating func detect(_ slice: ArraySlice<Double>, maxPValue: Double) -> [Int] {
            x.removeAll(keepingCapacity: true)
            x.append(contentsOf: slice)
            let w = x.count
            guard w >= 2 else { return [] }
            if p.count < (w + 1) * w { p = [Double](repeating: 0, count: (w + 1) * w) }
            x.withUnsafeBufferPointer { xs in
                p.withUnsafeMutableBufferPointer { pp in
                    // p[(a + 1) w + b] = p[a w + b] + |x_a - x_b|: column prefix sums of the distances.
                    for b in 0..<w { pp[b] = 0 }
                    for a in 0..<w {
                        let xa = xs[a], row = a * w, next = row + w
                        for b in 0..<w { pp[next + b] = pp[row + b] + abs(xa - xs[b]) }
                    }
                }
            }
            if stride < w + 1 { coefficients(w) }
            // The best split of each current interval is cached (it depends only on the interval):
            // accepting a split recomputes only the two new intervals.
            var cps: [Int] = []
            var intervals: [(lo: Int, hi: Int, tau: Int, q: Double)] = []
            func add(_ lo: Int, _ hi: Int, at k: Int) {
                guard hi - lo > 1 else { return }
                let c = candidate(lo, hi, w)
                intervals.insert((lo, hi, c.tau, c.q), at: k)
            }
            add(0, w, at: 0)
            while !intervals.isEmpty {
                // First maximum in the order of the intervals (sorted by position), as before.
                var top = 0
                for k in 1..<intervals.count where intervals[k].q > intervals[top].q { top = k }
                let b = intervals[top]
                let s = OtavaEDivisive.stats(x, b.tau, b.lo, b.hi)
                guard s.pValue <= maxPValue else { break }
                cps.append(b.tau)
                cps.sort()
                intervals.remove(at: top)
                add(b.tau, b.hi, at: top)
                add(b.lo, b.tau, at: top)
            }
            return cps
        }

        /// Otava's candidate of interval `[s, e)`: the first maximum, in row-major order over
        /// `(tau, kappa)`, of the matrix whose valid entries (`s < tau < kappa <= e`) are `Q(tau, kappa)`
        /// and whose other entries are 0.
        func candidate(_ s: Int, _ e: Int, _ w: Int) -> (tau: Int, q: Double) {
            p.withUnsafeBufferPointer { p in
            twoOverTotal.withUnsafeBufferPointer { twoOverTotal in
            withinX.withUnsafeBufferPointer { withinX in
            withinY.withUnsafeBufferPointer { withinY in
                let stride = self.stride
                let size = e - s - 1
                var bestQ = -Double.infinity, bestTau = s + 1
                var wx = 0.0  // sum of pairs within [s, tau)
                for i in 0..<size {
                    let tau = s + i + 1
                    wx += p[tau * w + (tau - 1)] - p[s * w + (tau - 1)]
                    // Entries (i, j) with j < i are 0 and come first in the row.
                    if i > 0 && 0 > bestQ { bestQ = 0; bestTau = tau }
                    var cross = 0.0, wy = 0.0
                    let rowTau = tau * w, rowS = s * w
                    let a = tau - s, coefRow = a * stride
                    for kappa in (tau + 1)...e {
                        let col = kappa - 1
                        cross += p[rowTau + col] - p[rowS + col]
                        wy += p[col * w + col] - p[rowTau + col]
                        let b = kappa - tau
                        // Q = 2/(nx+ny) cross - 2 ny/((nx+ny)(nx-1)) wx - 2 nx/((nx+ny)(ny-1)) wy.
                        let q = twoOverTotal[a + b] * cross - withinX[coefRow + b] * wx - withinY[coefRow + b] * wy
                        if q > bestQ { bestQ = q; bestTau = tau }
                    }
                }
                return (bestTau, bestQ)
            } } } }
        }
    }
}
