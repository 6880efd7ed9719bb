import Foundation
import SextantHistory

/// What went wrong while synchronising with a history branch, as one line.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// A git command failed.
    case git(GitError)
    /// A run file on the branch is not a valid run file.
    case badRunFile(String)
    /// The push was rejected `attempts` times because other jobs kept pushing first.
    case gaveUp(attempts: Int, last: GitError)
    /// The store could not be read or written.
    case store(String)

    public var description: String {
        switch self {
        case let .git(e): return e.description
        case let .badRunFile(m): return m
        case let .gaveUp(n, last): return "push rejected \(n) times (other jobs kept pushing first); last: \(last.message)"
        case let .store(m): return m
        }
    }
}

/// A git branch that holds a history store's runs as one JSON-lines file per run
/// (`RunArchive`), so the SQLite store is a cache that can always be rebuilt from the branch.
///
/// The branch is read and written with git plumbing only (`fetch`, `ls-tree`, `cat-file`,
/// `hash-object`, a private index, `commit-tree`, `push`): the work tree and the checked-out
/// branch are never touched. Every run lives in its own file named by its content hash, so two
/// jobs never write the same file and merging two tips is the union of their files.
///
/// `push` is optimistic: it builds one commit on the tip it fetched and pushes without force. When
/// another job pushed first, git rejects the push; `push` then fetches the new tip, re-applies its
/// missing files on top of it (the merge of two disjoint sets of files) and tries again, up to
/// `maxAttempts` times, waiting a random time that doubles after each attempt (full-jitter
/// exponential backoff, Brooker 2015, "Exponential Backoff And Jitter") so that jobs that collided
/// do not collide again in step. A run is never lost (it stays in the store until a push containing
/// it is accepted) and never duplicated (a file that is on the branch is never written again).
public struct HistoryBranch: Sendable {
    /// The repository the plumbing runs in.
    public let git: Git
    /// A remote name of that repository (e.g. `origin`) or any URL git understands (a path to a bare repository too).
    public let remote: String
    /// The branch name, e.g. `sextant-history`.
    public let branch: String
    /// How many times a rejected push is retried in all (default 12: with 8 concurrent jobs
    /// every job lands within 8 attempts when each round lets at least one through).
    public var maxAttempts: Int = 12
    /// The first backoff ceiling in seconds (doubled per attempt, capped at 4 s).
    public var backoff: Double = 0.05

    /// The local ref that mirrors the remote branch (outside refs/heads, so no local branch changes).
    public var localRef: String { "refs/sextant/sync/\(branch)" }

    public init(git: Git, remote: String, branch: String) {
        self.git = git
        self.remote = remote
        self.branch = branch
    }

    /// The result of `pull`.
    public struct PullResult: Sendable, Equatable {
        /// The branch's tip (nil when the branch does not exist yet).
        public var tip: String?
        /// Run files on the branch.
        public var filesOnBranch: Int
        /// Runs added to the store.
        public var added: Int
        /// Runs the store already had.
        public var alreadyStored: Int
        /// Triage records on the branch, and how many of them changed the store (issue 19).
        public var triageOnBranch: Int = 0
        public var triageApplied: Int = 0
    }

    /// The result of `push`.
    public struct PushResult: Sendable, Equatable {
        /// The new tip (the old one when nothing was pushed; nil when the branch does not exist).
        public var tip: String?
        /// Run files written by this push.
        public var written: Int
        /// Stored runs that were already on the branch.
        public var alreadyOnBranch: Int
        /// Push attempts made (0 when nothing had to be pushed).
        public var attempts: Int
        /// Triage record files written or replaced by this push (issue 19).
        public var triageWritten: Int = 0
    }

    // MARK: - Operations

