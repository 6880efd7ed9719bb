/// Why a series deserves attention, most urgent first; `sextant analyze` and the dashboard both sort by it.
public enum SeriesAttention: Int, Sendable, Equatable, Comparable, CaseIterable {
    /// Even the favourable bound of the current level is past an SLA limit.
    case slaViolation = 0
    /// The forecast crosses an SLA limit within the horizon.
    case forecastBreach = 1
    /// The last change point moved the level the bad way by at least the practical band (`minimumEffect`).
    case regression = 2
    /// The trend's interval excludes zero on the bad side.
    case worsening = 3
    /// The level interval straddles an SLA limit.
    case slaInconclusive = 4
    /// Nothing to report.
    case ok = 5

    /// More urgent first.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A short label for badges (`SLA violation`, `breach forecast`, `regression`, ...).
    public var label: String {
        switch self {
        case .slaViolation: return "SLA violation"
        case .forecastBreach: return "breach forecast"
        case .regression: return "regression"
        case .worsening: return "worsening"
        case .slaInconclusive: return "SLA inconclusive"
        case .ok: return "ok"
        }
    }
}
