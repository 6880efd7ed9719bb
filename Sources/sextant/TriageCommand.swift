import ArgumentParser
import Foundation
import SextantHistory
import SextantSync

extension TriageStatus: ExpressibleByArgument {}

/// `sextant triage STATUS --benchmark GLOB --commit C --reason TEXT`: records what a person decided
/// about a change (SextantHistory's triage table); `--list`, `--remove`, `--import FILE`.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Mark the change at a commit acknowledged, expected, invalid or fixed (kept in the store and the history branch).",
        discussion: """
            The record applies to every series whose benchmark matches --benchmark (and whose metric is \
            --metric, when given): to the change point whose first run is at --commit, and to a gate \
            candidate at --commit; inside a git checkout also to a change whose bisect window contains \
            --commit. The gate reports acknowledged and expected regressions with their reason and does \
            not fail on them; an invalid change is not used as a level shift; fixed links to the commit \
            where the level came back (--fixed-in, else the next change back). `sextant sync push` carries \
            the records in the history branch. See docs/triage.md.
            """)

    @Argument(help: "acknowledged, expected, invalid or fixed (not with --list, --remove or --import).")
    var status: TriageStatus?

    @Option(help: "The benchmarks (a glob: *, ?, [...]).")
    var benchmark: String?

    @Option(help: "Only this metric (default: every metric).")
    var metric: String?

    @Option(help: "The commit of the change (a hash; inside a git checkout any revision name).")
    var commit: String?

    @Option(help: "Why (shown beside the status in every report).")
    var reason: String?

    @Option(help: "Who decided.")
    var by: String?

    @Option(name: .customLong("fixed-in"), help: "With fixed: the commit where the level came back.")
    var fixedIn: String?

    @Flag(help: "List the records (with --status: only those).")
    var list = false

    @Option(name: .customLong("status"), help: "With --list: only records with this status.")
    var statusFilter: TriageStatus?

    @Flag(help: "Remove the record of --benchmark, --metric and --commit.")
    var remove = false

    @Option(name: .customLong("import"), help: ArgumentHelp("Apply the records of a triage file (JSON Lines) to the store.", valueName: "file"))
    var importFile: String?

    @Option(help: "--list output: table or json.")
    var format: ListFormat = .table

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        let modes = [list, remove, importFile != nil, !list && !remove && importFile == nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give one of STATUS, --list, --remove or --import") }
        if list || importFile != nil {
            guard benchmark == nil, commit == nil, reason == nil, by == nil, fixedIn == nil, metric == nil else {
                throw ValidationError("--list and --import take no --benchmark, --metric, --commit, --reason, --by or --fixed-in")
            }
            if status != nil { throw ValidationError("--list and --import take no STATUS (--list --status S filters)") }
            if importFile != nil, statusFilter != nil { throw ValidationError("--status goes with --list") }
            return
        }
        if statusFilter != nil { throw ValidationError("--status goes with --list") }
        guard let benchmark, !benchmark.isEmpty else { throw ValidationError("--benchmark GLOB is required") }
        guard let commit, !commit.isEmpty else { throw ValidationError("--commit is required") }
        if remove {
            guard status == nil, reason == nil, fixedIn == nil else { throw ValidationError("--remove takes only --benchmark, --metric and --commit") }
            return
        }
        guard status != nil else { throw ValidationError("give a STATUS: acknowledged, expected, invalid or fixed") }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--reason TEXT is required (it is shown beside the status in every report)")
        }
        if fixedIn != nil, status != .fixed { throw ValidationError("--fixed-in goes with the status fixed") }
    }

    func run() throws {
        if list {
            let store = try storeOptions.open(create: false)
            let records: [TriageRecord]
            do { records = try store.triageRecords().filter { statusFilter == nil || $0.status == statusFilter } } catch { throw inputError(error) }
            switch format {
            case .json: printOut(try encodeJSON(records))
            case .table:
                if records.isEmpty { printOut("no triage records\(statusFilter.map { " with status \($0.rawValue)" } ?? "") in \(store.path)"); return }
                printOut(renderTable(["COMMIT", "BENCHMARK", "METRIC", "STATUS", "REASON", "BY", "FIXED IN", "UPDATED"], records.map { r in
                    [CommitName.short(r.commit), r.benchmark, r.metric ?? "*", r.status.rawValue, r.reason, r.by ?? "",
                     r.fixedIn.map { CommitName.short($0) } ?? "", Timestamps.format(r.updatedAt)]
                }))
            }
            return
        }
        let store = try storeOptions.open(create: true)
        if let importFile {
            do {
                guard let data = FileManager.default.contents(atPath: importFile) else {
                    throw ValidationError("cannot read triage file \(importFile)")
                }
                let records = try TriageArchive.decode(data, file: importFile).map { r -> TriageRecord in
                    var copy = r
                    copy.commit = try resolveCommit(r.commit)
                    return copy
                }
                let changed = try store.mergeTriage(records, source: importFile)
                printOut("triage: \(importFile): \(records.count) record(s), \(changed) new or changed in \(store.path)")
            } catch { throw inputError(error) }
            return
        }
        let benchmark = benchmark!
        do {
            let commit = try resolveCommit(self.commit!)
            if remove {
                guard try store.removeTriage(benchmark: benchmark, metric: metric, commit: commit) else {
                    throw ValidationError("no triage record for \(benchmark)\(metric.map { " [\($0)]" } ?? "") at \(commit) in \(store.path)")
                }
                printOut("triage: removed \(benchmark)\(metric.map { " [\($0)]" } ?? "") at \(CommitName.short(commit))")
                return
            }
            let record = TriageRecord(benchmark: benchmark, metric: metric, commit: commit, status: status!, reason: reason!,
                                      by: by, fixedIn: try fixedIn.map(resolveCommit))
            try store.setTriage(record)
            let matching = try store.series(benchmark: benchmark, metric: metric, branch: nil, machine: nil, includeSamples: false).count
            printOut("triage: \(record.status.rawValue) \(benchmark)\(metric.map { " [\($0)]" } ?? "") at \(CommitName.short(commit)) (\(matching) stored series match): \(record.reason)")
            if matching == 0 {
                FileHandle.standardError.write(Data("sextant triage: note: no stored series matches \(benchmark)\(metric.map { " [\($0)]" } ?? ""); the record applies once one does\n".utf8))
            }
        } catch { throw inputError(error) }
    }

    /// A revision name as a full hash when the working directory's git knows it; a hash it does not
    /// know (another repository's history) as given; any other unknown name is an error.
    func resolveCommit(_ name: String) throws -> String {
        if let full = workingCommitGraph()?.fullHash(name) { return full }
        guard name.count >= 4, name.allSatisfy(\.isHexDigit) else {
            throw ValidationError("--commit \(name): not a commit hash, and no git checkout here resolves it")
        }
        return name.lowercased()
    }
}

/// The store's triage records and those of `files` (a triage file's records win over the store's
/// with the same key only when newer); errors exit 2 naming the file and line.
func loadTriage(store: any HistoryStoring, files: [String]) throws -> [TriageRecord] {
    do {
        var records = try store.triageRecords()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read triage file \(file)") }
            records += try TriageArchive.decode(data, file: file).filter { !$0.removed }
        }
        return records
    } catch {
        throw inputError(error)
    }
}

/// The commit graph of the git checkout around the working directory (nil outside one, or with
/// SEXTANT_NO_GIT set).
func workingCommitGraph() -> GitCommitGraph? {
    if ProcessInfo.processInfo.environment["SEXTANT_NO_GIT"] != nil { return nil }
    return GitCommitGraph(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
}
