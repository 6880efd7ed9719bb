/// Which way a metric improves: the one notion that the history, change points, forecasts and the gate
/// all need to turn "the level moved" into "regression" or "improvement".
///
/// The raw values `lower` and `higher` are what history files, the store and `--direction` use.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Smaller values are better (time, memory, allocations): an increase is a regression.
    case lowerIsBetter = "lower"
    /// Larger values are better (throughput, scores): a decrease is a regression.
    case higherIsBetter = "higher"

    /// Parses `lower`/`higher` and the case names `lowerIsBetter`/`higherIsBetter`.
    /// - Complexity: O(1).
    public init?(parsing text: String) {
        switch text {
        case "lower", "lowerIsBetter": self = .lowerIsBetter
        case "higher", "higherIsBetter": self = .higherIsBetter
        default: return nil
        }
    }

    /// Whether `value` is past `limit` on the bad side (strictly: a value at the limit still meets it).
    /// - Complexity: O(1).
    public func isPast(_ value: Double, limit: Double) -> Bool {
        self == .lowerIsBetter ? value > limit : value < limit
    }

    /// Whether moving from `before` to `after` is a change for the worse.
    /// - Complexity: O(1).
    public func isRegression(from before: Double, to after: Double) -> Bool {
        self == .lowerIsBetter ? after > before : after < before
    }
}
