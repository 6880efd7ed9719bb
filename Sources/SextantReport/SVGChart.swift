import Foundation
import SextantAnalysis
import SextantGate

/// A linear (or base-10 logarithmic) map from a data interval onto a pixel interval.
struct LinearScale: Sendable, Equatable {
    var domain: (lower: Double, upper: Double)
    var range: (lower: Double, upper: Double)
    /// Map log10 of the values (the domain must then be positive).
    var log = false

    static func == (a: Self, b: Self) -> Bool {
        a.domain == b.domain && a.range == b.range && a.log == b.log
    }

    func transform(_ x: Double) -> Double {
        log ? log10(max(x, domain.lower * 1e-6, .leastNormalMagnitude)) : x
    }

    func callAsFunction(_ x: Double) -> Double {
        let a = transform(domain.lower), b = transform(domain.upper)
        guard b != a else { return (range.lower + range.upper) / 2 }
        return range.lower + (transform(x) - a) / (b - a) * (range.upper - range.lower)
    }

    /// Tick values: on a log scale 1, 2, 5 times powers of ten inside the domain (thinned to at most
    /// `count + 2`), else a 1-2-5 step giving about `count` ticks.
    func ticks(_ count: Int) -> [Double] {
        if log, domain.lower > 0 {
            var out: [Double] = []
            let k0 = Int(floor(log10(domain.lower))), k1 = Int(ceil(log10(domain.upper)))
            for k in k0...max(k0, k1) {
                for m in [1.0, 2, 5] {
                    let t = m * pow(10, Double(k))
                    if t >= domain.lower * (1 - 1e-12), t <= domain.upper * (1 + 1e-12) { out.append(t) }
                }
            }
            if out.count > count + 2 { out = out.filter { abs(log10($0) - log10($0).rounded()) < 1e-9 } }
            if out.count >= 2 { return out }
            return LinearScale(domain: domain, range: range).ticks(count)
        }
        let step = LinearScale.niceStep((domain.upper - domain.lower) / Double(max(count, 1)))
        guard step > 0, step.isFinite else { return [] }
        var t = (domain.lower / step).rounded(.up) * step
        var out: [Double] = []
        while t <= domain.upper + step * 1e-9, out.count < 50 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 0 }
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * p >= raw * (1 - 1e-12) { return m * p }
        return 10 * p
    }
}

/// How values of one unit are shown on an axis: multiply by `factor` and append `suffix`.
struct DisplayScale: Sendable, Equatable {
    var factor: Double
    var suffix: String

    /// The readable unit for values around `magnitude` (normalised units: s, B, 1/s; anything else as is).
    init(unit: String, magnitude: Double) {
        let a = abs(magnitude)
        if let toMs = Units.toMilliseconds(unit) {
            let s = a * toMs / 1000
            let f = toMs / 1000
            if s < 1e-6 { self.init(factor: f * 1e9, suffix: "ns") }
            else if s < 1e-3 { self.init(factor: f * 1e6, suffix: "µs") }
            else if s < 1 { self.init(factor: f * 1e3, suffix: "ms") }
            else { self.init(factor: f, suffix: "s") }
        } else if let toB = Units.toBytes(unit) {
            let b = a * toB
            if b < 1024 { self.init(factor: toB, suffix: "B") }
            else if b < 1024 * 1024 { self.init(factor: toB / 1024, suffix: "KiB") }
            else if b < 1024 * 1024 * 1024 { self.init(factor: toB / 1024 / 1024, suffix: "MiB") }
            else { self.init(factor: toB / 1024 / 1024 / 1024, suffix: "GiB") }
        } else if let toPS = Units.toPerSecond(unit) {
            let r = a * toPS
            if r >= 1e9 { self.init(factor: toPS / 1e9, suffix: "G/s") }
            else if r >= 1e6 { self.init(factor: toPS / 1e6, suffix: "M/s") }
            else if r >= 1e3 { self.init(factor: toPS / 1e3, suffix: "k/s") }
            else { self.init(factor: toPS, suffix: "/s") }
        } else {
            self.init(factor: 1, suffix: unit)
        }
    }

    init(factor: Double, suffix: String) {
        self.factor = factor
        self.suffix = suffix
    }

