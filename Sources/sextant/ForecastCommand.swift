import ArgumentParser
import Foundation
import SextantForecast

/// `sextant forecast`: forecasts one series with prediction intervals and, given an SLA limit,
/// says when the trend is expected to cross it. Parsing and wiring only; the statistics live in
/// SextantForecast.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a series with prediction intervals and the time to an SLA breach.",
        discussion: """
            Reads one series from --input (a text file with one value per line, or a CSV file with \
            a header; pick the column with --column). Exit status: 0 forecast made, 1 the last \
            value is already past --limit, 2 usage or input error.
            """
    )

    @Option(name: .long, help: "A CSV or text file of values (one per line, or a named column with --column); '-' reads standard input.")
    var input: String?

    @Option(name: .long, help: "The CSV column to forecast (by header name).")
    var column: String?

    @Option(name: .long, help: "Benchmarks in the history store to forecast (glob).")
    var benchmark: String?

    @Option(name: .long, help: "Steps to forecast.")
    var horizon: Int = 10

    @Option(name: .long, help: "Prediction-interval levels in percent, comma-separated.")
    var level: String = "80,95"

    @Option(name: .long, help: "auto (AICc-weighted ETS), ets (AICc-best ETS), theta, drift, linear (OLS, Newey-West), theil-sen.")
    var model: String = "auto"

    @Option(name: .long, help: "SLA limit: report when the forecast crosses it.")
    var limit: Double?

    @Option(name: .long, help: "Which way the metric is good: lower (time, memory) or higher (throughput).")
    var direction: String = "lower"

    @Option(name: .long, help: "First point (1-based) of the current segment, e.g. after the last change point.")
    var start: Int = 1

    @Option(name: .long, help: "Output: table, json, csv or md.")
    var format: String = "table"

    /// Option checks; a failure is a usage error (exit 2, one line on standard error).
    func checkOptions() throws {
        guard ForecastMethod(rawValue: model) != nil else {
            throw ValidationError("unknown --model '\(model)' (auto, ets, theta, drift, linear, theil-sen)")
        }
        guard MetricDirection(rawValue: direction) != nil else {
            throw ValidationError("unknown --direction '\(direction)' (lower, higher)")
        }
        guard ["table", "json", "csv", "md"].contains(format) else {
            throw ValidationError("unknown --format '\(format)' (table, json, csv, md)")
        }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1") }
        _ = try parseLevels(level)
        if let limit, !limit.isFinite { throw ValidationError("--limit must be a finite number") }
        if input == nil && benchmark == nil { throw ValidationError("give --input FILE (or --benchmark GLOB with a history store)") }
        if benchmark != nil && input == nil {
            throw ValidationError("--benchmark needs the history store, which this build does not include yet; use --input FILE")
        }
    }

    func run() throws {
        do { try checkOptions() } catch let error as ValidationError { fail(error.message) }
        let levels = try parseLevels(level)
        let method = ForecastMethod(rawValue: model)!
        let name = input!
        let values: [Double]
        switch Result(catching: { () throws(SeriesFileReader.ReadError) -> [Double] in
            try SeriesFileReader.read(path: name, column: column)
        }) {
        case let .success(v): values = v
        case let .failure(error): fail(error.description)
        }
        let forecast: Forecast
        switch Result(catching: { () throws(ForecastError) -> Forecast in
            try Forecaster.forecast(values, method: method, horizon: horizon, levels: levels, start: start - 1)
        }) {
        case let .success(f): forecast = f
        case let .failure(error): fail("\(name): \(error)")
        }
        var breach: BreachForecast?
        if let limit {
            breach = BreachForecast(
                forecast: forecast, lastObservation: values[values.count - 1], limit: limit,
                direction: MetricDirection(rawValue: direction)!)
        }
        print(ForecastRendering.render(forecast, breach: breach, format: format), terminator: "")
        if breach?.status == .alreadyPast { throw ExitCode(1) }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("sextant forecast: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// Parses "80,95" into [80, 95], each in (0, 100).
func parseLevels(_ text: String) throws -> [Double] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !parts.isEmpty else { throw ValidationError("--level needs at least one level") }
    return try parts.map { part in
        guard let v = Double(part), v > 0, v < 100 else {
            throw ValidationError("--level '\(part)' is not a percentage in (0, 100)")
        }
        return v
    }
}

/// Reads one numeric series from a text or CSV file.
enum SeriesFileReader {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// One value per line, or CSV with a header row; `#` comments and blank lines are skipped.
    /// A header is recognised when the first row's field is not a number.
    static func read(path: String, column: String?) throws(ReadError) -> [Double] {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReadError(description: "\(path): cannot read the file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        var rows: [(line: Int, fields: [String])] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            rows.append((i + 1, splitCSV(line)))
        }
        guard let first = rows.first else { throw ReadError(description: "\(path): no values") }
        var index = 0
        var body = rows[...]
        let hasHeader = first.fields.count > 1 || Double(first.fields[0]) == nil
        if hasHeader {
            body = rows.dropFirst()
            if let column {
                guard let c = first.fields.firstIndex(of: column) else {
                    throw ReadError(description: "\(path):\(first.line): no column '\(column)' (columns: \(first.fields.joined(separator: ", ")))")
                }
                index = c
            } else if first.fields.count > 1 {
                throw ReadError(description: "\(path):\(first.line): \(first.fields.count) columns; choose one with --column (\(first.fields.joined(separator: ", ")))")
            }
        } else if let column {
            throw ReadError(description: "\(path):\(first.line): no header row, so no column '\(column)'")
        }
        var values: [Double] = []
        for row in body {
            guard index < row.fields.count else {
                throw ReadError(description: "\(path):\(row.line): missing field \(index + 1)")
            }
            let field = row.fields[index]
            guard let v = Double(field), v.isFinite else {
                throw ReadError(description: "\(path):\(row.line): '\(field)' is not a finite number")
            }
            values.append(v)
        }
        return values
    }

    /// Splits a CSV line on commas, honouring double quotes.
    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else { current.append(ch) }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// Text renderings of a forecast: table, Markdown, CSV, JSON.
enum ForecastRendering {
    static func render(_ f: Forecast, breach: BreachForecast?, format: String) -> String {
        switch format {
        case "json": return json(f, breach: breach)
        case "csv": return csv(f)
        case "md": return markdown(f, breach: breach)
        default: return table(f, breach: breach)
        }
    }

    static func levelName(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : String(level)
    }

    /// Shortest round-trip decimal, as JSON wants.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
    }

    static func short(_ x: Double) -> String { String(format: "%.6g", x) }

    static func json(_ f: Forecast, breach: BreachForecast?) -> String {
        var out = "{\"model\": \(quote(f.model)), \"forecasts\": ["
        out += (0..<f.horizon).map { h in
            let intervals = f.bands.map {
                "{\"level\": \(levelName($0.level)), \"lower\": \(number($0.lower[h])), \"upper\": \(number($0.upper[h]))}"
            }.joined(separator: ", ")
            return "{\"step\": \(h + 1), \"point\": \(number(f.mean[h])), \"intervals\": [\(intervals)]}"
        }.joined(separator: ", ")
        out += "]"
        if let b = breach {
            let status = switch b.status {
            case .alreadyPast: "already past the limit"
            case .noBreachWithinHorizon: "no breach within the horizon"
            case .breachPossible: "breach within the horizon"
            }
            let bands = b.bands.map {
                "{\"level\": \(levelName($0.level)), \"earliest\": \($0.earliest.map(String.init) ?? "null"), \"latest\": \($0.latest.map(String.init) ?? "null")}"
            }.joined(separator: ", ")
            out += ", \"breach\": {\"limit\": \(number(b.limit)), \"direction\": \(quote(b.direction.rawValue)), "
            out += "\"status\": \(quote(status)), \"point_step\": \(b.pointStep.map(String.init) ?? "null"), \"bands\": [\(bands)]}"
        }
        return out + "}\n"
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func csv(_ f: Forecast) -> String {
        var header = ["step", "point"]
        for b in f.bands { header += ["lower_\(levelName(b.level))", "upper_\(levelName(b.level))"] }
        var lines = [header.joined(separator: ",")]
        for h in 0..<f.horizon {
            var row = [String(h + 1), "\(f.mean[h])"]
            for b in f.bands { row += ["\(b.lower[h])", "\(b.upper[h])"] }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rows(_ f: Forecast) -> (header: [String], rows: [[String]]) {
        var header = ["step", "point"]
        for b in f.bands { header += ["\(levelName(b.level))% lower", "\(levelName(b.level))% upper"] }
        let rows = (0..<f.horizon).map { h -> [String] in
            var row = [String(h + 1), short(f.mean[h])]
            for b in f.bands { row += [short(b.lower[h]), short(b.upper[h])] }
            return row
        }
        return (header, rows)
    }

    static func table(_ f: Forecast, breach: BreachForecast?) -> String {
        let (header, rows) = rows(f)
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }
                .joined(separator: "  ")
        }
        var out = "model: \(f.model)\n" + line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        if let breach { out += "limit \(short(breach.limit)) (\(breach.direction.rawValue) is better): \(breach.summary)\n" }
        return out
    }

    static func markdown(_ f: Forecast, breach: BreachForecast?) -> String {
        let (header, rows) = rows(f)
        var out = "**\(f.model)**\n\n| " + header.joined(separator: " | ") + " |\n|"
        out += header.map { _ in "---:|" }.joined() + "\n"
        for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        if let breach { out += "\nLimit \(short(breach.limit)) (\(breach.direction.rawValue) is better): \(breach.summary)\n" }
        return out
    }
}
