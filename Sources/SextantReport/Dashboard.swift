import Dispatch
import Foundation
import SextantAnalysis
import SextantGate

/// Where `sextant dashboard` puts the per-series data its page loads on demand.
public struct DashboardSite: Sendable {
    /// The page a browser opens first.
    public var index: String
    /// Files beside it (relative path -> contents): one script per drawn series and the run table.
    /// Empty when the data is embedded in the page (``Dashboard/DataPlacement/embedded``).
    public var files: [(path: String, contents: String)]
}

/// The performance dashboard (`sextant dashboard`): a static HTML page that opens fast on a thousand
/// series, with a script that adds filtering, sorting and zoomable charts, and that still reads well
/// with scripts off.
///
/// - Overview: one table row per series (status, runs, last change, level with its interval, trend, a
///   sparkline, forecast, SLA status, time to breach), the attention cases first (``SeriesAttention``).
///   Constant series (every run the same value, e.g. an all-zero memory counter) collapse to one line.
/// - Charts: a full static SVG chart (``SVGChart``) for every series that needs attention; the others
///   are drawn on demand (opening a row) from their data, which is either embedded in the page or, for a
///   large store, written as one small script per series beside the page (loaded with a `<script>`
///   element, so it works from `file://` without a server).
/// - Drawing only is downsampled: a chart draws at most ``SVGChart/maxPoints`` runs (sparklines
///   ``Sparkline/points``) chosen by ``LargestTriangleThreeBuckets``; every statistic on the page comes
///   from the analysis of every run, and the page says so.
///
/// No network: no external script, style, font or image; every text is escaped for its context
/// (``Format/xml(_:)`` in markup, ``Format/scriptString(_:)`` in the embedded data), and the script
/// writes names with `textContent` only. The page is well-formed XML. The output depends only on the
/// panels and the arguments (no clock, no locale, no hashing order): the same input gives the same bytes.
public enum Dashboard {
    /// Where the per-series chart data goes.
    public enum DataPlacement: Sendable, Equatable {
        /// In the page itself (one file; for a few series or standard output).
        case embedded
        /// One script per series in this folder, relative to the page (e.g. `dashboard-data/`).
        case files(directory: String)
    }

    /// The page alone, data embedded (the whole dashboard in one string).
    /// - Complexity: O(total number of points).
    public static func render(_ panels: [DashboardPanel], title: String = "Sextant performance dashboard",
                              context: [String] = [], confidence: Double = 0.95, commitURL: String? = nil) -> String {
        site(panels, title: title, context: context, confidence: confidence, commitURL: commitURL, data: .embedded).index
    }

