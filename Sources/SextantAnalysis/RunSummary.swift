import SextantHistory
import SextantNumerics

/// The run-summary rule of Sextant: a run is the median of its raw samples when it has them, else its
/// stored value. The mean of raw benchmark samples is dominated by the few samples a preempted thread
/// stretches; the median is what the gate, `analyze`, `changepoints --benchmark`, `forecast --benchmark`
/// and the dashboard all read.
public enum RunSummary {
    /// One run's summary.
    /// - Complexity: O(s log s) for s samples.
    public static func value(_ value: Double, samples: [Double]?) -> Double {
        guard let s = samples, !s.isEmpty else { return value }
        return Descriptive.median(sorted: s.sorted())
    }

    /// Every run of a stored series, oldest first.
    /// - Complexity: O(total samples log samples per run).
    public static func values(of series: Series) -> [Double] {
        series.points.map { value($0.value, samples: $0.samples) }
    }
}
