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

    @Flag(help: "When the gate passes, add the candidate runs to the store and move a pinned baseline to them.")
    var record = false

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

    @OptionGroup var report: GateReportOptions

    func validate() throws {
        guard resamples >= 100 else { throw ValidationError("--resamples must be at least 100 (got \(resamples))") }
        guard machine == nil || !anyMachine else { throw ValidationError("--machine and --any-machine exclude each other") }
    }

    func run() throws {
        let policy = try loadPolicy(report.policy)
        // Read every candidate before touching the store.
        var files: [(source: String, file: ImportedFile)] = []
        do {
            for path in candidates { files.append((path, try Importer.read(path: path))) }
        } catch {
            throw inputError(error)
        }
        let store = try storeOptions.open(create: false)

        // Baseline resolution and candidate matching (SextantGate's GatePlan); the merge-base ancestry
        // comes from git (SextantSync).
        let plan: GatePlan
        do {
            let spec = try baseline.map(BaselineSpec.init(parsing:))
            var ancestry: [String] = []
            if case let .mergeBase(b) = spec {
                ancestry = try GitAncestry(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                    .mergeBaseAncestry(head: "HEAD", branch: b)
            }
            let options = GatePlan.Options(baseline: spec, branch: branch, machine: machine, anyMachine: anyMachine,
                                           bootstrap: bootstrap, benchmark: report.benchmark, metric: report.metric)
            // A candidate without a commit is the working directory's (CI's GITHUB_SHA, else git HEAD),
            // for its bisect window.
            let all = files.flatMap(\.file.runs)
            let here = all.contains { $0.metadata.commit == nil } ? EnvironmentMetadata.detect().commit : nil
            let runs = all.map { run -> ImportedRun in
                var copy = run
                if copy.metadata.commit == nil { copy.metadata.commit = here }
                return copy
            }
            plan = try GatePlan(candidates: runs, store: store, policy: policy, options: options,
                                ancestry: ancestry)
        } catch {
            throw inputError(error)
        }
        for warning in plan.warnings { FileHandle.standardError.write(Data("sextant gate: \(warning)\n".utf8)) }

        // Triage decisions (issue 19): the store's and those of --triage files; git places them in windows.
        let records = try loadTriage(store: store, files: triage)
        var options = GateOptions(resamples: resamples, seed: seed)
        options.graph = workingCommitGraph()
        let inputs = plan.inputs.map { input -> GateInput in
            var copy = input
            copy.triage = records
            return copy
        }
        let result = Gate.evaluate(inputs, policy: policy, options: options,
                                   baselineDescription: plan.baseline.label,
                                   candidateDescription: candidates.joined(separator: " "))
        let code = try report.write(result)

        if record {
            if result.outcome == .fail {
                FileHandle.standardError.write(Data("sextant gate: not recorded: the gate failed\n".utf8))
            } else {
                do {
                    let (added, moved) = try plan.record(files, into: store, fallback: EnvironmentMetadata.detect())
                    let ids = added.map(String.init).joined(separator: ",")
                    if let moved, let last = added.last {
                        FileHandle.standardError.write(Data("sextant gate: recorded run(s) \(ids); baseline \(moved) -> run \(last)\n".utf8))
                    } else {
                        FileHandle.standardError.write(Data("sextant gate: recorded run(s) \(ids)\(added.isEmpty ? " (already stored)" : "")\n".utf8))
                    }
                } catch {
                    throw inputError(error)
                }
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
