/// A run of values between two change points, drawn as one step of the segment-mean line, or, when
/// the change-point detector chose the linear model, as a sloped line through the mean at the centre.
public struct LevelSegment: Sendable, Codable, Equatable {
    /// First index of the segment.
    public var start: Int
    /// One past the last index.
    public var end: Int
    /// Arithmetic mean of the segment's values.
    public var mean: Double
    /// Under the linear model: slope per run in the series' units and its 95% interval
    /// (``LevelShifts/fit(_:minimumSegment:)``); `nil` for a level.
    public var slope: Double?
    public var slopeLower: Double?
    public var slopeUpper: Double?

    public init(start: Int, end: Int, mean: Double, slope: Double? = nil, slopeLower: Double? = nil, slopeUpper: Double? = nil) {
        self.start = start; self.end = end; self.mean = mean
        self.slope = slope; self.slopeLower = slopeLower; self.slopeUpper = slopeUpper
    }

    /// The drawn line's level at the segment's first and last run (the mean for a level).
    public var endLevels: (first: Double, last: Double) {
        guard let slope else { return (mean, mean) }
        let half = slope * Double(end - start - 1) / 2
        return (mean - half, mean + half)
    }

    /// The segments of `values` between `changePoints` (ascending indices where a segment starts).
    /// - Complexity: O(n).
    public static func segments(_ values: [Double], changePoints: [Int]) -> [LevelSegment] {
        let bounds = [0] + changePoints + [values.count]
        var out: [LevelSegment] = []
        for k in 0..<(bounds.count - 1) where bounds[k] < bounds[k + 1] {
            let part = values[bounds[k]..<bounds[k + 1]]
            out.append(LevelSegment(start: bounds[k], end: bounds[k + 1], mean: part.reduce(0, +) / Double(part.count)))
        }
        return out
    }
}

/// The fitted trend line the charts draw: from `start` (first run of the trend segment) to the last run.
public struct TrendLine: Sendable, Codable, Equatable {
    /// First index of the trend segment.
    public var start: Int
    /// The fitted trend at `start`.
    public var startLevel: Double
    /// The fitted trend at the last run.
    public var endLevel: Double

    public init(start: Int, startLevel: Double, endLevel: Double) {
        self.start = start; self.startLevel = startLevel; self.endLevel = endLevel
    }
}
