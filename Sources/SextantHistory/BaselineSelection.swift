import Foundation
import GRDB

/// What `--baseline` names: a named baseline of the store, a rolling window, or the merge-base
/// window of a branch (issue 15).
public enum BaselineSpec: Sendable, Equatable {
    /// A baseline set with `sextant baseline set`.
    case named(String)
    /// The last N runs.
    case window(Int)
    /// The window of `branch`'s runs up to the merge-base of HEAD and `branch`.
    case mergeBase(branch: String)

    /// Parses `NAME`, `window:N` or `merge-base[:BRANCH]` (default branch `main`).
    public init(parsing text: String) throws {
        if text.hasPrefix("window:") {
            guard let n = Int(text.dropFirst("window:".count)), n >= 1 else {
                throw HistoryError.notFound("--baseline \(text): window:N needs a positive whole number of runs")
            }
            self = .window(n)
        } else if text == "merge-base" {
            self = .mergeBase(branch: "main")
        } else if text.hasPrefix("merge-base:") {
            let b = String(text.dropFirst("merge-base:".count))
            guard !b.isEmpty, !b.hasPrefix("-") else { throw HistoryError.notFound("--baseline \(text): merge-base:BRANCH needs a branch name") }
            self = .mergeBase(branch: b)
        } else {
            self = .named(text)
        }
    }
}

/// Which machines a window baseline may come from.
public struct MachineScope: Sendable, Equatable {
    /// `--machine M`: only M, whatever the candidate's machine.
    public var explicit: String?
    /// `--any-machine`: every machine.
    public var anyMachine: Bool
    /// The machines the candidate runs record (empty when they record none).
    public var candidateMachines: [String]

    public init(explicit: String? = nil, anyMachine: Bool = false, candidateMachines: [String] = []) {
        self.explicit = explicit
        self.anyMachine = anyMachine
        self.candidateMachines = candidateMachines
    }

    /// The machine a window baseline is restricted to: the explicit one, else the candidate's own
    /// (like for like is the default), else none (`--any-machine`, or a candidate without a machine).
    /// - Throws: when the candidates come from more than one machine and no `--machine` picks one.
    public func filter() throws -> String? {
        if let explicit { return explicit }
        if anyMachine { return nil }
        let distinct = Array(Set(candidateMachines)).sorted()
        guard distinct.count <= 1 else {
            throw HistoryError.notFound("the candidates come from \(distinct.count) machines (\(distinct.map { "\"\($0)\"" }.joined(separator: ", "))); gate one machine at a time, or pass --machine or --any-machine")
        }
        return distinct.first
    }
}

/// The baseline holds no run to compare with (none at all, none of the candidates' machine, none up to
/// the merge-base): the first run of a new history or machine. `gate --bootstrap` turns it into a
/// pass with every comparison inconclusive; otherwise it is an input error (exit 2).
public struct EmptyBaseline: Error, Sendable, CustomStringConvertible, Equatable {
    /// One line saying why, naming the machines involved.
    public var message: String
    public var description: String { message }
}

/// The runs a gate compares with and how its report names them.
public struct BaselineSelection: Sendable, Equatable {
    /// The baseline runs, oldest first.
    public var runs: [Run]
    /// The report's description of the baseline.
    public var label: String
    /// The name of a pinned (one-run) baseline, which `gate --record` moves.
    public var pinnedName: String?
    /// The machine the runs were restricted to, if any.
    public var machine: String?
    /// For a merge-base baseline: the merge-base commit and the nearest commit at or before it that has runs.
    public var mergeBase: String?
    public var comparedCommit: String?

    public init(runs: [Run], label: String, pinnedName: String?, machine: String?,
                mergeBase: String? = nil, comparedCommit: String? = nil) {
        self.runs = runs
        self.label = label
        self.pinnedName = pinnedName
        self.machine = machine
        self.mergeBase = mergeBase
        self.comparedCommit = comparedCommit
    }
}

extension HistoryStore {
    /// The machines of the runs (on `branch` when given), with their run counts; nil stands for
    /// runs that record no machine. Most runs first.
    public func machines(branch: String? = nil) throws -> [(machine: String?, runs: Int)] {
        try read { db in
            var sql = "SELECT machine, count(*) FROM run"
            var args: [(any DatabaseValueConvertible)?] = []
            if let branch { sql += " WHERE branch = ?"; args.append(branch) }
            sql += " GROUP BY machine ORDER BY count(*) DESC, machine"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { ($0[0], $0[1]) }
        }
    }
}

