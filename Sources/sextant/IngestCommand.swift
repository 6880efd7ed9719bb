import ArgumentParser
import Foundation
import SextantHistory
import SextantReport

/// `sextant ingest FILE...`: reads benchmark result files into the history store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read benchmark result files into the history store.",
        discussion: """
            Formats are detected from the content; --format forces one of: \
            \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).
            Run metadata comes from the flags, else from the file, else from CI variables \
            (GITHUB_SHA/GITHUB_REF_NAME, CI_COMMIT_SHA/CI_COMMIT_REF_NAME, BUILDKITE_*, CIRCLE_*, GIT_COMMIT/GIT_BRANCH), \
            else from `git` in the working directory; the timestamp defaults to now.
            Every file is checked before anything is written; each file is stored in one transaction, \
            and re-ingesting identical content changes nothing. Exit code 2 on any bad file.
            """)

    @Argument(help: "Result files to ingest.")
    var files: [String]

    @Option(help: "Force the input format.")
    var format: ImportFormat?

    @Option(help: "Commit of the run(s), overriding the file.")
    var commit: String?

    @Option(help: "Branch of the run(s), overriding the file.")
    var branch: String?

    // `.unconditional`: a negative epoch such as -99999999999999 is this option's value (then
    // refused as out of range), not an unknown option.
    @Option(parsing: .unconditional, help: "Timestamp of the run(s) (ISO-8601 or Unix epoch), overriding the file.")
    var timestamp: String?

    @Option(help: "Machine or environment name, overriding the file.")
    var machine: String?

    @Option(help: "Toolchain (compiler or runtime version), overriding the file.")
    var toolchain: String?

    @Flag(help: "Read and check the files and print their summary lines without storing anything.")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        if let timestamp, Timestamps.parse(timestamp) == nil { throw ValidationError("--timestamp: \(Timestamps.invalid(timestamp))") }
    }

    func run() throws {
        let forced = format
        var overrides = RunMetadata(commit: commit, branch: branch, machine: machine, toolchain: toolchain)
        if let timestamp {
            guard let d = Timestamps.parse(timestamp) else { throw inputError(ValidationError("--timestamp: \(Timestamps.invalid(timestamp))")) }
            overrides.timestamp = d
        }
        // Read every file before touching the store: a bad file leaves the store as it was. Sextant's
        // long CSV is streamed (memory independent of its size): checked in a first pass when other
        // files follow it or for --dry-run, and read into the store in the ingest's transaction.
        var inputs: [(file: String, input: IngestInput)] = []
        let bar = progress.bar("ingest", total: 2 * files.count)
        defer { bar.finish() }
        do {
            for file in files {
                if let streamed = Importer.streamed(path: file, format: forced) {
                    if dryRun || files.count > 1 {
                        do {
                            let counts = try streamed.read(into: CheckingRunSink(source: file))
                            inputs.append((file, .streamed(streamed, counts)))
                        } catch is RunsNotContiguous {
                            inputs.append((file, .parsed(try Importer.read(path: file, format: forced))))
                        }
                    } else {
                        inputs.append((file, .streamed(streamed, nil)))
                    }
                } else {
                    inputs.append((file, .parsed(try Importer.read(path: file, format: forced))))
                }
                bar.advance()
            }
        } catch {
            bar.finish()
            throw inputError(error)
        }
        if dryRun {
            bar.finish()
            for (file, input) in inputs { printOut(Escape.terminal(input.summary(file: file, stored: nil))) }
            return
        }
        // Runs without commit or branch take them from CI or git, looked up once, when first needed;
        // runs without a timestamp get the time of ingest from the store (and a hash without it).
        var fallback: RunMetadata? = nil
        let adjust = { (md: RunMetadata) -> RunMetadata in
            if fallback == nil, md.commit == nil || md.branch == nil { fallback = EnvironmentMetadata.detect() }
            return md.filled(from: fallback ?? RunMetadata()).overridden(by: overrides)
        }
        // A store this ingest creates is not left behind when its first file is refused while it is
        // streamed in (the one case read during the store's transaction): removed if it holds no run.
        let storePath = storeOptions.path
        let createsStore = StoreLocation.scheme(of: storePath) == nil && !FileManager.default.fileExists(atPath: storePath)
        let folder = (storePath as NSString).deletingLastPathComponent
        let folderExisted = folder.isEmpty || FileManager.default.fileExists(atPath: folder)
        var storedAny = false
        do {
            try ingest(inputs, into: try storeOptions.open(create: true), format: forced, adjust: adjust, bar: bar,
                       storedAny: &storedAny)
        } catch {
            if createsStore && !storedAny { HistoryStore.removeIfEmpty(path: storePath, removeFolder: !folderExisted) }
            throw error
        }
    }

    /// Stores each file in turn (one transaction per file) and prints its summary line.
    private func ingest(_ inputs: [(file: String, input: IngestInput)], into store: any HistoryStoring, format forced: ImportFormat?,
                        adjust: @escaping (RunMetadata) -> RunMetadata, bar: ProgressBar, storedAny: inout Bool) throws {
        for (file, input) in inputs {
            do {
                var input = input
                let result: HistoryStore.IngestResult
                switch input {
                case let .parsed(imported):
                    result = try store.ingest(imported.runs.map { ImportedRun(metadata: adjust($0.metadata), measurements: $0.measurements) },
                                              source: file, format: imported.format.rawValue)
                case let .streamed(streamed, _):
                    do {
                        var counts = (runs: 0, measurements: 0)
                        result = try store.ingest(source: file, format: streamed.format.rawValue) { sink in
                            counts = try streamed.read(into: AdjustingRunSink(sink, adjust: adjust))
                        }
                        input = .streamed(streamed, counts)
                    } catch is RunsNotContiguous {
                        let imported = try Importer.read(path: file, format: forced)
                        input = .parsed(imported)
                        result = try store.ingest(imported.runs.map { ImportedRun(metadata: adjust($0.metadata), measurements: $0.measurements) },
                                                  source: file, format: imported.format.rawValue)
                    }
                }
                storedAny = true
                bar.advance()
                bar.finish()
                printOut(Escape.terminal(input.summary(file: file, stored: (added: result.added.count, measurements: result.measurements,
                                                                            alreadyStored: result.skipped))))
            } catch {
                bar.finish()
                throw inputError(error)
            }
        }
    }
}

