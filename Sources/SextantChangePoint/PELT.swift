import Foundation
internal import _ChangePointKernels

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
///   `F(tau) + RSS(tau, s) > F(s)`). From the earlier candidates `r`, `tau` keeps one exclusion
///   interval, covered by the open sets `{mu : q_r(mu) < q_tau(mu)}` (the connected part of their
///   union that contains the current segment's mean, when `tau` becomes feasible), and it is dropped
///   when its interval lies inside it. With MBIC, `r`'s handicap `log(t - r) - log(t - tau)` shrinks
///   as `t` grows, so these sets grow: each candidate's exclusions are recomputed at ages
///   `8m, 32m, 128m, ...`, and its interval is trimmed by the covered ends (or the candidate dropped
///   when all of it is covered). Both are subsets of FPOP's exclusions, so pruning stays exact; the
///   refresh halves the candidates kept under MBIC on piecewise-constant data.
/// - Implementation, univariate mean: a C kernel (`Sources/_ChangePointKernels/pelt_mean.c`) keeps the
///   candidates as structure-of-arrays and processes four at a time with clang's vector extensions,
///   in one pass per step that prunes with the new candidate and takes the minimum for `F(t)`; AVX2
///   code where the CPU has it, otherwise portable code with bit-identical results (no fused
///   multiply-add). `log(n_j)` comes from a table extended on demand.
public enum PELT {
    /// - Parameters:
    ///   - cost: segment costs (O(1) each from prefix sums).
    ///   - penalty: `beta`, the cost of one change point.
    ///   - minimumSegmentLength: `m >= 1`.
    /// - Returns: the minimiser; ties go to the earliest last change point.
    /// - Complexity: univariate mean: O(n K) for `K` candidates kept per step, `K = O(log n)` expected
    ///   on piecewise-constant signals (Maidstone et al. 2017; about 8 with MBIC and 7 with BIC on
    ///   signals with segments of ~1000 points), plus O(log n) refreshes per step in the worst case
    ///   (0.13 per step on such signals); general costs: expected O(n) cost evaluations when the
    ///   number of change points grows linearly with `n` (Killick et al. 2012, Theorem 3.2). O(n^2)
    ///   worst case, O(n) memory. Univariate change in level and slope: exact PELT, O(n L) for
    ///   segments of length L, up to ``exactLinearLimit`` points; beyond, the coarse-to-fine
    ///   approximation ``linearCoarseToFine(_:_:_:limit:)``, whose work is bounded by the exact
    ///   search's at ``exactLinearLimit`` points plus O(k) per level for `k` change points.
    public static func segment(cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1) -> Segmentation {
        let n = cost.count
        let m = max(1, minimumSegmentLength)
        guard n >= 2 * m, n >= 2 else {
            return Segmentation(changePoints: [], objective: n > 0 ? cost.cost(0, n) : 0)
        }
        if cost.dimensions == 1 && cost.model == .mean {
            return meanKernel(cost, penalty, m)
        }
        if cost.dimensions == 1 && cost.model == .linear {
            if n <= exactLinearLimit { return linearKernelRun(cost, penalty, m, recordF: false).segmentation }
            return linearCoarseToFine(cost, penalty, m).segmentation
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

    /// The univariate change in mean with functional (interval) pruning: the C kernel
    /// `sextant_pelt_mean` (`Sources/_ChangePointKernels/pelt_mean.c`), four candidates at a time.
    static func meanKernel(_ cost: NormalSegmentCost, _ penalty: Double, _ m: Int) -> Segmentation {
        // A non-finite value makes every prefix sum from there on non-finite: no optimum exists.
        guard let a = cost.s1.last, let b = cost.s2.last, a.isFinite, b.isFinite else {
            return Segmentation(changePoints: [], objective: .nan)
        }
        return meanKernelWithStatistics(cost, penalty, m).segmentation
    }

    /// Work done by the change-in-mean kernel (for benchmarks).
    public struct KernelStatistics: Sendable {
        /// Candidates evaluated per step (the sum over steps of the candidates kept, divided by `n`).
        public var candidatesPerStep: Double
        /// MBIC exclusion refreshes per step.
        public var refreshesPerStep: Double
        /// `"avx2"` or `"portable"`: the vector code path the CPU selected.
        public var vectorPath: String
    }

    /// ``segment(cost:penalty:minimumSegmentLength:)`` for a univariate change in mean, with the
    /// kernel's work counters; `nil` for other costs, `n < 2m` or non-finite values.
    /// - Complexity: as ``segment(cost:penalty:minimumSegmentLength:)``.
    public static func segmentMeanWithStatistics(
        cost: NormalSegmentCost, penalty: Double, minimumSegmentLength: Int = 1
    ) -> (segmentation: Segmentation, statistics: KernelStatistics)? {
        let m = max(1, minimumSegmentLength)
        guard cost.dimensions == 1, cost.model == .mean, cost.count >= 2 * m, cost.count >= 2,
              cost.s1.last?.isFinite == true, cost.s2.last?.isFinite == true
        else { return nil }
        return meanKernelWithStatistics(cost, penalty, m)
    }

    static func meanKernelWithStatistics(
        _ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, portableOnly: Bool = false
    ) -> (segmentation: Segmentation, statistics: KernelStatistics) {
        let run = meanKernelRun(cost, penalty, m, portableOnly: portableOnly, recordF: false)
        return (run.segmentation, run.statistics)
    }

    /// - Parameters:
    ///   - portableOnly: run the portable vector code even where AVX2 is available (tests).
    ///   - recordF: also return `F(0...n)`, the optimal cost of every prefix (tests check it against
    ///     the optimal-partitioning recursion at every `t`, which exposes a wrongly pruned candidate
    ///     even when the final segmentation does not change).
    static func meanKernelRun(
        _ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, portableOnly: Bool, recordF: Bool
    ) -> (segmentation: Segmentation, statistics: KernelStatistics, f: [Double]) {
        let n = cost.count
        // 32-bit back-pointers: half the memory of the one O(n) array the kernel writes (40 MB
        // instead of 80 at 1e7 points); a series of 2^31 points would need 32 GiB of prefix sums.
        precondition(n < Int(Int32.max), "PELT: \(n) points is more than the kernel's 32-bit positions hold")
        var last = [Int32](repeating: 0, count: n + 1)
        var f = [Double](repeating: 0, count: recordF ? n + 1 : 0)
        var stats = sextant_pelt_stats()
        let objective = withPrefixSums(cost) { s1, s2, _ in
            last.withUnsafeMutableBufferPointer { lastBuffer in
                f.withUnsafeMutableBufferPointer { fBuffer in
                    sextant_pelt_mean(s1, s2, n, m, penalty, cost.segmentLengthTerm ? 1 : 0, portableOnly ? 1 : 0,
                                      lastBuffer.baseAddress!, recordF ? fBuffer.baseAddress : nil, &stats)
                }
            }
        }
        precondition(stats.outOfMemory == 0, "PELT: out of memory for n = \(n)")
        let statistics = KernelStatistics(
            candidatesPerStep: stats.candidateSteps / Double(n),
            refreshesPerStep: stats.refreshes / Double(n),
            vectorPath: stats.vectorISA == 2 ? "avx2" : "portable")
        return (Segmentation(changePoints: backtrack(last, n), objective: objective), statistics, f)
    }

    /// The univariate change in level and slope: the C kernel `sextant_pelt_linear`
    /// (`Sources/_ChangePointKernels/pelt_linear.c`), PELT's pruning rule (no functional pruning:
    /// the later candidates' constraints on a line's level and slope are ellipses, and their
    /// intersection test alone halved the candidates kept on the benchmark signal, not enough).
    /// ``segment(cost:penalty:minimumSegmentLength:)`` uses it up to ``exactLinearLimit`` points.
    /// - Parameter recordF: also return `F(0...n)` (tests check it against optimal partitioning).
    /// - Returns: the segmentation, the candidates evaluated per step, and `F` if recorded.
    static func linearKernelRun(
        _ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, recordF: Bool
    ) -> (segmentation: Segmentation, candidatesPerStep: Double, f: [Double]) {
        let n = cost.count
        guard let a = cost.s1.last, let b = cost.s2.last, let c = cost.s3.last, a.isFinite, b.isFinite, c.isFinite else {
            return (Segmentation(changePoints: [], objective: .nan), 0, [])
        }
        var last = [Int](repeating: 0, count: n + 1)
        var f = [Double](repeating: 0, count: recordF ? n + 1 : 0)
        var steps = 0.0
        let objective = withKernelBuffers(cost, &last, &f, recordF: recordF) { p1, p2, p3, lastOut, fOut in
            sextant_pelt_linear(p1, p2, p3!, n, m, penalty, cost.segmentLengthTerm ? 1 : 0, lastOut, fOut, &steps)
        }
        precondition(!objective.isNaN, "PELT: out of memory for n = \(n)")
        return (Segmentation(changePoints: backtrack(last, n), objective: objective), steps / Double(n), f)
    }

    /// The longest univariate linear series searched exactly: 2^11 points. The exact search costs
    /// O(n L) segment costs for segments of length L, O(n^2) on a series without a change; at 2^11
    /// points that worst case is 2.1e6 costs (about 20 ms here), and the coarse level of the longer
    /// series' search is held to the same bound, so no series costs the linear class more than that
    /// plus O(k) per level. Every annotated series the defaults are validated on (TCPD: at most 675
    /// points) and every history of the gate's validation (at most 1277 runs) is below it, so their
    /// results are those of the exact search, bit for bit.
    public static let exactLinearLimit = 1 << 11

    /// The linear class on series longer than ``exactLinearLimit``: coarse-to-fine search, an
    /// approximation of the exact optimum in the manner of Lu, Banerjee and Michailidis (2017,
    /// "Intelligent sampling for multiple change-points in exceedingly long time series with rate
    /// guarantees", arXiv:1710.07420) and Li, Wang and Rinaldo's divide-and-conquer dynamic
    /// programming (2023, arXiv:2301.10942): pilot estimates on a coarse grid, then exact
    /// re-optimisation in neighbourhoods of them.
    ///
    /// 1. Coarse: the exact penalised optimum (same cost, penalty and MBIC length term) over the
    ///    segmentations whose change points lie on the grid of multiples of `b`, the smallest power
    ///    of two with `n / b <= exactLinearLimit`. Segment costs are those of the original points
    ///    (prefix sums), not of block means, so this is the true objective on a restricted set.
    /// 2. Fine: while `b > 1`, `b' = b / 2` (bisection), and the exact optimum over change points on
    ///    the grid of `b'` within `8b` of a change point of the previous level (a superset of it, so
    ///    the objective never rises from one level to the next); the last level has `b' = 1`. The
    ///    neighbourhood is wide rather than tight: a weak change (a small kink) is located by the
    ///    coarse fit only to within several grid steps, and 33 nodes per change point and level are
    ///    cheap next to the coarse level.
    ///
    /// Each level is PELT over its node set (`sextant_pelt_linear_nodes`, exact within the set). The
    /// result equals the exact optimum whenever every optimal change point is within `8b` of one of
    /// the coarse level's (and so on down): changes whose segments are shorter than about `b` or
    /// too weak to move the coarse fit can be missed. docs/changepoints.md reports how often the
    /// objective and the change points differ from the exact search on synthetic series.
    /// - Complexity: coarse level O((n / b) K_b) with `K_b <= min(L / b, n / b)` candidates per node,
    ///   so at most the exact search's worst case at ``exactLinearLimit`` points; each finer level
    ///   O(k^2) at most for `k` change points (33 nodes per change point, candidates pruned at the
    ///   next change), about O(k) in practice; log_2(n / exactLinearLimit) + 1 levels. O(n) memory.
    /// - Parameter limit: the coarse grid's size bound (``exactLinearLimit``; tests use smaller ones).
    static func linearCoarseToFine(_ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, limit: Int = exactLinearLimit)
        -> (segmentation: Segmentation, candidateSteps: Double)
    {
        let n = cost.count
        guard let a = cost.s1.last, let c = cost.s2.last, let d = cost.s3.last, a.isFinite, c.isFinite, d.isFinite else {
            return (Segmentation(changePoints: [], objective: .nan), 0)
        }
        var b = 1
        while n / b > limit { b *= 2 }
        var nodes = Array(stride(from: b, through: n - m, by: b)).filter { $0 >= m }
        var result = linearNodes(cost, penalty, m, nodes)
        var steps = result.candidateSteps
        while b > 1 {
            let fine = b / 2
            nodes.removeAll(keepingCapacity: true)
            for c in result.segmentation.changePoints {
                for p in stride(from: c - 8 * b, through: c + 8 * b, by: fine) where p >= m && p <= n - m {
                    if let l = nodes.last, p <= l { continue }
                    nodes.append(p)
                }
            }
            result = linearNodes(cost, penalty, m, nodes)
            steps += result.candidateSteps
            b = fine
        }
        return (result.segmentation, steps)
    }

    /// The exact penalised optimum over change points in `nodes` (sorted, distinct, in
    /// `[m, n - m]`): the C kernel `sextant_pelt_linear_nodes`.
    /// - Complexity: O(|nodes| K) for `K` candidates kept per node.
    static func linearNodes(_ cost: NormalSegmentCost, _ penalty: Double, _ m: Int, _ nodes: [Int])
        -> (segmentation: Segmentation, candidateSteps: Double)
    {
        let n = cost.count
        var out = [Int](repeating: 0, count: max(1, nodes.count))
        var objective = 0.0
        var steps = 0.0
        let count = withPrefixSums(cost) { p1, p2, p3 in
            nodes.withUnsafeBufferPointer { pos in
                out.withUnsafeMutableBufferPointer { o in
                    sextant_pelt_linear_nodes(p1, p2, p3!, n, m, penalty, cost.segmentLengthTerm ? 1 : 0,
                                              pos.baseAddress, nodes.count, o.baseAddress!, &objective, &steps)
                }
            }
        }
        precondition(count >= 0, "PELT: out of memory for n = \(n)")
        return (Segmentation(changePoints: Array(out.prefix(count)), objective: objective), steps)
    }

    /// The prefix sums `s1`, `s2`, `s3` of `cost` as the C kernels' input pointers (`s3` nil unless
    /// the model is linear): the one place the kernels' inputs are opened.
    static func withPrefixSums<R>(
        _ cost: NormalSegmentCost,
        _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>?) -> R
    ) -> R {
        cost.s1.withUnsafeBufferPointer { p1 in
            cost.s2.withUnsafeBufferPointer { p2 in
                cost.s3.withUnsafeBufferPointer { p3 in body(p1.baseAddress!, p2.baseAddress!, p3.baseAddress) }
            }
        }
    }

    /// ``withPrefixSums(_:_:)`` plus the kernels' outputs: `last` (the last change point before each
    /// `t`) and, when `recordF`, `f` (the optimal cost of every prefix; nil otherwise).
    static func withKernelBuffers<R>(
        _ cost: NormalSegmentCost, _ last: inout [Int], _ f: inout [Double], recordF: Bool,
        _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>?, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Double>?) -> R
    ) -> R {
        withPrefixSums(cost) { p1, p2, p3 in
            last.withUnsafeMutableBufferPointer { lastBuffer in
                f.withUnsafeMutableBufferPointer { fBuffer in
                    body(p1, p2, p3, lastBuffer.baseAddress!, recordF ? fBuffer.baseAddress : nil)
                }
            }
        }
    }

    static func backtrack<I: BinaryInteger>(_ last: [I], _ n: Int) -> [Int] {
        var cps: [Int] = []
        var t = n
        while t > 0 {
            let tau = Int(last[t])
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
