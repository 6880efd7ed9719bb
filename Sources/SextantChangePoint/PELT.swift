/// Pruned Exact Linear Time search for the optimal segmentation (Killick, Fearnhead and Eckley 2012,
/// "Optimal detection of changepoints with a linear computational cost", JASA 107(500):1590-1598).
///
/// Minimises `sum_j C(segment_j) + k * penalty` over all segmentations whose segments have at least
/// `minimumSegmentLength` points, by the optimal-partitioning recursion
/// `F(t) = min_{tau} F(tau) + C(tau, t) + beta` (Jackson et al. 2005), keeping only candidates `tau`
/// that can still be optimal: `tau` is pruned at time `t` when `F(tau) + C(tau, t) + K > F(t)`
/// (Theorem 3.1; `K` is ``NormalSegmentCost/pruningConstant``). With a minimum segment length `m`
/// a pruned `tau` is kept for `m - 1` more steps, because the dominating path through `t` only becomes
/// feasible at `t + m`; this keeps the result exactly optimal (the property tests compare it with
/// ``OptimalPartitioning``).
public enum PELT {
    /// - Parameters:
    ///   - cost: segment costs (O(1) each from prefix sums).
    ///   - penalty: `beta`, the cost of one change point.
    ///   - minimumSegmentLength: `m >= 1`.
    /// - Returns: the exact minimiser; ties go to the earliest last change point.
    /// - Complexity: expected O(n) cost evaluations when the number of change points grows
    ///   linearly with `n` (Killick et al. 2012, Theorem 3.2); O(n^2) in the worst case. O(n) memory.
    public static func segment(cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        let k = cost.pruningConstant
        var f = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        f[0] = -penalty
        var candidates: [Int] = []
        var killedAt: [Int] = []
        candidates.reserveCapacity(64)
        killedAt.reserveCapacity(64)
        var values: [Double] = []
        values.reserveCapacity(64)
        cost.withKernel { c in
            for t in m...n {
                let fresh = t - m
                if fresh == 0 || fresh >= m {
                    candidates.append(fresh)
                    killedAt.append(Int.max)
                }
                var best = Double.infinity
                var arg = 0
                values.removeAll(keepingCapacity: true)
                for tau in candidates {
                    let v = f[tau] + c(tau, t)
                    values.append(v)
                    if v < best { best = v; arg = tau }
                }
                f[t] = best + penalty
                last[t] = arg
                // Prune: mark dominated candidates, drop those whose grace period is over.
                var w = 0
                for i in 0..<candidates.count {
                    var kill = killedAt[i]
                    if kill == Int.max && values[i] + k > best + penalty {
                        kill = t
                    }
                    if kill == Int.max || t + 1 < kill + m {
                        candidates[w] = candidates[i]
                        killedAt[w] = kill
                        w += 1
                    }
                }
                candidates.removeLast(candidates.count - w)
                killedAt.removeLast(killedAt.count - w)
            }
        }
        return Segmentation(changePoints: backtrack(last, n), objective: f[n])
    }

    static func backtrack(_ last: [Int], _ n: Int) -> [Int] {
        var cps: [Int] = []
        var t = n
        while t > 0 {
            let tau = last[t]
            if tau > 0 { cps.append(tau) }
            t = tau
        }
        return cps.reversed()
    }
}

/// Optimal partitioning by dynamic programming without pruning (Jackson et al. 2005, "An algorithm for
/// optimal partitioning of data on an interval", IEEE Signal Processing Letters 12(2):105-108).
/// The reference that ``PELT`` must reproduce exactly.
public enum OptimalPartitioning {
    /// - Complexity: O(n^2) cost evaluations, O(n) memory.
    public static func segment(cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        var f = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        f[0] = -penalty
        for t in m...n {
            var best = Double.infinity
            var arg = 0
            var tau = 0
            while tau <= t - m {
                if tau == 0 || tau >= m {
                    let v = f[tau] + cost.cost(tau, t)
                    if v < best { best = v; arg = tau }
                }
                tau += 1
            }
            f[t] = best + penalty
            last[t] = arg
        }
        return Segmentation(changePoints: PELT.backtrack(last, n), objective: f[n])
    }
}
