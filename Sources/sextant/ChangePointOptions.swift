import ArgumentParser
import SextantChangePoint

/// Detector options shared by `changepoints` and `evaluate-changepoints`.
struct ChangePointOptions: ParsableArguments {
    @Option(help: "Search method: pelt, binseg, edivisive (permutation test) or otava (Otava's windowed E-divisive).")
    var method: String = "pelt"

    @Option(help: "Penalty for pelt/binseg: mbic, bic or a non-negative number.")
    var penalty: String = "mbic"

    @Option(name: .customLong("min-size"), help: "Minimum segment length (runs).")
    var minSize: Int = ChangePointConfiguration().minimumSegmentLength

    @Option(help: "Signal model for pelt/binseg: mean (level shifts), meanvar, linear (changes of level and slope) or auto (mean or linear, whichever BIC prefers).")
    var model: String = ChangePointConfiguration().model.rawValue

    @Flag(name: .customLong("no-robust"), help: "Do not standardise by the robust noise scale nor winsorise outliers.")
    var noRobust = false

    @Option(help: "Significance level of the edivisive permutation test / otava's max p-value.")
    var alpha: Double?

    @Option(name: .customLong("window"), help: "Otava mode: window length.")
    var window: Int = 50

    @Option(name: .customLong("min-magnitude"), help: "Otava mode: minimum relative change.")
    var minMagnitude: Double = 0

    @Option(help: "Metric direction: lower (lower is better) or higher. Default: the series' own direction from the store, else lower.")
    var direction: String?

    func configuration() throws -> ChangePointConfiguration {
        var c = ChangePointConfiguration()
        guard let m = ChangePointMethod(rawValue: method) else {
            throw ValidationError("unknown --method '\(method)' (pelt, binseg, edivisive, otava)")
        }
        c.method = m
        guard let p = Penalty(parsing: penalty) else {
            throw ValidationError("--penalty must be mbic, bic or a non-negative number, not '\(penalty)'")
        }
        c.penalty = p
        guard minSize >= 1 else { throw ValidationError("--min-size must be at least 1") }
        c.minimumSegmentLength = minSize
        guard let cm = ChangePointModel(rawValue: model) else {
            throw ValidationError("--model must be mean, meanvar, linear or auto, not '\(model)'")
        }
        c.model = cm
        c.robust = !noRobust
        if let direction {
            guard let d = Direction(parsing: direction) else { throw ValidationError("--direction must be lower or higher") }
            c.direction = d
        }
        if let alpha {
            guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be in (0, 1)") }
            c.significance = alpha
            c.maxPValue = alpha
        }
        guard window >= 2 else { throw ValidationError("--window must be at least 2") }
        c.windowLength = window
        c.minMagnitude = minMagnitude
        return c
    }
}
