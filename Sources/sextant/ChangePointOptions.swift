import ArgumentParser
import SextantChangePoint
import SextantCore

/// Detector options shared by `changepoints` and `evaluate-changepoints`.
struct ChangePointOptions: ParsableArguments {
    @Option(help: "Search method: pelt, binseg, edivisive (permutation test) or otava (Otava's windowed E-divisive).")
    var method: ChangePointMethod = .pelt

    @Option(help: "Penalty for pelt/binseg: mbic, bic or a non-negative number.")
    var penalty: Penalty = .mbic

    @Option(name: .customLong("min-size"), help: "Minimum segment length (runs).")
    var minSize: Int = ChangePointConfiguration().minimumSegmentLength

    @Option(help: "Signal model for pelt/binseg: mean (level shifts), meanvar, linear (changes of level and slope) or auto (mean or linear, whichever BIC prefers).")
    var model: ChangePointModel = ChangePointConfiguration().model

    @Flag(name: .customLong("no-robust"), help: "Do not standardise by the robust noise scale nor winsorise outliers.")
    var noRobust = false

    @Option(help: "Significance level of the edivisive permutation test / otava's max p-value.")
    var alpha: Double?

    @Option(name: .customLong("window"), help: "Otava mode: window length.")
    var window: Int = 50

    @Option(name: .customLong("min-magnitude"), help: "Otava mode: minimum relative change.")
    var minMagnitude: Double = 0

    @Option(help: "Metric direction: lower (lower is better) or higher. Default: the series' own direction from the store, else lower.")
    var direction: Direction?

    func validate() throws {
        guard minSize >= 1 else { throw ValidationError("--min-size must be at least 1") }
        if let alpha { guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be in (0, 1)") } }
        guard window >= 2 else { throw ValidationError("--window must be at least 2") }
    }

    /// The detector's configuration (the options were checked by `validate()`).
    func configuration() -> ChangePointConfiguration {
        var c = ChangePointConfiguration()
        c.method = method
        c.penalty = penalty
        c.minimumSegmentLength = minSize
        c.model = model
        c.robust = !noRobust
        if let direction { c.direction = direction }
        if let alpha {
            c.significance = alpha
            c.maxPValue = alpha
        }
        c.windowLength = window
        c.minMagnitude = minMagnitude
        return c
    }
}
