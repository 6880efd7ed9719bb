import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory

/// Renders the batch analysis (`sextant analyze`): one row per series.
public enum AnalysisRenderer {
    /// The statuses in `format` (`junit` is rendered as the table: analyze has no pass/fail cases).
    public static func render(_ statuses: [SeriesStatus], format: ReportFormat, confidence: Double) -> String {
        switch format {
        case .table, .junit: return table(statuses, confidence: confidence)
        case .md: return markdown(statuses, confidence: confidence)
        case .json: return json(statuses, confidence: confidence)
        case .csv: return csv(statuses)
        }
    }

    static func sla(_ s: SeriesStatus) -> String {
        if s.slaChecks.isEmpty { return "-" }
        if s.slaChecks.contains(where: { $0.status == .violation }) {
            return "VIOLATION " + s.slaChecks.filter { $0.status == .violation }.map(\.key).joined(separator: ",")
        }
        if s.slaChecks.contains(where: { $0.status == .inconclusive }) { return "inconclusive" }
        return "pass"
    }

    static func breach(_ s: SeriesStatus) -> String {
        guard let b = s.breaches.min(by: { $0.runsToBreach < $1.runsToBreach }) else {
            return s.slaChecks.isEmpty ? "-" : "none in \(s.horizon) runs"
        }
        return "\(b.key) in ~\(b.runsToBreach) runs [\(b.earliest.map(String.init) ?? "?")-\(b.latest.map(String.init) ?? ">\(s.horizon)")]"
    }

    static func relative(_ x: Double?, _ level: Double) -> String {
        guard let x, level != 0, x.isFinite else { return "-" }
        return DecimalFormat.fixed(x / abs(level) * 100, decimals: 2, plus: true) + "%"
    }

    static func cells(_ s: SeriesStatus) -> [String] {
        let change: String
        if let i = s.lastChangeIndex {
            change = "run \(s.lastChangeLabel ?? String(i))" + (s.lastChangeSize.map { " (\(Format.change(1 + $0)))" } ?? "")
                + (s.lastChange?.triage.map { " [\($0.status.rawValue)]" } ?? "")
        } else { change = "none" }
        let level = "\(Format.quantity(s.level, unit: s.unit)) [\(Format.quantity(s.levelLower, unit: s.unit)), \(Format.quantity(s.levelUpper, unit: s.unit))]"
        let trend = s.slopePerRun.map { _ in "\(relative(s.slopePerRun, s.level))/run [\(relative(s.slopeLower, s.level)), \(relative(s.slopeUpper, s.level))] \(s.trend.rawValue)" } ?? "-"
        let fc = s.forecast.map { "\(Format.quantity($0, unit: s.unit)) [\(Format.quantity(s.forecastLower!, unit: s.unit)), \(Format.quantity(s.forecastUpper!, unit: s.unit))]" } ?? "-"
        return [s.benchmark, s.metric, "\(s.runs)", change, level, trend, fc, breach(s), sla(s)]
    }

    static func header(_ confidence: Double, horizon: Int) -> [String] {
        let c = Format.percent(confidence)
        return ["BENCHMARK", "METRIC", "RUNS", "LAST CHANGE", "LEVEL (\(c) CI)", "TREND (\(c) CI)", "FORECAST +\(horizon) (\(c) PI)", "BREACH", "SLA"]
    }

    static func ordered(_ statuses: [SeriesStatus]) -> [SeriesStatus] {
        statuses.sorted {
            ($0.attention.rawValue, $0.benchmark, $0.metric) < ($1.attention.rawValue, $1.benchmark, $1.metric)
        }
    }

    static func table(_ statuses: [SeriesStatus], confidence: Double) -> String {
        let horizon = statuses.first?.horizon ?? 0
        let v = statuses.filter { $0.slaChecks.contains { $0.status == .violation } }.count
        let b = statuses.filter { !$0.breaches.isEmpty }.count
        let w = statuses.filter { $0.trend == .worsening }.count
        var out = "sextant analyze: \(statuses.count) series; \(v) violating an SLA, \(b) forecast to breach within \(horizon) runs, \(w) with a worsening trend\n\n"
        out += Format.table(header(confidence, horizon: horizon), ordered(statuses).map(cells), rightAligned: [2])
        let changed = ordered(statuses).filter { $0.lastChange != nil || $0.changes.contains { $0.triage != nil } }
        if !changed.isEmpty {
            out += "\nChanges (bisect window of the last change; triage)\n"
            for s in changed {
                for c in reported(s) { out += "  \(Escape.terminal(s.benchmark)) \(Escape.terminal(s.metric)): \(Escape.terminal(changeLine(c)))\n" }
            }
        }
        return out
    }

