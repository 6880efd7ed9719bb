#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Descriptive and robust statistics of a sample, as static functions on a namespace.
///
/// Every function is total: an empty sample (or one too short for the statistic) gives NaN,
/// never a trap. Non-finite values propagate as IEEE arithmetic does.
public enum Descriptive {
    /// Puts the k-th smallest element of `p` at index `k`, every element left of it `<=` and every
    /// element right of it `>=`, and returns it (Hoare's FIND, 1961, with median-of-three pivots
    /// and insertion sort below 16 elements). `p` must hold no NaN.
    /// - Complexity: O(n) expected, O(n²) worst case.
    @discardableResult
    public static func select(_ p: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var lo = 0, hi = p.count - 1
        while hi > lo {
            if hi - lo < 16 {
                for i in (lo + 1)...hi {
                    let v = p[i]
                    var j = i - 1
                    while j >= lo && v < p[j] { p[j + 1] = p[j]; j -= 1 }
                    p[j + 1] = v
                }
                return p[k]
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
            if k <= j { hi = j } else if k >= i { lo = i } else { return p[k] }
        }
        return p[k]
    }

    /// Neumaier's compensated sum (Neumaier 1974, an improvement of Kahan 1965).
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func sum<C: Collection>(_ x: C) -> Double where C.Element == Double {
        var s = 0.0, c = 0.0
        for v in x {
            let t = s + v
            if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
            s = t
        }
        return s + c
    }

    /// The arithmetic mean by two passes: a compensated sum, then the mean of the residuals
    /// added as a correction (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample
    /// variance", The American Statistician 37).
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func mean<C: Collection>(_ x: C) -> Double where C.Element == Double {
        let n = Double(x.count)
        guard n > 0 else { return .nan }
        let m = sum(x) / n
        var r = 0.0
        for v in x { r += v - m }
        return m + r / n
    }

    /// The sample variance with `ddof` degrees of freedom removed (1 by default: the unbiased
    /// estimator), by the corrected two-pass algorithm
    /// Σ(x − x̄)² − (Σ(x − x̄))²/n (Chan, Golub & LeVeque 1983). No one-pass sum of squares.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func variance<C: Collection>(_ x: C, ddof: Int = 1) -> Double where C.Element == Double {
        let n = x.count
        guard n > ddof else { return .nan }
        let m = mean(x)
        var ss = 0.0, s = 0.0
        for v in x {
            let d = v - m
            ss += d * d
            s += d
        }
        return (ss - s * s / Double(n)) / Double(n - ddof)
    }