    /// `value` with as many decimals as a tick `step` needs.
    func label(_ value: Double, step: Double) -> String {
        let s = abs(step * factor)
        let decimals = s > 0 && s.isFinite ? min(6, max(0, Int(-floor(log10(s) + 1e-9)))) : 2
        var text = DecimalFormat.fixed(value * factor, decimals: decimals)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
        return suffix.isEmpty ? text : "\(text) \(suffix)"
    }
}

/// Pixel coordinates with one decimal: enough for a screen, short, and deterministic.
func px(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let r = (x * 10).rounded() / 10
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    // The shortest round-trip text of a tenth is its one-decimal form (and much faster than String(format:)).
    return abs(r) < 1e15 ? r.description : DecimalFormat.fixed(r, decimals: 1)
}

/// Draws one ``DashboardPanel`` as an inline SVG small multiple: points, segment means as steps, the
/// current level's interval, change-point markers labelled with commit and relative change, the trend and
/// its 80% / 95% forecast fan, SLA limit lines and the expected breach.
///
/// A positive series whose runs span more than a factor ``logRatio`` (heavy-tailed timings of a loaded
/// machine) gets a log axis over all its runs. Otherwise the y axis is linear and robust: it spans the 2nd to 98th percentiles of the values widened by half their spread
/// (never beyond the extremes), so that one preempted run does not flatten the picture; values outside
/// are drawn as triangles on the edge. SLA limits far outside that range are named in a note instead of
/// squashing the data.
struct SVGChart {
    static let width = 640.0
    static let height = 270.0
    static let margin = (left: 74.0, right: 16.0, top: 12.0, bottom: 34.0)
    /// Above this max / min ratio of a positive series the y axis is logarithmic.
    static let logRatio = 4.0
    /// At most this many runs are drawn per static chart: about one per horizontal pixel pair of the
    /// 550-pixel plot (more are not visible apart); the rest are chosen away by
    /// ``LargestTriangleThreeBuckets`` for drawing only.
    static let maxPoints = 275

    let panel: DashboardPanel
    /// Unique id (used for the clip path).
    let id: String

    var n: Int { panel.values.count }
    var horizon: Int { panel.forecast.last?.step ?? 0 }

    var xScale: LinearScale {
        let m = SVGChart.margin
        return LinearScale(domain: (-0.5, Double(max(n, 1) - 1 + horizon) + 0.5),
                           range: (m.left, SVGChart.width - m.right))
    }

    /// The y domain and the limits that fall inside it.
    func yDomain() -> (scale: LinearScale, onScale: [DashboardLimit], offScale: [DashboardLimit]) {
        let m = SVGChart.margin
        let sorted = panel.values.sorted()
        var lo: Double, hi: Double
        if let first = sorted.first, let last = sorted.last, first > 0, last / first > SVGChart.logRatio {
            // Heavy-tailed timings: a log axis shows the typical runs and the slow ones together.
            lo = first; hi = last
            for f in panel.forecast {
                lo = min(lo, f.lower95 > 0 ? max(f.lower95, first / 1.5) : first / 1.5)
                hi = max(hi, min(f.upper95, last * 1.5))
            }
            var onScale: [DashboardLimit] = [], offScale: [DashboardLimit] = []
            for l in panel.limits {
                if l.value >= lo / 5, l.value <= hi * 5 { onScale.append(l) } else { offScale.append(l) }
            }
            for l in onScale { lo = min(lo, l.value); hi = max(hi, l.value) }
            let pad = pow(hi / lo, 0.05)
            return (LinearScale(domain: (lo / pad, hi * pad), range: (SVGChart.height - m.bottom, m.top), log: true), onScale, offScale)
        }
        if sorted.isEmpty {
            lo = 0; hi = 1
        } else {
            let qlo = quantile(sorted, 0.02), qhi = quantile(sorted, 0.98)
            let spread = max(qhi - qlo, abs(quantile(sorted, 0.5)) * 0.01)
            lo = max(sorted.first!, qlo - 0.5 * spread)
            hi = min(sorted.last!, qhi + 0.5 * spread)
            for s in panel.segments { let e = s.endLevels; lo = min(lo, e.first, e.last); hi = max(hi, e.first, e.last) }
            // The forecast fan widens the axis by at most half the data span either side.
            let span = max(hi - lo, spread)
            let (floor, ceiling) = (lo - 0.5 * span, hi + 0.5 * span)
            for f in panel.forecast {
                lo = min(lo, max(f.lower95, floor)); hi = max(hi, min(f.upper95, ceiling))
            }
            // A positive quantity's axis does not go below zero for the sake of a forecast band.
            if sorted.first! >= 0 { lo = max(lo, 0) }
        }
        var onScale: [DashboardLimit] = [], offScale: [DashboardLimit] = []
        let span = hi - lo
        for l in panel.limits {
            if l.value >= lo - 1.5 * max(span, abs(lo) * 0.05), l.value <= hi + 1.5 * max(span, abs(hi) * 0.05) {
                onScale.append(l)
            } else {
                offScale.append(l)
            }
        }
        for l in onScale { lo = min(lo, l.value); hi = max(hi, l.value) }
        if hi - lo <= 0 {
            let pad = abs(hi) > 0 ? abs(hi) * 0.05 : 1
            lo -= pad; hi += pad
        } else {
            let pad = (hi - lo) * 0.06
            lo -= pad; hi += pad
        }
        // Keep a positive quantity's axis from crossing zero just because of padding.
        if sorted.first.map({ $0 >= 0 }) ?? false, lo < 0 { lo = 0 }
        return (LinearScale(domain: (lo, hi), range: (SVGChart.height - m.bottom, m.top)), onScale, offScale)
    }

