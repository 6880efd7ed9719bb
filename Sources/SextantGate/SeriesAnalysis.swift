import Foundation

/// The gate's own detector of the last level shift in a series of run summaries.
///
/// A minimal, self-contained stand-in for SextantChangePoint (which was not available when the gate
/// was written): binary segmentation (Scott & Knott 1974; Vostrikova 1981) of the log values for mean
/// shifts, with the noise scale estimated robustly from first differences,
/// sigma = MAD(diff) / (0.6745 sqrt 2), which a level shift barely affects, and a split accepted when
/// its reduction of the Gaussian cost, n1 n2 / n (mean1 - mean2)^2 / sigma^2, exceeds 4 log n
/// (twice a BIC-type penalty, deliberately conservative: a missed shift widens the baseline noise,
/// a false one shortens the window). The series is first winsorised at median +- 2.5 robust SD, so that
/// the isolated slow runs of a loaded machine do not pass for shifts.
///
/// - Complexity: O(n log n) typical with prefix sums (O(n^2) worst case of binary segmentation).
public enum LevelShifts {
    /// All accepted change points (indices where a new segment starts), ascending.
    public static func changePoints(_ values: [Double], minimumSegment: Int = 3) -> [Int] {
        let n = values.count
        guard n >= 2 * minimumSegment else { return [] }
        let raw = values.allSatisfy { $0 > 0 } ? values.map { log($0) } : values
        // Winsorise at median +- 2.5 robust SD (1.4826 MAD): benchmark noise is heavy-tailed (whole runs slowed
        // by a loaded machine), and isolated slow runs must not look like level shifts. A real shift is
        // consistent over many runs and survives the clipping.
        let centre = median(raw)
        let spread = 1.4826 * median(raw.map { abs($0 - centre) })
        let x = spread > 0 ? raw.map { min(max($0, centre - 2.5 * spread), centre + 2.5 * spread) } : raw
        var diffs = [Double](); diffs.reserveCapacity(n - 1)
        for i in 1..<n { diffs.append(abs(x[i] - x[i - 1])) }
        let medianDiff = median(diffs)
        var sigma = medianDiff / (0.6745 * 2.0.squareRoot())
        if sigma <= 0 {
            // Many identical consecutive values: fall back to the overall spread.
            let m = x.reduce(0, +) / Double(n)
            sigma = (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)).squareRoot()
            if sigma <= 0 { return [] }
        }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + x[i] }
        let penalty = 4 * log(Double(n))
        var result: [Int] = []
        var stack = [(0, n)]
        while let (s, e) = stack.popLast() {
            let len = e - s
            guard len >= 2 * minimumSegment else { continue }
            let total = prefix[e] - prefix[s]
            var best = 0.0, bestK = -1
            for k in (s + minimumSegment)...(e - minimumSegment) {
                let n1 = Double(k - s), n2 = Double(e - k)
                let m1 = (prefix[k] - prefix[s]) / n1
                let m2 = (total - (prefix[k] - prefix[s])) / n2
                let gain = n1 * n2 / Double(len) * (m1 - m2) * (m1 - m2)
                if gain > best { best = gain; bestK = k }
            }
            if bestK >= 0, best / (sigma * sigma) > penalty {
                result.append(bestK)
                stack.append((s, bestK))
                stack.append((bestK, e))
            }
        }
        return result.sorted()
    }

    /// The start of the current segment (0 when no shift was found).
    public static func currentSegmentStart(_ values: [Double], minimumSegment: Int = 3) -> Int {
        changePoints(values, minimumSegment: minimumSegment).last ?? 0
    }

    /// The part of `values` after the last abrupt shift, judged on the residuals of a straight-line fit
    /// so that a steady trend (which a mean-shift detector would chop into steps) stays one segment.
    /// - Complexity: as ``changePoints(_:minimumSegment:)``.
    public static func currentTrendSegment(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n >= 6 else { return values }
        // Least-squares line (no inference needed here).
        let tbar = Double(n - 1) / 2
        let ybar = values.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in values.enumerated() { let dt = Double(i) - tbar; sxy += dt * (v - ybar); sxx += dt * dt }
        let slope = sxy / sxx, intercept = ybar - slope * tbar
        let residuals = values.enumerated().map { $0.element - (intercept + slope * Double($0.offset)) }
        let start = changePoints(residuals).last ?? 0
        return Array(values[start...])
    }

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return 0 }
        return RatioBootstrap.sortedMedian(v.sorted())
    }
}

