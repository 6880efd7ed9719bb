import ArgumentParser
import Foundation
import SextantGate
import SextantHistory
import SextantReport

/// `sextant compare`: runs a baseline and a candidate command alternately (ABBA) on this machine and
/// judges the candidate with the paired design of SextantGate's ``PairedRuns``. Wiring only: the
/// commands' output files -> SextantHistory importers -> SextantGate -> SextantReport.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run baseline and candidate benchmarks interleaved (ABBA) and judge them as pairs.",
        discussion: """
            Each command is run with /bin/sh -c and must write one result file (any format `sextant ingest` \
            reads) to standard output; its standard error passes through. Order: A B B A A B B A ..., so a \
            slow phase of the machine hits both members of a pair. Exit codes as `sextant gate`: 0 pass, \
            1 regression, 2 usage, input or command error, 3 inconclusive (with --fail-on-inconclusive). \
            See docs/policy.md.
            """)

    @Option(name: .customLong("baseline-cmd"), help: "Command that benchmarks the baseline build, e.g. 'base/optics-bench --build-label base'.")
    var baselineCommand: String

    @Option(name: .customLong("candidate-cmd"), help: "Command that benchmarks the candidate build.")
    var candidateCommand: String

    @Option(help: "Pairs of runs (each pair one baseline and one candidate run). At least 2.")
    var pairs: Int = 10

    @Option(help: "Keep the result files of every run in this directory (base-K / candidate-K).")
    var keep: String?

    @OptionGroup var report: GateReportOptions

    func validate() throws {
        guard pairs >= 2 else { throw ValidationError("--pairs must be at least 2 (got \(pairs))") }
        guard pairs <= 1000 else { throw ValidationError("--pairs must be at most 1000 (got \(pairs))") }
    }

    func run() throws {
        let policy = try loadPolicy(report.policy)
        let fm = FileManager.default
        let dir: URL
        if let keep {
            dir = URL(fileURLWithPath: keep)
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch { throw inputError(error) }
        } else {
            dir = fm.temporaryDirectory.appendingPathComponent("sextant-compare-\(getpid())")
            try? fm.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        defer { if keep == nil { try? fm.removeItem(at: dir) } }

        var baseline: [ImportedRun] = [], candidate: [ImportedRun] = []
        for (slot, isCandidate) in PairedRuns.schedule(pairs: pairs).enumerated() {
            let k = slot / 2 + 1
            let file = dir.appendingPathComponent("\(isCandidate ? "candidate" : "base")-\(k).json")
            let command = isCandidate ? candidateCommand : baselineCommand
            try runShell(command, stdoutTo: file)
            let imported: ImportedFile
            do { imported = try Importer.read(path: file.path) } catch { throw inputError(error) }
            guard imported.runs.count == 1 else {
                throw inputError(ValidationError("\(isCandidate ? "--candidate-cmd" : "--baseline-cmd") run \(k) wrote \(imported.runs.count) runs; expected one"))
            }
            if isCandidate { candidate += imported.runs } else { baseline += imported.runs }
        }
        let (inputs, incomplete) = PairedRuns.inputs(baseline: baseline, candidate: candidate,
                                                    benchmark: report.benchmark, metric: report.metric)
        guard inputs.contains(where: { !SharedFactor.isControl($0.metric) }) else {
            throw inputError(ValidationError("the two commands have no benchmark in common\(report.benchmark == "*" ? "" : " matching \(report.benchmark)")"))
        }
        if !incomplete.isEmpty {
            FileHandle.standardError.write(Data("sextant compare: \(incomplete.count) benchmark(s) missing from some run (not judged): \(incomplete.prefix(5).joined(separator: ", "))\n".utf8))
        }
        let result = Gate.evaluate(inputs, policy: policy,
                                   baselineDescription: "\(pairs) interleaved runs of: \(baselineCommand)",
                                   candidateDescription: "\(pairs) interleaved runs of: \(candidateCommand)")
        let code = try report.write(result)
        if code != 0 { throw ExitCode(code) }
    }

    /// Runs `command` with /bin/sh -c, standard output into `file`; a failure is an input error (exit 2).
    func runShell(_ command: String, stdoutTo file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = try? FileHandle(forWritingTo: file) else {
            throw inputError(ValidationError("cannot write \(file.path)"))
        }
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = handle
        do { try p.run() } catch { throw inputError(ValidationError("cannot run /bin/sh: \(error.localizedDescription)")) }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw inputError(ValidationError("command failed with status \(p.terminationStatus): \(command)"))
        }
    }
}