    func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        let f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    func render() -> String {
        let m = SVGChart.margin
        let w = SVGChart.width, h = SVGChart.height
        let x = xScale
        let (y, limits, offScale) = yDomain()
        let unit = panel.status.unit
        let top = m.top, bottom = h - m.bottom, left = m.left, right = w - m.right
        var o = "<svg class=\"chart\" viewBox=\"0 0 \(px(w)) \(px(h))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(Escape.xmlAttribute(panel.status.benchmark + " " + panel.status.metric))\">\n"
        o += "<defs><clipPath id=\"clip-\(id)\"><rect x=\"\(px(left))\" y=\"\(px(top))\" width=\"\(px(right - left))\" height=\"\(px(bottom - top))\"/></clipPath></defs>\n"
        o += "<rect class=\"plot\" x=\"\(px(left))\" y=\"\(px(top))\" width=\"\(px(right - left))\" height=\"\(px(bottom - top))\"/>\n"

        // Y grid and tick labels in a readable unit.
        let yTicks = y.ticks(4)
        let linearStep = yTicks.count >= 2 ? yTicks[1] - yTicks[0] : max(abs(y.domain.upper), 1e-300)
        let scale = DisplayScale(unit: unit, magnitude: max(abs(y.domain.lower), abs(y.domain.upper)))
        o += "<g class=\"grid\">"
        for t in yTicks {
            o += "<line x1=\"\(px(left))\" x2=\"\(px(right))\" y1=\"\(px(y(t)))\" y2=\"\(px(y(t)))\"/>"
        }
        o += "</g>\n<g class=\"axis y\">"
        for t in yTicks {
            // A log axis spans decades: each tick gets its own readable unit (50 ns, 200 ns, 1 µs).
            let text = y.log ? DisplayScale(unit: unit, magnitude: t).label(t, step: t) : scale.label(t, step: linearStep)
            o += "<text x=\"\(px(left - 6))\" y=\"\(px(y(t) + 4))\">\(Escape.xmlText(text))</text>"
        }
        if y.log { o += "<text class=\"note\" x=\"4\" y=\"\(px(h - 4))\">log scale</text>" }
        o += "</g>\n"

        // X ticks: run numbers (1-based) at a 1-2-5 step; the forecast region is labelled by its horizon.
        let runStep = max(1, Int(LinearScale.niceStep(Double(max(n, 1)) / 6)))
        o += "<g class=\"axis x\">"
        var run = runStep
        var xTicks = n >= 1 ? [1] : []
        while run <= n { if run != 1 { xTicks.append(run) }; run += runStep }
        for r in xTicks {
            let cx = x(Double(r - 1))
            o += "<line x1=\"\(px(cx))\" x2=\"\(px(cx))\" y1=\"\(px(bottom))\" y2=\"\(px(bottom + 4))\"/>"
            o += "<text x=\"\(px(cx))\" y=\"\(px(bottom + 16))\">\(r)</text>"
        }
        if horizon > 0 {
            let cx = x(Double(n - 1 + horizon))
            o += "<text class=\"fc\" x=\"\(px(cx))\" y=\"\(px(bottom + 16))\">+\(horizon)</text>"
        }
        o += "<text class=\"title\" x=\"\(px(left))\" y=\"\(px(h - 4))\">run</text>"
        o += "</g>\n"

        o += "<g clip-path=\"url(#clip-\(id))\">\n"
        // Forecast fan (95% outside, 80% inside), the point forecast, and the fitted trend.
        if !panel.forecast.isEmpty {
            let origin = Double(n - 1)
            func band(_ lower: KeyPath<DashboardForecastStep, Double>, _ upper: KeyPath<DashboardForecastStep, Double>) -> String {
                let up = panel.forecast.map { "\(px(x(origin + Double($0.step)))),\(px(y($0[keyPath: upper])))" }
                let down = panel.forecast.reversed().map { "\(px(x(origin + Double($0.step)))),\(px(y($0[keyPath: lower])))" }
                return (up + down).joined(separator: " ")
            }
            o += "<polygon class=\"fan95\" points=\"\(band(\.lower95, \.upper95))\"><title>95% prediction interval</title></polygon>\n"
            o += "<polygon class=\"fan80\" points=\"\(band(\.lower80, \.upper80))\"><title>80% prediction interval</title></polygon>\n"
            let line = panel.forecast.map { "\(px(x(origin + Double($0.step)))),\(px(y($0.estimate)))" }.joined(separator: " ")
            o += "<polyline class=\"forecast\" points=\"\(line)\"/>\n"
            if let start = panel.trendStart, let a = panel.trendStartLevel, let b = panel.trendEndLevel {
                o += "<line class=\"trend\" x1=\"\(px(x(Double(start))))\" y1=\"\(px(y(a)))\" x2=\"\(px(x(origin)))\" y2=\"\(px(y(b)))\"/>\n"
            }
        }
        // The current level's confidence interval over the current segment.
        if let last = panel.segments.last, panel.status.levelUpper > panel.status.levelLower {
            let x0 = x(Double(last.start) - 0.5), x1 = x(Double(last.end) - 0.5)
            let y0 = y(panel.status.levelUpper), y1 = y(panel.status.levelLower)
            o += "<rect class=\"level\" x=\"\(px(x0))\" y=\"\(px(y0))\" width=\"\(px(max(x1 - x0, 0.5)))\" height=\"\(px(max(y1 - y0, 0.5)))\"><title>current level \(Escape.xmlText(Format.quantity(panel.status.level, unit: unit))) [\(Escape.xmlText(Format.quantity(panel.status.levelLower, unit: unit))), \(Escape.xmlText(Format.quantity(panel.status.levelUpper, unit: unit)))]</title></rect>\n"
        }
        // Points; values outside the axis are drawn as triangles on its edge. Above `maxPoints` runs
        // the points drawn are chosen by largest-triangle-three-buckets (drawing only) and drawn as one
        // path of dots without per-run tooltips (the page's script shows every run when zoomed).
        let shown = n > SVGChart.maxPoints ? LargestTriangleThreeBuckets.indices(panel.values, threshold: SVGChart.maxPoints) : Array(0..<n)
        o += "<g class=\"points\" data-drawn=\"\(shown.count)\" data-runs=\"\(n)\">"
        var dots = ""
        for i in shown {
            let v = panel.values[i]
            let cx = x(Double(i))
            let label = i < panel.labels.count && !panel.labels[i].isEmpty ? " \(panel.labels[i])" : ""
            let tip = n > SVGChart.maxPoints ? "" : "<title>run \(i + 1)\(Escape.xmlText(label)): \(Escape.xmlText(Format.quantity(v, unit: unit)))</title>"
            if v > y.domain.upper {
                o += "<path class=\"clipped\" d=\"M\(px(cx)) \(px(top + 1))l-3.5 6h7z\">\(tip)</path>"
            } else if v < y.domain.lower {
                o += "<path class=\"clipped\" d=\"M\(px(cx)) \(px(bottom - 1))l-3.5 -6h7z\">\(tip)</path>"
            } else if n > SVGChart.maxPoints {
                dots += "M\(px(cx)) \(px(y(v)))h0"
            } else {
                o += "<circle cx=\"\(px(cx))\" cy=\"\(px(y(v)))\" r=\"2.2\">\(tip)</circle>"
            }
        }
        if !dots.isEmpty { o += "<path class=\"dots\" d=\"\(dots)\"/>" }
        o += "</g>\n"
        // Segment means as steps; trend segments (linear model) as sloped lines.
        if !panel.segments.isEmpty {
            var d = ""
            for (k, s) in panel.segments.enumerated() {
                let x0 = x(Double(s.start) - 0.5), x1 = x(Double(s.end) - 0.5)
                let (first, last) = s.endLevels
                d += k == 0 ? "M\(px(x0)) \(px(y(first)))" : "V\(px(y(first)))"
                d += s.slope == nil ? "H\(px(x1))" : "L\(px(x1)) \(px(y(last)))"
            }
            o += "<path class=\"steps\" d=\"\(d)\"/>\n"
        }
        // SLA limit lines.
        for l in limits {
            let ly = y(l.value)
            o += "<line class=\"limit \(l.check.status.rawValue)\" x1=\"\(px(left))\" x2=\"\(px(right))\" y1=\"\(px(ly))\" y2=\"\(px(ly))\"/>\n"
        }
        o += "</g>\n"
        // One label per line: limits that coincide (maxAvgTimeMs and the time implied by minThroughput) share it.
        var drawn: [(y: Double, text: String)] = []
        for l in limits {
            let ly = y(l.value)
            let text = "\(l.check.key) \(Format.slaQuantity(l.check.limit, unit: l.check.unit))"
            if let k = drawn.firstIndex(where: { abs($0.y - ly) < 11 }) { drawn[k].text += ", " + text } else { drawn.append((ly, text)) }
        }
        var labels = ""
        for d in drawn {
            let above = d.y - 4 > top + 10
            labels += "<text class=\"limit-label\" x=\"\(px(right - 4))\" y=\"\(px(above ? d.y - 4 : d.y + 12))\">\(Escape.xmlText("SLA " + d.text))</text>\n"
        }
        // Expected breach: a marker on the limit line at the forecast step.
        for b in panel.status.breaches {
            guard let l = limits.first(where: { $0.check.key == b.key }) else { continue }
            let bx = x(Double(n - 1 + b.runsToBreach))
            let range = "\(b.earliest.map(String.init) ?? "?")–\(b.latest.map(String.init) ?? ">\(b.horizon)")"
            o += "<circle class=\"breach\" cx=\"\(px(bx))\" cy=\"\(px(y(l.value)))\" r=\"5\"><title>\(Escape.xmlText("expected to cross \(b.key) in ~\(b.runsToBreach) runs (\(range))"))</title></circle>\n"
        }
        // Change points: a vertical marker between the last run of a segment and the first of the next.
        o += "<g class=\"changepoints\">"
        let labelled = labelledChangePoints(x)
        for c in panel.changePoints {
            let cx = x(Double(c.index) - 0.5)
            let worse = c.relativeChange.map(panel.isWorse) ?? false
            let change = c.relativeChange.map { Format.change(1 + $0) } ?? "?"
            let name = shortLabel(c.label) ?? "run \(c.index + 1)"
            let tip = "change at run \(c.index + 1)\(c.label.map { " (\($0))" } ?? ""): \(Format.quantity(c.levelBefore, unit: unit)) → \(Format.quantity(c.levelAfter, unit: unit)) (\(change))"
            o += "<g class=\"cp \(worse ? "worse" : "better")\" data-index=\"\(c.index)\" data-x=\"\(px(cx))\">"
            o += "<line x1=\"\(px(cx))\" x2=\"\(px(cx))\" y1=\"\(px(top))\" y2=\"\(px(bottom))\"/>"
            if labelled.contains(c.index) {
                o += "<text transform=\"translate(\(px(cx + 3)) \(px(top + 4))) rotate(90)\">\(Escape.xmlText("\(name) \(change)"))</text>"
            }
            o += "<title>\(Escape.xmlText(tip))</title></g>"
        }
        o += "</g>\n"
        // Limit labels over the change-point markers (their halo keeps them legible).
        o += labels
        // Limits too far from the data to draw without flattening it.
        for (k, l) in offScale.enumerated() {
            let dir = l.value > y.domain.upper ? "↑ above" : "↓ below"
            let text = "SLA \(l.check.key) \(Format.slaQuantity(l.check.limit, unit: l.check.unit)) \(dir) the axis"
            o += "<text class=\"offscale \(l.check.status.rawValue)\" x=\"\(px(right - 4))\" y=\"\(px(top + 14 + Double(k) * 13))\">\(Escape.xmlText(text))</text>\n"
        }
        if horizon > 0 {
            let nx = x(Double(n - 1) + 0.5)
            o += "<line class=\"now\" x1=\"\(px(nx))\" x2=\"\(px(nx))\" y1=\"\(px(top))\" y2=\"\(px(bottom))\"/>\n"
        }
        o += "</svg>"
        return o
    }

