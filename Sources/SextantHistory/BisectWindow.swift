import Foundation

/// One run as a bisect window names it: its store id, commit and time (each optional: a candidate
/// file may carry no commit, a series read from `--input` no run).
public struct RunReference: Sendable, Hashable, Codable {
    /// The store's run id (nil for a candidate not yet stored).
    public var run: Int64?
    /// The commit the run measured.
    public var commit: String?
    /// When the run happened.
    public var timestamp: Date?

    public init(run: Int64? = nil, commit: String? = nil, timestamp: Date? = nil) {
        self.run = run; self.commit = commit; self.timestamp = timestamp
    }

    /// The run of a series point.
    public init(_ point: SeriesPoint) {
        self.init(run: point.runID, commit: point.commit, timestamp: point.timestamp)
    }
}

/// Answers about commit history, for bisect windows and for triage records named by a commit that
/// lies inside a window rather than at its end. Implemented over `git` by SextantSync; every
/// answer is nil when unknown (not a checkout, a commit the repository does not have).
public protocol CommitGraph: Sendable {
    /// `git rev-list --count good..bad`: the commits reachable from `bad` but not from `good`.
    func commitCount(from good: String, to bad: String) -> Int?
    /// Whether `ancestor` is `descendant` or one of its ancestors (`git merge-base --is-ancestor`).
    func isAncestor(_ ancestor: String, of descendant: String) -> Bool?
    /// Looks up many commit names at once, so that later questions about names the repository does
    /// not have cost nothing (a store of another project's history asks about thousands).
    func prefetch(_ commits: Set<String>)
}

extension CommitGraph {
    public func prefetch(_ commits: Set<String>) {}
}

/// Where to look for the commit that caused a change: the last good run before it and the first bad
/// run, and, inside a git checkout, how many commits lie between them (`git rev-list --count
/// GOOD..BAD`, the commits reachable from the bad one and not from the good one).
///
/// A window of one commit names its culprit; a wider one gives the `git bisect start BAD GOOD`
/// command that searches it in about log2(count) steps.
public struct BisectWindow: Sendable, Hashable, Codable {
    /// The last run at the old level.
    public var lastGood: RunReference
    /// The first run at the new level.
    public var firstBad: RunReference
    /// Commits in `lastGood..firstBad`, when a git checkout knows both commits.
    public var commits: Int?

    public init(lastGood: RunReference, firstBad: RunReference, commits: Int? = nil) {
        self.lastGood = lastGood; self.firstBad = firstBad; self.commits = commits
    }

    /// The command that bisects the window (nil unless both commits are known and differ).
    public var bisectCommand: String? {
        guard let good = lastGood.commit, let bad = firstBad.commit, good != bad, commits.map({ $0 > 1 }) ?? true else { return nil }
        return "git bisect start \(bad) \(good)"
    }

    /// The one commit of a window that holds exactly one: the first bad run's.
    public var culprit: String? { commits == 1 ? firstBad.commit : nil }

    /// `self` with the commit count from `graph` (unchanged when either commit is unknown).
    public func resolved(in graph: (any CommitGraph)?) -> BisectWindow {
        guard let graph, let good = lastGood.commit, let bad = firstBad.commit else { return self }
        var copy = self
        copy.commits = good == bad ? 0 : graph.commitCount(from: good, to: bad)
        return copy
    }

    /// Whether `commit` is the first bad run's commit (or a prefix of it, or it a prefix of `commit`:
    /// short hashes), or, with a commit graph, lies in `lastGood..firstBad` (an ancestor of the first
    /// bad commit that is not an ancestor of the last good one).
    public func contains(_ commit: String, graph: (any CommitGraph)?) -> Bool {
        if let bad = firstBad.commit, CommitName.same(commit, bad) { return true }
        guard let graph, let bad = firstBad.commit, graph.isAncestor(commit, of: bad) == true else { return false }
        guard let good = lastGood.commit else { return true }
        return graph.isAncestor(commit, of: good) == false
    }

    /// One line for tables and logs: `good abc1234 (2026-11-30T10:00:00Z) .. bad def5678 (...); 3 commits: git bisect start ...`.
    public var summary: String {
        func side(_ r: RunReference) -> String {
            let c = r.commit.map { CommitName.short($0) } ?? (r.run.map { "run \($0)" } ?? "?")
            return r.timestamp.map { "\(c) (\(Timestamps.format($0)))" } ?? c
        }
        var s = "last good \(side(lastGood)), first bad \(side(firstBad))"
        if let culprit { return s + "; culprit: \(culprit)" }
        if let n = commits { s += "; \(n) commit\(n == 1 ? "" : "s") between" }
        if let cmd = bisectCommand { s += "; \(cmd)" }
        return s
    }

    enum CodingKeys: String, CodingKey { case lastGood, firstBad, commits, bisectCommand, culprit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lastGood = try c.decode(RunReference.self, forKey: .lastGood)
        firstBad = try c.decode(RunReference.self, forKey: .firstBad)
        commits = try c.decodeIfPresent(Int.self, forKey: .commits)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lastGood, forKey: .lastGood)
        try c.encode(firstBad, forKey: .firstBad)
        try c.encodeIfPresent(commits, forKey: .commits)
        try c.encodeIfPresent(bisectCommand, forKey: .bisectCommand)
        try c.encodeIfPresent(culprit, forKey: .culprit)
    }
}

/// Comparing and shortening commit names (full or abbreviated hashes, or other revision names).
public enum CommitName {
    /// Whether two names denote the same commit: equal, or one an abbreviation (at least 7
    /// characters) of the other.
    public static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return short.count >= 7 && long.hasPrefix(short) && short.allSatisfy(\.isHexDigit)
    }

    /// A hash shortened to 10 characters for tables; other names as they are.
    public static func short(_ commit: String) -> String {
        commit.count > 12 && commit.allSatisfy(\.isHexDigit) ? String(commit.prefix(10)) : commit
    }
}
