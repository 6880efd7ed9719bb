import ArgumentParser
import Foundation
import SextantChangePoint
import SextantAnalysis
import SextantHistory
import SextantReport

/// `sextant changepoints`: where did a series shift, by how much, and is it a regression.
struct ChangePointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Find the change points of a series (PELT, binary segmentation, E-divisive, Otava's E-divisive).",
        discussion: """
            Defaults: PELT, change in mean, MBIC penalty as R's changepoint defines it, minimum segment 3, \
            data standardised by a robust noise scale (long-run variance under serial dependence) and \
            winsorised against a running median, so an isolated outlier rarely becomes a change point. \
            See docs/changepoints.md.
            """)

    @Option(help: "A series: CSV/text with one value per line, a named column (--column), or a TCPD series JSON.")
    var input: String?

    @OptionGroup var filter: SeriesFilterOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The value column of a CSV input.") var column: String?
    @Option(name: .customLong("label-column"), help: "A CSV column (e.g. commit) to name each change point's run.")
    var labelColumn: String?
    @Option(help: "Output format: table, json, csv or md.") var format: ReportFormat = .table
    @OptionGroup var options: ChangePointOptions

    func validate() throws {
        try checkTableFormat(format)
        if filter.benchmark != nil {
            guard input == nil else { throw ValidationError("give either --input or --benchmark, not both") }
        } else {
            guard input != nil else { throw ValidationError("give a series with --input FILE or --benchmark GLOB") }
            if filter.hasStoreOnlyFilters { throw ValidationError("--metric, --branch and --machine select store series: use them with --benchmark") }
        }
    }

    func run() throws {
        let config = options.configuration()
        guard let input else { return try detectInStore(config) }
        let file: SeriesFile
        do { file = try SeriesFile.read(path: input, column: column, labelColumn: labelColumn) } catch {
            throw InputError(error.description)
        }
        for note in file.notes { FileHandle.standardError.write(Data("sextant: \(note)\n".utf8)) }
        let result: ChangePointResult
        do { result = try ChangePointDetector(config).detect(dimensions: file.dimensions) } catch {
            throw InputError("\(input): \(error)")
        }
        print(ChangePointRenderer.render(result, labels: file.labels, format: format), terminator: "")
    }

    /// Every matching (benchmark, metric) series of the store, each run summarised by the median of
    /// its raw samples (its stored value when it has none), each series with its own direction unless
    /// `--direction` is given; change points are labelled with the run's commit.
    func detectInStore(_ base: ChangePointConfiguration) throws {
        let store = try storeOptions.open()
        let all = try filter.load(from: store)
        var results: [(Series, ChangePointResult)] = []
        for s in all {
            var config = base
            if options.direction == nil { config.direction = s.direction }
            // Each run summarised as `sextant analyze`, the gate and forecasts do (the median of its raw samples).
            let values = RunSummary.values(of: s)
            do { results.append((s, try ChangePointDetector(config).detect(values))) } catch {
                throw InputError("\(storeOptions.path): \(s.benchmark) \(s.metric): \(error)")
            }
        }
        print(ChangePointRenderer.render(store: results, format: format, graph: workingCommitGraph()), terminator: "")
    }
}
