import ArgumentParser
import Foundation
import SextantHistory

/// `sextant baseline show|set|reset`: named baselines (a pinned run or a rolling window).
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Show, set or reset named baselines.",
        discussion: """
            A baseline is a pinned run or a rolling window of the last N runs on a branch. The seed's life \
            cycle: `baseline set main latest --if-absent` after the first run creates it, `baseline set main \
            latest` after a successful run updates it, `baseline reset main` deletes it.
            """,
        subcommands: [Show.self, Set.self, Reset.self])

    struct BaselineJSON: Encodable {
        var name: String, kind: String, run: Int64?, window: Int?, branch: String?, machine: String?
        var updatedAt: Date, runs: [Int64]
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one or every baseline with the runs it stands for.")
        @Argument(help: "Baseline name (all when omitted).") var name: String?
        @Option(help: "table or json.") var format: ListFormat = .table
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            do {
                var list = try store.baselines()
                if let name {
                    list = list.filter { $0.name == name }
                    if list.isEmpty { throw HistoryError.notFound("no baseline named \(name)") }
                }
                let described: [BaselineJSON] = try list.map { b in
                    // A run baseline whose run was deleted lists no runs; any other store error is reported.
                    let runs: [Int64]
                    do { runs = try store.runs(of: b).map(\.id) } catch HistoryError.notFound(_) { runs = [] }
                    switch b.reference {
                    case let .run(id):
                        return BaselineJSON(name: b.name, kind: "run", run: id, window: nil, branch: nil, machine: nil, updatedAt: b.updatedAt, runs: runs)
                    case let .window(n, branch, machine):
                        return BaselineJSON(name: b.name, kind: "window", run: nil, window: n, branch: branch, machine: machine, updatedAt: b.updatedAt, runs: runs)
                    }
                }
                if format == .json { printOut(try encodeJSON(described)); return }
                printOut(renderTable(["name", "kind", "reference", "runs", "updated"], described.map { d in
                    let ref = d.kind == "run" ? "run \(d.run!)" : "last \(d.window!) on \(d.branch ?? "any branch")\(d.machine.map { " @\($0)" } ?? "")"
                    return [d.name, d.kind, ref, d.runs.map(String.init).joined(separator: ","), Timestamps.format(d.updatedAt)]
                }))
            } catch { throw inputError(error) }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pin a baseline to a run (id or `latest`), or make it a rolling window.")
        @Argument(help: "Baseline name.") var name: String
        @Argument(help: "Run id, or `latest` (the newest run, on --branch when given). Omit with --window.") var runSpec: String?
        @Option(help: "Rolling window: the last N runs on --branch.") var window: Int?
        @Option(help: "Branch for `latest` or --window.") var branch: String?
        @Option(help: "Machine for --window.") var machine: String?
        @Flag(help: "Keep an existing baseline (the first run creates it).") var ifAbsent = false
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if (runSpec == nil) == (window == nil) { throw ValidationError("give either a RUN or --window N") }
            if let window, window < 1 { throw ValidationError("--window must be at least 1") }
        }

        func run() throws {
            let store = try storeOptions.open()
            do {
                if let window {
                    try store.setBaseline(name, window: window, branch: branch, machine: machine)
                    printOut("baseline \(name): last \(window) runs on \(branch ?? "any branch")")
                    return
                }
                let id: Int64
                if runSpec == "latest" {
                    guard let last = try store.runs(branch: branch, machine: nil, limit: 1).last else {
                        throw HistoryError.notFound("no runs\(branch.map { " on branch \($0)" } ?? "")")
                    }
                    id = last.id
                } else {
                    guard let n = Int64(runSpec!) else { throw HistoryError.notFound("RUN must be a run id or `latest`, not \(runSpec!)") }
                    id = n
                }
                let written = try store.setBaseline(name, run: id, onlyIfAbsent: ifAbsent)
                printOut(written ? "baseline \(name): run \(id)" : "baseline \(name) kept (already set)")
            } catch { throw inputError(error) }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a baseline.")
        @Argument(help: "Baseline name.") var name: String
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            do {
                let existed = try store.resetBaseline(name)
                printOut(existed ? "baseline \(name) deleted" : "baseline \(name) was not set")
            } catch { throw inputError(error) }
        }
    }
}
