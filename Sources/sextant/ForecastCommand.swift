import ArgumentParser
import Foundation
import SextantForecast
import SextantGate
import SextantHistory

/// `sextant forecast`: forecasts one series with prediction intervals and, given an SLA limit,
/// says when the trend is expected to cross it. Parsing and wiring only; the statistics live in
/// SextantForecast.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a series with prediction intervals and the time to an SLA breach.",
        discussion: """
            Forecasts the series of the history store whose benchmark matches --benchmark (values \
            in the store's normalised units: seconds, bytes, per second; --limit in the same unit), \
            or one series from --input (a text file with one value per line, or a CSV file with a \
            header; pick the column with --column). Exit status: 0 forecasts made, 1 a last value \
            is already past --limit, 2 usage or input error (or no series could be forecast).
            """
    )

    @Option(name: .long, help: "A CSV or text file of values (one per line, or a named column with --column); '-' reads standard input.")
    var input: String?

    @Option(name: .long, help: "The CSV column to forecast (by header name).")
    var column: String?

    @Option(name: .long, help: "Benchmarks in the history store to forecast (glob).")
    var benchmark: String?

    @Option(name: .long, help: "With --benchmark: only this metric (time, throughput, memory, ...).")
    var metric: String?

    @Option(name: .long, help: "With --benchmark: only runs on this branch.")
    var branch: String?

    @Option(name: .long, help: "With --benchmark: only runs on this machine.")
    var machine: String?

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Steps to forecast.")
    var horizon: Int = 10

    @Option(name: .long, help: "Prediction-interval levels in percent, comma-separated.")
    var level: String = "80,95"

    @Option(name: .long, help: "auto (AICc-weighted ETS), ets (AICc-best ETS), theta, drift, linear (OLS, Newey-West), theil-sen.")
    var model: String = "auto"

    @Option(name: .long, help: "SLA limit: report when the forecast crosses it.")
    var limit: Double?

    @Option(name: .long, help: "Which way the metric is good: lower (time, memory) or higher (throughput); default: the series' own direction from the store, lower for --input.")
    var direction: String?

    @Option(name: .long, help: "First point (1-based) of the current segment, e.g. after the last change point.")
    var start: Int = 1

    @Option(name: .long, help: "Scale: auto (log for store series whose values are all positive, linear for --input), log or linear.")
    var scale: String = "auto"

    @Option(name: .long, help: "Output: table, json, csv or md.")
    var format: String = "table"

    /// Option checks; a failure is a usage error (exit 2, one line on standard error).
    func checkOptions() throws {
        guard ForecastMethod(rawValue: model) != nil else {
            throw ValidationError("unknown --model '\(model)' (auto, ets, theta, drift, linear, theil-sen)")
        }
        if let direction, MetricDirection(rawValue: direction) == nil {
            throw ValidationError("unknown --direction '\(direction)' (lower, higher)")
        }
        guard ["table", "json", "csv", "md"].contains(format) else {
            throw ValidationError("unknown --format '\(format)' (table, json, csv, md)")
        }
        guard scale == "auto" || ForecastScale(rawValue: scale) != nil else {
            throw ValidationError("unknown --scale '\(scale)' (auto, log, linear)")
        }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1") }
        guard start >= 1 else { throw ValidationError("--start is 1-based: the first point is 1, got \(start)") }
        _ = try parseLevels(level)
        if let limit, !limit.isFinite { throw ValidationError("--limit must be a finite number") }
        if input == nil && benchmark == nil { throw ValidationError("give --input FILE or --benchmark GLOB") }
        if input != nil && benchmark != nil { throw ValidationError("give either --input or --benchmark, not both") }
        if input == nil && column != nil { throw ValidationError("--column applies to --input only") }
    }

    func run() throws {
        do { try checkOptions() } catch let error as ValidationError { fail(error.message) }
        let levels = try parseLevels(level)
        let method = ForecastMethod(rawValue: model)!
        var entries: [ForecastRendering.Entry] = []
        if let name = input {
            let values: [Double]
            switch Result(catching: { () throws(SeriesFileReader.ReadError) -> [Double] in
                try SeriesFileReader.read(path: name, column: column)
            }) {
            case let .success(v): values = v
            case let .failure(error): fail(error.description)
            }
            let entry = forecastEntry(values, label: nil, unit: nil, direction: .lowerIsBetter, method: method, levels: levels,
                                      scale: resolvedScale(values, automatic: .linear))
            if case let .failure(message) = entry.result { fail("\(name): \(message)") }
            entries.append(entry)
        } else {
            let store = try storeOptions.open()
            let all: [Series]
            do {
                all = try store.series(benchmark: benchmark ?? "*", metric: metric, branch: branch, machine: machine, includeSamples: true)
            } catch { throw inputError(error) }
            if all.isEmpty { fail("no series matches --benchmark '\(benchmark ?? "*")'\(metric.map { " --metric '\($0)'" } ?? "")") }
            for series in all {
                // Each run summarised as `sextant analyze` and the gate do (the median of its raw samples).
                let values = AnalysisInput(series).values
                let entry = forecastEntry(
                    values, label: (series.benchmark, series.metric), unit: series.unit,
                    direction: series.direction == .higherIsBetter ? .higherIsBetter : .lowerIsBetter,
                    method: method, levels: levels, scale: resolvedScale(values, automatic: .log))
                if case let .failure(message) = entry.result {
                    FileHandle.standardError.write(Data("sextant forecast: \(series.benchmark) \(series.metric): \(message)\n".utf8))
                }
                entries.append(entry)
            }
        }
        print(ForecastRendering.render(entries, format: format), terminator: "")
        if entries.allSatisfy({ if case .failure = $0.result { true } else { false } }) { throw ExitCode(2) }
        if entries.contains(where: { $0.breach?.status == .alreadyPast }) { throw ExitCode(1) }
    }

    /// Forecasts one series; a forecasting error becomes the entry's message, never numbers.
    private func forecastEntry(
        _ values: [Double], label: (benchmark: String, metric: String)?, unit: String?,
        direction seriesDirection: MetricDirection, method: ForecastMethod, levels: [Double], scale: ForecastScale
    ) -> ForecastRendering.Entry {
        guard start <= values.count else {
            return ForecastRendering.Entry(
                benchmark: label?.benchmark, metric: label?.metric, unit: unit,
                result: .failure(.invalidArgument("--start \(start) is past the last point (\(values.count) points)")), breach: nil)
        }
        let result = Result(catching: { () throws(ForecastError) -> Forecast in
            try Forecaster.forecast(values, method: method, horizon: horizon, levels: levels, start: start - 1, scale: scale)
        })
        var entry = ForecastRendering.Entry(benchmark: label?.benchmark, metric: label?.metric, unit: unit,
                                            result: result, breach: nil)
        if let limit, case let .success(forecast) = result, let last = values.last {
            let dir = direction.flatMap(MetricDirection.init(rawValue:)) ?? seriesDirection
            entry.breach = BreachForecast(forecast: forecast, lastObservation: last, limit: limit, direction: dir)
        }
        return entry
    }

    /// `--scale`: `auto` is `automatic` when the current segment is all positive, else linear.
    private func resolvedScale(_ values: [Double], automatic: ForecastScale) -> ForecastScale {
        if let explicit = ForecastScale(rawValue: scale) { return explicit }
        let segment = values.dropFirst(max(0, start - 1))
        return !segment.isEmpty && segment.allSatisfy({ $0 > 0 }) ? automatic : .linear
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
        // Split on any line break: "\r\n" is one Character in Swift, so splitting on "\n" alone misses it.
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
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

/// Text renderings of forecasts: table, Markdown, CSV, JSON.
enum ForecastRendering {
    /// One forecast series: from the store (benchmark, metric, unit) or from --input (all nil).
    struct Entry {
        var benchmark: String?
        var metric: String?
        var unit: String?
        var result: Result<Forecast, ForecastError>
        var breach: BreachForecast?
    }

    static func render(_ entries: [Entry], format: String) -> String {
        switch format {
        case "json":
            let objects = entries.map(json)
            return (objects.count == 1 && entries[0].benchmark == nil ? objects[0] : "[" + objects.joined(separator: ",\n") + "]") + "\n"
        case "csv":
            return csv(entries)
        default:
            return entries.map { e -> String in
                var head = ""
                if let b = e.benchmark {
                    head = format == "md" ? "### \(b) \(e.metric ?? "") (\(e.unit ?? ""))\n\n" : "\(b) \(e.metric ?? "") (\(e.unit ?? ""))\n"
                }
                switch e.result {
                case let .failure(message): return head + message.description + "\n"
                case let .success(f): return head + (format == "md" ? markdown(f, breach: e.breach) : table(f, breach: e.breach))
                }
            }.joined(separator: "\n")
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

    static func json(_ e: Entry) -> String {
        var out = "{"
        if let b = e.benchmark {
            out += "\"benchmark\": \(quote(b)), \"metric\": \(quote(e.metric ?? "")), \"unit\": \(quote(e.unit ?? "")), "
        }
        let f: Forecast
        switch e.result {
        case let .failure(message): return out + "\"error\": \(quote(message.description))}"
        case let .success(value): f = value
        }
        out += "\"model\": \(quote(f.model)), \"forecasts\": ["
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
            out += ", \"breach\": {\"limit\": \(number(b.limit)), \"direction\": \(quote(b.direction.rawValue)), "
            out += "\"status\": \(quote(status)), \"point_step\": \(b.pointStep.map(String.init) ?? "null"), \"bands\": [\(bands)]}"
        }
        return out + "}"
    }

    static func quote(_ s: String) -> String { JSONText.quoted(s) }

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
                var row = store ? [csvField(e.benchmark ?? ""), csvField(e.metric ?? "")] : []
                row += [String(h + 1), "\(f.mean[h])"]
                for b in f.bands { row += ["\(b.lower[h])", "\(b.upper[h])"] }
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
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
