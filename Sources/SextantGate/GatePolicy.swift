import Foundation
import SextantAnalysis
import SextantHistory
import SextantText

/// Which way a metric improves: the history's `Direction` (`lower` / `higher`).
public typealias GateDirection = Direction

/// The settings that apply to one benchmark after the per-benchmark overrides are resolved.
public struct BenchmarkSettings: Sendable, Equatable {
    public var limits: SLALimits
    /// The seed's "maximum allowed regression" as a fraction (0.1 = 10%).
    public var regressionThreshold: Double
    /// The practical-significance band as a fraction: changes smaller than this are "no change".
    public var minimumEffect: Double
}

/// A per-benchmark override: a glob on the benchmark name and the keys it replaces.
public struct PolicyOverride: Sendable, Equatable {
    /// `fnmatch(3)` pattern on the benchmark name (`lens.*`, `*compose*`).
    public var pattern: String
    public var limits: SLALimits
    public var regressionThreshold: Double?
    public var minimumEffect: Double?
}

/// An error in a policy file, naming the file and (when known) the line.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// The gate's policy: the seed's SLA thresholds plus Sextant's statistical settings.
///
/// File format (JSON with `//` and `/* */` comments), every key optional:
/// `maxAvgTimeMs`, `maxTotalTimeMs`, `minThroughput`, `maxMemoryUsage`, `regressionThreshold`
/// (the seed's keys); `confidence` (default 0.95), `falseDiscoveryRate` (default 0.05),
/// `minimumEffect` (default: `regressionThreshold`), `forecastHorizon` (runs, default 20),
/// `baselineWindow` (runs, default 30), `directions` (`{"metric": "lower"|"higher"}`),
/// `overrides` (`[{"benchmark": GLOB, <threshold keys>}]`, later entries win).
/// See `docs/policy.md`.
public struct GatePolicy: Sendable, Equatable {
    /// Defaults for every benchmark.
    public var limits: SLALimits
    /// Default 0.10, the seed's value: a 10% regression is what the seed already considered material.
    public var regressionThreshold: Double
    /// The practical band; `nil` means "same as `regressionThreshold`".
    public var minimumEffect: Double?
    /// Two-sided confidence of every interval; 0.95 is the field's convention (criterion, benchstat).
    public var confidence: Double
    /// Benjamini-Hochberg level across all benchmarks of one gate run; 0.05 matches the confidence.
    public var falseDiscoveryRate: Double
    /// How many runs ahead the forecast looks for an SLA breach.
    public var forecastHorizon: Int
    /// The most recent runs considered as the baseline window (cut further at the last change point).
    public var baselineWindow: Int
    /// Direction per metric name; metrics not listed use the importer's direction.
    public var directions: [String: GateDirection]
    public var overrides: [PolicyOverride]
    /// Where `sextant notify` posts (the `notify` section; issue 19).
    public var notify: NotifyPolicy? = nil

    public init(limits: SLALimits = SLALimits(), regressionThreshold: Double = 0.10, minimumEffect: Double? = nil,
                confidence: Double = 0.95, falseDiscoveryRate: Double = 0.05, forecastHorizon: Int = 20,
                baselineWindow: Int = 30, directions: [String: GateDirection] = [:],
                overrides: [PolicyOverride] = []) {
        self.limits = limits
        self.regressionThreshold = regressionThreshold
        self.minimumEffect = minimumEffect
        self.confidence = confidence
        self.falseDiscoveryRate = falseDiscoveryRate
        self.forecastHorizon = forecastHorizon
        self.baselineWindow = baselineWindow
        self.directions = directions
        self.overrides = overrides
    }

