import ArgumentParser
import Foundation
import SextantHistory
import SextantSync

/// `sextant sync pull|push`: the history store <-> a git branch of run files (SextantSync).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Keep the history in a git branch (one JSON-lines file per run) that survives between CI runs.",
        discussion: """
            The branch is the durable history; the store is a cache rebuilt from it with `sync pull`. \
            Only git plumbing is used: the work tree and the current branch are not touched. \
            Exit code 2 on any git, store or file error.
            """,
        subcommands: [SyncPull.self, SyncPush.self])
}

/// `--remote --branch` of both sync subcommands.
struct SyncOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A remote of the repository in the working directory, or a URL or path of any git repository.",
                               valueName: "name|url"))
    var remote: String = "origin"

    @Option(help: "The history branch.")
    var branch: String = "sextant-history"

    func validate() throws {
        guard !branch.isEmpty, !branch.hasPrefix("-"), !branch.contains(".."), !branch.contains(" "),
              !branch.hasSuffix("/"), !branch.hasSuffix(".lock") else {
            throw ValidationError("--branch \(branch) is not a valid branch name")
        }
        guard !remote.isEmpty, !remote.hasPrefix("-") else { throw ValidationError("--remote must name a remote or a URL") }
    }

    /// Opens the branch from the working directory; errors exit 2.
    func open(scratch: URL) throws -> HistoryBranch {
        do {
            return try HistoryBranch.open(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                          remote: remote, branch: branch, scratch: scratch)
        } catch {
            throw inputError(ValidationError("sync: \(error)"))
        }
    }
}

/// A scratch folder for a private repository, removed when the command ends.
private func withScratch<T>(_ body: (URL) throws -> T) rethrows -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-sync-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

struct SyncPull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Fetch the history branch and ingest every run the store lacks (idempotent).")

    @OptionGroup var sync: SyncOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try withScratch { scratch in
            let branch = try sync.open(scratch: scratch)
            let store = try storeOptions.open(create: true)
            do {
                let r = try branch.pull(into: store)
                if let tip = r.tip {
                    printOut("sync pull: \(sync.branch) at \(tip.prefix(12)): \(r.filesOnBranch) run file(s), \(r.added) run(s) added, \(r.alreadyStored) already stored"
                             + (r.triageOnBranch > 0 ? "; \(r.triageOnBranch) triage record(s), \(r.triageApplied) applied" : ""))
                } else {
                    printOut("sync pull: \(Git.redact(sync.remote)) has no branch \(sync.branch) yet: nothing to pull")
                }
            } catch {
                throw inputError(ValidationError("sync pull: \(error)"))
            }
        }
    }
}

struct SyncPush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Write every stored run the branch lacks as a file, commit and push; on rejection fetch, merge and retry.")

    @OptionGroup var sync: SyncOptions

    @Option(help: "Push attempts in all when other jobs push first.")
    var attempts: Int = 12

    @Option(help: "Commit message (default: sextant sync: N run(s)).")
    var message: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...100).contains(attempts) else { throw ValidationError("--attempts must be in 1...100") }
    }

    func run() throws {
        try withScratch { scratch in
            var branch = try sync.open(scratch: scratch)
            branch.maxAttempts = attempts
            let store = try storeOptions.open(create: false)
            do {
                let r = try branch.push(from: store, message: message)
                if r.written == 0 && r.triageWritten == 0 {
                    printOut("sync push: \(sync.branch) already holds all \(r.alreadyOnBranch) stored run(s): nothing to push")
                } else {
                    printOut("sync push: \(r.written) run(s)\(r.triageWritten > 0 ? " and \(r.triageWritten) triage record(s)" : "") written to \(sync.branch) at \(r.tip.map { String($0.prefix(12)) } ?? "-") (\(r.alreadyOnBranch) already there; \(r.attempts) attempt(s))")
                }
            } catch {
                throw inputError(ValidationError("sync push: \(error)"))
            }
        }
    }
}
