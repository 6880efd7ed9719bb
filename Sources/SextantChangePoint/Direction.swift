/// Which way a metric improves. Decides whether a change point is a regression or an improvement.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Times, memory, latencies: an increase is a regression.
    case lowerIsBetter
    /// Throughput, scores: a decrease is a regression.
    case higherIsBetter
}

/// The verdict attached to one change point, given the metric's ``Direction``.
public enum ChangeKind: String, Sendable, Hashable, Codable {
    case regression
    case improvement
    /// The level did not move (both means equal), e.g. a pure variance change.
    case neutral
}