    /// The page and the files beside it.
    /// - Parameters:
    ///   - panels: one per series, from ``DashboardPanel/panels(for:runs:policy:analyze:)``.
    ///   - title: the page title.
    ///   - context: lines describing the source (store, filters, history span), shown under the title.
    ///   - confidence: the confidence of the level, trend and forecast intervals in the table (the policy's).
    ///   - commitURL: a link template with `{commit}` (e.g. `https://github.com/OWNER/REPO/commit/{commit}`);
    ///     commits are linked when given. Only `http://` and `https://` templates are accepted by the CLI.
    ///   - data: where the per-series data goes.
    ///   - progress: called once per series written (for a progress bar).
    /// - Complexity: O(total number of points).
    public static func site(_ panels: [DashboardPanel], title: String = "Sextant performance dashboard",
                            context: [String] = [], confidence: Double = 0.95, commitURL: String? = nil,
                            data: DataPlacement = .embedded, progress: (() -> Void)? = nil) -> DashboardSite {
        let ordered = order(panels)
        let runTable = RunTable(ordered)
        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        o += "<meta name=\"generator\" content=\"sextant dashboard\"/>\n"
        o += "<title>\(Escape.xmlText(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        o += "<header>\n<h1>\(Escape.xmlText(title))</h1>\n"
        for line in context { o += "<p class=\"context\">\(Escape.xmlText(line))</p>\n" }
        o += counts(ordered)
        o += "</header>\n"
        o += controls
        // Rows, charts and data of each series are independent: built on every core, joined in order.
        let needsChart = ordered.map { $0.attention != .ok && !$0.isConstant }
        let pieces = parallelMap(Array(ordered.enumerated())) { k, p -> (row: String, figure: String, json: String) in
            (row(p, k: k, commitURL: commitURL), needsChart[k] ? figure(p, id: k) : "",
             p.isConstant ? "" : seriesJSON(p, runs: runTable))
        }
        o += summary(ordered, rows: pieces.map(\.row), confidence: confidence)
        let attention = ordered.enumerated().filter { needsChart[$0.offset] }
        o += "<section id=\"charts\">\n<h2>Series that need attention (\(attention.count))</h2>\n"
        if attention.isEmpty { o += "<p class=\"muted\">None: every series is ok. Open a row of the table to see its chart.</p>\n" }
        o += legend
        o += "<div class=\"grid\">\n"
        for (k, _) in attention { o += pieces[k].figure }
        o += "</div>\n</section>\n"
        o += "<footer><p>Change points: binary segmentation of the log run values (the analysis of <code>sextant analyze</code>). Level: mean of the current segment with its \(Format.percent(confidence)) t interval. Trend: least-squares slope over the current trend segment; the fan is its 80% and 95% prediction interval. SLA status judges the level interval against the limit: violation when even the favourable bound is past it. A series whose runs span more than a factor of 4 gets a log axis; linear axes leave out extreme runs (drawn as triangles on the edge).</p>\n"
        o += "<p>Drawing only: a chart draws at most \(SVGChart.maxPoints) runs and a sparkline \(Sparkline.points), chosen by largest-triangle-three-buckets (Steinarsson 2013, O(n)), which keeps the visual shape (peaks, steps); a zoomed chart draws every run of its window once they fit. Every figure in the table and every change point, level, trend and forecast is computed on all runs, never on the downsampled points.</p></footer>\n"
        // The data of every drawable series: embedded, or one file each beside the page.
        var files: [(path: String, contents: String)] = []
        var dataScript = ""
        let runsJSON = runTable.json()
        switch data {
        case .embedded:
            dataScript += "Sextant.runs(\(runsJSON));\n"
            for (k, p) in ordered.enumerated() where !p.isConstant {
                dataScript += "Sextant.series(\(k),\(pieces[k].json));\n"
                progress?()
            }
        case .files(let directory):
            let dir = directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/"
            files.append((dir + "runs.js", "Sextant.runs(\(runsJSON));\n"))
            for (k, p) in ordered.enumerated() where !p.isConstant {
                files.append((dir + "s\(k).js", "Sextant.series(\(k),\(pieces[k].json));\n"))
                progress?()
            }
        }
        var config = "{\"dir\":"
        if case .files(let directory) = data {
            config += Format.scriptString(directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/")
        } else {
            config += "null"
        }
        config += ",\"commitUrl\":\(commitURL.map(Format.scriptString) ?? "null"),\"maxPoints\":\(SVGChart.maxPoints)}"
        o += "<script>//<![CDATA[\nvar SEXTANT_CONFIG=\(config);\n\(script)\(dataScript)//]]>\n</script>\n"
        o += "</body>\n</html>\n"
        return DashboardSite(index: o, files: files)
    }

    /// Most urgent first (constant series after the other ok ones), then by benchmark and metric (a total order: the page is deterministic).
    static func order(_ panels: [DashboardPanel]) -> [DashboardPanel] {
        panels.sorted {
            ($0.attention.rawValue, $0.isConstant ? 1 : 0, $0.status.benchmark, $0.status.metric, $0.status.unit)
                < ($1.attention.rawValue, $1.isConstant ? 1 : 0, $1.status.benchmark, $1.status.metric, $1.status.unit)
        }
    }

    static func badge(_ a: SeriesAttention) -> String {
        "<span class=\"badge a\(a.rawValue)\">\(Escape.xmlText(a.label))</span>"
    }

    static func counts(_ panels: [DashboardPanel]) -> String {
        var o = "<p class=\"counts\">\(panels.count) series"
        for a in SeriesAttention.allCases where a != .ok {
            let c = panels.filter { $0.attention == a }.count
            if c > 0 { o += " · \(c) \(badge(a))" }
        }
        let ok = panels.filter { $0.attention == .ok }.count
        o += " · \(ok) \(badge(.ok))"
        let constant = panels.filter(\.isConstant).count
        if constant > 0 { o += " (\(constant) constant)" }
        o += "</p>\n"
        return o
    }

    /// The link for `commit` from a `{commit}` template (the commit percent-encoded), nil without one.
    static func commitLink(_ commit: String, template: String?) -> String? {
        guard let template, !commit.isEmpty, template.contains("{commit}") else { return nil }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = commit.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return template.replacingOccurrences(of: "{commit}", with: encoded)
    }

    static func lastChange(_ p: DashboardPanel, commitURL: String? = nil) -> String {
        guard let c = p.changePoints.last else { return "none" }
        let name = c.label.flatMap { $0.isEmpty ? nil : $0 } ?? "run \(c.index + 1)"
        let change = c.relativeChange.map { Format.change(1 + $0) } ?? "?"
        let cls = (c.relativeChange.map(p.isWorse) ?? false) ? "worse" : "better"
        // Full commit hashes would widen the table: 10 characters, the whole label in the tooltip.
        let shown = name.count > 12 && name.allSatisfy(\.isHexDigit) ? String(name.prefix(10)) : name
        var label = shown == name ? Escape.xmlText(name) : "<span title=\"\(Escape.xmlAttribute(name))\">\(Escape.xmlText(shown))</span>"
        let commit = c.index < p.runs.count ? p.runs[c.index].commit : ""
        if let href = commitLink(commit, template: commitURL) {
            label = "<a class=\"commit\" href=\"\(Escape.xmlAttribute(href))\">\(label)</a>"
        }
        var cell = "\(label) <span class=\"\(cls)\">\(Escape.xmlText(change))</span>"
        // Issue 19: the triage status of the last change, its reason and window in the tooltip.
        if let t = p.status.lastChange?.triage {
            let tip = t.summary + (p.status.lastChange?.window.map { "; " + $0.summary } ?? "")
            cell += " <span class=\"triage\" title=\"\(Escape.xmlAttribute(tip))\">\(Escape.xmlText(t.status.rawValue))</span>"
        }
        return cell
    }

    static func level(_ s: SeriesStatus) -> String {
        guard s.level.isFinite else { return "-" }
        if s.segmentRuns < 2 { return Escape.xmlText("\(Format.quantity(s.level, unit: s.unit)) (one run: no interval)") }
        let half = (s.levelUpper - s.levelLower) / 2
        var rel = ""
        if s.level != 0 {
            let r = abs(half / s.level) * 100
            rel = " (±" + DecimalFormat.fixed(r, decimals: r >= 10 ? 0 : 1) + "%)"
        }
        return Escape.xmlText("\(Format.quantity(s.level, unit: s.unit)) ± \(Format.quantity(half, unit: s.unit))\(rel)")
    }

    static func trend(_ s: SeriesStatus) -> String {
        guard let slope = s.slopePerRun, s.level != 0, s.level.isFinite else { return "-" }
        let r = DecimalFormat.fixed(slope / abs(s.level) * 100, decimals: 2, plus: true) + "%/run"
        let cls = s.trend == .worsening ? "worse" : (s.trend == .improving ? "better" : "flat")
        return "<span class=\"\(cls)\">\(Escape.xmlText(s.trend.rawValue))</span> \(Escape.xmlText(r))"
    }

    static func forecast(_ s: SeriesStatus) -> String {
        guard let f = s.forecast, let lo = s.forecastLower, let hi = s.forecastUpper else { return "-" }
        return Escape.xmlText("\(Format.quantity(f, unit: s.unit)) [\(Format.quantity(lo, unit: s.unit)), \(Format.quantity(hi, unit: s.unit))]")
    }

    static func sla(_ s: SeriesStatus) -> String {
        guard !s.slaChecks.isEmpty else { return "<span class=\"sla muted\">no limit</span>" }
        return s.slaChecks.map { c in
            let tip = "\(c.key): \(Format.slaQuantity(c.estimate, unit: c.unit)) \(Format.slaInterval(c.lower, c.upper, unit: c.unit)) vs limit \(Format.slaQuantity(c.limit, unit: c.unit))"
            return "<span class=\"sla \(c.status.rawValue)\" title=\"\(Escape.xmlAttribute(tip))\">\(Escape.xmlText("\(c.status.rawValue) \(c.key)"))</span>"
        }.joined(separator: " ")
    }

    static func breach(_ s: SeriesStatus) -> String {
        guard let b = s.breaches.min(by: { ($0.runsToBreach, $0.key) < ($1.runsToBreach, $1.key) }) else {
            return s.slaChecks.isEmpty ? "-" : "<span class=\"muted\">none within \(s.horizon) runs</span>"
        }
        let range = "\(b.earliest.map(String.init) ?? "?")–\(b.latest.map(String.init) ?? ">\(b.horizon)")"
        return "<span class=\"worse\">\(Escape.xmlText("~\(b.runsToBreach) runs (\(range)) \(b.key)"))</span>"
    }

    /// A sort key for a table cell (`data-v`): a number, or empty when the cell has none.
    static func key(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return "\(x)"
    }

    /// One overview row (`<tr>...</tr>`) of the series at position `k`.
    static func row(_ p: DashboardPanel, k: Int, commitURL: String?) -> String {
        var o = ""
        let s = p.status
        let status = p.isConstant ? "constant" : p.attention.label
        let name = "\(s.benchmark) \(s.metric)"
        o += "<tr class=\"row a\(p.attention.rawValue)\(p.isConstant ? " constant" : "")\" id=\"row-\(k)\" data-k=\"\(k)\" data-name=\"\(Escape.xmlAttribute(name.lowercased()))\" data-status=\"\(Escape.xmlAttribute(status))\">"
        let target = p.attention != .ok && !p.isConstant ? "#series-\(k)" : "#row-\(k)"
        o += "<td data-v=\"\(Escape.xmlAttribute(name.lowercased()))\"><a class=\"name\" href=\"\(target)\">\(Escape.xmlText(s.benchmark))</a> <span class=\"metric\">\(Escape.xmlText(s.metric))</span></td>"
        o += "<td data-v=\"\(p.isConstant ? 9 : p.attention.rawValue)\">\(p.isConstant ? "<span class=\"badge const\">constant</span>" : badge(p.attention))</td>"
        o += "<td class=\"num\" data-v=\"\(s.runs)\">\(s.runs)</td>"
        if p.isConstant {
            let v = p.values.first.map { Format.quantity($0, unit: s.unit) } ?? "-"
            o += "<td colspan=\"7\" class=\"muted\">\(Escape.xmlText("constant: \(v) in all \(p.values.count) runs (no chart)"))</td></tr>\n"
            return o
        }
        o += "<td data-v=\"\(key(p.changePoints.last?.relativeChange))\">\(lastChange(p, commitURL: commitURL))</td>"
        o += "<td class=\"num\" data-v=\"\(key(s.level))\">\(level(s))</td>"
        let slope = s.slopePerRun.flatMap { s.level != 0 && s.level.isFinite ? $0 / abs(s.level) : nil }
        o += "<td data-v=\"\(key(slope))\">\(trend(s))</td>"
        o += "<td class=\"spark\">\(Sparkline(panel: p).render())</td>"
        o += "<td class=\"num\" data-v=\"\(key(s.forecast))\">\(forecast(s))</td>"
        o += "<td>\(sla(s))</td>"
        let runsToBreach = s.breaches.map(\.runsToBreach).min()
        o += "<td data-v=\"\(key(runsToBreach.map(Double.init)))\">\(breach(s))</td></tr>\n"
        return o
    }

