import Foundation

import SextantChangePoint
import SextantForecast
import SextantNumerics

/// The detector of level shifts in a series of run summaries: SextantChangePoint's default
/// detector (``SextantChangePoint/ChangePointDetector`` with ``SextantChangePoint/ChangePointConfiguration``'s
/// defaults: exact PELT, MBIC, and `auto`, the better by BIC of a change in mean and a change in level
/// and slope; docs/changepoints.md) on the log values (the raw values when some are not positive),
/// with the detector's robust standardisation (noise scale from first differences, winsorising
/// against a running median, long-run variance correction; see
/// ``SextantChangePoint/RobustStandardisation``). A drifting benchmark is one trend segment rather
/// than a staircase of false shifts, so the gate's baseline window is not cut short by a drift. The
/// winsorising keeps the isolated slow runs of a loaded machine from passing for shifts.
///
/// - Complexity: that of the detector: expected O(n) for the mean model, O(n K) for the linear one
///   with `K` candidates kept per step (O(n^2) on a series without changes), plus O(n h log h) for
///   the running median of half-width h = minimumSegment - 1.
public enum LevelShifts {
    /// The detector's configuration for a series of `n` values: the detector's defaults with the
    /// given minimum segment length.
    /// - Complexity: O(1).
    public static func configuration(n: Int, minimumSegment: Int = 3) -> ChangePointConfiguration {
        var c = ChangePointConfiguration()
        c.minimumSegmentLength = minimumSegment
        c.direction = Direction.lowerIsBetter
        return c
    }

    /// All accepted change points (indices where a new segment starts), ascending.
    /// - Complexity: see ``LevelShifts``.
    public static func changePoints(_ values: [Double], minimumSegment: Int = 3) -> [Int] {
        fit(values, minimumSegment: minimumSegment).changePoints
    }

    /// The change points and the segments between them; under the linear model each segment carries
    /// its slope per run with a 95% interval, in the series' units (on the log scale the detector's
    /// slope `b` of `log y` is mapped by the derivative of `exp` at the segment's centre,
    /// `b exp(mean log y)`).
    /// - Complexity: see ``LevelShifts``.
    public static func fit(_ values: [Double], minimumSegment: Int = 3) -> (changePoints: [Int], segments: [LevelSegment]) {
        let n = values.count
        guard n >= 2 * minimumSegment, values.allSatisfy(\.isFinite) else {
            return ([], LevelSegment.segments(values, changePoints: []))
        }
        let logScale = values.allSatisfy { $0 > 0 }
        let x = logScale ? values.map { log($0) } : values
        let detector = ChangePointDetector(configuration(n: n, minimumSegment: minimumSegment))
        guard let result = try? detector.detect(x) else { return ([], LevelSegment.segments(values, changePoints: [])) }
        let cps = result.changePoints.map(\.index)
        var segments = LevelSegment.segments(values, changePoints: cps)
        if result.model == .linear, result.segments.count == segments.count {
            for k in segments.indices {
                let s = result.segments[k]
                let factor = logScale ? exp(s.mean) : 1
                segments[k].slope = s.slope.map { $0 * factor }
                segments[k].slopeLower = s.slopeLower.map { $0 * factor }
                segments[k].slopeUpper = s.slopeUpper.map { $0 * factor }
            }
        }
        return (cps, segments)
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
