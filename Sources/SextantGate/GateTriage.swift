import SextantAnalysis
import SextantHistory

/// How triage records (issue 19) move the gate's baseline window.
enum GateTriage {
    /// The start of the baseline window of one series: the last level shift (``LevelShifts``, at
    /// least 5 runs per segment) that no `invalid` record names, or, when later, the last baseline
    /// run whose change an `acknowledged` or `expected` record names (the accepted new level starts
    /// there, even before the detector could see it). A record names the change at run `i` when its
    /// commit lies in the bisect window of runs `i - 1` and `i` (``BisectWindow/contains(_:graph:)``).
    /// Returns the start and the number of detected shifts that `invalid` records removed.
    /// - Complexity: that of ``LevelShifts`` plus O(n r) window tests for n runs and r records.
    static func windowStart(_ summaries: [Double], references: [RunReference], series: (benchmark: String, metric: String),
                            triage: [TriageRecord], graph: (any CommitGraph)?) -> (start: Int, ignored: Int) {
        let shifts = LevelShifts.changePoints(summaries, minimumSegment: 5)
        guard !triage.isEmpty, references.count == summaries.count else { return (shifts.last ?? 0, 0) }
        func record(at i: Int) -> TriageRecord? {
            guard i >= 1, i < references.count else { return nil }
            return TriageRecord.first(in: triage, benchmark: series.benchmark, metric: series.metric,
                                      window: BisectWindow(lastGood: references[i - 1], firstBad: references[i]), graph: graph)
        }
        let kept = shifts.filter { record(at: $0)?.status != .invalid }
        var accepted = 0
        for i in stride(from: references.count - 1, through: 1, by: -1) {
            if let r = record(at: i), r.status == .acknowledged || r.status == .expected { accepted = i; break }
        }
        return (max(kept.last ?? 0, accepted), shifts.count - kept.count)
    }
}