    /// The settings for one benchmark: the defaults, then every matching override in file order.
    /// - Complexity: O(k) glob matches for k overrides.
    public func settings(for benchmark: String) -> BenchmarkSettings {
        var s = BenchmarkSettings(limits: limits, regressionThreshold: regressionThreshold,
                                  minimumEffect: minimumEffect ?? regressionThreshold)
        var explicitEffect = minimumEffect != nil
        for o in overrides where Glob.matches(o.pattern, benchmark) {
            if let v = o.limits.maxAvgTimeMs { s.limits.maxAvgTimeMs = v }
            if let v = o.limits.maxTotalTimeMs { s.limits.maxTotalTimeMs = v }
            if let v = o.limits.minThroughput { s.limits.minThroughput = v }
            if let v = o.limits.maxMemoryUsage { s.limits.maxMemoryUsage = v }
            if let v = o.regressionThreshold {
                s.regressionThreshold = v
                if !explicitEffect { s.minimumEffect = v }
            }
            if let v = o.minimumEffect { s.minimumEffect = v; explicitEffect = true }
        }
        return s
    }

    /// The direction of `metric`, from the policy when listed, else `fallback`.
    public func direction(of metric: String, fallback: GateDirection) -> GateDirection {
        directions[metric] ?? fallback
    }

    // MARK: Loading

    static let thresholdKeys: Set<String> = [
        "maxAvgTimeMs", "maxTotalTimeMs", "minThroughput", "maxMemoryUsage", "regressionThreshold", "minimumEffect",
    ]
    static let topLevelKeys: Set<String> = thresholdKeys.union([
        "confidence", "falseDiscoveryRate", "forecastHorizon", "baselineWindow", "directions", "overrides",
        "notify",
    ])

