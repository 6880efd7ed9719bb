import Foundation
import SextantForecast
import SextantHistory

/// Text renderings of forecasts: table, Markdown, CSV, JSON.
public enum ForecastRenderer {
    /// One forecast series: from the store (benchmark, metric, unit) or from --input (all nil).
    public struct Entry: Sendable {
        public var benchmark: String?
        public var metric: String?
        public var unit: String?
        public var result: Result<Forecast, ForecastError>
        public var breach: BreachForecast?

        public init(
            benchmark: String? = nil, metric: String? = nil, unit: String? = nil,
            result: Result<Forecast, ForecastError>, breach: BreachForecast? = nil
        ) {
            self.benchmark = benchmark
            self.metric = metric
            self.unit = unit
            self.result = result
            self.breach = breach
        }
    }

    /// `format`: `json` (one object for an `--input` series, else an array), `csv` (one row per step),
    /// `md`, or anything else for a plain table.
    /// - Complexity: O(total horizon x levels).
    public static func render(_ entries: [Entry], format: ReportFormat) -> String {
        switch format {
        case .json:
            let objects = entries.map(json)
            return (objects.count == 1 && entries[0].benchmark == nil ? objects[0] : "[" + objects.joined(separator: ",\n") + "]") + "\n"
        case .csv:
            return csv(entries)
        default:
            return entries.map { e -> String in
                var head = ""
                if let b = e.benchmark {
                    let title = "\(b) \(e.metric ?? "") (\(e.unit ?? ""))"
                    head = format == .md ? "### \(Escape.markdownText(title))\n\n" : "\(Escape.terminal(title))\n"
                }
                switch e.result {
                case let .failure(message): return head + message.description + "\n"
                case let .success(f): return head + (format == .md ? markdown(f, breach: e.breach, unit: e.unit) : table(f, breach: e.breach, unit: e.unit))
                }
            }.joined(separator: "\n")
        }
    }

    static func levelName(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : String(level)
    }

    /// Shortest round-trip decimal, as JSON wants.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? DecimalFormat.fixed(x, decimals: 1) : "\(x)"
    }

    /// The one display rule (`Units.display`), in the entry's unit (none for an `--input` series).
    static func short(_ x: Double, unit: String?) -> String { Units.display(x, unit: unit ?? "") }

    /// One forecast object; `schemaVersion` is the version of docs/formats/forecast.schema.json it follows.
    static func json(_ e: Entry) -> String {
        var out = "{\"schemaVersion\": 1, "
        if let b = e.benchmark {
            out += "\"benchmark\": \(JSONText.quoted(b)), \"metric\": \(JSONText.quoted(e.metric ?? "")), \"unit\": \(JSONText.quoted(e.unit ?? "")), "
        }
        let f: Forecast
        switch e.result {
        case let .failure(message): return out + "\"error\": \(JSONText.quoted(message.description))}"
        case let .success(value): f = value
        }
        out += "\"model\": \(JSONText.quoted(f.model)), \"forecasts\": ["
        out += (0..<f.horizon).map { h in
            let intervals = f.bands.map {
                "{\"level\": \(levelName($0.level)), \"lower\": \(number($0.lower[h])), \"upper\": \(number($0.upper[h]))}"
            }.joined(separator: ", ")
            return "{\"step\": \(h + 1), \"point\": \(number(f.mean[h])), \"intervals\": [\(intervals)]}"
        }.joined(separator: ", ")
        out += "]"
        if let b = e.breach {
            let status = switch b.status {
            case .alreadyPast: "already past the limit"
            case .noBreachWithinHorizon: "no breach within the horizon"
            case .breachPossible: "breach within the horizon"
            }
            let bands = b.bands.map {
                "{\"level\": \(levelName($0.level)), \"earliest\": \($0.earliest.map(String.init) ?? "null"), \"latest\": \($0.latest.map(String.init) ?? "null")}"
            }.joined(separator: ", ")
            out += ", \"breach\": {\"limit\": \(number(b.limit)), \"direction\": \(JSONText.quoted(b.direction.rawValue)), "
            out += "\"status\": \(JSONText.quoted(status)), \"point_step\": \(b.pointStep.map(String.init) ?? "null"), \"bands\": [\(bands)]}"
        }
        return out + "}"
    }

    /// CSV: one row per step; with store series, leading benchmark and metric columns. Series that
    /// could not be forecast are left out (their error went to standard error).
    static func csv(_ entries: [Entry]) -> String {
        let store = entries.contains { $0.benchmark != nil }
        var lines: [String] = []
        for e in entries {
            guard case let .success(f) = e.result else { continue }
            if lines.isEmpty {
                var header = store ? ["benchmark", "metric", "step", "point"] : ["step", "point"]
                for b in f.bands { header += ["lower_\(levelName(b.level))", "upper_\(levelName(b.level))"] }
                lines.append(header.joined(separator: ","))
            }
            for h in 0..<f.horizon {
                var row = store ? [Escape.csvCell(e.benchmark ?? ""), Escape.csvCell(e.metric ?? "")] : []
                row += [String(h + 1), "\(f.mean[h])"]
                for b in f.bands { row += ["\(b.lower[h])", "\(b.upper[h])"] }
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    static func rows(_ f: Forecast, unit: String?) -> (header: [String], rows: [[String]]) {
        var header = ["step", "point"]
        for b in f.bands { header += ["\(levelName(b.level))% lower", "\(levelName(b.level))% upper"] }
        let rows = (0..<f.horizon).map { h -> [String] in
            var row = [String(h + 1), short(f.mean[h], unit: unit)]
            for b in f.bands { row += [short(b.lower[h], unit: unit), short(b.upper[h], unit: unit)] }
            return row
        }
        return (header, rows)
    }

    static func table(_ f: Forecast, breach: BreachForecast?, unit: String?) -> String {
        let (header, rows) = rows(f, unit: unit)
        var out = "model: \(f.model)\n" + TextTable.render(header, rows, rightAligned: Set(header.indices))
        // The unit is the file's text (an unknown unit is kept as written): escaped like the cells.
        if let breach { out += Escape.terminal("limit \(short(breach.limit, unit: unit)) (\(breach.direction.rawValue) is better): \(breach.summary)") + "\n" }
        return out
    }

    static func markdown(_ f: Forecast, breach: BreachForecast?, unit rawUnit: String?) -> String {
        // The unit is the file's text (an unknown unit is kept as written): Markdown text, escaped
        // (the identity on the store's own units s, B, B/s, 1/s, count, so their display is unchanged).
        let unit = rawUnit.map(Escape.markdownText)
        let (header, rows) = rows(f, unit: unit)
        var out = "**\(f.model)**\n\n| " + header.joined(separator: " | ") + " |\n|"
        out += header.map { _ in "---:|" }.joined() + "\n"
        for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        if let breach { out += "\nLimit \(short(breach.limit, unit: unit)) (\(breach.direction.rawValue) is better): \(breach.summary)\n" }
        return out
    }
}
