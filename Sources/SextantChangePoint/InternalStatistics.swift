import Foundation

// Minimal private statistics for this module. SextantNumerics (issue 2) was being written
// concurrently; these few functions keep SextantChangePoint self-contained and are checked against
// scipy reference values in the tests.

enum Stat {
    static func mean(_ x: ArraySlice<Double>) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// Sample variance with `ddof` degrees of freedom removed (1: unbiased, 0: population).
    static func variance(_ x: ArraySlice<Double>, ddof: Int = 1) -> Double {
        guard x.count > ddof else { return .nan }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(x.count - ddof)
    }

    /// Median (average of the two middle order statistics for even counts), by selection on a copy.
    /// - Complexity: O(n) expected.
    static func median(_ x: ArraySlice<Double>) -> Double {
        guard !x.isEmpty else { return .nan }
        guard !x.contains(where: \.isNaN) else { return .nan }  // selection needs a total order
        var a = Array(x)
        let n = a.count, h = n / 2
        return a.withUnsafeMutableBufferPointer { p in
            select(p, h)
            if n % 2 == 1 { return p[h] }
            var below = p[0]  // the largest of p[0..<h], all <= p[h]: the order statistic h - 1
            for i in 1..<h { below = Swift.max(below, p[i]) }
            return 0.5 * (below + p[h])
        }
    }

    /// Rearranges `p` so that `p[k]` is its `k`-th smallest element, `p[..<k] <= p[k] <= p[(k+1)...]`
    /// (Hoare's FIND, 1961, with a median-of-three pivot).
    /// - Complexity: O(n) expected.
    static func select(_ p: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var lo = 0, hi = p.count - 1
        while hi > lo {
            if hi - lo < 16 {
                for i in (lo + 1)...hi {
                    let v = p[i]
                    var j = i - 1
                    while j >= lo && v < p[j] { p[j + 1] = p[j]; j -= 1 }
                    p[j + 1] = v
                }
                return
            }
            let mid = lo + (hi - lo) / 2
            if p[mid] < p[lo] { p.swapAt(mid, lo) }
            if p[hi] < p[lo] { p.swapAt(hi, lo) }
            if p[hi] < p[mid] { p.swapAt(hi, mid) }
            let pivot = p[mid]
            var i = lo, j = hi
            while i <= j {
                while p[i] < pivot { i += 1 }
                while pivot < p[j] { j -= 1 }
                if i <= j { p.swapAt(i, j); i += 1; j -= 1 }
            }
            // p[lo...j] <= pivot <= p[i...hi]; between them every element equals the pivot.
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// Median absolute deviation scaled by 1.482602218505602 (= 1 / Phi^-1(3/4)) to estimate a
    /// normal standard deviation.
    static func mad(_ x: ArraySlice<Double>) -> Double {
        let med = median(x)
        return 1.482602218505602 * median(ArraySlice(x.map { abs($0 - med) }))
    }

    /// Regularised incomplete beta `I_x(a, b)` by the continued fraction of DLMF 8.17.22 (modified
    /// Lentz), using the symmetry `I_x(a, b) = 1 - I_{1-x}(b, a)` for convergence.
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
        let lbeta = lgamma(a + b) - lgamma(a) - lgamma(b)
        let front = exp(lbeta + a * log(x) + b * log1p(-x)) / a
        let tiny = 1e-300
        var f = 1.0, c = 1.0, d = 0.0
        for i in 0...400 {
            let m = Double(i / 2)
            let num: Double
            if i == 0 {
                num = 1
            } else if i % 2 == 0 {
                num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
            } else {
                num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
            }
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            let cd = c * d
            f *= cd
            if abs(1 - cd) < 1e-15 { break }
        }
        return front * (f - 1)
    }

    /// Two-sided tail probability `P(|T| >= |t|)` of Student's t with `df` degrees of freedom.
    static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if t.isInfinite { return 0 }
        return incompleteBeta(df / (df + t * t), df / 2, 0.5)
    }

    /// Quantile of Student's t: the `t > 0` with `P(T > t) = q` for `0 < q < 0.5`, by bisection on
    /// the tail function (60 halvings: below 1e-12 relative error for the ranges used here).
    static func studentTUpperQuantile(_ q: Double, df: Double) -> Double {
        guard q > 0, q < 0.5, df > 0 else { return .nan }
        var lo = 0.0, hi = 1.0
        while studentTTwoSided(hi, df: df) / 2 > q { hi *= 2; if hi > 1e12 { break } }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if studentTTwoSided(mid, df: df) / 2 > q { lo = mid } else { hi = mid }
            if hi - lo <= 1e-13 * hi { break }
        }
        return 0.5 * (lo + hi)
    }

    /// Welch's two-sample t-test: two-sided p-value, standard error of the difference of means and
    /// Welch-Satterthwaite degrees of freedom.
    static func welch(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> (p: Double, se: Double, df: Double) {
        let na = Double(a.count), nb = Double(b.count)
        guard a.count >= 2, b.count >= 2 else { return (.nan, .nan, .nan) }
        let va = variance(a) / na, vb = variance(b) / nb
        let se = (va + vb).squareRoot()
        let df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
        let diff = mean(b) - mean(a)
        if se == 0 { return (diff == 0 ? 1 : 0, 0, df.isNaN ? na + nb - 2 : df) }
        return (studentTTwoSided(diff / se, df: df), se, df)
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seedable generator so that permutation
/// tests are reproducible.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