    /// Reads a policy file.
    /// - Throws: ``PolicyError`` naming the file and line for unreadable files, invalid JSON, unknown keys,
    ///   negative thresholds, a confidence or false discovery rate outside (0, 1).
    public static func load(contentsOf path: String) throws(PolicyError) -> GatePolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyError(file: path, line: nil, message: "cannot read policy file")
        }
        if let bad = UTF8Check.firstInvalid(data) {
            throw PolicyError(file: path, line: bad.line, message: "policy file is not UTF-8 text (\(bad.problem) at byte offset \(bad.offset))")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses policy text; `file` names the source in errors.
    public static func parse(_ text: String, file: String = "<policy>") throws(PolicyError) -> GatePolicy {
        let root: JSONValue
        do {
            // The seed's policy file is commented; everything else about it is strict RFC 8259.
            root = try JSONReader.parse(text, options: .init(allowsComments: true))
        } catch {
            throw PolicyError(file: file, line: error.line, message: "invalid JSON: \(error.message) (column \(error.column))")
        }
        guard case .object(let members, _) = root else {
            throw PolicyError(file: file, line: root.line ?? 1, message: "the policy must be a JSON object")
        }
        var policy = GatePolicy()
        var seen: Set<String> = []
        let unknown = members.filter { !topLevelKeys.contains($0.key) }
        if !unknown.isEmpty {
            let names = unknown.map { "\"\($0.key)\"" }.joined(separator: ", ")
            throw PolicyError(file: file, line: unknown[0].line,
                              message: "unknown key\(unknown.count > 1 ? "s" : "") \(names); allowed: \(topLevelKeys.sorted().joined(separator: ", "))")
        }
        for m in members {
            guard seen.insert(m.key).inserted else {
                throw PolicyError(file: file, line: m.line, message: "duplicate key \"\(m.key)\"")
            }
            switch m.key {
            case "confidence":
                let v = try number(m, file)
                guard v > 0, v < 1 else {
                    throw PolicyError(file: file, line: m.line, message: "\"confidence\" must lie strictly between 0 and 1, got \(v)")
                }
                policy.confidence = v
            case "falseDiscoveryRate":
                let v = try number(m, file)
                guard v > 0, v < 1 else {
                    throw PolicyError(file: file, line: m.line, message: "\"falseDiscoveryRate\" must lie strictly between 0 and 1, got \(v)")
                }
                policy.falseDiscoveryRate = v
            case "forecastHorizon", "baselineWindow":
                let v = try number(m, file)
                guard v >= 1, v == v.rounded(), v <= 1_000_000 else {
                    throw PolicyError(file: file, line: m.line, message: "\"\(m.key)\" must be a positive whole number of runs, got \(v)")
                }
                if m.key == "forecastHorizon" { policy.forecastHorizon = CheckedInteger.exact(v) ?? 1 } else {
                    guard v >= 2 else {
                        throw PolicyError(file: file, line: m.line, message: "\"baselineWindow\" needs at least 2 runs, got \(v)")
                    }
                    policy.baselineWindow = CheckedInteger.exact(v) ?? 2
                }
            case "directions":
                guard case .object(let dirs, _) = m.value else {
                    throw PolicyError(file: file, line: m.line, message: "\"directions\" must be an object of metric: \"lower\"|\"higher\"")
                }
                for d in dirs {
                    guard case .string(let s) = d.value, let dir = GateDirection(rawValue: s) else {
                        throw PolicyError(file: file, line: d.line, message: "direction of \"\(d.key)\" must be \"lower\" or \"higher\"")
                    }
                    policy.directions[d.key] = dir
                }
            case "notify":
                policy.notify = try NotifyPolicy.parse(m, file: file)
            case "overrides":
                guard case .array(let items) = m.value else {
                    throw PolicyError(file: file, line: m.line, message: "\"overrides\" must be an array of objects with a \"benchmark\" glob")
                }
                for item in items { policy.overrides.append(try parseOverride(item, file)) }
            default:
                var limits = policy.limits
                var rt: Double? = nil, me: Double? = nil
                try applyThreshold(m, file, &limits, &rt, &me)
                policy.limits = limits
                if let rt { policy.regressionThreshold = rt }
                if let me { policy.minimumEffect = me }
            }
        }
        return policy
    }

    private static func number(_ m: JSONMember, _ file: String) throws(PolicyError) -> Double {
        guard case .number(let v) = m.value else {
            throw PolicyError(file: file, line: m.line, message: "\"\(m.key)\" must be a number")
        }
        return v
    }

    private static func applyThreshold(_ m: JSONMember, _ file: String, _ limits: inout SLALimits,
                                       _ rt: inout Double?, _ me: inout Double?) throws(PolicyError) {
        let v = try number(m, file)
        guard v >= 0 else {
            throw PolicyError(file: file, line: m.line, message: "\"\(m.key)\" must not be negative, got \(v)")
        }
        switch m.key {
        case "maxAvgTimeMs": limits.maxAvgTimeMs = v
        case "maxTotalTimeMs": limits.maxTotalTimeMs = v
        case "minThroughput": limits.minThroughput = v
        case "maxMemoryUsage": limits.maxMemoryUsage = v
        case "regressionThreshold", "minimumEffect":
            guard v < 10 else {
                throw PolicyError(file: file, line: m.line, message: "\"\(m.key)\" is a fraction (0.1 = 10%), got \(v)")
            }
            if m.key == "regressionThreshold" { rt = v } else { me = v }
        default:
            throw PolicyError(file: file, line: m.line, message: "unknown key \"\(m.key)\"")
        }
    }

    private static func parseOverride(_ node: JSONValue, _ file: String) throws(PolicyError) -> PolicyOverride {
        guard case .object(let members, let line) = node else {
            throw PolicyError(file: file, line: node.line, message: "each override must be an object with a \"benchmark\" glob")
        }
        let allowed = thresholdKeys.union(["benchmark"])
        let unknown = members.filter { !allowed.contains($0.key) }
        if !unknown.isEmpty {
            let names = unknown.map { "\"\($0.key)\"" }.joined(separator: ", ")
            throw PolicyError(file: file, line: unknown[0].line,
                              message: "unknown key\(unknown.count > 1 ? "s" : "") \(names) in override; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        guard let b = members.first(where: { $0.key == "benchmark" }) else {
            throw PolicyError(file: file, line: line, message: "override without a \"benchmark\" glob")
        }
        guard case .string(let pattern) = b.value, !pattern.isEmpty else {
            throw PolicyError(file: file, line: b.line, message: "\"benchmark\" must be a non-empty glob string")
        }
        var o = PolicyOverride(pattern: pattern, limits: SLALimits(), regressionThreshold: nil, minimumEffect: nil)
        for m in members where m.key != "benchmark" {
            try applyThreshold(m, file, &o.limits, &o.regressionThreshold, &o.minimumEffect)
        }
        return o
    }
}