    /// The sample standard deviation, √`variance(x, ddof:)`.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func standardDeviation<C: Collection>(_ x: C, ddof: Int = 1) -> Double where C.Element == Double {
        variance(x, ddof: ddof).squareRoot()
    }

    /// The sample quantile at probability p of a sample by one of Hyndman & Fan's nine
    /// definitions (Hyndman & Fan 1996, "Sample quantiles in statistical packages",
    /// The American Statistician 50). The default, type 7, is R's and numpy's default.
    ///
    /// - Complexity: O(n log n) (a sort); use `quantile(sorted:_:_:)` on sorted data for O(1).
    public static func quantile(_ x: [Double], _ p: Double, type: QuantileType = .type7) -> Double {
        quantile(sorted: x.sorted(), p, type: type)
    }

    /// The quantile of an already sorted sample (ascending).
    ///
    /// - Complexity: O(1).
    public static func quantile(sorted x: [Double], _ p: Double, type: QuantileType = .type7) -> Double {
        let n = x.count
        guard n > 0, p >= 0, p <= 1 else { return .nan }
        let nd = Double(n)
        func at(_ j: Int) -> Double { x[min(max(j, 1), n) - 1] }  // 1-based, clamped
        switch type {
        case .type1:
            let j = Int((nd * p).rounded(.up))
            return at(max(j, 1))
        case .type2:
            let np = nd * p
            let j = Int(np.rounded(.down))
            if Double(j) == np { return j == 0 ? at(1) : (j >= n ? at(n) : (at(j) + at(j + 1)) / 2) }
            return at(j + 1)
        case .type3:
            let np = nd * p - 0.5
            let j = Int(np.rounded(.down))
            let g = np - Double(j)
            if g == 0 && j % 2 == 0 { return at(j) }
            return at(j + 1)
        default:
            let m: Double
            switch type {
            case .type4: m = 0
            case .type5: m = 0.5
            case .type6: m = p
            case .type7: m = 1 - p
            case .type8: m = (p + 1) / 3
            default: m = p / 4 + 3.0 / 8
            }
            let h = nd * p + m
            let j = Int(h.rounded(.down))
            let g = h - Double(j)
            if j < 1 { return at(1) }
            if j >= n { return at(n) }
            return g == 0 ? at(j) : at(j) + g * (at(j + 1) - at(j))
        }
    }

    /// The median (type 7 quantile at ½: the middle value, or ½(a + b) of the two middle values), by
    /// selection (``select(_:_:)``) on a copy instead of a sort; the same value as
    /// `median(sorted: x.sorted())`. NaN when empty or when any value is NaN (selection needs a total
    /// order).
    ///
    /// - Complexity: O(n) expected.
    @inlinable
    public static func median<C: Collection>(_ x: C) -> Double where C.Element == Double {
        var a = Array(x)  // specialised in the caller; the selection below is not generic
        return medianSelecting(&a)
    }

    /// ``median(_:)`` of `a`, reordering it.
    @usableFromInline
    static func medianSelecting(_ a: inout [Double]) -> Double {
        guard !a.isEmpty, !a.contains(where: \.isNaN) else { return .nan }
        let n = a.count, h = n / 2
        return a.withUnsafeMutableBufferPointer { p in
            select(p, h)
            if n % 2 == 1 { return p[h] }
            var below = p[0]  // the largest of p[0..<h], all <= p[h]: the order statistic h - 1
            for i in 1..<h { below = Swift.max(below, p[i]) }
            return 0.5 * (below + p[h])
        }
    }

    /// The median of an already sorted sample (ascending): the middle value, or the mean of the two
    /// middle values ½(a + b) as numpy computes it; NaN when empty. Sextant's one median: the run
    /// summaries, the gate, the bootstrap and the robust scales all call it.
    ///
    /// - Complexity: O(1).
    public static func median(sorted s: [Double]) -> Double {
        let n = s.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
    }

    /// The normal-consistency constant 1/Φ⁻¹(¾) ≈ 1.4826 that makes the MAD estimate σ for normal data.
    public static let madNormalScale = 1.482602218505602

    /// The median absolute deviation from the median, times `scale` (1/Φ⁻¹(¾) ≈ 1.4826 by default, so
    /// that it estimates the standard deviation of normal data; pass 1 for the raw MAD).
    /// Hampel (1974), "The influence curve and its role in robust estimation", JASA 69.
    ///
    /// - Complexity: O(n log n).
    public static func mad(_ x: [Double], scale: Double = madNormalScale) -> Double {
        let m = median(x)
        return scale * median(x.map { abs($0 - m) })
    }

    /// The lag-k sample autocorrelation r_k = Σ_{t=1}^{n−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_{t=1}^{n} (x_t − x̄)²
    /// (Box & Jenkins; the definition NIST StRD certifies for lag 1).
    ///
    /// - Complexity: O(n).
    public static func autocorrelation(_ x: [Double], lag k: Int = 1) -> Double {
        let n = x.count
        guard k >= 0, n > k, n > 1 else { return .nan }
        // Deviations from the mean to beyond double precision: x − m is exact for x near m, and the
        // residual mean r = Σ(x − m)/n removes the rounding of m (the correction of the two-pass mean).
        let m = sum(x) / Double(n)
        var r = 0.0
        for v in x { r += v - m }
        r /= Double(n)
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n { d[i] = (x[i] - m) - r }
        var den = 0.0
        for v in d { den += v * v }
        var num = 0.0
        for t in 0..<(n - k) { num += d[t] * d[t + k] }
        return num / den
    }
}

/// Hyndman & Fan's nine sample-quantile definitions (numpy's `method` names in parentheses).
public enum QuantileType: Int, Sendable, Hashable, CaseIterable {
    /// Inverse of the empirical cdf (`inverted_cdf`).
    case type1 = 1
    /// Like type 1 with averaging at discontinuities (`averaged_inverted_cdf`).
    case type2
    /// Nearest order statistic, ties to even (`closest_observation`).
    case type3
    /// Linear interpolation of the empirical cdf (`interpolated_inverted_cdf`).
    case type4
    /// Piecewise linear with knots at (k − ½)/n (`hazen`).
    case type5
    /// p_k = k/(n+1) (`weibull`).
    case type6
    /// p_k = (k−1)/(n−1), the default of R and numpy (`linear`).
    case type7
    /// Approximately median-unbiased (`median_unbiased`).
    case type8
    /// Approximately unbiased for normal data (`normal_unbiased`).
    case type9
}
