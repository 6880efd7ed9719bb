import Foundation

/// Binary segmentation (Scott and Knott 1974; Vostrikova 1981; as in R's `changepoint` `BinSeg`)
/// with the same Gaussian costs and penalties as ``PELT``.
///
/// Greedy: the segment whose best single split `tau` gives the largest cost reduction
/// `C(s, t) - C(s, tau) - C(tau, t)` is split next, as long as that reduction exceeds the penalty and
/// fewer than `maximumChangePoints` have been placed. The result is a local search, not the optimum.
public enum BinarySegmentation {
    /// - Complexity: O(n log n) cost evaluations for balanced splits (each level scans every point
    ///   once), O(n k) in the worst case for `k` change points; O(n) memory.
    public static func segment(
        cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1, maximumChangePoints: Int = .max
    ) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        if cost.dimensions == 1 && cost.model == .mean {
            let lengthTerm = cost.segmentLengthTerm
            var logTable = [Double](repeating: 0, count: lengthTerm ? n + 1 : 1)
            if lengthTerm { for i in 1...n { logTable[i] = log(Double(i)) } }
            var inverse = [Double](repeating: 0, count: n + 1)
            for i in 1...n { inverse[i] = 1 / Double(i) }
            return cost.s1.withUnsafeBufferPointer { p1 in
                cost.s2.withUnsafeBufferPointer { p2 in logTable.withUnsafeBufferPointer { lg in inverse.withUnsafeBufferPointer { inv in
                    // Univariate mean: the split scan reads the prefix sums directly.
                    greedy(n: n, m: m, penalty: penalty, maximumChangePoints: maximumChangePoints, whole: cost.cost(0, n)) { s, t in
                        guard t - s >= 2 * m else { return nil }
                        let a1 = p1[s], a2 = p2[s], b1 = p1[t], b2 = p2[t]
                        let whole = b2 - a2 - (b1 - a1) * (b1 - a1) / Double(t - s)
                        // RSS(s, tau) + RSS(tau, t) = (b2 - a2) - l1^2/nl - r1^2/nr, so the gain is
                        // whole - (b2 - a2) + [l1^2/nl + r1^2/nr (- log nl - log nr + log(t - s))]: the
                        // scan maximises the bracket (loop-invariant terms and the MBIC branch hoisted).
                        // Two interleaved running maxima (even and odd offsets) break the compare
                        // chain; merged as the first maximum overall (larger value, else smaller tau).
                        var g = -Double.infinity, arg = -1, gOdd = -Double.infinity, argOdd = -1
                        var tau = s + m
                        let end = t - m
                        while tau < end {
                            let x0 = p1[tau], x1 = p1[tau + 1]
                            let l0 = x0 - a1, r0 = b1 - x0, l1 = x1 - a1, r1 = b1 - x1
                            var v0 = l0 * l0 * inv[tau - s] + r0 * r0 * inv[t - tau]
                            var v1 = l1 * l1 * inv[tau + 1 - s] + r1 * r1 * inv[t - tau - 1]
                            if lengthTerm {
                                v0 -= lg[tau - s] + lg[t - tau]
                                v1 -= lg[tau + 1 - s] + lg[t - tau - 1]
                            }
                            if v0 > g { g = v0; arg = tau }
                            if v1 > gOdd { gOdd = v1; argOdd = tau + 1 }
                            tau += 2
                        }
                        if tau == end {
                            let x0 = p1[tau], l0 = x0 - a1, r0 = b1 - x0
                            var v0 = l0 * l0 * inv[tau - s] + r0 * r0 * inv[t - tau]
                            if lengthTerm { v0 -= lg[tau - s] + lg[t - tau] }
                            if v0 > g { g = v0; arg = tau }
                        }
                        if argOdd >= 0 && (gOdd > g || (gOdd == g && argOdd < arg)) { g = gOdd; arg = argOdd }
                        if lengthTerm { g += lg[t - s] }
                        g += whole - (b2 - a2)
                        return arg < 0 ? nil : Split(s: s, t: t, tau: arg, gain: g)
                    }
                } } }
            }
        }
        return cost.withKernel { c in
            greedy(n: n, m: m, penalty: penalty, maximumChangePoints: maximumChangePoints, whole: c(0, n)) { s, t in
                guard t - s >= 2 * m else { return nil }
                let whole = c(s, t)
                var g = -Double.infinity, arg = -1
                for tau in (s + m)...(t - m) {
                    let v = whole - c(s, tau) - c(tau, t)
                    if v > g { g = v; arg = tau }
                }
                return arg < 0 ? nil : Split(s: s, t: t, tau: arg, gain: g)
            }
        }
    }

    struct Split { var s: Int; var t: Int; var tau: Int; var gain: Double }

    static func greedy(
        n: Int, m: Int, penalty: Double, maximumChangePoints: Int, whole: Double, best: (Int, Int) -> Split?
    ) -> Segmentation {
        do {
            var pending: [Split] = []
            if let first = best(0, n) { pending.append(first) }
            var cps: [Int] = []
            var objective = whole
            while cps.count < maximumChangePoints, !pending.isEmpty {
                var top = 0
                for i in 1..<pending.count where pending[i].gain > pending[top].gain { top = i }
                let split = pending[top]
                guard split.gain > penalty else { break }
                pending.remove(at: top)
                cps.append(split.tau)
                objective += penalty - split.gain
                if let l = best(split.s, split.tau) { pending.append(l) }
                if let r = best(split.tau, split.t) { pending.append(r) }
            }
            return Segmentation(changePoints: cps.sorted(), objective: objective)
        }
    }
}
