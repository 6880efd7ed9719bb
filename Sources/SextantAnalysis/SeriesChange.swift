import SextantHistory

/// One change point of a series as the reports name it: where (index and run label), how much (the
/// segment means either side), its bisect window (the runs either side of it) and its triage status.
public struct SeriesChange: Sendable, Codable, Equatable {
    /// Index (0-based, in the series) of the first run at the new level.
    public var index: Int
    /// Label of that run (its commit, else its run id).
    public var label: String?
    /// Mean of the segment after / mean of the segment before - 1.
    public var relativeChange: Double?
    /// The change made the series worse by at least the practical band (`minimumEffect`).
    public var isRegression: Bool
    /// The last run before the change and the first after it (nil without run information).
    public var window: BisectWindow?
    /// The triage record that applies to the change, if any.
    public var triage: TriageMark?
    /// False for an `invalid` change: it is not a level shift (segments, level and the gate's
    /// baseline window ignore it).
    public var usedAsLevelShift: Bool

    public init(index: Int, label: String?, relativeChange: Double?, isRegression: Bool, window: BisectWindow?,
                triage: TriageMark?, usedAsLevelShift: Bool) {
        self.index = index; self.label = label; self.relativeChange = relativeChange; self.isRegression = isRegression
        self.window = window; self.triage = triage; self.usedAsLevelShift = usedAsLevelShift
    }

    /// The changes at `changePoints` (segment starts, ascending) of a series with `segments`, each
    /// with its bisect window (runs `i - 1` and `i`, commits counted in `graph`) and the newest triage
    /// record that applies to it. A `fixed` record without a fix commit is linked to the next change
    /// that moved the level back (the opposite sign).
    /// - Complexity: O(k r) for k change points and r records, plus the commit-graph questions.
    public static func changes(_ changePoints: [Int], segments: [LevelSegment], runs: [RunReference], labels: [String],
                               direction: Direction, minimumEffect: Double, series: (benchmark: String, metric: String),
                               triage: [TriageRecord], graph: (any CommitGraph)?) -> [SeriesChange] {
        var out: [SeriesChange] = []
        for (k, i) in changePoints.enumerated() {
            var size: Double? = nil
            if k + 1 < segments.count, segments[k].mean != 0 { size = segments[k + 1].mean / segments[k].mean - 1 }
            let worse = size.map { direction == .lowerIsBetter ? $0 : -$0 } ?? 0
            let window = i >= 1 && i < runs.count ? BisectWindow(lastGood: runs[i - 1], firstBad: runs[i]).resolved(in: graph) : nil
            let record = window.flatMap {
                TriageRecord.first(in: triage, benchmark: series.benchmark, metric: series.metric, window: $0, graph: graph)
            }
            out.append(SeriesChange(index: i, label: i < labels.count && !labels[i].isEmpty ? labels[i] : nil, relativeChange: size,
                                    isRegression: worse > 0 && worse >= minimumEffect, window: window, triage: record?.mark,
                                    usedAsLevelShift: record?.status != .invalid))
        }
        // "fixed" links to the commit where the level came back: the next real change the other way.
        for k in out.indices where out[k].triage?.status == .fixed && out[k].triage?.fixedIn == nil {
            guard let s = out[k].relativeChange else { continue }
            if let back = out[(k + 1)...].first(where: { $0.usedAsLevelShift && ($0.relativeChange.map { $0 * s < 0 } ?? false) }) {
                out[k].triage?.fixedIn = back.window?.firstBad.commit ?? back.label
            }
        }
        return out
    }
}
