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
        // Parse every file before touching the store: a bad file leaves the store as it was.
        var parsed: [(String, ImportedFile)] = []
        let bar = progress.bar("ingest", total: 2 * files.count)
        defer { bar.finish() }
        do {
            for file in files {
                parsed.append((file, try Importer.read(path: file, format: forced)))
                bar.advance()
            }
        } catch {
            bar.finish()
            throw inputError(error)
        }
        if dryRun {
            bar.finish()
            for (file, imported) in parsed { printOut(Escape.terminal(IngestSummary.line(file: file, imported: imported, stored: nil))) }
            return
        }
        let needsFallback = parsed.contains { $0.1.runs.contains { $0.metadata.commit == nil || $0.metadata.branch == nil } }
        // Runs without a timestamp get the time of ingest from the store (and a hash without it).
        let fallback = needsFallback ? EnvironmentMetadata.detect() : RunMetadata()
        let store = try storeOptions.open(create: true)
        for (file, imported) in parsed {
            let runs = imported.runs.map { run in
                ImportedRun(metadata: run.metadata.filled(from: fallback).overridden(by: overrides), measurements: run.measurements)
            }
            do {
                let result = try store.ingest(runs, source: file, format: imported.format.rawValue)
                bar.advance()
                bar.finish()
                printOut(Escape.terminal(IngestSummary.line(file: file, imported: imported,
                                                            stored: (added: result.added.count, measurements: result.measurements, alreadyStored: result.skipped))))
            } catch {
                bar.finish()
                throw inputError(error)
            }
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
