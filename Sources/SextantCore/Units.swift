import Foundation

/// The one unit table of Sextant: time to seconds, memory to bytes, rates to per second. Ingest
/// normalises with it, the SLA checks convert with it (``factor(_:to:)``), every renderer prints with
/// ``display(_:unit:)``.
///
/// SI and IEC prefixes are distinct: `kB`/`KB` is 10^3, `MB` 10^6, `GB` 10^9, `TB` 10^12; `KiB` is 2^10,
/// `MiB` 2^20, `GiB` 2^30, `TiB` 2^40 (IEC 80000-13). Case is significant, on purpose: in SI `m` (milli)
/// and `M` (mega) differ and `b` is a bit for most tools, so only the spellings listed are accepted
/// (`KB` as a common spelling of the kilobyte, `B`/`b`/`byte(s)` for bytes, `Hz`/`hz`). A spelling that is
/// not listed (`mb`, `MS`, `kib`) is not guessed: it passes through with a factor of 1 and kind `.other`,
/// so that no data is rejected only for an exotic unit, and no SLA limit is applied to it.
public enum Units {
    /// The kind of quantity a unit measures.
    public enum Kind: String, Sendable { case time, memory, rate, count, other }

    /// A normalised unit: multiply a value in the original unit by `factor` to get `unit`.
    public struct Normalised: Sendable, Equatable {
        public var unit: String
        public var factor: Double
        public var kind: Kind

        public init(unit: String, factor: Double, kind: Kind) {
            self.unit = unit; self.factor = factor; self.kind = kind
        }
    }

    /// The normalisation of `raw` (e.g. `ns/iter`, `ms`, `MiB`, `ops/sec`).
    public static func normalise(_ raw: String) -> Normalised {
        let trimmed = trimmingWhitespace(raw)
        if let f = timeFactor(trimmed) { return Normalised(unit: "s", factor: f, kind: .time) }
        // "<time unit>/<anything>" such as ns/iter, ns/op, ms/run: time per operation.
        if let slash = trimmed.firstIndex(of: "/") {
            let head = trimmingWhitespace(String(trimmed[..<slash]))
            let tail = trimmingWhitespace(String(trimmed[trimmed.index(after: slash)...]))
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

    /// `s` without leading and trailing whitespace: the scalars of Foundation's
    /// `CharacterSet.whitespaces` (tab, the space separators of Unicode category Zs and, in Foundation's
    /// set, U+200B ZERO WIDTH SPACE), trimmed scalar by scalar as `trimmingCharacters(in: .whitespaces)`
    /// does, without Foundation (display normalises a unit for every cell of every table).
    /// - Complexity: O(length of `s`); O(1) when `s` starts and ends with an ASCII non-blank.
    static func trimmingWhitespace(_ s: String) -> String {
        let utf8 = s.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return s
        }
        func blank(_ u: Unicode.Scalar) -> Bool {
            switch u.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !blank($0) })!
        return String(scalars[start...end])
    }

    /// The direction a unit implies: rates improve upwards, everything else downwards.
    public static func direction(of kind: Kind) -> Direction {
        kind == .rate ? .higherIsBetter : .lowerIsBetter
    }

    /// Time units in seconds.
    static let timeFactors = table([
        (["ns", "nanosecond", "nanoseconds", "nsec"], 1e-9),
        (["us", "μs", "µs", "microsecond", "microseconds", "usec"], 1e-6),
        (["ms", "millisecond", "milliseconds", "msec"], 1e-3),
        (["s", "sec", "secs", "second", "seconds"], 1),
        (["min", "minute", "minutes"], 60),
        (["h", "hour", "hours"], 3600),
    ])

    /// Memory units in bytes: SI and IEC prefixes kept apart.
    static let memoryFactors = table([
        (["B", "b", "byte", "bytes"], 1),
        (["KB", "kB"], 1e3), (["MB"], 1e6), (["GB"], 1e9), (["TB"], 1e12),
        (["KiB"], 1024), (["MiB"], 1_048_576), (["GiB"], 1_073_741_824), (["TiB"], 1_099_511_627_776),
    ])

    /// Count prefixes of a rate's numerator (`Kops/s`, `M/s`).
    static let countPrefixes = table([(["K", "k", "Kops", "kops"], 1e3), (["M", "Mops"], 1e6), (["G"], 1e9)])

    /// One dictionary from rows of (spellings, factor); a spelling is listed once.
    private static func table(_ rows: [([String], Double)]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: rows.flatMap { spellings, factor in spellings.map { ($0, factor) } })
    }

    static func timeFactor(_ u: String) -> Double? { timeFactors[u] }
    static func memoryFactor(_ u: String) -> Double? { memoryFactors[u] }
    static func countPrefix(_ u: String) -> Double? { countPrefixes[u] }
}

