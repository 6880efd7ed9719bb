import ArgumentParser
import Foundation
import SextantHistory

/// `sextant series`: the (benchmark, metric) series of the store.
struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "Show series: one benchmark and metric across runs, oldest first.")

    @Option(help: "Benchmark name glob (*, ?, [...]).") var benchmark: String = "*"
    @Option(help: "Only this metric (time, cpu_time, throughput, memory, ...).") var metric: String?
    @Option(help: "Only runs on this branch.") var branch: String?
    @Option(help: "Only runs on this machine.") var machine: String?
    @Flag(help: "Table: list every point instead of one summary line per series.") var points = false
    @Flag(help: "JSON: include raw samples.") var samples = false
    @Option(help: "Output format: table or json.") var format: ListFormat = .table
    @OptionGroup var storeOptions: StoreOptions

    struct PointJSON: Encodable {
        var run: Int64, commit: String?, branch: String?, machine: String?, timestamp: Date
        var value: Double, iterations: Int?, samples: [Double]?
    }
    struct SeriesJSON: Encodable {
        var benchmark: String, metric: String, unit: String, direction: String, points: [PointJSON]
    }

    func run() throws {
        let store = try storeOptions.open()
        let all: [Series]
        do {
            all = try store.series(benchmark: benchmark, metric: metric, branch: branch, machine: machine, includeSamples: samples)
        } catch { throw inputError(error) }
        switch format {
        case .json:
            printOut(try encodeJSON(all.map { s in
                SeriesJSON(benchmark: s.benchmark, metric: s.metric, unit: s.unit, direction: s.direction.rawValue,
                           points: s.points.map {
                               PointJSON(run: $0.runID, commit: $0.commit, branch: $0.branch, machine: $0.machine,
                                         timestamp: $0.timestamp, value: $0.value, iterations: $0.iterations,
                                         samples: samples ? $0.samples : nil)
                           })
            }))
        case .table where points:
            var rows: [[String]] = []
            for s in all {
                for p in s.points {
                    rows.append([s.benchmark, s.metric, String(p.runID), Timestamps.format(p.timestamp),
                                 String((p.commit ?? "-").prefix(12)), Units.display(p.value, unit: s.unit)])
                }
            }
            printOut(renderTable(["benchmark", "metric", "run", "timestamp", "commit", "value"], rows))
        case .table:
            printOut(renderTable(["benchmark", "metric", "unit", "better", "runs", "first", "last", "latest"], all.map { s in
                [s.benchmark, s.metric, s.unit, s.direction.rawValue, String(s.points.count),
                 Timestamps.format(s.points.first!.timestamp).prefix(10).description,
                 Timestamps.format(s.points.last!.timestamp).prefix(10).description,
                 Units.display(s.points.last!.value, unit: s.unit)]
            }))
        }
    }
}
