import Foundation

/// The parametric model whose change points are sought.
public enum CostModel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Normal with a known (unit) variance: a change in mean. Segment cost is the residual sum of
    /// squares `sum (y_i - ybar)^2`, i.e. twice the negative log-likelihood up to a constant.
    case mean
    /// Normal with unknown mean and variance, both changing.
    /// Segment cost is `n log(2 pi s2) + RSS / s2` with `s2 = max(RSS / n, floor)`: twice the
    /// negative log-likelihood at the (floor-constrained) maximum-likelihood estimate.
    case meanVariance = "meanvar"
    /// Normal with a known (unit) variance about a straight line: a change in level and slope
    /// (piecewise-linear, discontinuous at the change points). Segment cost is the residual sum of
    /// squares of the least-squares line `a + b i` through the segment (Bai and Perron 1998's cost
    /// for a regression on `(1, i)`), in O(1) from prefix sums of `y`, `y^2` and `i y`. A steady
    /// trend is one segment, not a staircase of mean shifts. Segments need at least 3 points (a line
    /// through two fits them exactly).
    case linear
}

/// Gaussian segment costs in O(1) from prefix sums of `y` and `y^2` (Killick, Fearnhead and Eckley
/// 2012, section 3; the same costs as R's `changepoint` `mll_mean` / `mll_meanvar`).
///
/// Segments are half-open `[s, t)` with `0 <= s < t <= n`. Several dimensions add their costs
/// (independent coordinates), which is how multivariate TCPD series are handled.
/// With `segmentLengthTerm` (MBIC), `log(t - s)` is added to every segment's cost.
///
/// - Complexity: O(n d) to build, O(d) per segment cost.
public struct NormalSegmentCost: Sendable {
    public let model: CostModel
    public let count: Int
    public let dimensions: Int
    public let segmentLengthTerm: Bool
    /// Lower bound of a segment's variance for ``CostModel/meanVariance``: keeps a run of identical
    /// values (quantised timers) from having a cost of minus infinity. Data are in units of their
    /// noise scale when called from ``ChangePointDetector``, so `1e-4` means a hundredth of it.
    public let varianceFloor: Double
    @usableFromInline let s1: [Double]
    @usableFromInline let s2: [Double]
    /// ``CostModel/linear`` only: prefix sums of `(i - (n - 1) / 2) y_i` (centred indices keep
    /// them small); empty otherwise.
    @usableFromInline let s3: [Double]

    /// - Parameter dimensions: `d` arrays of equal length `n` (one per coordinate).
    /// - Complexity: O(n d).
    public init(dimensions columns: [[Double]], model: CostModel, segmentLengthTerm: Bool = false, varianceFloor: Double = 1e-4) {
        let n = columns.first?.count ?? 0
        self.init(count: n, dimensions: columns.count, model: model, segmentLengthTerm: segmentLengthTerm,
                  varianceFloor: varianceFloor, chunkSize: max(n, 1)) { k, range in columns[k][range] }
    }

    /// The same costs from values supplied in consecutive chunks: `chunk(k, range)` returns
    /// dimension `k`'s values at `range` in order (a slice with any start index), called in index order, twice per dimension (for its mean,
    /// unless `totals` gives it, then for the sums), with ranges of `chunkSize` points (the last shorter). The sums are
    /// accumulated in the same order as from whole columns, so the prefix sums are bit for bit the
    /// same; the caller need not hold a copy of the series (the detector on very long series).
    /// - Complexity: O(n d) plus the chunks' own cost; memory O(n d) for the sums.
    /// - Parameter totals: each dimension's sum in index order (`reduce(0, +)`) when the caller has
    ///   it; the chunks are then read once.
    init(count n: Int, dimensions columnCount: Int, model: CostModel, segmentLengthTerm: Bool, varianceFloor: Double = 1e-4,
         chunkSize: Int, totals: [Double]? = nil, chunk: (Int, Range<Int>) -> ArraySlice<Double>) {
        let d = max(columnCount, 1)
        self.model = model
        self.count = n
        self.dimensions = d
        self.segmentLengthTerm = segmentLengthTerm
        self.varianceFloor = varianceFloor
        var a = [Double](repeating: 0, count: (n + 1) * d)
        var b = [Double](repeating: 0, count: (n + 1) * d)
        var c = [Double](repeating: 0, count: model == .linear ? (n + 1) * d : 0)
        let c0 = 0.5 * Double(n - 1)
        let ranges = stride(from: 0, to: n, by: max(chunkSize, 1)).map { $0..<min($0 + max(chunkSize, 1), n) }
        for k in 0..<min(columnCount, d) {
            // Centre on the column mean: the cost is shift-invariant and prefix sums lose less precision.
            var total = 0.0
            if let totals { total = totals[k] } else { for r in ranges { total = chunk(k, r).reduce(total, +) } }
            let centre = n > 0 ? total / Double(n) : 0
            var acc1 = 0.0, acc2 = 0.0, acc3 = 0.0
            for r in ranges {
                let col = chunk(k, r)
                let shift = col.startIndex - r.lowerBound
                for i in r {
                    let y = col[i + shift] - centre
                    acc1 += y
                    acc2 += y * y
                    a[(i + 1) * d + k] = acc1
                    b[(i + 1) * d + k] = acc2
                    if model == .linear {
                        acc3 += (Double(i) - c0) * y
                        c[(i + 1) * d + k] = acc3
                    }
                }
            }
        }
        s1 = a
        s2 = b
        s3 = c
    }

