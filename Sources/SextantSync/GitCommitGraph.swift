import Foundation
import SextantHistory

/// ``SextantHistory/CommitGraph`` answered by `git` in a checkout: `rev-list --count GOOD..BAD` for
/// bisect windows and `merge-base --is-ancestor` for triage records named by a commit inside a
/// window. Answers are cached (one process per distinct question), and a commit the repository does
/// not have is asked about once (`rev-parse --verify`) and then answered nil without running git.
/// Safe to share between threads (the analysis asks from every core).
public final class GitCommitGraph: CommitGraph, @unchecked Sendable {
    let git: Git
    private let lock = NSLock()
    private var known: [String: String?] = [:] // name -> full hash, or nil when git does not have it
    private var counts: [String: Int?] = [:]
    private var ancestry: [String: Bool?] = [:]

    /// The graph of the checkout that contains `directory`, or nil when it is not inside one.
    public init?(directory: URL) {
        git = Git(directory: directory)
        guard let r = try? git.execute(["rev-parse", "--is-inside-work-tree"]), r.status == 0 else { return nil }
    }

    /// The full hash of `name`, or nil when the repository has no such commit.
    public func fullHash(_ name: String) -> String? { resolve(name) }

    /// Resolves every name not yet known through one `git cat-file --batch-check` (names with a
    /// line break or starting with '-' are recorded unknown without asking).
    /// - Complexity: one git process for n names.
    public func prefetch(_ commits: Set<String>) {
        lock.lock()
        let names = commits.filter { known[$0] == nil }.sorted()
        lock.unlock()
        guard !names.isEmpty else { return }
        let askable = names.filter { !$0.isEmpty && !$0.hasPrefix("-") && !$0.contains(where: \.isNewline) }
        var found: [String: String?] = Dictionary(uniqueKeysWithValues: names.map { ($0, nil) })
        if !askable.isEmpty, let r = try? git.execute(["cat-file", "--batch-check=%(objectname) %(objecttype)"],
                                                      input: Data(askable.map { "\($0)^{commit}" }.joined(separator: "\n").utf8 + [0x0A])),
           r.status == 0 {
            let lines = String(decoding: r.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for (name, line) in zip(askable, lines) {
                let parts = line.split(separator: " ")
                if parts.count == 2, parts[1] == "commit", parts[0].count >= 40 { found[name] = String(parts[0]) }
            }
        } else {
            return // leave them unknown-yet: resolve() asks one by one
        }
        lock.lock()
        for (k, v) in found { known[k] = v }
        lock.unlock()
    }

    /// The full hash of `name`, or nil when the repository has no such commit.
    func resolve(_ name: String) -> String? {
        lock.lock()
        if let hit = known[name] { lock.unlock(); return hit }
        lock.unlock()
        // `--end-of-options` keeps a name starting with '-' from being read as an option.
        let full: String?
        if let r = try? git.execute(["rev-parse", "--verify", "--quiet", "--end-of-options", "\(name)^{commit}"]), r.status == 0 {
            full = String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            full = nil
        }
        lock.lock(); known[name] = full; lock.unlock()
        return full
    }

    public func commitCount(from good: String, to bad: String) -> Int? {
        guard let g = resolve(good), let b = resolve(bad) else { return nil }
        let key = g + ".." + b
        lock.lock()
        if let hit = counts[key] { lock.unlock(); return hit }
        lock.unlock()
        var n: Int? = nil
        if let r = try? git.execute(["rev-list", "--count", key]), r.status == 0 {
            n = Int(String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        lock.lock(); counts[key] = n; lock.unlock()
        return n
    }

    public func isAncestor(_ ancestor: String, of descendant: String) -> Bool? {
        guard let a = resolve(ancestor), let d = resolve(descendant) else { return nil }
        if a == d { return true }
        let key = a + " " + d
        lock.lock()
        if let hit = ancestry[key] { lock.unlock(); return hit }
        lock.unlock()
        var answer: Bool? = nil
        if let r = try? git.execute(["merge-base", "--is-ancestor", a, d]) {
            answer = r.status == 0 ? true : (r.status == 1 ? false : nil)
        }
        lock.lock(); ancestry[key] = answer; lock.unlock()
        return answer
    }
}
