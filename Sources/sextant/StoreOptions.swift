import ArgumentParser
import Foundation
import SextantGate
import SextantHistory
import SextantPostgres
import SextantReport

/// `--store PATH`, shared by every command that reads or writes the history.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The history store: an SQLite file, or a PostgreSQL server URL postgresql://user@host:port/db?sslmode=...",
        discussion: "Defaults to $SEXTANT_STORE, else .sextant/history.sqlite in the working directory. A server password comes from $PGPASSWORD or ~/.pgpass (libpq), never from the command line.",
        valueName: "path-or-url"))
    var store: String?

    /// The resolved path: `--store`, then `$SEXTANT_STORE`, then the default.
    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["SEXTANT_STORE"], !env.isEmpty { return env }
        return HistoryStore.defaultPath
    }

    /// Opens the store; `create: false` makes a missing store an input error (exit 2).
    func open(create: Bool = false) throws -> any HistoryStoring {
        do {
            return try OpenStore.open(path, create: create)
        } catch {
            throw inputError(error)
        }
    }
}

/// `--format table|json` for listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Writes a string to standard output without buffering surprises.
func printOut(_ s: String) {
    FileHandle.standardOutput.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}

/// The one table layout (SextantReport's ``TextTable``).
func renderTable(_ header: [String], _ rows: [[String]]) -> String {
    TextTable.render(header, rows)
}

/// JSON encoding for `--format json` output: sorted keys, ISO-8601 dates, pretty printed.
func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, enc in
        var c = enc.singleValueContainer()
        try c.encode(Timestamps.format(date))
    }
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Loads `--policy FILE`, or the default policy without one; a bad file is an input error (exit 2).
func loadPolicy(_ path: String?) throws -> GatePolicy {
    do {
        return try path.map { try GatePolicy.load(contentsOf: $0) } ?? GatePolicy()
    } catch {
        throw inputError(ValidationError("\(error)"))
    }
}

/// `--benchmark --metric --branch --machine`: which series of the store a command reads.
struct SeriesFilterOptions: ParsableArguments {
    @Option(help: "Only benchmarks matching this glob (*, ?, [...]); for changepoints and forecast it reads the store instead of --input.")
    var benchmark: String?

    @Option(help: "Only this metric (time, throughput, memory, ...).")
    var metric: String?

    @Option(help: "Runs from this branch only.")
    var branch: String?

    @Option(help: "Runs from this machine only.")
    var machine: String?

    /// The benchmark glob, `*` when not given.
    var glob: String { benchmark ?? "*" }

    /// Whether any filter narrows the selection.
    var isFiltered: Bool { glob != "*" || metric != nil || branch != nil || machine != nil }

    /// Whether a filter other than --benchmark was given (commands that also read --input reject them there).
    var hasStoreOnlyFilters: Bool { metric != nil || branch != nil || machine != nil }

    /// The filters as the command line spells them, e.g. `--benchmark lens_* --metric time`.
    var commandLine: String {
        (["--benchmark \(glob)"] + [metric.map { "--metric \($0)" }, branch.map { "--branch \($0)" },
                                   machine.map { "--machine \($0)" }].compactMap { $0 }).joined(separator: " ")
    }

    /// The matching series (with their raw samples unless `includeSamples` is false); a store error or
    /// an empty result is an input error (exit 2) naming the store and the filters.
    func load(from store: any HistoryStoring, includeSamples: Bool = true) throws -> [Series] {
        let series: [Series]
        do {
            series = try store.series(benchmark: glob, metric: metric, branch: branch, machine: machine, includeSamples: includeSamples)
        } catch {
            throw inputError(error)
        }
        guard !series.isEmpty else {
            throw inputError(ValidationError(isFiltered
                ? "no series matches the filters (\(commandLine)) in \(store.path)"
                : "no series in \(store.path): the store is empty (run `sextant ingest` first)"))
        }
        return series
    }
}