    /// The change points whose labels fit: the last one always, then the others by decreasing size of
    /// change, each at least 13 px from every label already placed (rotated labels are about 10 px wide).
    /// The others keep their marker and tooltip.
    func labelledChangePoints(_ x: LinearScale) -> Set<Int> {
        guard let last = panel.changePoints.last else { return [] }
        let rest = panel.changePoints.dropLast().sorted {
            (abs($0.relativeChange ?? 0), -$0.index) > (abs($1.relativeChange ?? 0), -$1.index)
        }
        var placed: [Double] = [], result: Set<Int> = []
        for c in [last] + rest {
            let cx = x(Double(c.index) - 0.5)
            if placed.allSatisfy({ abs($0 - cx) >= 13 }) { placed.append(cx); result.insert(c.index) }
        }
        return result
    }

    /// A short name for a marker: 7 characters of a hex commit hash, else the label up to 14 characters.
    func shortLabel(_ label: String?) -> String? {
        guard let label, !label.isEmpty else { return nil }
        if label.count >= 12, label.allSatisfy(\.isHexDigit) { return String(label.prefix(7)) }
        return label.count > 14 ? String(label.prefix(13)) + "…" : label
    }
}

/// A sparkline for the overview table: the run values as a 120 x 22 polyline, downsampled for drawing
/// only to ``points`` by ``LargestTriangleThreeBuckets``, with the last run as a dot and the last change
/// point as a tick.
struct Sparkline {
    static let width = 120.0
    static let height = 22.0
    /// About two pixels per point on a 120-pixel line.
    static let points = 60

