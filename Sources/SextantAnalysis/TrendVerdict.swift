/// What the trend's interval says, relative to the metric's direction.
public enum TrendVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// No trend was fitted (fewer than 4 runs in the trend segment, a constant series).
    case none
    /// The slope interval contains zero.
    case flat
    /// The slope interval excludes zero on the bad side.
    case worsening
    /// The slope interval excludes zero on the good side.
    case improving

    /// The verdict on a slope interval [slopeLower, slopeUpper] for a metric improving in `direction`.
    /// - Complexity: O(1).
    public init(slopeLower: Double, slopeUpper: Double, direction: Direction) {
        let lowerBetter = direction == .lowerIsBetter
        if slopeLower > 0 { self = lowerBetter ? .worsening : .improving }
        else if slopeUpper < 0 { self = lowerBetter ? .improving : .worsening }
        else { self = .flat }
    }
}
