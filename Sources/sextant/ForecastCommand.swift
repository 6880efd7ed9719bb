import ArgumentParser
import Foundation
import SextantForecast
import SextantAnalysis
import SextantHistory
import SextantReport

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

    @OptionGroup var filter: SeriesFilterOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Steps to forecast.")
    var horizon: Int = 10

    @Option(name: .long, help: "Prediction-interval levels in percent, comma-separated.")
    var level: String = "80,95"

    @Option(name: .long, help: "auto (AICc-weighted ETS), ets (AICc-best ETS), theta, drift, linear (OLS, Newey-West), theil-sen.")
    var model: ForecastMethod = .auto

    @Option(name: .long, help: "SLA limit: report when the forecast crosses it.")
    var limit: Double?

    @Option(name: .long, help: "Which way the metric is good: lower (time, memory) or higher (throughput); default: the series' own direction from the store, lower for --input.")
    var direction: Direction?

    @Option(name: .long, help: "First point (1-based) of the current segment, e.g. after the last change point.")
    var start: Int = 1

    @Option(name: .long, help: "Scale: auto (log for store series whose values are all positive, linear for --input), log or linear.")
    var scale: ScaleChoice = .auto

    @Option(name: .long, help: "Output: table, json, csv or md.")
    var format: ReportFormat = .table

    /// Option checks; a failure is a usage error (exit 2, one line on standard error).
    func validate() throws {
        try checkTableFormat(format)
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1") }
        guard start >= 1 else { throw ValidationError("--start is 1-based: the first point is 1, got \(start)") }
        _ = try parseLevels(level)
        if let limit, !limit.isFinite { throw ValidationError("--limit must be a finite number") }
        if input == nil && filter.benchmark == nil { throw ValidationError("give --input FILE or --benchmark GLOB") }
        if input != nil && filter.benchmark != nil { throw ValidationError("give either --input or --benchmark, not both") }
        if input == nil && column != nil { throw ValidationError("--column applies to --input only") }
        if input != nil && filter.hasStoreOnlyFilters { throw ValidationError("--metric, --branch and --machine select store series: use them with --benchmark") }
    }

    func run() throws {
        let levels = try parseLevels(level)
        let method = model
        var entries: [ForecastRenderer.Entry] = []
        if let name = input {
            let values: [Double]
            switch Result(catching: { () throws(SeriesFile.ReadError) -> SeriesFile in
                try SeriesFile.read(path: name, column: column)
            }) {
            case let .success(file) where file.dimensions.count == 1: values = file.dimensions[0]
            case .success: throw InputError("\(name): a series with several dimensions; forecasts take one")
            case let .failure(error): throw InputError(error.description)
            }
            let entry = forecastEntry(values, label: nil, unit: nil, direction: .lowerIsBetter, method: method, levels: levels,
                                      scale: resolvedScale(values, automatic: .linear))
            if case let .failure(message) = entry.result { throw InputError("\(name): \(message)") }
            entries.append(entry)
        } else {
            let store = try storeOptions.open()
            let all = try filter.load(from: store)
            for series in all {
                // Each run summarised as `sextant analyze` and the gate do (the median of its raw samples).
                let values = RunSummary.values(of: series)
                let entry = forecastEntry(
                    values, label: (series.benchmark, series.metric), unit: series.unit,
                    direction: series.direction,
                    method: method, levels: levels, scale: resolvedScale(values, automatic: .log))
                if case let .failure(message) = entry.result {
                    FileHandle.standardError.write(Data("sextant forecast: \(series.benchmark) \(series.metric): \(message)\n".utf8))
                }
                entries.append(entry)
            }
        }
        print(ForecastRenderer.render(entries, format: format), terminator: "")
        if entries.allSatisfy({ if case .failure = $0.result { true } else { false } }) {
            throw InputError("no series could be forecast (\(entries.count) tried; each one's reason is above)")
        }
        if entries.contains(where: { $0.breach?.status == .alreadyPast }) { throw ExitCode(1) }
    }

    /// Forecasts one series; a forecasting error becomes the entry's message, never numbers.
    private func forecastEntry(
        _ values: [Double], label: (benchmark: String, metric: String)?, unit: String?,
        direction seriesDirection: Direction, method: ForecastMethod, levels: [Double], scale: ForecastScale
    ) -> ForecastRenderer.Entry {
        guard start <= values.count else {
            return ForecastRenderer.Entry(
                benchmark: label?.benchmark, metric: label?.metric, unit: unit,
                result: .failure(.invalidArgument("--start \(start) is past the last point (\(values.count) points)")), breach: nil)
        }
        let result = Result(catching: { () throws(ForecastError) -> Forecast in
            try Forecaster.forecast(values, method: method, horizon: horizon, levels: levels, start: start - 1, scale: scale)
        })
        var entry = ForecastRenderer.Entry(benchmark: label?.benchmark, metric: label?.metric, unit: unit,
                                            result: result, breach: nil)
        if let limit, case let .success(forecast) = result, let last = values.last {
            let dir = direction ?? seriesDirection
            entry.breach = BreachForecast(forecast: forecast, lastObservation: last, limit: limit, direction: dir)
        }
        return entry
    }

    /// `--scale`: `auto` is `automatic` when the current segment is all positive, else linear.
    private func resolvedScale(_ values: [Double], automatic: ForecastScale) -> ForecastScale {
        if let explicit = scale.scale { return explicit }
        let segment = values.dropFirst(max(0, start - 1))
        return !segment.isEmpty && segment.allSatisfy({ $0 > 0 }) ? automatic : .linear
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
