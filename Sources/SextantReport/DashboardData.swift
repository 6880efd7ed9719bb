import Foundation

extension DashboardPanel {
    /// Every run has the same value (e.g. an all-zero memory counter): the dashboard shows it as one
    /// line, without a chart. Needs two runs (one run is not "constant", just alone).
    /// - Complexity: O(n).
    public var isConstant: Bool {
        guard let first = values.first, values.count >= 2 else { return false }
        return values.allSatisfy { $0 == first }
    }
}

extension Dashboard {
    /// The runs of all panels, once each (commits and times are shared by every series of a run):
    /// `[[id, commit, time], ...]` ordered by time, then id; series refer to runs by index.
    struct RunTable: Sendable {
        var runs: [DashboardRun] = []
        var index: [DashboardRun: Int] = [:]

        /// - Complexity: O(total points) expected (hashing) plus O(r log r) for r distinct runs.
        init(_ panels: [DashboardPanel]) {
            var seen = Set<DashboardRun>()
            for p in panels { for r in p.runs { seen.insert(r) } }
            runs = seen.sorted { ($0.time ?? -.infinity, $0.id, $0.commit) < ($1.time ?? -.infinity, $1.id, $1.commit) }
            index.reserveCapacity(runs.count)
            for (k, r) in runs.enumerated() { index[r] = k }
        }

        func json() -> String {
            var o = "["
            for (k, r) in runs.enumerated() {
                if k > 0 { o += "," }
                o += "[\(Format.scriptString(r.id)),\(Format.scriptString(r.commit)),\(r.time.map { Dashboard.number($0) } ?? "null")]"
            }
            return o + "]"
        }
    }

    /// A number for the page's data: six significant digits (drawing and hover text show four), the
    /// shortest text of that rounded value (Swift's round-trip `description`, which is also valid JSON);
    /// `null` when not finite. Avoids `String(format:)`, which costs microseconds per call on Linux and
    /// is called once per run of every series.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let scale = pow(10, 5 - floor(log10(abs(x))))
        var r = (x * scale).rounded() / scale
        if !r.isFinite || r == 0 { r = x }
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return r.description
    }

    static func numbers(_ xs: [Double]) -> String {
        "[" + xs.map(number).joined(separator: ",") + "]"
    }

    /// The data the page's script draws one series from (all computed before: values, the analysis'
    /// segments, change points, level interval, trend, forecast fan and limits, and the y axis of the
    /// static chart, so that the script makes no statistical or display decision of its own).
    /// - Complexity: O(n + horizon).
    static func seriesJSON(_ p: DashboardPanel, runs: RunTable) -> String {
        let s = p.status
        let chart = SVGChart(panel: p, id: "")
        let (y, onScale, _) = chart.yDomain()
        let display = DisplayScale(unit: s.unit, magnitude: max(abs(y.domain.lower), abs(y.domain.upper)))
        var o = "{\"b\":\(Format.scriptString(s.benchmark)),\"m\":\(Format.scriptString(s.metric)),\"u\":\(Format.scriptString(s.unit))"
        o += ",\"worse\":\(s.direction == .lowerIsBetter ? "\"up\"" : "\"down\"")"
        o += ",\"v\":\(numbers(p.values))"
        if p.runs.count == p.values.count {
            o += ",\"r\":[" + p.runs.map { String(runs.index[$0] ?? -1) }.joined(separator: ",") + "]"
        } else {
            o += ",\"r\":null,\"labels\":[" + p.labels.map(Format.scriptString).joined(separator: ",") + "]"
        }
        o += ",\"seg\":[" + p.segments.map { seg in
            // [start, end, mean, level at the first run, level at the last run]: a trend segment
            // (linear change-point model) is drawn sloped, a level flat (both ends equal its mean).
            let e = seg.endLevels
            return "[\(seg.start),\(seg.end),\(number(seg.mean)),\(number(e.first)),\(number(e.last))]"
        }.joined(separator: ",") + "]"
        o += ",\"cp\":[" + p.changePoints.map { c in
            "[\(c.index),\(number(c.relativeChange ?? .nan)),\((c.relativeChange.map(p.isWorse) ?? false) ? 1 : 0)]"
        }.joined(separator: ",") + "]"
        if p.status.levelUpper > p.status.levelLower, s.level.isFinite {
            o += ",\"lvl\":[\(number(s.level)),\(number(s.levelLower)),\(number(s.levelUpper))]"
        } else {
            o += ",\"lvl\":null"
        }
        if let start = p.trendStart, let a = p.trendStartLevel, let b = p.trendEndLevel {
            o += ",\"tr\":[\(start),\(number(a)),\(number(b))]"
        } else {
            o += ",\"tr\":null"
        }
        o += ",\"fc\":[" + p.forecast.map {
            "[\($0.step),\(number($0.estimate)),\(number($0.lower80)),\(number($0.upper80)),\(number($0.lower95)),\(number($0.upper95))]"
        }.joined(separator: ",") + "]"
        o += ",\"lim\":[" + onScale.map {
            "[\(number($0.value)),\(Format.scriptString("SLA \($0.check.key) \(Format.slaQuantity($0.check.limit, unit: $0.check.unit))"))]"
        }.joined(separator: ",") + "]"
        o += ",\"y\":[\(number(y.domain.lower)),\(number(y.domain.upper)),\(y.log ? 1 : 0)]"
        o += ",\"ds\":[\(number(display.factor)),\(Format.scriptString(display.suffix))]}"
        return o
    }
}
