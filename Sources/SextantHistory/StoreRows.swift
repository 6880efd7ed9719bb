import Foundation

/// The raw rows of a history store, backend-neutral: what `sextant store copy` moves and what its
/// verification compares. Ids are kept, so a copied store exports byte for byte what the original does.
public enum StoreRows {
    /// A `series` row.
    public struct SeriesRow: Sendable, Hashable {
        public var id: Int64, benchmark: String, metric: String, unit: String, direction: String
        public init(id: Int64, benchmark: String, metric: String, unit: String, direction: String) {
            self.id = id; self.benchmark = benchmark; self.metric = metric; self.unit = unit; self.direction = direction
        }
    }

    /// A `run` row.
    public struct RunRow: Sendable, Hashable {
        public var id: Int64, commit: String?, branch: String?, timestamp: Double, machine: String?, toolchain: String?
        public var source: String?, format: String, contentHash: String, measurementCount: Int64, ingestedAt: Double
        public init(id: Int64, commit: String?, branch: String?, timestamp: Double, machine: String?, toolchain: String?,
                    source: String?, format: String, contentHash: String, measurementCount: Int64, ingestedAt: Double) {
            self.id = id; self.commit = commit; self.branch = branch; self.timestamp = timestamp; self.machine = machine
            self.toolchain = toolchain; self.source = source; self.format = format; self.contentHash = contentHash
            self.measurementCount = measurementCount; self.ingestedAt = ingestedAt
        }
    }

    /// A `measurement` row; `samples` is the stored little-endian float64 blob.
    public struct MeasurementRow: Sendable, Hashable {
        public var seriesID: Int64, runID: Int64, value: Double, iterations: Int64?, samples: [UInt8]?
        public init(seriesID: Int64, runID: Int64, value: Double, iterations: Int64?, samples: [UInt8]?) {
            self.seriesID = seriesID; self.runID = runID; self.value = value; self.iterations = iterations; self.samples = samples
        }
    }

    /// A `baseline` row.
    public struct BaselineRow: Sendable, Hashable {
        public var name: String, runID: Int64?, branch: String?, machine: String?, window: Int64?, updatedAt: Double
        public init(name: String, runID: Int64?, branch: String?, machine: String?, window: Int64?, updatedAt: Double) {
            self.name = name; self.runID = runID; self.branch = branch; self.machine = machine; self.window = window; self.updatedAt = updatedAt
        }
    }

    /// One row of any table. ``HistoryStoring/readRows(_:)`` yields series by id, runs by id,
    /// measurements by (series id, run id), then baselines by name.
    public enum Row: Sendable, Hashable {
        case series(SeriesRow), run(RunRow), measurement(MeasurementRow), baseline(BaselineRow)
    }

    /// Row counts per table and one SHA-256 over every row in key order (floats by bit pattern).
    public struct Digest: Sendable, Equatable, CustomStringConvertible {
        public var series = 0, runs = 0, measurements = 0, baselines = 0, triage = 0
        public var sha256 = ""
        public var description: String {
            "\(runs) runs, \(series) series, \(measurements) measurements, \(baselines) baselines, \(triage) triage records, sha256 \(sha256)"
        }
    }

    /// The digest of `store`'s rows.
    /// - Complexity: O(rows) time, O(1) memory beyond one row.
    public static func digest(of store: any HistoryStoring) throws -> Digest {
        var d = Digest()
        var h = SHA256Hasher()
        func text(_ s: String?) {
            if let s { h.update(s); h.update(CollectionOfOne(0)) } else { h.update(CollectionOfOne(1)) }
        }
        func int(_ x: Int64?) {
            if let x { h.update(CollectionOfOne(2)); withUnsafeBytes(of: x.littleEndian) { h.update(buffer: $0) } } else { h.update(CollectionOfOne(3)) }
        }
        h.update("sextant-store-rows-v1\n")
        try store.readRows { row in
            switch row {
            case let .series(s):
                d.series += 1
                h.update("S"); int(s.id); text(s.benchmark); text(s.metric); text(s.unit); text(s.direction)
            case let .run(r):
                d.runs += 1
                h.update("R"); int(r.id); text(r.commit); text(r.branch); h.update(r.timestamp); text(r.machine); text(r.toolchain)
                text(r.source); text(r.format); text(r.contentHash); int(r.measurementCount); h.update(r.ingestedAt)
            case let .measurement(m):
                d.measurements += 1
                h.update("M"); int(m.seriesID); int(m.runID); h.update(m.value); int(m.iterations)
                if let s = m.samples { int(Int64(s.count)); h.update(s) } else { int(nil) }
            case let .baseline(b):
                d.baselines += 1
                h.update("B"); text(b.name); int(b.runID); text(b.branch); text(b.machine); int(b.window); h.update(b.updatedAt)
            }
        }
        // The triage table (issue 19), tombstones included, in its canonical text.
        for t in try store.triageRecords(includeRemoved: true) {
            d.triage += 1
            h.update("T"); text(TriageArchive.encode(t))
        }
        d.sha256 = h.finalize()
        return d
    }

    /// Copies every row of `source` into `target` (which must hold no run) in one transaction of
    /// the target (the triage records in a second one), then compares both stores' digests; a difference is an error and names both.
    /// - Returns: the digest both stores share.
    /// - Complexity: O(rows) time; the rows stream through without being collected.
    public static func copy(from source: any HistoryStoring, to target: any HistoryStoring) throws -> Digest {
        if source === target || source.path == target.path {
            throw HistoryError.store(message: "\(source.path): a store cannot be copied onto itself")
        }
        try target.writeRows { sink in try source.readRows(sink) }
        // Triage records (tombstones too) after the rows, in one more transaction of the target.
        let triage = try source.triageRecords(includeRemoved: true)
        if !triage.isEmpty { try target.writeTriage(triage) }
        let a = try digest(of: source), b = try digest(of: target)
        guard a == b else {
            throw HistoryError.store(message: "\(target.path): the copy differs from \(source.path): \(b) against \(a)")
        }
        return a
    }

    /// The error of a copy into a store that already holds runs.
    public static func targetNotEmpty(_ path: String, runs: Int) -> HistoryError {
        HistoryError.store(message: "\(path) already holds \(runs) run(s); copy into an empty store")
    }
}
