import Foundation

/// Absolute service-level limits, in the units of the seed's `sla_thresholds.json`
/// (milliseconds, operations per second, bytes). `nil` means "not checked".
public struct SLALimits: Sendable, Equatable, Codable {
    public var maxAvgTimeMs: Double?
    public var maxTotalTimeMs: Double?
    public var minThroughput: Double?
    public var maxMemoryUsage: Double?

    public init(maxAvgTimeMs: Double? = nil, maxTotalTimeMs: Double? = nil,
                minThroughput: Double? = nil, maxMemoryUsage: Double? = nil) {
        self.maxAvgTimeMs = maxAvgTimeMs
        self.maxTotalTimeMs = maxTotalTimeMs
        self.minThroughput = minThroughput
        self.maxMemoryUsage = maxMemoryUsage
    }

    /// True when no limit is set.
    public var isEmpty: Bool {
        maxAvgTimeMs == nil && maxTotalTimeMs == nil && minThroughput == nil && maxMemoryUsage == nil
    }
}

/// The status of an absolute SLA check.
public enum SLAStatus: String, Sendable, Codable, Equatable {
    /// Even the unfavourable bound of the interval is within the limit.
    case pass
    /// Even the favourable bound is past the limit.
    case violation
    /// The interval straddles the limit.
    case inconclusive
}

/// One absolute check against a limit of the policy.
public struct SLACheck: Sendable, Codable, Equatable {
    /// The policy key: `maxAvgTimeMs`, `maxTotalTimeMs`, `minThroughput`, `maxMemoryUsage`.
    public var key: String
    public var limit: Double
    /// Unit of `limit` and of the estimate (`ms`, `ops/s`, `B`).
    public var unit: String
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var status: SLAStatus
}

/// A forecast that the current trend crosses an SLA limit within the horizon.
public struct ForecastWarning: Sendable, Codable, Equatable {
    public var key: String
    public var limit: Double
    public var unit: String
    /// Runs until the point forecast crosses the limit.
    public var runsToBreach: Int
    /// Runs until the unfavourable prediction bound crosses (the earliest plausible breach).
    public var earliest: Int?
    /// Runs until the favourable bound crosses (nil: not within the horizon).
    public var latest: Int?
    public var horizon: Int
    /// Trend per run, relative to the current level.
    public var relativeSlopePerRun: Double
}

/// Which SLA limits apply to a metric and how a level interval is judged against them: the rule that
/// `sextant analyze`, the dashboard and the gate share.
public enum LimitChecks {
    /// A rate: the `throughput` metric or a unit per second.
    /// - Complexity: O(1).
    public static func isThroughput(metric: String, unit: String) -> Bool {
        metric.lowercased() == "throughput" || Units.toPerSecond(unit) != nil
    }

    /// A time unit.
    /// - Complexity: O(1).
    public static func isTime(unit: String) -> Bool {
        Units.toMilliseconds(unit) != nil
    }

    /// The lean-optics importer's `total_time` (the seed's `totalTimeMs`).
    /// - Complexity: O(1).
    public static func isTotalTime(_ metric: String) -> Bool {
        let m = metric.lowercased()
        return m == "total_time" || m == "totaltime" || m == "total"
    }

    /// A memory metric or a byte unit.
    /// - Complexity: O(1).
    public static func isMemory(metric: String, unit: String) -> Bool {
        metric.lowercased() == "memory" || Units.toBytes(unit) != nil
    }

    /// Pass when even the unfavourable bound meets the limit, violation when even the favourable bound
    /// is past it, inconclusive when the interval straddles it.
    /// - Complexity: O(1).
    public static func status(estimateLower lo: Double, upper hi: Double, limit: Double, isMaximum: Bool) -> SLAStatus {
        if isMaximum {
            if lo > limit { return .violation }
            if hi <= limit { return .pass }
        } else {
            if hi < limit { return .violation }
            if lo >= limit { return .pass }
        }
        return .inconclusive
    }

    /// The SLA limits that apply to a metric, judged on a level interval [lower, upper] given in `unit`.
    /// - Complexity: O(1).
    public static func checks(metric: String, unit: String, estimate mean: Double, lower lo: Double, upper hi: Double,
                              iterations: Int?, limits: SLALimits, deriveThroughput: Bool,
                              deriveTotal: Bool = true) -> [SLACheck] {
        var checks: [SLACheck] = []
        func add(_ key: String, _ limit: Double, _ unit: String, _ est: Double, _ l: Double, _ h: Double, max: Bool) {
            checks.append(SLACheck(key: key, limit: limit, unit: unit, estimate: est, lower: min(l, h), upper: Swift.max(l, h),
                                   status: status(estimateLower: min(l, h), upper: Swift.max(l, h), limit: limit, isMaximum: max)))
        }
        if isThroughput(metric: metric, unit: unit) {
            if let limit = limits.minThroughput, let f = Units.toPerSecond(unit) {
                add("minThroughput", limit, "ops/s", mean * f, lo * f, hi * f, max: false)
            }
        } else if isTime(unit: unit), let f = Units.toMilliseconds(unit), isTotalTime(metric) {
            if let limit = limits.maxTotalTimeMs { add("maxTotalTimeMs", limit, "ms", mean * f, lo * f, hi * f, max: true) }
        } else if isTime(unit: unit), let f = Units.toMilliseconds(unit) {
            if let limit = limits.maxAvgTimeMs { add("maxAvgTimeMs", limit, "ms", mean * f, lo * f, hi * f, max: true) }
            if deriveTotal, let limit = limits.maxTotalTimeMs, let it = iterations, it > 0 {
                let k = Double(it) * f
                add("maxTotalTimeMs", limit, "ms", mean * k, lo * k, hi * k, max: true)
            }
            if deriveThroughput, let limit = limits.minThroughput, lo > 0 {
                // Throughput implied by the average time: 1000 / avg ms operations per second.
                add("minThroughput", limit, "ops/s", 1000 / (mean * f), 1000 / (hi * f), 1000 / (lo * f), max: false)
            }
        } else if isMemory(metric: metric, unit: unit), let limit = limits.maxMemoryUsage, let f = Units.toBytes(unit) {
            add("maxMemoryUsage", limit, "B", mean * f, lo * f, hi * f, max: true)
        }
        return checks
    }

    /// The one limit a forecast of this metric is checked against for a breach, with the factor from the
    /// series' unit to the limit's unit and whether it is a maximum: `minThroughput` for rates,
    /// `maxTotalTimeMs` / `maxAvgTimeMs` for times, `maxMemoryUsage` for memory; nil when none applies.
    /// - Complexity: O(1).
    public static func forecastLimit(metric: String, unit: String, limits: SLALimits)
        -> (key: String, limit: Double, factor: Double, unit: String, isMaximum: Bool)? {
        if isThroughput(metric: metric, unit: unit) {
            if let l = limits.minThroughput, let f = Units.toPerSecond(unit) { return ("minThroughput", l, f, "ops/s", false) }
        } else if isTime(unit: unit), let f = Units.toMilliseconds(unit) {
            if isTotalTime(metric) {
                if let l = limits.maxTotalTimeMs { return ("maxTotalTimeMs", l, f, "ms", true) }
            } else if let l = limits.maxAvgTimeMs { return ("maxAvgTimeMs", l, f, "ms", true) }
        } else if isMemory(metric: metric, unit: unit), let l = limits.maxMemoryUsage, let f = Units.toBytes(unit) {
            return ("maxMemoryUsage", l, f, "B", true)
        }
        return nil
    }
}
