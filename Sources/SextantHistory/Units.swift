import Foundation

/// Unit normalisation: time to seconds, memory to bytes, rates to per second.
///
/// Recognised spellings are case-sensitive where SI needs it (`ms` vs `Ms` do not clash in practice,
/// `MB` is 10^6 and `MiB` 2^20). Unknown units pass through unchanged with a factor of 1, so that no
/// data is rejected only for an exotic unit.
public enum Units {
    /// The kind of quantity a unit measures.
    public enum Kind: String, Sendable { case time, memory, rate, count, other }

    /// A normalised unit: multiply a value in the original unit by `factor` to get `unit`.
    public struct Normalised: Sendable, Equatable {
        public var unit: String
        public var factor: Double
        public var kind: Kind
    }

    /// The normalisation of `raw` (e.g. `ns/iter`, `ms`, `MiB`, `ops/sec`).
    public static func normalise(_ raw: String) -> Normalised {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if let f = timeFactor(trimmed) { return Normalised(unit: "s", factor: f, kind: .time) }
        // "<time unit>/<anything>" such as ns/iter, ns/op, ms/run: time per operation.
        if let slash = trimmed.firstIndex(of: "/") {
            let head = String(trimmed[..<slash]).trimmingCharacters(in: .whitespaces)
            let tail = String(trimmed[trimmed.index(after: slash)...]).trimmingCharacters(in: .whitespaces)
            if let f = timeFactor(head), timeFactor(tail) == nil {
                return Normalised(unit: "s", factor: f, kind: .time)
            }
            if let f = timeFactor(tail) {
                // a count or amount per unit of time: a rate
                let scale = memoryFactor(head) ?? countPrefix(head) ?? 1
                return Normalised(unit: memoryFactor(head) != nil ? "B/s" : "1/s", factor: scale / f, kind: .rate)
            }
        }
        if let f = memoryFactor(trimmed) { return Normalised(unit: "B", factor: f, kind: .memory) }
        switch trimmed {
        case "#", "count": return Normalised(unit: "count", factor: 1, kind: .count)
        case "K": return Normalised(unit: "count", factor: 1e3, kind: .count)
        case "M": return Normalised(unit: "count", factor: 1e6, kind: .count)
        case "G": return Normalised(unit: "count", factor: 1e9, kind: .count)
        case "Hz", "hz": return Normalised(unit: "1/s", factor: 1, kind: .rate)
        default: return Normalised(unit: trimmed, factor: 1, kind: .other)
        }
    }

    /// The direction a unit implies: rates improve upwards, everything else downwards.
    public static func direction(of kind: Kind) -> Direction {
        kind == .rate ? .higherIsBetter : .lowerIsBetter
    }

    static func timeFactor(_ u: String) -> Double? {
        switch u {
        case "ns", "nanosecond", "nanoseconds", "nsec": return 1e-9
        case "us", "μs", "µs", "microsecond", "microseconds", "usec": return 1e-6
        case "ms", "millisecond", "milliseconds", "msec": return 1e-3
        case "s", "sec", "secs", "second", "seconds": return 1
        case "min", "minute", "minutes": return 60
        case "h", "hour", "hours": return 3600
        default: return nil
        }
    }

    static func memoryFactor(_ u: String) -> Double? {
        switch u {
        case "B", "b", "byte", "bytes": return 1
        case "KB", "kB": return 1e3
        case "MB": return 1e6
        case "GB": return 1e9
        case "TB": return 1e12
        case "KiB": return 1024
        case "MiB": return 1_048_576
        case "GiB": return 1_073_741_824
        case "TiB": return 1_099_511_627_776
        default: return nil
        }
    }

    static func countPrefix(_ u: String) -> Double? {
        switch u {
        case "K", "k", "Kops", "kops": return 1e3
        case "M", "Mops": return 1e6
        case "G": return 1e9
        default: return nil
        }
    }
}

extension Units {
    /// Most raw samples one measurement may carry: 10^7 (80 MB as float64), far beyond any tool's
    /// output (package-benchmark histograms are capped at 10^6 values) and far below SQLite's
    /// 10^9-byte limit on one value.
    public static let maximumSamples = 10_000_000

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

extension Units {
    /// `value` (in a normalised unit) in the most readable unit, 4 significant digits:
    /// `0.00123` s renders `1.230 ms`, `3.2e9` B renders `3.200 GB`, `2.5e6` 1/s renders `2.500 M/s`.
    public static func readable(_ value: Double, unit: String) -> String {
        func scaled(_ steps: [(Double, String)]) -> String {
            let a = abs(value)
            for (f, name) in steps where a >= f || f == steps.last!.0 {
                return String(format: "%.4g %@", value / f, name)
            }
            return "\(value) \(unit)"
        }
        switch unit {
        case "s": return value == 0 ? "0 s" : scaled([(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")])
        case "B": return scaled([(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1, "B")])
        case "1/s": return scaled([(1e9, "G/s"), (1e6, "M/s"), (1e3, "k/s"), (1, "/s")])
        case "B/s": return scaled([(1e9, "GB/s"), (1e6, "MB/s"), (1e3, "kB/s"), (1, "B/s")])
        case "": return String(format: "%.6g", value)
        default: return String(format: "%.6g %@", value, unit)
        }
    }
}