    let panel: DashboardPanel

    func render() -> String {
        let v = panel.values
        guard v.count >= 2, let lo = v.min(), let hi = v.max() else { return "" }
        let keep = LargestTriangleThreeBuckets.indices(v, threshold: Sparkline.points)
        let x = LinearScale(domain: (0, Double(v.count - 1)), range: (1, Sparkline.width - 3))
        let y = LinearScale(domain: hi > lo ? (lo, hi) : (lo - 1, hi + 1), range: (Sparkline.height - 2, 2))
        let line = keep.map { "\(px(x(Double($0)))),\(px(y(v[$0])))" }.joined(separator: " ")
        var o = "<svg class=\"spark\" viewBox=\"0 0 \(px(Sparkline.width)) \(px(Sparkline.height))\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\">"
        if let c = panel.changePoints.last {
            let cx = x(Double(c.index) - 0.5)
            let worse = c.relativeChange.map(panel.isWorse) ?? false
            o += "<line class=\"\(worse ? "cpw" : "cpb")\" x1=\"\(px(cx))\" x2=\"\(px(cx))\" y1=\"0\" y2=\"\(px(Sparkline.height))\"/>"
        }
        o += "<polyline points=\"\(line)\"/>"
        o += "<circle cx=\"\(px(x(Double(v.count - 1))))\" cy=\"\(px(y(v[v.count - 1])))\" r=\"1.8\"/></svg>"
        return o
    }
}
