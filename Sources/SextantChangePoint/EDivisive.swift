import Foundation
import SextantNumerics

/// E-divisive means (Matteson and James 2014, "A nonparametric approach for multiple change point
/// analysis of multivariate data", JASA 109(505):334-345), univariate, with `alpha = 1`.
///
/// For a split of a segment into `X` (size `p`) and `Y` (size `q`) the divergence is
/// `Q(X, Y) = pq/(p+q) * [2/(pq) sum|X_i - Y_j| - 2/(p(p-1)) sum_{i<k}|X_i - X_k| - 2/(q(q-1)) sum_{j<k}|Y_j - Y_k|]`.
/// Each step splits the segment whose best `tau` has the largest `Q`; the split is kept when the
/// permutation test (observations permuted within the current segments, `R` permutations) gives
/// `p = (1 + #{Q_perm >= Q}) / (R + 1) <= alpha`, as in the paper's section 3.2.
/// As in MongoDB's and Hunter's implementations, the right end of the `Y` part is the segment end
/// (the paper also maximises over that end, `kappa`); this makes each scan O(w log w).
public enum EDivisive {
    /// One accepted change point with its permutation p-value.
    public struct Split: Sendable, Hashable {
        public var index: Int
        public var statistic: Double
        public var pValue: Double
    }

    /// - Parameters:
    ///   - significance: the permutation test's level (ecp's `sig.lvl`, default 0.05).
    ///   - permutations: `R` (ecp's default 199).
    ///   - minimumSegmentLength: smallest segment (ecp's `min.size`, default 30).
    ///   - seed: seeds the permutations, so results are reproducible.
    /// - Complexity: O((R + 1) k n log n) for `k` change points: each scan of a segment of length
    ///   `w` costs O(w log w) with Fenwick trees over ranks. O(n) memory.
    public static func segment(
        _ x: [Double], significance: Double = 0.05, permutations: Int = 199,
        minimumSegmentLength: Int = 30, seed: UInt64 = 0x5E57A47
    ) -> [Split] {
        let n = x.count
        let m = max(2, minimumSegmentLength)
        guard n >= 2 * m else { return [] }
        var rng = SeededGenerator(seed: seed)
        var bounds = [0, n]
        var found: [Split] = []
        var work = x
        while true {
            guard let best = bestOverSegments(x, bounds, m) else { break }
            var exceed = 0
            for _ in 0..<permutations {
                work = x
                for b in 0..<(bounds.count - 1) {
                    work[bounds[b]..<bounds[b + 1]].shuffle(using: &rng)
                }
                if let q = bestOverSegments(work, bounds, m)?.q, q >= best.q { exceed += 1 }
            }
            let p = Double(1 + exceed) / Double(permutations + 1)
            guard p <= significance else { break }
            found.append(Split(index: best.tau, statistic: best.q, pValue: p))
            bounds.append(best.tau)
            bounds.sort()
        }
        return found.sorted { $0.index < $1.index }
    }

    static func bestOverSegments(_ x: [Double], _ bounds: [Int], _ m: Int) -> (tau: Int, q: Double)? {
        var result: (tau: Int, q: Double)?
        for b in 0..<(bounds.count - 1) {
            if let c = bestSplit(x, bounds[b], bounds[b + 1], m), result == nil || c.q > result!.q {
                result = c
            }
        }
        return result
    }

    /// The `tau` in `[s + m, e - m]` maximising `Q(x[s..<tau], x[tau..<e])`.
    /// - Complexity: O(w log w) for `w = e - s`.
    static func bestSplit(_ x: [Double], _ s: Int, _ e: Int, _ m: Int) -> (tau: Int, q: Double)? {
        let w = e - s
        guard w >= 2 * m else { return nil }
        // Ranks of the segment's values (ties share no special treatment: |a - b| = 0 either way).
        let order = (0..<w).sorted { x[s + $0] < x[s + $1] }
        var rank = [Int](repeating: 0, count: w)
        for (r, i) in order.enumerated() { rank[i] = r }
        var within = [Double](repeating: 0, count: w + 1)  // within[t] = sum_{s<=i<k<s+t} |x_i - x_k|
        var fenwickCount = [Int](repeating: 0, count: w + 1)
        var fenwickSum = [Double](repeating: 0, count: w + 1)
        func sumAbs(_ value: Double, _ r: Int, _ inserted: Int, _ insertedSum: Double) -> Double {
            var c = 0, sm = 0.0, i = r  // prefix over ranks < r
            while i > 0 { c += fenwickCount[i]; sm += fenwickSum[i]; i -= i & (-i) }
            let above = Double(inserted - c), aboveSum = insertedSum - sm
            return value * Double(c) - sm + aboveSum - value * above
        }
        func insert(_ value: Double, _ r: Int) {
            var i = r + 1
            while i <= w { fenwickCount[i] += 1; fenwickSum[i] += value; i += i & (-i) }
        }
        var total = 0.0
        for t in 0..<w {
            let v = x[s + t]
            within[t + 1] = within[t] + sumAbs(v, rank[t], t, total)
            insert(v, rank[t])
            total += v
        }
        var right = [Double](repeating: 0, count: w + 1)  // right[t] = sum over pairs in [s+t, e)
        fenwickCount = [Int](repeating: 0, count: w + 1)
        fenwickSum = [Double](repeating: 0, count: w + 1)
        total = 0
        var t = w - 1
        while t >= 0 {
            let v = x[s + t]
            right[t] = right[t + 1] + sumAbs(v, rank[t], w - 1 - t, total)
            insert(v, rank[t])
            total += v
            t -= 1
        }
        let all = within[w]
        var best = -Double.infinity, arg = -1
        for tau in m...(w - m) {
            let p = Double(tau), q = Double(w - tau)
            let wx = within[tau], wy = right[tau]
            let cross = all - wx - wy
            var value = 2 / Double(w) * cross
            if tau > 1 { value -= 2 * q / (Double(w) * (p - 1)) * wx }
            if w - tau > 1 { value -= 2 * p / (Double(w) * (q - 1)) * wy }
            if value > best { best = value; arg = tau }
        }
        return arg < 0 ? nil : (s + arg, best)
    }
}
