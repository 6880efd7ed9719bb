import Foundation

/// Commit ancestry questions for the gate's `merge-base` baseline, answered by `git`.
public struct GitAncestry: Sendable {
    /// The checkout's git wrapper.
    public let git: Git
    /// How many ancestors of the merge-base are considered when looking for the nearest one with a run.
    public var limit = 10_000

    public init(directory: URL) { git = Git(directory: directory) }

    /// `branch` as a commit: the name itself, else `origin/<branch>` (a CI checkout often has only
    /// the remote-tracking ref).
    public func resolve(_ branch: String) throws -> String {
        for candidate in [branch, "origin/\(branch)", "refs/remotes/origin/\(branch)"] {
            if let r = try? git.execute(["rev-parse", "--verify", "--quiet", "\(candidate)^{commit}"]), r.status == 0 {
                return String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        throw GitError(command: "git rev-parse \(branch)", status: 1,
                       message: "no branch \(branch) (nor origin/\(branch)) in \(git.directory.path); fetch it first (actions/checkout: fetch-depth: 0)")
    }

    /// The merge-base of `head` and `branch` first, then its ancestors, nearest first
    /// (`git rev-list --topo-order`, at most `limit`).
    /// - Throws: `GitError` outside a checkout, for an unknown branch, or when the histories share no commit.
    public func mergeBaseAncestry(head: String, branch: String) throws -> [String] {
        let ref = try resolve(branch)
        let base: String
        do {
            base = try git.run(["merge-base", head, ref]).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let e as GitError {
            throw GitError(command: e.command, status: e.status,
                           message: e.message == "no message" ? "\(head) and \(branch) share no commit (a shallow clone? use fetch-depth: 0)" : e.message)
        }
        let list = try git.run(["rev-list", "--topo-order", "--max-count=\(limit)", base])
        return list.split(separator: "\n").map(String.init)
    }
}