extension Units {
    /// Most raw samples one measurement may carry: 10^7 (80 MB as float64), far beyond any tool's
    /// output (package-benchmark histograms are capped at 10^6 values) and far below SQLite's
    /// 10^9-byte limit on one value.
    public static let maximumSamples = 10_000_000

    /// The factor from `unit` to `target` when both measure the same kind of quantity (`factor("MB", to: "B")`
    /// is 1e6, `factor("us", to: "ms")` is 1e-3, `factor("ops/ms", to: "1/s")` is 1000), else nil. Units
    /// outside the table (kind `.other`) convert to nothing, not even to themselves.
    /// - Complexity: O(length of the unit strings).
    public static func factor(_ unit: String, to target: String) -> Double? {
        let u = normalise(unit), t = normalise(target)
        guard u.kind != .other, u.kind == t.kind, u.unit == t.unit else { return nil }
        return u.factor / t.factor
    }

    /// Multiplier from `unit` to milliseconds, for time units (the SLA limits' `maxAvgTimeMs`, `maxTotalTimeMs`).
    /// - Complexity: O(1).
    public static func toMilliseconds(_ unit: String) -> Double? { factor(unit, to: "ms") }

    /// Multiplier from `unit` to operations per second, for rates of counts (the SLA's `minThroughput`).
    /// - Complexity: O(1).
    public static func toPerSecond(_ unit: String) -> Double? { factor(unit, to: "1/s") }

    /// Multiplier from `unit` to bytes, for memory units (the SLA's `maxMemoryUsage`).
    /// - Complexity: O(1).
    public static func toBytes(_ unit: String) -> Double? { factor(unit, to: "B") }
}

extension Units {
    /// The one display rule of every table, report and chart: `value` in `unit` scaled to a readable
    /// magnitude with four significant digits (``significant(_:digits:)``). Times in s, ms, µs or ns;
    /// memory in B, KiB, MiB, GiB (IEC: allocations and page sizes are powers of two), byte rates alike
    /// per second; rates of counts in /s, k/s, M/s, G/s; any other unit as the number with its unit; `-` when not finite.
    ///
    /// `0.00303988` s and `3.03988e-09` s print `3.040 ms` and `3.040 ns`; 10,020,000 B prints `9.556 MiB`.
    /// - Complexity: O(1).
    public static func display(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "-" }
        // The unit is normalised once (it was up to eight times, through `factor(_:to:)` for each
        // target); each target's own normalisation is a constant. The arithmetic is `factor`'s.
        let u = normalise(unit)
        func to(_ t: Normalised) -> Double? {
            guard u.kind != .other, u.kind == t.kind, u.unit == t.unit else { return nil }
            return u.factor / t.factor
        }
        if let toMs = to(Target.ms) {
            let s = value * toMs / 1000
            let a = abs(s)
            if a == 0 { return "0 s" }
            if a < 1e-6 { return significant(s * 1e9) + " ns" }
            if a < 1e-3 { return significant(s * 1e6) + " µs" }
            if a < 1 { return significant(s * 1e3) + " ms" }
            return significant(s) + " s"
        }
        /// Bytes (per `suffix`) with the IEC prefix that keeps the number below 1024.
        func binary(_ b: Double, _ suffix: String) -> String {
            let a = abs(b)
            if a < 1024 { return significant(b) + " B" + suffix }
            if a < 1024 * 1024 { return significant(b / 1024) + " KiB" + suffix }
            if a < 1024 * 1024 * 1024 { return significant(b / 1024 / 1024) + " MiB" + suffix }
            return significant(b / 1024 / 1024 / 1024) + " GiB" + suffix
        }
        if let toB = to(Target.bytes) { return binary(value * toB, "") }
        if let toBps = to(Target.bytesPerSecond) { return binary(value * toBps, "/s") }
        if let toPS = to(Target.perSecond) {
            let r = value * toPS
            let a = abs(r)
            if a >= 1e9 { return significant(r / 1e9) + "G/s" }
            if a >= 1e6 { return significant(r / 1e6) + "M/s" }
            if a >= 1e3 { return significant(r / 1e3) + "k/s" }
            return significant(r) + "/s"
        }
        return unit.isEmpty ? significant(value) : significant(value) + " " + unit
    }

    /// The normalised targets of ``display(_:unit:)``, computed once.
    enum Target {
        static let ms = normalise("ms")
        static let bytes = normalise("B")
        static let bytesPerSecond = normalise("B/s")
        static let perSecond = normalise("1/s")
    }

    /// `digits` significant digits in fixed notation for magnitudes in [1e-3, 1e6), else with an exponent
    /// (`1.235e+07`); `nan`, `inf`, `-inf` for non-finite values.
    /// - Complexity: O(1).
    public static func significant(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e6 || a < 1e-3 { return DecimalFormat.exponential(x, decimals: digits - 1) }
        let decimals = max(0, digits - 1 - Int(floor(log10(a))))
        return DecimalFormat.fixed(x, decimals: decimals)
    }
}
