import Foundation

/// Pruned Exact Linear Time search for the optimal segmentation (Killick, Fearnhead and Eckley 2012,
/// "Optimal detection of changepoints with a linear computational cost", JASA 107(500):1590-1598).
///
/// Minimises `sum_j C(segment_j) + k * penalty` over all segmentations whose segments have at least
/// `minimumSegmentLength` points, by the optimal-partitioning recursion
/// `F(t) = min_{tau} F(tau) + C(tau, t) + beta` (Jackson et al. 2005), keeping only candidates `tau`
/// that can still be optimal: `tau` is pruned at time `t` when `F(tau) + C(tau, t) + K > F(t)`
/// (Theorem 3.1). With a minimum segment length `m` a pruned `tau` is kept for `m - 1` more steps,
/// because the dominating path through `t` only becomes feasible at `t + m`.
public enum PELT {
    /// The pruning constant `K`.
    public enum Pruning: Sendable, Hashable {
        /// `K = 0`, as R's `changepoint` (`PELT.c`). Provably exact for the likelihood costs (BIC,
        /// manual penalties). With MBIC's `log(n_j)` segment term the theorem's condition does not
        /// hold, and this is the rule that makes PELT fast on long homogeneous stretches (where the
        /// `log` terms are what prunes); the property tests compare it with exhaustive optimal
        /// partitioning on thousands of random signals and have found no difference.
        case standard
        /// `K = ` ``NormalSegmentCost/exactPruningConstant`` (`-log n` with the MBIC term): provably
        /// exact for every cost, but on homogeneous stretches nearly nothing is pruned (O(n^2)).
        case provablyExact
    }

    /// - Parameters:
    ///   - cost: segment costs (O(1) each from prefix sums).
    ///   - penalty: `beta`, the cost of one change point.
    ///   - minimumSegmentLength: `m >= 1`.
    /// - Returns: the minimiser; ties go to the earliest last change point.
    /// - Complexity: expected O(n) cost evaluations when the number of change points grows
    ///   linearly with `n` (Killick et al. 2012, Theorem 3.2), and with MBIC also on long
    ///   homogeneous stretches; O(n^2) in the worst case. O(n) memory.
    public static func segment(
        cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1, pruning: Pruning = .standard
    ) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        let k = pruning == .standard ? 0 : cost.exactPruningConstant
        if cost.dimensions == 1 && cost.model == .mean {
            return meanKernel(cost, penalty, m, k)
        }
        var f = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        f[0] = -penalty
        var candidates: [Int] = []
        var killedAt: [Int] = []
        var values: [Double] = []
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

    /// The same recursion for the univariate change in mean, with the candidates' `F(tau)` and prefix
    /// sums held contiguously (structure of arrays) and `log(n_j)` from a table.
    static func meanKernel(_ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, _ k: Double) -> Segmentation {
        let n = cost.count
        let lengthTerm = cost.segmentLengthTerm
        var logTable = [Double](repeating: 0, count: lengthTerm ? n + 1 : 1)
        if lengthTerm { for i in 1...n { logTable[i] = log(Double(i)) } }
        var f = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        f[0] = -penalty
        var capacity = 64
        var cTau = [Int](repeating: 0, count: capacity)
        var cF = [Double](repeating: 0, count: capacity)
        var cS1 = [Double](repeating: 0, count: capacity)
        var cS2 = [Double](repeating: 0, count: capacity)
        var cKill = [Int](repeating: 0, count: capacity)
        var cVal = [Double](repeating: 0, count: capacity)
        var count = 0
        cost.s1.withUnsafeBufferPointer { s1 in
            cost.s2.withUnsafeBufferPointer { s2 in
                logTable.withUnsafeBufferPointer { lg in
                    for t in m...n {
                        let fresh = t - m
                        if fresh == 0 || fresh >= m {
                            if count == capacity {
                                capacity *= 2
                                cTau += [Int](repeating: 0, count: capacity - cTau.count)
                                cF += [Double](repeating: 0, count: capacity - cF.count)
                                cS1 += [Double](repeating: 0, count: capacity - cS1.count)
                                cS2 += [Double](repeating: 0, count: capacity - cS2.count)
                                cKill += [Int](repeating: 0, count: capacity - cKill.count)
                                cVal += [Double](repeating: 0, count: capacity - cVal.count)
                            }
                            cTau[count] = fresh
                            cF[count] = f[fresh]
                            cS1[count] = s1[fresh]
                            cS2[count] = s2[fresh]
                            cKill[count] = Int.max
                            count += 1
                        }
                        let a1 = s1[t], a2 = s2[t]
                        var best = Double.infinity
                        var arg = 0
                        cTau.withUnsafeMutableBufferPointer { tau in
                            cF.withUnsafeMutableBufferPointer { fv in
                                cS1.withUnsafeMutableBufferPointer { p1 in
                                    cS2.withUnsafeMutableBufferPointer { p2 in
                                        cVal.withUnsafeMutableBufferPointer { val in
                                            cKill.withUnsafeMutableBufferPointer { kill in
                                                for i in 0..<count {
                                                    let len = t - tau[i]
                                                    let d1 = a1 - p1[i]
                                                    var v = fv[i] + max(a2 - p2[i] - d1 * d1 / Double(len), 0)
                                                    if lengthTerm { v += lg[len] }
                                                    val[i] = v
                                                    if v < best { best = v; arg = tau[i] }
                                                }
                                                let limit = best + penalty - k
                                                var w = 0
                                                for i in 0..<count {
                                                    var kl = kill[i]
                                                    if kl == Int.max && val[i] > limit { kl = t }
                                                    if kl == Int.max || t + 1 < kl + m {
                                                        tau[w] = tau[i]; fv[w] = fv[i]; p1[w] = p1[i]; p2[w] = p2[i]
                                                        kill[w] = kl
                                                        w += 1
                                                    }
                                                }
                                                count = w
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        f[t] = best + penalty
                        last[t] = arg
                    }
                }
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
