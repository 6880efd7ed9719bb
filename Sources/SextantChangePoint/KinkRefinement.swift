import Foundation

/// Where a change of slope without a jump lies, for the piecewise-linear model.
///
/// The discontinuous linear cost (``CostModel/linear``) locates a kink poorly: a free jump at the
/// change lets a break a dozen points away fit almost as well, so its cost profile is flat around a
/// continuous change of slope. The continuous model (a hinge, as in CPOP: Fearnhead, Maidstone and
/// Letchford 2019, "Detecting changes in slope with an L0 penalty", JCGS 28(2):265-275) has one
/// parameter fewer (no jump) and a sharp profile. For each change point `c` with neighbours
/// `lo < c < hi`, the hinge `a + b x + e (x - k)_+` is fitted on `y[lo..<hi]` for every admissible
/// `k`, and the best hinge replaces `c` when Schwarz's criterion prefers it to the discontinuous fit
/// at `c`: `RSS_hinge <= RSS_jump + log n` (costs are twice the negative log-likelihood in noise
/// units, and the hinge saves one parameter). Otherwise `c` stays. Points are refined left to right,
/// each with its already refined left neighbour.
/// - Complexity: O(L) per change point for a window of `L` points (normal equations from prefix
///   sums with closed-form sums of powers), O(n) in all; O(1) memory.
enum KinkRefinement {
    static func refine(_ z: [Double], _ cps: [Int], minimumSegmentLength m: Int, cost: NormalSegmentCost) -> [Int] {
        refine(count: z.count, window: { z[$0] }, cps, minimumSegmentLength: m, cost: cost)
    }

    /// The same with the standardised values of each window `lo..<hi` supplied on demand (very long
    /// series: the detector recomputes them rather than keep a copy of the whole series).
    static func refine(count n: Int, window: (Range<Int>) -> ArraySlice<Double>, _ cps: [Int],
                       minimumSegmentLength m: Int, cost: NormalSegmentCost) -> [Int] {
        guard !cps.isEmpty else { return cps }
        let bic = log(Double(max(n, 2)))
        var out = cps
        for j in out.indices {
            let lo = j == 0 ? 0 : out[j - 1], hi = j == out.count - 1 ? n : out[j + 1]
            let c = out[j]
            let jump = cost.cost(lo, c) + cost.cost(c, hi) - (cost.segmentLengthTerm ? log(Double(c - lo)) + log(Double(hi - c)) : 0)
            guard let (k, rss) = bestHinge(window(lo..<hi), minimumSegmentLength: m) else { continue }
            if rss <= jump + bic { out[j] = lo + k }
        }
        return out
    }

    /// The hinge position `k` (first point of the second piece, relative to the window) with the
    /// smallest residual sum of squares, for `m <= k <= L - m`; `nil` when the window is too short.
    static func bestHinge(_ y: ArraySlice<Double>, minimumSegmentLength m: Int) -> (Int, Double)? {
        let n = y.count
        guard n >= 2 * m, n >= 4 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        // Prefix sums py(k) = sum_{x < k} w_x and pxy(k) = sum_{x < k} x w_x (w = y - mean), each
        // accumulated in index order: the totals first, then running values as k advances, so the
        // window needs O(1) memory (the window of a change point of a long series can be most of it).
        var pyN = 0.0, pxyN = 0.0, syy = 0.0
        for (x, v) in y.enumerated() {
            let w = v - mean
            pyN = pyN + w
            pxyN = pxyN + Double(x) * w
            syy += w * w
        }
        let nn = Double(n), mid = (nn - 1) / 2
        let sxx = nn * (nn * nn - 1) / 12                  // sum over centred x of x^2
        let sxy = pxyN - mid * pyN                        // sum x y with centred x (sum y = 0)
        var best: (Int, Double)?
        var pyK = 0.0, pxyK = 0.0, x = 0
        let start = y.startIndex
        for k in m...(n - m) {
            while x < k {
                let w = y[start + x] - mean
                pyK = pyK + w
                pxyK = pxyK + Double(x) * w
                x += 1
            }
            let r = Double(n - k)                        // points of the second piece
            let sh = r * (r - 1) / 2                      // sum (x - k)_+
            let shh = (r - 1) * r * (2 * r - 1) / 6       // sum (x - k)_+^2
            let sxh = shh + Double(k) * sh - mid * sh     // sum centred-x * (x - k)_+
            let shy = (pxyN - pxyK) - Double(k) * (pyN - pyK)
            // Regressors 1, x (centred), h; y centred so the intercept drops out of the RSS:
            // project on (x, h - mean(h)).
            let hbar = sh / nn
            let shhC = shh - nn * hbar * hbar
            let sxhC = sxh                                 // sum x = 0
            let det = sxx * shhC - sxhC * sxhC
            guard det > 1e-12 * sxx * max(shhC, 1e-300) else { continue }
            let shyC = shy                                 // sum y = 0
            let fitted = (shhC * sxy * sxy - 2 * sxhC * sxy * shyC + sxx * shyC * shyC) / det
            let rss = max(syy - fitted, 0)
            if best == nil || rss < best!.1 { best = (k, rss) }
        }
        return best
    }
}
