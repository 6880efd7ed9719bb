import Foundation
import SextantChangePoint
import SextantHistory

/// Text renderings of a ``ChangePointResult`` (table, md, csv, json).
public enum ChangePointRenderer {
    static func json(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return "\(x)"
    }

    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return DecimalFormat.fixed(100 * x, decimals: 1, plus: true) + "%"
    }

    /// A segment as JSON: `start`, `count`, `mean`, `median`, and under the linear model `slope`
    /// (per run) with its `slopeInterval`.
    static func jsonSegment(_ l: SegmentLevel) -> String {
        var f = "{\"start\": \(l.start), \"count\": \(l.count), \"mean\": \(json(l.mean)), \"median\": \(json(l.median))"
        if let slope = l.slope {
            f += ", \"slope\": \(json(slope)), \"slopeInterval\": [\(json(l.slopeLower)), \(json(l.slopeUpper))]"
        }
        return f + "}"
    }

    /// The trend segments of a linear-model result, one line each (empty under the mean models).
    static func trendLines(_ r: ChangePointResult, markdown: Bool, unit: String = "") -> String {
        func number(_ x: Double?) -> String { x.map { Units.display($0, unit: unit) } ?? "" }
        guard r.model == .linear, !r.segments.isEmpty else { return "" }
        var out = markdown ? "\n| segment | runs | mean | slope per run | 95% CI |\n|---|---:|---:|---:|---|\n" : "\nsegments (linear model: level and slope):\n"
        for l in r.segments {
            let range = "\(l.start)..<\(l.start + l.count)"
            let ci = "\(number(l.slopeLower)) .. \(number(l.slopeUpper))"
            out += markdown ? "| \(range) | \(l.count) | \(number(l.mean)) | \(number(l.slope)) | \(ci) |\n"
                : "  \(range)  mean \(number(l.mean))  slope \(number(l.slope)) per run  (95% CI \(ci))\n"
        }
        return out
    }

    /// One JSON object per change point; `extra` fields are added to every object, `perIndex` to the one
    /// at that point index.
    static func jsonItems(
        _ r: ChangePointResult, labels: [String]?, extra: [String], perIndex: (Int) -> [String]
    ) -> [String] {
        r.changePoints.map { c -> String in
            var f = ["\"index\": \(c.index)"] + extra + perIndex(c.index)
            if let labels, c.index < labels.count { f.append("\"label\": \(JSONText.quoted(labels[c.index]))") }
            f += [
                "\"before\": \(jsonSegment(c.before))",
                "\"after\": \(jsonSegment(c.after))",
                "\"relativeChange\": \(json(c.relativeChange))",
                "\"relativeChangeInterval\": [\(json(c.relativeChangeLower)), \(json(c.relativeChangeUpper))]",
                "\"pValue\": \(json(c.pValue))",
                "\"penaltyMargin\": \(json(c.penaltyMargin))",
                "\"kind\": \"\(c.kind.rawValue)\"",
            ]
            return "{" + f.joined(separator: ", ") + "}"
        }
    }

    /// One series' change points; `labels[i]` names point `i` (its commit) where known.
    /// `format`: `json` (`{"changePoints": [...]}`), `csv`, `md`, or anything else for a plain table.
    /// - Complexity: O(k) for `k` change points.
    /// Tables and Markdown print levels by the one display rule (`Units.display` in `unit`; plain
    /// significant digits for an `--input` series without a unit).
    public static func render(_ r: ChangePointResult, labels: [String]?, format: ReportFormat, unit: String = "") -> String {
        let cps = r.changePoints
        func level(_ x: Double) -> String { Units.display(x, unit: unit) }
        func plain(_ x: Double?) -> String { x.map { Units.significant($0, digits: 3) } ?? "" }
        func label(_ i: Int) -> String? { labels.flatMap { i < $0.count ? $0[i] : nil } }
        switch format {
        case .json:
            let items = jsonItems(r, labels: labels, extra: [], perIndex: { _ in [] })
            // schemaVersion: the version of docs/formats/changepoints.schema.json this output follows
            var top = ["\"changePoints\": [" + items.joined(separator: ", ") + "]", "\"schemaVersion\": 1"]
            if let note = r.note { top.append("\"note\": \(JSONText.quoted(note))") }
            if let s = r.noiseScale { top.append("\"noiseScale\": \(json(s))") }
            if let m = r.model { top.append("\"model\": \"\(m.rawValue)\"") }
            if !r.segments.isEmpty { top.append("\"segments\": [" + r.segments.map(jsonSegment).joined(separator: ", ") + "]") }
            return "{" + top.joined(separator: ", ") + "}\n"
        case .csv:
            return csvHeader + "\n" + csvRows(r, labels: labels).map { $0 + "\n" }.joined()
        case .md:
            guard !cps.isEmpty else { return "No change points" + (r.note.map { " (\($0))" } ?? "") + ".\n" + trendLines(r, markdown: true, unit: unit) }
            var out = "| index | run | before (mean / median) | after (mean / median) | change | 95% CI | p | margin | verdict |\n"
            out += "|---:|---|---:|---:|---:|---|---:|---:|---|\n"
            for c in cps {
                out += "| \(c.index) | \(Escape.markdownText(label(c.index) ?? "")) | \(level(c.before.mean)) / \(level(c.before.median)) | "
                    + "\(level(c.after.mean)) / \(level(c.after.median)) | \(percent(c.relativeChange)) | "
                    + "\(percent(c.relativeChangeLower)) .. \(percent(c.relativeChangeUpper)) | \(plain(c.pValue)) | "
                    + "\(plain(c.penaltyMargin)) | \(c.kind.rawValue) |\n"
            }
            return out + trendLines(r, markdown: true, unit: unit)
        default:
            guard !cps.isEmpty else { return "no change points" + (r.note.map { " (\($0))" } ?? "") + "\n" + trendLines(r, markdown: false, unit: unit) }
            let header = ["index", "run", "before mean", "before median", "after mean", "after median", "change", "95% CI", "p", "margin", "verdict"]
            let rows = cps.map { c in
                [String(c.index), Escape.terminal(label(c.index) ?? ""), level(c.before.mean), level(c.before.median),
                 level(c.after.mean), level(c.after.median), percent(c.relativeChange),
                 "\(percent(c.relativeChangeLower)) .. \(percent(c.relativeChangeUpper))",
                 plain(c.pValue), plain(c.penaltyMargin), c.kind.rawValue]
            }
            return TextTable.render(header, rows, rightAligned: [0, 2, 3, 4, 5, 6, 8, 9]) + trendLines(r, markdown: false, unit: unit)
        }
    }

    static let csvHeader = "index,label,before_mean,before_median,after_mean,after_median,relative_change,ci_lower,ci_upper,p_value,penalty_margin,kind"

    /// One CSV row per change point (without line ends); labels are neutralised CSV cells.
    static func csvRows(_ r: ChangePointResult, labels: [String]?) -> [String] {
        r.changePoints.map { c in
            let l = labels.flatMap { c.index < $0.count ? $0[c.index] : nil }.map(Escape.csvCell) ?? ""
            return [String(c.index), l, Format.number(c.before.mean), Format.number(c.before.median), Format.number(c.after.mean),
                    Format.number(c.after.median), Format.number(c.relativeChange), Format.number(c.relativeChangeLower),
                    Format.number(c.relativeChangeUpper), Format.number(c.pValue), Format.number(c.penaltyMargin), c.kind.rawValue]
                .joined(separator: ",")
        }
    }

    /// Several store series at once: JSON items carry `benchmark`, `metric`, `unit` and `run`; CSV rows
    /// lead with `benchmark,metric`; tables and Markdown get one titled block per series.
    /// - Complexity: O(total change points + total runs).
    ///
    /// Every change point carries its bisect window (the runs either side of it; `graph`, a git
    /// checkout's, counts the commits between them).
    public static func render(store results: [(series: Series, result: ChangePointResult)], format: ReportFormat,
                              graph: (any CommitGraph)? = nil) -> String {
        graph?.prefetch(Set(results.flatMap { s, r in
            r.changePoints.flatMap { c in [c.index - 1, c.index].filter { $0 >= 0 && $0 < s.points.count }.compactMap { s.points[$0].commit } }
        }))
        func window(_ s: Series, _ i: Int) -> BisectWindow? {
            guard i >= 1, i < s.points.count else { return nil }
            return BisectWindow(lastGood: RunReference(s.points[i - 1]), firstBad: RunReference(s.points[i])).resolved(in: graph)
        }
        switch format {
        case .json:
            let items = results.flatMap { s, r in
                jsonItems(r, labels: s.points.map { $0.commit ?? "" }, extra: [
                    "\"benchmark\": \(JSONText.quoted(s.benchmark))",
                    "\"metric\": \(JSONText.quoted(s.metric))",
                    "\"unit\": \(JSONText.quoted(s.unit))",
                ]) { i in ["\"run\": \(s.points[i].runID)"] + (window(s, i).map { ["\"window\": \(windowJSON($0))"] } ?? []) }
            }
            return "{\"changePoints\": [" + items.joined(separator: ", ") + "], \"schemaVersion\": 1}\n"
        case .csv:
            var out = ""
            for (s, r) in results {
                // Rows, not lines: a quoted label may hold a line break.
                if out.isEmpty { out = "benchmark,metric," + csvHeader + "\n" }
                let prefix = Escape.csvCell(s.benchmark) + "," + Escape.csvCell(s.metric) + ","
                for row in csvRows(r, labels: s.points.map { $0.commit ?? "" }) { out += prefix + row + "\n" }
            }
            return out
        default:
            var out = ""
            for (s, r) in results {
                let title = "\(s.benchmark) [\(s.metric), \(s.unit), \(s.direction == .higherIsBetter ? "higher" : "lower") is better, \(s.points.count) runs]"
                out += format == .md ? "### \(Escape.markdownText(title))\n\n" : "== \(Escape.terminal(title))\n"
                out += render(r, labels: s.points.map { String(($0.commit ?? "").prefix(12)) }, format: format, unit: s.unit)
                let windows = r.changePoints.compactMap { c in window(s, c.index).map { (c.index, $0) } }
                if !windows.isEmpty {
                    out += format == .md ? "\nBisect windows:\n\n" : "bisect windows:\n"
                    for (i, w) in windows {
                        out += format == .md ? "- index \(i): \(GateRenderer.markdownWindow(w))\n" : "  \(i): \(Escape.terminal(w.summary))\n"
                    }
                }
                out += "\n"
            }
            return out
        }
    }

    /// A bisect window as one JSON object (the gate's and analysis' encoding).
    static func windowJSON(_ w: BisectWindow) -> String {
        let encoder = ReportJSON.encoder(pretty: false)
        return (try? encoder.encode(w)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Per-series and mean TCPD scores (`sextant evaluate-changepoints`): F1 and cover to three
    /// decimals and the predicted change points; the mean is over the series listed.
    /// - Complexity: O(total predictions).
    public static func render(tcpd scores: [TCPDScore], format: ReportFormat) -> String {
        guard !scores.isEmpty else { return "" }
        let meanF1 = scores.map(\.f1).reduce(0, +) / Double(scores.count)
        let meanCover = scores.map(\.cover).reduce(0, +) / Double(scores.count)
        func f(_ x: Double) -> String { DecimalFormat.fixed(x, decimals: 3) }
        var out = ""
        switch format {
        case .json:
            let rows = scores.map {
                "{\"name\": \(JSONText.quoted($0.name)), \"n\": \($0.count), \"f1\": \(f($0.f1)), \"cover\": \(f($0.cover)), \"predictions\": \($0.predictions)}"
            }
            out = "{\"series\": [\(rows.joined(separator: ", "))], \"meanF1\": \(f(meanF1)), \"meanCover\": \(f(meanCover))}\n"
        case .csv:
            out = "series,n,f1,cover,predictions\n"
            for s in scores { out += "\(Escape.csvCell(s.name)),\(s.count),\(f(s.f1)),\(f(s.cover)),\(s.predictions.map(String.init).joined(separator: " "))\n" }
            out += "mean,,\(f(meanF1)),\(f(meanCover)),\n"
        case .md:
            out = "| series | n | F1 | cover | predicted change points |\n|---|---:|---:|---:|---|\n"
            for s in scores { out += "| \(s.name) | \(s.count) | \(f(s.f1)) | \(f(s.cover)) | \(s.predictions.map(String.init).joined(separator: ", ")) |\n" }
            out += "| **mean** (\(scores.count) series) | | **\(f(meanF1))** | **\(f(meanCover))** | |\n"
        default:
            let meanLabel = "mean (\(scores.count) series)"
            let w = max(meanLabel.count, scores.map(\.name.count).max() ?? 8)
            out = "series".padding(toLength: w, withPad: " ", startingAt: 0) + "      n     F1  cover  predicted\n"
            for s in scores {
                out += s.name.padding(toLength: w, withPad: " ", startingAt: 0)
                    + String(format: " %6d  %.3f  %.3f  ", s.count, s.f1, s.cover)
                    + s.predictions.map(String.init).joined(separator: ",") + "\n"
            }
            out += meanLabel.padding(toLength: w, withPad: " ", startingAt: 0)
                + String(format: "         %.3f  %.3f", meanF1, meanCover) + "\n"
        }
        return out
    }
}