extension HistoryStoring {
    /// Resolves `--baseline`.
    ///
    /// Window and merge-base baselines take only the runs of `scope.filter()`'s machine; when that
    /// leaves none although the unrestricted baseline has runs, the error names the candidate's
    /// machine and the machines the baseline has (comparing across machines compares hardware, not
    /// code: issue 15's `make run` reported 28 "improvements" of -60% that way).
    ///
    /// - Parameters:
    ///   - window: the number of runs of a merge-base window (the policy's `baselineWindow`).
    ///   - branch: `--branch` (window baselines; a merge-base baseline uses its own branch).
    ///   - ancestry: for `.mergeBase`, the merge-base commit first, then its ancestors, nearest
    ///     first (full SHAs, as `git rev-list` prints them).
    /// - Complexity: O(r log r + a) for r runs and a ancestors.
    public func selectBaseline(_ spec: BaselineSpec, window: Int, branch: String?, scope: MachineScope,
                               ancestry: [String] = []) throws -> BaselineSelection {
        switch spec {
        case let .named(name):
            guard let b = try baseline(named: name) else {
                let known = (try? baselines().map(\.name)) ?? []
                throw HistoryError.notFound("no baseline named \(name) in \(path)"
                    + (known.isEmpty ? " (none set; use window:N, merge-base or `sextant baseline set`)" : " (known: \(known.joined(separator: ", ")))"))
            }
            let runs = try self.runs(of: b)
            var pinned: String? = nil
            if case .run = b.reference { pinned = name }
            return BaselineSelection(runs: runs, label: "\(name): run(s) \(runs.map { String($0.id) }.joined(separator: ","))",
                                     pinnedName: pinned, machine: nil)
        case let .window(n):
            let machine = try scope.filter()
            let runs = try self.runs(branch: branch, machine: machine, limit: n)
            if runs.isEmpty, machine != nil { try throwOtherMachines(machine!, branch: branch, what: "window:\(n)") }
            if runs.isEmpty { throw EmptyBaseline(message: "the baseline (window:\(n)\(branch.map { " on \($0)" } ?? "")) has no runs in \(path); ingest some results first") }
            return BaselineSelection(runs: runs, label: "last \(runs.count) run(s)\(branch.map { " on \($0)" } ?? "")\(machine.map { " of machine \($0)" } ?? "")",
                                     pinnedName: nil, machine: machine)
        case let .mergeBase(b):
            let machine = try scope.filter()
            guard let base = ancestry.first else { throw HistoryError.notFound("merge-base:\(b): no merge-base commit given") }
            var position: [String: Int] = [:]
            for (k, c) in ancestry.enumerated() where position[c] == nil { position[c] = k }
            // Runs may record abbreviated SHAs (7+ hex digits): match those by prefix.
            var byPrefix: [String: Int] = [:]
            for (k, c) in ancestry.enumerated() {
                let p = String(c.prefix(7))
                if byPrefix[p] == nil { byPrefix[p] = k }
            }
            func rank(_ commit: String?) -> Int? {
                guard let commit, commit.count >= 7 else { return nil }
                if let k = position[commit] { return k }
                guard let k = byPrefix[String(commit.prefix(7))], ancestry[k].hasPrefix(commit) else { return nil }
                return k
            }
            let all = try self.runs(branch: b, machine: machine, limit: nil)
            let ranked = all.compactMap { r in rank(r.commit).map { (r, $0) } }
            guard let nearest = ranked.map(\.1).min() else {
                if machine != nil, try !self.runs(branch: b, machine: nil, limit: nil).isEmpty { try throwOtherMachines(machine!, branch: b, what: "merge-base:\(b)") }
                throw EmptyBaseline(message: "merge-base:\(b): no run of \(b) at \(base.prefix(12)) or any of its \(ancestry.count - 1) ancestors in \(path)\(machine.map { " (machine \($0))" } ?? ""); run `sextant sync pull` first?")
            }
            let runs = Array(ranked.map(\.0).suffix(window))
            let compared = ancestry[nearest]
            let distance = nearest == 0 ? "the merge-base itself" : "\(nearest) commit(s) before the merge-base"
            let label = "merge-base \(base.prefix(12)) of HEAD and \(b): last \(runs.count) run(s) of \(b) up to \(compared.prefix(12)) (\(distance))\(machine.map { " of machine \($0)" } ?? "")"
            return BaselineSelection(runs: runs, label: label, pinnedName: nil, machine: machine,
                                     mergeBase: base, comparedCommit: compared)
        }
    }

    private func throwOtherMachines(_ machine: String, branch: String?, what: String) throws -> Never {
        let others = try machines(branch: branch)
        guard !others.isEmpty else {
            throw EmptyBaseline(message: "the baseline (\(what)) has no runs in \(path); ingest some results first")
        }
        let list = others.map { m in m.machine.map { "\"\($0)\" (\(m.runs) run(s))" } ?? "no machine recorded (\(m.runs) run(s))" }
        throw EmptyBaseline(message: "no baseline run (\(what)) of the candidate's machine \"\(machine)\"; the baseline has runs of: \(list.joined(separator: ", ")). Compare like with like (record a baseline on this machine), or pass --any-machine")
    }
}
