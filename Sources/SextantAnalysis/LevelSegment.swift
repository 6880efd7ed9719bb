/// A run of values between two change points, drawn as one step of the segment-mean line.
public struct LevelSegment: Sendable, Codable, Equatable {
    /// First index of the segment.
    public var start: Int
    /// One past the last index.
    public var end: Int
    /// Arithmetic mean of the segment's values.
    public var mean: Double

    public init(start: Int, end: Int, mean: Double) {
        self.start = start; self.end = end; self.mean = mean
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