    /// The changes a report lists for a series: the last level shift and every triaged change.
    static func reported(_ s: SeriesStatus) -> [SeriesChange] {
        let last = s.lastChange
        return s.changes.filter { $0 == last || $0.triage != nil }
    }

    /// `run abc1234 +12.0%: last good ..., first bad ...; culprit: ...; acknowledged: reason`.
    static func changeLine(_ c: SeriesChange, markdown: Bool = false) -> String {
        var line = "run \(c.label.map { CommitName.short($0) } ?? String(c.index))"
        if let x = c.relativeChange { line += " \(Format.change(1 + x))" }
        if let w = c.window { line += ": " + (markdown ? GateRenderer.markdownWindow(w) : w.summary) }
        if let t = c.triage {
            line += "; " + (markdown ? t.summary(escaping: Escape.markdownText) : t.summary)
            if !c.usedAsLevelShift { line += " (not a level shift)" }
        }
        return line
    }

    static func markdown(_ statuses: [SeriesStatus], confidence: Double) -> String {
        let horizon = statuses.first?.horizon ?? 0
        var out = "### Sextant analysis\n\n"
        let v = statuses.filter { $0.slaChecks.contains { $0.status == .violation } }.count
        let b = statuses.filter { !$0.breaches.isEmpty }.count
        out += "\(statuses.count) series · \(v) violating an SLA · \(b) forecast to breach within \(horizon) runs\n\n"
        let h = header(confidence, horizon: horizon)
        out += "| " + h.joined(separator: " | ") + " |\n"
        out += "|" + h.indices.map { $0 == 2 ? "--:" : "---" }.joined(separator: "|") + "|\n"
        for s in ordered(statuses) {
            var c = cells(s).map(Escape.markdownText)
            c[0] = Escape.markdownCode(cells(s)[0])
            out += "| " + c.joined(separator: " | ") + " |\n"
        }
        let changed = ordered(statuses).filter { !reported($0).isEmpty }
        if !changed.isEmpty {
            out += "\n**Changes** (bisect window of the last change; triage)\n\n"
            for s in changed {
                for c in reported(s) {
                    out += "- \(Escape.markdownCode(s.benchmark)) \(Escape.markdownText(s.metric)): \(changeLine(c, markdown: true))\n"
                }
            }
        }
        return out
    }

    static func json(_ statuses: [SeriesStatus], confidence: Double) -> String {
        struct Envelope: Encodable { var schemaVersion = 1; var tool = "sextant analyze"; var confidence: Double; var series: [SeriesStatus] }
        let encoder = ReportJSON.encoder(pretty: true)
        let data = (try? encoder.encode(Envelope(confidence: confidence, series: statuses))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func csv(_ statuses: [SeriesStatus]) -> String {
        var out = "benchmark,metric,unit,direction,runs,last_change_index,last_change_run,last_change_size,segment_runs,level,level_lower,level_upper,slope_per_run,slope_lower,slope_upper,trend,horizon,forecast,forecast_lower,forecast_upper,sla_status,breach_key,runs_to_breach,breach_earliest,breach_latest,last_change_triage,last_good_commit,first_bad_commit,commits_between\n"
        for s in statuses {
            let b = s.breaches.min(by: { $0.runsToBreach < $1.runsToBreach })
            let slaStatus: String
            if s.slaChecks.isEmpty { slaStatus = "" }
            else if s.slaChecks.contains(where: { $0.status == .violation }) { slaStatus = "violation" }
            else if s.slaChecks.contains(where: { $0.status == .inconclusive }) { slaStatus = "inconclusive" }
            else { slaStatus = "pass" }
            let row: [String] = [
                Escape.csvCell(s.benchmark), Escape.csvCell(s.metric), Escape.csvCell(s.unit), s.direction.rawValue, "\(s.runs)",
                s.lastChangeIndex.map(String.init) ?? "", Escape.csvCell(s.lastChangeLabel ?? ""), Format.number(s.lastChangeSize),
                "\(s.segmentRuns)", Format.number(s.level), Format.number(s.levelLower), Format.number(s.levelUpper),
                Format.number(s.slopePerRun), Format.number(s.slopeLower), Format.number(s.slopeUpper), s.trend.rawValue, "\(s.horizon)",
                Format.number(s.forecast), Format.number(s.forecastLower), Format.number(s.forecastUpper), slaStatus,
                b?.key ?? "", b.map { "\($0.runsToBreach)" } ?? "", b?.earliest.map(String.init) ?? "", b?.latest.map(String.init) ?? "",
                s.lastChange?.triage?.status.rawValue ?? "", Escape.csvCell(s.lastChange?.window?.lastGood.commit ?? ""),
                Escape.csvCell(s.lastChange?.window?.firstBad.commit ?? ""), s.lastChange?.window?.commits.map(String.init) ?? "",
            ]
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}
