import ArgumentParser
import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantReport
import SextantSync

/// `sextant gate CANDIDATE...`: judges result files against the baseline in the store.
/// Wiring only: files -> SextantHistory importers, store -> baseline runs, SextantGate -> report,
/// SextantReport -> text.
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Judge candidate results against the baseline with confidence intervals and FDR control.",
        discussion: """
            Exit codes: 0 pass, 1 regression or SLA violation, 2 usage or input error, \
            3 inconclusive only (with --fail-on-inconclusive).
            With raw samples and a one-run baseline the effect is the bootstrap interval of the ratio of \
            medians with a Mann-Whitney test; with a window of runs, the candidate is judged against the \
            prediction interval of the window since its last level shift (run-to-run noise). \
            Benjamini-Hochberg controls the false discovery rate across all benchmarks. See docs/policy.md.
            """)

    @Argument(help: "Candidate result files (any format `sextant ingest` reads).")
    var candidates: [String]

    @Option(help: ArgumentHelp("A named baseline of the store, window:N for the last N runs, or merge-base[:BRANCH].",
                               discussion: "Default: window:<baselineWindow of the policy, 30>. merge-base[:BRANCH] (BRANCH main by default): the last baselineWindow runs of BRANCH up to the merge-base of HEAD and BRANCH (its nearest ancestor with a run); the report names that commit.",
                               valueName: "name|window:N|merge-base[:BRANCH]"))
    var baseline: String?

    @Option(help: "Policy file (the seed's sla_thresholds.json plus Sextant's keys; comments allowed).")
    var policy: String?

    @Option(help: "table, md, json, junit or csv.")
    var format: String = "table"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "When the gate passes, add the candidate runs to the store and move a pinned baseline to them.")
    var record = false

    @Flag(help: "Exit 3 when nothing failed but some verdict or SLA check is inconclusive.")
    var failOnInconclusive = false

    @Option(help: "Only benchmarks matching this glob.")
    var benchmark: String = "*"

    @Option(help: "Only this metric (e.g. time: the medians of raw samples, the calibrated family).")
    var metric: String?

    @Option(help: "Baseline runs from this branch only (window baselines).")
    var branch: String?

    @Option(help: "Baseline runs from this machine only (window baselines; default: the candidates' own machine).")
    var machine: String?

    @Flag(help: "Window baselines from any machine (default: only runs of the candidates' machine; none is exit 2).")
    var anyMachine = false

    @Flag(help: "When the baseline has no run to compare with (a new history, a new machine), judge every benchmark inconclusive (SLA limits still apply) instead of exit 2.")
    var bootstrap = false

    @Option(help: "Bootstrap resamples per raw-sample comparison.")
    var resamples: Int = 10_000

    @Option(help: "Seed of the bootstrap (results are reproducible from it).")
    var seed: UInt64 = 20_261_126

    @Option(help: ArgumentHelp("A triage file (JSON Lines of triage records, e.g. committed with a pull request) applied with the store's records (repeatable).",
                               valueName: "file"))
    var triage: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard let format = ReportFormat(rawValue: format) else {
            throw inputError(ValidationError("unknown --format \(self.format); use table, md, json, junit or csv"))
        }
        guard resamples >= 100 else { throw inputError(ValidationError("--resamples must be at least 100")) }
        let policy = try loadPolicy(self.policy)
        // Read every candidate before touching the store.
        var files: [(String, ImportedFile)] = []
        do {
            for path in candidates { files.append((path, try Importer.read(path: path))) }
        } catch {
            throw inputError(error)
        }
        let store = try storeOptions.open(create: false)

        // Baseline runs (SextantHistory.selectBaseline; the merge-base ancestry from git, SextantSync).
        var selection: BaselineSelection
        do {
            let spec = try BaselineSpec(parsing: baseline ?? "window:\(policy.baselineWindow)")
            var ancestry: [String] = []
            if case let .mergeBase(b) = spec {
                ancestry = try GitAncestry(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                    .mergeBaseAncestry(head: "HEAD", branch: b)
            }
            let scope = MachineScope(explicit: machine, anyMachine: anyMachine,
                                     candidateMachines: files.flatMap { $0.1.runs.compactMap(\.metadata.machine) })
            do {
                selection = try store.selectBaseline(spec, window: policy.baselineWindow, branch: branch, scope: scope, ancestry: ancestry)
            } catch let empty as EmptyBaseline where bootstrap {
                selection = BaselineSelection(runs: [], label: "none yet (bootstrap: \(empty.message))", pinnedName: nil, machine: nil)
                FileHandle.standardError.write(Data("sextant gate: bootstrap: \(empty.message)\n".utf8))
            }
            guard bootstrap || !selection.runs.isEmpty else {
                throw ValidationError("the baseline has no runs in \(store.path); ingest some results first")
            }
        } catch {
            throw inputError(error)
        }
        let baselineRuns = selection.runs
        let baselineLabel = selection.label
        let pinnedName = selection.pinnedName

        // Candidate measurements by (benchmark, metric); several candidate runs are kept apart (their mean
        // on the log scale is compared, which averages out run-to-run noise).
        struct Key: Hashable { var benchmark: String; var metric: String }
        var candidate: [Key: (BenchmarkMeasurement, [[Double]])] = [:]
        var candidateRun: [Key: RunMetadata] = [:]
        var order: [Key] = []
        let environment = EnvironmentMetadata.detect()
        for (_, file) in files {
            for run in file.runs {
                let metadata = run.metadata.filled(from: environment)
                for m in run.measurements where Glob.matches(benchmark, m.benchmark)
                    && (metric == nil || m.metric == metric || SharedFactor.isControl(m.metric)) {
                    let key = Key(benchmark: m.benchmark, metric: m.metric)
                    let values = m.samples.flatMap { $0.isEmpty ? nil : $0 } ?? [m.value]
                    if let existing = candidate[key] {
                        candidate[key] = (existing.0, existing.1 + [values])
                    } else {
                        candidate[key] = (m, [values])
                        candidateRun[key] = metadata
                        order.append(key)
                    }
                }
            }
        }
        guard !order.isEmpty else {
            throw inputError(ValidationError("the candidate files hold no measurements\(benchmark == "*" ? "" : " matching \(benchmark)")"))
        }

        // Triage decisions (issue 19): the store's and those of --triage files.
        let triageRecords = try loadTriage(store: store, files: triage)
        // Baseline values per series, from the store.
        let ids = Set(baselineRuns.map(\.id))
        let series: [Series]
        do {
            series = try store.series(benchmark: benchmark, branch: nil, machine: nil, includeSamples: true)
        } catch {
            throw inputError(error)
        }
        var byKey: [Key: Series] = [:]
        for s in series { byKey[Key(benchmark: s.benchmark, metric: s.metric)] = s }
        var inputs: [GateInput] = []
        var unmatched: [String] = []
        for key in order {
            let (m, values) = candidate[key]!
            let s = byKey[key]
            let points = s?.points.filter { ids.contains($0.runID) } ?? []
            if points.isEmpty && !SharedFactor.isControl(key.metric) { unmatched.append("\(key.benchmark) [\(key.metric)]") }
            var input = GateInput(
                benchmark: m.benchmark, metric: m.metric, unit: m.unit,
                direction: m.direction,
                candidateRuns: values,
                baselineRuns: points.map { p in p.samples.flatMap { $0.isEmpty ? nil : $0 } ?? [p.value] },
                iterations: m.iterations)
            input.baselineRunIDs = points.map(\.runID)
            input.baselineReferences = points.map(RunReference.init)
            input.candidateReference = candidateRun[key].map { RunReference(commit: $0.commit, timestamp: $0.timestamp) }
            input.triage = triageRecords
            inputs.append(input)
        }
        if unmatched.count == order.count && !baselineRuns.isEmpty {
            let sample = unmatched.prefix(5).joined(separator: ", ")
            throw inputError(ValidationError("no candidate benchmark matches a series of the baseline (\(baselineLabel)) in \(store.path): \(sample)\(unmatched.count > 5 ? ", ..." : "")"))
        }
        if !unmatched.isEmpty && !baselineRuns.isEmpty {
            FileHandle.standardError.write(Data("sextant gate: \(unmatched.count) benchmark(s) without baseline data (judged inconclusive): \(unmatched.prefix(5).joined(separator: ", "))\(unmatched.count > 5 ? ", ..." : "")\n".utf8))
        }

        var options = GateOptions(resamples: resamples, seed: seed)
        options.graph = workingCommitGraph()
        let report = Gate.evaluate(inputs, policy: policy, options: options,
                                   baselineDescription: baselineLabel,
                                   candidateDescription: candidates.joined(separator: " "))
        let text = GateRenderer.render(report, format: format, failOnInconclusive: failOnInconclusive)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw inputError(ValidationError("cannot write \(output): \(error.localizedDescription)"))
            }
        } else {
            printOut(text)
        }

        if record {
            if report.outcome == .fail {
                FileHandle.standardError.write(Data("sextant gate: not recorded: the gate failed\n".utf8))
            } else {
                do {
                    let fallback = EnvironmentMetadata.detect()
                    var added: [Int64] = []
                    for (path, file) in files {
                        let runs = file.runs.map { ImportedRun(metadata: $0.metadata.filled(from: fallback), measurements: $0.measurements) }
                        added += try store.ingest(runs, source: path, format: file.format.rawValue).added
                    }
                    if let name = pinnedName, let last = added.last {
                        try store.setBaseline(name, run: last)
                        FileHandle.standardError.write(Data("sextant gate: recorded run(s) \(added.map(String.init).joined(separator: ",")); baseline \(name) -> run \(last)\n".utf8))
                    } else {
                        FileHandle.standardError.write(Data("sextant gate: recorded run(s) \(added.map(String.init).joined(separator: ","))\(added.isEmpty ? " (already stored)" : "")\n".utf8))
                    }
                } catch {
                    throw inputError(error)
                }
            }
        }
        let code = report.exitCode(failOnInconclusive: failOnInconclusive)
        if code != 0 { throw ExitCode(code) }
    }
}
