import Foundation

/// Pruned Exact Linear Time search for the optimal segmentation (Killick, Fearnhead and Eckley 2012,
/// "Optimal detection of changepoints with a linear computational cost", JASA 107(500):1590-1598),
/// with functional pruning for the univariate change in mean (Maidstone, Hocking, Rigaill and
/// Fearnhead 2017, "On optimal multiple changepoint algorithms for large data", Statistics and
/// Computing 27:519-533).
///
/// Minimises `sum_j C(segment_j) + k * penalty` over all segmentations whose segments have at least
/// `minimumSegmentLength` points, by the optimal-partitioning recursion
/// `F(t) = min_{tau} F(tau) + C(tau, t) + beta` (Jackson et al. 2005), keeping only candidates `tau`
/// that can still be optimal. The result is exactly optimal (property tests compare it with
/// ``OptimalPartitioning``); pruning only saves time.
///
/// - Pruning, general costs (mean and variance, several dimensions): `tau` is dropped at `t` when
///   `F(tau) + C(tau, t) - L(tau, t) > F(t)` (Theorem 3.1 with `K = 0`), where `L` is MBIC's
///   `log(t - tau)` term (0 otherwise): the path through `t` pays `log(T - t) < log(T - tau)` later,
///   so the term may be left out of the comparison, and only out of it. R's `changepoint` keeps the
///   term in, which prunes more but is not exact. With a minimum segment length `m` a pruned `tau`
///   is kept `m - 1` more steps, until the dominating path through `t` is feasible.
/// - Pruning, univariate mean: the last segment's cost as a function of its mean `mu`,
///   `q_tau(mu) = F(tau) + beta + sum_{i >= tau} (y_i - mu)^2`, is compared with that of every later
///   candidate `s`; `q_tau <= q_s` exactly on the interval
///   `{mu : F(tau) + sum_{tau <= i < s} (y_i - mu)^2 <= F(s)}`, which does not change with time (MBIC's
///   `log(T - tau) - log(T - s) > 0` only adds to `tau`'s disadvantage). `tau` keeps the intersection of
///   these intervals and is dropped when it is empty: no mean is left for which it could be best.
///   This is FPOP's rule restricted to later candidates (a superset of FPOP's sets, so it prunes a
///   little less but stays exact), and it subsumes PELT's rule (an interval is empty exactly when
///   `F(tau) + RSS(tau, s) > F(s)`).
public enum PELT {
    /// - Parameters:
    ///   - cost: segment costs (O(1) each from prefix sums).
    ///   - penalty: `beta`, the cost of one change point.
    ///   - minimumSegmentLength: `m >= 1`.
    /// - Returns: the minimiser; ties go to the earliest last change point.
    /// - Complexity: univariate mean: O(n log n) expected on piecewise-constant signals (FPOP keeps
    ///   O(log n) candidates); general costs: expected O(n) cost evaluations when the number of
    ///   change points grows linearly with `n` (Killick et al. 2012, Theorem 3.2). O(n^2) worst case,
    ///   O(n) memory.
    public static func segment(cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        if cost.dimensions == 1 && cost.model == .mean {
            return meanKernel(cost, penalty, m)
        }
        let lengthTerm = cost.segmentLengthTerm
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
                    values.append(lengthTerm ? v - log(Double(t - tau)) : v)
                    if v < best { best = v; arg = tau }
                }
                f[t] = best + penalty
                last[t] = arg
                // Prune: mark dominated candidates, drop those whose grace period is over.
                var w = 0
                for i in 0..<candidates.count {
                    var kill = killedAt[i]
                    if kill == Int.max && values[i] > best + penalty {
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

    /// The univariate change in mean with functional (interval) pruning; the candidates' `F(tau)`,
    /// prefix sums and intervals are held contiguously (structure of arrays), `log(n_j)` comes from a
    /// table. Raw buffers and no captured variables keep the loop free of exclusivity checks.
    static func meanKernel(_ cost: NormalSegmentCost, _ penalty: Double, _ m: Int) -> Segmentation {
        cost.s1.withUnsafeBufferPointer { s1 in
            cost.s2.withUnsafeBufferPointer { s2 in
                meanKernel(s1.baseAddress!, s2.baseAddress!, cost.count, m, penalty, cost.segmentLengthTerm)
            }
        }
    }

    /// Candidate storage: seven parallel arrays in one allocation, grown by doubling.
    struct CandidateBuffer {
        var capacity: Int
        var tau: UnsafeMutablePointer<Int>
        var block: UnsafeMutablePointer<Double>  // f, s1, s2, lo, hi, exA, exB: 7 * capacity
        init(capacity: Int) {
            self.capacity = capacity
            tau = .allocate(capacity: capacity)
            block = .allocate(capacity: 7 * capacity)
        }
        func free() { tau.deallocate(); block.deallocate() }
        mutating func grow(keeping count: Int) {
            let bigger = CandidateBuffer(capacity: capacity * 2)
            bigger.tau.update(from: tau, count: count)
            for k in 0..<7 { (bigger.block + k * bigger.capacity).update(from: block + k * capacity, count: count) }
            free()
            self = bigger
        }
    }

    static func meanKernel(
        _ s1: UnsafePointer<Double>, _ s2: UnsafePointer<Double>, _ n: Int, _ m: Int, _ penalty: Double, _ lengthTerm: Bool
    ) -> Segmentation {
        let lg = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        defer { lg.deallocate() }
        lg[0] = 0
        if lengthTerm { for i in 1...n { lg[i] = log(Double(i)) } } else { for i in 1...n { lg[i] = 0 } }
        let f = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        defer { f.deallocate() }
        f.initialize(repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        f[0] = -penalty
        var buffer = CandidateBuffer(capacity: 256)
        defer { buffer.free() }
        var scratchCapacity = 256
        var scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * scratchCapacity)
        defer { scratch.deallocate() }
        var count = 0
        let logFresh = lengthTerm ? lg[m] : 0
        for t in m...n {
            let fresh = t - m
            if fresh == 0 || fresh >= m {
                if count + 1 >= buffer.capacity { buffer.grow(keeping: count) }
                let cap = buffer.capacity
                let tau = buffer.tau, fv = buffer.block, p1 = fv + cap, p2 = fv + 2 * cap
                let lo = fv + 3 * cap, hi = fv + 4 * cap, exA = fv + 5 * cap, exB = fv + 6 * cap
                let fs = f[fresh], b1 = s1[fresh], b2 = s2[fresh]
                // Tolerance for rounding in the prefix sums: never prune on a near-tie.
                let slack = 1e-9 * (1 + abs(fs) + abs(b2 - s2[0]))
                // The new candidate `fresh` is now feasible.
                // (1) Every older candidate's interval is intersected with {mu : q_tau(mu) <= q_fresh(mu)}.
                // (2) `fresh` can only be best outside the means where an older candidate beats it now
                //     (its MBIC advantage log(T - r) - log(T - fresh) only shrinks later).
                // Scratch for the exclusion intervals of (2), indexed like the candidates before compaction.
                if scratchCapacity < count {
                    scratch.deallocate()
                    scratchCapacity = buffer.capacity
                    scratch = .allocate(capacity: 2 * scratchCapacity)
                }
                let xs = scratch, xe = scratch + scratchCapacity
                let oldCount = count
                // `fresh` keeps one exclusion interval: the connected part of the union that contains
                // the current segment's mean `muStar` (where its future competitors will be), else the
                // widest; pass 1 collects the intervals that contain `muStar`.
                let lastStart = last[t - 1]
                let muStar = t - 1 > lastStart ? (s1[t - 1] - s1[lastStart]) / Double(t - 1 - lastStart) : 0
                var ea = Double.infinity, eb = -Double.infinity
                // Pass 1, branch-free (the sqrt/div chains of successive candidates overlap):
                // the new intervals of (1) go to lo/hi in place (empty: lo = +inf, hi = -inf), the
                // exclusion intervals of (2) to xs/xe.
                for i in 0..<count {
                    let ti = tau[i]
                    let a = Double(fresh - ti), ia = 1 / a
                    let d1 = b1 - p1[i], d2 = b2 - p2[i]
                    let c = d1 * ia, base = d1 * d1 - a * d2
                    let discE = base + a * (fs - fv[i] + (logFresh - lg[t - ti]) - slack)
                    let rE = Swift.max(discE, 0).squareRoot() * ia
                    let hasE = discE > 0
                    let xsi = hasE ? c - rE : 0, xei = hasE ? c + rE : 0
                    xs[i] = xsi
                    xe[i] = xei
                    let inside = xsi < muStar && muStar < xei
                    ea = Swift.min(ea, inside ? xsi : .infinity)
                    eb = Swift.max(eb, inside ? xei : -.infinity)
                    let disc = base - a * (fv[i] - fs - slack)
                    let r = Swift.max(disc, 0).squareRoot() * ia
                    let l = Swift.max(lo[i], c - r), h = Swift.min(hi[i], c + r)
                    let keep = disc >= 0 && l <= h && !(exA[i] < l && h < exB[i])
                    lo[i] = keep ? l : .infinity
                    hi[i] = keep ? h : -.infinity
                }
                // Pass 2: compact the survivors in place.
                var w = 0
                for i in 0..<count where lo[i] <= hi[i] {
                    if w != i {
                        tau[w] = tau[i]; fv[w] = fv[i]; p1[w] = p1[i]; p2[w] = p2[i]
                        lo[w] = lo[i]; hi[w] = hi[i]; exA[w] = exA[i]; exB[w] = exB[i]
                    }
                    w += 1
                }
                if ea < eb {
                    for _ in 0..<2 {
                        for i in 0..<oldCount {
                            let touches = xs[i] < xe[i] && xs[i] < eb && ea < xe[i]
                            ea = Swift.min(ea, touches ? xs[i] : .infinity)
                            eb = Swift.max(eb, touches ? xe[i] : -.infinity)
                        }
                    }
                } else {
                    ea = 0; eb = 0
                    for i in 0..<oldCount where xe[i] - xs[i] > eb - ea { ea = xs[i]; eb = xe[i] }
                }
                count = w
                tau[count] = fresh; fv[count] = fs; p1[count] = b1; p2[count] = b2
                lo[count] = -.infinity; hi[count] = .infinity; exA[count] = ea; exB[count] = eb
                count += 1
            }
            let cap = buffer.capacity
            let tau = buffer.tau, fv = buffer.block, p1 = fv + cap, p2 = fv + 2 * cap
            let a1 = s1[t], a2 = s2[t]
            var best = Double.infinity
            var arg = 0
            for i in 0..<count {
                let len = t - tau[i]
                let d1 = a1 - p1[i]
                let v = fv[i] + max(a2 - p2[i] - d1 * d1 / Double(len), 0) + lg[len]
                if v < best { best = v; arg = tau[i] }
            }
            f[t] = best + penalty
            last[t] = arg
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