    static func summary(_ panels: [DashboardPanel], rows: [String], confidence: Double) -> String {
        let c = Format.percent(confidence)
        let horizon = panels.first?.status.horizon ?? 0
        var o = "<section id=\"summary\">\n<table id=\"overview\">\n<thead><tr>"
        let headers = ["Series", "Status", "Runs", "Last change", "Current level (± \(c) CI)", "Trend", "History",
                       "Forecast +\(horizon) (\(c) PI)", "SLA", "Time to breach"]
        for (i, h) in headers.enumerated() {
            o += "<th data-col=\"\(i)\"\(i == 6 ? "" : " class=\"sortable\"")>\(Escape.xmlText(h))</th>"
        }
        o += "</tr></thead>\n<tbody>\n"
        for r in rows { o += r }
        o += "</tbody>\n</table>\n</section>\n"
        return o
    }

    static func figure(_ p: DashboardPanel, id: Int) -> String {
        let s = p.status
        var o = "<figure class=\"panel a\(p.attention.rawValue)\" id=\"series-\(id)\" data-k=\"\(id)\" data-benchmark=\"\(Escape.xmlAttribute(s.benchmark))\" data-metric=\"\(Escape.xmlAttribute(s.metric))\">\n"
        o += "<figcaption><span class=\"name\">\(Escape.xmlText(s.benchmark))</span> <span class=\"metric\">\(Escape.xmlText(s.metric)) · \(Escape.xmlText(Format.direction(s.direction)))</span> \(badge(p.attention))</figcaption>\n"
        o += "<div class=\"static\">" + SVGChart(panel: p, id: String(id)).render() + "</div>\n"
        o += "<p class=\"facts\">level \(level(s)) · trend \(trend(s)) · last change \(lastChange(p)) · \(p.changePoints.count) change point\(p.changePoints.count == 1 ? "" : "s") in \(s.runs) runs"
        if p.values.count > SVGChart.maxPoints { o += " · \(SVGChart.maxPoints) of \(p.values.count) runs drawn (LTTB)" }
        o += "</p>\n</figure>\n"
        return o
    }

    /// Filter, status choice and the count of rows shown; hidden until the script runs (they need it).
    static let controls = """
    <section id="controls" hidden="hidden"><label>Filter <input id="filter" type="search" placeholder="benchmark or metric" autocomplete="off"/></label> \
    <label>Status <select id="status"><option value="">any</option><option value="attention">needs attention</option>\
    <option value="SLA violation">SLA violation</option><option value="breach forecast">breach forecast</option>\
    <option value="regression">regression</option><option value="worsening">worsening</option>\
    <option value="SLA inconclusive">SLA inconclusive</option><option value="ok">ok</option><option value="constant">constant</option></select></label> \
    <span id="shown"></span> <span class="muted">Click a column title to sort, a row to open its chart (wheel or buttons to zoom, drag to pan, hover for the run).</span></section>

    """

    static let legend = """
    <div id="legend"><svg viewBox="0 0 900 24" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="legend">\
    <circle class="pt" cx="10" cy="12" r="3"/><text x="18" y="16">run</text>\
    <path class="steps" d="M60 12H90"/><text x="96" y="16">segment mean</text>\
    <rect class="level" x="190" y="6" width="24" height="12"/><text x="220" y="16">current level CI</text>\
    <line class="cpw" x1="330" x2="330" y1="2" y2="22"/><line class="cpb" x1="336" x2="336" y1="2" y2="22"/><text x="344" y="16">change point (worse / better)</text>\
    <line class="trend" x1="530" x2="556" y1="12" y2="12"/><text x="562" y="16">trend</text>\
    <rect class="fan95" x="608" y="4" width="24" height="16"/><rect class="fan80" x="612" y="8" width="16" height="8"/><text x="638" y="16">forecast 80% / 95%</text>\
    <line class="limit" x1="770" x2="800" y1="12" y2="12"/><text x="806" y="16">SLA limit</text>\
    </svg></div>

    """

    static let css = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 16px 24px; color: #1d2330; background: #f6f7f9; }
    h1 { font-size: 22px; margin: 0 0 4px 0; }
    p.context { margin: 2px 0; color: #555; font-size: 13px; }
    p.counts { margin: 8px 0 12px 0; font-size: 14px; }
    code { font-size: 12px; }
    table { border-collapse: collapse; background: #fff; font-size: 12.5px; width: 100%; }
    th, td { border-bottom: 1px solid #e3e5e9; padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: #eceef2; font-weight: 600; white-space: nowrap; }
    td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td a { color: #1a4fa0; text-decoration: none; font-weight: 600; }
    tr.a0 td:first-child, tr.a1 td:first-child, tr.a2 td:first-child { border-left: 4px solid #c62828; }
    tr.a3 td:first-child, tr.a4 td:first-child { border-left: 4px solid #ef8f00; }
    tr.a5 td:first-child { border-left: 4px solid #9aa3ae; }
    .metric, .muted { color: #6b7380; font-weight: normal; }
    .worse { color: #c62828; font-weight: 600; }
    .better { color: #2e7d32; }
    .triage { font-size: 11px; border: 1px solid #888; border-radius: 9px; padding: 0 6px; color: #555; }
    .flat { color: #555; }
    .badge { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 11px; font-weight: 600; color: #fff; white-space: nowrap; }
    .badge.a0, .badge.a1, .badge.a2 { background: #c62828; }
    .badge.a3, .badge.a4 { background: #ef8f00; }
    .badge.a5 { background: #7c8794; }
    .sla { white-space: nowrap; font-size: 11.5px; }
    .sla.violation { color: #c62828; font-weight: 600; }
    .sla.inconclusive { color: #b26a00; }
    .sla.pass { color: #2e7d32; }
    #legend svg { width: 900px; max-width: 100%; height: 24px; margin: 10px 0 2px 0; font-size: 12px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
    figure.panel { margin: 0; background: #fff; border: 1px solid #dfe2e7; border-radius: 6px; padding: 8px 10px 4px 10px; }
    figure.panel.a0, figure.panel.a1, figure.panel.a2 { border-top: 4px solid #c62828; }
    figure.panel.a3, figure.panel.a4 { border-top: 4px solid #ef8f00; }
    figcaption { font-size: 13.5px; margin-bottom: 2px; }
    figcaption .name { font-weight: 600; word-break: break-all; }
    p.facts { font-size: 11.5px; color: #555; margin: 2px 0 4px 0; }
    svg.chart { width: 100%; height: auto; display: block; font-size: 10.5px; }
    svg .plot { fill: #fcfcfd; stroke: #d5d9df; }
    svg .grid line { stroke: #e8ebef; }
    svg .axis text { fill: #5b6370; }
    svg .axis.y text { text-anchor: end; }
    svg .axis.y text.note { text-anchor: start; font-style: italic; }
    svg .axis.x text { text-anchor: middle; }
    svg .axis.x text.title { text-anchor: start; }
    svg .axis.x text.fc { fill: #1565c0; }
    svg .axis line { stroke: #9aa3ae; }
    svg circle, #legend .pt { fill: #5c7085; fill-opacity: 0.75; }
    svg path.clipped { fill: #8a4b9a; }
    svg .steps { fill: none; stroke: #e65100; stroke-width: 2.2; }
    svg .level { fill: #ff9800; fill-opacity: 0.22; stroke: none; }
    svg .fan95 { fill: #90caf9; fill-opacity: 0.35; stroke: none; }
    svg .fan80 { fill: #42a5f5; fill-opacity: 0.35; stroke: none; }
    svg .forecast { fill: none; stroke: #1565c0; stroke-width: 1.5; stroke-dasharray: 4 3; }
    svg .trend { stroke: #1565c0; stroke-width: 1.6; }
    svg .now { stroke: #9aa3ae; stroke-dasharray: 2 3; }
    svg .limit { stroke: #d32f2f; stroke-width: 1.5; stroke-dasharray: 7 4; }
    svg .limit-label { fill: #d32f2f; text-anchor: end; font-weight: 600; }
    svg .offscale, svg .limit-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
    svg .offscale { fill: #8d2a2a; text-anchor: end; font-style: italic; }
    svg .offscale.violation { fill: #d32f2f; font-weight: 600; font-style: normal; }
    svg .cp line { stroke-width: 1.4; stroke-dasharray: 5 3; }
    svg .cp.worse line, #legend .cpw { stroke: #c62828; stroke-width: 1.4; stroke-dasharray: 5 3; }
    svg .cp.better line, #legend .cpb { stroke: #2e7d32; stroke-width: 1.4; stroke-dasharray: 5 3; }
    svg .cp text { font-size: 10px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
    svg .cp.worse text { fill: #b71c1c; }
    svg .cp.better text { fill: #1b5e20; }
    svg .breach { fill: #fff; stroke: #d32f2f; stroke-width: 2.5; }
    #legend text { fill: #444; }
    footer { margin-top: 16px; font-size: 12px; color: #666; max-width: 1100px; }
    h2 { font-size: 16px; margin: 18px 0 6px 0; }
    #controls { margin: 4px 0 10px 0; font-size: 13px; }
    #controls input { width: 260px; padding: 3px 6px; }
    #controls select { padding: 2px 4px; }
    #shown { font-weight: 600; margin: 0 8px; }
    th.sortable { cursor: pointer; }
    th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 9px; }
    th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 9px; }
    tr.row { cursor: pointer; }
    tr.row:hover td { background: #f3f6fb; }
    tr.constant td { color: #6b7380; padding-top: 2px; padding-bottom: 2px; }
    .badge.const { background: #b6bcc5; }
    td.spark { padding: 2px 6px; }
    svg.spark { width: 120px; height: 22px; display: block; }
    svg.spark polyline { fill: none; stroke: #5c7085; stroke-width: 1.2; }
    svg.spark circle { fill: #1d2330; }
    svg.spark .cpw { stroke: #c62828; stroke-width: 1; }
    svg.spark .cpb { stroke: #2e7d32; stroke-width: 1; }
    tr.detail td { background: #fff; padding: 6px 10px 10px 10px; }
    .chartbox { max-width: 900px; }
    .tools { font-size: 12px; margin-bottom: 2px; }
    .tools button, figcaption button { font-size: 12px; padding: 1px 8px; margin-right: 3px; cursor: pointer; }
    .readout { font-size: 12px; min-height: 18px; color: #333; }
    .readout .value { font-weight: 600; }
    svg path.dots { fill: none; stroke: #5c7085; stroke-opacity: 0.8; stroke-width: 4.2; stroke-linecap: round; }
    svg.live { cursor: crosshair; touch-action: none; }
    svg .hover { fill: none; stroke: #e65100; stroke-width: 2; }
    a.commit { color: #1a4fa0; }

    """
}

/// `transform` of every element, computed on all cores (`DispatchQueue.concurrentPerform`), in order.
/// - Complexity: O(n) calls of `transform`, about n / cores long.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    var out = [R?](repeating: nil, count: items.count)
    out.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { i in slots[i] = transform(items[i]) }
    }
    return out.map { $0! }
}
