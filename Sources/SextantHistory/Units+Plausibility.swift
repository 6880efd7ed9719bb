import SextantCore

extension Units {
    /// Plausibility bounds for normalised values: beyond these a value is taken as a unit or parsing error.
    ///
    /// Time above 10^7 s (about 116 days) for a single benchmark value, memory above 2^60 bytes (an
    /// exbibyte) and rates above 10^15 per second are not measurements a benchmark tool produces.
    static func problem(value: Double, kind: Kind) -> String? {
        if !value.isFinite { return "value \(value) is not a finite number" }
        switch kind {
        case .time:
            if value < 0 { return "negative time \(value) s" }
            if value > 1e7 { return "absurd time \(value) s (over 116 days)" }
        case .memory:
            if value < 0 { return "negative memory \(value) B" }
            if value > 1_152_921_504_606_846_976 { return "absurd memory \(value) B (over 1 EiB)" }
        case .rate:
            if value < 0 { return "negative rate \(value) per second" }
            if value > 1e15 { return "absurd rate \(value) per second" }
        case .count:
            if value < 0 { return "negative count \(value)" }
        case .other:
            break
        }
        return nil
    }
}
