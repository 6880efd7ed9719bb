import SextantAnalysis
import SextantHistory

extension GatePolicy {
    /// The policy's settings shared by every series' analysis (confidence, forecast horizon, and the
    /// baseline window as the trend window).
    public var analysisSettings: AnalysisSettings {
        AnalysisSettings(confidence: confidence, forecastHorizon: forecastHorizon, trendWindow: baselineWindow)
    }

    /// `input` with the policy's direction for its metric, its benchmark's SLA limits and practical band.
    /// - Complexity: O(k) glob matches for k overrides.
    public func configure(_ input: AnalysisInput) -> AnalysisInput {
        var copy = input
        let settings = settings(for: input.benchmark)
        copy.direction = direction(of: input.metric, fallback: input.direction)
        copy.limits = settings.limits
        copy.minimumEffect = settings.minimumEffect
        return copy
    }
}

extension Analysis {
    /// Analyses every input under a gate policy (``GatePolicy/configure(_:)`` then
    /// ``Analysis/run(_:settings:parallel:)``): what `sextant analyze` and the dashboard run.
    /// - Complexity: see ``Analysis``.
    public static func run(_ inputs: [AnalysisInput], policy: GatePolicy, parallel: Bool = true,
                           graph: (any CommitGraph)? = nil) -> [SeriesStatus] {
        run(inputs.map(policy.configure), settings: policy.analysisSettings, parallel: parallel, graph: graph)
    }
}