    /// Fetches the branch and ingests every run file whose run the store lacks.
    public func pull(into store: any HistoryStoring) throws -> PullResult {
        guard let tip = try fetch() else { return PullResult(tip: nil, filesOnBranch: 0, added: 0, alreadyStored: 0) }
        let triage = try triageRecords(at: tip)
        let files = try runFiles(at: tip)
        let have = try storeHashes(store)
        let missing = files.filter { !have.contains($0.key) }.sorted { $0.key < $1.key }
        let blobs = try readBlobs(missing.map(\.value))
        var archived: [ArchivedRun] = []
        for ((hash, _), data) in zip(missing, blobs) {
            let path = RunArchive.path(forHash: hash)
            let a: ArchivedRun
            do {
                a = try RunArchive.decode(data, file: "\(branch):\(path)")
            } catch {
                throw SyncError.badRunFile("\(error)")
            }
            guard a.contentHash == hash else {
                throw SyncError.badRunFile("\(branch):\(path):1: contentHash \(a.contentHash) does not match the file name")
            }
            archived.append(a)
        }
        let result: HistoryStore.IngestResult
        do { result = try store.ingest(archived: archived) } catch { throw SyncError.store("\(error)") }
        // Triage records: the newer version of each wins, so pulling twice changes nothing.
        let applied: Int
        do { applied = try store.mergeTriage(triage.map(\.record), source: "\(branch):\(TriageArchive.folder)") } catch { throw SyncError.store("\(error)") }
        return PullResult(tip: tip, filesOnBranch: files.count, added: result.added.count,
                          alreadyStored: files.count - result.added.count, triageOnBranch: triage.count, triageApplied: applied)
    }

    /// Writes every stored run the branch lacks as a run file, commits and pushes (see the type's
    /// documentation for what happens when another job pushes first).
    public func push(from store: any HistoryStoring, message: String? = nil) throws -> PushResult {
        let hashes = try storeHashes(store)
        var blobIDs: [String: String] = [:] // content hash -> blob id, written once across attempts
        var attempt = 0
        var lastError: GitError? = nil
        while attempt < maxAttempts {
            let tip = try fetch()
            let onBranch = try tip.map { try runFiles(at: $0) } ?? [:]
            let missing = hashes.subtracting(onBranch.keys).sorted()
            let triage = try triageToWrite(store: store, tip: tip)
            if missing.isEmpty && triage.isEmpty {
                return PushResult(tip: tip, written: 0, alreadyOnBranch: hashes.count, attempts: attempt)
            }
            attempt += 1
            let toWrite = missing.filter { blobIDs[$0] == nil }
            if !toWrite.isEmpty {
                var texts: [Data] = []
                for h in toWrite {
                    let a: ArchivedRun?
                    do { a = try store.archivedRun(hash: h) } catch { throw SyncError.store("\(error)") }
                    guard let a else { throw SyncError.store("run \(h) vanished from \(store.path) during the push") }
                    texts.append(Data(RunArchive.encode(a).utf8))
                }
                for (h, id) in zip(toWrite, try writeBlobs(texts)) { blobIDs[h] = id }
            }
            let triageBlobs = triage.isEmpty ? [] : try writeBlobs(triage.map { Data(($0.text + "\n").utf8) })
            let commit = try makeCommit(on: tip, adding: missing.map { (RunArchive.path(forHash: $0), blobIDs[$0]!) }
                                            + zip(triage, triageBlobs).map { ($0.path, $1) },
                                        message: message ?? "sextant sync: \(missing.count) run(s)\(triage.isEmpty ? "" : ", \(triage.count) triage record(s)")")
            let pushed = try git.execute(["push", "--quiet", "--no-verify", remote, "\(commit):refs/heads/\(branch)"])
            if pushed.status == 0 {
                _ = try? git.run(["update-ref", localRef, commit])
                return PushResult(tip: commit, written: missing.count, alreadyOnBranch: hashes.count - missing.count, attempts: attempt,
                                  triageWritten: triage.count)
            }
            let error = GitError(command: "git push \(Git.redact(remote)) \(commit):refs/heads/\(branch)", status: pushed.status,
                                 message: Git.lastLine(pushed.stderr))
            // Rejected because the tip moved? Then merge and retry; an unchanged tip means a real error.
            let now = try remoteTip()
            if now == tip { throw SyncError.git(error) }
            lastError = error
            let ceiling = min(4.0, backoff * pow(2, Double(attempt - 1)))
            usleep(UInt32(Double.random(in: 0...ceiling) * 1_000_000))
        }
        throw SyncError.gaveUp(attempts: attempt, last: lastError ?? GitError(command: "git push", status: 1, message: "rejected"))
    }

    /// The content hashes of every run file at the branch's tip (fetching it first); empty when the branch does not exist.
    public func hashesOnBranch() throws -> [String] {
        guard let tip = try fetch() else { return [] }
        return try runFiles(at: tip).keys.sorted()
    }

