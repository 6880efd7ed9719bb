import Foundation

import SextantChangePoint
import SextantForecast
import SextantNumerics

/// The detector of level shifts in a series of run summaries: a fixed, conservative
/// configuration of ``SextantChangePoint/ChangePointDetector``.
///
/// Binary segmentation (Scott & Knott 1974; Vostrikova 1981) of the log values (the raw values when
/// some are not positive) for mean shifts, with the detector's robust standardisation (noise scale
/// from first differences, winsorising against a running median, long-run variance correction; see
/// ``SextantChangePoint/RobustStandardisation``), and a split accepted when its reduction of the
/// Gaussian cost (twice the negative log-likelihood of unit-variance noise, so in the same units as
/// n1 n2 / n (mean1 - mean2)^2 / sigma^2) exceeds the manual penalty 4 log n: twice a BIC-type
/// penalty and stricter than MBIC's 3 log n, deliberately conservative, because a missed shift only
/// widens the baseline noise while a false one shortens the window. The winsorising keeps the
/// isolated slow runs of a loaded machine from passing for shifts.
///
/// - Complexity: O(n log n) typical (O(n k) for k change points) plus O(n h log h) for the running
///   median of half-width h = minimumSegment - 1.
public enum LevelShifts {
    /// The detector's configuration for a series of `n` values.
    /// - Complexity: O(1).
    public static func configuration(n: Int, minimumSegment: Int = 3) -> ChangePointConfiguration {
        var c = ChangePointConfiguration()
        c.method = .binseg
        c.model = .mean
        c.penalty = .manual(4 * log(Double(max(n, 2))))
        c.minimumSegmentLength = minimumSegment
        c.robust = true
        c.direction = Direction.lowerIsBetter
        return c
    }

    /// All accepted change points (indices where a new segment starts), ascending.
    /// - Complexity: see ``LevelShifts``.
    public static func changePoints(_ values: [Double], minimumSegment: Int = 3) -> [Int] {
        let n = values.count
        guard n >= 2 * minimumSegment, values.allSatisfy(\.isFinite) else { return [] }
        let x = values.allSatisfy { $0 > 0 } ? values.map { log($0) } : values
        let detector = ChangePointDetector(configuration(n: n, minimumSegment: minimumSegment))
        guard let result = try? detector.detect(x) else { return [] }
        return result.changePoints.map(\.index)
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
}
