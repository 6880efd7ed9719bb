/// When a forecast crosses an SLA limit.
///
/// For each band, the *earliest* step is the first at which the unfavourable bound (the upper one
/// when lower is better) is past the limit: a breach is plausible from then on at that level. The
/// *latest* step is the first at which even the favourable bound is past: a breach is then
/// near-certain at that level (one-sided probability (1 + level)/2). `nil` means not within the horizon.
public struct BreachForecast: Sendable, Equatable {
    public struct BandCrossing: Sendable, Equatable {
        public var level: Double
        public var earliest: Int?
        public var latest: Int?
    }

    public enum Status: Sendable, Equatable {
        /// The last observation is already past the limit.
        case alreadyPast
        /// Neither the point forecast nor any band's unfavourable bound crosses within the horizon.
        case noBreachWithinHorizon
        /// Something crosses within the horizon (see the step fields).
        case breachPossible
    }

    public var limit: Double
    public var direction: Direction
    public var horizon: Int
    public var status: Status
    /// First step (1-based) at which the point forecast is past the limit.
    public var pointStep: Int?
    public var bands: [BandCrossing]

    /// - Complexity: O(h · levels).
    public init(forecast: Forecast, lastObservation: Double, limit: Double, direction: Direction) {
        self.limit = limit
        self.direction = direction
        self.horizon = forecast.horizon
        func first(_ values: [Double]) -> Int? {
            values.firstIndex { direction.isPast($0, limit: limit) }.map { $0 + 1 }
        }
        pointStep = first(forecast.mean)
        bands = forecast.bands.map { band in
            let unfavourable = direction == .lowerIsBetter ? band.upper : band.lower
            let favourable = direction == .lowerIsBetter ? band.lower : band.upper
            return BandCrossing(level: band.level, earliest: first(unfavourable), latest: first(favourable))
        }
        if direction.isPast(lastObservation, limit: limit) {
            status = .alreadyPast
        } else if pointStep == nil && bands.allSatisfy({ $0.earliest == nil }) {
            status = .noBreachWithinHorizon
        } else {
            status = .breachPossible
        }
    }

    /// One line for people: "already past the limit", "no breach within the horizon (8 steps)", or
    /// "point forecast crosses at step 5; 80%: steps 3-7; 95%: steps 2-after 8".
    public var summary: String {
        switch status {
        case .alreadyPast:
            return "already past the limit"
        case .noBreachWithinHorizon:
            return "no breach within the horizon (\(horizon) steps)"
        case .breachPossible:
            var parts = [pointStep.map { "point forecast crosses at step \($0)" } ?? "point forecast does not cross within \(horizon) steps"]
            for b in bands {
                let e = b.earliest.map(String.init) ?? "after \(horizon)"
                let l = b.latest.map(String.init) ?? "after \(horizon)"
                parts.append("\(formatLevel(b.level))%: earliest step \(e), latest step \(l)")
            }
            return parts.joined(separator: "; ")
        }
    }
}

func formatLevel(_ level: Double) -> String {
    level == level.rounded() ? String(Int(level)) : String(level)
}