/// A straight-line trend over run index with its inference and a forecast of when it crosses a limit.
///
/// Ordinary least squares y = a + b t on t = 0..n-1, with the classical intervals
/// (slope: b +- t_{n-2} s / sqrt(Sxx); new observation at t0: yhat +- t_{n-2} s sqrt(1 + 1/n + (t0 - tbar)^2 / Sxx)).
/// A stand-in for SextantForecast's model selection, kept private to the gate.
public struct LinearTrend: Sendable, Equatable, Codable {
    public var intercept: Double
    public var slope: Double
    public var slopeLower: Double
    public var slopeUpper: Double
    public var residualSD: Double
    public var count: Int
    public var confidence: Double
    var meanT: Double
    var sxx: Double
    var tcrit: Double

    /// Fits the trend; nil with fewer than 3 points.
    /// - Complexity: O(n).
    public init?(_ y: [Double], confidence: Double) {
        let n = y.count
        guard n >= 3 else { return nil }
        let tbar = Double(n - 1) / 2
        let ybar = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in y.enumerated() {
            let dt = Double(i) - tbar
            sxy += dt * (v - ybar); sxx += dt * dt
        }
        let b = sxy / sxx
        let a = ybar - b * tbar
        var sse = 0.0
        for (i, v) in y.enumerated() { let r = v - (a + b * Double(i)); sse += r * r }
        let s = (sse / Double(n - 2)).squareRoot()
        let t = GateDistributions.studentQuantile(0.5 + confidence / 2, df: Double(n - 2))
        intercept = a; slope = b
        slopeLower = b - t * s / sxx.squareRoot(); slopeUpper = b + t * s / sxx.squareRoot()
        residualSD = s; count = n; self.confidence = confidence
        meanT = tbar; self.sxx = sxx; tcrit = t
    }

    /// Point forecast and prediction interval `h` steps after the last point.
    /// - Complexity: O(1).
    public func forecast(_ h: Int) -> (estimate: Double, lower: Double, upper: Double) {
        let t0 = Double(count - 1 + h)
        let yhat = intercept + slope * t0
        let half = tcrit * residualSD * (1 + 1 / Double(count) + (t0 - meanT) * (t0 - meanT) / sxx).squareRoot()
        return (yhat, yhat - half, yhat + half)
    }

    /// Steps until the forecast crosses `limit` in the bad direction, within `horizon`:
    /// `expected` for the point forecast, `earliest` for the unfavourable prediction bound,
    /// `latest` for the favourable bound (nil: not within the horizon).
    /// - Complexity: O(horizon).
    public func stepsToBreach(limit: Double, upperLimit: Bool, horizon: Int) -> (expected: Int?, earliest: Int?, latest: Int?) {
        var expected: Int?, earliest: Int?, latest: Int?
        guard horizon >= 1 else { return (nil, nil, nil) }
        for h in 1...horizon {
            let f = forecast(h)
            let (bad, good) = upperLimit ? (f.upper, f.lower) : (f.lower, f.upper)
            let point = f.estimate
            if earliest == nil, upperLimit ? bad > limit : bad < limit { earliest = h }
            if expected == nil, upperLimit ? point > limit : point < limit { expected = h }
            if latest == nil, upperLimit ? good > limit : good < limit { latest = h; break }
        }
        return (expected, earliest, latest)
    }
}