/// A file to ingest: parsed whole, or streamed (with its counts once read).
enum IngestInput {
    case parsed(ImportedFile)
    case streamed(StreamedFile, (runs: Int, measurements: Int)?)

    func summary(file: String, stored: (added: Int, measurements: Int, alreadyStored: Int)?) -> String {
        switch self {
        case let .parsed(imported):
            return IngestSummary.line(file: file, imported: imported, stored: stored)
        case let .streamed(s, counts):
            return IngestSummary.line(file: file, format: s.format, runs: counts?.runs ?? 0,
                                      measurements: counts?.measurements ?? 0, skipped: [], stored: stored)
        }
    }
}

/// Run metadata from the CI environment, else from `git` in the working directory.
enum EnvironmentMetadata {
    static func detect() -> RunMetadata {
        let env = ProcessInfo.processInfo.environment
        func first(_ keys: [String]) -> String? {
            for k in keys { if let v = env[k], !v.isEmpty { return v } }
            return nil
        }
        var md = RunMetadata()
        md.commit = first(["GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT"])
        // GITHUB_HEAD_REF is the source branch of a pull request; GITHUB_REF_NAME there is "N/merge".
        md.branch = first(["GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH",
                           "BUILDKITE_BRANCH", "CIRCLE_BRANCH", "GIT_BRANCH"])
        // Not RUNNER_NAME: a hosted CI runner's name changes every job while its speed class does not.
        md.machine = first(["SEXTANT_MACHINE"])
        if md.commit == nil { md.commit = git(["rev-parse", "HEAD"]) }
        if md.branch == nil, let b = git(["rev-parse", "--abbrev-ref", "HEAD"]), b != "HEAD" { md.branch = b }
        return md
    }

    static func git(_ args: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let s = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }
}
