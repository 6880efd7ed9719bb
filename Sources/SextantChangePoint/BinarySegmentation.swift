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
        struct Split { var s: Int; var t: Int; var tau: Int; var gain: Double }
        return cost.withKernel { c in
            func best(_ s: Int, _ t: Int) -> Split? {
                guard t - s >= 2 * m else { return nil }
                let whole = c(s, t)
                var g = -Double.infinity, arg = -1
                for tau in (s + m)...(t - m) {
                    let v = whole - c(s, tau) - c(tau, t)
                    if v > g { g = v; arg = tau }
                }
                return arg < 0 ? nil : Split(s: s, t: t, tau: arg, gain: g)
            }
            var pending: [Split] = []
            if let first = best(0, n) { pending.append(first) }
            var cps: [Int] = []
            var objective = c(0, n)
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