    // MARK: - Triage records (issue 19)

    /// The triage records at `commit` (files `triage/<hash>.json`, one record each) with their paths.
    func triageRecords(at commit: String) throws -> [(path: String, record: TriageRecord)] {
        let out = try wrap { try git.run(["ls-tree", "-r", "--full-tree", commit, "--", TriageArchive.folder]) }
        var entries: [(String, String)] = []
        for line in out.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let meta = line[..<tab].split(separator: " ")
            let path = String(line[line.index(after: tab)...])
            guard meta.count == 3, meta[1] == "blob", path.hasSuffix(".json") else { continue }
            entries.append((path, String(meta[2])))
        }
        var records: [(path: String, record: TriageRecord)] = []
        for ((path, _), data) in zip(entries, try readBlobs(entries.map(\.1))) {
            let decoded: [TriageRecord]
            do { decoded = try TriageArchive.decode(data, file: "\(branch):\(path)") } catch { throw SyncError.badRunFile("\(error)") }
            guard decoded.count == 1 else { throw SyncError.badRunFile("\(branch):\(path): \(decoded.count) records, one expected") }
            guard TriageArchive.path(for: decoded[0]) == path else {
                throw SyncError.badRunFile("\(branch):\(path):1: the record's benchmark, metric and commit do not match the file name")
            }
            records.append((path, decoded[0]))
        }
        return records
    }

    /// The store's triage records (tombstones too) that the branch at `tip` lacks or holds in an
    /// older version (by ``SextantHistory/TriageRecord/supersedes(_:)``), as files to write.
    func triageToWrite(store: any HistoryStoring, tip: String?) throws -> [(path: String, text: String)] {
        let local: [TriageRecord]
        do { local = try store.triageRecords(includeRemoved: true) } catch { throw SyncError.store("\(error)") }
        guard !local.isEmpty else { return [] }
        var remote: [String: TriageRecord] = [:]
        if let tip { for (path, r) in try triageRecords(at: tip) { remote[path] = r } }
        return local.compactMap { r in
            let path = TriageArchive.path(for: r)
            let text = TriageArchive.encode(r)
            if let old = remote[path] {
                if old == r { return nil }
                guard r.supersedes(old) else { return nil }
            }
            return (path, text)
        }
    }

    // MARK: - Plumbing

    /// The remote branch's tip, or nil when the remote has no such branch.
    func remoteTip() throws -> String? {
        let out = try wrap { try git.run(["ls-remote", "--heads", remote, "refs/heads/\(branch)"]) }
        return out.split(separator: "\n").first.flatMap { $0.split(separator: "\t").first.map(String.init) }
    }

    /// Fetches the branch into `localRef`; returns its tip, or nil (and removes `localRef`) when the branch does not exist.
    func fetch() throws -> String? {
        guard try remoteTip() != nil else {
            _ = try? git.execute(["update-ref", "-d", localRef])
            return nil
        }
        let r = try git.execute(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, "+refs/heads/\(branch):\(localRef)"])
        if r.status != 0 {
            // The branch may have been created or moved between ls-remote and fetch: check once more.
            guard try remoteTip() != nil else { return nil }
            throw SyncError.git(GitError(command: "git fetch \(Git.redact(remote)) \(branch)", status: r.status, message: Git.lastLine(r.stderr)))
        }
        return try wrap { try git.run(["rev-parse", "--verify", "\(localRef)^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Run files at `commit`: content hash -> blob id. Files that are not run files are ignored.
    func runFiles(at commit: String) throws -> [String: String] {
        let out = try wrap { try git.run(["ls-tree", "-r", "--full-tree", commit, "--", "runs"]) }
        var files: [String: String] = [:]
        for line in out.split(separator: "\n") {
            // "<mode> blob <id>\t<path>"
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let meta = line[..<tab].split(separator: " ")
            guard meta.count == 3, meta[1] == "blob", let hash = RunArchive.hash(fromPath: String(line[line.index(after: tab)...])) else { continue }
            files[hash] = String(meta[2])
        }
        return files
    }

    /// The contents of blobs, in order, through one `git cat-file --batch`.
    func readBlobs(_ ids: [String]) throws -> [Data] {
        guard !ids.isEmpty else { return [] }
        let r = try git.execute(["cat-file", "--batch"], input: Data((ids.joined(separator: "\n") + "\n").utf8))
        guard r.status == 0 else { throw SyncError.git(GitError(command: "git cat-file --batch", status: r.status, message: Git.lastLine(r.stderr))) }
        // Output: "<id> blob <size>\n<content>\n" per object.
        var out: [Data] = []
        let bytes = r.stdout
        var i = bytes.startIndex
        for id in ids {
            guard let nl = bytes[i...].firstIndex(of: 0x0A) else { throw SyncError.badRunFile("git cat-file: truncated output at \(id)") }
            let header = String(decoding: bytes[i..<nl], as: UTF8.self).split(separator: " ")
            guard header.count == 3, header[1] == "blob", let size = Int(header[2]) else {
                throw SyncError.badRunFile("git cat-file: \(String(decoding: bytes[i..<nl], as: UTF8.self))")
            }
            let start = nl + 1
            guard start + size <= bytes.endIndex else { throw SyncError.badRunFile("git cat-file: truncated blob \(id)") }
            out.append(Data(bytes[start..<(start + size)]))
            i = start + size + 1
        }
        return out
    }

    /// Writes blobs (through files in a temporary folder and one `git hash-object -w --stdin-paths`); returns their ids in order.
    func writeBlobs(_ contents: [Data]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-sync-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (k, c) in contents.enumerated() {
            let p = dir.appendingPathComponent("\(k).jsonl")
            do { try c.write(to: p) } catch { throw SyncError.store("cannot write \(p.path): \(error.localizedDescription)") }
            paths.append(p.path)
        }
        let out = try wrap { try git.run(["hash-object", "-w", "--no-filters", "--stdin-paths"], input: Data((paths.joined(separator: "\n") + "\n").utf8)) }
        let ids = out.split(separator: "\n").map(String.init)
        guard ids.count == contents.count else { throw SyncError.badRunFile("git hash-object returned \(ids.count) ids for \(contents.count) files") }
        return ids
    }

    /// A commit whose tree is `parent`'s tree plus `files` (path, blob id), built in a private index.
    func makeCommit(on parent: String?, adding files: [(String, String)], message: String) throws -> String {
        let index = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-sync-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let env = ["GIT_INDEX_FILE": index]
        return try wrap {
            if let parent { try git.run(["read-tree", parent], environment: env) } else { try git.run(["read-tree", "--empty"], environment: env) }
            let info = files.map { "100644 \($0.1)\t\($0.0)" }.joined(separator: "\n") + "\n"
            try git.run(["update-index", "--add", "--index-info"], input: Data(info.utf8), environment: env)
            let tree = try git.run(["write-tree"], environment: env).trimmingCharacters(in: .whitespacesAndNewlines)
            var args = ["commit-tree", tree, "-m", message]
            if let parent { args += ["-p", parent] }
            return try git.run(args, environment: identity()).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Author and committer for `commit-tree` when git has none configured (a fresh CI runner).
    func identity() -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        if env["GIT_AUTHOR_NAME"] != nil || ((try? git.run(["config", "user.email"]))?.isEmpty == false) { return [:] }
        return ["GIT_AUTHOR_NAME": "sextant", "GIT_AUTHOR_EMAIL": "sextant@localhost",
                "GIT_COMMITTER_NAME": "sextant", "GIT_COMMITTER_EMAIL": "sextant@localhost"]
    }

    func storeHashes(_ store: any HistoryStoring) throws -> Set<String> {
        do { return try store.contentHashes() } catch { throw SyncError.store("\(error)") }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as GitError { throw SyncError.git(e) }
    }
}

extension HistoryBranch {
    /// A history branch worked on from `directory`: inside a git repository its own object store is
    /// used (so a remote name such as `origin` and its credentials work); elsewhere a private bare
    /// repository is created in `scratch` (then `remote` must be a URL or path).
    public static func open(directory: URL, remote: String, branch: String, scratch: URL) throws -> HistoryBranch {
        let here = Git(directory: directory)
        if let r = try? here.execute(["rev-parse", "--git-dir"]), r.status == 0 {
            return HistoryBranch(git: here, remote: remote, branch: branch)
        }
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let bare = Git(directory: scratch)
        do { try bare.run(["init", "--quiet", "--bare"]) } catch let e as GitError { throw SyncError.git(e) }
        return HistoryBranch(git: bare, remote: remote, branch: branch)
    }
}
