/// The state of one series: last change, current level, trend, forecast, time to breach, SLA status,
/// and what the charts draw (segments, trend line, forecast path).
public struct SeriesStatus: Sendable, Codable, Equatable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    public var runs: Int
    /// Index (0-based, in the series) where the current segment starts; nil when no shift was found.
    public var lastChangeIndex: Int?
    /// Label of the first run of the current segment.
    public var lastChangeLabel: String?
    /// Relative size of the last shift: level after / level before - 1.
    public var lastChangeSize: Double?
    public var segmentRuns: Int
    /// Mean of the current segment and its t interval.
    public var level: Double
    public var levelLower: Double
    public var levelUpper: Double
    /// Trend per run over the current trend segment, with its interval (nil with fewer than 4 runs).
    public var slopePerRun: Double?
    public var slopeLower: Double?
    public var slopeUpper: Double?
    /// Whether the slope interval excludes zero on the bad side / on the good side.
    public var trend: TrendVerdict
    /// Forecast `horizon` runs ahead with its prediction interval at the policy's confidence.
    public var horizon: Int
    public var forecast: Double?
    public var forecastLower: Double?
    public var forecastUpper: Double?
    /// SLA checks on the current level.
    public var slaChecks: [SLACheck]
    /// Forecast breaches of SLA limits within the horizon.
    public var breaches: [ForecastWarning]
    /// The forecasting model (SextantForecast's ``SextantForecast/Forecaster``, method `.auto`).
    public var forecastModel: String? = nil
    /// Index of the first run the forecast was fitted on (the current segment, at most
    /// ``Analysis/forecastWindow`` runs).
    public var forecastStart: Int? = nil
    /// The forecast for steps 1...horizon with its 80% and 95% prediction bands (empty without a forecast).
    public var forecastPath: [SeriesForecastStep] = []
    /// Every segment between the change points, oldest first (one without a change point, none without runs).
    public var segments: [LevelSegment] = []
    /// The fitted trend line over the trend segment (nil without a trend).
    public var trendLine: TrendLine? = nil
    /// The practical band the last change is judged against for ``isRegression``.
    public var minimumEffect: Double = 0.10
    /// Every change point with its bisect window and triage status, oldest first, including the
    /// `invalid` ones that are not level shifts (issue 19).
    public var changes: [SeriesChange] = []

    /// The last change used as a level shift (the one ``lastChangeIndex`` names).
    public var lastChange: SeriesChange? { changes.last(where: \.usedAsLevelShift) }

    /// True when the last change is a regression nobody triaged (acknowledged, expected and fixed
    /// ones are shown with their status but no longer ask for attention).
    public var isUntriagedRegression: Bool { isRegression && lastChange?.triage == nil }

    /// True when the last change point made the series worse by at least ``minimumEffect``.
    public var isRegression: Bool {
        guard let size = lastChangeSize, size.isFinite else { return false }
        let worse = direction == .lowerIsBetter ? size : -size
        return worse > 0 && worse >= minimumEffect
    }

    /// The most urgent reason to look at this series (`sextant analyze` and the dashboard sort by it).
    public var attention: SeriesAttention {
        if slaChecks.contains(where: { $0.status == .violation }) { return .slaViolation }
        if !breaches.isEmpty { return .forecastBreach }
        if isUntriagedRegression { return .regression }
        if trend == .worsening { return .worsening }
        if slaChecks.contains(where: { $0.status == .inconclusive }) { return .slaInconclusive }
        return .ok
    }
}

/// One step of a series' forecast with its 80% and 95% prediction bands.
public struct SeriesForecastStep: Sendable, Codable, Equatable {
    /// Runs after the last one (1...horizon).
    public var step: Int
    public var estimate: Double
    public var lower80: Double
    public var upper80: Double
    public var lower95: Double
    public var upper95: Double

    public init(step: Int, estimate: Double, lower80: Double, upper80: Double, lower95: Double, upper95: Double) {
        self.step = step; self.estimate = estimate
        self.lower80 = lower80; self.upper80 = upper80; self.lower95 = lower95; self.upper95 = upper95
    }
}
