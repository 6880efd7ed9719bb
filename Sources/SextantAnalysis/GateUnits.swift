import Foundation

/// Unit conversions the SLA checks need (the policy speaks milliseconds, ops/s and bytes).
public enum GateUnits {
    /// Multiplier from `unit` to milliseconds, for time units.
    public static func toMilliseconds(_ unit: String) -> Double? {
        switch unit.lowercased() {
        case "s", "sec", "secs", "second", "seconds": return 1000
        case "ms", "msec", "millisecond", "milliseconds": return 1
        case "us", "µs", "μs", "usec", "microsecond", "microseconds": return 1e-3
        case "ns", "nsec", "nanosecond", "nanoseconds", "ns/iter": return 1e-6
        case "min", "minute", "minutes": return 60_000
        default: return nil
        }
    }

    /// Multiplier from `unit` to operations per second, for rate units.
    public static func toPerSecond(_ unit: String) -> Double? {
        switch unit.lowercased() {
        case "1/s", "/s", "ops/s", "op/s", "hz", "per second", "ops/sec": return 1
        case "1/ms", "ops/ms": return 1000
        default: return nil
        }
    }

    /// Multiplier from `unit` to bytes, for memory units.
    public static func toBytes(_ unit: String) -> Double? {
        switch unit.lowercased() {
        case "b", "byte", "bytes": return 1
        case "kb", "kib": return 1024
        case "mb", "mib": return 1024 * 1024
        case "gb", "gib": return 1024 * 1024 * 1024
        default: return nil
        }
    }
}