    /// One-dimensional convenience initialiser.
    public init(_ values: [Double], model: CostModel, segmentLengthTerm: Bool = false, varianceFloor: Double = 1e-4) {
        self.init(dimensions: [values], model: model, segmentLengthTerm: segmentLengthTerm, varianceFloor: varianceFloor)
    }

    /// The cost of the segment `[s, t)`.
    /// - Complexity: O(d).
    @inlinable
    public func cost(_ s: Int, _ t: Int) -> Double {
        s1.withUnsafeBufferPointer { p1 in
            s2.withUnsafeBufferPointer { p2 in
                s3.withUnsafeBufferPointer { p3 in
                    Self.cost(p1, p2, p3, count, s, t, dimensions, model, segmentLengthTerm, varianceFloor)
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func cost(
        _ p1: UnsafeBufferPointer<Double>, _ p2: UnsafeBufferPointer<Double>, _ p3: UnsafeBufferPointer<Double>,
        _ n: Int, _ s: Int, _ t: Int, _ d: Int, _ model: CostModel, _ lengthTerm: Bool, _ floor: Double
    ) -> Double {
        let len = Double(t - s)
        var total = 0.0
        if model == .linear {
            // RSS of the line on u = i - (s + t - 1) / 2 within the segment: sum u = 0,
            // sum u^2 = L (L^2 - 1) / 12, sum u y = sum x y - (centre - c0) sum y.
            let c0 = 0.5 * Double(n - 1)
            let centre = 0.5 * Double(s + t - 1) - c0
            let suu = len * (len * len - 1) / 12
            for k in 0..<d {
                let sy = p1[t * d + k] - p1[s * d + k]
                let syy = p2[t * d + k] - p2[s * d + k] - sy * sy / len
                if t - s < 3 { continue }
                let suy = p3[t * d + k] - p3[s * d + k] - centre * sy
                total += max(syy - suy * suy / suu, 0)
            }
        } else if d == 1 {
            let a = p1[t] - p1[s]
            let rss = max(p2[t] - p2[s] - a * a / len, 0)
            total = model == .mean ? rss : Self.meanVarianceCost(rss: rss, length: len, floor: floor)
        } else {
            for k in 0..<d {
                let a = p1[t * d + k] - p1[s * d + k]
                let rss = max(p2[t * d + k] - p2[s * d + k] - a * a / len, 0)
                total += model == .mean ? rss : Self.meanVarianceCost(rss: rss, length: len, floor: floor)
            }
        }
        return lengthTerm ? total + log(len) : total
    }

    @inlinable @inline(__always)
    static func meanVarianceCost(rss: Double, length: Double, floor: Double) -> Double {
        let v = max(rss / length, floor)
        return length * log(2 * Double.pi * v) + rss / v
    }

    /// Runs `body` with a fast cost closure over raw buffers (used by the O(n) loops).
    @inlinable
    func withKernel<R>(_ body: ((Int, Int) -> Double) -> R) -> R {
        let d = dimensions, m = model, lt = segmentLengthTerm, f = varianceFloor, n = count
        return s1.withUnsafeBufferPointer { p1 in
            s2.withUnsafeBufferPointer { p2 in
                s3.withUnsafeBufferPointer { p3 in
                    body { s, t in Self.cost(p1, p2, p3, n, s, t, d, m, lt, f) }
                }
            }
        }
    }
}
