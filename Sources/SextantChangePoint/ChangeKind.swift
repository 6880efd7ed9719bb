/// The verdict attached to one change point, given the metric's ``Direction``.
public enum ChangeKind: String, Sendable, Hashable, Codable {
    case regression
    case improvement
    /// The level did not move (both means equal), e.g. a pure variance change.
    case neutral
}
